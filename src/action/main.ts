/**
 * The GitHub Action (action.yml, `using: node24`): turns the action's inputs into one `xpost publish`
 * run, in this process, from the bundle committed beside action.yml. Nothing is installed or built
 * at run time, the caller's Node setup is left alone, and no shell is needed (Windows runners too).
 */
import { appendFileSync } from 'node:fs';
import { main } from '../cli/main.js';
import { publishArguments, type Env } from './inputs.js';

async function runAction(env: Env = process.env): Promise<number> {
  let args: string[];
  try {
    args = publishArguments(env);
  } catch (error) {
    process.stdout.write(`::error::xpost action: ${(error as Error).message}\n`);
    return 2;
  }
  const exitCode = await main(['node', 'xpost', ...args]);
  const output = env['GITHUB_OUTPUT'];
  if (output) appendFileSync(output, `exit-code=${exitCode}\n`);
  if (exitCode !== 0) process.stdout.write(`::error::xpost publish exited with ${exitCode}\n`);
  return exitCode;
}

process.exitCode = await runAction();

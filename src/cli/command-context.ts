import { secretValues } from '../core/credentials.js';
import { EXIT_CODES, InputProblems, toXpostError } from '../errors/xpost-error.js';
import { createRedactor, type Redactor } from '../http/redact.js';
import { allAdapters } from '../platforms/registry.js';
import type { Env } from '../platforms/types.js';
import { loadEnvironment } from './env.js';
import { Reporter } from './reporter.js';
import type { Terminal } from './terminal.js';

export interface CommandContext {
  env: Env;
  redact: Redactor;
  reporter: Reporter;
}

/**
 * Runs one command with the environment (.env included) loaded, every secret masked on the way out,
 * and every failure turned into its documented exit code: the one place commands end.
 */
export async function runCommand(
  terminal: Terminal,
  cwd: string,
  flags: { json: boolean; debug?: boolean; sendsRequests?: boolean },
  body: (context: CommandContext) => Promise<number>,
): Promise<number> {
  let redact = createRedactor(secretValues(allAdapters(), terminal.env));
  let reporter = new Reporter(terminal, { json: flags.json, redact, debug: flags.debug });
  try {
    const env = loadEnvironment(cwd, terminal.env);
    redact = createRedactor(secretValues(allAdapters(), env));
    reporter = new Reporter(terminal, { json: flags.json, redact, debug: flags.debug });
    return await body({ env, redact, reporter });
  } catch (error) {
    const nothingSent = flags.sendsRequests ?? false;
    if (error instanceof InputProblems) {
      reporter.problems(error.problems, nothingSent);
      return EXIT_CODES.badInput;
    }
    const failure = toXpostError(error);
    reporter.problems([failure], nothingSent && failure.kind === 'input');
    if (flags.debug && failure.code === 'INTERNAL' && error instanceof Error && error.stack) {
      terminal.stderr.write(`${redact(error.stack)}\n`);
    }
    if (failure.code === 'STATE_LOCKED') return EXIT_CODES.locked;
    return failure.kind === 'input' ? EXIT_CODES.badInput : failure.kind === 'internal' ? EXIT_CODES.internal : EXIT_CODES.platformFailed;
  }
}

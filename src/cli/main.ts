import { EXIT_CODES } from '../errors/xpost-error.js';
import { processTerminal } from './process-terminal.js';
import type { ExitSlot } from './program.js';
import { quickAnswer } from './quick-answer.js';
import type { Terminal } from './terminal.js';

/** The whole CLI as a function of argv: returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[], terminal: Terminal = processTerminal(), cwd: string = process.cwd()): Promise<number> {
  // `xpost --version` is run often by scripts, `--help` by people: answer them before loading commander and the command tree.
  const answer = quickAnswer(argv.slice(2), process.stdout);
  if (answer !== undefined) {
    terminal.stdout.write(answer);
    return EXIT_CODES.ok;
  }
  const { buildProgram, CommanderError } = await import('./program.js');
  const exit: ExitSlot = { code: EXIT_CODES.ok };
  const program = buildProgram(terminal, cwd, exit);
  try {
    await program.parseAsync(argv);
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.badInput;
    }
    // Nothing escapes unmasked, not even a bug's message: mask it with the credentials the process holds.
    const [{ createRedactor }, { secretValues }, { allAdapters }] = await Promise.all([import('../http/redact.js'), import('../core/credentials.js'), import('../platforms/registry.js')]);
    const redact = createRedactor(secretValues(allAdapters(), terminal.env));
    terminal.stderr.write(redact(`xpost: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`));
    return EXIT_CODES.internal;
  }
}

/**
 * Build step: commander's own help output for every command, rendered at build time, so that
 * `xpost --help` and `xpost <command> --help` print it without loading commander or the platform
 * registry (src/cli/quick-answer.ts). Each text carries the help widths it is exact for.
 */
import { Writable } from 'node:stream';
import { CommanderError, type Command } from 'commander';
import { buildProgram } from '../src/cli/program.js';
import type { PrerenderedHelp } from '../src/cli/quick-answer.js';

/** Past the longest line of the widest text nothing wraps any more: every wider terminal gets that text. */
const WIDE = 1_000_000;

/** What `xpost <command...> --help` prints at this help width (a terminal's columns; 80 when stdout is not a terminal). */
export function renderHelp(command: readonly string[], width: number): string {
  let text = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  const program = buildProgram({ stdout: sink, stderr: sink, env: {} }, process.cwd(), { code: 0 });
  // Subcommands copy the output settings when they are created, so each one is told the width.
  for (const each of commandTree(program)) each.configureOutput({ getOutHelpWidth: () => width, getOutHasColors: () => false });
  try {
    program.parse(['node', 'xpost', ...command, '--help']);
  } catch (error) {
    if (!(error instanceof CommanderError) || error.exitCode !== 0) throw error;
  }
  return text;
}

/** Every command path of the program: [] for xpost itself, ['publish'], ..., ['state', 'mark']. */
export function commandPaths(): string[][] {
  const program = buildProgram({ stdout: process.stdout, stderr: process.stderr, env: {} }, process.cwd(), { code: 0 });
  const paths: string[][] = [];
  const walk = (command: Command, path: string[]): void => {
    paths.push(path);
    for (const sub of command.commands) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return paths;
}

/**
 * For each command, the text a pipe gets (width 80) and the text a wide terminal gets, each with
 * every width from 0 up to past the longest line at which commander prints exactly that text.
 * Narrower terminals that wrap differently get neither: commander renders those at run time.
 */
export function prerenderHelp(): PrerenderedHelp[] {
  const helps: PrerenderedHelp[] = [];
  for (const command of commandPaths()) {
    const piped = renderHelp(command, 80);
    const wide = renderHelp(command, WIDE);
    const longestLine = Math.max(...wide.split('\n').map((line) => line.length));
    const variants = [piped, ...(wide === piped ? [] : [wide])].map((text) => ({ command, text, widths: [] as Array<[number, number | null]> }));
    for (let width = 0; width <= longestLine + 1; width += 1) {
      const text = width > longestLine ? wide : renderHelp(command, width);
      const variant = variants.find((candidate) => candidate.text === text);
      if (!variant) continue;
      const last = variant.widths.at(-1);
      if (last && last[1] === width - 1) last[1] = width;
      else variant.widths.push([width, width]);
    }
    for (const variant of variants) {
      const last = variant.widths.at(-1);
      if (variant.text === wide && last && last[1] === longestLine + 1) last[1] = null;
    }
    helps.push(...variants.filter((variant) => variant.widths.length > 0));
  }
  return helps;
}

/** The source of a module exporting PRERENDERED_HELP, as src/cli/help-text.ts declares it. */
export function prerenderedHelpModule(): string {
  return `export const PRERENDERED_HELP = ${JSON.stringify(prerenderHelp())};\n`;
}

function commandTree(root: Command): Command[] {
  return [root, ...root.commands.flatMap(commandTree)];
}

import { VERSION } from '../version.js';
import { PRERENDERED_HELP } from './help-text.js';

/** One command's help as commander prints it, rendered at build time (build/help-text.ts). */
export interface PrerenderedHelp {
  /** The command path: [] for xpost itself, ['publish'], ['state', 'mark']. */
  command: string[];
  /** The help widths this text is commander's exact output for, as inclusive ranges; null: no upper end. */
  widths: Array<[number, number | null]>;
  text: string;
}

/**
 * What `--version`, `--help` and `<command> --help` print, known without loading commander: the
 * version, and the help texts rendered at build time. Undefined for anything else, and for a help
 * width the text was not rendered for, so that commander answers exactly as it always did.
 */
export function quickAnswer(args: readonly string[], stdout: { isTTY?: boolean; columns?: number }, helps: readonly PrerenderedHelp[] | undefined = PRERENDERED_HELP): string | undefined {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) return `${VERSION}\n`;
  const flag = args.at(-1);
  if (!helps || (flag !== '--help' && flag !== '-h')) return undefined;
  // commander's own choice of width: the terminal's, or 80 when stdout is not a terminal.
  const width = (stdout.isTTY ? stdout.columns : undefined) ?? 80;
  const command = args.slice(0, -1);
  const help = helps.find(
    (candidate) =>
      candidate.command.length === command.length &&
      candidate.command.every((name, index) => name === command[index]) &&
      candidate.widths.some(([min, max]) => width >= min && (max === null || width <= max)),
  );
  return help?.text;
}

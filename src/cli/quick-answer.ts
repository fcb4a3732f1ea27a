import { VERSION } from '../version.js';

/** What `--version` prints, known without loading commander; undefined for anything else. */
export function quickAnswer(args: readonly string[]): string | undefined {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) return `${VERSION}\n`;
  return undefined;
}

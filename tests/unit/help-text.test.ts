import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prerenderHelp } from '../../build/help-text.js';
import { main } from '../../src/cli/main.js';
import { quickAnswer, type PrerenderedHelp } from '../../src/cli/quick-answer.js';
import { VERSION } from '../../src/version.js';
import { fakeTerminal } from '../helpers/fake-terminal.js';

const argv = (...args: string[]) => ['node', 'xpost', ...args];

let helps: PrerenderedHelp[];
const stdoutShape = { isTTY: Object.getOwnPropertyDescriptor(process.stdout, 'isTTY'), columns: Object.getOwnPropertyDescriptor(process.stdout, 'columns') };

beforeAll(() => {
  helps = prerenderHelp();
}, 60_000);

afterEach(() => {
  for (const [name, descriptor] of Object.entries(stdoutShape)) {
    if (descriptor) Object.defineProperty(process.stdout, name, descriptor);
    else delete (process.stdout as unknown as Record<string, unknown>)[name];
  }
});

/** process.stdout as commander sees it: a terminal this wide, or (width undefined) a pipe. */
function stdoutOf(width: number | undefined): void {
  Object.defineProperty(process.stdout, 'isTTY', { value: width !== undefined, configurable: true, writable: true });
  Object.defineProperty(process.stdout, 'columns', { value: width, configurable: true, writable: true });
}

/** What commander prints for `xpost <command...> <flag>` when the help was not rendered at build time (running from source). */
async function commanderHelp(command: string[], flag: string, width: number | undefined): Promise<string> {
  stdoutOf(width);
  const terminal = fakeTerminal();
  expect(await main(argv(...command, flag), terminal)).toBe(0);
  return terminal.out();
}

/** A few widths of each range: its ends, one inside, and past the start of an open-ended one. */
function sampleWidths(help: PrerenderedHelp): number[] {
  return help.widths.flatMap(([min, max]) => (max === null ? [min, min + 1, min + 300] : [...new Set([min, Math.floor((min + max) / 2), max])]));
}

describe('help texts rendered at build time', () => {
  it('cover every command, for a pipe (width 80) and a wide terminal, and hold no colour codes', () => {
    const commands = new Set(helps.map((help) => help.command.join(' ')));
    expect([...commands].sort()).toEqual(['', 'init', 'preview', 'publish', 'render', 'state', 'state forget', 'state mark', 'status', 'sync'].sort());
    for (const command of commands) {
      const ofCommand = helps.filter((help) => help.command.join(' ') === command);
      expect(quickAnswer([...(command ? command.split(' ') : []), '--help'], {}, helps), command).toBeDefined();
      expect(quickAnswer([...(command ? command.split(' ') : []), '--help'], { isTTY: true, columns: 10_000 }, helps), command).toBeDefined();
      for (const help of ofCommand) expect(help.text).not.toMatch(/\u001b/);
    }
  });

  it('are byte for byte what commander prints, with --help and -h, at every width they are used for', async () => {
    for (const help of helps) {
      for (const width of sampleWidths(help)) {
        for (const flag of ['--help', '-h']) {
          const args = [...help.command, flag];
          expect(quickAnswer(args, { isTTY: true, columns: width }, helps), `${args.join(' ')} at ${width}`).toBe(help.text);
          expect(await commanderHelp(help.command, flag, width), `${args.join(' ')} at ${width}`).toBe(help.text);
        }
      }
      if (help.widths.some(([min, max]) => min <= 80 && (max === null || max >= 80))) {
        expect(quickAnswer([...help.command, '--help'], {}, helps)).toBe(help.text);
        expect(await commanderHelp(help.command, '--help', undefined)).toBe(help.text);
      }
    }
  });

  it('leave commander to answer at widths they were not rendered for, and for any other arguments', async () => {
    const root = helps.filter((help) => help.command.length === 0);
    const uncovered = [100, 120].filter((width) => !root.some((help) => help.widths.some(([min, max]) => width >= min && (max === null || width <= max))));
    expect(uncovered.length).toBeGreaterThan(0);
    for (const width of uncovered) {
      expect(quickAnswer(['--help'], { isTTY: true, columns: width }, helps)).toBeUndefined();
      expect(await commanderHelp([], '--help', width)).toMatch(/^Usage: xpost \[options\] \[command\]/);
    }
    for (const args of [['publish', 'post.md', '--help'], ['--help', '--json'], ['help'], ['help', 'publish'], ['nope', '--help'], ['--version', '--help'], []]) {
      expect(quickAnswer(args, {}, helps), args.join(' ')).toBeUndefined();
    }
  });

  it('--version and -v are answered with or without the texts', () => {
    for (const flag of ['--version', '-v']) {
      expect(quickAnswer([flag], {}, helps)).toBe(`${VERSION}\n`);
      expect(quickAnswer([flag], {}, undefined)).toBe(`${VERSION}\n`);
    }
    expect(quickAnswer(['--help'], {}, undefined)).toBeUndefined();
  });
});

import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlatforms } from '../../src/cli/commands/publish.js';
import { main } from '../../src/cli/main.js';
import { isCi, useColor, useSpinner } from '../../src/cli/terminal.js';
import { VERSION } from '../../src/version.js';
import { fakeTerminal } from '../helpers/fake-terminal.js';

const argv = (...args: string[]) => ['node', 'xpost', ...args];

describe('xpost CLI', () => {
  it('prints help with examples and exit codes, exit 0', async () => {
    const terminal = fakeTerminal();
    expect(await main(argv('--help'), terminal)).toBe(0);
    expect(terminal.out()).toContain('Examples:');
    expect(terminal.out()).toContain('Exit codes:');
  });

  it('prints publish help with examples', async () => {
    const terminal = fakeTerminal();
    expect(await main(argv('publish', '--help'), terminal)).toBe(0);
    expect(terminal.out()).toContain('--dry-run');
    expect(terminal.out()).toContain('xpost publish examples/hello-xpost.md --to devto --dry-run');
  });

  it('prints the version', async () => {
    const terminal = fakeTerminal();
    expect(await main(argv('--version'), terminal)).toBe(0);
    expect(terminal.out().trim()).toBe(VERSION);
  });

  it('exits 2 on an unknown option or command', async () => {
    expect(await main(argv('publish', 'x.md', '--nope'), fakeTerminal())).toBe(2);
    expect(await main(argv('frobnicate'), fakeTerminal())).toBe(2);
  });

  it('exits 2 on an unknown platform, listing the valid ones', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'xpost-cli-'));
    const terminal = fakeTerminal();
    expect(await main(argv('publish', 'x.md', '--to', 'devto,myspace'), terminal, cwd)).toBe(2);
    expect(terminal.err()).toContain('unknown platform "myspace"');
    expect(terminal.err()).toContain('devto, hashnode, medium, linkedin');
  });
});

describe('parsePlatforms', () => {
  it('reads a comma list and de-duplicates; all and no --to are resolved later against the config', () => {
    expect(parsePlatforms('devto, DEVTO')).toEqual(['devto']);
    expect(parsePlatforms('all')).toBe('all');
    expect(parsePlatforms(undefined)).toBeUndefined();
    expect(() => parsePlatforms(' , ')).toThrow(/--to needs at least one platform/);
  });
});

describe('terminal decisions', () => {
  it('uses colour and spinners only on a TTY outside CI and without NO_COLOR', () => {
    const tty = { isTTY: true };
    expect(useColor(tty, {})).toBe(true);
    expect(useColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(tty, { CI: 'true' })).toBe(false);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useSpinner(tty, { GITHUB_ACTIONS: 'true' })).toBe(false);
    expect(isCi({ CI: 'false' })).toBe(false);
  });
});

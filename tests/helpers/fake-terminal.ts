import { Writable } from 'node:stream';
import type { Terminal } from '../../src/cli/terminal.js';

/** A terminal that records what the CLI writes, for calling main() in-process. */
export function fakeTerminal(env: Record<string, string> = {}): Terminal & { out: () => string; err: () => string } {
  const chunks = { out: [] as string[], err: [] as string[] };
  const sink = (into: string[]) =>
    new Writable({
      write(chunk, _encoding, done) {
        into.push(String(chunk));
        done();
      },
    });
  return {
    stdout: sink(chunks.out),
    stderr: sink(chunks.err),
    env: { NO_COLOR: '1', ...env },
    out: () => chunks.out.join(''),
    err: () => chunks.err.join(''),
  };
}

import { EXIT_CODES } from '../errors/xpost-error.js';
import type { Terminal } from './terminal.js';

/** The real stdout, stderr and environment, with a closed pipe on the reading end taken as the reader's choice. */
export function processTerminal(): Terminal {
  // `xpost status | head` closes the pipe early: that is the reader's choice, not an error to report.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_CODES.ok);
      throw error;
    });
  }
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

import { Chalk, type ChalkInstance } from 'chalk';
import type { Env } from '../platforms/types.js';

/** What the process is attached to; passed in so tests can drive the CLI without a real terminal. */
export interface Terminal {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: Env;
}

export function isCi(env: Env): boolean {
  return Boolean(env['CI'] && env['CI'] !== 'false' && env['CI'] !== '0') || env['GITHUB_ACTIONS'] === 'true';
}

/** Colour only for a person at a terminal: never in CI, never with NO_COLOR, never when piped. */
export function useColor(stream: { isTTY?: boolean }, env: Env): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return Boolean(stream.isTTY) && !isCi(env) && env['TERM'] !== 'dumb';
}

/**
 * Spinners redraw lines: only on an interactive terminal outside CI. A terminal that reports a width
 * of 0 (`script`, `docker run -t` without a size) would make ora clear endless lines.
 */
export function useSpinner(stream: { isTTY?: boolean; columns?: number }, env: Env): boolean {
  return Boolean(stream.isTTY) && !isCi(env) && env['TERM'] !== 'dumb' && stream.columns !== 0;
}

export function paint(stream: { isTTY?: boolean }, env: Env): ChalkInstance {
  return new Chalk({ level: useColor(stream, env) ? 1 : 0 });
}

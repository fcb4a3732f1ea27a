import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { XpostError } from '../errors/xpost-error.js';

export interface LockOptions {
  /** How long to wait for another run to finish before giving up. */
  waitMs: number;
  /** A lock not refreshed for this long belongs to a killed run and is taken over. */
  staleMs: number;
}

export const DEFAULT_LOCK_OPTIONS: LockOptions = { waitMs: 60_000, staleMs: 20_000 };

/**
 * Holds `<state>.lock` while a run publishes, so two xpost processes on one state file never both
 * publish. proper-lockfile refreshes the lock while we hold it; a killed run stops refreshing and
 * its lock goes stale. Returns the release function.
 */
export async function lockStateFile(stateFile: string, options: LockOptions = DEFAULT_LOCK_OPTIONS): Promise<() => Promise<void>> {
  try {
    await mkdir(path.dirname(path.resolve(stateFile)), { recursive: true });
  } catch (error) {
    throw new XpostError('STATE_INVALID', `the state file ${stateFile} cannot be created (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      file: stateFile,
      hint: 'Pass a path in a writable folder with --state.',
    });
  }
  const retryEveryMs = 250;
  // Loaded here: dry-runs, previews and status never lock.
  const { default: lockfile } = await import('proper-lockfile');
  try {
    return await lockfile.lock(stateFile, {
      realpath: false,
      lockfilePath: `${stateFile}.lock`,
      stale: Math.max(options.staleMs, 2_000),
      update: Math.max(1_000, Math.floor(Math.max(options.staleMs, 2_000) / 2)),
      retries: { retries: Math.ceil(options.waitMs / retryEveryMs), factor: 1, minTimeout: retryEveryMs, maxTimeout: retryEveryMs },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOCKED') {
      throw new XpostError('STATE_LOCKED', `another xpost run is publishing with ${stateFile}; waited ${(options.waitMs / 1000).toFixed(options.waitMs < 10_000 ? 1 : 0)} s for it`, {
        file: stateFile,
        hint: `Let that run finish, then run again. A lock left by a killed run (${stateFile}.lock) is taken over after ${Math.round(options.staleMs / 1000)} s.`,
      });
    }
    throw new XpostError('STATE_INVALID', `the state file ${stateFile} cannot be locked (${code ?? 'error'})`, {
      file: stateFile,
      hint: 'Check that its folder is writable, or pass another path with --state.',
    });
  }
}

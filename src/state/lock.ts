import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { XpostError } from '../errors/xpost-error.js';

export interface LockOptions {
  /** How long to wait for another run to finish before giving up. */
  waitMs: number;
  /** A lock whose owner cannot be checked (another machine, an older xpost) counts as abandoned after this long without a refresh. */
  staleMs: number;
}

export const DEFAULT_LOCK_OPTIONS: LockOptions = { waitMs: 60_000, staleMs: 20_000 };

/** Who holds the lock: enough to tell, on the same machine, whether that process is still running. */
interface LockOwner {
  pid: number;
  host: string;
  /** The kernel's start time of the process (Linux), so a reused pid is not taken for the owner. */
  processStart: string | undefined;
  startedAt: string;
  token: string;
}

export type ReleaseLock = () => Promise<void>;

const RETRY_EVERY_MS = 200;

/** Tokens of the locks this process holds: a lock naming our own pid is live only if it is one of them. */
const heldTokens = new Set<string>();

/**
 * Holds `<state>.lock` while a run writes the state, so two xpost processes on one state file never
 * both publish. The lock is a file created atomically (link(2) fails if it exists) that names its
 * owner; a waiting run takes it over only when that owner is dead: on this machine when its process
 * is gone, from elsewhere when it has not been refreshed for `staleMs`. Liveness never depends on
 * this process's event loop, so a run that renders for minutes keeps its lock.
 */
export async function lockStateFile(stateFile: string, options: LockOptions = DEFAULT_LOCK_OPTIONS, now: () => number = Date.now): Promise<ReleaseLock> {
  const lockFile = `${stateFile}.lock`;
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), processStart: processStartOf(process.pid), startedAt: new Date(now()).toISOString(), token: randomBytes(8).toString('hex') };
  const draft = `${lockFile}.${owner.token}`;
  try {
    await mkdir(path.dirname(path.resolve(stateFile)), { recursive: true });
    await writeFile(draft, `${JSON.stringify(owner)}\n`, { flag: 'wx' });
  } catch (error) {
    throw unwritable(stateFile, error);
  }
  try {
    const deadline = now() + options.waitMs;
    for (;;) {
      if (await tryLink(draft, lockFile, stateFile)) break;
      const holder = await inspect(lockFile, options.staleMs, now);
      if (holder.kind === 'dead') {
        await takeOver(lockFile, holder.token);
        continue;
      }
      if (holder.kind === 'gone') continue;
      if (now() >= deadline) throw lockedError(stateFile, lockFile, options, holder.owner);
      await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
    }
  } finally {
    await unlink(draft).catch(() => undefined);
  }
  heldTokens.add(owner.token);
  // Refreshes the lock's time for runs on other machines, which cannot check our process; unref: it never keeps xpost alive.
  const refresh = setInterval(() => {
    const at = new Date(now());
    utimes(lockFile, at, at).catch(() => undefined);
  }, Math.max(1_000, Math.floor(options.staleMs / 3)));
  refresh.unref();
  return async () => {
    clearInterval(refresh);
    heldTokens.delete(owner.token);
    const current = await readOwner(lockFile);
    if (current?.token === owner.token) await unlink(lockFile).catch(() => undefined);
  };
}

/** File systems without hard links (some network and FAT volumes) answer these; an exclusive create does the job there. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

async function tryLink(draft: string, lockFile: string, stateFile: string): Promise<boolean> {
  try {
    await link(draft, lockFile);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(code)) throw unwritable(stateFile, error);
  }
  try {
    // For an instant the file is empty: a reader then sees an owner it cannot read and waits, which is safe.
    await writeFile(lockFile, await readFile(draft, 'utf8'), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw unwritable(stateFile, error);
  }
}

type Holder = { kind: 'live'; owner: LockOwner | undefined } | { kind: 'dead'; token: string | undefined } | { kind: 'gone' };

async function inspect(lockFile: string, staleMs: number, now: () => number): Promise<Holder> {
  let info;
  try {
    info = await stat(lockFile);
  } catch {
    return { kind: 'gone' };
  }
  const owner = info.isFile() ? await readOwner(lockFile) : undefined;
  if (owner && owner.host === os.hostname()) return isAlive(owner) ? { kind: 'live', owner } : { kind: 'dead', token: owner.token };
  // Another machine's run, or a lock whose owner is not written down (an older xpost's lock folder): only its age tells.
  return now() - info.mtimeMs > staleMs ? { kind: 'dead', token: owner?.token } : { kind: 'live', owner };
}

/**
 * Moves the dead owner's lock aside and checks it is the one that was judged dead: if another
 * waiter took it over in between, its live lock is put back.
 */
async function takeOver(lockFile: string, deadToken: string | undefined): Promise<void> {
  const aside = `${lockFile}.${randomBytes(8).toString('hex')}`;
  try {
    await rename(lockFile, aside);
  } catch {
    return;
  }
  const moved = await readOwner(aside);
  if (moved && moved.token !== deadToken) {
    await link(aside, lockFile).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    return;
  }
  // An older xpost's lock is a folder.
  await rm(aside, { recursive: true, force: true }).catch(() => undefined);
}

/** Removes the lock's working copies (`<state>.lock.<token>`) that runs killed while waiting left behind. */
export async function removeDeadDrafts(stateFile: string): Promise<void> {
  const dir = path.dirname(path.resolve(stateFile));
  const prefix = `${path.basename(stateFile)}.lock.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^[0-9a-f]+$/.test(name.slice(prefix.length))) continue;
    const file = path.join(dir, name);
    const owner = await readOwner(file);
    // A copy without an owner yet may be one a live run is writing this instant: only an old one is removed.
    const abandoned = owner ? owner.host === os.hostname() && !isAlive(owner) : await isOlderThan(file, 60_000);
    if (abandoned) await rm(file, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function isOlderThan(file: string, ms: number): Promise<boolean> {
  return stat(file).then((info) => Date.now() - info.mtimeMs > ms, () => false);
}

async function readOwner(lockFile: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(lockFile, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string' || typeof parsed.token !== 'string') return undefined;
    return { pid: parsed.pid, host: parsed.host, processStart: parsed.processStart, startedAt: String(parsed.startedAt), token: parsed.token };
  } catch {
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  // A killed run's pid may have been given to this very process.
  if (owner.pid === process.pid) return heldTokens.has(owner.token);
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStartOf(owner.pid);
  return owner.processStart === undefined || start === undefined || start === owner.processStart;
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot (Linux only). */
function processStartOf(pid: number): string | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function lockedError(stateFile: string, lockFile: string, options: LockOptions, owner: LockOwner | undefined): XpostError {
  const waited = (options.waitMs / 1000).toFixed(options.waitMs < 10_000 ? 1 : 0);
  const who = owner ? ` (process ${owner.pid} on ${owner.host}, since ${owner.startedAt})` : '';
  return new XpostError('STATE_LOCKED', `another xpost run is publishing with ${stateFile}${who}; waited ${waited} s for it`, {
    file: stateFile,
    hint: `Let that run finish, then run again. A lock left by a run that died (${lockFile}) is taken over as soon as its process is gone.`,
  });
}

function unwritable(stateFile: string, error: unknown): XpostError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new XpostError('STATE_INVALID', `the state file ${stateFile} cannot be locked: its folder is not writable (${code})`, {
    file: stateFile,
    hint: 'Check that its folder is writable, or pass another path with --state.',
  });
}

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, link, mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lockStateFile, removeDeadDrafts } from '../../src/state/lock.js';

// link stays the real one; a test makes it fail the way file systems without hard links do.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, link: vi.fn(actual.link) };
});

afterEach(() => {
  vi.mocked(link).mockReset();
  vi.restoreAllMocks();
});

let statePath: string;

beforeEach(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xpost-lock-'));
  statePath = path.join(dir, '.xpost', 'state.json');
});

const FAST = { waitMs: 300, staleMs: 1_000 };

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

/** A process that is alive until the test kills it. */
function livePid() {
  return spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
}

/** Field 22 of /proc/<pid>/stat, read independently of the code under test. */
function processStart(pid: number): string {
  const afterName = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1) ?? '';
  return afterName.split(' ')[19] ?? '';
}

async function writeLock(owner: Record<string, unknown>): Promise<void> {
  await mkdir(path.dirname(statePath), { recursive: true });
  await writeFile(`${statePath}.lock`, JSON.stringify(owner));
}

/** A process that is certainly gone: one that already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('lockStateFile', () => {
  it('writes who holds it and removes it on release', async () => {
    const release = await lockStateFile(statePath, FAST);
    const owner = JSON.parse(await readFile(`${statePath}.lock`, 'utf8')) as { pid: number; host: string };
    expect(owner).toMatchObject({ pid: process.pid, host: os.hostname() });
    await release();
    expect(await exists(`${statePath}.lock`)).toBe(false);
  });

  it('never takes over a live run\'s lock, however old: it waits, then fails with STATE_LOCKED', async () => {
    await mkdir(path.dirname(statePath), { recursive: true });
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    try {
      await writeFile(`${statePath}.lock`, JSON.stringify({ pid: live.pid, host: os.hostname(), startedAt: 'then', token: 'abc' }));
      const anHourAgo = new Date(Date.now() - 3_600_000);
      await utimes(`${statePath}.lock`, anHourAgo, anHourAgo);
      const started = Date.now();
      await expect(lockStateFile(statePath, FAST)).rejects.toMatchObject({ code: 'STATE_LOCKED', message: expect.stringContaining(`process ${live.pid}`) });
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    } finally {
      live.kill();
    }
  });

  it('takes over the lock of a process that is gone, at once', async () => {
    await mkdir(path.dirname(statePath), { recursive: true });
    await writeFile(`${statePath}.lock`, JSON.stringify({ pid: await deadPid(), host: os.hostname(), startedAt: 'then', token: 'dead' }));
    const release = await lockStateFile(statePath, { waitMs: 0, staleMs: 60_000 });
    expect(JSON.parse(await readFile(`${statePath}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    await release();
  });

  it('judges a lock from another machine (or an older xpost\'s lock folder) by its age', async () => {
    await mkdir(path.dirname(statePath), { recursive: true });
    await writeFile(`${statePath}.lock`, JSON.stringify({ pid: 1, host: 'another-machine', startedAt: 'then', token: 'far' }));
    await expect(lockStateFile(statePath, FAST)).rejects.toMatchObject({ code: 'STATE_LOCKED' });
    const old = new Date(Date.now() - 5_000);
    await utimes(`${statePath}.lock`, old, old);
    await (await lockStateFile(statePath, FAST))();
    await mkdir(`${statePath}.lock`);
    await expect(lockStateFile(statePath, FAST)).rejects.toMatchObject({ code: 'STATE_LOCKED' });
    await utimes(`${statePath}.lock`, old, old);
    await (await lockStateFile(statePath, FAST))();
  });

  it('two waiters for one dead lock: exactly one gets it', async () => {
    await mkdir(path.dirname(statePath), { recursive: true });
    await writeFile(`${statePath}.lock`, JSON.stringify({ pid: await deadPid(), host: os.hostname(), startedAt: 'then', token: 'dead' }));
    const outcomes = await Promise.allSettled([lockStateFile(statePath, FAST), lockStateFile(statePath, FAST)]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([expect.objectContaining({ reason: expect.objectContaining({ code: 'STATE_LOCKED' }) })]);
  });

  it.runIf(process.getuid?.() !== 0)('an unwritable folder is reported at once, not after the wait', async () => {
    await mkdir(path.dirname(statePath), { recursive: true });
    await chmod(path.dirname(statePath), 0o500);
    const started = Date.now();
    await expect(lockStateFile(statePath, { waitMs: 60_000, staleMs: 1_000 })).rejects.toMatchObject({ code: 'STATE_INVALID', message: expect.stringContaining('not writable') });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a folder that cannot exist (a file in the way) is reported at once', async () => {
    await mkdir(path.dirname(path.dirname(statePath)), { recursive: true });
    await writeFile(path.dirname(statePath), 'a file where the folder should be');
    const started = Date.now();
    await expect(lockStateFile(statePath, { waitMs: 60_000, staleMs: 1_000 })).rejects.toMatchObject({
      code: 'STATE_INVALID',
      message: `the state file ${statePath} cannot be locked: its folder is not writable (EEXIST)`,
      file: statePath,
      hint: 'Check that its folder is writable, or pass another path with --state.',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('names the run it waited for, and how long, in the STATE_LOCKED message', async () => {
    const frozen = () => Date.parse('2026-11-09T08:00:00.000Z');
    const release = await lockStateFile(statePath, FAST, frozen);
    try {
      const holder = `process ${process.pid} on ${os.hostname()}, since 2026-11-09T08:00:00.000Z`;
      await expect(lockStateFile(statePath, { waitMs: 0, staleMs: 1_000 }, frozen)).rejects.toMatchObject({
        code: 'STATE_LOCKED',
        message: `another xpost run is publishing with ${statePath} (${holder}); waited 0.0 s for it`,
        file: statePath,
        hint: `Let that run finish, then run again. A lock left by a run that died (${statePath}.lock) is taken over as soon as its process is gone.`,
      });
      let clock = 0;
      const jumping = () => (clock += 30_000);
      await expect(lockStateFile(statePath, { waitMs: 60_000, staleMs: 1_000 }, jumping)).rejects.toMatchObject({ message: expect.stringMatching(/; waited 60 s for it$/) });
      // Ten seconds and more are whole seconds; below, tenths.
      await expect(lockStateFile(statePath, { waitMs: 10_000, staleMs: 1_000 }, jumping)).rejects.toMatchObject({ message: expect.stringMatching(/; waited 10 s for it$/) });
      await expect(lockStateFile(statePath, { waitMs: 4_500, staleMs: 1_000 }, jumping)).rejects.toMatchObject({ message: expect.stringMatching(/; waited 4\.5 s for it$/) });
    } finally {
      await release();
    }
  });

  it('a lock whose owner cannot be read is judged by its age alone, and named as nobody in particular', async () => {
    const dead = await deadPid();
    const unreadable = [
      { pid: String(dead), host: os.hostname(), startedAt: 'then', token: 'pid-as-text' },
      { pid: dead, host: os.hostname(), startedAt: 'then' },
      { pid: dead, startedAt: 'then', token: 'no-host' },
    ];
    for (const owner of unreadable) {
      await writeLock(owner);
      await expect(lockStateFile(statePath, { waitMs: 0, staleMs: 60_000 }), JSON.stringify(owner)).rejects.toMatchObject({
        code: 'STATE_LOCKED',
        message: `another xpost run is publishing with ${statePath}; waited 0.0 s for it`,
      });
    }
  });

  it('a lock from another machine is stale only once older than staleMs, not at it', async () => {
    await writeLock({ pid: 1, host: 'another-machine', startedAt: 'then', token: 'far' });
    const modified = (await stat(`${statePath}.lock`)).mtimeMs;
    await expect(lockStateFile(statePath, { waitMs: 0, staleMs: 5_000 }, () => modified + 5_000)).rejects.toMatchObject({ code: 'STATE_LOCKED' });
    await (await lockStateFile(statePath, { waitMs: 0, staleMs: 5_000 }, () => modified + 5_001))();
  });

  it('a lock naming this very process under a token it does not hold is a killed run\'s (its pid was reused): taken over at once', async () => {
    await writeLock({ pid: process.pid, host: os.hostname(), startedAt: 'then', token: 'an-earlier-run' });
    const release = await lockStateFile(statePath, { waitMs: 0, staleMs: 60_000 });
    expect(JSON.parse(await readFile(`${statePath}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, token: expect.not.stringMatching(/^an-earlier-run$/) });
    await release();
  });

  it.runIf(process.platform === 'linux')('a live owner whose recorded start time matches its process keeps the lock', async () => {
    const live = livePid();
    try {
      await writeLock({ pid: live.pid, host: os.hostname(), processStart: processStart(live.pid!), startedAt: 'then', token: 'live' });
      await expect(lockStateFile(statePath, { waitMs: 0, staleMs: 60_000 })).rejects.toMatchObject({ code: 'STATE_LOCKED', message: expect.stringContaining(`process ${live.pid}`) });
    } finally {
      live.kill();
    }
  });

  it('a process of another user (EPERM when signalled) is alive: its lock is kept', async () => {
    await writeLock({ pid: 424242, host: os.hostname(), startedAt: 'then', token: 'other-user' });
    vi.spyOn(process, 'kill').mockImplementation(() => {
      throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
    });
    await expect(lockStateFile(statePath, { waitMs: 0, staleMs: 60_000 })).rejects.toMatchObject({ code: 'STATE_LOCKED', message: expect.stringContaining('process 424242') });
  });

  it('locks with an exclusive create where the file system has no hard links, and still keeps a second run out', async () => {
    vi.mocked(link).mockRejectedValue(Object.assign(new Error('operation not permitted'), { code: 'EPERM' }));
    const release = await lockStateFile(statePath, FAST);
    expect(JSON.parse(await readFile(`${statePath}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname() });
    await expect(lockStateFile(statePath, { waitMs: 0, staleMs: 60_000 })).rejects.toMatchObject({ code: 'STATE_LOCKED' });
    await release();
    expect(await exists(`${statePath}.lock`)).toBe(false);
  });

  it('a lock that cannot be linked for another reason is reported at once', async () => {
    vi.mocked(link).mockRejectedValue(Object.assign(new Error('i/o error'), { code: 'EIO' }));
    await expect(lockStateFile(statePath, { waitMs: 60_000, staleMs: 1_000 })).rejects.toMatchObject({ code: 'STATE_INVALID', message: expect.stringContaining('not writable (EIO)') });
  });

  it('a release after the lock file vanished does nothing', async () => {
    const release = await lockStateFile(statePath, FAST);
    await rm(`${statePath}.lock`);
    await expect(release()).resolves.toBeUndefined();
  });

  it('removes the working copies that dead waiters left, never a live one', async () => {
    await mkdir(path.dirname(statePath), { recursive: true });
    await writeFile(`${statePath}.lock.aaaa`, JSON.stringify({ pid: await deadPid(), host: os.hostname(), startedAt: 'then', token: 'aaaa' }));
    await writeFile(`${statePath}.lock.bbbb`, JSON.stringify({ pid: process.pid - 0, host: 'another-machine', startedAt: 'then', token: 'bbbb' }));
    await writeFile(`${statePath}.lock.cccc`, '');
    await removeDeadDrafts(statePath);
    expect(await exists(`${statePath}.lock.aaaa`)).toBe(false);
    expect(await exists(`${statePath}.lock.bbbb`)).toBe(true);
    expect(await exists(`${statePath}.lock.cccc`)).toBe(true);
  });

  it('a live process that only reuses the dead owner\'s pid does not keep the lock (Linux: the start time differs)', async () => {
    await mkdir(path.dirname(statePath), { recursive: true });
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    try {
      await writeFile(`${statePath}.lock`, JSON.stringify({ pid: live.pid, host: os.hostname(), processStart: '1', startedAt: 'then', token: 'reused' }));
      const outcome = lockStateFile(statePath, { waitMs: 200, staleMs: 60_000 });
      if (process.platform === 'linux') await (await outcome)();
      else await expect(outcome).rejects.toMatchObject({ code: 'STATE_LOCKED' });
    } finally {
      live.kill();
    }
  });

  it('release leaves a lock that is no longer its own', async () => {
    const release = await lockStateFile(statePath, FAST);
    const other = JSON.stringify({ pid: 1, host: 'another-machine', startedAt: 'now', token: 'other' });
    await writeFile(`${statePath}.lock`, other);
    await release();
    expect(await readFile(`${statePath}.lock`, 'utf8')).toBe(other);
  });

  it('keeps its lock fresh for runs on other machines', async () => {
    const release = await lockStateFile(statePath, { waitMs: 100, staleMs: 1_500 });
    const old = new Date(Date.now() - 60_000);
    await utimes(`${statePath}.lock`, old, old);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(Date.now() - (await stat(`${statePath}.lock`)).mtimeMs).toBeLessThan(2_000);
    await release();
  });

  it('takes over an abandoned older-xpost lock folder with files in it', async () => {
    await mkdir(`${statePath}.lock/inner`, { recursive: true });
    await writeFile(`${statePath}.lock/inner/file`, 'x');
    const old = new Date(Date.now() - 60_000);
    await utimes(`${statePath}.lock`, old, old);
    await (await lockStateFile(statePath, FAST))();
    expect(await exists(`${statePath}.lock`)).toBe(false);
    await expect((await import('node:fs/promises')).readdir(path.dirname(statePath))).resolves.toEqual([]);
  });

  it('removes an ownerless working copy only once it is old, and leaves other files alone', async () => {
    await mkdir(path.dirname(statePath), { recursive: true });
    await writeFile(`${statePath}.lock.dddd`, '');
    const old = new Date(Date.now() - 120_000);
    for (const name of ['notes', 'backup1']) {
      await writeFile(`${statePath}.lock.${name}`, '');
      await utimes(`${statePath}.lock.${name}`, old, old);
    }
    await utimes(`${statePath}.lock.dddd`, old, old);
    await removeDeadDrafts(statePath);
    expect(await exists(`${statePath}.lock.dddd`)).toBe(false);
    expect(await exists(`${statePath}.lock.notes`)).toBe(true);
    expect(await exists(`${statePath}.lock.backup1`)).toBe(true);
  });

  it('finds no working copies in a folder that does not exist yet', async () => {
    await expect(removeDeadDrafts(statePath)).resolves.toBeUndefined();
  });
});


/**
 * The start-up path of the built CLI: help and version texts made at build time, and the V8 code
 * cache, which must only ever cost speed: corrupt, foreign, rejected or unwritable caches, concurrent
 * runs and XPOST_NO_CACHE=1 all give exactly the output of a run without any cache.
 */
import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandPaths, renderHelp } from '../../build/help-text.js';
import { REPO_ROOT, runCli, type CliResult } from '../helpers/run-cli.js';
import { VERSION } from '../../src/version.js';

const DRY_RUN = ['publish', 'hello-xpost.md', '--to', 'all', '--dry-run'];

let work: string;
/** The dry-run's output with no cache at all: what every other run must print. */
let reference: CliResult;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'xpost-startup-'));
  await copyFile(path.join(REPO_ROOT, 'examples', 'hello-xpost.md'), path.join(work, 'hello-xpost.md'));
  reference = await runCli(DRY_RUN, { cwd: work, env: { XPOST_NO_CACHE: '1' } });
  expect(reference.code, reference.stderr).toBe(0);
}, 30_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A fresh cache home and the cache folder xpost will use inside it. */
async function cacheHome(): Promise<{ env: Record<string, string>; folder: string }> {
  const home = await mkdtemp(path.join(work, 'cache-'));
  return { env: { XDG_CACHE_HOME: home }, folder: path.join(home, 'xpost', 'code-cache') };
}

async function dryRun(env: Record<string, string>): Promise<CliResult> {
  const result = await runCli(DRY_RUN, { cwd: work, env });
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toBe(reference.stdout);
  expect(result.stderr).toBe(reference.stderr);
  return result;
}

async function cacheFiles(folder: string): Promise<string[]> {
  return (await readdir(folder).catch(() => [] as string[])).filter((name) => name !== 'node').sort();
}

async function onlyCacheFile(folder: string): Promise<string> {
  const files = await cacheFiles(folder);
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(new RegExp(`^${VERSION.replace(/\./g, '\\.')}-node${process.versions.node.replace(/\./g, '\\.')}-${process.arch}-[0-9a-f]{12}\\.bin$`));
  return path.join(folder, files[0]!);
}

/** The cache file's parts: xpost's magic line, its JSON header, then V8's cached data. */
async function readCache(file: string): Promise<{ magic: Buffer; header: Record<string, unknown>; data: Buffer }> {
  const bytes = await readFile(file);
  const magicEnd = bytes.indexOf(0x0a) + 1;
  const headerLength = bytes.readUInt32LE(magicEnd);
  return {
    magic: bytes.subarray(0, magicEnd),
    header: JSON.parse(bytes.subarray(magicEnd + 4, magicEnd + 4 + headerLength).toString('utf8')) as Record<string, unknown>,
    data: bytes.subarray(magicEnd + 4 + headerLength),
  };
}

async function writeCache(file: string, parts: { magic: Buffer; header: Record<string, unknown>; data: Buffer }): Promise<void> {
  const header = Buffer.from(JSON.stringify({ ...parts.header, length: parts.data.length, crc32: crc32(parts.data) }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  await writeFile(file, Buffer.concat([parts.magic, length, header, parts.data]), { mode: 0o600 });
}

/** Runs again and tells whether xpost rewrote the cache (it does only when it could not use it). */
async function rewrittenBy(file: string, env: Record<string, string>): Promise<boolean> {
  const before = (await stat(file)).mtimeMs;
  await new Promise((resolve) => setTimeout(resolve, 15));
  await dryRun(env);
  return (await stat(file)).mtimeMs !== before;
}

describe('help and version, answered from text made at build time', () => {
  it('prints exactly what commander prints, for every command, with --help and -h', async () => {
    for (const command of commandPaths()) {
      const expected = renderHelp(command, 80);
      for (const flag of ['--help', '-h']) {
        const result = await runCli([...command, flag], { cwd: work });
        expect(result.code, `${command.join(' ')} ${flag}`).toBe(0);
        expect(result.stdout, `${command.join(' ')} ${flag}`).toBe(expected);
        expect(result.stderr).toBe('');
      }
    }
  }, 60_000);

  it('prints the version', async () => {
    for (const flag of ['--version', '-v']) expect(await runCli([flag], { cwd: work })).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});

describe('the V8 code cache', () => {
  it('is written after the first successful run, in the user cache folder, and used as it is by the next', async () => {
    const { env, folder } = await cacheHome();
    await dryRun(env);
    const file = await onlyCacheFile(folder);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await rewrittenBy(file, env)).toBe(false);
  });

  it('is neither read nor written with XPOST_NO_CACHE=1', async () => {
    const { env, folder } = await cacheHome();
    await dryRun({ ...env, XPOST_NO_CACHE: '1' });
    expect(await cacheFiles(path.dirname(folder))).toEqual([]);
  });

  it('costs only speed when corrupt or cut short: the run is the same, the cache is written anew', async () => {
    const { env, folder } = await cacheHome();
    await dryRun(env);
    const file = await onlyCacheFile(folder);
    const good = await readFile(file);
    const corrupt = Buffer.from(good);
    for (let index = corrupt.length - 64; index < corrupt.length; index += 1) corrupt[index] = corrupt[index]! ^ 0x5a;
    for (const damaged of [corrupt, good.subarray(0, Math.floor(good.length / 2)), Buffer.from('garbage')]) {
      await writeFile(file, damaged, { mode: 0o600 });
      await dryRun(env);
      expect((await readFile(file)).equals(damaged)).toBe(false);
      expect(await rewrittenBy(file, env)).toBe(false);
    }
  });

  it('is rewritten when V8 rejects it, and when it was made for another version, Node or machine', async () => {
    const { env, folder } = await cacheHome();
    await dryRun(env);
    const file = await onlyCacheFile(folder);
    const parts = await readCache(file);

    // V8's own header no longer matches, while xpost's length and checksum do.
    const rejected = Buffer.from(parts.data);
    rejected.writeUInt32LE((rejected.readUInt32LE(0) ^ 0xffff) >>> 0, 0);
    await writeCache(file, { ...parts, data: rejected });
    await dryRun(env);
    expect((await readCache(file)).data.readUInt32LE(0)).toBe(parts.data.readUInt32LE(0));
    expect(await rewrittenBy(file, env)).toBe(false);

    await writeCache(file, { ...parts, header: { ...parts.header, key: `0.0.1-node18.0.0-${process.arch === 'x64' ? 'arm64' : 'x64'}` } });
    await dryRun(env);
    expect((await readCache(file)).header['key']).toBe(parts.header['key']);
  });

  it('never fails a run when it cannot be written', async () => {
    const blocked = path.join(work, 'a-file-not-a-folder');
    await writeFile(blocked, '');
    await dryRun({ XDG_CACHE_HOME: blocked });
    await dryRun({ XDG_CACHE_HOME: blocked });
  });

  it('is never seen half-written by concurrent runs, which all print the same', async () => {
    const { env, folder } = await cacheHome();
    const results = await Promise.all(Array.from({ length: 6 }, () => runCli(DRY_RUN, { cwd: work, env })));
    for (const result of results) expect(result).toMatchObject({ code: 0, stdout: reference.stdout, stderr: reference.stderr });
    const file = await onlyCacheFile(folder);
    expect(await rewrittenBy(file, env)).toBe(false);
  }, 60_000);

  it('is left out by --debug, which runs the same', async () => {
    const { env, folder } = await cacheHome();
    const result = await runCli([...DRY_RUN, '--debug'], { cwd: work, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(reference.stdout);
    expect(await cacheFiles(folder)).toEqual([]);
  });
});

import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheFile, codeCacheFolder, loadBundle, userCacheFolder, type CodeCacheFile } from '../../src/cli/code-cache.js';

const BUNDLE_SOURCE = `'use strict';
exports.double = (value) => value * 2;
exports.where = () => __filename;
exports.load = (name) => typeof require(name);
`;

let dir: string;
let bundle: string;
let cache: CodeCacheFile;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xpost-code-cache-'));
  bundle = path.join(dir, 'dist', 'main.cjs');
  await mkdir(path.dirname(bundle));
  await writeFile(bundle, BUNDLE_SOURCE);
  // A file where a folder should be: a cache folder that cannot be created, whoever runs the tests (root included).
  await writeFile(path.join(dir, 'placeholder'), '');
  cache = codeCacheFile(path.join(dir, 'cache', 'xpost', 'code-cache'), bundle, '1.2.3');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Api {
  double(value: number): number;
  where(): string;
  load(name: string): string;
}

function load(kind = 'publish', where: CodeCacheFile | undefined = cache) {
  const loaded = loadBundle(bundle, where, kind);
  return { ...loaded, api: loaded.exports as Api };
}

describe('the code cache folder', () => {
  it('follows each platform\'s convention, XDG_CACHE_HOME first when absolute', () => {
    expect(userCacheFolder({}, 'linux', '/home/ada')).toBe(path.join('/home/ada', '.cache', 'xpost'));
    expect(userCacheFolder({ XDG_CACHE_HOME: '/var/cache/ada' }, 'linux', '/home/ada')).toBe(path.join('/var/cache/ada', 'xpost'));
    expect(userCacheFolder({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/ada')).toBe(path.join('/home/ada', '.cache', 'xpost'));
    expect(userCacheFolder({}, 'darwin', '/Users/ada')).toBe(path.join('/Users/ada', 'Library', 'Caches', 'xpost'));
    expect(userCacheFolder({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32', 'C:\\Users\\ada')).toBe(path.join('C:\\Users\\ada\\AppData\\Local', 'xpost', 'Cache'));
    expect(userCacheFolder({}, 'linux', '')).toBeUndefined();
  });

  it('is off with XPOST_NO_CACHE=1 (or true), on with 0, false or empty', () => {
    expect(codeCacheFolder({ XPOST_NO_CACHE: '1' }, 'linux', '/home/ada')).toBeUndefined();
    expect(codeCacheFolder({ XPOST_NO_CACHE: 'true' }, 'linux', '/home/ada')).toBeUndefined();
    for (const value of ['0', 'false', '']) expect(codeCacheFolder({ XPOST_NO_CACHE: value }, 'linux', '/home/ada')).toBe(path.join('/home/ada', '.cache', 'xpost', 'code-cache'));
  });

  it('names the cache by xpost version, Node version and architecture, and keeps installs in different folders apart', () => {
    const file = codeCacheFile('/cache', '/a/dist/main.cjs', '1.2.3');
    expect(path.basename(file.file)).toMatch(new RegExp(`^1\\.2\\.3-node${process.versions.node.replace(/\./g, '\\.')}-${process.arch}-[0-9a-f]{12}\\.bin$`));
    expect(file.key).toBe(`1.2.3-node${process.versions.node}-${process.arch}`);
    expect(codeCacheFile('/cache', '/b/dist/main.cjs', '1.2.3').file).not.toBe(file.file);
  });
});

// V8 keeps what one process compiled, so within these tests a script compiled twice never reads its cached data:
// what is tested here is which caches xpost hands to V8; tests/e2e/startup.test.ts runs the real thing.
describe('loadBundle', () => {
  it('runs the bundle as Node would (module.exports, require, __filename) and writes the cache after the run, once', () => {
    const first = load();
    expect(first.fromCache).toBe(false);
    expect(first.api.double(21)).toBe(42);
    expect(first.api.where()).toBe(bundle);
    expect(first.api.load('node:path')).toBe('object');
    expect(existsSync(cache.file)).toBe(false);
    first.saveCache();
    expect(existsSync(cache.file)).toBe(true);
    expect(statSync(cache.file).mode & 0o777).toBe(0o600);

    const second = load();
    expect(second.fromCache).toBe(true);
    expect(second.api.double(2)).toBe(4);
    const written = statSync(cache.file).mtimeMs;
    second.saveCache();
    expect(statSync(cache.file).mtimeMs).toBe(written);
  });

  it('grows the cache to a command it has not seen, then leaves it alone', () => {
    load('publish').saveCache();
    const status = load('status');
    expect(status.fromCache).toBe(true);
    status.saveCache();
    expect(header().kinds).toEqual(['publish', 'status']);
    const again = load('status');
    const written = statSync(cache.file).mtimeMs;
    again.saveCache();
    expect(statSync(cache.file).mtimeMs).toBe(written);
  });

  it('ignores a corrupt or truncated cache, runs all the same, and writes a good one', () => {
    load().saveCache();
    const bytes = readFileSync(cache.file);
    for (const damaged of [flipLastBytes(bytes), bytes.subarray(0, bytes.length - 100), bytes.subarray(0, 10), Buffer.from('not a cache at all')]) {
      writeFileSync(cache.file, damaged, { mode: 0o600 });
      const run = load();
      expect(run.fromCache).toBe(false);
      expect(run.api.double(5)).toBe(10);
      run.saveCache();
      expect(load().fromCache).toBe(true);
    }
  });

  it('ignores a cache made for another xpost, Node or architecture, or for another build of the bundle', async () => {
    load().saveCache();
    const foreign: CodeCacheFile = { file: cache.file, key: `9.9.9-node${process.versions.node}-${process.arch === 'x64' ? 'arm64' : 'x64'}` };
    expect(load('publish', foreign).fromCache).toBe(false);

    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(bundle, BUNDLE_SOURCE.replace('value * 2', 'value + value'));
    const rebuilt = load();
    expect(rebuilt.fromCache).toBe(false);
    expect(rebuilt.api.double(4)).toBe(8);
  });

  it('ignores a cache file others may write, as it is code that would run', () => {
    load().saveCache();
    chmodSync(cache.file, 0o666);
    expect(load().fromCache).toBe(false);
  });

  it('never fails when the cache cannot be written, and leaves no temporary file behind', () => {
    const blocked: CodeCacheFile = { file: path.join(dir, 'placeholder', 'code-cache', 'x.bin'), key: cache.key };
    const run = load('publish', blocked);
    expect(() => run.saveCache()).not.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['dist', 'placeholder']);
  });

  it('does nothing with the cache when there is none to use (XPOST_NO_CACHE)', () => {
    const run = loadBundle(bundle, undefined, 'publish');
    expect((run.exports as Api).double(1)).toBe(2);
    run.saveCache();
    expect(existsSync(path.join(dir, 'cache'))).toBe(false);
  });
});

function flipLastBytes(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  for (let index = copy.length - 16; index < copy.length; index += 1) copy[index] = copy[index]! ^ 0xa5;
  return copy;
}

/** The cache file's JSON header, as src/cli/code-cache.ts lays the file out: magic line, header length, header, V8's data. */
function header(): { kinds: string[] } {
  const bytes = readFileSync(cache.file);
  const magicLength = bytes.indexOf(0x0a) + 1;
  const headerLength = bytes.readUInt32LE(magicLength);
  return JSON.parse(bytes.subarray(magicLength + 4, magicLength + 4 + headerLength).toString('utf8')) as { kinds: string[] };
}

import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';
import type { Env } from '../platforms/types.js';

/**
 * V8's code cache for the CLI bundle. Compiling the bundle is most of a cold start on Node 20, which
 * keeps no compiled code between runs, so the bytecode a run produced is kept in the user's cache
 * folder and handed back to V8 the next time. The cache only ever costs speed: a missing, corrupt,
 * foreign or rejected one is ignored (and rewritten after the run), one that cannot be written is
 * left unwritten, and XPOST_NO_CACHE=1 turns it off.
 */

/** Where one bundle's cache lives, and what it must have been made for to be used. */
export interface CodeCacheFile {
  file: string;
  /** xpost version, Node version and CPU architecture: V8's bytecode is only valid for all three. */
  key: string;
}

/** A bundle compiled and run; saveCache() stores the code it compiled, when the cache lacked it. */
export interface LoadedBundle {
  exports: unknown;
  /** Whether V8 compiled the bundle from the cache (false: no cache, or V8 rejected it). */
  fromCache: boolean;
  saveCache(): void;
}

const MAGIC = Buffer.from('xpost-v8-cache\n');
/** The same wrapper every time: V8 accepts cached data only for the same source. */
const WRAPPER_START = '(function (exports, require, module, __filename, __dirname) {';
const WRAPPER_END = '\n})';

/** The folder xpost keeps compiled code in: `code-cache` in the user's cache folder; undefined when caching is off or there is no home. */
export function codeCacheFolder(env: Env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string | undefined {
  const off = env['XPOST_NO_CACHE'];
  if (off !== undefined && off !== '' && off !== '0' && off !== 'false') return undefined;
  // Node 22.0 and 22.1 have no zlib.crc32, without which a cache cannot be checked: they run without one.
  if (typeof zlib.crc32 !== 'function') return undefined;
  const folder = userCacheFolder(env, platform, home);
  return folder && path.join(folder, 'code-cache');
}

/** The platform's folder for per-user caches; XDG_CACHE_HOME wins on every platform when set to an absolute path. */
export function userCacheFolder(env: Env, platform: NodeJS.Platform, home: string): string | undefined {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'xpost');
  if (!home) return undefined;
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'xpost');
  if (platform === 'win32') return path.join(env['LOCALAPPDATA'] || path.join(home, 'AppData', 'Local'), 'xpost', 'Cache');
  return path.join(home, '.cache', 'xpost');
}

/** A bundle's cache file: named by the key and a hash of the bundle's path, so installs in different folders keep their own. */
export function codeCacheFile(folder: string, bundle: string, version: string): CodeCacheFile {
  const key = `${version}-node${process.versions.node}-${process.arch}`;
  const place = createHash('sha256').update(bundle).digest('hex').slice(0, 12);
  return { file: path.join(folder, `${key}-${place}.bin`), key };
}

/**
 * Compiles a CommonJS bundle as Node would (same wrapper, same require) with the cached data from
 * `cache`, and runs it. `runKind` names what this run does (the command): a cache that has not
 * seen it yet is rewritten after the run, so it grows to hold the code of every command used.
 */
export function loadBundle(bundle: string, cache: CodeCacheFile | undefined, runKind: string): LoadedBundle {
  const { source, identity } = readBundle(bundle);
  const found = cache ? readCache(cache, identity) : undefined;
  const script = new vm.Script(`${WRAPPER_START}${source}${WRAPPER_END}`, { filename: bundle, cachedData: found?.data });
  const fromCache = found !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
  const kinds = fromCache ? found.kinds : [];
  return {
    exports: module.exports,
    fromCache,
    saveCache: () => {
      if (!cache || (fromCache && kinds.includes(runKind))) return;
      writeCache(cache, identity, [...kinds, runKind], script.createCachedData());
    },
  };
}

/**
 * The bundle's text and what identifies this very file: a rebuilt or reinstalled bundle gets a new
 * inode or change time, so a cache made for an older one is never fed to V8 with a newer source.
 * Read as Latin-1, three times faster than UTF-8 and exact for the code: esbuild escapes every
 * non-ASCII character in code, so only comments can hold any.
 */
function readBundle(bundle: string): { source: string; identity: string } {
  const descriptor = openSync(bundle, 'r');
  try {
    const info = fstatSync(descriptor);
    return { source: readFileSync(descriptor).toString('latin1'), identity: `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}` };
  } finally {
    closeSync(descriptor);
  }
}

interface CacheHeader {
  key: string;
  bundle: string;
  kinds: string[];
  length: number;
  crc32: number;
}

/**
 * The cached data when the file is ours, made for this key and this bundle file, and whole (V8 checks
 * its own header but, outside debug builds, not the bytes after it). Anything else is no cache.
 */
function readCache(cache: CodeCacheFile, bundleIdentity: string): { data: Buffer; kinds: string[] } | undefined {
  let bytes: Buffer;
  try {
    const descriptor = openSync(cache.file, 'r');
    try {
      if (!trustworthy(fstatSync(descriptor))) return undefined;
      bytes = readFileSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
  } catch {
    return undefined;
  }
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const dataStart = MAGIC.length + 4 + headerLength;
  if (dataStart > bytes.length) return undefined;
  let header: CacheHeader;
  try {
    header = JSON.parse(bytes.subarray(MAGIC.length + 4, dataStart).toString('utf8')) as CacheHeader;
  } catch {
    return undefined;
  }
  const data = bytes.subarray(dataStart);
  if (header.key !== cache.key || header.bundle !== bundleIdentity || !Array.isArray(header.kinds)) return undefined;
  if (header.length !== data.length || header.crc32 !== zlib.crc32(data)) return undefined;
  return { data, kinds: header.kinds };
}

/** Cached data is code: only a file of this user that nobody else may write is run. */
function trustworthy(info: Stats): boolean {
  if (!info.isFile()) return false;
  if (process.getuid === undefined) return true;
  return info.uid === process.getuid() && (info.mode & 0o022) === 0;
}

/** Written beside its final name and renamed over it, so a concurrent run reads the old file or the new one, never half of one. */
function writeCache(cache: CodeCacheFile, bundleIdentity: string, kinds: string[], data: Buffer): void {
  const header: CacheHeader = { key: cache.key, bundle: bundleIdentity, kinds, length: data.length, crc32: zlib.crc32(data) };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const headerLength = Buffer.alloc(4);
  headerLength.writeUInt32LE(headerBytes.length);
  const temporary = `${cache.file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(cache.file), { recursive: true, mode: 0o700 });
    writeFileSync(temporary, Buffer.concat([MAGIC, headerLength, headerBytes, data]), { mode: 0o600 });
    renameSync(temporary, cache.file);
  } catch {
    // A cache that cannot be written only costs the next run its speed.
    try {
      unlinkSync(temporary);
    } catch {
      // Never created.
    }
  }
}

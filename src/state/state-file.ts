import { mkdir, readFile, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { STATE_VERSION, stateFileSchema, type PendingCreate, type PlatformRecord, type PostRecord, type StateFile, type ThreadRecord } from '../config/state-schema.js';
import { XpostError } from '../errors/xpost-error.js';
import { canonicalKey, isUrlIdentity } from '../core/identity-key.js';
import { findDuplicateKey } from './json-duplicates.js';

export const DEFAULT_STATE_PATH = path.join('.xpost', 'state.json');

/** Where a post's record lives and what it is bound to, decided by core/identity before anything is written. */
export interface PostBinding {
  /** The identity the record is kept under. */
  key: string;
  /** The source file, relative to the state file. */
  file: string;
  /** The canonical URL as sent, when the post has one. */
  canonicalUrl: string | undefined;
  /** Hash of the post's body: recognises the post after a move or rename. */
  fingerprint: string;
}

/** A copy that exists on a platform, as recorded after a create, an update, a lookup or `state mark`. */
export interface RecordedCopy {
  id: string;
  url: string | undefined;
  meta?: Record<string, string>;
  /** Hash of what the copy holds; undefined when unknown (an adopted copy), so the next publish updates it. */
  contentHash: string | undefined;
  sourceHash: string | undefined;
  /** ISO 8601 time of the answer. */
  at: string;
  /** True when this run (or an interrupted one) created the copy: publishedAt becomes `at`. */
  created: boolean;
}

export interface RecordedFailure {
  code: string;
  /** Already masked: it is written to a file. */
  message: string;
  at: string;
}

/** write-file-atomic writes `<file>.<uint32>` beside the file and renames it; a killed run leaves it behind. */
const LEFTOVER_SUFFIX = /^\.\d+$/;

/**
 * The state file: read once per run, rewritten atomically after every remote call so that a run
 * that dies halfway still records everything that was published. Only xpost's own records are
 * written: the text is never rewritten as a whole (masking applies to error texts when recorded).
 */
export class StateStore {
  readonly file: string;
  private state: StateFile;
  /** The write in flight (settled or not); the next write starts after it. */
  private writing: Promise<void> = Promise.resolve();
  /** A write that has not started yet: later updates join it instead of queueing their own. */
  private pendingWrite: Promise<void> | undefined;

  private constructor(file: string, state: StateFile) {
    this.file = file;
    this.state = state;
  }

  /** A missing file is an empty state; an unreadable or broken one is an error and is never overwritten. */
  static async load(file: string): Promise<StateStore> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return new StateStore(file, { version: STATE_VERSION, posts: {}, accounts: {} });
      const what = code === 'EISDIR' ? 'is a folder' : `cannot be read (${code ?? 'error'})`;
      throw new XpostError('STATE_INVALID', `State file ${file} ${what}`, {
        file,
        hint: 'Check its permissions, or pass another path with --state; xpost never treats it as empty.',
      });
    }
    return new StateStore(file, await parseStateText(text, file));
  }

  /** The directory post identities that are file paths are relative to. */
  get baseDir(): string {
    return path.dirname(path.resolve(this.file));
  }

  /** A post file's path as the state file records it: relative to the state file, with forward slashes. */
  relativePath(file: string): string {
    return path.relative(this.baseDir, file).split(path.sep).join('/');
  }

  /** The absolute path of a file the state records relative to itself. */
  absolutePath(recorded: string): string {
    return path.resolve(this.baseDir, recorded);
  }

  post(key: string): PostRecord | undefined {
    return this.state.posts[key];
  }

  /** Every post record with its key. */
  posts(): Array<[string, PostRecord]> {
    return Object.entries(this.state.posts);
  }

  record(key: string, platform: string): PlatformRecord | undefined {
    return this.state.posts[key]?.platforms[platform];
  }

  account(platform: string): Record<string, string> {
    return this.state.accounts[platform] ?? {};
  }

  /** Moves a post's record to its current identity and file (a move, a rename, a new canonical URL). */
  async rebind(previousKey: string, binding: PostBinding): Promise<void> {
    const previous = this.state.posts[previousKey];
    if (!previous) return;
    if (previousKey !== binding.key) {
      if (this.state.posts[binding.key]) throw new XpostError('INTERNAL', `the state already holds a record for ${binding.key}`);
      delete this.state.posts[previousKey];
    }
    this.state.posts[binding.key] = bound(previous, binding);
    await this.flush();
  }

  /** The one way a copy is recorded: after a create, an update, a lookup that found it, or `state mark`. */
  recordCopy(binding: PostBinding, platform: string, copy: RecordedCopy): Promise<void> {
    return this.change(binding, platform, (current) => {
      const { pendingCreate: _intent, lastError: _error, contentHash: _hash, sourceHash: _source, ...kept } = current;
      const meta = copy.meta ?? current.meta;
      return {
        ...kept,
        id: copy.id,
        url: copy.url ?? current.url,
        ...(meta ? { meta } : {}),
        ...(copy.contentHash ? { contentHash: copy.contentHash } : {}),
        ...(copy.sourceHash ? { sourceHash: copy.sourceHash } : {}),
        publishedAt: copy.created ? copy.at : (current.publishedAt ?? copy.at),
        updatedAt: copy.at,
      };
    });
  }

  /**
   * A thread's progress, written before each part is sent and as soon as it exists. The record's id and
   * url are the first part's, so a half-posted thread is known (and resumed) rather than posted again.
   */
  recordThread(binding: PostBinding, platform: string, thread: ThreadRecord, at: string): Promise<void> {
    return this.change(binding, platform, (current) => {
      const { id: _id, url: _url, publishedAt: _published, ...kept } = current;
      const root = thread.parts[0];
      if (!root?.id) return { ...kept, thread };
      const sameRoot = current.id === root.id;
      return {
        ...kept,
        id: root.id,
        ...(root.url ? { url: root.url } : {}),
        thread,
        publishedAt: sameRoot ? (current.publishedAt ?? at) : at,
        updatedAt: at,
      };
    });
  }

  /** Write-ahead: resolves once the file says a create may be under way. */
  recordIntent(binding: PostBinding, platform: string, intent: PendingCreate): Promise<void> {
    return this.change(binding, platform, (current) => ({ ...current, pendingCreate: intent }));
  }

  /** The create provably did not happen. */
  clearIntent(binding: PostBinding, platform: string): Promise<void> {
    return this.change(binding, platform, ({ pendingCreate: _intent, ...rest }) => rest);
  }

  recordFailure(binding: PostBinding, platform: string, failure: RecordedFailure): Promise<void> {
    return this.change(binding, platform, (current) => ({ ...current, lastError: { ...failure } }));
  }

  /** The same copy rendered from edited sources: remembered so `status` stops calling it changed. */
  refreshSourceHash(binding: PostBinding, platform: string, sourceHash: string): Promise<void> {
    return this.change(binding, platform, (current) => ({ ...current, sourceHash }));
  }

  /** Drops one platform's record of a post (and the post when no platform is left). */
  async remove(key: string, platform: string): Promise<boolean> {
    const post = this.state.posts[key];
    if (!post?.platforms[platform]) return false;
    delete post.platforms[platform];
    if (Object.keys(post.platforms).length === 0) delete this.state.posts[key];
    await this.flush();
    return true;
  }

  async setAccount(platform: string, values: Record<string, string>): Promise<void> {
    this.state.accounts[platform] = { ...this.state.accounts[platform], ...values };
    await this.flush();
  }

  /** A copy of the whole state, for merging with another run's. */
  snapshot(): StateFile {
    return structuredClone(this.state);
  }

  /** Takes a whole new state (this run's merged with another run's) and writes it. */
  async replace(next: StateFile): Promise<void> {
    this.state = structuredClone(next);
    await this.flush();
  }

  /** The text a write puts on disk. */
  private serialise(): string {
    return serialiseState(this.state);
  }

  private async change(binding: PostBinding, platform: string, update: (current: PlatformRecord) => PlatformRecord): Promise<void> {
    const post = bound(this.state.posts[binding.key] ?? { platforms: {} }, binding);
    post.platforms[platform] = update(post.platforms[platform] ?? {});
    this.state.posts[binding.key] = post;
    await this.flush();
  }

  /**
   * One write at a time; updates made while a write is in flight are folded into the next one, so
   * concurrent platforms never interleave, never lose a record, and never queue a write each.
   */
  private flush(): Promise<void> {
    if (!this.pendingWrite) {
      this.pendingWrite = this.writing.then(async () => {
        this.pendingWrite = undefined;
        const snapshot = this.serialise();
        await mkdir(this.baseDir, { recursive: true });
        // Loaded on the first write: dry-runs and status only read the state.
        const { default: writeFileAtomic } = await import('write-file-atomic');
        // Stryker disable next-line ObjectLiteral,StringLiteral: write-file-atomic writes strings as UTF-8 by default; the option only says so.
        await writeFileAtomic(this.file, snapshot, { encoding: 'utf8' });
      });
      this.writing = this.pendingWrite.catch(() => undefined);
    }
    return this.pendingWrite;
  }
}

function bound(post: PostRecord, binding: PostBinding): PostRecord {
  const { canonicalUrl: _previous, ...rest } = post;
  return { ...rest, file: binding.file, ...(binding.canonicalUrl ? { canonicalUrl: binding.canonicalUrl } : {}), fingerprint: binding.fingerprint, platforms: post.platforms };
}

/** Removes the temporary files killed runs left beside the state file; only called while holding its lock. */
export async function removeLeftovers(stateFile: string): Promise<string[]> {
  const dir = path.dirname(path.resolve(stateFile));
  const base = path.basename(stateFile);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const leftovers = names.filter((name) => name.startsWith(base) && LEFTOVER_SUFFIX.test(name.slice(base.length)));
  await Promise.all(leftovers.map((name) => unlink(path.join(dir, name)).catch(() => undefined)));
  return leftovers;
}

type JsonObject = Record<string, unknown>;

/** Upgrades an older state file one version at a time; MIGRATIONS[n] turns version n into n + 1. */
const MIGRATIONS: Record<number, (state: JsonObject, file: string) => JsonObject> = {
  1: keyPostsByNormalisedIdentity,
};

/**
 * Version 2 keys posts by their normalised identity and binds each record to its source: a URL key
 * becomes its normalised form and keeps the URL as written in `canonicalUrl`. Two version 1 records
 * that turn out to be one post are merged when their platforms do not overlap; when both hold a copy
 * on one platform there are two copies out there, and only the user can say which one stays.
 */
function keyPostsByNormalisedIdentity(state: JsonObject, file: string): JsonObject {
  const posts = isObject(state['posts']) ? state['posts'] : {};
  const merged: Record<string, JsonObject> = {};
  const origin: Record<string, string> = {};
  for (const [key, value] of Object.entries(posts)) {
    if (!isObject(value)) {
      merged[key] = value as JsonObject;
      continue;
    }
    const url = isUrlIdentity(key);
    const newKey = url ? canonicalKey(key) : key;
    const post: JsonObject = { ...value, ...(url && value['canonicalUrl'] === undefined ? { canonicalUrl: key } : {}) };
    const earlier = merged[newKey];
    if (!earlier) {
      merged[newKey] = post;
      origin[newKey] = key;
      continue;
    }
    const earlierPlatforms = isObject(earlier['platforms']) ? earlier['platforms'] : {};
    const platforms = isObject(post['platforms']) ? post['platforms'] : {};
    const shared = Object.keys(platforms).find((platform) => platform in earlierPlatforms);
    if (shared) {
      throw new XpostError('STATE_INVALID', `State file ${file} records one post twice: "${origin[newKey]}" and "${key}" are the same canonical URL, and both have a ${shared} copy`, {
        file,
        hint: `Two copies exist on ${shared}: delete one there, remove its record from the state file (keep the other), and run again.`,
      });
    }
    merged[newKey] = { ...earlier, platforms: { ...earlierPlatforms, ...platforms } };
  }
  return { ...state, version: 2, posts: merged };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function migrate(json: unknown, file: string): unknown {
  if (!isObject(json)) return json;
  let state = json;
  while (typeof state['version'] === 'number' && state['version'] < STATE_VERSION) {
    const step = MIGRATIONS[state['version']];
    if (!step) {
      throw new XpostError('STATE_INVALID', `State file ${file} has version ${state['version']}, which this xpost cannot upgrade`, {
        file,
        hint: 'Restore a newer copy from git, or move the file away to start a new state (copies would then be created again).',
      });
    }
    state = step(state, file);
  }
  return state;
}

/** The state file's text: pretty JSON with a final newline, the same bytes for the same state. */
export function serialiseState(state: StateFile): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

const BOM = '\uFEFF';

/** Parses, checks and upgrades a state file's text; `file` names it in errors. */
export async function parseStateText(raw: string, file: string): Promise<StateFile> {
  const text = raw.startsWith(BOM) ? raw.slice(BOM.length) : raw;
  const broken = (what: string) =>
    new XpostError('STATE_INVALID', `State file ${file} ${what}`, {
      file,
      hint: 'Restore it from git (git checkout -- <file>) or fix it by hand; xpost will not overwrite it.',
    });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw broken(`is not valid JSON: ${(error as Error).message}`);
  }
  const duplicate = await findDuplicateKey(text, json);
  if (duplicate) throw broken(`has the key "${duplicate.key}" twice in one object (lines ${duplicate.lines.join(' and ')}), as a hand merge can leave it`);
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > STATE_VERSION) {
    throw new XpostError('STATE_INVALID', `State file ${file} has version ${version}, newer than this xpost understands (${STATE_VERSION})`, {
      file,
      hint: 'Upgrade xpost (npm install xpost@latest).',
    });
  }
  const parsed = stateFileSchema.safeParse(migrate(json, file));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `"${first.path.map(String).join('.') || '(root)'}" ${first.message}` : 'has an unexpected shape';
    throw broken(`is not a valid xpost state file: ${where}`);
  }
  return parsed.data;
}

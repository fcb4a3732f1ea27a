import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { STATE_VERSION, stateFileSchema, type PlatformRecord, type StateFile } from '../config/state-schema.js';
import { XpostError } from '../errors/xpost-error.js';
import type { Redactor } from '../http/redact.js';

export const DEFAULT_STATE_PATH = path.join('.xpost', 'state.json');

/**
 * The state file: read once per run, rewritten atomically after every remote call so that a run
 * that dies halfway still records everything that was published.
 */
export class StateStore {
  readonly file: string;
  private readonly state: StateFile;
  private readonly redact: Redactor;
  /** The write in flight (settled or not); the next write starts after it. */
  private writing: Promise<void> = Promise.resolve();
  /** A write that has not started yet: later updates join it instead of queueing their own. */
  private pendingWrite: Promise<void> | undefined;

  private constructor(file: string, state: StateFile, redact: Redactor) {
    this.file = file;
    this.state = state;
    this.redact = redact;
  }

  /** A missing file is an empty state; a broken one is an error and is never overwritten. */
  static async load(file: string, redact: Redactor = (text) => text): Promise<StateStore> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return new StateStore(file, { version: STATE_VERSION, posts: {}, accounts: {} }, redact);
      }
      throw new XpostError('STATE_INVALID', `State file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
        file,
        hint: 'Check its permissions, or pass another path with --state.',
      });
    }
    return new StateStore(file, parseStateText(text, file), redact);
  }

  /** The directory post identities that are file paths are relative to. */
  get baseDir(): string {
    return path.dirname(path.resolve(this.file));
  }

  /** A post file's path as the state file records it: relative to the state file, with forward slashes. */
  relativePath(file: string): string {
    return path.relative(this.baseDir, file).split(path.sep).join('/');
  }

  record(identity: string, platform: string): PlatformRecord | undefined {
    return this.state.posts[identity]?.platforms[platform];
  }

  account(platform: string): Record<string, string> {
    return this.state.accounts[platform] ?? {};
  }

  /** Merges fields into one platform record and writes the file before resolving. */
  async update(identity: string, displayFile: string, platform: string, change: (current: PlatformRecord) => PlatformRecord): Promise<void> {
    const post = (this.state.posts[identity] ??= { platforms: {} });
    post.file = displayFile;
    post.platforms[platform] = change(post.platforms[platform] ?? {});
    await this.flush();
  }

  /** Drops one platform's record of a post (and the post when no platform is left). */
  async remove(identity: string, platform: string): Promise<boolean> {
    const post = this.state.posts[identity];
    if (!post?.platforms[platform]) return false;
    delete post.platforms[platform];
    if (Object.keys(post.platforms).length === 0) delete this.state.posts[identity];
    await this.flush();
    return true;
  }

  async setAccount(platform: string, values: Record<string, string>): Promise<void> {
    this.state.accounts[platform] = { ...this.state.accounts[platform], ...values };
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
        const snapshot = this.redact(`${JSON.stringify(this.state, null, 2)}\n`);
        await mkdir(path.dirname(path.resolve(this.file)), { recursive: true });
        // Loaded on the first write: dry-runs and status only read the state.
        const { default: writeFileAtomic } = await import('write-file-atomic');
        await writeFileAtomic(this.file, snapshot, { encoding: 'utf8' });
      });
      this.writing = this.pendingWrite.catch(() => undefined);
    }
    return this.pendingWrite;
  }
}

/**
 * Upgrades an older state file one version at a time; MIGRATIONS[n] turns version n into n + 1.
 * Version 1 is the first format, so the table is empty until the format changes.
 */
const MIGRATIONS: Record<number, (state: Record<string, unknown>) => Record<string, unknown>> = {};

function migrate(json: unknown, file: string): unknown {
  let state = json as Record<string, unknown> | null;
  while (state && typeof state.version === 'number' && state.version < STATE_VERSION) {
    const step = MIGRATIONS[state.version];
    if (!step) {
      throw new XpostError('STATE_INVALID', `State file ${file} has version ${state.version}, which this xpost cannot upgrade`, {
        file,
        hint: 'Restore a newer copy from git, or move the file away to start a new state (copies would then be created again).',
      });
    }
    state = step(state);
  }
  return state;
}

function parseStateText(text: string, file: string): StateFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new XpostError('STATE_INVALID', `State file ${file} is not valid JSON: ${(error as Error).message}`, {
      file,
      hint: 'Restore it from git (git checkout -- <file>) or fix it by hand; xpost will not overwrite it.',
    });
  }
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
    throw new XpostError('STATE_INVALID', `State file ${file} is not a valid xpost state file: ${where}`, {
      file,
      hint: 'Restore it from git or fix it by hand; xpost will not overwrite it.',
    });
  }
  return parsed.data;
}

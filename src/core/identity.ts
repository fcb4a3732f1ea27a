import { existsSync, realpathSync } from 'node:fs';
import type { XpostConfig } from '../config/config-schema.js';
import type { PostRecord } from '../config/state-schema.js';
import { XpostError } from '../errors/xpost-error.js';
import type { PostBinding, StateStore } from '../state/state-file.js';
import { canonicalKey } from './identity-key.js';
import type { Post } from './load-post.js';
import { canonicalUrlOf } from '../sources/canonical.js';
import { bodyFingerprint } from './source-hash.js';

/** What the state needs of itself to resolve identities. */
export type StateView = Pick<StateStore, 'relativePath' | 'absolutePath' | 'post' | 'posts'>;

/**
 * The key a post is recorded under: its canonical URL normalised (its own, or from the config's
 * pattern), else `slug:<slug>`, else its path relative to the state file.
 */
export function postIdentity(post: Post, config: XpostConfig, state: Pick<StateStore, 'relativePath'>): { key: string; canonicalUrl: string | undefined } {
  const canonicalUrl = canonicalUrlOf(post, config);
  if (canonicalUrl) return { key: canonicalKey(canonicalUrl), canonicalUrl };
  const slug = post.frontMatter.slug?.trim();
  if (slug) return { key: `slug:${slug}`, canonicalUrl: undefined };
  return { key: state.relativePath(post.file), canonicalUrl: undefined };
}

/** How a post's record had to follow it: the post was moved or renamed, or its identity (canonical URL, slug) changed. */
export type IdentityChange = { kind: 'moved'; from: string } | { kind: 'identity-changed'; from: string; to: string };

export interface ResolvedIdentity {
  binding: PostBinding;
  /** The key of the record the post was recognised by, when its key or file must change. */
  previousKey: string | undefined;
  change: IdentityChange | undefined;
}

export interface IdentityResolution {
  /** The posts of the run, a file reached twice (through links) counted once. */
  posts: Post[];
  identities: Map<Post, ResolvedIdentity>;
  /** Posts that cannot be told apart or that claim another file's record: nothing may be sent for the run. */
  problems: XpostError[];
  /** The posts those problems are about. */
  conflicted: Set<Post>;
}

export interface ResolveOptions {
  /**
   * Content hashes a post's copies would have, for recognising a moved post by records written
   * before the state kept fingerprints. Called only for a post no other rule recognises.
   */
  copyHashes?: (post: Post) => string[];
}

/**
 * Binds every post of a run to its state record. A record is bound to the file that made it: the
 * same identity from another file is a conflict while that file exists, and a claim when it is gone
 * (a move). A post whose identity changed is recognised by its file; one moved without a canonical
 * URL or slug by its fingerprint among records whose files are gone. Two candidates are never
 * guessed between: that is a problem naming the files.
 */
export function resolveIdentities(posts: readonly Post[], config: XpostConfig, state: StateView, options: ResolveOptions = {}): IdentityResolution {
  const unique = withoutRepeatedFiles(posts);
  const problems: XpostError[] = [];
  const conflicted = new Set<Post>();
  const conflict = (involved: Post[], message: string, hint: string) => {
    for (const post of involved) conflicted.add(post);
    problems.push(new XpostError('POST_INVALID', message, { file: involved[0]?.displayPath, hint }));
  };

  const wanted = new Map<Post, { key: string; canonicalUrl: string | undefined; file: string; fingerprint: string }>();
  const byKey = new Map<string, Post[]>();
  for (const post of unique) {
    const identity = postIdentity(post, config, state);
    wanted.set(post, { ...identity, file: state.relativePath(post.file), fingerprint: bodyFingerprint(post) });
    byKey.set(identity.key, [...(byKey.get(identity.key) ?? []), post]);
  }
  for (const [key, sharing] of byKey) {
    if (sharing.length < 2) continue;
    conflict(
      sharing,
      `${sharing.map((post) => post.displayPath).join(' and ')} are different files with one identity (${describeKey(key)}): their copies would overwrite each other`,
      'Give each post its own canonical_url (or slug), or leave one of them out.',
    );
  }

  const recordOfFile = new Map<string, string>();
  for (const [key, record] of state.posts()) if (record.file) recordOfFile.set(record.file, key);

  const claims = new Map<string, Post[]>();
  const resolved = new Map<Post, ResolvedIdentity>();
  const unrecognised: Post[] = [];
  for (const post of unique) {
    if (conflicted.has(post)) continue;
    const want = wanted.get(post)!;
    const binding: PostBinding = { key: want.key, file: want.file, canonicalUrl: want.canonicalUrl, fingerprint: want.fingerprint };
    const record = state.post(want.key);
    if (record) {
      if (record.file && record.file !== want.file && fileStillThere(state.absolutePath(record.file), post.file)) {
        conflict([post], `${post.displayPath} has the identity ${describeKey(want.key)}, which the state records for ${record.file}, a file that still exists`, `Give ${post.displayPath} its own canonical_url (or slug); if it replaces ${record.file}, delete or rename that file first.`);
        continue;
      }
      const moved = record.file !== undefined && record.file !== want.file;
      resolved.set(post, { binding, previousKey: moved ? want.key : undefined, change: moved ? { kind: 'moved', from: record.file! } : undefined });
      claims.set(want.key, [...(claims.get(want.key) ?? []), post]);
      continue;
    }
    const keyOfFile = recordOfFile.get(want.file);
    if (keyOfFile !== undefined) {
      const previous = state.post(keyOfFile);
      resolved.set(post, { binding, previousKey: keyOfFile, change: { kind: 'identity-changed', from: previous?.canonicalUrl ?? describeKey(keyOfFile), to: want.canonicalUrl ?? describeKey(want.key) } });
      claims.set(keyOfFile, [...(claims.get(keyOfFile) ?? []), post]);
      continue;
    }
    unrecognised.push(post);
  }

  if (unrecognised.length > 0) {
    const orphans = state.posts().filter(([key, record]) => !claims.has(key) && !(record.file && existsSync(state.absolutePath(record.file))));
    for (const post of unrecognised) {
      const want = wanted.get(post)!;
      const binding: PostBinding = { key: want.key, file: want.file, canonicalUrl: want.canonicalUrl, fingerprint: want.fingerprint };
      const matches = orphans.filter(([, record]) => sameSource(record, want.fingerprint, () => options.copyHashes?.(post) ?? []));
      if (matches.length > 1) {
        conflict([post], `${post.displayPath} matches the records of ${matches.length} posts whose files are gone (${matches.map(([key, record]) => record.file ?? key).join(', ')}): xpost cannot tell which one it is`, 'Remove the records that are not this post from the state file (or restore their files), then run again.');
        continue;
      }
      const [match] = matches;
      if (!match) {
        resolved.set(post, { binding, previousKey: undefined, change: undefined });
        continue;
      }
      const [key, record] = match;
      resolved.set(post, { binding, previousKey: key, change: { kind: 'moved', from: record.file ?? describeKey(key) } });
      claims.set(key, [...(claims.get(key) ?? []), post]);
    }
  }

  for (const [key, claimants] of claims) {
    if (claimants.length < 2) continue;
    conflict(claimants, `${claimants.map((post) => post.displayPath).join(' and ')} both claim the state's record of ${describeKey(key)}`, 'Give each post its own canonical_url (or slug), or leave one of them out.');
  }
  for (const post of conflicted) resolved.delete(post);
  return { posts: unique, identities: resolved, problems, conflicted };
}

/** What changed about a post's identity, in words, for the warning and the dry-run. */
export function describeIdentityChange(change: IdentityChange): string {
  return change.kind === 'moved'
    ? `recognised as ${change.from}, moved or renamed: its copies stay and are updated where they differ, never created again`
    : `its identity changed from ${change.from} to ${change.to}: its copies stay and are updated with it where the platform can, never created again`;
}

/** One real file reached by two paths (a symbolic link to a folder) is one post. */
function withoutRepeatedFiles(posts: readonly Post[]): Post[] {
  const seen = new Set<string>();
  const unique: Post[] = [];
  for (const post of posts) {
    const real = realPath(post.file);
    if (seen.has(real)) continue;
    seen.add(real);
    unique.push(post);
  }
  return unique;
}

function realPath(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return file;
  }
}

function fileStillThere(recorded: string, current: string): boolean {
  return existsSync(recorded) && realPath(recorded) !== realPath(current);
}

function sameSource(record: PostRecord, fingerprint: string, copyHashes: () => string[]): boolean {
  if (record.fingerprint) return record.fingerprint === fingerprint;
  // Records from before fingerprints: the same content on any platform is the same post.
  const recorded = Object.values(record.platforms).map((copy) => copy.contentHash).filter((hash): hash is string => hash !== undefined);
  if (recorded.length === 0) return false;
  const hashes = copyHashes();
  return recorded.some((hash) => hashes.includes(hash));
}

function describeKey(key: string): string {
  if (key.startsWith('slug:')) return `slug "${key.slice('slug:'.length)}"`;
  return /^https?:\/\//.test(key) ? `canonical URL ${key}` : `file ${key}`;
}

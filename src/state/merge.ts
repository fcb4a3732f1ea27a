import { isDeepStrictEqual } from 'node:util';
import type { PlatformRecord, PostRecord, StateFile } from '../config/state-schema.js';

export interface StateMerge {
  state: StateFile;
  /** Records both sides changed in ways that cannot both hold (two copies of one post on a platform), worded for the user. */
  conflicts: string[];
}

type Side = 'this run' | 'the other run';

/**
 * Three-way merge of two state files that grew from `base`: what only one side changed is kept, so
 * the result is the union of both sides' records and never a textual conflict. Where both changed
 * the same copy's record, this run's record wins (it is what this run published), except that a
 * record of an existing copy (an id) is never replaced by one without, and an unconfirmed create
 * (an intent) is never dropped for a record that has no copy. Fields xpost does not know merge
 * like the ones it knows, so newer versions' records survive.
 */
export function mergeStates(base: StateFile, ours: StateFile, theirs: StateFile): StateMerge {
  const conflicts: string[] = [];
  const { posts: basePosts, accounts: baseAccounts, ...baseRest } = base;
  const { posts: ourPosts, accounts: ourAccounts, ...ourRest } = ours;
  const { posts: theirPosts, accounts: theirAccounts, ...theirRest } = theirs;
  const rest = mergeMaps(baseRest, ourRest, theirRest, (_key, _base, mine) => mine);
  const posts = mergeMaps(basePosts, ourPosts, theirPosts, (key, basePost, mine, other) => mergePost(key, basePost, mine, other, conflicts));
  const accounts = mergeMaps(baseAccounts, ourAccounts, theirAccounts, (_platform, baseFacts, mine, other) =>
    mine && other ? mergeMaps(baseFacts ?? {}, mine, other, (_key, _base, myValue) => myValue) : (mine ?? other),
  );
  return { state: { ...rest, version: ours.version, posts, accounts } as StateFile, conflicts };
}

/**
 * Whether the other run holds this create: it recorded a copy, or an intent to create one, that the
 * common base did not have. Its push came first, so the copy is its to make.
 */
export function heldByAnotherRun(base: StateFile, theirs: StateFile, key: string, platform: string): boolean {
  const other = theirs.posts[key]?.platforms[platform];
  if (!other) return false;
  const before = base.posts[key]?.platforms[platform];
  if (other.id !== undefined && other.id !== before?.id) return true;
  return other.pendingCreate !== undefined && !isDeepStrictEqual(other.pendingCreate, before?.pendingCreate);
}

/** Per key: equal sides or a side equal to the base settle it; only keys both sides changed reach `both`. */
function mergeMaps<T>(
  base: Readonly<Record<string, T>>,
  ours: Readonly<Record<string, T>>,
  theirs: Readonly<Record<string, T>>,
  both: (key: string, base: T | undefined, ours: T | undefined, theirs: T | undefined) => T | undefined,
): Record<string, T> {
  const merged: Record<string, T> = {};
  // Their order first: the merged file then differs from the pushed one only where this run wrote.
  const keys = new Set([...Object.keys(theirs), ...Object.keys(ours), ...Object.keys(base)]);
  for (const key of keys) {
    const [before, mine, other] = [own(base, key), own(ours, key), own(theirs, key)];
    let value: T | undefined;
    if (isDeepStrictEqual(mine, other) || isDeepStrictEqual(other, before)) value = mine;
    else if (isDeepStrictEqual(mine, before)) value = other;
    else value = both(key, before, mine, other);
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** A post both sides changed: one side's removal never loses the other's records; fields and copies merge one by one. */
function mergePost(key: string, base: PostRecord | undefined, ours: PostRecord | undefined, theirs: PostRecord | undefined, conflicts: string[]): PostRecord | undefined {
  if (!ours || !theirs) return ours ?? theirs;
  const { platforms: basePlatforms, ...baseFields } = base ?? { platforms: {} };
  const { platforms: ourPlatforms, ...ourFields } = ours;
  const { platforms: theirPlatforms, ...theirFields } = theirs;
  const fields = mergeMaps<unknown>(baseFields, ourFields, theirFields, (_field, _base, mine) => mine);
  const platforms = mergeMaps(basePlatforms, ourPlatforms, theirPlatforms, (platform, _base, mine, other) => mergeCopy(`${key} on ${platform}`, mine, other, conflicts));
  return { ...fields, platforms } as PostRecord;
}

/** One copy's record, changed by both runs. */
function mergeCopy(what: string, ours: PlatformRecord | undefined, theirs: PlatformRecord | undefined, conflicts: string[]): PlatformRecord | undefined {
  if (!ours || !theirs) return ours ?? theirs;
  if (ours.id !== undefined && theirs.id !== undefined) {
    if (ours.id !== theirs.id) conflicts.push(`${what}: this run recorded the copy ${describe(ours)} and another run the copy ${describe(theirs)}; keep one (delete the other on the platform): the state keeps this run's`);
    return ours;
  }
  if (ours.id !== undefined || theirs.id !== undefined) {
    const [kept, keptBy, dropped, droppedBy]: [PlatformRecord, Side, PlatformRecord, Side] = ours.id !== undefined ? [ours, 'this run', theirs, 'the other run'] : [theirs, 'the other run', ours, 'this run'];
    if (dropped.pendingCreate) conflicts.push(`${what}: ${keptBy} recorded the copy ${describe(kept)}, while ${droppedBy} may also have created one (a create started at ${dropped.pendingCreate.startedAt} has no answer); check the platform for a second copy`);
    return kept;
  }
  // Neither side has a copy: this run's record, still knowing any create the other run may have made.
  return !ours.pendingCreate && theirs.pendingCreate ? { ...ours, pendingCreate: theirs.pendingCreate } : ours;
}

function describe(record: PlatformRecord): string {
  return record.url ? `${record.id} (${record.url})` : String(record.id);
}

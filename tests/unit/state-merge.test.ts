import { describe, expect, it } from 'vitest';
import type { PlatformRecord, PostRecord, StateFile } from '../../src/config/state-schema.js';
import { heldByAnotherRun, mergeStates } from '../../src/state/merge.js';

const KEY = 'https://blog.example.com/posts/one';

const INTENT: PlatformRecord = { pendingCreate: { contentHash: 'sha256:one', startedAt: '2026-11-09T08:00:00.000Z' } };
const OTHER_INTENT: PlatformRecord = { pendingCreate: { contentHash: 'sha256:one', startedAt: '2026-11-09T08:00:05.000Z', reservedBy: 'other-run' } };
const COPY_A: PlatformRecord = { id: 'a', url: 'https://dev.to/me/one-a', contentHash: 'sha256:one', publishedAt: '2026-11-09T08:00:01.000Z', updatedAt: '2026-11-09T08:00:01.000Z' };
const COPY_A_UPDATED: PlatformRecord = { ...COPY_A, contentHash: 'sha256:two', updatedAt: '2026-11-10T08:00:00.000Z' };
const COPY_A_FAILED_UPDATE: PlatformRecord = { ...COPY_A, lastError: { code: 'SERVER_ERROR', message: 'dev.to answered 502', at: '2026-11-10T08:00:00.000Z' } };
const COPY_B: PlatformRecord = { id: 'b', url: 'https://dev.to/me/one-b', contentHash: 'sha256:one', publishedAt: '2026-11-09T08:00:02.000Z', updatedAt: '2026-11-09T08:00:02.000Z' };
const REFUSED: PlatformRecord = { lastError: { code: 'AUTH_FAILED', message: 'dev.to rejected the key', at: '2026-11-09T08:00:03.000Z' } };

function post(platforms: Record<string, PlatformRecord>, fields: Partial<PostRecord> = {}): PostRecord {
  return { file: '../posts/one.md', canonicalUrl: `${KEY}/`, fingerprint: 'sha256:body', ...fields, platforms };
}

function state(posts: Record<string, PostRecord> = {}, extra: Partial<StateFile> = {}): StateFile {
  return { version: 2, posts, accounts: {}, ...extra };
}

/** A state holding one record (or none) for the post on dev.to. */
function withDevto(record: PlatformRecord | undefined): StateFile {
  return record ? state({ [KEY]: post({ devto: record }) }) : state();
}

describe('mergeStates: one copy record, every combination that matters', () => {
  const cases: Array<{ name: string; base?: PlatformRecord; ours?: PlatformRecord; theirs?: PlatformRecord; merged?: PlatformRecord; conflict?: RegExp }> = [
    { name: 'nobody changed it', base: COPY_A, ours: COPY_A, theirs: COPY_A, merged: COPY_A },
    { name: 'only this run published it', ours: COPY_A, merged: COPY_A },
    { name: 'only the other run published it', theirs: COPY_A, merged: COPY_A },
    { name: 'only this run updated it', base: COPY_A, ours: COPY_A_UPDATED, theirs: COPY_A, merged: COPY_A_UPDATED },
    { name: 'only the other run updated it', base: COPY_A, ours: COPY_A, theirs: COPY_A_UPDATED, merged: COPY_A_UPDATED },
    { name: 'both updated the same copy: this run wins', base: COPY_A, ours: COPY_A_FAILED_UPDATE, theirs: COPY_A_UPDATED, merged: COPY_A_FAILED_UPDATE },
    { name: 'both recorded the same new copy', ours: COPY_A, theirs: COPY_A, merged: COPY_A },
    { name: 'two different copies: this run wins and says so', ours: COPY_A, theirs: COPY_B, merged: COPY_A, conflict: /this run recorded the copy a \(https:\/\/dev\.to\/me\/one-a\) and another run the copy b/ },
    { name: 'the other run has a copy, this run only a refusal', ours: REFUSED, theirs: COPY_A, merged: COPY_A },
    { name: 'this run has a copy, the other a refusal', ours: COPY_A, theirs: REFUSED, merged: COPY_A },
    { name: 'the other run has a copy, this run an unanswered create', ours: INTENT, theirs: COPY_B, merged: COPY_B, conflict: /this run may also have created one \(a create started at 2026-11-09T08:00:00.000Z/ },
    { name: 'this run has a copy, the other an unanswered create', ours: COPY_A, theirs: OTHER_INTENT, merged: COPY_A, conflict: /the other run may also have created one/ },
    { name: 'this run confirmed the create the other run still holds as an intent', base: INTENT, ours: COPY_A, theirs: OTHER_INTENT, merged: COPY_A, conflict: /the other run may also/ },
    { name: 'only the other run holds an intent', ours: undefined, theirs: OTHER_INTENT, merged: OTHER_INTENT },
    { name: 'this run\'s refusal keeps the other run\'s intent', ours: REFUSED, theirs: OTHER_INTENT, merged: { ...REFUSED, pendingCreate: OTHER_INTENT.pendingCreate } },
    { name: 'both hold intents: this run\'s', ours: INTENT, theirs: OTHER_INTENT, merged: INTENT },
    { name: 'this run cleared its own intent (refused) that the other run left alone', base: INTENT, ours: REFUSED, theirs: INTENT, merged: REFUSED },
    { name: 'the other run removed it, this run left it', base: COPY_A, ours: COPY_A, theirs: undefined, merged: undefined },
    { name: 'this run removed it, the other run left it', base: COPY_A, ours: undefined, theirs: COPY_A, merged: undefined },
    { name: 'the other run removed it, this run updated it: the update stays', base: COPY_A, ours: COPY_A_UPDATED, theirs: undefined, merged: COPY_A_UPDATED },
    { name: 'this run removed it, the other run updated it: the update stays', base: COPY_A, ours: undefined, theirs: COPY_A_UPDATED, merged: COPY_A_UPDATED },
  ];

  it.each(cases)('$name', ({ base, ours, theirs, merged, conflict }) => {
    const result = mergeStates(withDevto(base), withDevto(ours), withDevto(theirs));
    expect(result.state.posts[KEY]?.platforms['devto']).toEqual(merged);
    if (conflict) expect(result.conflicts).toEqual([expect.stringMatching(conflict)]);
    else expect(result.conflicts).toEqual([]);
  });

  it('words each conflict with the post, the platform and which run holds what', () => {
    expect(mergeStates(state(), withDevto(COPY_A), withDevto(COPY_B)).conflicts).toEqual([
      `${KEY} on devto: this run recorded the copy a (https://dev.to/me/one-a) and another run the copy b (https://dev.to/me/one-b); keep one (delete the other on the platform): the state keeps this run's`,
    ]);
    expect(mergeStates(state(), withDevto(INTENT), withDevto({ id: 'b' })).conflicts).toEqual([
      `${KEY} on devto: the other run recorded the copy b, while this run may also have created one (a create started at 2026-11-09T08:00:00.000Z has no answer); check the platform for a second copy`,
    ]);
    expect(mergeStates(state(), withDevto({ id: 'a' }), withDevto(OTHER_INTENT)).conflicts).toEqual([
      `${KEY} on devto: this run recorded the copy a, while the other run may also have created one (a create started at 2026-11-09T08:00:05.000Z has no answer); check the platform for a second copy`,
    ]);
  });

  it('keeps one side\'s change to a copy the other side removed while the post keeps other copies', () => {
    const base = state({ [KEY]: post({ devto: COPY_A, medium: COPY_B }) });
    const ours = state({ [KEY]: post({ devto: COPY_A_UPDATED, medium: COPY_B }) });
    const theirs = state({ [KEY]: post({ medium: { ...COPY_B, updatedAt: 'later' } }) });
    expect(mergeStates(base, ours, theirs).state.posts[KEY]?.platforms).toEqual({ medium: { ...COPY_B, updatedAt: 'later' }, devto: COPY_A_UPDATED });
    expect(mergeStates(base, theirs, ours).state.posts[KEY]?.platforms).toEqual({ medium: { ...COPY_B, updatedAt: 'later' }, devto: COPY_A_UPDATED });
  });
});

describe('mergeStates: whole files', () => {
  it('is the union of both runs\' posts and platforms, in the other run\'s order with this run\'s additions after', () => {
    const base = state({ first: post({ devto: COPY_A }) });
    const ours = state({ first: post({ devto: COPY_A, hashnode: COPY_B }), third: post({ devto: COPY_B }, { file: '../posts/third.md' }) });
    const theirs = state({ second: post({ medium: COPY_A }, { file: '../posts/second.md' }), first: post({ devto: COPY_A, linkedin: COPY_A }) });

    const { state: merged } = mergeStates(base, ours, theirs);

    expect(Object.keys(merged.posts)).toEqual(['second', 'first', 'third']);
    expect(Object.keys(merged.posts['first']!.platforms)).toEqual(['devto', 'linkedin', 'hashnode']);
    expect(merged.posts['second']!.platforms).toEqual({ medium: COPY_A });
    expect(merged.posts['third']!.platforms).toEqual({ devto: COPY_B });
  });

  it('merges post fields one by one; where both changed one, this run\'s value', () => {
    const base = state({ [KEY]: post({ devto: COPY_A }) });
    const ours = state({ [KEY]: post({ devto: COPY_A }, { file: '../posts/moved.md', fingerprint: 'sha256:ours' }) });
    const theirs = state({ [KEY]: post({ devto: COPY_A }, { canonicalUrl: `${KEY}?v=2`, fingerprint: 'sha256:theirs' }) });

    expect(mergeStates(base, ours, theirs).state.posts[KEY]).toEqual(post({ devto: COPY_A }, { file: '../posts/moved.md', canonicalUrl: `${KEY}?v=2`, fingerprint: 'sha256:ours' }));
  });

  it('never loses a post one run removed while the other added a copy to it', () => {
    const base = state({ [KEY]: post({ devto: COPY_A }) });
    const ours = state();
    const theirs = state({ [KEY]: post({ devto: COPY_A, medium: COPY_B }) });

    expect(mergeStates(base, ours, theirs).state.posts[KEY]?.platforms).toEqual({ devto: COPY_A, medium: COPY_B });
    expect(mergeStates(base, theirs, ours).state.posts[KEY]?.platforms).toEqual({ devto: COPY_A, medium: COPY_B });
  });

  it('merges account facts per platform and key; this run wins a key both changed', () => {
    const base = state({}, { accounts: { medium: { authorId: 'm1' } } });
    const ours = state({}, { accounts: { medium: { authorId: 'm2', handle: 'me' }, linkedin: { member: 'urn:li:person:1' } } });
    const theirs = state({}, { accounts: { medium: { authorId: 'm3', since: '2026' }, hashnode: { publication: 'p1' } } });

    expect(mergeStates(base, ours, theirs).state.accounts).toEqual({
      medium: { authorId: 'm2', since: '2026', handle: 'me' },
      hashnode: { publication: 'p1' },
      linkedin: { member: 'urn:li:person:1' },
    });
  });

  it('takes the other run\'s account fact where only it changed that key, within a platform both changed', () => {
    const base = state({}, { accounts: { medium: { authorId: 'm1', handle: 'old' } } });
    const ours = state({}, { accounts: { medium: { authorId: 'm1', handle: 'me' } } });
    const theirs = state({}, { accounts: { medium: { authorId: 'm3', handle: 'old' } } });
    expect(mergeStates(base, ours, theirs).state.accounts).toEqual({ medium: { authorId: 'm3', handle: 'me' } });
  });

  it('keeps the other run\'s account facts for a platform this run dropped, and this run\'s for one the other run dropped', () => {
    const base = state({}, { accounts: { medium: { authorId: 'old' }, hashnode: { publicationId: 'old' } } });
    const ours = state({}, { accounts: { hashnode: { publicationId: 'ours' } } });
    const theirs = state({}, { accounts: { medium: { authorId: 'theirs' } } });
    expect(mergeStates(base, ours, theirs).state.accounts).toEqual({ medium: { authorId: 'theirs' }, hashnode: { publicationId: 'ours' } });
  });

  it('drops a post one run removed that the other left as it was, key and all', () => {
    const base = state({ [KEY]: post({ devto: COPY_A }), kept: post({ medium: COPY_B }) });
    const ours = state({ kept: post({ medium: COPY_B }) });
    expect(Object.keys(mergeStates(base, ours, base).state.posts)).toEqual(['kept']);
  });

  it('where both runs changed a top-level field it does not know, this run\'s value', () => {
    const base = { ...state(), note: 'base' } as StateFile;
    const merged = mergeStates(base, { ...state(), note: 'ours' } as StateFile, { ...state(), note: 'theirs' } as StateFile).state as StateFile & Record<string, unknown>;
    expect(merged['note']).toBe('ours');
  });

  it('keeps fields it does not know at every level, from either side', () => {
    const base = state({ [KEY]: post({ devto: COPY_A }) });
    const ours = { ...state({ [KEY]: { ...post({ devto: { ...COPY_A, futureField: 'ours' } }), postExtra: 1 } }), ourTop: true } as StateFile;
    const theirs = { ...state({ [KEY]: { ...post({ devto: COPY_A, bluesky: { id: 'at://x', futureThing: ['p1', 'p2'] } }), theirPostExtra: 2 } }), theirTop: { n: 1 } } as StateFile;

    const merged = mergeStates(base, ours, theirs).state as StateFile & Record<string, unknown>;

    expect(merged['ourTop']).toBe(true);
    expect(merged['theirTop']).toEqual({ n: 1 });
    expect(merged.posts[KEY]).toMatchObject({ postExtra: 1, theirPostExtra: 2 });
    expect(merged.posts[KEY]?.platforms['devto']).toEqual({ ...COPY_A, futureField: 'ours' });
    expect(merged.posts[KEY]?.platforms['bluesky']).toEqual({ id: 'at://x', futureThing: ['p1', 'p2'] });
    expect(merged.version).toBe(2);
  });

  it('gives the same result whichever side changed alone', () => {
    const base = state({ [KEY]: post({ devto: COPY_A }) });
    const changed = state({ [KEY]: post({ devto: COPY_A_UPDATED, hashnode: COPY_B }) });
    expect(mergeStates(base, changed, base).state).toEqual(changed);
    expect(mergeStates(base, base, changed).state).toEqual(changed);
  });
});

describe('heldByAnotherRun', () => {
  it('is true for a copy or an intent the base did not have, false otherwise', () => {
    expect(heldByAnotherRun(state(), withDevto(COPY_A), KEY, 'devto')).toBe(true);
    expect(heldByAnotherRun(state(), withDevto(OTHER_INTENT), KEY, 'devto')).toBe(true);
    expect(heldByAnotherRun(withDevto(INTENT), withDevto(OTHER_INTENT), KEY, 'devto')).toBe(true);
    expect(heldByAnotherRun(withDevto(INTENT), withDevto(COPY_A), KEY, 'devto')).toBe(true);

    expect(heldByAnotherRun(state(), state(), KEY, 'devto')).toBe(false);
    expect(heldByAnotherRun(withDevto(INTENT), withDevto(INTENT), KEY, 'devto')).toBe(false);
    expect(heldByAnotherRun(state(), withDevto(REFUSED), KEY, 'devto')).toBe(false);
    expect(heldByAnotherRun(withDevto(COPY_A), withDevto(COPY_A_UPDATED), KEY, 'devto')).toBe(false);
    // The other run emptied the record (a refused create after `state forget`, a cleared intent): it holds nothing.
    expect(heldByAnotherRun(withDevto(COPY_A), withDevto(REFUSED), KEY, 'devto')).toBe(false);
    expect(heldByAnotherRun(withDevto(INTENT), withDevto(REFUSED), KEY, 'devto')).toBe(false);
    expect(heldByAnotherRun(state(), withDevto(COPY_A), KEY, 'hashnode')).toBe(false);
  });
});

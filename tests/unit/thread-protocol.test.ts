import { describe, expect, it } from 'vitest';
import type { ThreadRecord } from '../../src/config/state-schema.js';
import { postThread, type ThreadRequest } from '../../src/core/thread-protocol.js';
import { XpostError } from '../../src/errors/xpost-error.js';
import type { PartPlace, PartRecovery, PlatformSession, PostedPart } from '../../src/platforms/types.js';
import { renderedPost } from '../helpers/sessions.js';

const NOW = new Date('2026-11-09T08:00:00.000Z');
const now = () => NOW;
const PARTS = ['one', 'two', 'three'];
const HASHES = ['h1', 'h2', 'h3'];

type Step = (place: PartPlace, part: unknown) => Promise<PostedPart>;

/** A thread platform that answers from a script and remembers what it was asked, in order. */
function fakePlatform(script: {
  create?: Record<number, Step>;
  recover?: (place: PartPlace) => Promise<PartRecovery>;
  exists?: (part: PostedPart) => Promise<boolean>;
  edit?: (posted: PostedPart, part: unknown) => Promise<PostedPart>;
  noEdits?: boolean;
}) {
  const calls: string[] = [];
  const places: PartPlace[] = [];
  let keys = 0;
  const made = (place: PartPlace): PostedPart => ({ key: place.key, id: `id-${place.index + 1}`, url: `https://example.com/${place.index + 1}`, meta: { cid: `cid-${place.index + 1}` } });
  const platform = {
    name: 'Example',
    manageUrl: 'https://example.com/me',
    thread: {
      endpoint: 'POST /parts',
      preparePart: () => ({ payload: {}, fingerprint: {} }),
      newKey: async () => `key-${(keys += 1)}`,
      createPart: async (_session: PlatformSession, part: unknown, place: PartPlace) => {
        calls.push(`create ${place.index + 1} ${place.key} ${String(part)}`);
        places.push(place);
        const step = script.create?.[place.index + 1];
        return step ? step(place, part) : made(place);
      },
      recoverPart: async (_session: PlatformSession, _part: unknown, place: PartPlace, sentAt: string) => {
        calls.push(`recover ${place.index + 1} ${place.key} ${sentAt}`);
        return script.recover ? script.recover(place) : { kind: 'send' as const };
      },
      ...(script.exists
        ? {
            partExists: async (_session: PlatformSession, part: PostedPart) => {
              calls.push(`exists ${part.id}`);
              return script.exists!(part);
            },
          }
        : {}),
      ...(script.noEdits
        ? {}
        : {
            editPart: async (_session: PlatformSession, posted: PostedPart, part: unknown) => {
              calls.push(`edit ${posted.id} ${String(part)}`);
              return script.edit ? script.edit(posted, part) : { ...posted, url: `${posted.url ?? ''}?edited` };
            },
            deletePart: async (_session: PlatformSession, posted: PostedPart) => {
              calls.push(`delete ${posted.id}`);
            },
          }),
    },
  };
  return { platform, calls, places, made };
}

function fakeJournal() {
  const saves: ThreadRecord[] = [];
  return { journal: { save: async (progress: ThreadRecord) => void saves.push(structuredClone(progress)) }, saves, last: () => saves.at(-1) };
}

function request(platform: ThreadRequest['platform'], overrides: Partial<ThreadRequest> = {}): ThreadRequest {
  return {
    platform,
    session: {} as PlatformSession,
    parts: PARTS,
    hashes: HASHES,
    post: renderedPost(),
    progress: undefined,
    force: false,
    edit: false,
    markCommand: 'xpost state mark posts/a.md --platform example --id <id> --url <url>',
    ...overrides,
  };
}

const posted = (n: number, hash = `h${n}`) => ({ key: `old-${n}`, id: `id-${n}`, url: `https://example.com/${n}`, hash, meta: { cid: `cid-${n}` } });
const status = (code: number, code2: XpostError['code'] = 'SERVER_ERROR') => new XpostError(code2, `Example answered ${code}`, { status: code });
const failing = (error: XpostError): Step => async () => {
  throw error;
};

describe('postThread', () => {
  it('posts every part with a key recorded before it is sent, replies pointing at the first and the previous part', async () => {
    const { platform, calls, places } = fakePlatform({});
    const { journal, saves } = fakeJournal();
    const outcome = await postThread(request(platform), journal, now);
    expect(outcome).toMatchObject({ kind: 'complete', sent: 3, edited: 0 });
    expect(outcome.kind === 'complete' && outcome.parts.map((part) => part.id)).toEqual(['id-1', 'id-2', 'id-3']);
    expect(calls).toEqual(['create 1 key-1 one', 'create 2 key-2 two', 'create 3 key-3 three']);
    expect(places.map((place) => [place.root?.id, place.parent?.id])).toEqual([
      [undefined, undefined],
      ['id-1', 'id-1'],
      ['id-1', 'id-2'],
    ]);
    // Write-ahead: the key is on disk before the part is sent, the id as soon as it exists.
    expect(saves.slice(0, 3)).toEqual([
      { total: 3, parts: [{ key: 'key-1', sentAt: NOW.toISOString() }] },
      { total: 3, parts: [{ key: 'key-1', id: 'id-1', url: 'https://example.com/1', hash: 'h1', meta: { cid: 'cid-1' } }] },
      { total: 3, parts: [expect.objectContaining({ id: 'id-1' }), { key: 'key-2', sentAt: NOW.toISOString() }] },
    ]);
    expect(saves.at(-1)?.parts.map((part) => part.id)).toEqual(['id-1', 'id-2', 'id-3']);
  });

  it('resumes after the parts an earlier run posted, checking first that the parts it hangs from still exist', async () => {
    const { platform, calls, places } = fakePlatform({ exists: async () => true });
    const { journal } = fakeJournal();
    const outcome = await postThread(request(platform, { progress: { total: 3, parts: [posted(1), posted(2)] } }), journal, now);
    expect(outcome).toMatchObject({ kind: 'complete', sent: 1 });
    expect(calls).toEqual(['exists id-1', 'exists id-2', 'create 3 key-1 three']);
    expect([places[0]?.root?.id, places[0]?.parent?.id, places[0]?.parent?.meta]).toEqual(['id-1', 'id-2', { cid: 'cid-2' }]);
  });

  it('sends nothing for a thread whose parts all exist, and does not ask whether they still do', async () => {
    const { platform, calls } = fakePlatform({ exists: async () => false });
    const { journal, saves } = fakeJournal();
    const outcome = await postThread(request(platform, { progress: { total: 3, parts: [posted(1), posted(2), posted(3)] } }), journal, now);
    expect(outcome).toMatchObject({ kind: 'complete', sent: 0, edited: 0 });
    expect(calls).toEqual([]);
    expect(saves).toEqual([]);
  });

  it('records a part in doubt that is found under its key, then goes on', async () => {
    const found: PostedPart = { key: 'ignored', id: 'id-2', url: 'https://example.com/2' };
    const { platform, calls } = fakePlatform({ recover: async () => ({ kind: 'found', part: found }) });
    const { journal, saves } = fakeJournal();
    const progress = { total: 3, parts: [posted(1), { key: 'old-2', sentAt: '2026-11-09T07:00:00.000Z' }] };
    const outcome = await postThread(request(platform, { progress }), journal, now);
    expect(outcome).toMatchObject({ kind: 'complete', sent: 1 });
    expect(calls).toEqual(['recover 2 old-2 2026-11-09T07:00:00.000Z', 'create 3 key-1 three']);
    expect(saves[0]?.parts[1]).toEqual({ key: 'old-2', id: 'id-2', url: 'https://example.com/2', hash: 'h2' });
  });

  it('sends a part in doubt again under the same key and first-send time when that cannot make a second copy', async () => {
    const { platform, calls } = fakePlatform({ recover: async () => ({ kind: 'send' }) });
    const { journal, saves } = fakeJournal();
    const progress = { total: 3, parts: [posted(1), { key: 'old-2', sentAt: '2026-11-09T07:00:00.000Z' }] };
    await postThread(request(platform, { progress }), journal, now);
    expect(calls.slice(0, 2)).toEqual(['recover 2 old-2 2026-11-09T07:00:00.000Z', 'create 2 old-2 two']);
    expect(saves[0]?.parts[1]).toEqual({ key: 'old-2', sentAt: '2026-11-09T07:00:00.000Z' });
  });

  it('unknown: a part in doubt that cannot be looked up stops the thread, sends nothing and changes no record', async () => {
    const { platform, calls } = fakePlatform({ recover: failing(status(503)) as never });
    const { journal, saves } = fakeJournal();
    const progress = { total: 3, parts: [posted(1), { key: 'old-2', sentAt: '2026-11-09T07:00:00.000Z' }] };
    const outcome = await postThread(request(platform, { progress }), journal, now);
    expect(outcome.kind).toBe('unknown');
    expect(outcome.kind === 'unknown' && [outcome.posted, outcome.error.code]).toEqual([1, 'OUTCOME_UNKNOWN']);
    expect(outcome.kind === 'unknown' && outcome.error.hint).toContain('xpost state mark posts/a.md --platform example');
    expect(calls).toEqual(['recover 2 old-2 2026-11-09T07:00:00.000Z']);
    expect(saves).toEqual([]);
  });

  it('--force: the user vouches a part in doubt was not posted, so it is sent under a new key', async () => {
    const { platform, calls } = fakePlatform({});
    const { journal } = fakeJournal();
    const progress = { total: 3, parts: [posted(1), { key: 'old-2', sentAt: '2026-11-09T07:00:00.000Z' }] };
    await postThread(request(platform, { progress, force: true }), journal, now);
    expect(calls).toEqual(['create 2 key-1 two', 'create 3 key-2 three']);
  });

  it('refused: a part the platform refused is dropped from the record and nothing after it is sent', async () => {
    const { platform, calls } = fakePlatform({ create: { 2: failing(status(400, 'REJECTED')) } });
    const { journal, last } = fakeJournal();
    const outcome = await postThread(request(platform), journal, now);
    expect(outcome).toMatchObject({ kind: 'refused', posted: 1 });
    expect(calls).toEqual(['create 1 key-1 one', 'create 2 key-2 two']);
    expect(last()?.parts.map((part) => part.id)).toEqual(['id-1']);
  });

  it('a create in doubt is looked up under its key at once: found, the thread goes on', async () => {
    const { platform, calls, made } = fakePlatform({
      create: { 2: failing(new XpostError('OUTCOME_UNKNOWN', 'no answer')) },
      recover: async (place) => ({ kind: 'found', part: made(place) }),
    });
    const { journal } = fakeJournal();
    const outcome = await postThread(request(platform), journal, now);
    expect(outcome).toMatchObject({ kind: 'complete', sent: 3 });
    expect(calls).toEqual(['create 1 key-1 one', 'create 2 key-2 two', `recover 2 key-2 ${NOW.toISOString()}`, 'create 3 key-3 three']);
  });

  it('a create in doubt that is not found yet stops the thread with its key kept for the next run', async () => {
    const { platform, calls } = fakePlatform({ create: { 2: failing(status(502)) }, recover: async () => ({ kind: 'send' }) });
    const { journal, last } = fakeJournal();
    const outcome = await postThread(request(platform), journal, now);
    expect(outcome).toMatchObject({ kind: 'unknown', posted: 1 });
    expect(outcome.kind === 'unknown' && outcome.error.hint).toContain('under the same key');
    expect(calls).toHaveLength(3);
    expect(last()?.parts[1]).toEqual({ key: 'key-2', sentAt: NOW.toISOString() });
  });

  it('a create in doubt whose lookup fails stops the thread as unknown, with the command that records the part', async () => {
    const { platform } = fakePlatform({ create: { 1: failing(status(500)) }, recover: failing(status(503)) as never });
    const { journal, last } = fakeJournal();
    const outcome = await postThread(request(platform), journal, now);
    expect(outcome).toMatchObject({ kind: 'unknown', posted: 0 });
    expect(outcome.kind === 'unknown' && outcome.error.message).toContain('looking it up failed');
    expect(last()?.parts).toEqual([{ key: 'key-1', sentAt: NOW.toISOString() }]);
  });

  it('broken: a deleted part the thread hangs from stops it, with --force as the way out', async () => {
    const { platform, calls } = fakePlatform({ exists: async (part) => part.id !== 'id-2' });
    const { journal, saves } = fakeJournal();
    const outcome = await postThread(request(platform, { progress: { total: 3, parts: [posted(1), posted(2)] } }), journal, now);
    expect(outcome).toMatchObject({ kind: 'broken', posted: 2 });
    expect(outcome.kind === 'broken' && outcome.error.hint).toContain('--force');
    expect(calls).toEqual(['exists id-1', 'exists id-2']);
    expect(saves).toEqual([]);
  });

  it('--force after a deleted part starts a new thread from part 1', async () => {
    const { platform, calls, places } = fakePlatform({ exists: async () => false });
    const { journal, saves } = fakeJournal();
    const outcome = await postThread(request(platform, { progress: { total: 3, parts: [posted(1), posted(2)] }, force: true }), journal, now);
    expect(outcome).toMatchObject({ kind: 'complete', sent: 3 });
    expect(calls.filter((call) => call.startsWith('create'))).toEqual(['create 1 key-1 one', 'create 2 key-2 two', 'create 3 key-3 three']);
    expect(places[0]?.parent).toBeUndefined();
    expect(saves[0]?.parts).toEqual([{ key: 'key-1', sentAt: NOW.toISOString() }]);
  });

  it('a platform that refuses a reply to a deleted part: broken, and with --force a new thread, once', async () => {
    const gone = new XpostError('NOT_FOUND', 'Example answered 404', { status: 404, platformCode: 'PARENT_GONE' });
    const plain = fakePlatform({ create: { 3: failing(gone) } });
    const first = await postThread(request(plain.platform, { progress: { total: 3, parts: [posted(1), posted(2)] } }), fakeJournal().journal, now);
    expect(first).toMatchObject({ kind: 'broken', posted: 2 });

    const forced = fakePlatform({ create: { 3: failing(gone) } });
    const outcome = await postThread(request(forced.platform, { progress: { total: 3, parts: [posted(1), posted(2)] }, force: true }), fakeJournal().journal, now);
    // The new thread's third part hangs from its own second part: the same refusal again is not retried forever.
    expect(outcome).toMatchObject({ kind: 'broken', posted: 2 });
    expect(forced.calls).toEqual(['create 3 key-1 three', 'create 1 key-2 one', 'create 2 key-3 two', 'create 3 key-4 three']);
  });

  it('edit: changed parts are edited in place, unchanged ones left alone, surplus ones deleted, new ones added', async () => {
    const { platform, calls } = fakePlatform({});
    const { journal, last } = fakeJournal();
    const shorter = await postThread(
      request(platform, { parts: ['one', 'TWO'], hashes: ['h1', 'h2-new'], progress: { total: 3, parts: [posted(1), posted(2), posted(3)] }, edit: true }),
      journal,
      now,
    );
    expect(shorter).toMatchObject({ kind: 'complete', sent: 0, edited: 1 });
    expect(calls).toEqual(['delete id-3', 'edit id-2 TWO']);
    expect(last()).toEqual({ total: 2, parts: [posted(1), { key: 'old-2', id: 'id-2', url: 'https://example.com/2?edited', hash: 'h2-new', meta: { cid: 'cid-2' } }] });

    const longer = fakePlatform({});
    const grown = await postThread(request(longer.platform, { hashes: ['h1', 'h2', 'h3'], progress: { total: 2, parts: [posted(1), posted(2, 'stale')] }, edit: true }), fakeJournal().journal, now);
    expect(grown).toMatchObject({ kind: 'complete', sent: 1, edited: 1 });
    expect(longer.calls).toEqual(['edit id-2 two', 'create 3 key-1 three']);
  });

  it('a failed edit is reported as refused, with what was already edited kept', async () => {
    const { platform } = fakePlatform({ edit: failing(status(422, 'REJECTED')) as never });
    const outcome = await postThread(request(platform, { hashes: ['x1', 'x2', 'x3'], progress: { total: 3, parts: [posted(1), posted(2), posted(3)] }, edit: true }), fakeJournal().journal, now);
    expect(outcome).toMatchObject({ kind: 'refused', posted: 3 });
  });

  it('refuses to edit on a platform that cannot', async () => {
    const { platform } = fakePlatform({ noEdits: true });
    await expect(postThread(request(platform, { progress: { total: 3, parts: [posted(1), posted(2), posted(3)] }, edit: true }), fakeJournal().journal, now)).rejects.toThrow(/cannot be edited/);
  });
});

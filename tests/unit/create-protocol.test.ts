import { describe, expect, it } from 'vitest';
import type { PendingCreate } from '../../src/config/state-schema.js';
import { createOnce, createWasRefused, secondsUntilSearchCatchesUp, type CreateJournal, type CreateRequest, type CreatingAdapter } from '../../src/core/create-protocol.js';
import { XpostError } from '../../src/errors/xpost-error.js';
import type { PlatformSession, RemoteRecord } from '../../src/platforms/types.js';
import { renderedPost } from '../helpers/sessions.js';

const NOW = new Date('2026-11-09T08:00:00.000Z');
const FOUND: RemoteRecord = { id: 'found-1', url: 'https://example.com/found-1' };

/** A platform that answers from a script, and remembers what it was asked. */
function fakeAdapter(script: { create?: () => Promise<RemoteRecord>; find?: (() => Promise<RemoteRecord | undefined>) | null; searchLagSeconds?: number; resolveAccount?: () => Promise<void> }) {
  const calls: string[] = [];
  const adapter: CreatingAdapter = {
    name: 'Example',
    manageUrl: 'https://example.com/me/posts',
    searchLagSeconds: script.searchLagSeconds,
    resolveAccount: async () => {
      calls.push('resolveAccount');
      await script.resolveAccount?.();
    },
    create: async () => {
      calls.push('create');
      return (script.create ?? (async () => ({ id: 'new-1', url: 'https://example.com/new-1' })))();
    },
    ...(script.find === null
      ? {}
      : {
          find: async () => {
            calls.push('find');
            return (script.find ?? (async () => undefined))();
          },
        }),
  };
  return { adapter, calls };
}

function fakeJournal() {
  const entries: Array<['begin', PendingCreate] | ['clear']> = [];
  const journal: CreateJournal = {
    begin: async (intent) => {
      entries.push(['begin', intent]);
    },
    clear: async () => {
      entries.push(['clear']);
    },
  };
  return { journal, entries };
}

function request(adapter: CreatingAdapter, overrides: Partial<CreateRequest> = {}): CreateRequest {
  return {
    adapter,
    session: {} as PlatformSession,
    prepared: { payload: {}, fingerprint: {}, notes: [], endpoint: 'POST /posts' },
    rendered: renderedPost(),
    contentHash: 'sha256:content',
    earlierIntent: undefined,
    markCommand: 'xpost state mark posts/a.md --platform example --id <id> --url <url>',
    ...overrides,
  };
}

const failing = (error: XpostError) => async (): Promise<never> => {
  throw error;
};
const status = (code: number, errorCode: XpostError['code'] = 'SERVER_ERROR') => new XpostError(errorCode, `Example answered ${code}`, { status: code });
const now = () => NOW;

describe('createOnce', () => {
  it('created: the intent is written before the create is sent, and the copy comes back', async () => {
    const { adapter, calls } = fakeAdapter({});
    const { journal, entries } = fakeJournal();
    const outcome = await createOnce(request(adapter), journal, now);
    expect(outcome).toEqual({ kind: 'created', remote: { id: 'new-1', url: 'https://example.com/new-1' } });
    expect(calls).toEqual(['resolveAccount', 'create']);
    expect(entries).toEqual([['begin', { contentHash: 'sha256:content', startedAt: NOW.toISOString() }]]);
  });

  it('refused: a failed account lookup sends nothing and writes no intent', async () => {
    const { adapter, calls } = fakeAdapter({ resolveAccount: failing(status(401, 'AUTH_FAILED')) });
    const { journal, entries } = fakeJournal();
    const outcome = await createOnce(request(adapter), journal, now);
    expect(outcome).toMatchObject({ kind: 'refused', error: { code: 'AUTH_FAILED' } });
    expect(calls).toEqual(['resolveAccount']);
    expect(entries).toEqual([]);
  });

  it('refused: an intent that cannot be written sends nothing', async () => {
    const { adapter, calls } = fakeAdapter({});
    const journal: CreateJournal = { begin: failing(new XpostError('STATE_INVALID', 'disk full')), clear: async () => undefined };
    expect(await createOnce(request(adapter), journal, now)).toMatchObject({ kind: 'refused', error: { message: 'disk full' } });
    expect(calls).toEqual(['resolveAccount']);
  });

  it.each([400, 401, 403, 404, 422, 429])('refused: %i is a refusal, the intent is cleared and nothing is looked up', async (code) => {
    const { adapter, calls } = fakeAdapter({ create: failing(status(code, code === 429 ? 'RATE_LIMITED' : 'REJECTED')) });
    const { journal, entries } = fakeJournal();
    expect(await createOnce(request(adapter), journal, now)).toMatchObject({ kind: 'refused', error: { status: code } });
    expect(entries.map(([kind]) => kind)).toEqual(['begin', 'clear']);
    expect(calls).toEqual(['resolveAccount', 'create']);
  });

  it('refused: a connection refused before sending', async () => {
    const { adapter } = fakeAdapter({ create: failing(new XpostError('NETWORK', 'connection failed (ECONNREFUSED)', { notSent: true })) });
    const { journal, entries } = fakeJournal();
    expect((await createOnce(request(adapter), journal, now)).kind).toBe('refused');
    expect(entries.at(-1)).toEqual(['clear']);
  });

  it.each([500, 502, 503, 504])('unknown: %i after sending keeps the intent; a searchable platform is looked up', async (code) => {
    const { adapter, calls } = fakeAdapter({ create: failing(status(code, 'OUTCOME_UNKNOWN')) });
    const { journal, entries } = fakeJournal();
    const outcome = await createOnce(request(adapter), journal, now);
    expect(outcome).toMatchObject({ kind: 'unknown', error: { code: 'OUTCOME_UNKNOWN', message: expect.stringContaining('not found on Example') } });
    expect(calls).toEqual(['resolveAccount', 'create', 'find']);
    expect(entries.map(([kind]) => kind)).toEqual(['begin']);
  });

  it.each([
    ['a timeout', new XpostError('OUTCOME_UNKNOWN', 'no answer within 5 s after the request was sent')],
    ['a 2xx without an id (the adapter says so)', new XpostError('SERVER_ERROR', 'Example answered 201 without a post id')],
    ['anything the adapter throws', new XpostError('INTERNAL', 'Unexpected error: Cannot read properties of undefined')],
  ])('unknown: %s on a platform that cannot be searched names the state mark command', async (_what, error) => {
    const { adapter, calls } = fakeAdapter({ create: failing(error), find: null });
    const { journal, entries } = fakeJournal();
    const outcome = await createOnce(request(adapter), journal, now);
    expect(outcome.kind).toBe('unknown');
    if (outcome.kind !== 'unknown') return;
    expect(outcome.error.message).toContain('check https://example.com/me/posts and run `xpost state mark posts/a.md --platform example --id <id> --url <url>`');
    expect(outcome.error.hint).toContain('--force');
    expect(calls).toEqual(['resolveAccount', 'create']);
    expect(entries.map(([kind]) => kind)).toEqual(['begin']);
  });

  it('unknown: a 2xx whose record has no id is never taken for a created copy', async () => {
    const { adapter } = fakeAdapter({ create: async () => ({ id: '', url: undefined }), find: null });
    const { journal, entries } = fakeJournal();
    expect(await createOnce(request(adapter), journal, now)).toMatchObject({ kind: 'unknown', error: { message: expect.stringContaining('without the new post') } });
    expect(entries.map(([kind]) => kind)).toEqual(['begin']);
  });

  it('adopted: a create in doubt whose copy the lookup finds', async () => {
    const { adapter } = fakeAdapter({ create: failing(status(502, 'OUTCOME_UNKNOWN')), find: async () => FOUND });
    const { journal } = fakeJournal();
    expect(await createOnce(request(adapter), journal, now)).toEqual({ kind: 'adopted', remote: FOUND, because: 'unknown-outcome' });
  });

  it('unknown: a lookup that fails after a create in doubt keeps the intent', async () => {
    const { adapter } = fakeAdapter({ create: failing(status(504, 'OUTCOME_UNKNOWN')), find: failing(status(503)) });
    const { journal, entries } = fakeJournal();
    expect(await createOnce(request(adapter), journal, now)).toMatchObject({ kind: 'unknown', error: { message: expect.stringContaining('looking for it on Example failed') } });
    expect(entries.map(([kind]) => kind)).toEqual(['begin']);
  });

  it('the search-lag guard: "not found" right after a create proves nothing', async () => {
    const { adapter } = fakeAdapter({ create: failing(status(502, 'OUTCOME_UNKNOWN')), searchLagSeconds: 25 });
    const { journal } = fakeJournal();
    const outcome = await createOnce(request(adapter), journal, now);
    expect(outcome).toMatchObject({ kind: 'unknown', error: { message: expect.stringContaining("search can take 25 s"), hint: expect.stringContaining('in 30 s') } });
  });

  it('duplicate: the copy the platform names is adopted; when it is not ours the refusal stands and the intent goes', async () => {
    const duplicate = new XpostError('DUPLICATE', 'Canonical url has already been taken', { status: 422, platformCode: 'DUPLICATE' });
    const mine = fakeAdapter({ create: failing(duplicate), find: async () => FOUND });
    expect(await createOnce(request(mine.adapter), fakeJournal().journal, now)).toEqual({ kind: 'adopted', remote: FOUND, because: 'duplicate' });
    const theirs = fakeAdapter({ create: failing(duplicate) });
    const { journal, entries } = fakeJournal();
    expect(await createOnce(request(theirs.adapter), journal, now)).toMatchObject({ kind: 'refused', error: { code: 'DUPLICATE' } });
    expect(entries.at(-1)).toEqual(['clear']);
  });

  describe('with an intent an earlier run left', () => {
    const earlier = (secondsAgo: number): PendingCreate => ({ contentHash: 'sha256:old', startedAt: new Date(NOW.getTime() - secondsAgo * 1000).toISOString() });

    it('adopts the copy the lookup finds, without creating', async () => {
      const { adapter, calls } = fakeAdapter({ find: async () => FOUND });
      const { journal, entries } = fakeJournal();
      expect(await createOnce(request(adapter, { earlierIntent: earlier(60) }), journal, now)).toEqual({ kind: 'adopted', remote: FOUND, because: 'earlier-create' });
      expect(calls).toEqual(['find']);
      expect(entries).toEqual([]);
    });

    it('creates once the lookup finds nothing and the search has caught up', async () => {
      const { adapter, calls } = fakeAdapter({ searchLagSeconds: 25 });
      expect((await createOnce(request(adapter, { earlierIntent: earlier(60) }), fakeJournal().journal, now)).kind).toBe('created');
      expect(calls).toEqual(['find', 'resolveAccount', 'create']);
    });

    it('sends nothing while the search may lag', async () => {
      const { adapter, calls } = fakeAdapter({ searchLagSeconds: 25 });
      expect(await createOnce(request(adapter, { earlierIntent: earlier(10) }), fakeJournal().journal, now)).toMatchObject({ kind: 'unknown', error: { hint: expect.stringContaining('in 20 s') } });
      expect(calls).toEqual(['find']);
    });

    it('sends nothing on a platform that cannot be searched, and says how to settle it', async () => {
      const { adapter, calls } = fakeAdapter({ find: null });
      const outcome = await createOnce(request(adapter, { earlierIntent: earlier(3600) }), fakeJournal().journal, now);
      expect(outcome).toMatchObject({ kind: 'unknown', error: { message: expect.stringContaining('an earlier create may have reached Example') } });
      expect(calls).toEqual([]);
    });

    it('sends nothing when the lookup fails', async () => {
      const { adapter, calls } = fakeAdapter({ find: failing(status(500)) });
      expect((await createOnce(request(adapter, { earlierIntent: earlier(3600) }), fakeJournal().journal, now)).kind).toBe('unknown');
      expect(calls).toEqual(['find']);
    });
  });
});

describe('createWasRefused', () => {
  it('is a whitelist: refusals by status, by code without a status, or a request that never left', () => {
    for (const code of [400, 401, 403, 404, 406, 409, 413, 422, 426, 429, 301, 307, 308]) expect(createWasRefused(status(code, 'REJECTED')), String(code)).toBe(true);
    for (const code of [500, 501, 502, 503, 504, 520, 408, 302, 303, 200]) expect(createWasRefused(status(code, 'REJECTED')), String(code)).toBe(false);
    expect(createWasRefused(new XpostError('REJECTED', 'Hashnode rejected the post: bad input'))).toBe(true);
    expect(createWasRefused(new XpostError('FORBIDDEN', 'Hashnode refused the request'))).toBe(true);
    expect(createWasRefused(new XpostError('SERVER_ERROR', 'answered without an id'))).toBe(false);
    expect(createWasRefused(new XpostError('OUTCOME_UNKNOWN', 'reset'))).toBe(false);
    expect(createWasRefused(new XpostError('NETWORK', 'reset'))).toBe(false);
    expect(createWasRefused(new XpostError('NETWORK', 'refused', { notSent: true }))).toBe(true);
    expect(createWasRefused(new XpostError('INTERNAL', 'TypeError'))).toBe(false);
  });
});

describe('secondsUntilSearchCatchesUp', () => {
  it('counts the lag plus a 5 s margin from the intent', () => {
    expect(secondsUntilSearchCatchesUp(25, new Date(NOW.getTime() - 10_000).toISOString(), NOW)).toBe(20);
    expect(secondsUntilSearchCatchesUp(25, new Date(NOW.getTime() - 30_000).toISOString(), NOW)).toBe(0);
    expect(secondsUntilSearchCatchesUp(undefined, NOW.toISOString(), NOW)).toBe(0);
    expect(secondsUntilSearchCatchesUp(25, 'not a date', NOW)).toBe(0);
  });
});

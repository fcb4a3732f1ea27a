/**
 * Mastodon details the main contract suite leaves open: how error bodies are read, which instance
 * limits are believed, how a part in doubt is looked for page by page, and how each failure is explained.
 */
import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import * as threadTools from '../../src/core/thread.js';
import { mastodonAdapter, type MastodonPart } from '../../src/platforms/mastodon.js';
import type { PartPlace, PostedPart } from '../../src/platforms/types.js';
import { failure, renderedPost, sessionFor } from '../helpers/sessions.js';
import { firstPartPlace, MASTODON, mastodonStatus } from '../helpers/thread-accounts.js';

const { origin: ORIGIN, token: TOKEN, env, accountId: ACCOUNT_ID, key: KEY } = MASTODON;
const SENT_AT = '2026-11-09T08:00:00.000Z';
const LATER = new Date('2026-11-09T10:00:00.000Z');

function session(account: Record<string, string> = {}, sessionEnv: Record<string, string> = env) {
  return sessionFor(mastodonAdapter, sessionEnv, { origin: ORIGIN, account });
}

function part(text: string, overrides: Partial<MastodonPart> = {}): MastodonPart {
  return { status: text, visibility: 'public', ...overrides };
}

const place = (overrides: Partial<PartPlace> = {}): PartPlace => firstPartPlace('mastodon', overrides);

const status = mastodonStatus;


const statusesPath = `/api/v1/accounts/${ACCOUNT_ID}/statuses`;

describe('Mastodon: error bodies', () => {
  it.each([
    ['a JSON error', 422, { error: 'Validation failed: Text character limit of 500 exceeded' }, 'Validation failed: Text character limit of 500 exceeded', undefined],
    // A lost parent is told by the request (a reply that 404s), not by these words: see the contract suite.
    ['a reply to a deleted status', 404, { error: 'The post you are trying to reply to does not appear to exist.' }, 'The post you are trying to reply to does not appear to exist.', undefined],
    ['a text body, trimmed', 502, '  <html>Bad Gateway</html>\n', '<html>Bad Gateway</html>', undefined],
    ['a long text body, cut at 300 characters', 502, ` ${'x'.repeat(400)}`, 'x'.repeat(300), undefined],
    ['a blank text body', 502, '   ', undefined, undefined],
    ['an error that is not text', 500, { error: 5 }, undefined, undefined],
    ['no body', 500, null, undefined, undefined],
  ])('%s', (_name, code, body, message, platformCode) => {
    expect(mastodonAdapter.readErrorText(code, body)).toEqual({ message, platformCode });
  });
});

describe('Mastodon: instance limits', () => {
  it('asks for JSON, and keeps only whole positive numbers from the instance', async () => {
    nock(ORIGIN, { badheaders: ['authorization'] })
      .get('/api/v2/instance')
      .matchHeader('accept', 'application/json')
      .reply(200, { configuration: { statuses: { max_characters: 0, characters_reserved_per_url: 2.5 } } })
      .get('/api/v2/instance')
      .reply(200, { configuration: { statuses: { max_characters: '5000', characters_reserved_per_url: -23 } } })
      .get('/api/v2/instance')
      .reply(200, { domain: 'mastodon.example' })
      .get('/api/v2/instance')
      .reply(200, 'not json');
    for (let run = 0; run < 4; run += 1) {
      const current = session();
      await mastodonAdapter.resolveAccount!(current);
      expect(current.accountValues).toEqual({});
    }
  });

  it('writes nothing when the instance says what is already remembered', async () => {
    nock(ORIGIN).get('/api/v2/instance').reply(200, { configuration: { statuses: { max_characters: 500, characters_reserved_per_url: 23 } } });
    const current = session({ max_characters: '500', characters_reserved_per_url: '23' });
    const set = vi.spyOn(current.account, 'set');
    await mastodonAdapter.resolveAccount!(current);
    expect(set).not.toHaveBeenCalled();
  });

  it('a remembered limit that is not a whole positive number falls back to the defaults', () => {
    for (const bad of ['0', '-5', '2.5', 'many', '']) {
      const fit = mastodonAdapter.fitThread(threadTools, { max_characters: bad, characters_reserved_per_url: bad });
      expect(fit.maxLength).toBe(500);
      expect(fit.measure('see https://blog.example.com/a')).toBe(4 + 23);
      expect(fit.unit).toBe('characters');
    }
  });
});

describe('Mastodon: parts', () => {
  it('a later part answers the one before (its id is known only when sent); the fingerprint is the text', () => {
    const prepared = mastodonAdapter.thread.preparePart('two', { index: 1, total: 3, post: renderedPost({ platform: 'mastodon' }), settings: {}, kit: threadTools });
    expect(prepared).toEqual({ payload: { status: 'two', visibility: 'public', in_reply_to_id: '<id of part 1>' }, fingerprint: { status: 'two' } });
  });

  it('an unknown visibility names the setting and how to fix it', () => {
    expect(() => mastodonAdapter.thread.preparePart('one', { index: 0, total: 1, post: renderedPost({ platform: 'mastodon' }), settings: { visibility: 'everyone' }, kit: threadTools })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: 'MASTODON_VISIBILITY is "everyone"; it must be one of public, unlisted, private, direct', hint: 'Fix MASTODON_VISIBILITY or platforms.mastodon.visibility (default public).' }),
    );
  });

  it('each part gets a fresh idempotency key of its own', async () => {
    const [first, second] = [await mastodonAdapter.thread.newKey(), await mastodonAdapter.thread.newKey()];
    expect(first).toMatch(/^xpost-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
  });

  it('sends the token trimmed, and a status without an id is an unknown outcome', async () => {
    nock(ORIGIN).post('/api/v1/statuses').matchHeader('authorization', `Bearer ${TOKEN}`).reply(200, { url: `${ORIGIN}/@x/1` });
    const error = await failure(() => mastodonAdapter.thread.createPart(session({}, { ...env, MASTODON_ACCESS_TOKEN: ` ${TOKEN}\n` }), part('one'), place()));
    expect([error.code, error.message]).toEqual(['OUTCOME_UNKNOWN', 'Mastodon answered without the status id']);
    nock(ORIGIN).post('/api/v1/statuses').reply(200, status(''));
    expect((await failure(() => mastodonAdapter.thread.createPart(session(), part('one'), place()))).code).toBe('OUTCOME_UNKNOWN');
  });

  it('remembers the account only from a status that names it, and only when it changed', async () => {
    nock(ORIGIN).post('/api/v1/statuses').reply(200, status('1', { account: undefined })).post('/api/v1/statuses').reply(200, status('2', { account: { id: '' } }));
    const current = session();
    await mastodonAdapter.thread.createPart(current, part('one'), place());
    await mastodonAdapter.thread.createPart(current, part('one'), place());
    expect(current.accountValues).toEqual({});

    nock(ORIGIN).post('/api/v1/statuses').reply(200, status('3', { url: null }));
    const known = session({ account_id: ACCOUNT_ID });
    const set = vi.spyOn(known.account, 'set');
    expect(await mastodonAdapter.thread.createPart(known, part('one'), place())).toEqual({ key: KEY, id: '3', url: undefined });
    expect(set).not.toHaveBeenCalled();
  });

  it('a delete that fails for another reason than "already gone" is reported', async () => {
    nock(ORIGIN).delete('/api/v1/statuses/9').reply(403, { error: 'This action is not allowed' });
    const error = await failure(() => mastodonAdapter.thread.deletePart!(session(), { key: 'k', id: '9', url: undefined }));
    expect([error.code, error.message]).toEqual(['FORBIDDEN', 'Mastodon refused DELETE /api/v1/statuses/9 (Mastodon answered 403: This action is not allowed)']);
  });
});

describe('Mastodon: a part in doubt after the key\'s hour', () => {
  it('the key is trusted for 50 minutes: from then on the statuses are read', async () => {
    const current = session({ account_id: ACCOUNT_ID });
    expect(await mastodonAdapter.thread.recoverPart(current, part('one'), place(), SENT_AT, new Date('2026-11-09T08:49:59.999Z'))).toEqual({ kind: 'send' });
    const scope = nock(ORIGIN).get(statusesPath).query({ limit: 40 }).reply(200, [status('5')]);
    expect(await mastodonAdapter.thread.recoverPart(current, part('one'), place(), SENT_AT, new Date('2026-11-09T08:50:00.000Z'))).toMatchObject({ kind: 'found', part: { id: '5' } });
    scope.done();
  });

  it('not found on a short page: sent again', async () => {
    nock(ORIGIN).get(statusesPath).query({ limit: 40 }).reply(200, [status('5', { content: '<p>another</p>' })]);
    expect(await mastodonAdapter.thread.recoverPart(session({ account_id: ACCOUNT_ID }), part('one'), place(), SENT_AT, LATER)).toEqual({ kind: 'send' });
    nock(ORIGIN).get(statusesPath).query({ limit: 40 }).reply(200, { error: 'not a list' });
    expect(await mastodonAdapter.thread.recoverPart(session({ account_id: ACCOUNT_ID }), part('one'), place(), SENT_AT, LATER)).toEqual({ kind: 'send' });
  });

  it('matches only a status answering the same part before', async () => {
    const parent: PostedPart = { key: 'k1', id: '100', url: undefined };
    nock(ORIGIN)
      .get(statusesPath)
      .query({ limit: 40 })
      .reply(200, [status('6', { content: '<p>two</p>', in_reply_to_id: '99' }), status('7', { content: '<p>two</p>' }), status('8', { content: '<p>two</p>', in_reply_to_id: '100' })]);
    expect(await mastodonAdapter.thread.recoverPart(session({ account_id: ACCOUNT_ID }), part('two'), place({ index: 1, root: parent, parent }), SENT_AT, LATER)).toMatchObject({ kind: 'found', part: { id: '8' } });
  });

  it('reads the text back from the status\'s HTML: line breaks, paragraphs and entities', async () => {
    const text = 'Line one\nline two\n\nNext <b> & "quotes" it\'s';
    nock(ORIGIN)
      .get(statusesPath)
      .query({ limit: 40 })
      .reply(200, [
        status('1', { content: '<p>Line one<br>line two</p><p>Next &lt;b&gt; &amp; &quot;quotes&quot; it&#39;s!</p>' }),
        status('2', { content: '<p>Line one<br />line two</p>\n<p>Next &lt;b&gt; &amp; &quot;quotes&quot; it&#39;s</p>' }),
      ]);
    expect(await mastodonAdapter.thread.recoverPart(session({ account_id: ACCOUNT_ID }), part(text), place(), SENT_AT, LATER)).toMatchObject({ kind: 'found', part: { id: '2' } });
    nock(ORIGIN).get(statusesPath).query({ limit: 40 }).reply(200, [status('3', { content: '<p>Line one<br/>line two</p> <p>Next &lt;b&gt; &amp; &quot;quotes&quot; it&#39;s</p>' })]);
    expect(await mastodonAdapter.thread.recoverPart(session({ account_id: ACCOUNT_ID }), part(text), place(), SENT_AT, LATER)).toMatchObject({ kind: 'found', part: { id: '3' } });
    nock(ORIGIN).get(statusesPath).query({ limit: 40 }).reply(200, [status('4', { content: '<p>Lineone line two Next &lt;b&gt; &amp; &quot;quotes&quot; it&#39;s</p>' })]);
    expect(await mastodonAdapter.thread.recoverPart(session({ account_id: ACCOUNT_ID }), part(text), place(), SENT_AT, LATER)).toEqual({ kind: 'send' });
  });

  const page = (from: number, createdAt: string) => Array.from({ length: 40 }, (_, index) => status(String(from - index), { content: '<p>other</p>', created_at: createdAt }));

  it('reads older pages while they reach back to a minute before the send', async () => {
    const scope = nock(ORIGIN)
      .get(statusesPath)
      .query({ limit: 40 })
      .reply(200, page(1000, '2026-11-09T07:59:00.000Z'))
      .get(statusesPath)
      .query({ limit: 40, max_id: '961' })
      .reply(200, [...page(960, '2026-11-09T07:59:00.000Z').slice(0, 39), status('921')]);
    expect(await mastodonAdapter.thread.recoverPart(session({ account_id: ACCOUNT_ID }), part('one'), place(), SENT_AT, LATER)).toMatchObject({ kind: 'found', part: { id: '921' } });
    scope.done();
  });

  it('stops at a full page older than a minute before the send', async () => {
    const scope = nock(ORIGIN).get(statusesPath).query({ limit: 40 }).reply(200, page(1000, '2026-11-09T07:58:59.999Z'));
    expect(await mastodonAdapter.thread.recoverPart(session({ account_id: ACCOUNT_ID }), part('one'), place(), SENT_AT, LATER)).toEqual({ kind: 'send' });
    scope.done();
  });

  it('stops at a page whose oldest status has no id', async () => {
    const scope = nock(ORIGIN).get(statusesPath).query({ limit: 40 }).reply(200, [...page(1000, '2026-11-09T09:00:00.000Z').slice(0, 39), { content: '<p>other</p>' }]);
    expect(await mastodonAdapter.thread.recoverPart(session({ account_id: ACCOUNT_ID }), part('one'), place(), SENT_AT, LATER)).toEqual({ kind: 'send' });
    scope.done();
  });

  it('gives up after five full pages: the part stays in doubt', async () => {
    const scope = nock(ORIGIN);
    for (let index = 0; index < 5; index += 1) {
      scope
        .get(statusesPath)
        .query(index === 0 ? { limit: 40 } : { limit: 40, max_id: String(1001 - index * 40) })
        .reply(200, page(1000 - index * 40, '2026-11-09T09:00:00.000Z'));
    }
    const error = await failure(() => mastodonAdapter.thread.recoverPart(session({ account_id: ACCOUNT_ID }), part('one'), place(), SENT_AT, LATER));
    expect([error.code, error.message]).toEqual(['OUTCOME_UNKNOWN', 'the account has posted too much since the part was sent to look for it']);
    scope.done();
  });

  it('a direct part cannot be read back either', async () => {
    const error = await failure(() => mastodonAdapter.thread.recoverPart(session({ account_id: ACCOUNT_ID }), part('one', { visibility: 'direct' }), place(), SENT_AT, LATER));
    expect([error.code, error.message]).toEqual(['OUTCOME_UNKNOWN', 'Mastodon keeps an Idempotency-Key for an hour, and the account\'s statuses cannot be read to look for the part']);
  });
});

describe('Mastodon: failures explained', () => {
  it('a rejected token keeps the status and says where to check it', async () => {
    nock(ORIGIN).post('/api/v1/statuses').reply(401, { error: 'The access token is invalid' });
    const error = await failure(() => mastodonAdapter.thread.createPart(session(), part('one'), place()));
    expect(error).toMatchObject({ status: 401, hint: 'Check that the token belongs to MASTODON_INSTANCE_URL and was not revoked: Preferences > Development on your instance.' });
  });

  it('a rate limit without a reset time says to run again later', async () => {
    nock(ORIGIN).post('/api/v1/statuses').times(3).reply(429, { error: 'Too many requests' });
    const error = await failure(() => mastodonAdapter.thread.createPart(session(), part('one'), place()));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, hint: 'Mastodon allows 300 requests per 5 minutes per account: run again later; the parts already posted are recorded.' });
  });

  it('a text over the instance\'s limit says the limit changed; another 422 is left as it is', async () => {
    nock(ORIGIN)
      .post('/api/v1/statuses')
      .reply(422, { error: 'Validation failed: Text character limit of 500 exceeded' })
      .post('/api/v1/statuses')
      .reply(422, { error: 'Validation failed: Visibility is invalid' });
    const tooLong = await failure(() => mastodonAdapter.thread.createPart(session(), part('one'), place()));
    expect(tooLong).toMatchObject({ code: 'REJECTED', status: 422, message: 'Mastodon answered 422: Validation failed: Text character limit of 500 exceeded', hint: 'The instance\'s limit changed: run publish again, which reads it anew and cuts the thread to fit.' });
    const other = await failure(() => mastodonAdapter.thread.createPart(session(), part('one'), place()));
    expect(other.message).toBe('Mastodon answered 422: Validation failed: Visibility is invalid');
    expect(other.hint ?? '').not.toContain('limit changed');
  });
});

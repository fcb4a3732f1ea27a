import nock from 'nock';
import { describe, expect, it } from 'vitest';
import * as threadTools from '../../src/core/thread.js';
import { mastodonAdapter, type MastodonPart } from '../../src/platforms/mastodon.js';
import type { PartPlace, PlatformSettings, PostedPart } from '../../src/platforms/types.js';
import { failure, renderedPost, sessionFor } from '../helpers/sessions.js';
import { firstPartPlace, MASTODON, mastodonStatus } from '../helpers/thread-accounts.js';

const { origin: ORIGIN, token: TOKEN, env, accountId: ACCOUNT_ID, key: KEY } = MASTODON;

function session(account: Record<string, string> = {}) {
  return sessionFor(mastodonAdapter, env, { origin: ORIGIN, account });
}

function prepare(parts: string[], settings: PlatformSettings = {}): MastodonPart[] {
  const post = renderedPost({ platform: 'mastodon' });
  return parts.map((text, index) => mastodonAdapter.thread.preparePart(text, { index, total: parts.length, post, settings, kit: threadTools }).payload);
}

const place = (overrides: Partial<PartPlace> = {}): PartPlace => firstPartPlace('mastodon', overrides);

const status = mastodonStatus;


describe('Mastodon contract: limits', () => {
  it('reads the instance\'s limits from GET /api/v2/instance without the token, and remembers them', async () => {
    nock(ORIGIN, { badheaders: ['authorization'] })
      .get('/api/v2/instance')
      .reply(200, { domain: 'mastodon.example', configuration: { statuses: { max_characters: 1000, characters_reserved_per_url: 23 } } });
    const current = session({ max_characters: '500' });
    await mastodonAdapter.resolveAccount!(current);
    expect(current.accountValues).toEqual({ max_characters: '1000', characters_reserved_per_url: '23' });
    expect(mastodonAdapter.fitThread(threadTools, current.accountValues).maxLength).toBe(1000);
  });

  it('counts as the instance does: every URL as 23, graphemes otherwise; 500 until the instance was asked', () => {
    const fit = mastodonAdapter.fitThread(threadTools, {});
    expect(fit.maxLength).toBe(500);
    expect(fit.measure(`Read 👩‍💻 https://blog.example.com/${'x'.repeat(200)}`)).toBe(7 + 23);
    expect(mastodonAdapter.fitThread(threadTools, { characters_reserved_per_url: '30' }).measure('https://a.com')).toBe(30);
  });
});

describe('Mastodon contract: posting a part', () => {
  it('POSTs form data with the Bearer token and the part\'s Idempotency-Key, answering the part before; 200 gives the status', async () => {
    const [, second] = prepare(['one', 'two'], { visibility: 'unlisted' });
    let form: Record<string, string> = {};
    const scope = nock(ORIGIN)
      .post('/api/v1/statuses', (body: Record<string, string>) => {
        form = body;
        return true;
      })
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .matchHeader('idempotency-key', KEY)
      .matchHeader('content-type', /^application\/x-www-form-urlencoded/)
      .reply(200, status('109300000000000002', { in_reply_to_id: '109300000000000001' }));
    const parent: PostedPart = { key: 'k1', id: '109300000000000001', url: undefined };
    const current = session();
    const posted = await mastodonAdapter.thread.createPart(current, second!, place({ index: 1, root: parent, parent }));
    scope.done();
    expect(form).toEqual({ status: 'two', visibility: 'unlisted', in_reply_to_id: '109300000000000001' });
    expect(posted).toEqual({ key: KEY, id: '109300000000000002', url: `${ORIGIN}/@xpost_tester/109300000000000002` });
    expect(current.accountValues['account_id']).toBe(ACCOUNT_ID);
  });

  it('defaults to public visibility and refuses an unknown one before anything is sent', () => {
    expect(prepare(['one'])[0]).toEqual({ status: 'one', visibility: 'public' });
    expect(() => prepare(['one'], { visibility: 'everyone' })).toThrow(/must be one of public, unlisted, private, direct/);
  });

  it('sends a create again with the same Idempotency-Key after a 503: the key makes it safe', async () => {
    const keys: string[] = [];
    const scope = nock(ORIGIN)
      .post('/api/v1/statuses')
      .reply(function () {
        keys.push(String(this.req.headers['idempotency-key']));
        return [503, '<html>Service Unavailable</html>'];
      })
      .post('/api/v1/statuses')
      .reply(function () {
        keys.push(String(this.req.headers['idempotency-key']));
        return [200, status('109300000000000001')];
      });
    await mastodonAdapter.thread.createPart(session(), prepare(['one'])[0]!, place());
    scope.done();
    expect(keys).toEqual([KEY, KEY]);
  });

  it('a reply to a deleted status is a broken thread (PARENT_GONE), not a failure to retry', async () => {
    nock(ORIGIN).post('/api/v1/statuses').reply(404, { error: 'The post you are trying to reply to does not appear to exist.' });
    const parent: PostedPart = { key: 'k1', id: '109300000000000001', url: undefined };
    const error = await failure(() => mastodonAdapter.thread.createPart(session(), prepare(['one', 'two'])[1]!, place({ index: 1, root: parent, parent })));
    expect(error.platformCode).toBe('PARENT_GONE');

    // Instances that answer the missing parent with their generic 404 too; a first part that 404s is no broken thread.
    nock(ORIGIN).post('/api/v1/statuses').reply(404, { error: 'Record not found' });
    expect((await failure(() => mastodonAdapter.thread.createPart(session(), prepare(['one', 'two'])[1]!, place({ index: 1, root: parent, parent })))).platformCode).toBe('PARENT_GONE');
    nock(ORIGIN).post('/api/v1/statuses').reply(404, { error: 'Record not found' });
    expect((await failure(() => mastodonAdapter.thread.createPart(session(), prepare(['one'])[0]!, place()))).platformCode).toBeUndefined();
  });

  it('within the key\'s hour a part in doubt is sent again; after it, the account\'s public statuses are read (without the token) for it', async () => {
    const [part] = prepare(['Hello & welcome: https://blog.example.com/a']);
    const sentAt = '2026-11-09T08:00:00.000Z';
    expect(await mastodonAdapter.thread.recoverPart(session(), part!, place(), sentAt, new Date('2026-11-09T08:30:00.000Z'))).toEqual({ kind: 'send' });

    nock(ORIGIN, { badheaders: ['authorization'] })
      .get(`/api/v1/accounts/${ACCOUNT_ID}/statuses`)
      .query({ limit: 40 })
      .reply(200, [
        status('109300000000000009', { content: '<p>something else</p>' }),
        status('109300000000000003', { content: '<p>Hello &amp; welcome: <a href="https://blog.example.com/a"><span class="invisible">https://</span>blog.example.com/a</a></p>' }),
      ]);
    const found = await mastodonAdapter.thread.recoverPart(session({ account_id: ACCOUNT_ID }), part!, place(), sentAt, new Date('2026-11-09T10:00:00.000Z'));
    expect(found).toEqual({ kind: 'found', part: { key: KEY, id: '109300000000000003', url: `${ORIGIN}/@xpost_tester/109300000000000003` } });
  });

  it('after the hour, a followers-only part or an unknown account cannot be looked up: the part stays in doubt', async () => {
    const [part] = prepare(['one'], { visibility: 'private' });
    const later = new Date('2026-11-09T10:00:00.000Z');
    await expect(mastodonAdapter.thread.recoverPart(session({ account_id: ACCOUNT_ID }), part!, place(), '2026-11-09T08:00:00.000Z', later)).rejects.toThrow(/cannot be read/);
    await expect(mastodonAdapter.thread.recoverPart(session(), prepare(['one'])[0]!, place(), '2026-11-09T08:00:00.000Z', later)).rejects.toThrow(/cannot be read/);
  });

  it('edits a status with PUT (form data) and deletes one with DELETE, an already deleted one included', async () => {
    const scope = nock(ORIGIN)
      .put('/api/v1/statuses/109300000000000001', { status: 'one, edited' })
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .reply(200, status('109300000000000001', { content: '<p>one, edited</p>' }))
      .delete('/api/v1/statuses/109300000000000002')
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .reply(404, { error: 'Record not found' });
    const posted: PostedPart = { key: 'k1', id: '109300000000000001', url: undefined };
    expect(await mastodonAdapter.thread.editPart!(session(), posted, { status: 'one, edited', visibility: 'public' })).toMatchObject({ key: 'k1', id: '109300000000000001' });
    await mastodonAdapter.thread.deletePart!(session(), { key: 'k2', id: '109300000000000002', url: undefined });
    scope.done();
  });
});

describe('Mastodon contract: errors', () => {
  it('explains a rejected token, a missing scope and a rate limit with its reset time', async () => {
    nock(ORIGIN)
      .post('/api/v1/statuses')
      .reply(401, { error: 'The access token is invalid' })
      .post('/api/v1/statuses')
      .reply(403, { error: 'This action is outside the authorized scopes' })
      .post('/api/v1/statuses')
      .reply(429, { error: 'Too many requests' }, { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date(Date.now() + 240_000).toISOString() });
    const [part] = prepare(['one']);
    const rejected = await failure(() => mastodonAdapter.thread.createPart(session(), part!, place()));
    expect([rejected.code, rejected.message]).toEqual(['AUTH_FAILED', 'Mastodon rejected MASTODON_ACCESS_TOKEN (Mastodon answered 401: The access token is invalid)']);
    const scopeless = await failure(() => mastodonAdapter.thread.createPart(session(), part!, place()));
    expect([scopeless.code, scopeless.hint]).toEqual(['FORBIDDEN', expect.stringContaining('write:statuses')]);
    const limited = await failure(() => mastodonAdapter.thread.createPart(session(), part!, place()));
    expect(limited.code).toBe('RATE_LIMITED');
    expect(limited.hint).toMatch(/run again in 4 min/);
  });
});

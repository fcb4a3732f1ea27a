import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonToLex, Lexicons, type LexiconDoc } from '@atproto/lexicon';
import nock from 'nock';
import { beforeAll, describe, expect, it } from 'vitest';
import * as threadTools from '../../src/core/thread.js';
import { createWasRefused } from '../../src/core/create-protocol.js';
import { blueskyAdapter, type BlueskyPart } from '../../src/platforms/bluesky.js';
import type { PartPlace, PostedPart } from '../../src/platforms/types.js';
import { failure, renderedPost, sessionFor } from '../helpers/sessions.js';
import { BLUESKY, blueskyAccessJwt, CANONICAL, firstPartPlace } from '../helpers/thread-accounts.js';

const { origin: ORIGIN, handle: HANDLE, did: DID, env, cid: CID } = BLUESKY;
const BLOB_CID = 'bafkreicmjnvdxyjrjk4gcof66qyu3xqcfzqasygyncnczd4gggac2ig2wy';
const ROOT_CID = 'bafyreicicneu2e36cyy3xiyb2wwkw3t3w6vhjtqrqxkfmvs66uoxg5txwi';

/** The lexicons of shared/api-contracts/bluesky (copied under tests/fixtures), checked with the official validator. */
let lexicons: Lexicons;
beforeAll(() => {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'bluesky');
  const docs = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as LexiconDoc);
  lexicons = new Lexicons(docs);
});

/** A record as sent (JSON), checked against app.bsky.feed.post the way the PDS does: blob refs and CIDs parsed first. */
function assertValidPost(record: unknown): void {
  lexicons.assertValidRecord('app.bsky.feed.post', jsonToLex(record));
}

const accessJwt = blueskyAccessJwt;

function session(overrides: Record<string, string> = {}) {
  return sessionFor(blueskyAdapter, { ...env, ...overrides });
}

function prepare(parts: string[], post = renderedPost({ platform: 'bluesky', canonicalUrl: CANONICAL })): BlueskyPart[] {
  return parts.map((text, index) => blueskyAdapter.thread.preparePart(text, { index, total: parts.length, post, settings: {}, kit: threadTools }).payload);
}

const place = (overrides: Partial<PartPlace> = {}): PartPlace => firstPartPlace('bluesky', overrides);

const createSession = (scope: 'com.atproto.appPass' | 'com.atproto.access' = 'com.atproto.appPass') =>
  nock(ORIGIN)
    .post('/xrpc/com.atproto.server.createSession', { identifier: HANDLE, password: 'test-app-pass-word' })
    .matchHeader('content-type', /^application\/json/)
    .reply(200, { accessJwt: accessJwt(scope), refreshJwt: 'refresh', handle: HANDLE, did: DID, active: true });

describe('Bluesky contract: records', () => {
  it('links and hashtags get facets at exact UTF-8 byte offsets, in text with emoji, accents and Japanese', () => {
    const text = 'Ünïcödé 👋🏽 日本語のポスト https://example.com/ü?q=1 #タグ #TypeScript and example.org.';
    const [part] = prepare([text]);
    const bytes = Buffer.from(text, 'utf8');
    const covered = part!.record.facets!.map((facet) => bytes.subarray(facet.index.byteStart, facet.index.byteEnd).toString('utf8'));
    expect(covered).toEqual(['https://example.com/ü?q=1', '#タグ', '#TypeScript', 'example.org']);
    expect(part!.record.facets!.map((facet) => facet.features)).toEqual([
      [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/ü?q=1' }],
      [{ $type: 'app.bsky.richtext.facet#tag', tag: 'タグ' }],
      [{ $type: 'app.bsky.richtext.facet#tag', tag: 'TypeScript' }],
      [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.org' }],
    ]);
    // The first link starts after 2-byte letters, a 4-byte emoji with a 4-byte skin tone and 3-byte kana.
    expect(part!.record.facets![0]!.index).toEqual({ byteStart: Buffer.byteLength('Ünïcödé 👋🏽 日本語のポスト ', 'utf8'), byteEnd: Buffer.byteLength('Ünïcödé 👋🏽 日本語のポスト https://example.com/ü?q=1', 'utf8') });
  });

  it('gives the part holding the canonical URL a link card, replies placeholders for later parts, and every record passes the lexicon once sent', () => {
    const parts = prepare([`New post\n\n${CANONICAL}`, 'Part two']);
    expect(parts[0]!.record.embed).toEqual({
      $type: 'app.bsky.embed.external',
      external: { uri: CANONICAL, title: 'Testing xpost', description: 'A post used by the tests' },
    });
    expect(parts[1]!.record.embed).toBeUndefined();
    expect(parts[1]!.record.reply).toEqual({ root: '<part 1>', parent: '<part 1>' });
    for (const part of parts) {
      const ref = { uri: `at://${DID}/app.bsky.feed.post/3lbq6xyzabc22`, cid: CID };
      const record = { ...part.record, createdAt: '2026-11-09T08:00:00.000Z', ...(part.record.reply ? { reply: { root: ref, parent: ref } } : {}) };
      expect(() => assertValidPost(record)).not.toThrow();
    }
  });

  it('cuts threads at 300 graphemes and 3,000 bytes, as the lexicon counts', () => {
    const fit = blueskyAdapter.fitThread(threadTools, {});
    const emoji = '👨‍👩‍👧‍👦'.repeat(400);
    const cut = threadTools.splitThread([emoji], { maxLength: fit.maxLength, measure: fit.measure, maxBytes: fit.maxBytes });
    for (const text of cut) {
      expect(() => lexicons.assertValidRecord('app.bsky.feed.post', { $type: 'app.bsky.feed.post', text, createdAt: '2026-11-09T08:00:00.000Z' })).not.toThrow();
      expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(3000);
    }
  });
});

describe('Bluesky contract: posting a part', () => {
  it('logs in with the app password, then creates the record under the recorded key with root and parent strongRefs', async () => {
    const [, second] = prepare(['one', 'two']);
    let input: Record<string, unknown> = {};
    const scope = createSession()
      .post('/xrpc/com.atproto.repo.putRecord', (body: Record<string, unknown>) => {
        input = body;
        return true;
      })
      .matchHeader('authorization', `Bearer ${accessJwt('com.atproto.appPass')}`)
      .reply(200, { uri: `at://${DID}/app.bsky.feed.post/3lbq6xz2aaa22`, cid: CID, validationStatus: 'valid' });
    const root: PostedPart = { key: '3lbq6xyzabc22', id: `at://${DID}/app.bsky.feed.post/3lbq6xyzabc22`, url: undefined, meta: { cid: ROOT_CID } };
    const parent: PostedPart = { key: '3lbq6xz2aaa22', id: `at://${DID}/app.bsky.feed.post/3lbq6xz2aaa22`, url: undefined, meta: { cid: CID } };
    const posted = await blueskyAdapter.thread.createPart(session(), second!, place({ index: 2, key: '3lbq6xz3bbb22', root, parent }));
    scope.done();
    expect(input).toMatchObject({ repo: DID, collection: 'app.bsky.feed.post', rkey: '3lbq6xz3bbb22' });
    const record = input['record'] as Record<string, unknown>;
    expect(record['reply']).toEqual({ root: { uri: root.id, cid: ROOT_CID }, parent: { uri: parent.id, cid: CID } });
    expect(() => assertValidPost(record)).not.toThrow();
    expect(() => lexicons.assertValidXrpcInput('com.atproto.repo.putRecord', input)).not.toThrow();
    expect(posted).toEqual({ key: '3lbq6xz3bbb22', id: `at://${DID}/app.bsky.feed.post/3lbq6xz2aaa22`, url: `https://bsky.app/profile/${HANDLE}/post/3lbq6xz2aaa22`, meta: { cid: CID } });
  });

  it('uploads the cover with uploadBlob and makes it the card\'s thumbnail', async () => {
    const cover = 'https://blog.example.com/cover.png';
    const post = renderedPost({ platform: 'bluesky', canonicalUrl: CANONICAL, coverImage: cover });
    const [first] = prepare([`Read it: ${CANONICAL}`], post);
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    nock('https://blog.example.com').get('/cover.png').reply(200, png, { 'content-type': 'image/png' });
    let record: Record<string, unknown> = {};
    const blob = { $type: 'blob', ref: { $link: BLOB_CID }, mimeType: 'image/png', size: png.length };
    const scope = createSession()
      .post('/xrpc/com.atproto.repo.uploadBlob', (body: unknown) => Buffer.from(body as string, 'hex').equals(png))
      .matchHeader('content-type', 'image/png')
      .reply(200, { blob })
      .post('/xrpc/com.atproto.repo.putRecord', (body: { record: Record<string, unknown> }) => {
        record = body.record;
        return true;
      })
      .reply(200, { uri: `at://${DID}/app.bsky.feed.post/3lbq6xyzabc22`, cid: CID });
    await blueskyAdapter.thread.createPart(session(), first!, place({ post }));
    scope.done();
    expect((record['embed'] as { external: unknown }).external).toEqual({ uri: CANONICAL, title: 'Testing xpost', description: 'A post used by the tests', thumb: blob });
    expect(() => assertValidPost(record)).not.toThrow();
  });

  it('posts the card without a thumbnail when the cover cannot be fetched', async () => {
    const post = renderedPost({ platform: 'bluesky', canonicalUrl: CANONICAL, coverImage: 'https://blog.example.com/missing.png' });
    const [first] = prepare([`Read it: ${CANONICAL}`], post);
    nock('https://blog.example.com').get('/missing.png').reply(404, 'Not Found');
    let record: Record<string, unknown> = {};
    const scope = createSession()
      .post('/xrpc/com.atproto.repo.putRecord', (body: { record: Record<string, unknown> }) => {
        record = body.record;
        return true;
      })
      .reply(200, { uri: `at://${DID}/app.bsky.feed.post/3lbq6xyzabc22`, cid: CID });
    await blueskyAdapter.thread.createPart(session(), first!, place({ post }));
    scope.done();
    expect((record['embed'] as { external: unknown }).external).toEqual({ uri: CANONICAL, title: 'Testing xpost', description: 'A post used by the tests' });
  });

  it('looks a part in doubt up with getRecord under its key: found, or safe to send again', async () => {
    nock(ORIGIN)
      .get('/xrpc/com.atproto.repo.getRecord')
      .query({ repo: HANDLE, collection: 'app.bsky.feed.post', rkey: '3lbq6xyzabc22' })
      .reply(200, { uri: `at://${DID}/app.bsky.feed.post/3lbq6xyzabc22`, cid: CID, value: {} })
      .get('/xrpc/com.atproto.repo.getRecord')
      .query({ repo: HANDLE, collection: 'app.bsky.feed.post', rkey: '3lbq6xyzabc22' })
      .reply(400, { error: 'RecordNotFound', message: `Could not locate record: at://${DID}/app.bsky.feed.post/3lbq6xyzabc22` });
    const [first] = prepare(['one']);
    const found = await blueskyAdapter.thread.recoverPart(session(), first!, place(), '2026-11-09T08:00:00.000Z', new Date());
    expect(found).toEqual({ kind: 'found', part: expect.objectContaining({ id: `at://${DID}/app.bsky.feed.post/3lbq6xyzabc22`, meta: { cid: CID } }) });
    expect(await blueskyAdapter.thread.recoverPart(session(), first!, place(), '2026-11-09T08:00:00.000Z', new Date())).toEqual({ kind: 'send' });
  });

  it('tells a deleted part from one that exists (the PDS would accept a reply to nothing)', async () => {
    nock(ORIGIN)
      .get('/xrpc/com.atproto.repo.getRecord')
      .query({ repo: DID, collection: 'app.bsky.feed.post', rkey: '3lbq6xyzabc22' })
      .reply(400, { error: 'RecordNotFound', message: 'Could not locate record' });
    const part: PostedPart = { key: '3lbq6xyzabc22', id: `at://${DID}/app.bsky.feed.post/3lbq6xyzabc22`, url: undefined, meta: { cid: CID } };
    expect(await blueskyAdapter.thread.partExists!(session(), part)).toBe(false);
  });
});

describe('Bluesky contract: errors', () => {
  it('refuses a session opened with the account password (full-access scope) before anything is posted', async () => {
    const scope = createSession('com.atproto.access');
    const [first] = prepare(['one']);
    const error = await failure(() => blueskyAdapter.thread.createPart(session(), first!, place()));
    scope.done();
    expect(error.code).toBe('CREDENTIAL_INVALID');
    expect(error.message).toContain('account password, not an app password');
    expect(error.notSent).toBe(true);
  });

  it('explains AuthFactorTokenRequired: the account password was given', async () => {
    nock(ORIGIN).post('/xrpc/com.atproto.server.createSession').reply(401, { error: 'AuthFactorTokenRequired', message: 'A sign in code has been sent to your email address' });
    const [first] = prepare(['one']);
    const error = await failure(() => blueskyAdapter.thread.createPart(session(), first!, place()));
    expect(error.code).toBe('CREDENTIAL_INVALID');
    expect(error.message).toContain('BLUESKY_APP_PASSWORD is your account password');
    expect(error.hint).toContain('https://bsky.app/settings/app-passwords');
  });

  it('explains rejected credentials', async () => {
    nock(ORIGIN).post('/xrpc/com.atproto.server.createSession').reply(401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
    const [first] = prepare(['one']);
    const error = await failure(() => blueskyAdapter.thread.createPart(session(), first!, place()));
    expect([error.code, error.notSent]).toEqual(['AUTH_FAILED', true]);
    expect(error.message).toContain('Bluesky rejected BLUESKY_HANDLE and BLUESKY_APP_PASSWORD');
  });

  it('reads the wait from ratelimit-reset on a 429 and says when to run again', async () => {
    const reset = Math.floor(Date.now() / 1000) + 1800;
    const scope = createSession()
      .post('/xrpc/com.atproto.repo.putRecord')
      .reply(429, { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, { 'ratelimit-limit': '5000', 'ratelimit-remaining': '0', 'ratelimit-reset': String(reset), 'ratelimit-policy': '5000;w=3600' });
    const [first] = prepare(['one']);
    const error = await failure(() => blueskyAdapter.thread.createPart(session(), first!, place()));
    scope.done();
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterSeconds).toBeGreaterThan(1700);
    expect(error.hint).toMatch(/run again in 30 min/);
  });

  it('puts a part again under the same key after a 500 (it cannot double the post), and leaves it in doubt if the 500s go on', async () => {
    const again = createSession()
      .post('/xrpc/com.atproto.repo.putRecord')
      .reply(500, { error: 'InternalServerError', message: 'Internal Server Error' })
      .post('/xrpc/com.atproto.repo.putRecord', (body: { rkey?: string }) => body.rkey === '3lbq6xyzabc22')
      .reply(200, { uri: `at://${DID}/app.bsky.feed.post/3lbq6xyzabc22`, cid: CID });
    const [first] = prepare(['one']);
    expect((await blueskyAdapter.thread.createPart(session(), first!, place({ key: '3lbq6xyzabc22' }))).id).toBe(`at://${DID}/app.bsky.feed.post/3lbq6xyzabc22`);
    again.done();

    createSession().post('/xrpc/com.atproto.repo.putRecord').times(10).reply(500, { error: 'InternalServerError', message: 'Internal Server Error' });
    const error = await failure(() => blueskyAdapter.thread.createPart(session(), first!, place()));
    expect(createWasRefused(error)).toBe(false);
    nock.cleanAll();
  });

  it('takes a 404 or a 400 saying the record cannot be found as "not there", so the part is put again under its key', async () => {
    for (const [status, body] of [
      [404, { error: 'NotFound', message: 'Not Found' }],
      [400, { error: 'InvalidRequest', message: `Could not locate record: at://${DID}/app.bsky.feed.post/3lbq6xyzabc22` }],
    ] as const) {
      const scope = nock(ORIGIN).get('/xrpc/com.atproto.repo.getRecord').query(true).reply(status, body);
      const [first] = prepare(['one']);
      expect(await blueskyAdapter.thread.recoverPart(session(), first!, place({ key: '3lbq6xyzabc22' }), '2026-11-09T08:00:00.000Z', new Date())).toEqual({ kind: 'send' });
      scope.done();
    }
    const failing = nock(ORIGIN).get('/xrpc/com.atproto.repo.getRecord').query(true).reply(400, { error: 'InvalidRequest', message: 'Invalid repo' });
    const [first] = prepare(['one']);
    await expect(blueskyAdapter.thread.recoverPart(session(), first!, place({ key: '3lbq6xyzabc22' }), '2026-11-09T08:00:00.000Z', new Date())).rejects.toThrow();
    failing.done();
  });

});

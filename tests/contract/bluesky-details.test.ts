/**
 * Bluesky details the main contract suite leaves open: error bodies, the session (what is kept, what is
 * retried), answers missing their fields, look-ups, thumbnails and how each failure is explained.
 */
import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import * as threadTools from '../../src/core/thread.js';
import { blueskyAdapter, type BlueskyPart } from '../../src/platforms/bluesky.js';
import type { PartPlace, PostedPart } from '../../src/platforms/types.js';
import { failure, renderedPost, sessionFor } from '../helpers/sessions.js';
import { BLUESKY, blueskyAccessJwt, CANONICAL, firstPartPlace } from '../helpers/thread-accounts.js';

const { origin: ORIGIN, handle: HANDLE, did: DID, env, cid: CID, key: KEY } = BLUESKY;
const URI = `at://${DID}/app.bsky.feed.post/${KEY}`;

const accessJwt = blueskyAccessJwt;
const JWT = accessJwt('com.atproto.appPass');

function session(overrides: Record<string, string> = {}, account: Record<string, string> = {}) {
  return sessionFor(blueskyAdapter, { ...env, ...overrides }, { account });
}

function prepare(text: string, options: { index?: number; post?: ReturnType<typeof renderedPost> } = {}) {
  const post = options.post ?? renderedPost({ platform: 'bluesky', canonicalUrl: CANONICAL });
  return blueskyAdapter.thread.preparePart(text, { index: options.index ?? 0, total: 3, post, settings: {}, kit: threadTools });
}

const place = (overrides: Partial<PartPlace> = {}): PartPlace => firstPartPlace('bluesky', overrides);

const loginAnswer = (overrides: Record<string, unknown> = {}) => ({ accessJwt: JWT, refreshJwt: 'refresh', handle: HANDLE, did: DID, ...overrides });


describe('Bluesky: error bodies', () => {
  it.each([
    ['an XRPC error with its message', { error: 'RecordNotFound', message: 'Could not locate record' }, 'RecordNotFound: Could not locate record', 'RecordNotFound'],
    ['an XRPC error name alone', { error: 'ExpiredToken' }, 'ExpiredToken', 'ExpiredToken'],
    ['a message alone', { message: 'Something broke' }, 'Something broke', undefined],
    ['fields that are not text', { error: 5, message: ['x'] }, undefined, undefined],
    ['an empty object', {}, undefined, undefined],
    ['a text body, trimmed', '  Bad Gateway\n', 'Bad Gateway', undefined],
    ['a long text body, cut at 300 characters', ` ${'y'.repeat(400)}`, 'y'.repeat(300), undefined],
    ['a blank text body', '  ', undefined, undefined],
    ['no body', null, undefined, undefined],
  ])('%s', (_name, body, message, platformCode) => {
    expect(blueskyAdapter.readErrorText(400, body)).toEqual({ message, platformCode });
  });
});

describe('Bluesky: preparing a part', () => {
  it('a part without links or tags has no facets; a later part replies to placeholders; the fingerprint has no card', () => {
    const { payload, fingerprint } = prepare('plain words', { index: 2 });
    expect(payload).toEqual({
      repo: '<the DID of BLUESKY_HANDLE>',
      collection: 'app.bsky.feed.post',
      rkey: '<a TID chosen and recorded before sending>',
      record: { $type: 'app.bsky.feed.post', text: 'plain words', reply: { root: '<part 1>', parent: '<part 2>' }, createdAt: '<time of sending>' },
    });
    expect(fingerprint).toEqual({ text: 'plain words', facets: [], card: null });
  });

  it('the card names the cover to upload, and the fingerprint changes with the cover', () => {
    const withCover = prepare(`Read ${CANONICAL}`, { post: renderedPost({ platform: 'bluesky', canonicalUrl: CANONICAL, coverImage: 'https://blog.example.com/c.png', description: undefined }) });
    expect(withCover.payload.record.embed?.external).toEqual({ uri: CANONICAL, title: 'Testing xpost', description: '', thumb: '<https://blog.example.com/c.png, uploaded with com.atproto.repo.uploadBlob>' });
    expect(withCover.fingerprint).toMatchObject({ card: { thumb: 'https://blog.example.com/c.png' } });
    expect(prepare(`Read ${CANONICAL}`).fingerprint).toMatchObject({ card: { thumb: null } });
  });
});

describe('Bluesky: the session', () => {
  it('logs in with the handle and password as typed (trimmed, without @), asking for JSON, and remembers who it is', async () => {
    const scope = nock(ORIGIN)
      .post('/xrpc/com.atproto.server.createSession', { identifier: HANDLE, password: 'test-app-pass-word' })
      .matchHeader('accept', 'application/json')
      .reply(200, loginAnswer({ handle: undefined }))
      .post('/xrpc/com.atproto.repo.putRecord')
      .reply(200, { uri: URI, cid: CID });
    const current = session({ BLUESKY_HANDLE: ` @${HANDLE} `, BLUESKY_APP_PASSWORD: ' test-app-pass-word\n' });
    const posted = await blueskyAdapter.thread.createPart(current, prepare('one').payload, place());
    scope.done();
    expect(posted.url).toBe(`https://bsky.app/profile/${HANDLE}/post/${KEY}`);
    expect(current.accountValues).toEqual({ did: DID, handle: HANDLE });
  });

  it('uses the handle the PDS answers, and writes nothing it already remembers', async () => {
    nock(ORIGIN).post('/xrpc/com.atproto.server.createSession').reply(200, loginAnswer({ handle: 'renamed.bsky.social' })).post('/xrpc/com.atproto.repo.putRecord').reply(200, { uri: URI, cid: CID });
    const current = session({}, { did: DID, handle: 'renamed.bsky.social' });
    const set = vi.spyOn(current.account, 'set');
    expect((await blueskyAdapter.thread.createPart(current, prepare('one').payload, place())).url).toBe(`https://bsky.app/profile/renamed.bsky.social/post/${KEY}`);
    expect(set).not.toHaveBeenCalled();
  });

  it('logs in once per run; a failed login is tried again for the next part, and nothing was sent', async () => {
    const scope = nock(ORIGIN)
      .post('/xrpc/com.atproto.server.createSession')
      .reply(200, loginAnswer({ did: undefined }))
      .post('/xrpc/com.atproto.server.createSession')
      .reply(200, loginAnswer())
      .post('/xrpc/com.atproto.repo.putRecord')
      .times(2)
      .reply(200, { uri: URI, cid: CID });
    const current = session();
    const refused = await failure(() => blueskyAdapter.thread.createPart(current, prepare('one').payload, place()));
    expect(refused).toMatchObject({ code: 'SERVER_ERROR', message: 'Bluesky answered createSession without a session', notSent: true });
    await blueskyAdapter.thread.createPart(current, prepare('one').payload, place());
    await blueskyAdapter.thread.createPart(current, prepare('two').payload, place({ key: '3lbq6xyzabd22' }));
    scope.done();
  });

  it('a session token without a readable scope is taken as an app password\'s', async () => {
    nock(ORIGIN).post('/xrpc/com.atproto.server.createSession').reply(200, loginAnswer({ accessJwt: 'not-a-jwt' })).post('/xrpc/com.atproto.repo.putRecord').reply(200, { uri: URI, cid: CID });
    await expect(blueskyAdapter.thread.createPart(session(), prepare('one').payload, place())).resolves.toMatchObject({ id: URI });
  });

  it('the account password is refused with what to do', async () => {
    nock(ORIGIN).post('/xrpc/com.atproto.server.createSession').reply(200, loginAnswer({ accessJwt: accessJwt('com.atproto.access') }));
    const error = await failure(() => blueskyAdapter.thread.createPart(session(), prepare('one').payload, place()));
    expect(error).toMatchObject({ code: 'CREDENTIAL_INVALID', notSent: true, hint: expect.stringMatching(/; change your account password if it was shared\.$/) });
  });
});

describe('Bluesky: answers and look-ups', () => {
  it('a putRecord answer without its cid is an unknown outcome', async () => {
    nock(ORIGIN).post('/xrpc/com.atproto.server.createSession').reply(200, loginAnswer()).post('/xrpc/com.atproto.repo.putRecord').reply(200, { uri: URI });
    const error = await failure(() => blueskyAdapter.thread.createPart(session(), prepare('one').payload, place()));
    expect([error.code, error.message]).toEqual(['OUTCOME_UNKNOWN', 'Bluesky answered the putRecord without the record\'s uri and cid']);
  });

  it('a reply needs the recorded cid of the part before', async () => {
    nock(ORIGIN).post('/xrpc/com.atproto.server.createSession').reply(200, loginAnswer());
    const root: PostedPart = { key: KEY, id: URI, url: undefined };
    const error = await failure(() => blueskyAdapter.thread.createPart(session(), prepare('two', { index: 1 }).payload, place({ index: 1, key: '3lbq6xyzabd22', root, parent: root })));
    expect(error).toMatchObject({ code: 'STATE_INVALID', message: `the state records Bluesky part ${URI} without its cid, which a reply to it needs`, hint: 'Run publish with --force to start a new thread.' });
  });

  it('looks a part up in the remembered account, and names it by the remembered handle', async () => {
    nock(ORIGIN).get('/xrpc/com.atproto.repo.getRecord').query({ repo: DID, collection: 'app.bsky.feed.post', rkey: KEY }).reply(200, { uri: URI, cid: CID });
    const found = await blueskyAdapter.thread.recoverPart(session({}, { did: DID, handle: 'renamed.bsky.social' }), prepare('one').payload as BlueskyPart, place(), '2026-11-09T08:00:00.000Z', new Date());
    expect(found).toEqual({ kind: 'found', part: { key: KEY, id: URI, url: `https://bsky.app/profile/renamed.bsky.social/post/${KEY}`, meta: { cid: CID } } });
  });

  it('a look-up that fails otherwise, or answers without the cid, leaves the part in doubt', async () => {
    nock(ORIGIN)
      .get('/xrpc/com.atproto.repo.getRecord')
      .query(true)
      .reply(400, { error: 'InvalidRequest', message: 'Could not find repo' })
      .get('/xrpc/com.atproto.repo.getRecord')
      .query(true)
      .reply(200, { uri: URI });
    const part = prepare('one').payload;
    await expect(blueskyAdapter.thread.recoverPart(session(), part, place(), '2026-11-09T08:00:00.000Z', new Date())).rejects.toMatchObject({ platformCode: 'InvalidRequest' });
    await expect(blueskyAdapter.thread.recoverPart(session(), part, place(), '2026-11-09T08:00:00.000Z', new Date())).rejects.toMatchObject({ code: 'SERVER_ERROR', message: 'Bluesky answered getRecord without the record\'s uri and cid' });
  });

  it('a part that exists is found by the repo and key of its uri; a uri without them is no part', async () => {
    nock(ORIGIN).get('/xrpc/com.atproto.repo.getRecord').query({ repo: DID, collection: 'app.bsky.feed.post', rkey: KEY }).reply(200, { uri: URI, cid: CID });
    expect(await blueskyAdapter.thread.partExists!(session(), { key: KEY, id: URI, url: undefined })).toBe(true);
    expect(await blueskyAdapter.thread.partExists!(session(), { key: KEY, id: `at://${DID}`, url: undefined })).toBe(false);
    expect(await blueskyAdapter.thread.partExists!(session(), { key: KEY, id: 'at://', url: undefined })).toBe(false);
  });
});

describe('Bluesky: the card\'s thumbnail', () => {
  const cover = 'https://blog.example.com/cover.png';
  const post = renderedPost({ platform: 'bluesky', canonicalUrl: CANONICAL, coverImage: cover });
  const png = Buffer.from('89504e470d0a1a0a', 'hex');

  it.each([
    ['an upload answered without a blob', (scope: nock.Scope) => scope.post('/xrpc/com.atproto.repo.uploadBlob').reply(200, {})],
    ['an upload refused', (scope: nock.Scope) => scope.post('/xrpc/com.atproto.repo.uploadBlob').reply(413, { error: 'BlobTooLarge' })],
  ])('%s: the card goes without one', async (_name, upload) => {
    nock('https://blog.example.com').get('/cover.png').reply(200, png, { 'content-type': 'image/png' });
    let record: { embed?: { external: Record<string, unknown> } } = {};
    const scope = nock(ORIGIN).post('/xrpc/com.atproto.server.createSession').reply(200, loginAnswer());
    upload(scope)
      .post('/xrpc/com.atproto.repo.putRecord', (body: { record: typeof record }) => {
        record = body.record;
        return true;
      })
      .reply(200, { uri: URI, cid: CID });
    await blueskyAdapter.thread.createPart(session(), prepare(`Read ${CANONICAL}`, { post }).payload, place({ post }));
    scope.done();
    expect(record.embed?.external).toEqual({ uri: CANONICAL, title: 'Testing xpost', description: 'A post used by the tests' });
  });
});

describe('Bluesky: failures explained', () => {
  it.each(['ExpiredToken', 'InvalidToken'])('%s: the run\'s session ended; publishing again logs in anew', async (name) => {
    nock(ORIGIN).post('/xrpc/com.atproto.server.createSession').reply(200, loginAnswer()).post('/xrpc/com.atproto.repo.putRecord').reply(400, { error: name, message: 'Token has expired' });
    const error = await failure(() => blueskyAdapter.thread.createPart(session(), prepare('one').payload, place()));
    expect(error).toMatchObject({ code: 'AUTH_FAILED', status: 400, message: `Bluesky no longer accepts this run's session (Bluesky answered 400: ${name}: Token has expired)`, hint: 'Run publish again: it logs in anew and continues the thread.' });
  });

  it('a 401 from a write is not a login failure', async () => {
    nock(ORIGIN).post('/xrpc/com.atproto.server.createSession').reply(200, loginAnswer()).post('/xrpc/com.atproto.repo.putRecord').reply(401, { error: 'AuthMissing', message: 'Authentication Required' });
    const error = await failure(() => blueskyAdapter.thread.createPart(session(), prepare('one').payload, place()));
    expect(error.message).not.toContain('rejected BLUESKY_HANDLE');
  });

  it('rejected credentials keep the status and say where app passwords are revoked', async () => {
    nock(ORIGIN).post('/xrpc/com.atproto.server.createSession').reply(401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
    const error = await failure(() => blueskyAdapter.thread.createPart(session(), prepare('one').payload, place()));
    expect(error).toMatchObject({ code: 'AUTH_FAILED', status: 401, hint: expect.stringMatching(/^Check the handle, and .*; app passwords can be revoked in the same place\.$/) });
  });

  it('a rate limit without a reset time says to run again later', async () => {
    nock(ORIGIN).post('/xrpc/com.atproto.server.createSession').reply(200, loginAnswer()).post('/xrpc/com.atproto.repo.putRecord').times(3).reply(429, { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' });
    const error = await failure(() => blueskyAdapter.thread.createPart(session(), prepare('one').payload, place()));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', hint: expect.stringMatching(/: run again later; the parts already posted are recorded\.$/) });
  });
});

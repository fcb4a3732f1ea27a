/** LinkedIn details the main contract suite leaves open: error bodies, answers without a URN, URL edges, settings and failures explained. */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { escapeLittleText, linkedinAdapter } from '../../src/platforms/linkedin.js';
import type { PlatformSettings } from '../../src/platforms/types.js';
import { renderedPost, sessionFor } from '../helpers/sessions.js';

const ORIGIN = 'https://api.linkedin.com';
const env = { LINKEDIN_ACCESS_TOKEN: 'test-linkedin-token' };
const SHARE_URN = 'urn:li:share:7141138937766391808';
const AUTHOR = 'urn:li:person:abc123';
const SHARE_TEXT = 'Testing xpost\n\nRead the full post: https://blog.example.com/posts/testing-xpost/';

const post = (overrides: Parameters<typeof renderedPost>[0] = {}) => renderedPost({ platform: 'linkedin', body: SHARE_TEXT, ...overrides });
const prepare = (overrides: Parameters<typeof renderedPost>[0] = {}, settings: PlatformSettings = {}) => linkedinAdapter.prepare(post(overrides), settings, env);
const session = (account: Record<string, string> = {}, settings: PlatformSettings = {}) => sessionFor(linkedinAdapter, env, { account, settings });

describe('LinkedIn: error bodies', () => {
  it.each([
    ['a daily limit with its message', 429, { message: 'Resource level throttle limit exceeded' }, { message: 'Resource level throttle limit exceeded', retryable: false }],
    ['a daily limit without a message', 429, { status: 429 }, { message: undefined, retryable: false }],
    ['a daily limit without a body', 429, 'Too Many Requests', { message: undefined, retryable: false }],
    ['a duplicate named in the input errors', 422, { message: 'Content is a duplicate', errorDetails: { inputErrors: [null, { code: 'DUPLICATE_POST' }] } }, { message: 'Content is a duplicate', platformCode: 'DUPLICATE_POST' }],
    ['a duplicate named only in the message', 422, { message: `Content is a duplicate of ${SHARE_URN}` }, { message: `Content is a duplicate of ${SHARE_URN}`, platformCode: 'DUPLICATE_POST' }],
    ['a share named without the word duplicate', 422, { message: `Cannot change ${SHARE_URN}`, code: 'INVALID' }, { message: `Cannot change ${SHARE_URN}`, platformCode: 'INVALID' }],
    ['the first input error\'s code', 422, { message: 'Bad', code: 'OUTER', errorDetails: { inputErrors: [{ code: 7 }, { code: 'FIELD_INVALID' }] } }, { message: 'Bad', platformCode: 'FIELD_INVALID' }],
    ['input errors that are not a list', 422, { message: 'Bad', errorDetails: { inputErrors: { code: 'X' } }, serviceErrorCode: 100 }, { message: 'Bad', platformCode: '100' }],
    ['a service error code as text', 400, { message: 5, serviceErrorCode: 'S1' }, { message: undefined, platformCode: 'S1' }],
    ['a service error code of another kind', 400, { serviceErrorCode: true }, { message: undefined, platformCode: undefined }],
    ['a text body, trimmed and cut at 300 characters', 502, ` ${'l'.repeat(400)}`, { message: 'l'.repeat(300) }],
    ['a blank text body', 502, ' ', { message: undefined }],
  ])('%s', (_name, status, body, expected) => {
    expect(linkedinAdapter.readErrorText(status, body)).toEqual(expected);
  });
});

describe('LinkedIn: preparing a share', () => {
  it('a post without a canonical URL is refused with what to add', () => {
    expect(() => prepare({ canonicalUrl: undefined })).toThrow(
      expect.objectContaining({ code: 'PAYLOAD_INVALID', message: 'a LinkedIn share links to the original article, and this post has no canonical_url', hint: expect.stringContaining('Add canonical_url') }),
    );
  });

  it('a share over 3,000 characters says how to shorten it for LinkedIn alone; no cover, no note', () => {
    expect(() => prepare({ body: 'x'.repeat(3_001) })).toThrow(expect.objectContaining({ hint: 'Shorten the description, or set a shorter one for LinkedIn only with `linkedin: { description: ... }` in the front matter.' }));
    expect(prepare({ coverImage: undefined, tags: [] }).notes).toEqual([]);
  });

  it('an API version or author that is not text is refused, naming it', () => {
    expect(() => prepare({}, { version: 2024 })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('not "2024"'), hint: 'Use a month from the last year, or leave it unset for the built-in default.' }));
    expect(prepare({}, { version: ' 202501 ' }).payload.author).toBeDefined();
    expect(() => prepare({}, { authorUrn: 'person:abc' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: 'LINKEDIN_AUTHOR_URN must look like urn:li:person:{id}, not "person:abc"', hint: 'Leave it unset and xpost reads your member id from /v2/userinfo.' }));
    expect(prepare({}, { authorUrn: ` ${AUTHOR} ` }).payload.author).toBe(AUTHOR);
  });
});

describe('LinkedIn: the escaped text at URL edges', () => {
  it('a URL ends before trailing punctuation and an unbalanced parenthesis, and keeps a balanced one', () => {
    expect(escapeLittleText('See https://x.example/a_(b)', [])).toBe('See https://x.example/a%5F%28b%29');
    expect(escapeLittleText('See https://x.example/a_b!', [])).toBe('See https://x.example/a%5Fb!');
    expect(escapeLittleText('See https://x.example/a_b))', [])).toBe('See https://x.example/a%5Fb\\)\\)');
    expect(escapeLittleText('https://x.example/_', [])).toBe('https://x.example/%5F');
  });

  it('a hashtag right after a URL is a hashtag; # inside the URL is not', () => {
    expect(escapeLittleText('https://x.example/a #testing', ['testing'])).toBe('https://x.example/a #testing');
    expect(escapeLittleText('https://x.example/#testing', ['testing'])).toBe('https://x.example/\\#testing');
  });
});

describe('LinkedIn: answers', () => {
  it('checks the token before anything is sent: the member id is read and remembered', async () => {
    const scope = nock(ORIGIN).get('/v2/userinfo').reply(200, { sub: 'abc123' });
    const current = session();
    await linkedinAdapter.resolveAccount!(current);
    scope.done();
    expect(current.accountValues).toEqual({ authorUrn: AUTHOR });
  });

  it('userinfo without a member id is a server error that says what to set', async () => {
    nock(ORIGIN).get('/v2/userinfo').reply(200, { name: 'Tester' }).get('/v2/userinfo').reply(200, 'odd');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(linkedinAdapter.resolveAccount!(session())).rejects.toMatchObject({
        code: 'SERVER_ERROR',
        message: 'LinkedIn answered /v2/userinfo without a member id (sub)',
        hint: 'Set LINKEDIN_AUTHOR_URN to urn:li:person:{id}, or check that the token has the openid and profile scopes.',
      });
    }
  });

  it('a create answered without the URN is a server error; a URN that is not encoded, or padded, is read as it is', async () => {
    nock(ORIGIN)
      .post('/rest/posts')
      .reply(201, '', {})
      .post('/rest/posts')
      .reply(201, '', { 'x-restli-id': '  ' })
      .post('/rest/posts')
      .reply(201, '', { 'x-restli-id': ` ${SHARE_URN} ` })
      .post('/rest/posts')
      .reply(201, '', { 'x-restli-id': 'urn:li:share:100%' });
    const prepared = prepare();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(linkedinAdapter.create(session({ authorUrn: AUTHOR }), prepared, post())).rejects.toMatchObject({
        code: 'SERVER_ERROR',
        message: 'LinkedIn answered 201 without the new post\'s URN (x-restli-id header)',
        hint: expect.stringMatching(/; running again records the share if it exists, as LinkedIn reports it as a duplicate\.$/),
      });
    }
    expect(await linkedinAdapter.create(session({ authorUrn: AUTHOR }), prepared, post())).toEqual({ id: SHARE_URN, url: `https://www.linkedin.com/feed/update/${SHARE_URN}/` });
    expect((await linkedinAdapter.create(session({ authorUrn: AUTHOR }), prepared, post())).id).toBe('urn:li:share:100%');
  });

  it('a duplicate refusal that names no share, or another refusal, stays a failure', async () => {
    nock(ORIGIN)
      .post('/rest/posts')
      .reply(422, { message: 'Content is a duplicate', errorDetails: { inputErrors: [{ code: 'DUPLICATE_POST' }] } })
      .post('/rest/posts')
      .reply(400, { message: `Invalid ${SHARE_URN}`, errorDetails: { inputErrors: [{ code: 'DUPLICATE_POST' }] } });
    await expect(linkedinAdapter.create(session({ authorUrn: AUTHOR }), prepare(), post())).rejects.toMatchObject({ status: 422, platformCode: 'DUPLICATE_POST' });
    await expect(linkedinAdapter.create(session({ authorUrn: AUTHOR }), prepare(), post())).rejects.toMatchObject({ status: 400 });
  });
});

describe('LinkedIn: failures explained', () => {
  it('a retired version is named by its code alone as well', async () => {
    nock(ORIGIN).post('/rest/posts').reply(400, { message: 'Requested version 20200101 is not active', code: 'NONEXISTENT_VERSION' });
    await expect(linkedinAdapter.create(session({ authorUrn: AUTHOR }, { version: '202001' }), prepare({}, { version: '202001' }), post())).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      hint: expect.stringMatching(/^LinkedIn has retired API version 202001: set XPOST_LINKEDIN_VERSION/),
    });
  });

  it('a 403 on userinfo asks for the openid and profile scopes', async () => {
    nock(ORIGIN).get('/v2/userinfo').reply(403, { message: 'Not enough permissions to access: GET /userinfo', serviceErrorCode: 100 });
    await expect(linkedinAdapter.resolveAccount!(session())).rejects.toMatchObject({
      status: 403,
      hint: 'The token lacks the openid and profile scopes needed to read your member id: add them, or set LINKEDIN_AUTHOR_URN.',
    });
  });

  it('another failure is left as it was', async () => {
    nock(ORIGIN).post('/rest/posts').reply(400, { message: 'Bad field', code: 'FIELD_INVALID' });
    const error = (await linkedinAdapter.create(session({ authorUrn: AUTHOR }), prepare(), post()).catch((failure: unknown) => failure)) as { code: string; hint?: string };
    expect(error.code).not.toBe('RATE_LIMITED');
    expect(error.hint ?? '').not.toMatch(/daily limit|scope|retired/);
  });
});

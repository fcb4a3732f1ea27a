import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LINKEDIN_VERSION, escapeLittleText, linkedinAdapter, type LinkedinPostBody } from '../../src/platforms/linkedin.js';
import type { PlatformSettings } from '../../src/platforms/types.js';
import { renderedPost, sessionFor } from '../helpers/sessions.js';

const ORIGIN = 'https://api.linkedin.com';
const env = { LINKEDIN_ACCESS_TOKEN: 'test-linkedin-token' };
const SHARE_URN = 'urn:li:share:7141138937766391808';
const REST_HEADERS = {
  authorization: 'Bearer test-linkedin-token',
  'linkedin-version': DEFAULT_LINKEDIN_VERSION,
  'x-restli-protocol-version': '2.0.0',
  'content-type': 'application/json',
  'user-agent': /^xpost\//,
};
const SHARE_TEXT = 'Testing xpost\n\nA post used by the tests\n\nRead the full post: https://blog.example.com/posts/testing-xpost/\n\n#testing';

function linkedinPost(overrides: Parameters<typeof renderedPost>[0] = {}) {
  return renderedPost({ platform: 'linkedin', body: SHARE_TEXT, ...overrides });
}

function prepare(overrides: Parameters<typeof renderedPost>[0] = {}, settings: PlatformSettings = {}) {
  return linkedinAdapter.prepare(linkedinPost(overrides), settings, env);
}

function expectedBody(author: string): LinkedinPostBody {
  return {
    author,
    commentary:
      'Testing xpost\n\nA post used by the tests\n\nRead the full post: https://blog.example.com/posts/testing-xpost/\n\n#testing',
    visibility: 'PUBLIC',
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    content: {
      article: {
        source: 'https://blog.example.com/posts/testing-xpost/',
        title: 'Testing xpost',
        description: 'A post used by the tests',
      },
    },
    lifecycleState: 'PUBLISHED',
    isReshareDisabledByAuthor: false,
  };
}

describe('LinkedIn contract', () => {
  it('reads the member id from /v2/userinfo, then creates with POST /rest/posts and reads the URN from x-restli-id', async () => {
    const post = linkedinPost();
    const prepared = linkedinAdapter.prepare(post, {}, env);
    let sentBody: unknown;
    const scope = nock(ORIGIN, { reqheaders: { authorization: 'Bearer test-linkedin-token' } })
      .get('/v2/userinfo')
      .once()
      .reply(200, { sub: 'abc123', name: 'Test Er', given_name: 'Test', family_name: 'Er', locale: 'en_US' })
      .post('/rest/posts', (body) => {
        sentBody = body;
        return true;
      })
      .matchHeader('x-restli-method', 'create')
      .reply(201, '', { 'x-restli-id': SHARE_URN });
    const session = sessionFor(linkedinAdapter, env);

    const record = await linkedinAdapter.create(session, prepared, post);

    expect(scope.isDone()).toBe(true);
    expect(record).toEqual({ id: SHARE_URN, url: `https://www.linkedin.com/feed/update/${SHARE_URN}/` });
    expect(sentBody).toEqual(expectedBody('urn:li:person:abc123'));
    expect(session.accountValues['authorUrn']).toBe('urn:li:person:abc123');
  });

  it('sends the version, protocol and method headers on /rest/posts, and remembers the author URN', async () => {
    const session = sessionFor(linkedinAdapter, env);
    nock(ORIGIN).get('/v2/userinfo').once().reply(200, { sub: 'abc123' });
    const scope = nock(ORIGIN, { reqheaders: { ...REST_HEADERS, 'x-restli-method': 'create' } })
      .post('/rest/posts')
      .twice()
      .reply(201, '', { 'x-restli-id': SHARE_URN });
    const post = linkedinPost();
    const prepared = linkedinAdapter.prepare(post, {}, env);

    await linkedinAdapter.create(session, prepared, post);
    await linkedinAdapter.create(session, prepared, post);

    expect(scope.isDone()).toBe(true);
  });

  it('shows the author as a placeholder in the prepared body, and leaves it out of the fingerprint', () => {
    const prepared = prepare();
    expect(prepared.payload).toEqual(expectedBody('<author URN from /v2/userinfo>'));
    expect(prepared.endpoint).toBe('POST /rest/posts');
    expect(prepared.fingerprint).not.toHaveProperty('author');
    expect(prepare({}, { authorUrn: 'urn:li:person:zzz' }).fingerprint).toEqual(prepared.fingerprint);
  });

  it('posts as LINKEDIN_AUTHOR_URN without asking /v2/userinfo, with the configured API version', async () => {
    const settings = { authorUrn: 'urn:li:person:configured', version: '202601' };
    const post = linkedinPost();
    const prepared = linkedinAdapter.prepare(post, settings, env);
    expect((prepared.payload as LinkedinPostBody).author).toBe('urn:li:person:configured');
    const scope = nock(ORIGIN, { reqheaders: { ...REST_HEADERS, 'linkedin-version': '202601' } })
      .post('/rest/posts', expectedBody('urn:li:person:configured') as unknown as nock.RequestBodyMatcher)
      .reply(201, '', { 'x-restli-id': 'urn%3Ali%3Ashare%3A99' });

    const record = await linkedinAdapter.create(sessionFor(linkedinAdapter, env, { settings }), prepared, post);

    expect(scope.isDone()).toBe(true);
    expect(record.id).toBe('urn:li:share:99');
  });

  it('refuses an API version that is not YYYYMM and an author that is not a URN, naming the setting', () => {
    expect(() => prepare({}, { version: '2026-10' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('XPOST_LINKEDIN_VERSION') }),
    );
    expect(() => prepare({}, { authorUrn: 'abc123' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('LINKEDIN_AUTHOR_URN') }),
    );
    expect(() => linkedinAdapter.requestHeaders(env, { version: 'latest' })).toThrow(/XPOST_LINKEDIN_VERSION/);
    expect(linkedinAdapter.requestHeaders(env, { version: 202605 })['LinkedIn-Version']).toBe('202605');
  });

  it('records 422 DUPLICATE_POST as the share LinkedIn names, without failing', async () => {
    const scope = nock(ORIGIN)
      .post('/rest/posts')
      .once()
      .reply(422, {
        errorDetailType: 'com.linkedin.common.error.BadRequest',
        message: `com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of ${SHARE_URN}`,
        errorDetails: { inputErrors: [{ description: 'Duplicate post is detected', input: {}, code: 'DUPLICATE_POST' }] },
        status: 422,
      });
    const post = linkedinPost();
    const session = sessionFor(linkedinAdapter, env, { account: { authorUrn: 'urn:li:person:abc123' } });

    const record = await linkedinAdapter.create(session, linkedinAdapter.prepare(post, {}, env), post);

    expect(scope.isDone()).toBe(true);
    expect(record).toMatchObject({ id: SHARE_URN, url: `https://www.linkedin.com/feed/update/${SHARE_URN}/`, meta: { recordedFrom: 'DUPLICATE_POST' } });
    // The named share may have been deleted since: the user is told to check it, and how to post anew.
    expect(record.notice).toContain(`check https://www.linkedin.com/feed/update/${SHARE_URN}/`);
    expect(record.notice).toContain('--force');
  });

  it('maps 426 NONEXISTENT_VERSION to a configuration error that names XPOST_LINKEDIN_VERSION, not retried', async () => {
    const scope = nock(ORIGIN)
      .post('/rest/posts')
      .once()
      .reply(426, { status: 426, code: 'NONEXISTENT_VERSION', message: 'Requested version 20250401 is not active' });
    const post = linkedinPost();
    const session = sessionFor(linkedinAdapter, env, { account: { authorUrn: 'urn:li:person:abc123' } });
    await expect(linkedinAdapter.create(session, linkedinAdapter.prepare(post, {}, env), post)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      status: 426,
      platformCode: 'NONEXISTENT_VERSION',
      message: 'LinkedIn answered 426: Requested version 20250401 is not active',
      hint: expect.stringContaining('XPOST_LINKEDIN_VERSION'),
    });
    expect(scope.isDone()).toBe(true);
  });

  it('maps 401 to AUTH_FAILED naming LINKEDIN_ACCESS_TOKEN and its 60-day life', async () => {
    const scope = nock(ORIGIN).get('/v2/userinfo').once().reply(401, { serviceErrorCode: 65600, message: 'Invalid access token', status: 401 });
    const post = linkedinPost();
    await expect(linkedinAdapter.create(sessionFor(linkedinAdapter, env), linkedinAdapter.prepare(post, {}, env), post)).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      platformCode: '65600',
      message: 'LinkedIn answered 401: Invalid access token',
      hint: expect.stringMatching(/LINKEDIN_ACCESS_TOKEN.*60 days/),
    });
    expect(scope.isDone()).toBe(true);
  });

  it('maps 403 ACCESS_DENIED to FORBIDDEN naming the w_member_social scope', async () => {
    nock(ORIGIN)
      .post('/rest/posts')
      .reply(403, { status: 403, serviceErrorCode: 100, code: 'ACCESS_DENIED', message: 'Not enough permissions to access: partnerApiPostsExternal.CREATE.20261001' });
    const post = linkedinPost();
    const session = sessionFor(linkedinAdapter, env, { account: { authorUrn: 'urn:li:person:abc123' } });
    await expect(linkedinAdapter.create(session, linkedinAdapter.prepare(post, {}, env), post)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      platformCode: 'ACCESS_DENIED',
      hint: expect.stringContaining('w_member_social'),
    });
  });

  it('maps 429 to RATE_LIMITED that resets at midnight UTC', async () => {
    nock(ORIGIN).post('/rest/posts').times(3).reply(429, { status: 429, message: 'Resource level throttle limit reached' });
    const post = linkedinPost();
    const session = sessionFor(linkedinAdapter, env, { account: { authorUrn: 'urn:li:person:abc123' } });
    await expect(linkedinAdapter.create(session, linkedinAdapter.prepare(post, {}, env), post)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryable: false,
      hint: expect.stringContaining('midnight UTC'),
    });
  });

  it('updates only the commentary with a PARTIAL_UPDATE on the URL-encoded URN', async () => {
    const post = linkedinPost({ body: 'New text (edited)' });
    const prepared = linkedinAdapter.prepare(post, {}, env);
    const scope = nock(ORIGIN, { reqheaders: { ...REST_HEADERS, 'x-restli-method': 'partial_update' } })
      .post('/rest/posts/urn%3Ali%3Ashare%3A123', { patch: { $set: { commentary: 'New text \\(edited\\)' } } })
      .reply(204);

    const record = await linkedinAdapter.update(sessionFor(linkedinAdapter, env), { id: 'urn:li:share:123', url: undefined }, prepared, post);

    expect(scope.isDone()).toBe(true);
    expect(record).toEqual({ id: 'urn:li:share:123', url: 'https://www.linkedin.com/feed/update/urn:li:share:123/' });
    expect(linkedinAdapter.updateSupport).toBe('on-force');
    expect(linkedinAdapter.find).toBeUndefined();
  });

  it('skips a post without a canonical URL (the others still publish), and prepare refuses one', () => {
    expect(linkedinAdapter.skipReason?.(renderedPost({ platform: 'linkedin', canonicalUrl: undefined }))).toContain('no canonical_url');
    expect(() => prepare({ canonicalUrl: undefined })).toThrow(expect.objectContaining({ code: 'PAYLOAD_INVALID', hint: expect.stringContaining('canonical_url') }));
  });

  it('skips a draft, since LinkedIn shares are public at once', () => {
    expect(linkedinAdapter.skipReason?.(renderedPost({ platform: 'linkedin', published: false }))).toContain('LinkedIn has no drafts');
    expect(linkedinAdapter.skipReason?.(renderedPost({ platform: 'linkedin', published: true }))).toBeUndefined();
  });

  it('checks the 3,000-character limit on the escaped commentary before sending', () => {
    expect((prepare({ body: 'x'.repeat(3000) }).payload as LinkedinPostBody).commentary).toHaveLength(3000);
    expect(() => prepare({ body: `${'x'.repeat(2999)}(` })).toThrow(
      expect.objectContaining({ code: 'PAYLOAD_INVALID', message: expect.stringContaining('3001 characters') }),
    );
  });

  it('escapes the share text but keeps the post\'s hashtags clickable', () => {
    const prepared = prepare({
      tags: ['testing', 'web development'],
      body: 'Tips for C# (part 1) by @me: snake_case\n\n#testing #WebDevelopment #other',
    });
    expect((prepared.payload as LinkedinPostBody).commentary).toBe(
      'Tips for C\\# \\(part 1\\) by \\@me: snake\\_case\n\n#testing #WebDevelopment \\#other',
    );
    expect(prepared.notes).toContain('tag "web development" shown as #WebDevelopment');
  });

  it('notes that a cover image is not sent', () => {
    expect(prepare({ coverImage: 'https://blog.example.com/cover.png' }).notes.some((note) => note.startsWith('cover image not sent'))).toBe(true);
  });
});

describe('escapeLittleText', () => {
  it('escapes every reserved character of little text', () => {
    expect(escapeLittleText('\\|{}@[]()<>#*_~', [])).toBe('\\\\\\|\\{\\}\\@\\[\\]\\(\\)\\<\\>\\#\\*\\_\\~');
  });

  it('keeps the text after a parenthesis, so LinkedIn cannot cut the post there', () => {
    const escaped = escapeLittleText('Before (inside) after', []);
    expect(escaped).toBe('Before \\(inside\\) after');
    expect(escaped.endsWith('after')).toBe(true);
  });

  it('escapes underscores, at signs, brackets, backslashes, tildes and asterisks in prose', () => {
    expect(escapeLittleText('snake_case_name', [])).toBe('snake\\_case\\_name');
    expect(escapeLittleText('mail @someone', [])).toBe('mail \\@someone');
    expect(escapeLittleText('[link](target)', [])).toBe('\\[link\\]\\(target\\)');
    expect(escapeLittleText('C:\\path', [])).toBe('C:\\\\path');
    expect(escapeLittleText('~approx~', [])).toBe('\\~approx\\~');
    expect(escapeLittleText('**bold** and *em*', [])).toBe('\\*\\*bold\\*\\* and \\*em\\*');
    expect(escapeLittleText('<html> {a|b}', [])).toBe('\\<html\\> \\{a\\|b\\}');
  });

  it('keeps the given hashtags, whole words only and in any case, and escapes every other #', () => {
    expect(escapeLittleText('#testing #Testing #testingmore #other', ['#testing'])).toBe('#testing #Testing \\#testingmore \\#other');
    expect(escapeLittleText('C# and F# are fine #C', ['#C'])).toBe('C\\# and F\\# are fine #C');
    expect(escapeLittleText('(#testing)', ['testing'])).toBe('\\(#testing\\)');
    expect(escapeLittleText('issue#testing', ['#testing'])).toBe('issue\\#testing');
  });

  it('keeps URLs working while their underscores and parentheses cannot cut the post', () => {
    expect(escapeLittleText('Read https://blog.example.com/my_post_(draft)/ now', [])).toBe('Read https://blog.example.com/my%5Fpost%5F%28draft%29/ now');
    expect(escapeLittleText('(see https://x.example/a_b).', [])).toBe('\\(see https://x.example/a%5Fb\\).');
    expect(escapeLittleText('https://x.example/page#part_2', [])).toBe('https://x.example/page\\#part%5F2');
  });

  it('loses nothing: removing the escapes gives the original prose back', () => {
    const original = 'A (small) test_case with @mention, [brackets], {braces}, <angles>, a|b, ~x~, *y*, C# and \\ backslash';
    expect(escapeLittleText(original, []).replace(/\\([\\|{}@[\]()<>#*_~])/g, '$1')).toBe(original);
  });
});

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { mediumAdapter, type MediumPostPayload } from '../../src/platforms/medium.js';
import { renderedPost, sessionFor } from '../helpers/sessions.js';

const ORIGIN = 'https://api.medium.com';
const env = { MEDIUM_TOKEN: 'test-medium-token' };
const MEDIUM_HEADERS = {
  authorization: 'Bearer test-medium-token',
  accept: 'application/json',
  'accept-charset': 'utf-8',
  'user-agent': /^xpost\//,
};
const AUTHOR_ID = '5303d74c64f66366f00cb9b2a94f3251bf5';
const CREATED = {
  data: {
    id: 'e6f36a',
    title: 'Testing xpost',
    authorId: AUTHOR_ID,
    tags: ['testing'],
    url: 'https://medium.com/@tester/testing-xpost-e6f36a',
    canonicalUrl: 'https://blog.example.com/posts/testing-xpost/',
    publishStatus: 'public',
    publishedAt: 1442286338435,
    license: 'all-rights-reserved',
    licenseUrl: 'https://medium.com/policy/9db0094a1e0f',
  },
};

function mediumPost(overrides: Parameters<typeof renderedPost>[0] = {}) {
  return renderedPost({ platform: 'medium', ...overrides });
}

function payloadOf(overrides: Parameters<typeof renderedPost>[0] = {}, settings = {}): MediumPostPayload {
  return mediumAdapter.prepare(mediumPost(overrides), settings, env).payload as MediumPostPayload;
}

describe('Medium contract', () => {
  it('asks GET /v1/me for the author id, then creates with POST /v1/users/{authorId}/posts and the exact body', async () => {
    const post = mediumPost();
    const prepared = mediumAdapter.prepare(post, {}, env);
    let sentBody: unknown;
    const scope = nock(ORIGIN, { reqheaders: MEDIUM_HEADERS })
      .get('/v1/me')
      .once()
      .reply(200, { data: { id: AUTHOR_ID, username: 'tester', name: 'Tester', url: 'https://medium.com/@tester', imageUrl: '' } })
      .post(`/v1/users/${AUTHOR_ID}/posts`, (body) => {
        sentBody = body;
        return true;
      })
      .matchHeader('content-type', 'application/json')
      .reply(201, CREATED);
    const session = sessionFor(mediumAdapter, env);

    const record = await mediumAdapter.create(session, prepared, post);

    expect(scope.isDone()).toBe(true);
    expect(record).toEqual({ id: 'e6f36a', url: 'https://medium.com/@tester/testing-xpost-e6f36a', meta: { publishStatus: 'public' } });
    expect(sentBody).toEqual({
      title: 'Testing xpost',
      contentFormat: 'markdown',
      content: '# Testing xpost\n\nHello from the **tests**.\n',
      tags: ['testing'],
      canonicalUrl: 'https://blog.example.com/posts/testing-xpost/',
      publishStatus: 'public',
      notifyFollowers: false,
    });
    expect(session.accountValues['authorId']).toBe(AUTHOR_ID);
    expect(prepared.endpoint).toBe('POST /v1/users/{authorId}/posts');
    expect(prepared.fingerprint).toEqual(prepared.payload);
  });

  it('remembers the author id: a second create makes no /v1/me call', async () => {
    const session = sessionFor(mediumAdapter, env);
    nock(ORIGIN).get('/v1/me').once().reply(200, { data: { id: AUTHOR_ID } });
    const scope = nock(ORIGIN, { reqheaders: MEDIUM_HEADERS }).post(`/v1/users/${AUTHOR_ID}/posts`).twice().reply(201, CREATED);
    const post = mediumPost();
    const prepared = mediumAdapter.prepare(post, {}, env);

    await mediumAdapter.create(session, prepared, post);
    await mediumAdapter.create(session, prepared, post);

    expect(scope.isDone()).toBe(true);
  });

  it('uses the author id already kept in the state file', async () => {
    const session = sessionFor(mediumAdapter, env, { account: { authorId: 'kept-id' } });
    const scope = nock(ORIGIN).post('/v1/users/kept-id/posts').reply(201, CREATED);
    const post = mediumPost();
    await mediumAdapter.create(session, mediumAdapter.prepare(post, {}, env), post);
    expect(scope.isDone()).toBe(true);
  });

  it('adds the title as the first heading, because Medium does not display the title field', () => {
    expect(payloadOf({ body: 'First paragraph.\n' }).content).toBe('# Testing xpost\n\nFirst paragraph.\n');
  });

  it('does not duplicate a title heading the body already starts with', () => {
    expect(payloadOf({ body: '# Testing xpost\n\nFirst paragraph.\n' }).content).toBe('# Testing xpost\n\nFirst paragraph.\n');
    expect(payloadOf({ body: '\n#  testing   XPOST #\n\nFirst.\n' }).content).toBe('\n#  testing   XPOST #\n\nFirst.\n');
    expect(payloadOf({ body: '# Another heading\n\nFirst.\n' }).content).toBe('# Testing xpost\n\n# Another heading\n\nFirst.\n');
  });

  it('keeps only the first 3 tags of at most 25 characters and says so in the notes', () => {
    const prepared = mediumAdapter.prepare(
      mediumPost({ tags: ['JavaScript', 'a tag that is far too long for medium', 'Node.js', '  web   dev ', 'testing'] }),
      {},
      env,
    );
    expect((prepared.payload as MediumPostPayload).tags).toEqual(['JavaScript', 'Node.js', 'web dev']);
    expect(prepared.notes).toEqual([
      'tag "a tag that is far too long for medium" dropped: Medium ignores tags over 25 characters',
      'tag "  web   dev " sent as "web dev"',
      'tags "testing" dropped: Medium uses only the first 3 tags',
    ]);
  });

  it('leaves canonicalUrl out when the post has none', () => {
    expect(payloadOf({ canonicalUrl: undefined })).not.toHaveProperty('canonicalUrl');
  });

  it('creates drafts for unpublished posts; XPOST_MEDIUM_PUBLISH_STATUS overrides, anything unknown is refused', () => {
    expect(payloadOf({ published: false }).publishStatus).toBe('draft');
    expect(payloadOf({ published: true }, { publishStatus: 'unlisted' }).publishStatus).toBe('unlisted');
    expect(payloadOf({ published: true }, { publishStatus: ' Draft ' }).publishStatus).toBe('draft');
    expect(payloadOf({ published: false }, { publishStatus: '' }).publishStatus).toBe('draft');
    expect(() => payloadOf({}, { publishStatus: 'private' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('XPOST_MEDIUM_PUBLISH_STATUS') }));
  });

  it('reads notifyFollowers from strings or booleans and defaults to false', () => {
    expect(payloadOf({}, {}).notifyFollowers).toBe(false);
    expect(payloadOf({}, { notifyFollowers: 'true' }).notifyFollowers).toBe(true);
    expect(payloadOf({}, { notifyFollowers: 'FALSE' }).notifyFollowers).toBe(false);
    expect(payloadOf({}, { notifyFollowers: true }).notifyFollowers).toBe(true);
    expect(() => payloadOf({}, { notifyFollowers: 'yes' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('XPOST_MEDIUM_NOTIFY_FOLLOWERS') }));
  });

  it('refuses a title over 100 characters, which Medium would ignore', () => {
    expect(() => payloadOf({ title: 'x'.repeat(101) })).toThrow(expect.objectContaining({ code: 'PAYLOAD_INVALID', message: expect.stringContaining('101 characters') }));
    expect(payloadOf({ title: 'x'.repeat(100) }).title).toHaveLength(100);
  });

  it('cannot update and says where to edit the post', async () => {
    const post = mediumPost();
    await expect(
      mediumAdapter.update(sessionFor(mediumAdapter, env), { id: 'e6f36a', url: 'https://medium.com/@tester/x-e6f36a' }, mediumAdapter.prepare(post, {}, env), post),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED', hint: 'edit it at https://medium.com/@tester/x-e6f36a' });
    expect(mediumAdapter.updateSupport).toBe('none');
    expect(mediumAdapter.find).toBeUndefined();
  });

  it('maps 401 to AUTH_FAILED with Medium\'s message and code, and explains that no new tokens are issued', async () => {
    const scope = nock(ORIGIN).get('/v1/me').once().reply(401, { errors: [{ message: 'Token was invalid.', code: 6003 }] });
    const post = mediumPost();
    await expect(mediumAdapter.create(sessionFor(mediumAdapter, env), mediumAdapter.prepare(post, {}, env), post)).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      status: 401,
      platformCode: '6003',
      message: 'Medium answered 401: Token was invalid.',
      hint: expect.stringContaining('no longer issues new integration tokens'),
    });
    expect(scope.isDone()).toBe(true);
  });

  it('maps the daily publishing limit to RATE_LIMITED that is not retried today', async () => {
    const scope = nock(ORIGIN)
      .post(`/v1/users/${AUTHOR_ID}/posts`)
      .once()
      .reply(400, { errors: [{ message: 'User has reached the rate limit for publishing today.', code: 6027 }] });
    const post = mediumPost();
    const session = sessionFor(mediumAdapter, env, { account: { authorId: AUTHOR_ID } });
    await expect(mediumAdapter.create(session, mediumAdapter.prepare(post, {}, env), post)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryable: false,
      message: 'Medium answered 400: User has reached the rate limit for publishing today.',
      hint: expect.stringContaining('tomorrow'),
    });
    expect(scope.isDone()).toBe(true);
  });

  it('names MEDIUM_TOKEN as a required secret and says no new tokens are issued', () => {
    expect(mediumAdapter.credentials).toEqual([expect.objectContaining({ env: 'MEDIUM_TOKEN', required: true, secret: true })]);
    expect(mediumAdapter.credentials[0]?.howToGet).toMatch(/no longer issues new integration tokens/);
  });
});

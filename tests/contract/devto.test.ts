import { isDeepStrictEqual } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { devtoAdapter } from '../../src/platforms/devto.js';
import { renderedPost, sessionFor } from '../helpers/sessions.js';

const ORIGIN = 'https://dev.to';
const env = { DEVTO_API_KEY: 'test-devto-key' };

describe('dev.to contract', () => {
  it('creates with POST /api/articles, the api-key and v1 Accept headers, and the article wrapper', async () => {
    const post = renderedPost({ tags: ['Web-Dev', 'Node.js', 'testing', 'a b', 'fifth'], coverImage: 'https://blog.example.com/cover.png', series: 'Tests' });
    const prepared = devtoAdapter.prepare(post, {}, env);
    let sentBody: unknown;
    const scope = nock(ORIGIN, {
      reqheaders: {
        'api-key': 'test-devto-key',
        accept: 'application/vnd.forem.api-v1+json',
        'content-type': 'application/json',
        'user-agent': /^xpost\//,
      },
    })
      .post('/api/articles', (body) => {
        sentBody = body;
        return true;
      })
      .reply(201, { id: 42, url: 'https://dev.to/tester/testing-xpost-1a2b' }, { Location: 'https://dev.to/tester/testing-xpost-1a2b' });

    const record = await devtoAdapter.create(sessionFor(devtoAdapter, env), prepared, post);

    expect(scope.isDone()).toBe(true);
    expect(record).toEqual({ id: '42', url: 'https://dev.to/tester/testing-xpost-1a2b' });
    expect(sentBody).toEqual({
      article: {
        title: 'Testing xpost',
        body_markdown: 'Hello from the **tests**.\n',
        published: true,
        description: 'A post used by the tests',
        canonical_url: 'https://blog.example.com/posts/testing-xpost/',
        main_image: 'https://blog.example.com/cover.png',
        series: 'Tests',
        tags: ['webdev', 'nodejs', 'testing', 'ab'],
      },
    });
    expect(prepared.notes).toContain('tag "Web-Dev" sent as "webdev"');
    expect(prepared.notes.some((note) => note.includes('"fifth"') && note.includes('at most 4'))).toBe(true);
  });

  it('updates with PUT /api/articles/{id} and the same body', async () => {
    const post = renderedPost();
    const prepared = devtoAdapter.prepare(post, {}, env);
    const scope = nock(ORIGIN, { reqheaders: { 'api-key': 'test-devto-key' } })
      .put('/api/articles/42', (body: unknown) => isDeepStrictEqual(body, prepared.payload))
      .reply(200, { id: 42, url: 'https://dev.to/tester/testing-xpost-1a2b' });

    const record = await devtoAdapter.update(sessionFor(devtoAdapter, env), { id: '42', url: undefined }, prepared, post);
    expect(scope.isDone()).toBe(true);
    expect(record.id).toBe('42');
  });

  it('never lets a body that opens with a horizontal rule pass for front matter, even after blank lines (Forem skips them)', () => {
    const bodyOf = (body: string) => (devtoAdapter.prepare(renderedPost({ body }), {}, env).payload as { article: { body_markdown: string } }).article.body_markdown;
    expect(bodyOf('---\n\nAfter a rule.\n\n---\n')).toBe('<!-- -->\n\n---\n\nAfter a rule.\n\n---\n');
    expect(bodyOf('\n\n  ---\ntitle: not front matter\n---\n')).toMatch(/^<!-- -->\n\n/);
    expect(bodyOf('Text first.\n\n---\n')).toBe('Text first.\n\n---\n');
  });

  it('sends a blank description, never null, when the post has none (the v1 schema types it as a plain string)', () => {
    const prepared = devtoAdapter.prepare(renderedPost({ description: undefined }), {}, env);
    expect((prepared.payload as { article: { description: unknown } }).article.description).toBe('');
  });

  it('refuses a title over 128 characters before sending', () => {
    expect(() => devtoAdapter.prepare(renderedPost({ title: 'x'.repeat(129) }), {}, env)).toThrow(/129 characters; dev.to allows at most 128/);
  });

  it('maps 401 to AUTH_FAILED with the platform text and does not retry it', async () => {
    const scope = nock(ORIGIN).post('/api/articles').once().reply(401, { error: 'unauthorized', status: 401 });
    const post = renderedPost();
    await expect(devtoAdapter.create(sessionFor(devtoAdapter, env), devtoAdapter.prepare(post, {}, env), post)).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      status: 401,
      message: 'dev.to answered 401: unauthorized',
    });
    expect(scope.isDone()).toBe(true);
  });

  it('maps 422 validation errors to REJECTED with the platform message', async () => {
    nock(ORIGIN).post('/api/articles').reply(422, { error: 'Tag list exceed the maximum of 4 tags', status: 422 });
    const post = renderedPost();
    await expect(devtoAdapter.create(sessionFor(devtoAdapter, env), devtoAdapter.prepare(post, {}, env), post)).rejects.toMatchObject({
      code: 'REJECTED',
      message: 'dev.to answered 422: Tag list exceed the maximum of 4 tags',
    });
  });

  it('maps "canonical url has already been taken" to DUPLICATE so the pipeline looks the post up', async () => {
    nock(ORIGIN).post('/api/articles').reply(422, { error: 'Canonical url has already been taken', status: 422 });
    const post = renderedPost();
    await expect(devtoAdapter.create(sessionFor(devtoAdapter, env), devtoAdapter.prepare(post, {}, env), post)).rejects.toMatchObject({
      code: 'DUPLICATE',
    });
  });

  it('retries a 429 after the Retry-After it was given, JSON or plain text', async () => {
    const scope = nock(ORIGIN)
      .post('/api/articles')
      .reply(429, { error: 'Rate limit reached, try again in 1 seconds', status: 429 }, { 'Retry-After': '1' })
      .post('/api/articles')
      .reply(429, 'Retry later\n', { 'Content-Type': 'text/plain', 'retry-after': '1' })
      .post('/api/articles')
      .reply(201, { id: 7, url: 'https://dev.to/tester/x' });
    const post = renderedPost();
    const record = await devtoAdapter.create(sessionFor(devtoAdapter, env), devtoAdapter.prepare(post, {}, env), post);
    expect(record.id).toBe('7');
    expect(scope.isDone()).toBe(true);
  });

  it('finds an existing article by canonical URL on /api/articles/me/all', async () => {
    nock(ORIGIN, { reqheaders: { 'api-key': 'test-devto-key' } })
      .get('/api/articles/me/all')
      .query({ page: '1', per_page: '1000' })
      .reply(200, [
        { id: 1, url: 'https://dev.to/tester/other', canonical_url: 'https://blog.example.com/other/' },
        { id: 9, url: 'https://dev.to/tester/testing-xpost', canonical_url: 'https://blog.example.com/posts/testing-xpost' },
      ]);
    const found = await devtoAdapter.find!(sessionFor(devtoAdapter, env), renderedPost());
    expect(found).toEqual({ id: '9', url: 'https://dev.to/tester/testing-xpost' });
  });

  it('finds the copy of a post without a canonical URL by its title, among articles without a canonical URL of their own', async () => {
    const scope = nock(ORIGIN, { reqheaders: { 'api-key': 'test-devto-key' } })
      .get('/api/articles/me/all')
      .query({ page: '1', per_page: '1000' })
      .reply(200, [
        // Same title, but it points at another page: someone else's canonical copy, not ours.
        { id: 1, title: 'Testing xpost', url: 'https://dev.to/tester/testing-xpost-old', canonical_url: 'https://elsewhere.example.com/testing-xpost/' },
        { id: 2, title: 'Another post', url: 'https://dev.to/tester/another-post', canonical_url: 'https://dev.to/tester/another-post' },
        { id: 3, title: 'Testing xpost', url: 'https://dev.to/tester/testing-xpost-3c4d', canonical_url: 'https://dev.to/tester/testing-xpost-3c4d' },
      ]);
    const found = await devtoAdapter.find!(sessionFor(devtoAdapter, env), renderedPost({ canonicalUrl: undefined }));
    expect(found).toEqual({ id: '3', url: 'https://dev.to/tester/testing-xpost-3c4d' });
    expect(scope.isDone()).toBe(true);

    nock(ORIGIN)
      .get('/api/articles/me/all')
      .query({ page: '1', per_page: '1000' })
      .reply(200, [{ id: 1, title: 'Testing xpost', url: 'https://dev.to/tester/testing-xpost-old', canonical_url: 'https://elsewhere.example.com/testing-xpost/' }]);
    expect(await devtoAdapter.find!(sessionFor(devtoAdapter, env), renderedPost({ canonicalUrl: undefined }))).toBeUndefined();
  });

  it('pages through /me/all until a short page: a copy on page 2 is found, and a full last page asks once more', async () => {
    const filler = (page: number) => Array.from({ length: 1000 }, (_, index) => ({ id: page * 10_000 + index, url: `https://dev.to/tester/${page}-${index}`, canonical_url: `https://blog.example.com/${page}-${index}/` }));
    const scope = nock(ORIGIN, { reqheaders: { 'api-key': 'test-devto-key' } })
      .get('/api/articles/me/all')
      .query({ page: '1', per_page: '1000' })
      .reply(200, filler(1))
      .get('/api/articles/me/all')
      .query({ page: '2', per_page: '1000' })
      .reply(200, [{ id: 42, url: 'https://dev.to/tester/testing-xpost', canonical_url: 'http://BLOG.example.com/posts/testing-xpost/?utm_source=feed' }]);
    expect(await devtoAdapter.find!(sessionFor(devtoAdapter, env), renderedPost())).toEqual({ id: '42', url: 'https://dev.to/tester/testing-xpost' });
    expect(scope.isDone()).toBe(true);

    const last = nock(ORIGIN)
      .get('/api/articles/me/all')
      .query({ page: '1', per_page: '1000' })
      .reply(200, filler(1))
      .get('/api/articles/me/all')
      .query({ page: '2', per_page: '1000' })
      .reply(200, []);
    expect(await devtoAdapter.find!(sessionFor(devtoAdapter, env), renderedPost())).toBeUndefined();
    expect(last.isDone()).toBe(true);
  });
});

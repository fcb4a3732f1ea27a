/** dev.to details the main contract suite leaves open: embeds, error bodies, limits, answers without an id, look-up paging. */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { devtoAdapter } from '../../src/platforms/devto.js';
import { renderedPost, sessionFor } from '../helpers/sessions.js';

const ORIGIN = 'https://dev.to';
const env = { DEVTO_API_KEY: 'test-devto-key' };
const session = () => sessionFor(devtoAdapter, env);

async function failure(run: () => unknown): Promise<{ code?: string; message: string; hint?: string }> {
  try {
    await run();
  } catch (error) {
    return error as { code?: string; message: string; hint?: string };
  }
  throw new Error('expected a failure');
}

describe('dev.to: embeds', () => {
  it('an embed the author wrote as a liquid tag stays as written; a plain link stays a link; others get the generic tag', () => {
    const { style } = devtoAdapter.body as { style: { embed: (embed: { provider: 'youtube' | 'link'; url: string; devtoText?: string }) => string } };
    expect(style.embed({ provider: 'youtube', url: 'https://www.youtube.com/watch?v=abc', devtoText: '{% youtube abc %}' })).toBe('{% youtube abc %}');
    expect(style.embed({ provider: 'link', url: 'https://example.com/page' })).toBe('https://example.com/page');
    expect(style.embed({ provider: 'youtube', url: 'https://www.youtube.com/watch?v=abc' })).toBe('{% embed https://www.youtube.com/watch?v=abc %}');
  });
});

describe('dev.to: error bodies', () => {
  it.each([
    ['a JSON error', { error: 'Unprocessable Entity', status: 422 }, 'Unprocessable Entity', undefined],
    ['a duplicate canonical URL', { error: 'Canonical url has already been taken', status: 422 }, 'Canonical url has already been taken', 'DUPLICATE'],
    ['a duplicate body', { error: 'Body markdown has already been used in another article', status: 422 }, 'Body markdown has already been used in another article', 'DUPLICATE'],
    ['a text body, trimmed and cut at 300 characters', `  ${'z'.repeat(400)}`, 'z'.repeat(300), undefined],
    ['a text body that says "taken"', 'has already been taken', 'has already been taken', 'DUPLICATE'],
    ['an error that is not text', { error: 5 }, undefined, undefined],
    ['no body', null, undefined, undefined],
  ])('%s', (_name, body, message, platformCode) => {
    expect(devtoAdapter.readErrorText(422, body)).toEqual({ message, platformCode });
  });
});

describe('dev.to: limits', () => {
  it('a title of 128 characters is sent; 129 is refused with how to shorten it for dev.to alone', async () => {
    expect(devtoAdapter.prepare(renderedPost({ title: 't'.repeat(128) }), {}, env).payload.article.title).toHaveLength(128);
    expect(await failure(() => devtoAdapter.prepare(renderedPost({ title: 't'.repeat(129) }), {}, env))).toMatchObject({
      code: 'PAYLOAD_INVALID',
      message: 'title is 129 characters; dev.to allows at most 128',
      hint: 'Shorten the title, or set a shorter one for dev.to only with `devto: { title: ... }` in the front matter.',
    });
  });

  it('a body is measured in UTF-8 bytes: 800,000 are sent, one more is refused', async () => {
    expect(() => devtoAdapter.prepare(renderedPost({ body: 'b'.repeat(800_000) }), {}, env)).not.toThrow();
    expect(await failure(() => devtoAdapter.prepare(renderedPost({ body: `${'b'.repeat(799_999)}é` }), {}, env))).toMatchObject({
      code: 'PAYLOAD_INVALID',
      message: 'body is 800001 bytes; dev.to accepts at most 800000',
      hint: 'Split the post into a series.',
    });
  });

  it('a body that opens with --- (after any blank space) gets an empty HTML comment first, so dev.to does not read it as front matter', () => {
    const bodyOf = (body: string) => devtoAdapter.prepare(renderedPost({ body }), {}, env).payload.article.body_markdown;
    expect(bodyOf('---\nText')).toBe('<!-- -->\n\n---\nText');
    expect(bodyOf('--- \t\nText')).toBe('<!-- -->\n\n--- \t\nText');
    expect(bodyOf(' \n----x\nText')).toBe('<!-- -->\n\n \n----x\nText');
    expect(bodyOf('Text\n---\nMore')).toBe('Text\n---\nMore');
    expect(bodyOf('-- x\nText')).toBe('-- x\nText');
  });
});

describe('dev.to: answers', () => {
  it('a create answered without an id is a server error; the URL falls back to the Location header', async () => {
    nock(ORIGIN).post('/api/articles').reply(201, { url: 'https://dev.to/x' }).post('/api/articles').reply(201, { id: '7' }, { Location: 'https://dev.to/tester/seven' });
    const prepared = devtoAdapter.prepare(renderedPost(), {}, env);
    expect(await failure(() => devtoAdapter.create(session(), prepared, renderedPost()))).toMatchObject({ code: 'SERVER_ERROR', message: 'dev.to answered without an article id', hint: 'Run again; if it repeats, check your dev.to dashboard.' });
    expect(await devtoAdapter.create(session(), prepared, renderedPost())).toEqual({ id: '7', url: 'https://dev.to/tester/seven' });
  });

  it('an answer that is not a list of articles ends the look-up', async () => {
    const scope = nock(ORIGIN).get('/api/articles/me/all').query({ page: 1, per_page: 1000 }).reply(200, { error: 'odd' });
    expect(await devtoAdapter.find!(session(), renderedPost())).toBeUndefined();
    scope.done();
  });
});

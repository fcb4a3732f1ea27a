/** Hashnode details the main contract suite leaves open: error bodies, answers that are not GraphQL, answers without ids, settings and failures explained. */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { XpostError } from '../../src/errors/xpost-error.js';
import { hashnodeAdapter } from '../../src/platforms/hashnode/adapter.js';
import { HASHNODE_ENDPOINT_HINT, explainHashnodeFailure, readHashnodeErrorText } from '../../src/platforms/hashnode/graphql.js';
import { HASHNODE_PUBLICATION_PLACEHOLDER } from '../../src/platforms/hashnode/inputs.js';
import type { PlatformSettings, RenderedPost } from '../../src/platforms/types.js';
import { renderedPost, sessionFor } from '../helpers/sessions.js';

const ORIGIN = 'https://gql-beta.hashnode.com';
const PUBLICATION_ID = '65f0c0ffee0000000000abcd';
const env = { HASHNODE_TOKEN: 'test-hashnode-token', HASHNODE_PUBLICATION_ID: PUBLICATION_ID };
const settings = { publicationId: PUBLICATION_ID };

const post = (overrides: Partial<RenderedPost> = {}): RenderedPost => renderedPost({ platform: 'hashnode', ...overrides });
const session = () => sessionFor(hashnodeAdapter, env, { settings });
const prepare = (overrides: Partial<RenderedPost> = {}, given: PlatformSettings = settings) => hashnodeAdapter.prepare(post(overrides), given, env);

function answer(status: number, body: nock.Body, headers: Record<string, string> = {}) {
  nock(ORIGIN).post('/').reply(status, body, headers);
}

async function createFails(published = true): Promise<XpostError> {
  const current = post({ published });
  return hashnodeAdapter.create(session(), prepare({ published }), current).then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as XpostError,
  );
}

describe('Hashnode: error bodies', () => {
  it.each([
    ['a GraphQL error that is never retried', { errors: [{ message: 'Invalid token', extensions: { code: 'UNAUTHENTICATED' } }] }, { message: 'Invalid token', platformCode: 'UNAUTHENTICATED', retryable: false }],
    ['a GraphQL error that may be retried', { errors: [{ message: 'Oops', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }, { message: 'Oops', platformCode: 'INTERNAL_SERVER_ERROR' }],
    ['a GraphQL error without a code or message', { errors: [{ extensions: { code: 5 } }] }, { message: 'unknown error', platformCode: undefined }],
    ['an empty error list', { errors: [] }, {}],
    ['an HTML page', '  <html><body>Moved</body></html>', { message: 'an HTML page instead of GraphQL JSON' }],
    ['a text body, trimmed and cut at 300 characters', ` ${'h'.repeat(400)}`, { message: 'h'.repeat(300) }],
    ['a blank body', '  ', {}],
    ['no body', null, {}],
  ])('%s', (_name, body, expected) => {
    expect(readHashnodeErrorText(500, body)).toEqual(expected);
  });
});

describe('Hashnode: answers that are not GraphQL', () => {
  it.each([
    ['an empty body', '', 'an empty body instead of GraphQL JSON'],
    ['an HTML page', '<html>Sign in</html>', 'an HTML page instead of GraphQL JSON'],
    ['text', '  maintenance  ', 'text instead of GraphQL JSON: "maintenance"'],
    ['a list', [1, 2], 'an empty body instead of GraphQL JSON'],
  ])('%s: a create in doubt, looked for before it is sent again', async (_name, body, described) => {
    answer(200, body as nock.Body, typeof body === 'string' ? { 'content-type': 'text/plain' } : {});
    expect(await createFails()).toMatchObject({
      code: 'OUTCOME_UNKNOWN',
      message: `Hashnode answered with ${described}; the publishPost may or may not have been applied`,
      hint: 'xpost will look for the post on Hashnode before creating it again.',
    });
  });

  it('an answer without data or errors', async () => {
    answer(200, { extensions: {} });
    expect(await createFails(false)).toMatchObject({ code: 'OUTCOME_UNKNOWN', message: 'Hashnode answered createDraft without data or errors; the createDraft may or may not have been applied' });
  });

  it('an answer without the new post\'s or draft\'s id is a server error naming which', async () => {
    answer(200, { data: { publishPost: null } });
    expect(await createFails()).toMatchObject({ code: 'SERVER_ERROR', message: 'Hashnode answered without a post id', hint: expect.stringMatching(/^Run again; if it repeats, check your Hashnode dashboard \(https:\/\//) });
    answer(200, { data: { publishPost: { post: { id: '', url: 'https://x' } } } });
    expect((await createFails()).message).toBe('Hashnode answered without a post id');
    answer(200, { data: { createDraft: { draft: { slug: 'x' } } } });
    expect((await createFails(false)).message).toBe('Hashnode answered without a draft id');
  });

  it('several errors: the first is named, with how many more', async () => {
    answer(200, { data: null, errors: [{ message: 'Title is too long', extensions: { code: 'BAD_USER_INPUT' } }, { message: 'Slug taken' }, {}] });
    expect(await createFails()).toMatchObject({ code: 'REJECTED', message: 'Hashnode rejected the post: Title is too long (and 2 more)', retryable: false, platformCode: 'BAD_USER_INPUT' });
  });

  it('an error with a code Hashnode does not document is a rejection', async () => {
    answer(200, { data: null, errors: [{ message: 'Teapot', extensions: { code: 'I_AM_A_TEAPOT' } }] });
    expect(await createFails()).toMatchObject({ code: 'REJECTED', message: 'Hashnode rejected the request: Teapot', platformCode: 'I_AM_A_TEAPOT' });
  });
});

describe('Hashnode: failures explained', () => {
  it('a redirect names the current endpoint', () => {
    for (const status of [300, 301, 399]) {
      expect(explainHashnodeFailure(new XpostError('SERVER_ERROR', 'moved', { status }))).toMatchObject({ status, hint: HASHNODE_ENDPOINT_HINT });
    }
    expect(explainHashnodeFailure(new XpostError('SERVER_ERROR', 'x', { status: 400 })).hint).toBeUndefined();
    expect(explainHashnodeFailure(new XpostError('SERVER_ERROR', 'x', { status: 299 })).hint).toBeUndefined();
  });

  it('a GraphQL validation failure says the schema may have changed', () => {
    const explained = explainHashnodeFailure(new XpostError('REJECTED', 'Hashnode answered 400: Cannot query field', { status: 400, platformCode: 'GRAPHQL_VALIDATION_FAILED' }));
    expect(explained).toMatchObject({ code: 'REJECTED', platformCode: 'GRAPHQL_VALIDATION_FAILED', hint: expect.stringContaining('its schema may have changed') });
    expect(explainHashnodeFailure(new XpostError('REJECTED', 'x', { status: 400, platformCode: 'OTHER' })).hint).toBeUndefined();
  });

  it('documented codes are worded Hashnode\'s way, with the status and Hashnode\'s own words', () => {
    const forbidden = explainHashnodeFailure(new XpostError('FORBIDDEN', 'Hashnode answered 403: Not allowed', { status: 403, platformCode: 'FORBIDDEN' }));
    expect(forbidden).toMatchObject({ code: 'FORBIDDEN', message: 'Hashnode refused the request: Not allowed (HTTP 403)', hint: expect.stringMatching(/^The token's user must be the owner/) });
    const internal = explainHashnodeFailure(new XpostError('SERVER_ERROR', 'Hashnode answered 500: boom', { status: 500, platformCode: 'INTERNAL_SERVER_ERROR' }));
    expect(internal).toMatchObject({ code: 'SERVER_ERROR', retryable: true, message: 'Hashnode had an internal error: boom (HTTP 500)', hint: 'Run again later; already-published copies are recorded.' });
    const missing = explainHashnodeFailure(new XpostError('NOT_FOUND', 'Hashnode answered 404: gone', { status: 404, platformCode: 'NOT_FOUND' }));
    expect(missing).toMatchObject({ message: 'Hashnode: gone (HTTP 404)', hint: expect.stringMatching(/^Check HASHNODE_PUBLICATION_ID; a post or draft deleted/) });
  });
});

describe('Hashnode: settings and inputs', () => {
  it('a publication id is trimmed; one that is not an id is refused with how to find it', () => {
    expect((prepare({}, { publicationId: ` ${PUBLICATION_ID} ` }).payload as { input: { publicationId: string } }).input.publicationId).toBe(PUBLICATION_ID);
    expect(() => prepare({}, { publicationId: 'myblog.hashnode.dev' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: 'HASHNODE_PUBLICATION_ID must be the publication\'s 24-character id, not "myblog.hashnode.dev"', hint: expect.stringMatching(/^Ask the API for it: query \{ me/) }),
    );
    expect((prepare({}, { publicationId: '   ' }).payload as { input: { publicationId: string } }).input.publicationId).toBe(HASHNODE_PUBLICATION_PLACEHOLDER);
  });

  it('without a publication id nothing is sent, and the user is told what to set', async () => {
    const error = await hashnodeAdapter.create(sessionFor(hashnodeAdapter, env, { settings: {} }), prepare({}, {}), post()).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: 'MISSING_CREDENTIAL', message: 'HASHNODE_PUBLICATION_ID is not set (needed to publish to Hashnode)', hint: 'Set it to the id of your Hashnode publication. Use --dry-run to preview without it.' });
    await expect(hashnodeAdapter.find!(sessionFor(hashnodeAdapter, env, { settings: {} }), post())).rejects.toMatchObject({ code: 'MISSING_CREDENTIAL' });
  });

  it('a cover image must be an absolute http(s) address', () => {
    expect((prepare({ coverImage: 'http://blog.example.com/c.png' }).payload as { input: { coverImage?: string } }).input.coverImage).toBe('http://blog.example.com/c.png');
    for (const cover of ['images/c.png', 'see https://blog.example.com/c.png']) {
      expect(() => prepare({ coverImage: cover })).toThrow(
        expect.objectContaining({ code: 'PAYLOAD_INVALID', message: `cover_image "${cover}" is not an absolute URL; Hashnode needs one for coverImage`, hint: 'Use a full https:// address of the image, e.g. on your own blog or https://cdn.hashnode.com/.' }),
      );
    }
  });

  it('slugs: a slug without ASCII letters is left to Hashnode, a changed one is noted, a kept one is not', () => {
    expect(prepare({ slug: '日本語' }).notes).toEqual([expect.stringMatching(/^no slug sent: "日本語" has no ASCII letters or digits/)]);
    expect(prepare({ slug: 'My Post' }).notes).toEqual(['slug "My Post" sent as "my-post"']);
    expect(prepare({ slug: 'my-post' }).notes).toEqual([]);
  });
});

/**
 * The emulation server is the oracle of every end-to-end test, so its strictness is tested here
 * directly: each contract rule it enforces and each fault it injects.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_CREDENTIALS, HASHNODE_NOT_PRO_MESSAGE, readLittleText, startPlatformServer, type PlatformServer } from '../helpers/platform-server.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
  /** Set when the connection failed instead of answering. */
  error?: string;
}

let server: PlatformServer;

/** One raw request with exactly these headers (fetch would add its own User-Agent and Accept). */
function call(method: string, path: string, options: { headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {}): Promise<Reply> {
  const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  return new Promise((resolve) => {
    const outgoing = httpRequest(`${server.origin}${path}`, { method, headers: options.headers, agent: false, timeout: options.timeoutMs ?? 5_000 }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        let json: unknown;
        try {
          json = text ? (JSON.parse(text) as unknown) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
      });
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('client timeout')));
    outgoing.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, headers: {}, text: '', json: undefined, error: error.code ?? error.message }));
    if (payload !== undefined) outgoing.write(payload);
    outgoing.end();
  });
}

const DEVTO_HEADERS = {
  'api-key': EMULATOR_CREDENTIALS.devtoApiKey,
  accept: 'application/vnd.forem.api-v1+json',
  'content-type': 'application/json',
  'user-agent': 'emulator-test/1.0',
};

function devtoArticle(fields: Record<string, unknown>, headers: Record<string, string> = DEVTO_HEADERS): Promise<Reply> {
  return call('POST', '/api/articles', { headers, body: { article: { title: 'A title', body_markdown: 'Body.', published: true, ...fields } } });
}

/** token null sends no Authorization header. */
function hashnode(query: string, variables: Record<string, unknown> = {}, token: string | null = `Bearer ${EMULATOR_CREDENTIALS.hashnodeToken}`): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers['authorization'] = token;
  return call('POST', '/', { headers, body: { query, variables } });
}

const PUBLISH = 'mutation Publish($input: PublishPostInput!) { publishPost(input: $input) { post { id slug url canonicalUrl } } }';
const publishInput = (extra: Record<string, unknown> = {}) => ({
  input: { publicationId: EMULATOR_CREDENTIALS.hashnodePublicationId, title: 'Hello Hashnode', contentMarkdown: 'Body', originalArticleURL: 'https://blog.example.com/p/', ...extra },
});

const MEDIUM_HEADERS = { authorization: `Bearer ${EMULATOR_CREDENTIALS.mediumToken}`, 'content-type': 'application/json' };

const LINKEDIN_HEADERS = {
  authorization: `Bearer ${EMULATOR_CREDENTIALS.linkedinToken}`,
  'linkedin-version': '202610',
  'x-restli-protocol-version': '2.0.0',
  'content-type': 'application/json',
};

function linkedinShare(commentary: string, headers: Record<string, string> = LINKEDIN_HEADERS): Promise<Reply> {
  return call('POST', '/rest/posts', {
    headers,
    body: {
      author: server.linkedin.authorUrn,
      commentary,
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      content: { article: { source: 'https://blog.example.com/p/', title: 'P' } },
      lifecycleState: 'PUBLISHED',
    },
  });
}

beforeAll(async () => {
  server = await startPlatformServer({ linkedinVersions: ['202610'] });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
});

afterEach(() => {
  expect(server.emulatorErrors).toEqual([]);
});

describe('dev.to emulation', () => {
  it('creates with 201, Location and the show shape (tag_list a string, tags an array)', async () => {
    const reply = await devtoArticle({ tags: ['javascript', 'Testing'], canonical_url: 'https://blog.example.com/a/' });
    expect(reply.status).toBe(201);
    expect(reply.json).toMatchObject({ id: expect.any(Number), tag_list: 'javascript, testing', tags: ['javascript', 'testing'], canonical_url: 'https://blog.example.com/a/' });
    expect(reply.headers['location']).toBe((reply.json as { url: string }).url);
  });

  it('answers 401 for a missing or wrong key and for the Bearer form', async () => {
    const { 'api-key': _key, ...withoutKey } = DEVTO_HEADERS;
    for (const headers of [withoutKey, { ...DEVTO_HEADERS, 'api-key': 'wrong' }, { ...withoutKey, authorization: `Bearer ${EMULATOR_CREDENTIALS.devtoApiKey}` }]) {
      const reply = await devtoArticle({}, headers);
      expect(reply.status).toBe(401);
      expect(reply.json).toEqual({ error: 'unauthorized', status: 401 });
    }
  });

  it('refuses requests without the v1 Accept header or a User-Agent', async () => {
    const { accept: _accept, ...withoutAccept } = DEVTO_HEADERS;
    const { 'user-agent': _agent, ...withoutAgent } = DEVTO_HEADERS;
    expect((await devtoArticle({}, withoutAccept)).status).toBe(400);
    expect((await devtoArticle({}, withoutAgent)).status).toBe(403);
    expect(server.devto.articles).toEqual([]);
  });

  it('answers 422 without the article wrapper or with a non-object article', async () => {
    expect((await call('POST', '/api/articles', { headers: DEVTO_HEADERS, body: { title: 'x' } })).json).toEqual({
      error: 'param is missing or the value is empty: article',
      status: 422,
    });
    expect((await call('POST', '/api/articles', { headers: DEVTO_HEADERS, body: { article: 'x' } })).json).toEqual({
      error: 'article param must be a JSON object. You provided article as a String',
      status: 422,
    });
    const { 'content-type': _type, ...withoutType } = DEVTO_HEADERS;
    expect((await devtoArticle({}, withoutType)).status).toBe(422);
  });

  it('drops a tags string silently, like the real server', async () => {
    const reply = await devtoArticle({ tags: 'javascript, testing' });
    expect(reply.status).toBe(201);
    expect(server.devto.articles[0]).toMatchObject({ tags: [], silentlyDropped: ['tags (String)'] });
  });

  it('enforces the tag, title and canonical URL rules', async () => {
    expect((await devtoArticle({ tags: ['a', 'b', 'c', 'd', 'e'] })).json).toEqual({ error: 'Tag list exceed the maximum of 4 tags', status: 422 });
    expect(((await devtoArticle({ tags: ['web-dev'] })).json as { error: string }).error).toMatch(/web-dev/);
    expect(((await devtoArticle({ tags: ['x'.repeat(31)] })).json as { error: string }).error).toMatch(/too long/);
    expect(((await devtoArticle({ title: 'x'.repeat(129) })).json as { error: string }).error).toMatch(/Title is too long/);
    expect(((await devtoArticle({ canonical_url: 'https://x.example/a b' })).json as { error: string }).error).toMatch(/must not have spaces/);
    expect(server.devto.articles).toEqual([]);
  });

  it('refuses the same title within five minutes and a published canonical URL already taken by anyone', async () => {
    expect((await devtoArticle({ title: 'Twice' })).status).toBe(201);
    expect((await devtoArticle({ title: 'Twice' })).json).toEqual({ error: 'Title has already been used in the last five minutes', status: 422 });
    server.devto.seedArticle({ title: 'Theirs', canonicalUrl: 'https://blog.example.com/taken/', ownedByMe: false });
    const taken = await devtoArticle({ title: 'Mine', canonical_url: 'https://blog.example.com/taken/' });
    expect(taken.status).toBe(422);
    expect((taken.json as { error: string }).error).toMatch(/^Canonical url has already been taken/);
    expect((await devtoArticle({ title: 'Mine as a draft', canonical_url: 'https://blog.example.com/taken/', published: false })).status).toBe(201);
  });

  it('applies front matter inside body_markdown over the JSON fields and records it', async () => {
    const reply = await devtoArticle({ title: 'JSON title', body_markdown: '---\ntitle: Front matter title\ntags: one, two\n---\n\nBody' });
    expect(reply.status).toBe(201);
    expect(server.devto.articles[0]).toMatchObject({ title: 'Front matter title', tags: ['one', 'two'], overriddenByFrontMatter: ['title', 'tags'] });
    expect(server.devto.articles[0]?.bodyFrontMatter).toEqual({ title: 'Front matter title', tags: 'one, two' });
  });

  it('updates only the key owner\'s articles and lists drafts first with paging', async () => {
    const created = (await devtoArticle({ title: 'Published one' })).json as { id: number };
    await devtoArticle({ title: 'A draft', published: false });
    const theirs = server.devto.seedArticle({ title: 'Theirs', ownedByMe: false });
    expect((await call('PUT', `/api/articles/${created.id}`, { headers: DEVTO_HEADERS, body: { article: { body_markdown: 'New' } } })).status).toBe(200);
    expect(server.devto.articles[0]).toMatchObject({ bodyMarkdown: 'New', updateCount: 1 });
    expect((await call('PUT', `/api/articles/${theirs.id}`, { headers: DEVTO_HEADERS, body: { article: { title: 'x' } } })).status).toBe(404);
    expect((await call('DELETE', `/api/articles/${created.id}`, { headers: DEVTO_HEADERS })).status).toBe(404);
    const all = (await call('GET', '/api/articles/me/all?per_page=1&page=1', { headers: DEVTO_HEADERS })).json as Array<{ title: string; tag_list: unknown }>;
    expect(all.map((article) => article.title)).toEqual(['A draft']);
    const second = (await call('GET', '/api/articles/me/all?per_page=1&page=2', { headers: DEVTO_HEADERS })).json as Array<{ title: string; tag_list: unknown }>;
    expect(second.map((article) => article.title)).toEqual(['Published one']);
    expect(Array.isArray(second[0]?.tag_list)).toBe(true);
  });
});

describe('Hashnode emulation', () => {
  it('publishes and reads back through post(id), publication(host){post(slug)}, user{posts} and me', async () => {
    const reply = await hashnode(PUBLISH, publishInput());
    expect(reply.status).toBe(200);
    const post = (reply.json as { data: { publishPost: { post: { id: string; slug: string; canonicalUrl: string } } } }).data.publishPost.post;
    expect(post.canonicalUrl).toBe('https://blog.example.com/p/');
    const byId = await hashnode('query ($id: ID!) { post(id: $id) { id url canonicalUrl tags { slug } } }', { id: post.id }, null);
    expect(byId.json).toMatchObject({ data: { post: { id: post.id } } });
    const bySlug = await hashnode('query ($h: String!, $s: String!) { publication(host: $h) { post(slug: $s) { id } } }', { h: server.hashnode.host, s: post.slug });
    expect(bySlug.json).toMatchObject({ data: { publication: { post: { id: post.id } } } });
    const byUser = await hashnode(
      'query ($u: String!) { user(username: $u) { posts(first: 50) { edges { node { id canonicalUrl publication { id } } } pageInfo { hasNextPage endCursor } } } }',
      { u: server.hashnode.user.username },
    );
    expect(byUser.json).toMatchObject({ data: { user: { posts: { edges: [{ node: { id: post.id } }], pageInfo: { hasNextPage: false } } } } });
    const me = await hashnode('{ me { id username publications(first: 20) { edges { node { id url } } } } }', {}, EMULATOR_CREDENTIALS.hashnodeToken);
    expect(me.json).toMatchObject({ data: { me: { username: server.hashnode.user.username, publications: { edges: [{ node: { id: EMULATOR_CREDENTIALS.hashnodePublicationId } }] } } } });
  });

  it('answers UNAUTHENTICATED inside HTTP 200 without a token', async () => {
    const reply = await hashnode(PUBLISH, publishInput(), null);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ data: null, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(server.hashnode.posts).toEqual([]);
  });

  it('answers FORBIDDEN with the Pro-plan message inside HTTP 200 when the publication is not Pro', async () => {
    server.hashnode.pro = false;
    const reply = await hashnode(PUBLISH, publishInput());
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ errors: [{ message: HASHNODE_NOT_PRO_MESSAGE, extensions: { code: 'FORBIDDEN' } }] });
  });

  it('rejects documents and variables that do not fit the gql-beta schema', async () => {
    const unknownField = await hashnode('mutation ($input: PublishPostInput!) { publishPost(input: $input) { post { id views_total } } }', publishInput());
    expect(unknownField.status).toBe(400);
    expect(unknownField.json).toMatchObject({ errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
    // The retired API's nested inputs (coverImageOptions on PublishPostInput) fail on gql-beta.
    const legacyInput = await hashnode(PUBLISH, publishInput({ coverImageOptions: { coverImageURL: 'https://x.example/c.png' } }));
    expect(legacyInput.status).toBe(400);
    expect(legacyInput.json).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    const removed = await hashnode('mutation { removePost(input: { id: "1" }) { post { id } } }');
    expect(removed.status).toBe(400);
    const badObjectId = await hashnode(PUBLISH, publishInput({ publicationId: 'not-an-object-id' }));
    expect(badObjectId.status).toBe(400);
    expect((await hashnode('{ me { id ')).json).toMatchObject({ errors: [{ extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] });
    expect(server.hashnode.posts).toEqual([]);
  });

  it('refuses more than 15 tags and replaces tags on update', async () => {
    const tags = Array.from({ length: 16 }, (_, index) => ({ slug: `t${index}` }));
    expect((await hashnode(PUBLISH, publishInput({ tags }))).json).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    const created = (await hashnode(PUBLISH, publishInput({ tags: [{ slug: 'a' }, { slug: 'b' }] }))).json as { data: { publishPost: { post: { id: string } } } };
    const id = created.data.publishPost.post.id;
    const updated = await hashnode('mutation ($input: UpdatePostInput!) { updatePost(input: $input) { post { id tags { slug } } } }', { input: { id, tags: [{ slug: 'c' }] } });
    expect(updated.json).toMatchObject({ data: { updatePost: { post: { tags: [{ slug: 'c' }] } } } });
    expect(server.hashnode.posts[0]?.updateCount).toBe(1);
  });

  it('creates, updates and publishes drafts, soft-deleting the draft', async () => {
    const draftReply = await hashnode('mutation ($input: CreateDraftInput!) { createDraft(input: $input) { draft { id } } }', {
      input: { publicationId: EMULATOR_CREDENTIALS.hashnodePublicationId, title: 'Draft', contentMarkdown: 'Body', originalArticleURL: 'https://blog.example.com/d/' },
    });
    const draftId = (draftReply.json as { data: { createDraft: { draft: { id: string } } } }).data.createDraft.draft.id;
    await hashnode('mutation ($input: UpdateDraftInput!) { updateDraft(input: $input) { draft { id } } }', { input: { draftId, title: 'Draft, renamed' } });
    const published = await hashnode('mutation ($input: PublishDraftInput!) { publishDraft(input: $input) { post { id canonicalUrl title } } }', { input: { draftId } });
    expect(published.json).toMatchObject({ data: { publishDraft: { post: { title: 'Draft, renamed', canonicalUrl: 'https://blog.example.com/d/' } } } });
    expect(server.hashnode.drafts[0]?.active).toBe(false);
    const again = await hashnode('mutation ($input: PublishDraftInput!) { publishDraft(input: $input) { post { id } } }', { input: { draftId } });
    expect(again.json).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });
});

describe('Medium emulation', () => {
  it('answers /v1/me and creates under the token owner only, keeping the first 3 tags', async () => {
    const me = await call('GET', '/v1/me', { headers: MEDIUM_HEADERS });
    expect(me.json).toEqual({ data: server.medium.user });
    const created = await call('POST', `/v1/users/${server.medium.user.id}/posts`, {
      headers: MEDIUM_HEADERS,
      body: { title: 'T', contentFormat: 'markdown', content: '# T', tags: ['a', 'b', 'c', 'd'], publishStatus: 'draft' },
    });
    expect(created.status).toBe(201);
    const data = (created.json as { data: Record<string, unknown> }).data;
    expect(data).toMatchObject({ tags: ['a', 'b', 'c'], publishStatus: 'draft' });
    expect(data).not.toHaveProperty('canonicalUrl');
    expect(data).not.toHaveProperty('publishedAt');
    const wrongAuthor = await call('POST', '/v1/users/someone-else/posts', { headers: MEDIUM_HEADERS, body: { title: 'T', contentFormat: 'markdown', content: 'x' } });
    expect(wrongAuthor.status).toBe(403);
  });

  it('requires a valid Bearer token, contentFormat and a title; has no update or list endpoint', async () => {
    expect((await call('GET', '/v1/me')).json).toEqual({ errors: [{ message: 'An access token is required.', code: 6000 }] });
    expect((await call('GET', '/v1/me', { headers: { authorization: 'Bearer nope' } })).json).toEqual({ errors: [{ message: 'Token was invalid.', code: 6003 }] });
    const path = `/v1/users/${server.medium.user.id}/posts`;
    expect((await call('POST', path, { headers: MEDIUM_HEADERS, body: { title: 'T', content: 'x' } })).status).toBe(400);
    expect((await call('POST', path, { headers: MEDIUM_HEADERS, body: { contentFormat: 'html', content: 'x' } })).status).toBe(400);
    expect((await call('PUT', `${path}/abc`, { headers: MEDIUM_HEADERS, body: {} })).status).toBe(404);
    expect((await call('GET', path, { headers: MEDIUM_HEADERS })).status).toBe(404);
    expect(server.medium.posts).toEqual([]);
  });
});

describe('LinkedIn emulation', () => {
  it('answers userinfo and creates with 201, an empty body and x-restli-id', async () => {
    const me = await call('GET', '/v2/userinfo', { headers: { authorization: LINKEDIN_HEADERS.authorization } });
    expect(me.json).toMatchObject({ sub: server.linkedin.member.sub });
    const created = await linkedinShare('Plain text');
    expect(created.status).toBe(201);
    expect(created.text).toBe('');
    expect(created.headers['x-restli-id']).toMatch(/^urn:li:share:\d+$/);
  });

  it('requires an active LinkedIn-Version and the Rest.li protocol header', async () => {
    const { 'linkedin-version': _version, ...withoutVersion } = LINKEDIN_HEADERS;
    expect((await linkedinShare('x', withoutVersion)).status).toBe(400);
    expect((await linkedinShare('x', { ...LINKEDIN_HEADERS, 'linkedin-version': '202401' })).json).toEqual({
      status: 426,
      code: 'NONEXISTENT_VERSION',
      message: 'Requested version 202401 is not active',
    });
    expect((await linkedinShare('x', { ...LINKEDIN_HEADERS, 'linkedin-version': '20261001' })).status).toBe(426);
    const { 'x-restli-protocol-version': _protocol, ...withoutProtocol } = LINKEDIN_HEADERS;
    expect((await linkedinShare('x', withoutProtocol)).status).toBe(400);
    expect((await linkedinShare('x', { ...LINKEDIN_HEADERS, authorization: 'Bearer nope' })).status).toBe(401);
    expect(server.linkedin.posts).toEqual([]);
  });

  it('answers a duplicate with 422 DUPLICATE_POST naming the existing URN', async () => {
    const first = await linkedinShare('Same text');
    const second = await linkedinShare('Same text');
    expect(second.status).toBe(422);
    expect(second.json).toMatchObject({
      errorDetailType: 'com.linkedin.common.error.BadRequest',
      message: expect.stringContaining(`Content is a duplicate of ${String(first.headers['x-restli-id'])}`),
      errorDetails: { inputErrors: [{ description: 'Duplicate post is detected', input: {}, code: 'DUPLICATE_POST' }] },
      status: 422,
    });
  });

  it('cuts the stored text at the first unescaped reserved character, as LinkedIn silently does', async () => {
    expect((await linkedinShare('Hello (world) #tag')).status).toBe(201);
    expect(server.linkedin.posts[0]).toMatchObject({ truncated: true, truncatedAt: '(', commentary: 'Hello ', displayedText: 'Hello ' });
    expect((await linkedinShare('Hello \\(world\\) #tag https://x.example/a_b')).status).toBe(201);
    expect(server.linkedin.posts[1]).toMatchObject({ truncated: false, displayedText: 'Hello (world) #tag https://x.example/a_b' });
    expect(readLittleText('a \\ b').truncated).toBe(true);
    expect(readLittleText('@[Ada](urn:li:person:abc) and {hashtag|\\#|xpost}')).toMatchObject({ truncated: false, displayed: 'Ada and #xpost' });
  });

  it('updates commentary with PARTIAL_UPDATE on the URL-encoded URN and refuses to change the article', async () => {
    const urn = String((await linkedinShare('Before')).headers['x-restli-id']);
    const headers = { ...LINKEDIN_HEADERS, 'x-restli-method': 'partial_update' };
    expect((await call('POST', `/rest/posts/${encodeURIComponent(urn)}`, { headers, body: { patch: { $set: { commentary: 'After' } } } })).status).toBe(204);
    expect(server.linkedin.posts[0]).toMatchObject({ commentary: 'After', patches: [{ commentary: 'After' }] });
    expect((await call('POST', `/rest/posts/${urn}`, { headers, body: { patch: { $set: { commentary: 'Raw' } } } })).status).toBe(400);
    expect((await call('POST', `/rest/posts/${encodeURIComponent(urn)}`, { headers: LINKEDIN_HEADERS, body: { patch: { $set: { commentary: 'x' } } } })).status).toBe(400);
    expect((await call('POST', `/rest/posts/${encodeURIComponent(urn)}`, { headers, body: { patch: { $set: { content: {} } } } })).status).toBe(422);
    expect((await call('GET', `/rest/posts/${encodeURIComponent(urn)}`, { headers: LINKEDIN_HEADERS })).status).toBe(403);
  });
});

describe('fault injection', () => {
  it('answers 502 a given number of times, then normally', async () => {
    const fault = server.inject({ platform: 'devto', method: 'POST', path: '/api/articles', times: 2, fault: { kind: 'status', status: 502 } });
    expect((await devtoArticle({ title: 'One' })).status).toBe(502);
    expect((await devtoArticle({ title: 'One' })).status).toBe(502);
    expect((await devtoArticle({ title: 'One' })).status).toBe(201);
    expect(fault.hits).toBe(2);
    expect(server.devto.articles).toHaveLength(1);
    expect(server.requests.map((request) => request.fault)).toEqual(['status', 'status', null]);
  });

  it('answers 429 with Retry-After in dev.to\'s JSON and text forms', async () => {
    server.inject({ platform: 'devto', fault: { kind: 'rate-limit', retryAfterSeconds: 7 } });
    const json = await devtoArticle({});
    expect(json.status).toBe(429);
    expect(json.headers['retry-after']).toBe('7');
    expect(json.json).toEqual({ error: 'Rate limit reached, try again in 7 seconds', status: 429 });
    server.inject({ platform: 'devto', fault: { kind: 'rate-limit', retryAfterSeconds: 3, style: 'text' } });
    const text = await devtoArticle({});
    expect(text.text).toBe('Retry later\n');
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('matches Hashnode faults by operation and injects GraphQL errors inside HTTP 200', async () => {
    server.inject({ platform: 'hashnode', operation: 'publishPost', fault: { kind: 'graphql-error', code: 'INTERNAL_SERVER_ERROR' } });
    expect((await hashnode('{ me { id } }')).json).toMatchObject({ data: { me: { id: server.hashnode.user.id } } });
    const failed = await hashnode(PUBLISH, publishInput());
    expect(failed.status).toBe(200);
    expect(failed.json).toMatchObject({ errors: [{ extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    expect(server.hashnode.posts).toEqual([]);
  });

  it('adds latency to every response', async () => {
    server.setLatency(80);
    const started = Date.now();
    expect((await call('GET', '/v1/me', { headers: MEDIUM_HEADERS })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('hangs without answering', async () => {
    server.inject({ platform: 'medium', fault: { kind: 'hang' } });
    const reply = await call('GET', '/v1/me', { headers: MEDIUM_HEADERS, timeoutMs: 150 });
    expect(reply.error).toBeDefined();
    expect(server.requestsTo('medium')).toHaveLength(1);
  });

  it('performs the create, then drops the connection without an answer', async () => {
    server.inject({ platform: 'linkedin', method: 'POST', path: '/rest/posts', fault: { kind: 'drop-after-create' } });
    const reply = await linkedinShare('Dropped after create');
    expect(reply.error).toBeDefined();
    expect(server.linkedin.posts).toHaveLength(1);
    // Sending it again is exactly what the contract warns about: LinkedIn calls it a duplicate.
    expect((await linkedinShare('Dropped after create')).status).toBe(422);
  });

  it('answers 400-class errors for garbage instead of crashing', async () => {
    expect((await call('POST', '/api/articles', { headers: DEVTO_HEADERS, body: '{not json' })).status).toBe(400);
    expect((await call('POST', '/', { headers: { 'content-type': 'application/json' }, body: '[1,2' })).status).toBe(400);
    expect((await call('POST', '/rest/posts', { headers: LINKEDIN_HEADERS, body: 'null' })).status).toBe(400);
    expect((await call('GET', '/nowhere')).status).toBe(404);
    expect((await call('POST', `/v1/users/${server.medium.user.id}/posts`, { headers: MEDIUM_HEADERS, body: '"text"' })).status).toBe(400);
  });
});

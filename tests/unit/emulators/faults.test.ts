/**
 * The after-create faults on every emulated platform: the create really happens and is stored,
 * then the answer is replaced (another status and body, or a body that is not valid JSON).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_CREDENTIALS, startPlatformServer, type FaultMatch, type PlatformName, type PlatformServer } from '../../helpers/platform-server.js';

let server: PlatformServer;

interface CreateCase {
  match: FaultMatch;
  /** The status the platform answers a successful create with. */
  createdStatus: number;
  send: () => Promise<Response>;
  stored: () => number;
}

function post(path: string, headers: Record<string, string>, body: unknown): Promise<Response> {
  return fetch(`${server.origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

const CREATES: Record<PlatformName, CreateCase> = {
  devto: {
    match: { platform: 'devto', method: 'POST', path: '/api/articles' },
    createdStatus: 201,
    send: () =>
      post(
        '/api/articles',
        { 'api-key': EMULATOR_CREDENTIALS.devtoApiKey, accept: 'application/vnd.forem.api-v1+json', 'user-agent': 'emulator-test/1.0' },
        { article: { title: 'Faults', body_markdown: 'Body.', published: false } },
      ),
    stored: () => server.devto.articles.length,
  },
  hashnode: {
    match: { platform: 'hashnode', operation: 'publishPost' },
    createdStatus: 200,
    send: () =>
      post(
        '/',
        { authorization: `Bearer ${EMULATOR_CREDENTIALS.hashnodeToken}` },
        {
          query: 'mutation Publish($input: PublishPostInput!) { publishPost(input: $input) { post { id url } } }',
          variables: { input: { publicationId: EMULATOR_CREDENTIALS.hashnodePublicationId, title: 'Faults', contentMarkdown: 'Body' } },
        },
      ),
    stored: () => server.hashnode.posts.length,
  },
  medium: {
    match: { platform: 'medium', method: 'POST' },
    createdStatus: 201,
    send: () =>
      post(
        `/v1/users/${server.medium.user.id}/posts`,
        { authorization: `Bearer ${EMULATOR_CREDENTIALS.mediumToken}` },
        { title: 'Faults', contentFormat: 'markdown', content: '# Faults', publishStatus: 'draft' },
      ),
    stored: () => server.medium.posts.length,
  },
  linkedin: {
    match: { platform: 'linkedin', method: 'POST', path: '/rest/posts' },
    createdStatus: 201,
    send: () =>
      post(
        '/rest/posts',
        { authorization: `Bearer ${EMULATOR_CREDENTIALS.linkedinToken}`, 'linkedin-version': '202610', 'x-restli-protocol-version': '2.0.0' },
        {
          author: server.linkedin.authorUrn,
          commentary: 'Faults',
          visibility: 'PUBLIC',
          distribution: { feedDistribution: 'MAIN_FEED' },
          lifecycleState: 'PUBLISHED',
        },
      ),
    stored: () => server.linkedin.posts.length,
  },
  bluesky: {
    match: { platform: 'bluesky', method: 'POST', path: '/xrpc/com.atproto.repo.createRecord' },
    createdStatus: 200,
    send: async () => {
      const session = await post('/xrpc/com.atproto.server.createSession', {}, { identifier: EMULATOR_CREDENTIALS.blueskyHandle, password: EMULATOR_CREDENTIALS.blueskyAppPassword });
      const { accessJwt, did } = (await session.json()) as { accessJwt: string; did: string };
      return post(
        '/xrpc/com.atproto.repo.createRecord',
        { authorization: `Bearer ${accessJwt}` },
        { repo: did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text: 'Faults', createdAt: '2026-09-01T10:00:00.000Z' } },
      );
    },
    stored: () => server.bluesky.records.length,
  },
  mastodon: {
    match: { platform: 'mastodon', method: 'POST', path: '/api/v1/statuses' },
    createdStatus: 200,
    send: () => post('/api/v1/statuses', { authorization: `Bearer ${EMULATOR_CREDENTIALS.mastodonToken}` }, { status: 'Faults' }),
    stored: () => server.mastodon.statuses.length,
  },
};

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

describe.each(Object.entries(CREATES))('%s: faults after a real create', (_platform, create) => {
  it('status-after-create stores the copy, then answers the given status and body', async () => {
    server.inject({ ...create.match, fault: { kind: 'status-after-create', status: 503, body: { error: 'busy' } } });
    const reply = await create.send();
    expect(reply.status).toBe(503);
    expect(await reply.json()).toEqual({ error: 'busy' });
    expect(create.stored()).toBe(1);
    expect(server.requests.at(-1)?.fault).toBe('status-after-create');
  });

  it('status-after-create without a body answers in the platform shape (HTML for a 5xx)', async () => {
    server.inject({ ...create.match, fault: { kind: 'status-after-create', status: 502 } });
    const reply = await create.send();
    expect(reply.status).toBe(502);
    expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
    expect(create.stored()).toBe(1);
  });

  it.each(['', '{"data":', '{"data":{}}'])('malformed-after-create stores the copy, then answers the platform status with %j', async (body) => {
    server.inject({ ...create.match, fault: { kind: 'malformed-after-create', body } });
    const reply = await create.send();
    expect(reply.status).toBe(create.createdStatus);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.headers.get('x-restli-id')).toBeNull();
    expect(await reply.text()).toBe(body);
    expect(create.stored()).toBe(1);
  });

  it('malformed-after-create takes an explicit status', async () => {
    server.inject({ ...create.match, fault: { kind: 'malformed-after-create', status: 200, body: '{"data":' } });
    const reply = await create.send();
    expect(reply.status).toBe(200);
    expect(create.stored()).toBe(1);
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPlatformServer, type PlatformServer } from '../helpers/platform-server.js';
import { makeWorkspace, runCli, xpostEnv, type PostSpec, type Workspace } from '../helpers/run-cli.js';
import { canonicalKey } from '../../src/core/identity-key.js';

const CANONICAL = 'https://blog.example.com/posts/end-to-end/';
const SECRET_KEY = 'test-devto-key-SECRET123';

const POST: PostSpec = {
  frontMatter: {
    title: 'End to end with xpost',
    description: 'The post the end-to-end tests publish',
    tags: ['testing', 'Node.js'],
    canonical_url: CANONICAL,
  },
  body: 'Hello from the **end-to-end** tests.\n\nA second paragraph.\n',
};

const EDITED: PostSpec = { ...POST, body: 'Hello again: this paragraph was **edited**.\n\nA second paragraph.\n' };

let server: PlatformServer;
let workspace: Workspace;

beforeAll(async () => {
  server = await startPlatformServer({ devtoApiKey: SECRET_KEY });
});

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  server.reset();
  workspace = await makeWorkspace(POST);
});

afterEach(async () => {
  expect(server.emulatorErrors).toEqual([]);
  await workspace.remove();
});

/** Templates may wrap the body (a "first published on" notice, links); the post's own paragraphs must all be there. */
function expectBodyOf(bodyMarkdown: string, post: PostSpec): void {
  expect(bodyMarkdown).not.toMatch(/^---/);
  for (const paragraph of post.body.split(/\n{2,}/).map((text) => text.trim()).filter(Boolean)) expect(bodyMarkdown).toContain(paragraph);
}

function publish(extraArgs: string[] = [], env: Record<string, string | undefined> = xpostEnv(server)) {
  return runCli(['publish', workspace.postFile, '--to', 'devto', ...extraArgs], { cwd: workspace.dir, env });
}

describe('xpost publish --to devto (built CLI against the emulated platforms)', () => {
  it('creates exactly one article with the v1 headers, the article wrapper and the canonical URL, and records it', async () => {
    const result = await publish();

    expect(result.code, result.stderr).toBe(0);
    const writes = server.writesTo('devto');
    expect(writes).toHaveLength(1);
    const create = writes[0]!;
    expect(create.method).toBe('POST');
    expect(create.path).toBe('/api/articles');
    expect(create.headers['api-key']).toBe(SECRET_KEY);
    expect(create.headers['authorization']).toBeUndefined();
    expect(create.headers['accept']).toBe('application/vnd.forem.api-v1+json');
    expect(create.headers['user-agent']).toMatch(/^xpost\/\d/);
    expect(create.headers['content-type']).toMatch(/^application\/json/);
    expect(create.body).toMatchObject({
      article: {
        title: 'End to end with xpost',
        published: true,
        description: 'The post the end-to-end tests publish',
        canonical_url: CANONICAL,
        tags: ['testing', 'nodejs'],
      },
    });

    expect(server.devto.articles).toHaveLength(1);
    const article = server.devto.articles[0]!;
    expectBodyOf(article.bodyMarkdown, POST);
    expect(article.canonicalUrl).toBe(CANONICAL);
    expect(article.tags).toEqual(['testing', 'nodejs']);
    // Nothing the real server would drop or override silently.
    expect(article.silentlyDropped).toEqual([]);
    expect(article.bodyFrontMatter).toBeNull();

    const state = await workspace.readState();
    const record = state?.posts[canonicalKey(CANONICAL)]?.platforms['devto'];
    expect(record).toMatchObject({ id: String(article.id), url: article.url });
    expect(record?.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(record?.pendingCreate).toBeUndefined();
    expect(result.stdout).toContain('published');
    expect(result.stdout).toContain(article.url);
  });

  it('sends nothing on a second run of an unchanged post and says it is unchanged', async () => {
    expect((await publish()).code).toBe(0);
    server.clearRequests();

    const result = await publish();

    expect(result.code, result.stderr).toBe(0);
    expect(server.requests).toEqual([]);
    expect(result.stdout).toMatch(/unchanged/);
    expect(server.devto.articles).toHaveLength(1);
  });

  it('updates the same article with one PUT after the post is edited, never a second POST', async () => {
    expect((await publish()).code).toBe(0);
    const article = server.devto.articles[0]!;
    const firstHash = (await workspace.readState())?.posts[canonicalKey(CANONICAL)]?.platforms['devto']?.contentHash;
    await workspace.writePost(EDITED);
    server.clearRequests();

    const result = await publish();

    expect(result.code, result.stderr).toBe(0);
    const writes = server.writesTo('devto');
    expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual([`PUT /api/articles/${article.id}`]);
    expect(writes[0]?.body).toMatchObject({ article: { canonical_url: CANONICAL } });
    expect(server.devto.articles).toHaveLength(1);
    expectBodyOf(article.bodyMarkdown, EDITED);
    expect(article.bodyMarkdown).not.toContain('Hello from the **end-to-end** tests.');
    expect(article.updateCount).toBe(1);
    const record = (await workspace.readState())?.posts[canonicalKey(CANONICAL)]?.platforms['devto'];
    expect(record?.id).toBe(String(article.id));
    expect(record?.contentHash).not.toBe(firstHash);
    expect(result.stdout).toMatch(/updated/);
  });

  it('--dry-run sends no request, needs no DEVTO_API_KEY and leaves no state file', async () => {
    const result = await publish(['--dry-run'], xpostEnv(server, { credentials: false }));

    expect(result.code, result.stderr).toBe(0);
    expect(server.requests).toEqual([]);
    expect(await workspace.readStateText()).toBeUndefined();
    expect(result.stdout).toContain('/api/articles');
    expect(result.stdout).toContain(CANONICAL);
  });

  it('exits 2 naming DEVTO_API_KEY when it is missing, and sends nothing', async () => {
    const result = await publish([], xpostEnv(server, { credentials: false }));

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DEVTO_API_KEY');
    expect(server.requests).toEqual([]);
    expect(await workspace.readStateText()).toBeUndefined();
  });

  it('--json prints one parseable document with every result', async () => {
    const result = await publish(['--json']);

    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as { results: Array<Record<string, unknown>> };
    const article = server.devto.articles[0]!;
    expect(document.results).toHaveLength(1);
    expect(document.results[0]).toMatchObject({
      file: workspace.postFile,
      platform: 'devto',
      status: 'published',
      action: 'create',
      id: String(article.id),
      url: article.url,
      error: null,
    });
  });

  it('exits 1 on a 401 and never shows the key: not on stdout, not on stderr, not in the state file', async () => {
    server.devto.apiKey = 'test-devto-key-OTHER999';

    const result = await publish([], { ...xpostEnv(server), DEVTO_API_KEY: SECRET_KEY });

    expect(result.code).toBe(1);
    const sent = server.requestsTo('devto');
    // The key really was sent (and rejected once, without retries), so its absence below means something.
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers['api-key']).toBe(SECRET_KEY);
    expect(`${result.stdout}${result.stderr}`).toMatch(/401|unauthori[sz]ed/i);
    expect(result.stdout).not.toContain(SECRET_KEY);
    expect(result.stderr).not.toContain(SECRET_KEY);
    const stateText = await workspace.readStateText();
    expect(stateText ?? '').not.toContain(SECRET_KEY);
    expect(server.devto.articles).toEqual([]);
  });

  it('exits 2 on bad front matter, naming the file and the field, without a stack trace or any request', async () => {
    await workspace.writeFile('posts/bad.md', '---\ntitle: Broken\npublished: maybe\n---\n\nBody.\n');

    const result = await runCli(['publish', 'posts/bad.md', '--to', 'devto'], { cwd: workspace.dir, env: xpostEnv(server) });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('posts/bad.md');
    expect(result.stderr).toContain('published');
    expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(server.requests).toEqual([]);
  });

  it('exits 2 on an unknown platform and lists the valid ones', async () => {
    const result = await runCli(['publish', workspace.postFile, '--to', 'devto,myspace'], { cwd: workspace.dir, env: xpostEnv(server) });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('myspace');
    for (const platform of ['devto', 'hashnode', 'medium', 'linkedin']) expect(result.stderr).toContain(platform);
    expect(server.requests).toEqual([]);
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_CREDENTIALS, HASHNODE_NOT_PRO_MESSAGE, startPlatformServer, type PlatformServer } from '../helpers/platform-server.js';
import { makeWorkspace, runCli, xpostEnv, type CliResult, type PostSpec, type Workspace } from '../helpers/run-cli.js';
import { canonicalKey } from '../../src/core/identity-key.js';

const CANONICAL = 'https://blog.example.com/posts/everywhere/';
const LINKEDIN_VERSION = '202610';
const PLATFORMS = ['devto', 'hashnode', 'medium', 'linkedin'] as const;

// Reserved little-text characters ( ) * _ [ ] < > ~ in the title, description and a heading, which all reach the LinkedIn share.
const POST: PostSpec = {
  frontMatter: {
    title: 'One post (four places): *all* of them',
    description: 'Cross-posting with xpost_e2e, [tested] <end to end> & ~done~',
    tags: ['testing', 'Open Source'],
    canonical_url: CANONICAL,
  },
  body: 'The opening paragraph.\n\n## Why (really)?\n\nBecause copying and pasting is slow.\n',
};

const EDITED: PostSpec = {
  frontMatter: { ...POST.frontMatter, description: 'Cross-posting with xpost_e2e, [tested] <end to end> & ~done~, now edited' },
  body: 'The opening paragraph, edited.\n\n## Why (really)?\n\nBecause copying and pasting is slow.\n',
};

interface JsonResult {
  platform: string;
  status: string;
  action: string;
  id: string | null;
  message: string | null;
  error: string | null;
}

let server: PlatformServer;
let workspace: Workspace;

beforeAll(async () => {
  server = await startPlatformServer({ linkedinVersions: [LINKEDIN_VERSION] });
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

function publishEverywhere(extraArgs: string[] = []): Promise<CliResult> {
  return runCli(['publish', workspace.postFile, '--to', PLATFORMS.join(','), ...extraArgs], {
    cwd: workspace.dir,
    env: { ...xpostEnv(server), XPOST_LINKEDIN_VERSION: LINKEDIN_VERSION },
  });
}

/** The JSON document on stdout; devto.test.ts asserts that stdout holds nothing else, so other lines are not this file's concern. */
function resultsOf(result: CliResult): JsonResult[] {
  const start = result.stdout.search(/^\{$/m);
  expect(start, result.stdout).toBeGreaterThanOrEqual(0);
  return (JSON.parse(result.stdout.slice(start)) as { results: JsonResult[] }).results;
}

function resultFor(results: JsonResult[], platform: string): JsonResult | undefined {
  return results.find((result) => result.platform === platform);
}

async function expectNoSecretsIn(result: CliResult): Promise<void> {
  const stateText = (await workspace.readStateText()) ?? '';
  for (const secret of [EMULATOR_CREDENTIALS.devtoApiKey, EMULATOR_CREDENTIALS.hashnodeToken, EMULATOR_CREDENTIALS.mediumToken, EMULATOR_CREDENTIALS.linkedinToken]) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
    expect(stateText).not.toContain(secret);
  }
}

function hashnodeMutations(): string[] {
  return server.writesTo('hashnode').flatMap((request) => request.graphql?.rootFields ?? []);
}

describe('xpost publish to the four article platforms (built CLI against the emulations; tests/e2e/threads.test.ts adds the thread platforms)', () => {
  it('creates one copy per platform with the canonical URL, then sends nothing, then updates only where the platform allows', async () => {
    const first = await publishEverywhere();

    expect(first.code, first.stderr).toBe(0);
    expect(server.writesTo('devto').map((request) => `${request.method} ${request.path}`)).toEqual(['POST /api/articles']);
    expect(hashnodeMutations()).toEqual(['publishPost']);
    expect(server.writesTo('medium')).toHaveLength(1);
    expect(server.writesTo('linkedin').map((request) => `${request.method} ${request.path}`)).toEqual(['POST /rest/posts']);

    expect(server.devto.articles.map((article) => article.canonicalUrl)).toEqual([CANONICAL]);
    expect(server.hashnode.posts.map((post) => post.canonicalUrl)).toEqual([CANONICAL]);
    expect(server.hashnode.posts[0]?.publicationId).toBe(EMULATOR_CREDENTIALS.hashnodePublicationId);
    expect(server.medium.posts.map((post) => post.canonicalUrl)).toEqual([CANONICAL]);
    expect(server.linkedin.posts.map((post) => post.content)).toEqual([expect.objectContaining({ article: expect.objectContaining({ source: CANONICAL }) })]);
    expect(server.linkedin.posts[0]?.author).toBe(server.linkedin.authorUrn);

    expect(first.stdout.match(/^✔ published\s/gm)).toHaveLength(4);
    const records = (await workspace.readState())?.posts[canonicalKey(CANONICAL)]?.platforms ?? {};
    expect(Object.keys(records).sort()).toEqual([...PLATFORMS].sort());
    expect(records['devto']?.id).toBe(String(server.devto.articles[0]?.id));
    expect(records['hashnode']?.id).toBe(server.hashnode.posts[0]?.id);
    expect(records['medium']?.id).toBe(server.medium.posts[0]?.id);
    expect(records['linkedin']?.id).toBe(server.linkedin.posts[0]?.urn);
    for (const platform of PLATFORMS) expect(records[platform]?.contentHash).toMatch(/^sha256:/);
    await expectNoSecretsIn(first);

    server.clearRequests();
    const again = await publishEverywhere();

    expect(again.code, again.stderr).toBe(0);
    expect(server.requests).toEqual([]);
    expect(again.stdout.match(/unchanged/g)?.length).toBeGreaterThanOrEqual(4);

    await workspace.writePost(EDITED);
    server.clearRequests();
    const edited = await publishEverywhere(['--json']);

    expect(edited.code, edited.stderr).toBe(0);
    const results = resultsOf(edited);
    expect(resultFor(results, 'devto')).toMatchObject({ status: 'updated', action: 'update' });
    expect(server.writesTo('devto').map((request) => `${request.method} ${request.path}`)).toEqual([`PUT /api/articles/${server.devto.articles[0]?.id}`]);
    expect(resultFor(results, 'hashnode')).toMatchObject({ status: 'updated', action: 'update' });
    expect(hashnodeMutations()).toEqual(['updatePost']);
    expect(server.hashnode.posts[0]?.contentMarkdown).toContain('The opening paragraph, edited.');
    expect(resultFor(results, 'medium')?.status).toBe('skipped');
    expect(resultFor(results, 'medium')?.message).toMatch(/cannot be updated/);
    expect(server.requestsTo('medium')).toEqual([]);
    expect(resultFor(results, 'linkedin')?.status).toBe('skipped');
    expect(server.requestsTo('linkedin')).toEqual([]);
    expect(server.devto.articles).toHaveLength(1);
    expect(server.hashnode.posts).toHaveLength(1);
    expect(server.medium.posts).toHaveLength(1);
    expect(server.linkedin.posts).toHaveLength(1);
  });

  it('sends the LinkedIn commentary escaped, so LinkedIn keeps all of it', async () => {
    const result = await publishEverywhere();

    expect(result.code, result.stderr).toBe(0);
    const share = server.linkedin.posts[0];
    expect(share?.truncated, `LinkedIn would cut the text at "${share?.truncatedAt}": ${share?.receivedCommentary}`).toBe(false);
    expect(share?.receivedCommentary).toContain('\\(');
    expect(share?.displayedText).toContain(POST.frontMatter['title'] as string);
    expect(share?.displayedText).toContain(POST.frontMatter['description'] as string);
    expect(share?.displayedText).toContain(CANONICAL);
    expect(server.linkedin.posts[0]?.lifecycleState).toBe('PUBLISHED');
  });

  it('repeats the title in the Medium content (Medium does not display the `title` field)', async () => {
    const result = await publishEverywhere();

    expect(result.code, result.stderr).toBe(0);
    const story = server.medium.posts[0];
    expect(story?.title).toBe(POST.frontMatter['title']);
    expect(story?.content).toContain(POST.frontMatter['title'] as string);
  });

  it('creates the Medium copy public for a published post, and as a draft when XPOST_MEDIUM_PUBLISH_STATUS says so', async () => {
    const result = await publishEverywhere();
    expect(result.code, result.stderr).toBe(0);
    expect(server.medium.posts[0]?.publishStatus).toBe('public');
  });

  it('keeps the other platforms published when Hashnode refuses (no Pro plan), exits 1, and the next run sends only Hashnode', async () => {
    server.hashnode.pro = false;

    const failing = await publishEverywhere(['--json']);

    expect(failing.code).toBe(1);
    const results = resultsOf(failing);
    for (const platform of ['devto', 'medium', 'linkedin']) expect(resultFor(results, platform)?.status).toBe('published');
    expect(resultFor(results, 'hashnode')?.status).toBe('failed');
    expect(resultFor(results, 'hashnode')?.error).toContain('Pro plan');
    expect(server.hashnode.posts).toEqual([]);
    // FORBIDDEN must not be retried.
    expect(server.writesTo('hashnode').length).toBeLessThanOrEqual(1);
    const records = (await workspace.readState())?.posts[canonicalKey(CANONICAL)]?.platforms ?? {};
    expect(records['hashnode']?.id).toBeUndefined();
    expect(records['hashnode']?.lastError?.message).toContain(HASHNODE_NOT_PRO_MESSAGE.slice(0, 40));
    await expectNoSecretsIn(failing);

    server.hashnode.pro = true;
    server.clearRequests();
    const retried = await publishEverywhere(['--json']);

    expect(retried.code, retried.stderr).toBe(0);
    expect(server.requestsTo('devto')).toEqual([]);
    expect(server.requestsTo('medium')).toEqual([]);
    expect(server.requestsTo('linkedin')).toEqual([]);
    expect(hashnodeMutations()).toEqual(['publishPost']);
    expect(server.hashnode.posts.map((post) => post.canonicalUrl)).toEqual([CANONICAL]);
    expect(resultFor(resultsOf(retried), 'hashnode')?.status).toBe('published');
    expect(server.devto.articles).toHaveLength(1);
    expect(server.medium.posts).toHaveLength(1);
    expect(server.linkedin.posts).toHaveLength(1);
  });
});

/**
 * Bluesky and Mastodon threads end to end: the built CLI against the strict emulations. A thread is
 * posted part by part, a run killed mid-thread is resumed with exactly one record per part, a re-run
 * sends nothing, a part in doubt is recovered under its key, a deleted part stops the thread until
 * --force, and all six platforms publish in one run. Each test has its own server and workspace.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test as base } from 'vitest';
import { canonicalKey } from '../../src/core/identity-key.js';
import { PLATFORM_IDS } from '../../src/platforms/registry.js';
import { EMULATOR_CREDENTIALS, startPlatformServer, type PlatformServer, type PlatformServerOptions } from '../helpers/platform-server.js';
import { makeWorkspace, runCli, startCli, xpostEnv, type CliResult, type PostSpec, type StateRecord, type Workspace } from '../helpers/run-cli.js';

const CANONICAL = 'https://blog.example.com/posts/threads/';
const LINKEDIN_VERSION = '202610';
const THREADS = ['bluesky', 'mastodon'] as const;
type ThreadPlatform = (typeof THREADS)[number];

const SECTIONS = ['Why threads', 'Counting like the platform', 'Never twice', 'Always resumed', 'Cards and tags', 'What is next'];
const POST: PostSpec = {
  frontMatter: {
    title: 'Threads that never double 🧵',
    description: 'Announcing a post on Bluesky and Mastodon, part by part — 日本語も大丈夫',
    tags: ['testing', 'Open Source'],
    canonical_url: CANONICAL,
    question: 'How do you announce your posts?',
  },
  body: SECTIONS.map((title, index) => `## ${title}\n\nSection ${index + 1} has one short paragraph with an emoji 🎉 and a link to https://example.com/${index + 1}.\n`).join('\n'),
};

const FAST_ENV: Record<string, string> = {
  XPOST_TIMEOUT_MS: '1500',
  XPOST_RETRY_MAX_ATTEMPTS: '2',
  XPOST_RETRY_BASE_MS: '5',
  XPOST_RETRY_MAX_WAIT_MS: '1000',
  XPOST_LINKEDIN_VERSION: LINKEDIN_VERSION,
  XPOST_LOCK_WAIT_MS: '15000',
  XPOST_LOCK_STALE_MS: '1000',
};

interface JsonResult {
  platform: string;
  status: string;
  action: string;
  id: string | null;
  url: string | null;
  errorCode: string | null;
  error: string | null;
  hint: string | null;
  message: string | null;
}

interface Harness {
  server: PlatformServer;
  workspace: Workspace;
  xpost(args: string[], env?: Record<string, string>): Promise<CliResult>;
  env: Record<string, string>;
}

function harness(options: PlatformServerOptions = {}) {
  return base.extend<{ h: Harness }>({
    // eslint-disable-next-line no-empty-pattern
    h: async ({}, use) => {
      const server = await startPlatformServer({ linkedinVersions: [LINKEDIN_VERSION], ...options });
      const workspace = await makeWorkspace(POST);
      const env = { ...xpostEnv(server), ...FAST_ENV };
      try {
        await use({ server, workspace, env, xpost: (args, extra = {}) => runCli(args, { cwd: workspace.dir, env: { ...env, ...extra }, timeoutMs: 30_000 }) });
        expect(server.emulatorErrors).toEqual([]);
      } finally {
        await server.close();
        await workspace.remove();
      }
    },
  });
}

const test = harness();

function resultsOf(run: CliResult): JsonResult[] {
  const start = run.stdout.search(/^\{$/m);
  expect(start, `${run.stdout}\n${run.stderr}`).toBeGreaterThanOrEqual(0);
  return (JSON.parse(run.stdout.slice(start)) as { results: JsonResult[] }).results;
}

async function recordOf(workspace: Workspace, platform: string): Promise<(StateRecord & { thread?: { total: number; parts: Array<{ key: string; id?: string }> } }) | undefined> {
  return (await workspace.readState())?.posts[canonicalKey(CANONICAL)]?.platforms[platform];
}

/** Each platform's posts in write order, as texts with the id of the post they answer. */
function postsOn(server: PlatformServer, platform: ThreadPlatform): Array<{ id: string; text: string; parent: string | null }> {
  if (platform === 'bluesky') {
    return server.bluesky.records.map((record) => ({
      id: record.uri,
      text: String(record.value['text']),
      parent: (record.value['reply'] as { parent?: { uri?: string } } | undefined)?.parent?.uri ?? null,
    }));
  }
  return server.mastodon.statuses.map((status) => ({ id: status.id, text: status.text, parent: status.inReplyToId }));
}

/** One post per part, each answering the one before, in the order the state records them. */
async function expectOneChain(h: Harness, platform: ThreadPlatform): Promise<void> {
  const posts = postsOn(h.server, platform);
  const texts = posts.map((post) => post.text);
  expect(new Set(texts).size, `${platform}: no part posted twice`).toBe(texts.length);
  const record = await recordOf(h.workspace, platform);
  const ids = record?.thread?.parts.map((part) => part.id) ?? [];
  expect(ids, `${platform}: every part recorded, none pending`).toEqual(posts.map((post) => post.id));
  expect(record?.thread?.total).toBe(posts.length);
  expect(posts.map((post) => post.parent)).toEqual([null, ...ids.slice(0, -1)]);
  expect(record?.id).toBe(ids[0]);
  expect(texts.map((text) => /(\d+)\/(\d+)$/.exec(text)?.slice(1).join('/'))).toEqual(posts.map((_, index) => `${index + 1}/${posts.length}`));
}

describe('threads on Bluesky and Mastodon', () => {
  test('publishes a native thread on each, with facets, reply references and a link card, then sends nothing on re-run', async ({ h }) => {
    const cover = await serveCover();
    try {
      await h.workspace.writePost({ ...POST, frontMatter: { ...POST.frontMatter, cover_image: cover.url } });
      const first = await h.xpost(['publish', h.workspace.postFile, '--to', 'bluesky,mastodon', '--json']);
      expect(first.code, `${first.stdout}\n${first.stderr}`).toBe(0);
      const results = resultsOf(first);
      expect(results.map((result) => [result.platform, result.status])).toEqual([
        ['bluesky', 'published'],
        ['mastodon', 'published'],
      ]);
      for (const platform of THREADS) await expectOneChain(h, platform);
      expect(h.server.bluesky.records.length).toBeGreaterThanOrEqual(4);

      const [root, ...replies] = h.server.bluesky.records;
      const embed = root!.value['embed'] as { external: { uri: string; title: string; thumb?: { ref: { $link: string } } } };
      expect(embed.external).toMatchObject({ uri: CANONICAL, title: 'Threads that never double 🧵' });
      expect(h.server.bluesky.blobs.map((blob) => blob.cid)).toEqual([embed.external.thumb?.ref.$link]);
      const text = String(root!.value['text']);
      const linked = (root!.value['facets'] as Array<{ index: { byteStart: number; byteEnd: number } }>).map((facet) => Buffer.from(text).subarray(facet.index.byteStart, facet.index.byteEnd).toString());
      expect(linked).toContain(CANONICAL);
      const last = replies.at(-1)!;
      expect((last.value['facets'] as Array<{ features: Array<{ tag?: string }> }>).flatMap((facet) => facet.features.map((feature) => feature.tag))).toEqual(['testing', 'OpenSource']);
      expect((last.value['reply'] as { root: { uri: string } }).root.uri).toBe(root!.uri);
      expect(results.find((result) => result.platform === 'bluesky')?.url).toMatch(/^https:\/\/bsky\.app\/profile\/xpost-test\.bsky\.social\/post\//);

      h.server.clearRequests();
      const again = await h.xpost(['publish', h.workspace.postFile, '--to', 'bluesky,mastodon', '--json']);
      expect(resultsOf(again).map((result) => result.status)).toEqual(['unchanged', 'unchanged']);
      expect(h.server.requests.filter((request) => request.method !== 'GET'), 'no login, no write').toEqual([]);
    } finally {
      await cover.close();
    }
  });

  test('a run killed mid-thread is resumed from the next part: exactly one post per part, no gap', { timeout: 90_000 }, async ({ h }) => {
    h.server.setLatency(150);
    let partial = 0;
    for (const delay of [900, 1_300, 1_700, 2_100]) {
      const running = startCli(['publish', h.workspace.postFile, '--to', 'bluesky,mastodon'], { cwd: h.workspace.dir, env: h.env, timeoutMs: 30_000 });
      await new Promise((resolve) => setTimeout(resolve, delay));
      running.child.kill('SIGKILL');
      await running.result;
      for (const platform of THREADS) {
        const thread = (await recordOf(h.workspace, platform))?.thread;
        if (thread && thread.parts.filter((part) => part.id).length < thread.total) partial += 1;
      }
    }
    expect(partial, 'some kills landed mid-thread').toBeGreaterThan(0);
    h.server.setLatency(0);
    const finish = await h.xpost(['publish', h.workspace.postFile, '--to', 'bluesky,mastodon', '--json']);
    expect(finish.code, `${finish.stdout}\n${finish.stderr}`).toBe(0);
    for (const platform of THREADS) await expectOneChain(h, platform);
  });

  test('a part whose answer was lost is found under its key, not posted again', async ({ h }) => {
    h.server.inject({ platform: 'bluesky', method: 'POST', path: '/xrpc/com.atproto.repo.putRecord', fault: { kind: 'drop-after-create' } });
    h.server.inject({ platform: 'mastodon', method: 'POST', path: '/api/v1/statuses', fault: { kind: 'status-after-create', status: 502 } });
    h.server.inject({ platform: 'mastodon', method: 'POST', path: '/api/v1/statuses', fault: { kind: 'drop-after-create' } });
    const run = await h.xpost(['publish', h.workspace.postFile, '--to', 'bluesky,mastodon', '--json']);
    const results = resultsOf(run);
    // Bluesky looks the part up with getRecord and goes on; Mastodon resends under the same key when the next run comes.
    expect(results.find((result) => result.platform === 'bluesky')?.status, run.stdout).toBe('published');
    if (results.find((result) => result.platform === 'mastodon')?.status !== 'published') {
      expect(results.find((result) => result.platform === 'mastodon')?.errorCode).toBe('OUTCOME_UNKNOWN');
      const again = await h.xpost(['publish', h.workspace.postFile, '--to', 'mastodon', '--json']);
      expect(resultsOf(again)[0]?.status, again.stdout).toBe('published');
    }
    for (const platform of THREADS) await expectOneChain(h, platform);
  });

  test.for([
    { visibility: 'public', settles: 'found among the account\'s public statuses' },
    { visibility: 'private', settles: 'recorded by hand with the command xpost gives' },
  ])('a Mastodon part in doubt after its key\'s hour is $settles', async ({ visibility }, { h }) => {
    const env = { MASTODON_VISIBILITY: visibility };
    // Part 1 goes through; part 2 is created but both answers (the first try and the resend under its key) are lost.
    h.server.inject({ platform: 'mastodon', method: 'POST', path: '/api/v1/statuses', times: 1, fault: { kind: 'latency', ms: 0 } });
    h.server.inject({ platform: 'mastodon', method: 'POST', path: '/api/v1/statuses', times: 2, fault: { kind: 'drop-after-create' } });
    const first = await h.xpost(['publish', h.workspace.postFile, '--to', 'mastodon', '--json'], env);
    expect(resultsOf(first)[0]?.errorCode, first.stdout).toBe('OUTCOME_UNKNOWN');
    expect(h.server.mastodon.statuses).toHaveLength(2);

    // Two hours later: the key is forgotten by the instance, so a resend would post the part again.
    const state = (await h.workspace.readState())!;
    const record = state.posts[canonicalKey(CANONICAL)]!.platforms['mastodon'] as StateRecord & { thread: { parts: Array<{ sentAt?: string }> } };
    record.thread.parts[1]!.sentAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    await h.workspace.writeFile('.xpost/state.json', `${JSON.stringify(state, null, 2)}\n`);

    const second = await h.xpost(['publish', h.workspace.postFile, '--to', 'mastodon', '--json'], env);
    if (visibility === 'private') {
      const [result] = resultsOf(second);
      expect(result?.errorCode, second.stdout).toBe('OUTCOME_UNKNOWN');
      expect(result?.hint).toContain(`xpost state mark ${h.workspace.postFile} --platform mastodon`);
      expect(h.server.mastodon.statuses).toHaveLength(2);
      const mark = await h.xpost(['state', 'mark', h.workspace.postFile, '--platform', 'mastodon', '--id', h.server.mastodon.statuses[1]!.id], env);
      expect(mark.code, `${mark.stdout}${mark.stderr}`).toBe(0);
      const finish = await h.xpost(['publish', h.workspace.postFile, '--to', 'mastodon', '--json'], env);
      expect(resultsOf(finish)[0]?.status, finish.stdout).toBe('published');
    } else {
      expect(resultsOf(second)[0]?.status, second.stdout).toBe('published');
    }
    await expectOneChain(h, 'mastodon');
  });

  test('the account password is refused before anything is posted, and rejected credentials are explained', async ({ h }) => {
    const run = await h.xpost(['publish', h.workspace.postFile, '--to', 'bluesky,mastodon', '--json'], {
      BLUESKY_APP_PASSWORD: EMULATOR_CREDENTIALS.blueskyAccountPassword,
      MASTODON_ACCESS_TOKEN: 'test-mastodon-wrong-token',
    });
    expect(run.code).toBe(1);
    const [bluesky, mastodon] = resultsOf(run);
    expect([bluesky?.errorCode, bluesky?.error]).toEqual(['CREDENTIAL_INVALID', expect.stringContaining('BLUESKY_APP_PASSWORD is your account password')]);
    expect(mastodon?.errorCode).toBe('AUTH_FAILED');
    expect(mastodon?.hint).toContain('MASTODON_INSTANCE_URL');
    expect(h.server.bluesky.records).toEqual([]);
    expect(h.server.mastodon.statuses).toEqual([]);
    expect(`${run.stdout}${run.stderr}${(await h.workspace.readStateText()) ?? ''}`).not.toContain(EMULATOR_CREDENTIALS.blueskyAccountPassword);
  });

  test('cuts the Mastodon thread to the instance\'s own limit, and later dry-runs cut it the same way', async ({ h }) => {
    h.server.mastodon.maxCharacters = 1000;
    const long = 'A description that goes on. '.repeat(25).trim();
    await h.workspace.writePost({ ...POST, frontMatter: { ...POST.frontMatter, description: long } });
    const before = await h.xpost(['publish', h.workspace.postFile, '--to', 'mastodon', '--dry-run']);
    expect(before.stdout, 'cut to 500 before the instance was asked').toMatch(/part 1 of \d+: \d+\/500 characters/);

    const run = await h.xpost(['publish', h.workspace.postFile, '--to', 'mastodon', '--json']);
    expect(resultsOf(run)[0]?.status, run.stdout).toBe('published');
    expect(h.server.mastodon.statuses[0]!.text.length, 'the first part uses the instance\'s 1000').toBeGreaterThan(600);
    const state = await h.workspace.readState();
    expect(state?.accounts['mastodon']).toMatchObject({ max_characters: '1000', characters_reserved_per_url: '23' });
    // Cut the same way, the thread hashes the same: nothing to send.
    const after = await h.xpost(['publish', h.workspace.postFile, '--to', 'mastodon', '--dry-run']);
    expect(after.stdout).toContain('unchanged, nothing would be sent');
  });
});

describe('a deleted part', () => {
  // The real PDS accepts a reply to a deleted post: xpost must check with getRecord itself.
  const lenient = harness({ blueskyCheckReplyRefs: false });

  lenient('stops the thread with a clear message; --force starts a new one', async ({ h }) => {
    const first = await h.xpost(['publish', h.workspace.postFile, '--to', 'bluesky,mastodon', '--json']);
    expect(resultsOf(first).map((result) => result.status)).toEqual(['published', 'published']);
    const blueskyCreates = h.server.bluesky.records.length;
    const mastodonCreates = h.server.mastodon.statuses.length;

    // Half a thread on record: forget the last parts so the next run must continue after part 2.
    const state = (await h.workspace.readState())!;
    for (const platform of THREADS) {
      const record = state.posts[canonicalKey(CANONICAL)]!.platforms[platform] as StateRecord & { thread: { total: number; parts: unknown[] }; contentHash?: string };
      record.thread.parts = record.thread.parts.slice(0, 2);
      delete record.contentHash;
    }
    await h.workspace.writeFile('.xpost/state.json', `${JSON.stringify(state, null, 2)}\n`);
    h.server.bluesky.removeRecord(h.server.bluesky.records[1]!.rkey);
    h.server.mastodon.removeStatus(h.server.mastodon.statuses[1]!.id);

    const broken = await h.xpost(['publish', h.workspace.postFile, '--to', 'bluesky,mastodon', '--json']);
    expect(broken.code).toBe(1);
    for (const result of resultsOf(broken)) {
      expect(result.error, result.platform).toMatch(/thread cannot continue: a part it hangs from .* was deleted/);
      expect(result.hint, result.platform).toContain('--force to start a new');
    }
    expect(h.server.bluesky.records.length, 'no reply to a deleted post').toBe(blueskyCreates - 1);

    const forced = await h.xpost(['publish', h.workspace.postFile, '--to', 'bluesky,mastodon', '--force', '--json']);
    expect(resultsOf(forced).map((result) => result.status), forced.stdout).toEqual(['published', 'published']);
    const record = await recordOf(h.workspace, 'bluesky');
    expect(record?.thread?.parts).toHaveLength(blueskyCreates);
    expect(h.server.bluesky.records).toHaveLength(2 * blueskyCreates - 1);
    expect(h.server.mastodon.statuses).toHaveLength(2 * mastodonCreates - 1);
  });
});

describe('all six platforms', () => {
  test('publish in one run, each recorded once; a re-run sends nothing', async ({ h }) => {
    const run = await h.xpost(['publish', h.workspace.postFile, '--to', 'all', '--json']);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const results = resultsOf(run);
    expect(results.map((result) => result.platform)).toEqual(PLATFORM_IDS);
    expect(results.every((result) => result.status === 'published'), run.stdout).toBe(true);
    const state = await h.workspace.readState();
    expect(Object.keys(state?.posts[canonicalKey(CANONICAL)]?.platforms ?? {}).sort()).toEqual([...PLATFORM_IDS].sort());

    h.server.clearRequests();
    const again = await h.xpost(['publish', h.workspace.postFile, '--to', 'all', '--json']);
    expect(resultsOf(again).map((result) => result.status)).toEqual(PLATFORM_IDS.map(() => 'unchanged'));
    expect(h.server.requests.filter((request) => request.method !== 'GET' && request.platform !== 'hashnode')).toEqual([]);

    const status = await h.xpost(['status', h.workspace.postFile, '--json']);
    const copies = (JSON.parse(status.stdout) as { posts: Array<{ copies: Array<{ platform: string; status: string }> }> }).posts[0]?.copies;
    expect(copies?.map((copy) => [copy.platform, copy.status])).toEqual(PLATFORM_IDS.map((id) => [id, 'published']));
  });
});

/** A cover image on a local server, as a blog would serve it. */
async function serveCover(): Promise<{ url: string; close: () => Promise<void> }> {
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) });
    res.end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/cover.png`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * The fault-injection suite: the built CLI against the emulated platforms while they answer 429s,
 * 5xx, resets and timeouts, while a run is killed, and while two runs share one state file. Every
 * test has its own emulation server and workspace, so the tests run concurrently.
 */
import { mkdir, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test as base } from 'vitest';
import { isArticleCreate, startPlatformServer, type FaultMatch, type PlatformName as EmulatedPlatform, type PlatformServer, type RecordedRequest } from '../helpers/platform-server.js';
import {
  makeWorkspace,
  postMarkdown,
  runCli,
  startCli,
  xpostEnv,
  type CliResult,
  type PostSpec,
  type RunningCli,
  type StateSnapshot,
  type Workspace,
} from '../helpers/run-cli.js';
import { canonicalKey } from '../../src/core/identity-key.js';
import { PLATFORM_IDS } from '../../src/platforms/registry.js';

const CANONICAL = 'https://blog.example.com/posts/reliable/';
const LINKEDIN_VERSION = '202610';
const PLATFORMS = ['devto', 'hashnode', 'medium', 'linkedin'] as const satisfies readonly EmulatedPlatform[];
/** The platforms this suite covers (the emulator also knows the thread platforms). */
type PlatformName = (typeof PLATFORMS)[number];
const MEDIUM_PROFILE = 'medium.com';
const LINKEDIN_PROFILE = 'linkedin.com';

const POST: PostSpec = {
  frontMatter: {
    title: 'Reliable cross-posting',
    description: 'What xpost does when the network fails',
    tags: ['testing', 'reliability'],
    canonical_url: CANONICAL,
  },
  body: 'The first paragraph.\n\nThe second paragraph.\n',
};

/** Tiny timeouts and retry waits; the budget still allows two 1-second Retry-After waits. */
const FAST_ENV: Record<string, string> = {
  XPOST_TIMEOUT_MS: '800',
  XPOST_RETRY_MAX_ATTEMPTS: '3',
  XPOST_RETRY_BASE_MS: '5',
  XPOST_RETRY_MAX_WAIT_MS: '3000',
  XPOST_LINKEDIN_VERSION: LINKEDIN_VERSION,
  XPOST_LOCK_WAIT_MS: '15000',
  XPOST_LOCK_STALE_MS: '1000',
};

/** The request that creates a copy, per platform (Medium and LinkedIn first ask who the user is). */
const CREATE: Record<PlatformName, FaultMatch> = {
  devto: { platform: 'devto', method: 'POST', path: '/api/articles' },
  hashnode: { platform: 'hashnode', operation: 'publishPost' },
  medium: { platform: 'medium', method: 'POST', path: /^\/v1\/users\/[^/]+\/posts$/ },
  linkedin: { platform: 'linkedin', method: 'POST', path: '/rest/posts' },
};

interface JsonResult {
  file: string;
  platform: string;
  status: string;
  action: string;
  id: string | null;
  url: string | null;
  error: string | null;
  errorCode: string | null;
  hint: string | null;
  message: string | null;
}

interface Harness {
  server: PlatformServer;
  workspace: Workspace;
  /** When the server received a request (ms since the epoch). */
  arrivedAt(request: RecordedRequest): number;
  /** `xpost <args>` in the workspace with the emulator's credentials and FAST_ENV. */
  xpost(args: string[], env?: Record<string, string>): Promise<CliResult>;
  startXpost(args: string[], env?: Record<string, string>): RunningCli;
  publish(to: string, args?: string[], env?: Record<string, string>): Promise<CliResult>;
}

const test = base.extend<{ harness: Harness }>({
  // Vitest reads which fixtures this one needs from the (here empty) destructuring pattern.
  harness: async ({}, use) => {
    const server = await startPlatformServer({ linkedinVersions: [LINKEDIN_VERSION] });
    const workspace = await makeWorkspace(POST);
    const arrivals = trackArrivals(server);
    const options = (env: Record<string, string>) => ({ cwd: workspace.dir, env: { ...xpostEnv(server), ...FAST_ENV, ...env } });
    const xpost = (args: string[], env: Record<string, string> = {}) => runCli(args, options(env));
    await use({
      server,
      workspace,
      arrivedAt: arrivals,
      xpost,
      startXpost: (args, env = {}) => startCli(args, options(env)),
      publish: (to, args = [], env = {}) => xpost(['publish', workspace.postFile, '--to', to, ...args], env),
    });
    const emulatorErrors = [...server.emulatorErrors];
    await server.close();
    await workspace.remove();
    expect(emulatorErrors).toEqual([]);
  },
});

/** Stamps each request with its arrival time, so tests can measure Retry-After waits and pacing. */
function trackArrivals(server: PlatformServer): (request: RecordedRequest) => number {
  const arrivals = new WeakMap<RecordedRequest, number>();
  const push = server.requests.push.bind(server.requests);
  // Not enumerable, so `expect(server.requests).toEqual([])` still compares only the requests.
  Object.defineProperty(server.requests, 'push', {
    enumerable: false,
    value: (...items: RecordedRequest[]): number => {
      for (const item of items) arrivals.set(item, Date.now());
      return push(...items);
    },
  });
  return (request) => arrivals.get(request) ?? Number.NaN;
}


function createsTo(server: PlatformServer, platform: PlatformName): RecordedRequest[] {
  return server.requestsTo(platform).filter(isArticleCreate);
}

/** Copies of posts on the account (dev.to: its own articles, not another user's seeded one). */
function copiesOn(server: PlatformServer, platform: PlatformName): number {
  switch (platform) {
    case 'devto':
      return server.devto.articles.filter((article) => article.ownedByMe).length;
    case 'hashnode':
      return server.hashnode.posts.length;
    case 'medium':
      return server.medium.posts.length;
    case 'linkedin':
      return server.linkedin.posts.filter((post) => !post.deleted).length;
  }
}

function hashnodeOperations(server: PlatformServer): string[] {
  return server.requestsTo('hashnode').flatMap((request) => request.graphql?.rootFields ?? []);
}

/** The single JSON document --json prints on stdout. */
function resultsOf(result: CliResult): JsonResult[] {
  let document: { results?: JsonResult[] };
  try {
    document = JSON.parse(result.stdout) as { results?: JsonResult[] };
  } catch {
    throw new Error(`stdout is not one JSON document:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return document.results ?? [];
}

function resultFor(result: CliResult, platform: PlatformName): JsonResult {
  const found = resultsOf(result).find((candidate) => candidate.platform === platform);
  if (!found) throw new Error(`no ${platform} result in:\n${result.stdout}`);
  return found;
}

async function recordsOf(workspace: Workspace): Promise<StateSnapshot['posts'][string]['platforms']> {
  const state = await workspace.readState();
  return state?.posts[canonicalKey(CANONICAL)]?.platforms ?? {};
}

/** Every record has an id and no leftover write-ahead intent. */
async function expectSettledState(workspace: Workspace, platforms: readonly PlatformName[]): Promise<void> {
  const records = await recordsOf(workspace);
  for (const platform of platforms) {
    expect(records[platform]?.id, `${platform} record`).toEqual(expect.any(String));
    expect(records[platform]?.pendingCreate, `${platform} pendingCreate`).toBeUndefined();
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    // Polling is the point here: the test watches another process make progress.
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function output(result: CliResult): string {
  return `${result.stdout}\n${result.stderr}`;
}

describe.concurrent('retries: 429, 5xx and errors that must not be retried', () => {
  test('dev.to: one article after two 429s, waiting the Retry-After of the JSON form and of the plain-text form', async ({ harness }) => {
    const { server } = harness;
    server.inject({ ...CREATE.devto, fault: { kind: 'rate-limit', retryAfterSeconds: 1, style: 'json' } });
    server.inject({ ...CREATE.devto, fault: { kind: 'rate-limit', retryAfterSeconds: 1, style: 'text' } });

    const result = await harness.publish('devto');

    expect(result.code, output(result)).toBe(0);
    const creates = createsTo(server, 'devto');
    expect(creates.map((request) => request.fault)).toEqual(['rate-limit', 'rate-limit', null]);
    expect(harness.arrivedAt(creates[1]!) - harness.arrivedAt(creates[0]!)).toBeGreaterThanOrEqual(950);
    expect(harness.arrivedAt(creates[2]!) - harness.arrivedAt(creates[1]!)).toBeGreaterThanOrEqual(950);
    expect(copiesOn(server, 'devto')).toBe(1);
    await expectSettledState(harness.workspace, ['devto']);
  });

  test('dev.to: honours Retry-After given as an HTTP date, and "try again in N seconds" in the body alone', async ({ harness }) => {
    const { server } = harness;
    const retryAt = new Date(Date.now() + 3_000).toUTCString();
    server.inject({ ...CREATE.devto, fault: { kind: 'status', status: 429, headers: { 'retry-after': retryAt }, body: { error: 'Rate limit reached', status: 429 } } });
    server.inject({ ...CREATE.devto, fault: { kind: 'status', status: 429, body: { error: 'Rate limit reached, try again in 1 seconds', status: 429 } } });

    const result = await harness.publish('devto', [], { XPOST_RETRY_MAX_WAIT_MS: '6000' });

    expect(result.code, output(result)).toBe(0);
    const creates = createsTo(server, 'devto');
    expect(creates).toHaveLength(3);
    // Not before the date, however long the CLI took to start.
    expect(harness.arrivedAt(creates[1]!)).toBeGreaterThanOrEqual(Date.parse(retryAt) - 50);
    expect(harness.arrivedAt(creates[2]!) - harness.arrivedAt(creates[1]!)).toBeGreaterThanOrEqual(950);
    expect(copiesOn(server, 'devto')).toBe(1);
  });

  test('Hashnode: one post after a 429 with Retry-After', async ({ harness }) => {
    const { server } = harness;
    server.inject({ ...CREATE.hashnode, fault: { kind: 'rate-limit', retryAfterSeconds: 1 } });

    const result = await harness.publish('hashnode');

    expect(result.code, output(result)).toBe(0);
    const creates = createsTo(server, 'hashnode');
    expect(creates.map((request) => request.fault)).toEqual(['rate-limit', null]);
    expect(harness.arrivedAt(creates[1]!) - harness.arrivedAt(creates[0]!)).toBeGreaterThanOrEqual(950);
    expect(copiesOn(server, 'hashnode')).toBe(1);
    await expectSettledState(harness.workspace, ['hashnode']);
  });

  test('Medium and LinkedIn: a 429 (a daily limit) is not retried in the run, and the next run publishes', async ({ harness }) => {
    const { server } = harness;
    server.inject({ ...CREATE.medium, fault: { kind: 'rate-limit', retryAfterSeconds: 1 } });
    server.inject({ ...CREATE.linkedin, fault: { kind: 'rate-limit' } });

    const limited = await harness.publish('medium,linkedin', ['--json']);

    expect(limited.code, output(limited)).toBe(1);
    for (const platform of ['medium', 'linkedin'] as const) {
      expect(createsTo(server, platform), platform).toHaveLength(1);
      expect(resultFor(limited, platform)).toMatchObject({ status: 'failed', errorCode: 'RATE_LIMITED' });
      expect(copiesOn(server, platform)).toBe(0);
    }
    const records = await recordsOf(harness.workspace);
    // A refused create did not happen: no intent may be left that would block the next run.
    expect(records['medium']?.pendingCreate).toBeUndefined();
    expect(records['linkedin']?.pendingCreate).toBeUndefined();

    server.clearRequests();
    const next = await harness.publish('medium,linkedin');

    expect(next.code, output(next)).toBe(0);
    expect(createsTo(server, 'medium')).toHaveLength(1);
    expect(createsTo(server, 'linkedin')).toHaveLength(1);
    expect(copiesOn(server, 'medium')).toBe(1);
    expect(copiesOn(server, 'linkedin')).toBe(1);
    await expectSettledState(harness.workspace, ['medium', 'linkedin']);
  });

  test('a 502 or 503 on a create is sent once and left unknown; the same answers on reads are retried', async ({ harness }) => {
    const { server, workspace } = harness;
    server.inject({ ...CREATE.devto, fault: { kind: 'status', status: 502 } });
    server.inject({ ...CREATE.medium, fault: { kind: 'status', status: 503 } });
    server.inject({ platform: 'devto', method: 'GET', path: '/api/articles/me/all', times: 2, fault: { kind: 'status', status: 503 } });
    server.inject({ platform: 'medium', method: 'GET', path: '/v1/me', times: 2, fault: { kind: 'status', status: 502 } });

    const result = await harness.publish('devto,medium', ['--json']);

    expect(result.code, output(result)).toBe(1);
    for (const platform of ['devto', 'medium'] as const) {
      expect(createsTo(server, platform), platform).toHaveLength(1);
      expect(resultFor(result, platform), platform).toMatchObject({ status: 'failed', errorCode: 'OUTCOME_UNKNOWN' });
      expect((await recordsOf(workspace))[platform]?.pendingCreate?.contentHash, platform).toMatch(/^sha256:/);
    }
    const lookups = server.requestsTo('devto').filter((request) => request.method === 'GET');
    expect(lookups.map((request) => request.fault)).toEqual(['status', 'status', null]);
    expect(server.requestsTo('medium').filter((request) => request.path === '/v1/me').map((request) => request.fault)).toEqual(['status', 'status', null]);
    expect(resultFor(result, 'medium').error).toContain(`xpost state mark ${workspace.postFile} --platform medium`);
  });

  test('does not retry 400, 401, 403, 404 or 422', async ({ harness }) => {
    const { server } = harness;
    const validation = { kind: 'status', status: 422 } as const;
    server.inject({ ...CREATE.devto, fault: { kind: 'status', status: 400 } });
    server.inject({ ...CREATE.hashnode, fault: { kind: 'status', status: 401 } });
    server.inject({ ...CREATE.medium, fault: { kind: 'status', status: 403 } });
    server.inject({ ...CREATE.linkedin, fault: validation });

    const first = await harness.publish('all', ['--json']);

    expect(first.code, output(first)).toBe(1);
    for (const platform of PLATFORMS) {
      expect(createsTo(server, platform), platform).toHaveLength(1);
      expect(resultFor(first, platform).status, platform).toBe('failed');
    }

    server.clearRequests();
    server.inject({ ...CREATE.devto, fault: { kind: 'status', status: 422, body: { error: 'Tag list exceed the maximum of 4 tags', status: 422 } } });
    server.inject({ ...CREATE.hashnode, fault: { kind: 'status', status: 404 } });
    server.inject({ ...CREATE.medium, fault: { kind: 'status', status: 404 } });
    server.inject({ ...CREATE.linkedin, fault: { kind: 'status', status: 401 } });

    const second = await harness.publish('all', ['--json']);

    expect(second.code, output(second)).toBe(1);
    for (const platform of PLATFORMS) {
      expect(createsTo(server, platform), platform).toHaveLength(1);
      expect(resultFor(second, platform).status, platform).toBe('failed');
      expect(copiesOn(server, platform), platform).toBe(0);
    }
  });

  test('gives up within the retry budget: a 503 on a read that never ends, and a Retry-After longer than XPOST_RETRY_MAX_WAIT_MS', async ({ harness }) => {
    const { server } = harness;
    server.inject({ platform: 'medium', method: 'GET', path: '/v1/me', times: Infinity, fault: { kind: 'status', status: 503 } });
    server.inject({ ...CREATE.hashnode, times: Infinity, fault: { kind: 'rate-limit', retryAfterSeconds: 30 } });
    const started = Date.now();

    const result = await harness.publish('medium,hashnode', ['--json']);

    expect(result.code, output(result)).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    // XPOST_RETRY_MAX_ATTEMPTS=3 attempts in all; the create is never sent without the author id.
    expect(server.requestsTo('medium').map((request) => request.path)).toEqual(['/v1/me', '/v1/me', '/v1/me']);
    // Waiting 30 s would exceed the 3 s budget: give up at once rather than wait.
    expect(createsTo(server, 'hashnode')).toHaveLength(1);
    expect(resultFor(result, 'medium').status).toBe('failed');
    expect(resultFor(result, 'hashnode')).toMatchObject({ status: 'failed', errorCode: 'RATE_LIMITED' });
  });

  test('paces dev.to writes: three posts in one run reach dev.to at least a second apart', async ({ harness }) => {
    const { server, workspace } = harness;
    const files = ['posts/one.md', 'posts/two.md', 'posts/three.md'];
    for (const [index, file] of files.entries()) {
      await workspace.writeFile(
        file,
        postMarkdown({ frontMatter: { title: `Paced post ${index + 1}`, canonical_url: `https://blog.example.com/posts/paced-${index + 1}/` }, body: `Post ${index + 1}.\n` }),
      );
    }

    const result = await harness.xpost(['publish', ...files, '--to', 'devto']);

    expect(result.code, output(result)).toBe(0);
    const creates = createsTo(server, 'devto');
    expect(creates).toHaveLength(3);
    expect(creates.every((request) => request.fault === null)).toBe(true);
    const gaps = creates.slice(1).map((request, index) => harness.arrivedAt(request) - harness.arrivedAt(creates[index]!));
    // Forem's Rack::Attack counts 1 write per fixed one-second window at arrival: closer arrivals can share a window.
    for (const gap of gaps) expect(gap, `gaps between arrivals: ${gaps.join(', ')} ms`).toBeGreaterThanOrEqual(1000);
    expect(copiesOn(server, 'devto')).toBe(3);
  });
});

describe.concurrent('creates whose outcome is unknown are looked up, never blindly re-sent', () => {
  test('dev.to: a create answered by a connection reset is found by canonical URL and adopted', async ({ harness }) => {
    const { server, workspace } = harness;
    server.inject({ ...CREATE.devto, fault: { kind: 'drop-after-create' } });

    const result = await harness.publish('devto', ['--json']);

    expect(result.code, output(result)).toBe(0);
    expect(createsTo(server, 'devto')).toHaveLength(1);
    const lookup = server.requestsTo('devto').find((request) => request.method === 'GET' && request.path === '/api/articles/me/all');
    expect(lookup, 'a lookup of /api/articles/me/all').toBeDefined();
    expect(copiesOn(server, 'devto')).toBe(1);
    const article = server.devto.articles[0]!;
    expect(resultFor(result, 'devto')).toMatchObject({ status: 'published', id: String(article.id) });
    expect((await recordsOf(workspace))['devto']).toMatchObject({ id: String(article.id), url: article.url });
    await expectSettledState(workspace, ['devto']);
  });

  test('Hashnode: a publishPost answered by a connection reset is found through the schema\'s queries and adopted', async ({ harness }) => {
    const { server, workspace } = harness;
    server.inject({ ...CREATE.hashnode, fault: { kind: 'drop-after-create' } });

    const result = await harness.publish('hashnode', ['--json']);

    expect(result.code, output(result)).toBe(0);
    expect(createsTo(server, 'hashnode')).toHaveLength(1);
    expect(hashnodeOperations(server)).toContain('publication');
    expect(copiesOn(server, 'hashnode')).toBe(1);
    const post = server.hashnode.posts[0]!;
    expect(resultFor(result, 'hashnode')).toMatchObject({ status: 'published', id: post.id });
    expect((await recordsOf(workspace))['hashnode']).toMatchObject({ id: post.id, url: post.url });
    await expectSettledState(workspace, ['hashnode']);
  });

  test('a 504 (dev.to) or a timeout (Hashnode) on the create: the next request is a lookup, and the re-run leaves one copy each', async ({ harness }) => {
    const { server, workspace } = harness;
    server.inject({ ...CREATE.devto, fault: { kind: 'status', status: 504 } });
    server.inject({ ...CREATE.hashnode, fault: { kind: 'hang' } });

    const first = await harness.publish('devto,hashnode', ['--json']);

    for (const platform of ['devto', 'hashnode'] as const) {
      const requests = server.requestsTo(platform);
      const firstCreate = requests.findIndex(isArticleCreate);
      expect(firstCreate, platform).toBeGreaterThanOrEqual(0);
      const next = requests[firstCreate + 1];
      expect(next && !isArticleCreate(next), `${platform}: the request after the unanswered create must be a lookup`).toBe(true);
    }
    expect([0, 1], output(first)).toContain(first.code);
    expect(copiesOn(server, 'devto')).toBeLessThanOrEqual(1);
    expect(copiesOn(server, 'hashnode')).toBeLessThanOrEqual(1);

    // Within Hashnode's search cache window a re-run must not create: "not found" proves nothing yet.
    const tooSoon = await harness.publish('hashnode');
    expect(tooSoon.code, output(tooSoon)).toBe(1);
    expect(tooSoon.stdout + tooSoon.stderr).toContain('search can take 25 s');
    expect(copiesOn(server, 'hashnode')).toBeLessThanOrEqual(1);

    await workspace.ageIntents(60_000);
    server.clearRequests();
    const second = await harness.publish('devto,hashnode');

    expect(second.code, output(second)).toBe(0);
    expect(copiesOn(server, 'devto')).toBe(1);
    expect(copiesOn(server, 'hashnode')).toBe(1);
    await expectSettledState(workspace, ['devto', 'hashnode']);
  });

  test('dev.to: a 422 "Canonical url has already been taken" by our own article adopts that article', async ({ harness }) => {
    const { server, workspace } = harness;
    const existing = server.devto.seedArticle({ title: 'Reliable cross-posting, posted by hand', canonicalUrl: CANONICAL, createdAt: '2025-01-01T00:00:00.000Z' });

    const result = await harness.publish('devto', ['--json']);

    expect(result.code, output(result)).toBe(0);
    expect(createsTo(server, 'devto')).toHaveLength(1);
    expect(copiesOn(server, 'devto')).toBe(1);
    expect((await recordsOf(workspace))['devto']?.id).toBe(String(existing.id));
    expect(resultFor(result, 'devto').id).toBe(String(existing.id));
  });

  test('dev.to: a canonical URL taken by someone else\'s article is a failure, never adopted', async ({ harness }) => {
    const { server, workspace } = harness;
    server.devto.seedArticle({ title: 'Their copy', canonicalUrl: CANONICAL, ownedByMe: false });

    const result = await harness.publish('devto', ['--json']);

    expect(result.code, output(result)).toBe(1);
    expect(resultFor(result, 'devto').status).toBe('failed');
    expect(resultFor(result, 'devto').error).toMatch(/canonical url has already been taken/i);
    expect(createsTo(server, 'devto')).toHaveLength(1);
    expect((await recordsOf(workspace))['devto']?.id).toBeUndefined();
  });

  test.for(['medium', 'linkedin'] as const)(
    '%s: a create answered by a reset is "unknown, check the profile and run `xpost state mark`", is not re-sent, and `state mark` makes the next run unchanged',
    { timeout: 30_000 },
    async (platform, { harness }) => {
      const { server, workspace } = harness;
      const profile = platform === 'medium' ? MEDIUM_PROFILE : LINKEDIN_PROFILE;
      server.inject({ ...CREATE[platform], fault: { kind: 'drop-after-create' } });

      const first = await harness.publish(platform, ['--json']);

      expect(first.code, output(first)).toBe(1);
      expect(createsTo(server, platform)).toHaveLength(1);
      expect(copiesOn(server, platform)).toBe(1);
      const unknown = resultFor(first, platform);
      expect(unknown.errorCode).toBe('OUTCOME_UNKNOWN');
      const advice = `${unknown.error ?? ''} ${unknown.hint ?? ''} ${unknown.message ?? ''}`;
      expect(advice).toContain(`xpost state mark ${workspace.postFile} --platform ${platform}`);
      expect(advice).toContain(profile);
      const intent = (await recordsOf(workspace))[platform];
      expect(intent?.pendingCreate?.contentHash).toMatch(/^sha256:/);
      expect(intent?.id).toBeUndefined();

      server.clearRequests();
      const again = await harness.publish(platform, ['--json']);

      expect(again.code, output(again)).toBe(1);
      expect(createsTo(server, platform)).toEqual([]);
      expect(resultFor(again, platform).errorCode).toBe('OUTCOME_UNKNOWN');
      expect(`${resultFor(again, platform).error ?? ''} ${resultFor(again, platform).hint ?? ''}`).toContain('xpost state mark');

      const copy = platform === 'medium' ? { id: server.medium.posts[0]!.id, url: server.medium.posts[0]!.url } : { id: server.linkedin.posts[0]!.urn, url: undefined };
      const mark = await harness.xpost(['state', 'mark', workspace.postFile, '--platform', platform, '--id', copy.id, ...(copy.url ? ['--url', copy.url] : [])]);

      expect(mark.code, output(mark)).toBe(0);
      expect((await recordsOf(workspace))[platform]).toMatchObject({ id: copy.id });
      await expectSettledState(workspace, [platform]);

      server.clearRequests();
      const after = await harness.publish(platform);

      expect(after.code, output(after)).toBe(0);
      expect(server.requestsTo(platform)).toEqual([]);
      expect(after.stdout).toMatch(/unchanged/);
      expect(copiesOn(server, platform)).toBe(1);
    },
  );

  test('Medium: after an unknown create the user found nothing, so --force creates the post once', async ({ harness }) => {
    const { server, workspace } = harness;
    server.inject({ ...CREATE.medium, fault: { kind: 'drop-after-create' } });
    const first = await harness.publish('medium');
    expect(first.code, output(first)).toBe(1);
    // The user checks medium.com and the story is not there (e.g. deleted): the emulator forgets it too.
    server.medium.posts.splice(0);
    server.clearRequests();

    const forced = await harness.publish('medium', ['--force', '--json']);

    expect(forced.code, output(forced)).toBe(0);
    expect(createsTo(server, 'medium')).toHaveLength(1);
    expect(copiesOn(server, 'medium')).toBe(1);
    expect(resultFor(forced, 'medium')).toMatchObject({ status: 'published', id: server.medium.posts[0]!.id });
    await expectSettledState(workspace, ['medium']);
  });

  test('LinkedIn: after an unknown create, --force meets 422 DUPLICATE_POST and records the existing share instead of failing', async ({ harness }) => {
    const { server, workspace } = harness;
    server.inject({ ...CREATE.linkedin, fault: { kind: 'drop-after-create' } });
    const first = await harness.publish('linkedin');
    expect(first.code, output(first)).toBe(1);
    const share = server.linkedin.posts[0]!;
    server.clearRequests();

    const forced = await harness.publish('linkedin', ['--force', '--json']);

    expect(forced.code, output(forced)).toBe(0);
    expect(createsTo(server, 'linkedin')).toHaveLength(1);
    expect(copiesOn(server, 'linkedin')).toBe(1);
    expect(resultFor(forced, 'linkedin')).toMatchObject({ status: 'published', id: share.urn });
    expect((await recordsOf(workspace))['linkedin']?.id).toBe(share.urn);
    await expectSettledState(workspace, ['linkedin']);
  });
});

describe.concurrent('xpost sync', () => {
  test('adopts a dev.to article and a Hashnode post that exist but are not in the state; the next publish updates them instead of creating', async ({ harness }) => {
    const { server, workspace } = harness;
    const article = server.devto.seedArticle({ title: 'Reliable cross-posting (cross-posted by hand)', canonicalUrl: CANONICAL, createdAt: '2025-01-01T00:00:00.000Z' });
    server.hashnode.posts.push({
      id: '65f0aaaaaaaaaaaaaaaaaaaa',
      publicationId: server.hashnode.publicationId,
      title: 'Reliable cross-posting',
      subtitle: null,
      // Not the slug xpost would choose: only the canonical URL can identify it.
      slug: 'reliable-cross-posting-by-hand',
      url: `https://${server.hashnode.host}/reliable-cross-posting-by-hand`,
      contentMarkdown: 'Posted by hand.\n',
      coverImage: null,
      tags: [],
      canonicalUrl: CANONICAL,
      metaTitle: null,
      metaDescription: null,
      ogImage: null,
      disableComments: false,
      isDelisted: false,
      enableToc: false,
      seriesId: null,
      publishedAt: '2025-01-01T00:00:00.000Z',
      updatedAt: null,
      fromDraftId: null,
      updateCount: 0,
    });
    const handPost = server.hashnode.posts[0]!;

    const sync = await harness.xpost(['sync', workspace.postFile, '--to', 'all', '--json']);

    expect(sync.code, output(sync)).toBe(0);
    const results = (JSON.parse(sync.stdout) as { results: Array<{ platform: string; status: string; id: string | null; message: string | null }> }).results;
    expect(results.find((result) => result.platform === 'devto')).toMatchObject({ status: 'adopted', id: String(article.id) });
    expect(results.find((result) => result.platform === 'hashnode')).toMatchObject({ status: 'adopted', id: handPost.id });
    for (const platform of ['medium', 'linkedin']) {
      const unsearchable = results.find((result) => result.platform === platform);
      expect(unsearchable?.status, platform).toBe('unknown');
      expect(unsearchable?.message, platform).toContain(`xpost state mark ${workspace.postFile} --platform ${platform}`);
    }
    for (const platform of PLATFORMS) expect(server.writesTo(platform), platform).toEqual([]);
    const records = await recordsOf(workspace);
    expect(records['devto']).toMatchObject({ id: String(article.id), url: article.url });
    expect(records['hashnode']).toMatchObject({ id: handPost.id, url: handPost.url });

    server.clearRequests();
    const publish = await harness.publish('devto,hashnode');

    expect(publish.code, output(publish)).toBe(0);
    expect(createsTo(server, 'devto')).toEqual([]);
    expect(createsTo(server, 'hashnode')).toEqual([]);
    expect(server.writesTo('devto').map((request) => `${request.method} ${request.path}`)).toEqual([`PUT /api/articles/${article.id}`]);
    expect(hashnodeOperations(server)).toEqual(['updatePost']);
    expect(copiesOn(server, 'devto')).toBe(1);
    expect(copiesOn(server, 'hashnode')).toBe(1);
  });
});

describe.concurrent('a failing platform does not stop the others', () => {
  test.for([
    ['devto', 'linkedin'],
    ['hashnode', 'medium'],
  ] as const)('%s and %s answering 500 leave the other two published; the next run looks up or reports unknown, and sends only to them', async (failing, { harness }) => {
    const { server, workspace } = harness;
    const isFailing = (platform: PlatformName): boolean => (failing as readonly PlatformName[]).includes(platform);
    const [searchable, unsearchable] = failing;
    for (const platform of failing) server.inject({ ...CREATE[platform], fault: { kind: 'status', status: 500 } });

    const first = await harness.publish('all', ['--json']);

    expect(first.code, output(first)).toBe(1);
    for (const platform of PLATFORMS) {
      expect(resultFor(first, platform).status, platform).toBe(isFailing(platform) ? 'failed' : 'published');
      expect(copiesOn(server, platform), platform).toBe(isFailing(platform) ? 0 : 1);
    }

    await workspace.ageIntents(60_000);
    server.clearRequests();
    const second = await harness.publish('all', ['--json']);

    // A 500 after a create was sent may hide a created post: dev.to and Hashnode look first; Medium and LinkedIn wait for the user.
    expect(second.code, output(second)).toBe(1);
    expect(createsTo(server, searchable), searchable).toHaveLength(1);
    expect(copiesOn(server, searchable)).toBe(1);
    expect(server.writesTo(unsearchable), unsearchable).toEqual([]);
    expect(resultFor(second, unsearchable)).toMatchObject({ status: 'failed', errorCode: 'OUTCOME_UNKNOWN' });
    expect(resultFor(second, unsearchable).error).toContain(`xpost state mark ${workspace.postFile} --platform ${unsearchable}`);
    for (const platform of PLATFORMS.filter((candidate) => !isFailing(candidate))) expect(server.requestsTo(platform), `nothing may be sent to ${platform}`).toEqual([]);

    server.clearRequests();
    const forced = await harness.publish(unsearchable, ['--force']);

    expect(forced.code, output(forced)).toBe(0);
    expect(createsTo(server, unsearchable)).toHaveLength(1);
    for (const platform of PLATFORMS) expect(copiesOn(server, platform), platform).toBe(1);
    await expectSettledState(workspace, PLATFORMS);
  });
});

/**
 * Moves every write-ahead intent a minute into the past: the re-run then happens as a user's would,
 * after Hashnode's ~25 s search cache has caught up (xpost refuses to re-create sooner).
 */

describe.concurrent('killed runs, concurrent runs and the lock', () => {
  test('SIGKILL mid-run leaves a valid state naming the creates in flight; the re-run takes over the lock and ends with one copy per platform', { timeout: 40_000 }, async ({ harness }) => {
    const { server, workspace } = harness;
    // dev.to: the article is created, the answer lost, and the lookup never answers; Hashnode: the create never answers.
    server.inject({ ...CREATE.devto, fault: { kind: 'drop-after-create' } });
    server.inject({ platform: 'devto', method: 'GET', path: '/api/articles/me/all', fault: { kind: 'hang' } });
    server.inject({ ...CREATE.hashnode, fault: { kind: 'hang' } });
    const running = harness.startXpost(['publish', workspace.postFile, '--to', 'all'], { XPOST_TIMEOUT_MS: '15000' });

    await waitFor(async () => {
      const hung = server.requests.filter((request) => request.fault === 'hang').map((request) => request.platform);
      if (!hung.includes('devto') || !hung.includes('hashnode')) return false;
      const records = await recordsOf(workspace);
      return records['medium']?.id !== undefined && records['linkedin']?.id !== undefined;
    }, 'dev.to and Hashnode in flight, Medium and LinkedIn recorded');
    running.child.kill('SIGKILL');
    const killed = await running.result;

    expect(killed.signal).toBe('SIGKILL');
    const text = (await workspace.readStateText()) ?? '';
    expect(() => JSON.parse(text) as unknown, text).not.toThrow();
    const left = await recordsOf(workspace);
    for (const platform of ['devto', 'hashnode'] as const) {
      expect(left[platform]?.pendingCreate?.contentHash, platform).toMatch(/^sha256:/);
      expect(left[platform]?.id, platform).toBeUndefined();
    }
    await expectSettledState(workspace, ['medium', 'linkedin']);
    expect(await exists(`${workspace.statePath}.lock`), 'the killed run leaves its lock behind').toBe(true);
    expect(copiesOn(server, 'devto')).toBe(1);
    expect(copiesOn(server, 'hashnode')).toBe(0);

    server.clearFaults();
    server.clearRequests();
    await workspace.ageIntents(60_000);
    const rerun = await harness.publish('all', ['--json']);

    expect(rerun.code, output(rerun)).toBe(0);
    for (const platform of PLATFORMS) expect(copiesOn(server, platform), platform).toBe(1);
    expect(createsTo(server, 'devto'), 'the dev.to article made by the killed run is adopted, not created again').toEqual([]);
    expect(createsTo(server, 'hashnode')).toHaveLength(1);
    expect(server.requestsTo('medium')).toEqual([]);
    expect(server.requestsTo('linkedin')).toEqual([]);
    const records = await recordsOf(workspace);
    expect(records['devto']?.id).toBe(String(server.devto.articles[0]!.id));
    expect(records['hashnode']?.id).toBe(server.hashnode.posts[0]!.id);
    await expectSettledState(workspace, PLATFORMS);
    expect(await exists(`${workspace.statePath}.lock`), 'the lock is released').toBe(false);
  });

  test('two publishes started together on one state file: exactly one copy per platform and a valid state', async ({ harness }) => {
    const { server, workspace } = harness;
    server.setLatency(300);

    const [one, two] = await Promise.all([harness.publish('all', ['--json']), harness.publish('all', ['--json'])]);

    expect(one.code, output(one)).toBe(0);
    expect(two.code, output(two)).toBe(0);
    for (const platform of PLATFORMS) {
      expect(createsTo(server, platform), platform).toHaveLength(1);
      expect(copiesOn(server, platform), platform).toBe(1);
    }
    const statuses = [resultsOf(one), resultsOf(two)].map((results) => results.map((result) => result.status).sort().join(','));
    // Every platform, the thread platforms included: one run publishes, the other waits for the lock and finds nothing to do.
    const every = (status: string) => PLATFORM_IDS.map(() => status).join(',');
    expect(statuses.sort()).toEqual([every('published'), every('unchanged')]);
    const text = (await workspace.readStateText()) ?? '';
    expect(() => JSON.parse(text) as unknown, text).not.toThrow();
    await expectSettledState(workspace, PLATFORMS);
  });

  test('a run that waits longer than XPOST_LOCK_WAIT_MS exits 3 with a clear message and publishes nothing', { timeout: 30_000 }, async ({ harness }) => {
    const { server, workspace } = harness;
    server.inject({ ...CREATE.devto, fault: { kind: 'latency', ms: 6_000 } });
    const holder = harness.startXpost(['publish', workspace.postFile, '--to', 'devto'], { XPOST_TIMEOUT_MS: '15000' });
    await waitFor(() => createsTo(server, 'devto').length > 0, 'the first run to send its create');

    const waiter = await harness.publish('devto', [], { XPOST_LOCK_WAIT_MS: '300' });

    expect(waiter.code, output(waiter)).toBe(3);
    expect(waiter.stderr).toMatch(/another xpost run/i);
    expect(waiter.stderr).toContain('state.json');
    expect(waiter.stderr).not.toMatch(/^ {4}at /m);
    expect(waiter.stdout).not.toMatch(/published/);
    const held = await holder.result;
    expect(held.code, output(held)).toBe(0);
    expect(createsTo(server, 'devto')).toHaveLength(1);
    expect(copiesOn(server, 'devto')).toBe(1);
  });

  test('a stale lock directory left by a killed run is taken over', async ({ harness }) => {
    const { server, workspace } = harness;
    // proper-lockfile's lock is a directory; its mtime is refreshed while the owner lives.
    const lock = `${workspace.statePath}.lock`;
    await mkdir(lock, { recursive: true });
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(lock, anHourAgo, anHourAgo);

    const result = await harness.publish('devto', [], { XPOST_LOCK_STALE_MS: '1000', XPOST_LOCK_WAIT_MS: '1000' });

    expect(result.code, output(result)).toBe(0);
    expect(copiesOn(server, 'devto')).toBe(1);
    await expectSettledState(workspace, ['devto']);
    expect(await exists(lock)).toBe(false);
  });

  test('a fresh lock held by a live run is respected: exit 3, nothing sent', async ({ harness }) => {
    const { server, workspace } = harness;
    await mkdir(`${workspace.statePath}.lock`, { recursive: true });

    const result = await harness.publish('devto', [], { XPOST_LOCK_STALE_MS: '60000', XPOST_LOCK_WAIT_MS: '300' });

    expect(result.code, output(result)).toBe(3);
    expect(result.stderr).toMatch(/another xpost run/i);
    expect(server.requests).toEqual([]);
  });
});

describe.concurrent('state file safety', () => {
  test('a state file that is not JSON is an error naming it, is left byte-for-byte, and nothing is sent', async ({ harness }) => {
    const { server, workspace } = harness;
    const broken = '{"version": 1, "posts": {\n';
    await workspace.writeFile(path.join('.xpost', 'state.json'), broken);

    const result = await harness.publish('all');

    expect(result.code, output(result)).toBe(2);
    expect(result.stderr).toContain('state.json');
    expect(result.stderr).toMatch(/not valid JSON/i);
    expect(result.stderr).not.toMatch(/^ {4}at /m);
    expect(await workspace.readStateText()).toBe(broken);
    expect(server.requests).toEqual([]);
  });

  test('a hand-broken state file (wrong type) names the field, is not overwritten, and nothing is sent', async ({ harness }) => {
    const { server, workspace } = harness;
    const broken = `${JSON.stringify({ version: 1, posts: { [CANONICAL]: { platforms: { devto: { id: 42 } } } }, accounts: {} }, null, 2)}\n`;
    await workspace.writeFile(path.join('.xpost', 'state.json'), broken);

    const result = await harness.publish('devto');

    expect(result.code, output(result)).toBe(2);
    expect(result.stderr).toContain('state.json');
    expect(result.stderr).toContain('platforms.devto.id');
    expect(await workspace.readStateText()).toBe(broken);
    expect(server.requests).toEqual([]);
  });

  test('unknown fields in the state file survive a publish', async ({ harness }) => {
    const { workspace } = harness;
    const other = 'https://blog.example.com/posts/older/';
    await mkdir(path.dirname(workspace.statePath), { recursive: true });
    await writeFile(
      workspace.statePath,
      JSON.stringify({
        version: 1,
        note: 'kept by a newer xpost',
        posts: { [other]: { file: 'posts/older.md', pinned: true, platforms: { devto: { id: '7', contentHash: 'sha256:0', reviewedBy: 'ada' } } } },
        accounts: { devto: { team: 'blog' } },
      }),
    );

    const result = await harness.publish('devto');

    expect(result.code, output(result)).toBe(0);
    const state = JSON.parse((await workspace.readStateText()) ?? '{}') as Record<string, unknown> & StateSnapshot;
    expect(state['note']).toBe('kept by a newer xpost');
    expect(state.posts[canonicalKey(other)]).toMatchObject({ file: 'posts/older.md', pinned: true, platforms: { devto: { id: '7', reviewedBy: 'ada' } } });
    expect(state.accounts['devto']).toMatchObject({ team: 'blog' });
    expect(state.posts[canonicalKey(CANONICAL)]?.platforms['devto']?.id).toEqual(expect.any(String));
  });
});

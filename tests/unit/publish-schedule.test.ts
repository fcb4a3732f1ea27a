/**
 * The schedule and platform selection of publishPosts, driven in-process with an injected clock:
 * real adapters and HTTP against the emulated platforms where something is sent, dry runs elsewhere.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { XpostConfig } from '../../src/config/config-schema.js';
import type { PublishResult, RunContext, RunEvent } from '../../src/core/context.js';
import { canonicalKey } from '../../src/core/identity-key.js';
import { publishPosts, type PublishOptions } from '../../src/core/publish.js';
import { InputProblems, type XpostError } from '../../src/errors/xpost-error.js';
import { PLATFORM_IDS, type PlatformId } from '../../src/platforms/registry.js';
import type { Env } from '../../src/platforms/types.js';
import { StateStore } from '../../src/state/state-file.js';
import { startPlatformServer, type PlatformName, type PlatformServer } from '../helpers/platform-server.js';
import { postMarkdown, xpostEnv, type PostSpec } from '../helpers/run-cli.js';

const LINKEDIN_VERSION = '202610';
const CANONICAL = 'https://blog.example.com/posts/scheduled/';
const POST_FILE = 'posts/scheduled.md';
const ALL_PLATFORMS: PlatformId[] = PLATFORM_IDS;

const SCHEDULE = { devto: '7d', linkedin: '7d', hashnode: '14d', bluesky: '14d', mastodon: '14d', medium: '21d' };

const POST: PostSpec = {
  frontMatter: {
    title: 'A post on a schedule',
    description: 'Cross-posted a week or more after the original',
    tags: ['testing'],
    canonical_url: CANONICAL,
    date: '2026-11-02',
  },
  body: 'The original went out first.\n\nThe copies follow on their own schedule.\n',
};

// 2026-11-02 is midnight in Asia/Kolkata (+05:30) at 2026-11-01T18:30Z; each delay counts from there.
const DUE_IN_KOLKATA: Record<PlatformId, string> = {
  devto: '2026-11-08T18:30:00.000Z',
  linkedin: '2026-11-08T18:30:00.000Z',
  hashnode: '2026-11-15T18:30:00.000Z',
  bluesky: '2026-11-15T18:30:00.000Z',
  mastodon: '2026-11-15T18:30:00.000Z',
  medium: '2026-11-22T18:30:00.000Z',
};

let server: PlatformServer;
let dir: string;

beforeAll(async () => {
  server = await startPlatformServer({ linkedinVersions: [LINKEDIN_VERSION] });
});

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  server.reset();
  dir = await mkdtemp(path.join(os.tmpdir(), 'xpost-schedule-'));
});

afterEach(async () => {
  expect(server.emulatorErrors).toEqual([]);
  await rm(dir, { recursive: true, force: true });
});

async function writeProjectFile(relativePath: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, relativePath)), { recursive: true });
  await writeFile(path.join(dir, relativePath), text, 'utf8');
}

async function writeConfig(config: XpostConfig): Promise<void> {
  await writeProjectFile('xpost.config.yaml', stringify(config));
}

async function writePost(spec: PostSpec = POST): Promise<void> {
  await writeProjectFile(POST_FILE, postMarkdown(spec));
}

function withoutDate(spec: PostSpec): PostSpec {
  const { date: _date, ...frontMatter } = spec.frontMatter;
  return { ...spec, frontMatter };
}

/** Every origin pointed at the emulation server, with all credentials, or only those named. */
function platformEnv(credentials: 'all' | 'none' | string[] = 'all'): Env {
  const full: Record<string, string> = { ...xpostEnv(server), XPOST_LINKEDIN_VERSION: LINKEDIN_VERSION };
  if (credentials === 'all') return full;
  const origins: Record<string, string> = { ...xpostEnv(server, { credentials: false }), XPOST_LINKEDIN_VERSION: LINKEDIN_VERSION };
  if (credentials === 'none') return origins;
  for (const name of credentials) origins[name] = full[name] ?? '';
  return origins;
}

interface Run {
  results: PublishResult[];
  events: RunEvent[];
}

async function publishAt(now: string, options: Partial<PublishOptions>, env: Env = platformEnv()): Promise<Run> {
  const events: RunEvent[] = [];
  const ctx: RunContext = { cwd: dir, env, now: () => new Date(now), emit: (event) => events.push(event), redact: (text) => text };
  const results = await publishPosts({ files: ['posts'], platforms: 'all', dryRun: false, force: false, ...options }, ctx);
  return { results, events };
}

async function problemsAt(now: string, options: Partial<PublishOptions>, env: Env): Promise<XpostError[]> {
  try {
    await publishAt(now, options, env);
  } catch (error) {
    if (error instanceof InputProblems) return error.problems;
    throw error;
  }
  throw new Error('publishPosts was expected to refuse the run');
}

function resultFor(results: PublishResult[], platform: PlatformId): PublishResult {
  const found = results.filter((result) => result.platform === platform);
  expect(found, `one result for ${platform}`).toHaveLength(1);
  return found[0]!;
}

function statuses(results: PublishResult[]): Record<string, string> {
  return Object.fromEntries(results.map((result) => [result.platform, result.status]));
}

function emittedResults(events: RunEvent[]): PublishResult[] {
  return events.flatMap((event) => (event.type === 'result' ? [event.result] : []));
}

async function recordOf(platform: PlatformId): Promise<{ id?: string; contentHash?: string; thread?: { parts: unknown[] } } | undefined> {
  const state = await StateStore.load(path.join(dir, '.xpost', 'state.json'));
  // The state keys posts by their normalised canonical URL.
  return state.record(canonicalKey(CANONICAL), platform);
}

function requestsTo(platform: PlatformName): string[] {
  return server.requestsTo(platform).map((request) => `${request.method} ${request.path}`);
}

describe('publishPosts and the schedule (clock injected)', () => {
  beforeEach(async () => {
    await writeConfig({ timezone: 'Asia/Kolkata', schedule: SCHEDULE });
  });

  it('holds back every first publish that is not due: scheduled with its due date, no request, nothing recorded', async () => {
    await writePost();

    const { results, events } = await publishAt('2026-11-03T12:00:00Z', {});

    expect(statuses(results)).toEqual({ devto: 'scheduled', hashnode: 'scheduled', medium: 'scheduled', linkedin: 'scheduled', bluesky: 'scheduled', mastodon: 'scheduled' });
    for (const platform of ALL_PLATFORMS) {
      const result = resultFor(results, platform);
      expect(result.dueAt).toBe(DUE_IN_KOLKATA[platform]);
      expect(result.action).toBe('none');
      expect(result.message).toMatch(/--now/);
      expect(await recordOf(platform)).toBeUndefined();
    }
    expect(resultFor(results, 'devto').message).toContain('2026-11-08 18:30 UTC');
    expect(server.requests).toEqual([]);
    expect(emittedResults(events)).toEqual(results);
    expect(events.some((event) => event.type === 'start')).toBe(false);
  });

  it('publishes the platforms that are due and holds back the rest without a single request to them', async () => {
    await writePost();

    const { results } = await publishAt('2026-11-10T00:00:00Z', {});

    expect(statuses(results)).toEqual({ devto: 'published', linkedin: 'published', hashnode: 'scheduled', medium: 'scheduled', bluesky: 'scheduled', mastodon: 'scheduled' });
    expect(resultFor(results, 'hashnode').dueAt).toBe(DUE_IN_KOLKATA.hashnode);
    expect(resultFor(results, 'medium').dueAt).toBe(DUE_IN_KOLKATA.medium);
    expect(resultFor(results, 'devto').dueAt).toBeNull();
    expect(server.writesTo('devto')).toHaveLength(1);
    expect(server.writesTo('linkedin')).toHaveLength(1);
    expect(requestsTo('hashnode')).toEqual([]);
    expect(requestsTo('medium')).toEqual([]);
    expect((await recordOf('devto'))?.id).toBe(String(server.devto.articles[0]?.id));
    expect(await recordOf('hashnode')).toBeUndefined();
    expect(await recordOf('medium')).toBeUndefined();
  });

  it('publishes every platform at once with ignoreSchedule (--now), long before any is due', async () => {
    await writePost();

    const { results } = await publishAt('2026-11-03T12:00:00Z', { ignoreSchedule: true });

    expect(statuses(results)).toEqual({ devto: 'published', hashnode: 'published', medium: 'published', linkedin: 'published', bluesky: 'published', mastodon: 'published' });
    for (const platform of ALL_PLATFORMS) {
      expect(resultFor(results, platform).dueAt).toBeNull();
      // A thread is one write per part.
      expect(server.writesTo(platform), platform).toHaveLength((await recordOf(platform))?.thread?.parts.length ?? 1);
      expect((await recordOf(platform))?.id, platform).toBeTruthy();
    }
  });

  it('keeps a copy that already exists up to date even while the schedule says not due, and leaves it alone when unchanged', async () => {
    await writePost();
    const now = '2026-11-03T12:00:00Z';
    expect(statuses((await publishAt(now, { platforms: ['devto'], ignoreSchedule: true })).results)).toEqual({ devto: 'published' });
    const articleId = server.devto.articles[0]?.id;
    const firstHash = (await recordOf('devto'))?.contentHash;
    await writePost({ ...POST, body: 'The original went out first, and was then edited.\n' });

    const edited = await publishAt(now, { platforms: ['devto', 'hashnode'] });

    expect(statuses(edited.results)).toEqual({ devto: 'updated', hashnode: 'scheduled' });
    expect(server.writesTo('devto').map((request) => `${request.method} ${request.path}`)).toEqual(['POST /api/articles', `PUT /api/articles/${articleId}`]);
    expect(requestsTo('hashnode')).toEqual([]);
    expect((await recordOf('devto'))?.contentHash).not.toBe(firstHash);

    server.clearRequests();
    const unchanged = await publishAt(now, { platforms: ['devto'] });
    expect(statuses(unchanged.results)).toEqual({ devto: 'unchanged' });
    expect(server.requests).toEqual([]);
  });

  it('treats a post without a date as due at once on every platform', async () => {
    await writePost(withoutDate(POST));

    const { results } = await publishAt('2026-11-03T12:00:00Z', { dryRun: true }, platformEnv('none'));

    expect(statuses(results)).toEqual({ devto: 'dry-run', hashnode: 'dry-run', medium: 'dry-run', linkedin: 'dry-run', bluesky: 'dry-run', mastodon: 'dry-run' });
    for (const result of results) {
      expect(result.action).toBe('create');
      expect(result.dueAt).toBeNull();
    }
    expect(server.requests).toEqual([]);
  });

  it('publishes a post without a date for real, although the config has a schedule', async () => {
    await writePost(withoutDate(POST));

    const { results } = await publishAt('2026-11-03T12:00:00Z', { platforms: ['devto'] });

    expect(statuses(results)).toEqual({ devto: 'published' });
    expect(server.writesTo('devto')).toHaveLength(1);
  });

  it('lets the front matter schedule win over the config, per platform (0 = due on the post date)', async () => {
    await writePost({ ...POST, frontMatter: { ...POST.frontMatter, schedule: { medium: 0, devto: '30d' } } });

    const { results } = await publishAt('2026-11-10T00:00:00Z', { dryRun: true }, platformEnv('none'));

    expect(statuses(results)).toEqual({ devto: 'scheduled', hashnode: 'scheduled', medium: 'dry-run', linkedin: 'dry-run', bluesky: 'scheduled', mastodon: 'scheduled' });
    expect(resultFor(results, 'devto').dueAt).toBe('2026-12-01T18:30:00.000Z');
    expect(resultFor(results, 'hashnode').dueAt).toBe(DUE_IN_KOLKATA.hashnode);
  });

  it('counts from the exact time of a quoted date with a time, not from midnight', async () => {
    await writePost({ ...POST, frontMatter: { ...POST.frontMatter, date: '2026-11-02T15:00:00Z' } });

    const before = await publishAt('2026-11-09T14:00:00Z', { platforms: ['devto'], dryRun: true }, platformEnv('none'));
    const after = await publishAt('2026-11-09T16:00:00Z', { platforms: ['devto'], dryRun: true }, platformEnv('none'));

    expect(resultFor(before.results, 'devto')).toMatchObject({ status: 'scheduled', dueAt: '2026-11-09T15:00:00.000Z' });
    expect(resultFor(after.results, 'devto')).toMatchObject({ status: 'dry-run', action: 'create' });
  });

  it('counts from the exact time of an unquoted YAML timestamp too', async () => {
    await writeProjectFile(POST_FILE, `---\ntitle: A post on a schedule\ncanonical_url: ${CANONICAL}\ndate: 2026-11-02T22:00:00-05:00\n---\n\nThe body.\n`);

    const { results } = await publishAt('2026-11-09T20:00:00Z', { platforms: ['devto'], dryRun: true }, platformEnv('none'));

    expect(resultFor(results, 'devto')).toMatchObject({ status: 'scheduled', dueAt: '2026-11-10T03:00:00.000Z' });
  });
});

describe('the time zone moves the boundary of a plain date', () => {
  // devto: 7d after 2026-11-02, local midnight.
  it.each([
    ['UTC', '2026-11-09T00:00:00.000Z'],
    ['Asia/Kolkata', '2026-11-08T18:30:00.000Z'],
    ['America/New_York', '2026-11-09T05:00:00.000Z'],
    ['Pacific/Auckland', '2026-11-08T11:00:00.000Z'],
  ])('%s: scheduled one hour before %s, due at it and one hour after', async (timezone, dueAt) => {
    await writeConfig({ timezone, schedule: SCHEDULE });
    await writePost();
    const hour = 3_600_000;
    const at = (offsetMs: number) => new Date(Date.parse(dueAt) + offsetMs).toISOString();
    const devtoAt = async (now: string) => resultFor((await publishAt(now, { platforms: ['devto'], dryRun: true }, platformEnv('none'))).results, 'devto');

    expect(await devtoAt(at(-hour))).toMatchObject({ status: 'scheduled', dueAt });
    expect(await devtoAt(at(0))).toMatchObject({ status: 'dry-run', action: 'create', dueAt: null });
    expect(await devtoAt(at(hour))).toMatchObject({ status: 'dry-run', action: 'create', dueAt: null });
  });

  it('defaults to UTC when the config names no time zone', async () => {
    await writeConfig({ schedule: SCHEDULE });
    await writePost();

    const { results } = await publishAt('2026-11-08T23:00:00Z', { platforms: ['devto'], dryRun: true }, platformEnv('none'));

    expect(resultFor(results, 'devto')).toMatchObject({ status: 'scheduled', dueAt: '2026-11-09T00:00:00.000Z' });
  });

  it('publishes for real once due in the configured zone, although UTC midnight + 7d has not come yet', async () => {
    await writeConfig({ timezone: 'Asia/Kolkata', schedule: SCHEDULE });
    await writePost();

    const { results } = await publishAt('2026-11-08T19:30:00Z', { platforms: ['devto'] });

    expect(statuses(results)).toEqual({ devto: 'published' });
    expect(server.writesTo('devto')).toHaveLength(1);
  });
});

describe('which platforms a run publishes to', () => {
  beforeEach(async () => {
    await writePost(withoutDate(POST));
  });

  it('without --to, publishes only to the platforms whose credentials are set', async () => {
    // HASHNODE_PUBLICATION_ID without HASHNODE_TOKEN is not enough for Hashnode.
    const env = platformEnv(['DEVTO_API_KEY', 'MEDIUM_TOKEN', 'HASHNODE_PUBLICATION_ID']);

    const { results } = await publishAt('2026-11-03T12:00:00Z', { platforms: undefined }, env);

    expect(statuses(results)).toEqual({ devto: 'published', medium: 'published' });
    expect(server.writesTo('devto')).toHaveLength(1);
    expect(server.writesTo('medium')).toHaveLength(1);
    expect(requestsTo('hashnode')).toEqual([]);
    expect(requestsTo('linkedin')).toEqual([]);
  });

  it('without --to and without any credentials, refuses the run with a usage problem and sends nothing', async () => {
    const problems = await problemsAt('2026-11-03T12:00:00Z', { platforms: undefined }, platformEnv('none'));

    expect(problems.map((problem) => problem.code)).toEqual(['USAGE']);
    expect(problems[0]?.message).toMatch(/no platform/);
    expect(server.requests).toEqual([]);
  });

  it('with `all`, takes every enabled platform whether or not its credentials are set, and says which are missing', async () => {
    const problems = await problemsAt('2026-11-03T12:00:00Z', { platforms: 'all' }, platformEnv(['DEVTO_API_KEY']));

    expect(problems.every((problem) => problem.code === 'MISSING_CREDENTIAL')).toBe(true);
    const missing = problems.map((problem) => problem.message).join('\n');
    for (const variable of ['HASHNODE_TOKEN', 'MEDIUM_TOKEN', 'LINKEDIN_ACCESS_TOKEN']) expect(missing).toContain(variable);
    expect(missing).not.toContain('DEVTO_API_KEY');
    expect(server.requests).toEqual([]);
  });

  it('leaves a platform with `enabled: false` out of `all` and out of runs without --to, but publishes it when named', async () => {
    await writeConfig({ timezone: 'Asia/Kolkata', schedule: SCHEDULE, platforms: { medium: { enabled: false }, linkedin: { enabled: false } } });
    // A dated post that is not due yet: the results show the selection without a request being sent.
    await writePost();
    const now = '2026-11-03T12:00:00Z';

    const all = await publishAt(now, { platforms: 'all' });
    const withoutTo = await publishAt(now, { platforms: undefined });
    const allDryRun = await publishAt(now, { platforms: 'all', dryRun: true }, platformEnv('none'));
    const named = await publishAt(now, { platforms: ['medium'] });

    const enabled = { devto: 'scheduled', hashnode: 'scheduled', bluesky: 'scheduled', mastodon: 'scheduled' };
    expect(statuses(all.results)).toEqual(enabled);
    expect(statuses(withoutTo.results)).toEqual(enabled);
    expect(statuses(allDryRun.results)).toEqual(enabled);
    expect(statuses(named.results)).toEqual({ medium: 'scheduled' });
    expect(server.requests).toEqual([]);
  });

  it('publishes for real to the enabled platforms only, with `all`', async () => {
    await writeConfig({ platforms: { hashnode: { enabled: false }, medium: { enabled: false }, linkedin: { enabled: false }, bluesky: { enabled: false }, mastodon: { enabled: false } } });

    const { results } = await publishAt('2026-11-03T12:00:00Z', { platforms: 'all' });

    expect(statuses(results)).toEqual({ devto: 'published' });
    expect(server.requests.every((request) => request.platform === 'devto')).toBe(true);
  });
});

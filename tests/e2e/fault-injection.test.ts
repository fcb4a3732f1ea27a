/**
 * Fault injection for the defects of the reliability issue: identity (canonical URL spellings and
 * changes, two posts with one identity, links), moves and renames, creates whose outcome is unknown
 * (writes that happen before a 5xx or a broken answer), the state file's integrity, and the lock.
 * The built CLI runs against the emulated platforms; each test has its own server and workspace.
 */
import { mkdir, readdir, rename, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test as base } from 'vitest';
import { canonicalKey } from '../../src/core/identity-key.js';
import { isArticleCreate, startPlatformServer, type Fault, type FaultMatch, type PlatformName, type PlatformServer, type RecordedRequest } from '../helpers/platform-server.js';
import { makeWorkspace, postMarkdown, runCli, startCli, xpostEnv, type CliResult, type PostSpec, type RunningCli, type StateSnapshot, type Workspace } from '../helpers/run-cli.js';

const CANONICAL = 'https://blog.example.com/posts/faults/';
const LINKEDIN_VERSION = '202610';
const PLATFORMS = ['devto', 'hashnode', 'medium', 'linkedin'] as const satisfies readonly PlatformName[];
const POST: PostSpec = {
  frontMatter: { title: 'Faults', description: 'Injected on purpose', tags: ['testing'], canonical_url: CANONICAL },
  body: 'A post that meets every fault.\n',
};
const FAST_ENV: Record<string, string> = {
  XPOST_TIMEOUT_MS: '800',
  XPOST_RETRY_MAX_ATTEMPTS: '3',
  XPOST_RETRY_BASE_MS: '5',
  XPOST_RETRY_MAX_WAIT_MS: '2000',
  XPOST_LINKEDIN_VERSION: LINKEDIN_VERSION,
  XPOST_LOCK_WAIT_MS: '10000',
  XPOST_LOCK_STALE_MS: '1000',
};
/** The article platforms this suite attacks (the thread platforms have their own suite). */
type ArticlePlatform = 'devto' | 'hashnode' | 'medium' | 'linkedin';
const CREATE: Record<ArticlePlatform, FaultMatch> = {
  devto: { platform: 'devto', method: 'POST', path: '/api/articles' },
  hashnode: { platform: 'hashnode', operation: 'publishPost' },
  medium: { platform: 'medium', method: 'POST', path: /^\/v1\/users\/[^/]+\/posts$/ },
  linkedin: { platform: 'linkedin', method: 'POST', path: '/rest/posts' },
};

/** The emulator's fault kinds where the create really happens before the answer goes wrong. */
type AfterCreateFault = Extract<Fault, { kind: 'status-after-create' | 'malformed-after-create' }>;

interface Harness {
  server: PlatformServer;
  workspace: Workspace;
  xpost(args: string[], env?: Record<string, string>): Promise<CliResult>;
  startXpost(args: string[], env?: Record<string, string>): RunningCli;
  publish(to: string, args?: string[], env?: Record<string, string>): Promise<CliResult>;
  injectAfterCreate(match: FaultMatch, fault: AfterCreateFault): void;
}

const test = base.extend<{ harness: Harness }>({
  // Vitest reads which fixtures this one needs from the (here empty) destructuring pattern.
  harness: async ({}, use) => {
    const server = await startPlatformServer({ linkedinVersions: [LINKEDIN_VERSION] });
    const workspace = await makeWorkspace(POST);
    const options = (env: Record<string, string>) => ({ cwd: workspace.dir, env: { ...xpostEnv(server), ...FAST_ENV, ...env } });
    const xpost = (args: string[], env: Record<string, string> = {}) => runCli(args, options(env));
    await use({
      server,
      workspace,
      xpost,
      startXpost: (args, env = {}) => startCli(args, options(env)),
      publish: (to, args = [], env = {}) => xpost(['publish', workspace.postFile, '--to', to, ...args], env),
      injectAfterCreate: (match, fault) => server.inject({ ...match, fault }),
    });
    const emulatorErrors = [...server.emulatorErrors];
    await server.close();
    await workspace.remove();
    expect(emulatorErrors).toEqual([]);
  },
});



function creates(server: PlatformServer, platform?: PlatformName): RecordedRequest[] {
  return (platform ? server.requestsTo(platform) : server.requests).filter(isArticleCreate);
}

function copiesOn(server: PlatformServer, platform: ArticlePlatform): number {
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

interface JsonResult {
  platform: string;
  status: string;
  errorCode: string | null;
  error: string | null;
  message: string | null;
  hint: string | null;
}

function resultFor(result: CliResult, platform: PlatformName): JsonResult {
  const found = (JSON.parse(result.stdout) as { results: JsonResult[] }).results.find((candidate) => candidate.platform === platform);
  if (!found) throw new Error(`no ${platform} result in:\n${result.stdout}\n${result.stderr}`);
  return found;
}

function output(result: CliResult): string {
  return `${result.stdout}\n${result.stderr}`;
}

async function recordsOf(workspace: Workspace, key = canonicalKey(CANONICAL)): Promise<StateSnapshot['posts'][string]['platforms']> {
  return (await workspace.readState())?.posts[key]?.platforms ?? {};
}


describe.concurrent('writes that happen before a 5xx or a broken answer', () => {
  test.for([500, 502, 503, 504])('every platform creates, then answers %i: one create each, never re-sent; the next run adopts or reports unknown', { timeout: 30_000 }, async (status, { harness }) => {
    const { server, workspace } = harness;
    for (const platform of PLATFORMS) harness.injectAfterCreate(CREATE[platform], { kind: 'status-after-create', status });

    const first = await harness.publish('all', ['--json']);

    expect(first.code, output(first)).toBe(1);
    for (const platform of PLATFORMS) {
      expect(creates(server, platform), platform).toHaveLength(1);
      expect(copiesOn(server, platform), platform).toBe(1);
    }
    await workspace.ageIntents(60_000);
    server.clearRequests();
    const second = await harness.publish('all', ['--json']);

    expect(creates(server)).toEqual([]);
    // dev.to and Hashnode found their copy (in the first run's lookup or in this one) and recorded it.
    for (const platform of ['devto', 'hashnode'] as const) {
      expect(['published', 'unchanged'], platform).toContain(resultFor(second, platform).status);
      expect((await recordsOf(workspace))[platform]?.id, platform).toEqual(expect.any(String));
    }
    for (const platform of ['medium', 'linkedin'] as const) {
      expect(resultFor(second, platform), platform).toMatchObject({ status: 'failed', errorCode: 'OUTCOME_UNKNOWN' });
      expect(resultFor(second, platform).error, platform).toContain(`xpost state mark ${workspace.postFile} --platform ${platform}`);
      expect((await recordsOf(workspace))[platform]?.pendingCreate, platform).toBeDefined();
    }
    for (const platform of PLATFORMS) expect(copiesOn(server, platform), platform).toBe(1);
  });

  test.for([
    ['a 2xx without an id', '{"data": {}}'],
    ['an unparsable 2xx body', '{"data": {"id": '],
  ])('a create answered with %s keeps its intent; no second copy is ever made', { timeout: 30_000 }, async ([, body], { harness }) => {
    const { server, workspace } = harness;
    for (const platform of ['devto', 'hashnode', 'medium'] as const) harness.injectAfterCreate(CREATE[platform], { kind: 'malformed-after-create', status: 201, body: body! });

    const first = await harness.publish('devto,hashnode,medium', ['--json']);
    await workspace.ageIntents(60_000);
    const second = await harness.publish('devto,hashnode,medium', ['--json']);

    expect(first.code, output(first)).toBe(1);
    expect(resultFor(first, 'medium')).toMatchObject({ status: 'failed', errorCode: 'OUTCOME_UNKNOWN' });
    expect(resultFor(second, 'medium')).toMatchObject({ status: 'failed', errorCode: 'OUTCOME_UNKNOWN' });
    for (const platform of ['devto', 'hashnode', 'medium'] as const) {
      expect(creates(server, platform), platform).toHaveLength(1);
      expect(copiesOn(server, platform), platform).toBe(1);
    }
    expect((await recordsOf(workspace))['medium']?.pendingCreate).toBeDefined();
  });
});

describe.concurrent('identity', () => {
  test('another spelling of the canonical URL (case, http, trailing slash, utm) is the same post: nothing is created', async ({ harness }) => {
    const { server, workspace } = harness;
    const first = await harness.publish('all');
    expect(first.code, output(first)).toBe(0);
    await workspace.writePost({ ...POST, frontMatter: { ...POST.frontMatter, canonical_url: 'HTTP://Blog.Example.com/posts/faults?utm_source=newsletter#top' } });
    server.clearRequests();

    const second = await harness.publish('all', ['--json']);

    expect(second.code, output(second)).toBe(0);
    expect(creates(server)).toEqual([]);
    for (const platform of PLATFORMS) expect(copiesOn(server, platform), platform).toBe(1);
  });

  test('a new canonical URL: the copies are updated with it, never re-created; status and the dry-run say so', async ({ harness }) => {
    const { server, workspace } = harness;
    await harness.publish('all');
    const moved = 'https://new-blog.example.org/faults/';
    await workspace.writePost({ ...POST, frontMatter: { ...POST.frontMatter, canonical_url: moved } });
    server.clearRequests();

    const dryRun = await harness.publish('all', ['--dry-run']);
    expect(dryRun.code, output(dryRun)).toBe(0);
    expect(output(dryRun)).toContain(`identity changed from ${CANONICAL} to ${moved}`);
    const status = await harness.xpost(['status', workspace.postFile]);
    expect(status.stdout).toContain('never created again');
    const publish = await harness.publish('all', ['--json']);

    expect(publish.code, output(publish)).toBe(0);
    expect(creates(server)).toEqual([]);
    expect(resultFor(publish, 'devto').status).toBe('updated');
    expect(resultFor(publish, 'hashnode').status).toBe('updated');
    expect(resultFor(publish, 'medium').status).toBe('skipped');
    expect(server.devto.articles[0]!.canonicalUrl).toBe(moved);
    expect(server.hashnode.posts[0]!.canonicalUrl).toBe(moved);
    expect(Object.keys((await workspace.readState())!.posts)).toEqual([canonicalKey(moved)]);
  });

  test('two files with one identity stop the run (exit 2), both named, nothing sent; a folder reached through a link counts once', async ({ harness }) => {
    const { server, workspace } = harness;
    await workspace.writeFile('posts/copy.md', postMarkdown({ ...POST, frontMatter: { ...POST.frontMatter, canonical_url: 'https://blog.example.com/posts/faults' } }));

    const twice = await harness.xpost(['publish', 'posts', '--to', 'all']);

    expect(twice.code, output(twice)).toBe(2);
    expect(twice.stderr).toMatch(/posts\/copy\.md and posts\/hello\.md are different files with one identity/);
    expect(server.requests).toEqual([]);

    await workspace.writeFile('posts/copy.md', postMarkdown({ ...POST, frontMatter: { ...POST.frontMatter, title: 'Another post', canonical_url: 'https://blog.example.com/posts/other/' } }));
    await symlink(path.join(workspace.dir, 'posts'), path.join(workspace.dir, 'linked'));
    const linked = await harness.xpost(['publish', 'posts', 'linked', '--to', 'devto']);

    expect(linked.code, output(linked)).toBe(0);
    expect(creates(server, 'devto')).toHaveLength(2);
  });

  test('a file whose record another existing file holds is refused, naming both', async ({ harness }) => {
    const { server, workspace } = harness;
    await harness.publish('devto');
    await workspace.writeFile('posts/impostor.md', postMarkdown(POST));
    server.clearRequests();

    const result = await harness.xpost(['publish', 'posts/impostor.md', '--to', 'devto']);

    expect(result.code, output(result)).toBe(2);
    expect(result.stderr).toContain('which the state records for ../posts/hello.md, a file that still exists');
    expect(server.requests).toEqual([]);
  });
});

describe.concurrent('moves and renames', () => {
  const PLAIN: PostSpec = { frontMatter: { title: 'No canonical URL, no slug' }, body: 'Recognised by its words alone.\n' };

  test('a post without canonical_url or slug keeps its copies when renamed and moved, and when the state file moves', async ({ harness }) => {
    const { server, workspace } = harness;
    await workspace.writePost(PLAIN);
    expect((await harness.publish('devto,hashnode,medium')).code).toBe(0);
    server.clearRequests();

    await mkdir(path.join(workspace.dir, 'archive'), { recursive: true });
    await rename(path.join(workspace.dir, workspace.postFile), path.join(workspace.dir, 'archive', 'renamed.md'));
    const afterMove = await harness.xpost(['publish', 'archive/renamed.md', '--to', 'devto,hashnode,medium', '--json']);
    expect(afterMove.code, output(afterMove)).toBe(0);
    expect(server.requests).toEqual([]);
    expect(afterMove.stderr).toContain('recognised as ../posts/hello.md');

    await mkdir(path.join(workspace.dir, 'state'), { recursive: true });
    await rename(workspace.statePath, path.join(workspace.dir, 'state', 'xpost.json'));
    const afterStateMove = await harness.xpost(['publish', 'archive/renamed.md', '--to', 'devto,hashnode,medium', '--state', 'state/xpost.json']);
    expect(afterStateMove.code, output(afterStateMove)).toBe(0);
    expect(server.requests).toEqual([]);
    for (const platform of ['devto', 'hashnode', 'medium'] as const) expect(copiesOn(server, platform)).toBe(1);
  });
});

describe.concurrent('the state file is only written by xpost', () => {
  test('a credential whose value occurs in the state as text never rewrites it', async () => {
    const server = await startPlatformServer({ devtoApiKey: 'platforms', linkedinVersions: [LINKEDIN_VERSION] });
    const workspace = await makeWorkspace(POST);
    try {
      const env = { ...xpostEnv(server), ...FAST_ENV, DEVTO_API_KEY: 'platforms' };
      const first = await runCli(['publish', workspace.postFile, '--to', 'devto'], { cwd: workspace.dir, env });
      expect(first.code, output(first)).toBe(0);
      expect(JSON.parse((await workspace.readStateText()) ?? '')).toMatchObject({ posts: { [canonicalKey(CANONICAL)]: { platforms: { devto: { id: expect.any(String) } } } } });
      server.clearRequests();
      const second = await runCli(['publish', workspace.postFile, '--to', 'devto'], { cwd: workspace.dir, env });
      expect(second.code, output(second)).toBe(0);
      expect(creates(server)).toEqual([]);
    } finally {
      await server.close();
      await workspace.remove();
    }
  });

  test('duplicate keys from a hand merge: exit 2, the file untouched, nothing sent', async ({ harness }) => {
    const { server, workspace } = harness;
    const merged = `{\n  "version": 2,\n  "posts": {\n    "${canonicalKey(CANONICAL)}": { "platforms": { "devto": { "id": "1" } } },\n    "${canonicalKey(CANONICAL)}": { "platforms": { "medium": { "id": "2" } } }\n  }\n}\n`;
    await workspace.writeFile('.xpost/state.json', merged);

    const result = await harness.publish('all');

    expect(result.code, output(result)).toBe(2);
    expect(result.stderr).toContain('twice in one object');
    expect(await workspace.readStateText()).toBe(merged);
    expect(server.requests).toEqual([]);
  });

  test('a BOM is accepted, and temporary files left by killed writes are removed by the next run', async ({ harness }) => {
    const { server, workspace } = harness;
    await harness.publish('devto');
    const text = (await workspace.readStateText())!;
    await writeFile(workspace.statePath, `\uFEFF${text}`);
    const leftover = `${workspace.statePath}.2718281828`;
    await writeFile(leftover, '{"half": ');
    server.clearRequests();

    const result = await harness.publish('devto');

    expect(result.code, output(result)).toBe(0);
    expect(server.requests).toEqual([]);
    expect(await stat(leftover).then(() => true, () => false)).toBe(false);
    expect((await readdir(path.dirname(workspace.statePath))).sort()).toEqual(['state.json']);
  });
});

describe.concurrent('the lock', () => {
  test('a live run keeps its lock however long it waits; the second run exits 3 and the first never crashes', { timeout: 30_000 }, async ({ harness }) => {
    const { server, workspace } = harness;
    server.inject({ ...CREATE.devto, fault: { kind: 'latency', ms: 4_000 } });
    const holder = harness.startXpost(['publish', workspace.postFile, '--to', 'devto'], { XPOST_TIMEOUT_MS: '15000', XPOST_LOCK_STALE_MS: '1000' });
    const deadline = Date.now() + 10_000;
    while (creates(server, 'devto').length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));

    const waiter = await harness.publish('devto', [], { XPOST_LOCK_WAIT_MS: '2500', XPOST_LOCK_STALE_MS: '1000' });

    expect(waiter.code, output(waiter)).toBe(3);
    expect(waiter.stderr).toMatch(/another xpost run is publishing .*\(process \d+ on /);
    const held = await holder.result;
    expect(held.code, output(held)).toBe(0);
    expect(held.stderr).not.toMatch(/ECOMPROMISED|unexpected/i);
    expect(creates(server, 'devto')).toHaveLength(1);
  });

  test('a lock left by a killed run is taken over at once, however fresh', async ({ harness }) => {
    const { server, workspace } = harness;
    const running = harness.startXpost(['publish', workspace.postFile, '--to', 'devto'], { XPOST_TIMEOUT_MS: '15000' });
    server.inject({ ...CREATE.devto, fault: { kind: 'hang' } });
    const deadline = Date.now() + 10_000;
    while (creates(server, 'devto').length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    running.child.kill('SIGKILL');
    await running.result;
    server.clearFaults();

    const started = Date.now();
    const rerun = await harness.publish('devto', [], { XPOST_LOCK_STALE_MS: '600000' });

    expect(rerun.code, output(rerun)).toBe(0);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(copiesOn(server, 'devto')).toBe(1);
  });

  test('a state folder that cannot be written is reported at once', async ({ harness }) => {
    const { server, workspace } = harness;
    await workspace.writeFile('not-a-folder', 'x');
    const started = Date.now();

    const result = await harness.publish('devto', ['--state', 'not-a-folder/state.json'], { XPOST_LOCK_WAIT_MS: '60000' });

    expect(result.code, output(result)).toBe(2);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.stderr).toContain('not-a-folder/state.json');
    expect(server.requests).toEqual([]);
  });
});

/**
 * Publish on merge, the CLI side of what the generated workflow runs: a temporary git repository
 * whose posts were already cross-posted (state committed), a merge that adds one post and edits
 * another, and the built CLI run with CI=true, GITHUB_ACTIONS=true and a step summary file. The
 * workflow itself, with --commit-state against an origin, runs in github-runner.test.ts.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startPlatformServer, type DevtoArticle, type PlatformServer } from '../helpers/platform-server.js';
import { XPOST_BIN, postMarkdown, runCli, xpostEnv, type CliResult, type PostSpec, type StateSnapshot } from '../helpers/run-cli.js';
import { canonicalKey } from '../../src/core/identity-key.js';
import { PLATFORM_IDS } from '../../src/platforms/registry.js';

const SITE = 'https://blog.example.com/posts';
const ANSI_ESCAPE = /\u001b\[/;
// ora's default spinner frames (braille) and the carriage return it redraws with.
const SPINNER_TRACE = /[\u2800-\u28ff]|\r(?!\n)/;

const FIRST: PostSpec = {
  frontMatter: { title: 'First post', description: 'Published before the merge', tags: ['ci'], canonical_url: `${SITE}/first/`, date: '2026-01-05' },
  body: 'The first post, never edited.\n',
};
const SECOND: PostSpec = {
  frontMatter: { title: 'Second post', description: 'Edited by the merge', tags: ['ci'], canonical_url: `${SITE}/second/`, date: '2026-01-12' },
  body: 'The second post, as first published.\n',
};
const SECOND_EDITED: PostSpec = { ...SECOND, body: 'The second post, edited in the pull request.\n' };
const THIRD: PostSpec = {
  frontMatter: { title: 'Third post', description: 'Added by the merge', tags: ['ci'], canonical_url: `${SITE}/third/`, date: '2026-01-19' },
  body: 'The third post, new in the pull request.\n',
};
// Dated far ahead: with `devto: 7d` it stays scheduled whenever the suite runs.
const FUTURE: PostSpec = {
  frontMatter: { title: 'A post for later', tags: ['ci'], canonical_url: `${SITE}/future/`, date: '2099-01-01' },
  body: 'Not due for a long time.\n',
};
// 2099-01-01 is midnight in Europe/Berlin (+01:00) at 2098-12-31T23:00Z; dev.to is due 7 days later.
const FUTURE_DUE_AT = '2099-01-07T23:00:00.000Z';

const CONFIG_YAML = 'timezone: Europe/Berlin\nschedule:\n  devto: 7d\n';
const README = '# Posts\n\nEvery Markdown file with front matter in this folder is cross-posted by xpost.\n';
const STATE_FILE = path.join('.xpost', 'state.json');

const run = promisify(execFile);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** git with no user or system config: the repository's own config is all there is. */
async function git(repo: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd: repo, env: { PATH: process.env['PATH'] ?? '', HOME: repo, GIT_CONFIG_NOSYSTEM: '1' } });
  return stdout;
}

async function writeRepoFile(repo: string, relativePath: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(repo, relativePath)), { recursive: true });
  await writeFile(path.join(repo, relativePath), text, 'utf8');
}

async function readState(repo: string): Promise<StateSnapshot> {
  return JSON.parse(await readFile(path.join(repo, STATE_FILE), 'utf8')) as StateSnapshot;
}

function devtoRecord(state: StateSnapshot, post: PostSpec) {
  return state.posts[canonicalKey(String(post.frontMatter['canonical_url']))]?.platforms['devto'];
}

const statusReportSchema = z
  .object({
    posts: z.array(
      z
        .object({
          file: z.string(),
          identity: z.string(),
          title: z.string(),
          copies: z.array(
            z
              .object({
                platform: z.enum(PLATFORM_IDS),
                status: z.enum(['published', 'changed', 'scheduled', 'pending', 'failed', 'not-published', 'skipped', 'invalid']),
                id: z.string().nullable(),
                url: z.string().nullable(),
                dueAt: z.string().nullable(),
                detail: z.string().nullable(),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
    skipped: z.array(z.object({ file: z.string(), reason: z.string() }).strict()),
  })
  .strict();

type StatusReport = z.infer<typeof statusReportSchema>;

function devtoCopy(report: StatusReport, file: string) {
  const post = report.posts.find((candidate) => candidate.file === file);
  expect(post, file).toBeDefined();
  return post?.copies.find((copy) => copy.platform === 'devto');
}

const hasScriptCommand =
  process.platform === 'linux' && ['script', 'timeout'].every((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0);

interface TerminalRun {
  code: number | null;
  output: string;
  /** The CLI was still running after timeoutMs and was killed. */
  timedOut: boolean;
}

/** What coreutils `timeout --signal=KILL` exits with when it had to kill the command. */
const KILLED_BY_TIMEOUT = 137;

/**
 * Runs the CLI with a pseudo-terminal as stdout and stderr (util-linux `script`), as a person at a
 * terminal would. The terminal is `columns` wide; 0 leaves it as `script` makes it without one: no size.
 * `timeout` runs inside the terminal's session, so a runaway CLI is killed itself, not orphaned;
 * --foreground keeps the CLI in the terminal's foreground group, where it may change the terminal's modes.
 */
function runInTerminal(args: string[], cwd: string, env: Record<string, string>, options: { columns: number; timeoutMs?: number }): Promise<TerminalRun> {
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  const seconds = String(Math.ceil((options.timeoutMs ?? 10_000) / 1000));
  const command = ['timeout', '--foreground', '--signal=KILL', seconds, process.execPath, XPOST_BIN, ...args].map(quote).join(' ');
  const sized = options.columns > 0 ? `stty cols ${options.columns} rows 40; ${command}` : command;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', sized, '/dev/null'], { cwd, env: { PATH: process.env['PATH'] ?? '', HOME: cwd, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    // A runaway redraw loop writes megabytes a second; the start is enough to assert on.
    const keep = (chunk: string) => {
      if (output.length < 65_536) output += chunk;
    };
    child.stdout.setEncoding('utf8').on('data', keep);
    child.stderr.setEncoding('utf8').on('data', keep);
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output, timedOut: code === KILLED_BY_TIMEOUT }));
  });
}

let server: PlatformServer;
/** The repository right after the merge, before CI runs; each test works on its own copy. */
let mergedRepo: string;
let publishedArticles: DevtoArticle[];
let stateBeforeMerge: StateSnapshot;
let repo: string;
let scratch: string;
let summaryFile: string;

/**
 * main: posts committed, then really published to dev.to with the CLI and the state committed;
 * a branch adds posts/third.md, edits posts/second.md and the README; merged with --no-ff.
 */
async function buildMergedRepository(): Promise<void> {
  mergedRepo = await mkdtemp(path.join(os.tmpdir(), 'xpost-ci-base-'));
  await git(mergedRepo, 'init', '--quiet', '--initial-branch=main');
  await git(mergedRepo, 'config', 'user.name', 'xpost tests');
  await git(mergedRepo, 'config', 'user.email', 'xpost-tests@example.com');
  await git(mergedRepo, 'config', 'commit.gpgsign', 'false');
  await writeRepoFile(mergedRepo, 'xpost.config.yaml', CONFIG_YAML);
  await writeRepoFile(mergedRepo, 'posts/README.md', README);
  await writeRepoFile(mergedRepo, 'posts/first.md', postMarkdown(FIRST));
  await writeRepoFile(mergedRepo, 'posts/second.md', postMarkdown(SECOND));
  await writeRepoFile(mergedRepo, 'posts/future.md', postMarkdown(FUTURE));
  await git(mergedRepo, 'add', '--all');
  await git(mergedRepo, 'commit', '--quiet', '-m', 'Add posts');

  const firstPublish = await runCli(['publish', 'posts', '--to', 'devto'], { cwd: mergedRepo, env: xpostEnv(server) });
  expect(firstPublish.code, firstPublish.stderr).toBe(0);
  expect(server.writesTo('devto').map((request) => request.method)).toEqual(['POST', 'POST']);
  await git(mergedRepo, 'add', STATE_FILE);
  await git(mergedRepo, 'commit', '--quiet', '-m', 'Record the cross-posts');
  stateBeforeMerge = await readState(mergedRepo);
  publishedArticles = server.devto.articles.map((article) => ({ ...article }));

  await git(mergedRepo, 'checkout', '--quiet', '-b', 'new-post');
  await writeRepoFile(mergedRepo, 'posts/third.md', postMarkdown(THIRD));
  await writeRepoFile(mergedRepo, 'posts/second.md', postMarkdown(SECOND_EDITED));
  await writeRepoFile(mergedRepo, 'posts/README.md', `${README}\nPosts are published a week after their date.\n`);
  await git(mergedRepo, 'add', '--all');
  await git(mergedRepo, 'commit', '--quiet', '-m', 'Add the third post, edit the second');
  await git(mergedRepo, 'checkout', '--quiet', 'main');
  await git(mergedRepo, 'merge', '--quiet', '--no-ff', '-m', 'Merge branch new-post', 'new-post');
}

/** The emulated dev.to holds the two articles published before the merge, with the same ids. */
function restorePublishedArticles(): void {
  server.reset();
  for (const article of publishedArticles) {
    const seeded = server.devto.seedArticle({
      title: article.title,
      bodyMarkdown: article.bodyMarkdown,
      published: article.published,
      publishedAt: article.publishedAt,
      description: article.description,
      canonicalUrl: article.canonicalUrl,
      mainImage: article.mainImage,
      series: article.series,
      tags: article.tags,
      createdAt: article.createdAt,
    });
    expect(seeded.id).toBe(article.id);
  }
}

beforeAll(async () => {
  server = await startPlatformServer();
  await buildMergedRepository();
}, 30_000);

afterAll(async () => {
  await server.close();
  await rm(mergedRepo, { recursive: true, force: true });
});

beforeEach(async () => {
  restorePublishedArticles();
  repo = await mkdtemp(path.join(os.tmpdir(), 'xpost-ci-'));
  await cp(mergedRepo, repo, { recursive: true });
  scratch = await mkdtemp(path.join(os.tmpdir(), 'xpost-ci-summary-'));
  summaryFile = path.join(scratch, 'step-summary.md');
});

afterEach(async () => {
  expect(server.emulatorErrors).toEqual([]);
  await rm(repo, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

/** The environment of the workflow's publish step; NO_COLOR is left empty so it cannot hide colour. */
function ciEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...xpostEnv(server),
    XPOST_TIMEOUT_MS: '2000',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_STEP_SUMMARY: summaryFile,
    NO_COLOR: '',
    ...extra,
  };
}

function publishInCi(args: string[], extra: Record<string, string> = {}): Promise<CliResult> {
  return runCli(['publish', ...args], { cwd: repo, env: ciEnv(extra) });
}

function devtoWrites(): string[] {
  return server
    .writesTo('devto')
    .map((request) => `${request.method} ${request.path}`)
    .sort();
}

function articleFor(post: PostSpec): DevtoArticle {
  const article = server.devto.articles.find((candidate) => candidate.canonicalUrl === post.frontMatter['canonical_url']);
  expect(article, String(post.frontMatter['title'])).toBeDefined();
  return article!;
}

async function changedFiles(): Promise<string[]> {
  return (await git(repo, 'status', '--porcelain')).split('\n').filter(Boolean);
}

describe('xpost publish in CI after a merge (built CLI, temporary git repository)', () => {
  it('publishes only the added post and updates only the edited one with --changed-since HEAD~1; the state file changes', async () => {
    const secondId = articleFor(SECOND).id;

    const result = await publishInCi(['posts/**/*.md', '--to', 'devto', '--changed-since', 'HEAD~1']);

    expect(result.code, result.stderr).toBe(0);
    expect(devtoWrites()).toEqual(['POST /api/articles', `PUT /api/articles/${secondId}`]);
    const create = server.writesTo('devto').find((request) => request.method === 'POST');
    expect(create?.body).toMatchObject({ article: { title: 'Third post', canonical_url: `${SITE}/third/` } });
    expect(articleFor(SECOND_EDITED).bodyMarkdown).toContain('edited in the pull request');
    const third = articleFor(THIRD);

    expect(result.stdout).toMatch(/published\s+dev\.to\s+posts\/third\.md/);
    expect(result.stdout).toMatch(/updated\s+dev\.to\s+posts\/second\.md/);
    expect(result.stdout).toMatch(/skipped\s+dev\.to\s+posts\/README\.md\s+not a post: no front matter/);
    expect(result.stdout).not.toContain('posts/first.md');
    expect(result.stdout).not.toContain('posts/future.md');
    expect(result.stdout).not.toContain('::error');
    expect(result.stderr).not.toMatch(/problem|error/i);
    for (const output of [result.stdout, result.stderr]) {
      expect(output).not.toMatch(ANSI_ESCAPE);
      expect(output).not.toMatch(SPINNER_TRACE);
    }

    expect(await changedFiles()).toEqual([` M ${STATE_FILE}`]);
    expect(await git(repo, 'diff', '--stat', '--', STATE_FILE)).toContain('state.json');
    const state = await readState(repo);
    expect(devtoRecord(state, THIRD)).toMatchObject({ id: String(third.id), url: third.url });
    expect(devtoRecord(state, SECOND)?.id).toBe(String(secondId));
    expect(devtoRecord(state, SECOND)?.contentHash).not.toBe(devtoRecord(stateBeforeMerge, SECOND)?.contentHash);
    expect(devtoRecord(state, FIRST)).toEqual(devtoRecord(stateBeforeMerge, FIRST));
    expect(devtoRecord(state, FUTURE)).toBeUndefined();

    const summary = await readFile(summaryFile, 'utf8');
    expect(summary).toContain('| Post | Platform | Result | Link | Details |');
    expect(summary).toContain('| --- | --- | --- | --- | --- |');
    expect(summary).toContain(`| posts/third.md | dev.to | ✅ published | [${third.url}](${third.url}) |`);
    const second = articleFor(SECOND);
    expect(summary).toContain(`| posts/second.md | dev.to | 🔄 updated | [${second.url}](${second.url}) |`);
    expect(summary).toMatch(/\| posts\/README\.md \| dev\.to \| ⏭️ skipped \| {2}\| not a post: no front matter \|/);
    expect(summary).not.toContain('posts/first.md');
  });

  it.each(['posts/**/*.md', 'posts/'])('without --changed-since (%s), the state alone leaves the unchanged post alone', async (input) => {
    const secondId = articleFor(SECOND).id;

    const result = await publishInCi([input, '--to', 'devto']);

    expect(result.code, result.stderr).toBe(0);
    expect(devtoWrites()).toEqual(['POST /api/articles', `PUT /api/articles/${secondId}`]);
    expect(result.stdout).toMatch(/unchanged\s+dev\.to\s+posts\/first\.md/);
    expect(result.stdout).toMatch(/scheduled\s+dev\.to\s+posts\/future\.md\s+scheduled: due 2099-01-07 23:00 UTC/);
    expect(result.stdout).toMatch(/skipped\s+dev\.to\s+posts\/README\.md/);
    expect(result.stdout).not.toMatch(ANSI_ESCAPE);
    expect(await changedFiles()).toEqual([` M ${STATE_FILE}`]);
    const summary = await readFile(summaryFile, 'utf8');
    expect(summary).toContain('| posts/first.md | dev.to | ➖ unchanged |');
    expect(summary).toContain('| posts/future.md | dev.to | 🗓️ scheduled |');
  });

  it.each([
    { fault: { status: 401, method: 'PUT' }, failed: 'posts/second.md', succeeded: 'posts/third.md', code: 'AUTH_FAILED' },
    // A 500 after a create was sent may hide a created article: its outcome is unknown, never a plain server error.
    { fault: { status: 500, method: 'POST' }, failed: 'posts/third.md', succeeded: 'posts/second.md', code: 'OUTCOME_UNKNOWN' },
  ])('a $fault.status on the $fault.method of one post: an ::error annotation for $failed, the other post still goes out, exit 1', async ({ fault, failed, succeeded, code }) => {
    server.inject({ platform: 'devto', method: fault.method, times: Number.POSITIVE_INFINITY, fault: { kind: 'status', status: fault.status } });

    const result = await publishInCi(['posts/**/*.md', '--to', 'devto', '--changed-since', 'HEAD~1'], { XPOST_RETRY_MAX_ATTEMPTS: '1' });

    expect(result.code, result.stdout + result.stderr).toBe(1);
    const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(new RegExp(`^::error file=${escapeRegExp(failed)},title=xpost%3A dev\\.to failed::\\S`));
    expect(result.stdout).toMatch(new RegExp(`(published|updated)\\s+dev\\.to\\s+${escapeRegExp(succeeded)}`));
    expect(result.stdout + result.stderr).not.toContain(server.devto.apiKey);

    const state = await readState(repo);
    const failedPost = failed === 'posts/second.md' ? SECOND : THIRD;
    expect(devtoRecord(state, failedPost)?.lastError?.code).toBe(code);
    const summary = await readFile(summaryFile, 'utf8');
    expect(summary).toContain(`| ${failed} | dev.to | ❌ failed |`);
  });

  it('takes an all-zero --changed-since (a new branch\'s push) as every post: the state leaves the unchanged ones alone', async () => {
    const secondId = articleFor(SECOND).id;

    const result = await publishInCi(['posts/**/*.md', '--to', 'devto', '--changed-since', '0'.repeat(40)]);

    expect(result.code, result.stderr).toBe(0);
    expect(devtoWrites()).toEqual(['POST /api/articles', `PUT /api/articles/${secondId}`]);
    expect(result.stdout).toMatch(/unchanged\s+dev\.to\s+posts\/first\.md/);
    expect(result.stdout).toMatch(/scheduled\s+dev\.to\s+posts\/future\.md/);
  });

  it('refuses --commit-state where the branch has no remote, before anything is sent; a dry-run ignores it', async () => {
    const refused = await publishInCi(['posts/**/*.md', '--to', 'devto', '--commit-state', '--changed-since', 'HEAD~1']);

    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--commit-state: the branch main has no remote to push the state file to');
    expect(refused.stderr).toContain('nothing was sent');
    expect(server.requests).toEqual([]);
    expect(await changedFiles()).toEqual([]);

    const dryRun = await publishInCi(['posts/**/*.md', '--to', 'devto', '--commit-state', '--dry-run', '--changed-since', 'HEAD~1']);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain('posts/third.md → dev.to: create (dry run)');
    expect(server.requests).toEqual([]);
    expect(await changedFiles()).toEqual([]);
  });

  it('publishes nothing and succeeds when the merge changed no post', async () => {
    const result = await publishInCi(['posts/**/*.md', '--to', 'devto', '--changed-since', 'HEAD']);

    expect(result.code, result.stderr).toBe(0);
    expect(server.requests).toEqual([]);
    expect(await changedFiles()).toEqual([]);
  });

  it('exits 2 and sends nothing when the glob matches no file', async () => {
    const result = await publishInCi(['drafts/**/*.md', '--to', 'devto']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('drafts/**/*.md: the pattern matches no file');
    expect(result.stderr).toContain('nothing was sent');
    expect(server.requests).toEqual([]);
    expect(await changedFiles()).toEqual([]);
  });

  describe.skipIf(!hasScriptCommand)('on a terminal', () => {
    const publishArgs = ['publish', 'posts/**/*.md', '--to', 'devto', '--changed-since', 'HEAD~1'];
    const personEnv = (): Record<string, string> => ({ ...xpostEnv(server), XPOST_TIMEOUT_MS: '2000', NO_COLOR: '' });

    it('prints no colour and no spinner in CI, where a person gets both', async () => {
      // A person at the terminal first: every dev.to write is refused, so the spinner runs and nothing is published.
      const refusedCreate = server.inject({ platform: 'devto', method: 'POST', times: Number.POSITIVE_INFINITY, fault: { kind: 'status', status: 401 } });
      server.inject({ platform: 'devto', method: 'PUT', times: Number.POSITIVE_INFINITY, fault: { kind: 'status', status: 401 } });
      const atTerminal = await runInTerminal(publishArgs, repo, personEnv(), { columns: 120 });
      expect(atTerminal.timedOut).toBe(false);
      expect(atTerminal.code).toBe(1);
      expect(refusedCreate.hits).toBe(1);
      expect(atTerminal.output).toMatch(ANSI_ESCAPE);
      expect(atTerminal.output).toMatch(/[\u2800-\u28ff] publishing to dev\.to/);
      server.clearFaults();
      server.clearRequests();

      const inCi = await runInTerminal(publishArgs, repo, { ...personEnv(), CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile }, { columns: 120 });

      expect(inCi.timedOut).toBe(false);
      expect(inCi.code, inCi.output).toBe(0);
      expect(devtoWrites()).toHaveLength(2);
      expect(inCi.output).toMatch(/published\s+dev\.to\s+posts\/third\.md/);
      expect(inCi.output).not.toMatch(ANSI_ESCAPE);
      expect(inCi.output).not.toMatch(/[\u2800-\u28ff]/);
    });

    it('finishes at a terminal that reports no width', async () => {
      // A terminal of 0 columns (`script`, `docker run -t` without a size) would make ora clear endless lines.
      const result = await runInTerminal(publishArgs, repo, personEnv(), { columns: 0, timeoutMs: 5_000 });

      expect(result.timedOut).toBe(false);
      expect(result.code).toBe(0);
    });
  });
});

describe('xpost status in the merged repository', () => {
  it('shows published, changed, not published and scheduled rows, and skips the README', async () => {
    const result = await runCli(['status', 'posts', '--to', 'devto'], { cwd: repo, env: ciEnv() });

    expect(result.code, result.stderr).toBe(0);
    const row = (file: string, label: string) => new RegExp(`^${escapeRegExp(file)}  .*\\n  dev\\.to\\s+${label}`, 'm');
    expect(result.stdout).toMatch(row('posts/first.md', `✔ published\\s+${escapeRegExp(articleFor(FIRST).url)}`));
    expect(result.stdout).toMatch(row('posts/second.md', '✎ changed'));
    expect(result.stdout).toMatch(row('posts/third.md', '· not published'));
    expect(result.stdout).toMatch(row('posts/future.md', '◷ scheduled\\s+due 2099-01-07 23:00 UTC'));
    expect(result.stdout).toMatch(/^posts\/README\.md {2}skipped: not a post: no front matter$/m);
    expect(result.stdout).not.toMatch(ANSI_ESCAPE);
    expect(server.requests).toEqual([]);
    expect(await changedFiles()).toEqual([]);
  });

  it('prints the same report as JSON, one copy per enabled platform without --to', async () => {
    const result = await runCli(['status', '--json'], { cwd: repo, env: ciEnv() });

    expect(result.code, result.stderr).toBe(0);
    const report = statusReportSchema.parse(JSON.parse(result.stdout));
    expect(report.posts.map((post) => post.file)).toEqual(['posts/first.md', 'posts/future.md', 'posts/second.md', 'posts/third.md']);
    expect(report.skipped).toEqual([{ file: 'posts/README.md', reason: 'not a post: no front matter' }]);
    for (const post of report.posts) expect(post.copies.map((copy) => copy.platform)).toEqual(PLATFORM_IDS);

    const first = articleFor(FIRST);
    expect(devtoCopy(report, 'posts/first.md')).toEqual({ platform: 'devto', status: 'published', id: String(first.id), url: first.url, dueAt: null, detail: null });
    expect(devtoCopy(report, 'posts/second.md')).toMatchObject({ status: 'changed', id: String(articleFor(SECOND).id) });
    expect(devtoCopy(report, 'posts/third.md')).toMatchObject({ status: 'not-published', id: null, url: null, dueAt: null });
    expect(devtoCopy(report, 'posts/future.md')).toMatchObject({ status: 'scheduled', id: null, dueAt: FUTURE_DUE_AT });
    expect(report.posts.find((post) => post.file === 'posts/first.md')).toMatchObject({ identity: canonicalKey(`${SITE}/first/`), title: 'First post' });
  });

  it('shows every copy as published after the CI run, the future post still scheduled', async () => {
    expect((await publishInCi(['posts/**/*.md', '--to', 'devto', '--changed-since', 'HEAD~1'])).code).toBe(0);

    const result = await runCli(['status', 'posts', '--to', 'devto', '--json'], { cwd: repo, env: ciEnv() });

    expect(result.code, result.stderr).toBe(0);
    const report = statusReportSchema.parse(JSON.parse(result.stdout));
    expect(Object.fromEntries(report.posts.map((post) => [post.file, devtoCopy(report, post.file)?.status]))).toEqual({
      'posts/first.md': 'published',
      'posts/second.md': 'published',
      'posts/third.md': 'published',
      'posts/future.md': 'scheduled',
    });
  });
});

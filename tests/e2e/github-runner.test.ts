/**
 * The workflow `xpost init` writes, run the way GitHub runs it (tests/helpers/github-runner.ts): a
 * bare origin, checkouts made as actions/checkout makes them, the workflow's own `run:` steps with
 * GitHub's expressions and variables, xpost installed by the step's npx from the packed tarball
 * (offline), and the platform emulation as the platforms. Each scenario checks what the platforms
 * received and what the branch holds afterwards: every copy made once, every copy recorded, no
 * conflict.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canonicalKey } from '../../src/core/identity-key.js';
import { commitAndPush, configureAuthor, git, gitEnv, installHook, remoteFile, remoteLog, writeFiles } from '../helpers/git.js';
import { runWorkflow, type GitHubEvent, type JobOutcome, type RunnerOptions } from '../helpers/github-runner.js';
import { startPlatformServer, type PlatformServer } from '../helpers/platform-server.js';
import { postMarkdown, REPO_ROOT, xpostEnv, type PostSpec, type StateSnapshot } from '../helpers/run-cli.js';

const run = promisify(execFile);
const SITE = 'https://blog.example.com/posts';
const STATE = '.xpost/state.json';
const DAY_MS = 24 * 60 * 60 * 1000;

function post(name: string, body = `The ${name} post.\n`, date = '2025-01-05'): PostSpec {
  return { frontMatter: { title: `The ${name} post`, description: `About ${name}`, tags: ['ci'], canonical_url: `${SITE}/${name}/`, date }, body };
}

let server: PlatformServer;
let scratch: string;
let tarball: string;
let npmCache: string;
let root: string;
let origin: string;
let author: string;
let runs = 0;

beforeAll(async () => {
  server = await startPlatformServer();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'xpost-gh-runner-'));
  // dist/ is built by the test setup: packing must not build again.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: REPO_ROOT });
  tarball = path.join(scratch, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);
  npmCache = path.join(scratch, 'npm-cache');
  await mkdir(npmCache);
}, 120_000);

afterAll(async () => {
  await server.close();
  await rm(scratch, { recursive: true, force: true });
});

/**
 * The blog's repository: `xpost init --xpost <tarball>` run by the installed xpost, the workflow and
 * config committed, the posts folder with a README, pushed to the origin's main.
 */
beforeEach(async () => {
  server.reset();
  root = await mkdtemp(path.join(scratch, 'repo-'));
  origin = path.join(root, 'origin.git');
  author = path.join(root, 'author');
  await git(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  await git(root, 'clone', '--quiet', origin, author);
  await git(author, 'checkout', '--quiet', '-b', 'main');
  await configureAuthor(author, 'the blog author');
  await writeFiles(author, { 'posts/README.md': '# Posts\n' });
  const init = await npxXpost(['init', '--xpost', tarball], author);
  expect(init.stdout).toContain('created  .github/workflows/xpost.yml');
  await git(author, 'add', '--all');
  await git(author, 'commit', '--quiet', '-m', 'Set up xpost');
  await git(author, 'push', '--quiet', '-u', 'origin', 'main');
}, 60_000);

afterEach(async () => {
  expect(server.emulatorErrors).toEqual([]);
  await rm(root, { recursive: true, force: true });
});

/** xpost as the workflow gets it: npx from the tarball, offline. */
async function npxXpost(args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return run('npx', ['--yes', `--package=${tarball}`, '--', 'xpost', ...args], { cwd, env: { ...gitEnv(cwd), npm_config_cache: npmCache, npm_config_offline: 'true', npm_config_update_notifier: 'false' } });
}

/** The repository secrets: the credentials of dev.to and Hashnode; Medium and LinkedIn are not set up. */
function secrets(): Record<string, string> {
  const env = xpostEnv(server);
  return { DEVTO_API_KEY: env['DEVTO_API_KEY']!, HASHNODE_TOKEN: env['HASHNODE_TOKEN']!, HASHNODE_PUBLICATION_ID: env['HASHNODE_PUBLICATION_ID']! };
}

function runnerOptions(extra: Partial<RunnerOptions> = {}): RunnerOptions {
  const { DEVTO_API_KEY: _d, HASHNODE_TOKEN: _h, HASHNODE_PUBLICATION_ID: _p, MEDIUM_TOKEN: _m, LINKEDIN_ACCESS_TOKEN: _l, ...network } = xpostEnv(server);
  runs += 1;
  return { origin, secrets: secrets(), machineEnv: { ...network, XPOST_RETRY_MAX_ATTEMPTS: '1' }, npmCache, workRoot: root, runId: runs, ...extra };
}

/** The author merges: commits these files on main and pushes; the push event GitHub sends for it. */
async function merge(files: Record<string, string>, message: string): Promise<GitHubEvent> {
  await git(author, 'pull', '--quiet', '--rebase', 'origin', 'main');
  const before = (await git(author, 'rev-parse', 'HEAD')).trim();
  const after = await commitAndPush(author, files, message);
  return pushEvent(before, after);
}

function pushEvent(before: string, after: string): GitHubEvent {
  return { name: 'push', ref: 'refs/heads/main', sha: after, payload: { ref: 'refs/heads/main', before, after, forced: false, repository: { default_branch: 'main' } } };
}

async function tip(): Promise<string> {
  return (await git(origin, 'rev-parse', 'main')).trim();
}

async function scheduleEvent(): Promise<GitHubEvent> {
  return { name: 'schedule', ref: 'refs/heads/main', sha: await tip(), payload: { schedule: '17 7 * * *', repository: { default_branch: 'main' } } };
}

function postFiles(...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [`posts/${name}.md`, postMarkdown(post(name))]));
}

async function originState(): Promise<StateSnapshot> {
  return JSON.parse(await remoteFile(origin, STATE)) as StateSnapshot;
}

function record(state: StateSnapshot, name: string, platform: string) {
  return state.posts[canonicalKey(`${SITE}/${name}/`)]?.platforms[platform];
}

/** How many copies of a post each platform holds. */
function copiesOf(name: string): { devto: number; hashnode: number } {
  const canonical = `${SITE}/${name}/`;
  return {
    devto: server.devto.articles.filter((article) => article.canonicalUrl === canonical).length,
    hashnode: server.hashnode.posts.filter((hashnodePost) => hashnodePost.canonicalUrl === canonical).length,
  };
}

function publishOutput(job: JobOutcome | undefined): string {
  const step = job?.steps.find((candidate) => candidate.name.startsWith('Publish') || candidate.name.startsWith('Preview'));
  return `${step?.stdout ?? ''}${step?.stderr ?? ''}`;
}

function expectSucceeded(job: JobOutcome | undefined): void {
  expect(job?.conclusion, publishOutput(job)).toBe('success');
}

/** Every post recorded on both platforms with an id and no unconfirmed create left. */
function expectRecorded(state: StateSnapshot, ...names: string[]): void {
  for (const name of names) {
    for (const platform of ['devto', 'hashnode']) {
      expect(record(state, name, platform)?.id, `${name} on ${platform}`).toBeTruthy();
      expect(record(state, name, platform), `${name} on ${platform}`).not.toHaveProperty('pendingCreate');
    }
  }
}

describe('the generated workflow on a simulated GitHub runner', () => {
  it('first merge, second merge, an edit: each copy created once, updated in place, the state on the branch', async () => {
    const first = await merge(postFiles('one', 'two'), 'Add two posts');
    const firstRun = await runWorkflow(first, runnerOptions());

    expectSucceeded(firstRun['publish']);
    expect(firstRun['dry-run']?.conclusion).toBe('skipped');
    expect(copiesOf('one')).toEqual({ devto: 1, hashnode: 1 });
    expect(copiesOf('two')).toEqual({ devto: 1, hashnode: 1 });
    expect(await remoteLog(origin)).toEqual(['xpost: record published posts [skip ci]', 'xpost: reserve 4 creates before publishing [skip ci]', 'Add two posts', 'Set up xpost']);
    expectRecorded(await originState(), 'one', 'two');
    expect(firstRun['publish']?.summary).toMatch(/\| posts\/one\.md \| dev\.to \| ✅ published \|/);
    expect(await git(firstRun['publish']!.workspace, 'status', '--porcelain')).toBe('');

    server.clearRequests();
    const second = await merge(postFiles('three'), 'Add a third post');
    expectSucceeded((await runWorkflow(second, runnerOptions()))['publish']);
    expect(server.writesTo('devto').map((request) => request.method)).toEqual(['POST']);
    expect(copiesOf('three')).toEqual({ devto: 1, hashnode: 1 });
    expect(copiesOf('one')).toEqual({ devto: 1, hashnode: 1 });
    expectRecorded(await originState(), 'one', 'two', 'three');

    server.clearRequests();
    const edit = await merge({ 'posts/two.md': postMarkdown(post('two', 'The two post, edited.\n')) }, 'Edit the second post');
    const editRun = await runWorkflow(edit, runnerOptions());
    expectSucceeded(editRun['publish']);
    const twoId = record(await originState(), 'two', 'devto')?.id;
    expect(server.writesTo('devto').map((request) => `${request.method} ${request.path}`)).toEqual([`PUT /api/articles/${twoId}`]);
    expect(server.writesTo('hashnode')).toHaveLength(1);
    expect(copiesOf('two')).toEqual({ devto: 1, hashnode: 1 });
    expect(server.devto.articles.find((article) => String(article.id) === twoId)?.bodyMarkdown).toContain('edited');
    expect((await remoteLog(origin))[0]).toBe('xpost: record published posts [skip ci]');
  }, 120_000);

  it('a partial failure: the job fails, and the state on the branch records what was published and what failed', async () => {
    server.inject({ platform: 'hashnode', operation: 'publishPost', times: Number.POSITIVE_INFINITY, fault: { kind: 'graphql-error', code: 'UNAUTHENTICATED' } });
    const event = await merge(postFiles('one'), 'Add a post');

    const failed = await runWorkflow(event, runnerOptions());

    expect(failed['publish']?.conclusion).toBe('failure');
    expect(failed['publish']?.steps.at(-1)?.code).toBe(1);
    expect(publishOutput(failed['publish'])).toMatch(/::error file=posts\/one\.md,title=xpost%3A Hashnode failed::/);
    const state = await originState();
    expect(record(state, 'one', 'devto')?.id).toBeTruthy();
    expect(record(state, 'one', 'hashnode')).toMatchObject({ lastError: { code: 'AUTH_FAILED' } });
    expect(record(state, 'one', 'hashnode')).not.toHaveProperty('pendingCreate');

    server.clearFaults();
    expectSucceeded((await runWorkflow(await scheduleEvent(), runnerOptions()))['publish']);
    expect(copiesOf('one')).toEqual({ devto: 1, hashnode: 1 });
    expectRecorded(await originState(), 'one');
  }, 120_000);

  it('two queued runs: the second starts from the branch tip, with the first run\'s records, and publishes nothing twice', async () => {
    const firstMerge = await merge(postFiles('one'), 'Add the first post');
    const secondMerge = await merge(postFiles('two'), 'Add the second post');

    // The concurrency group runs them one after the other.
    expectSucceeded((await runWorkflow(firstMerge, runnerOptions()))['publish']);
    const second = await runWorkflow(secondMerge, runnerOptions());

    expectSucceeded(second['publish']);
    expect(copiesOf('one')).toEqual({ devto: 1, hashnode: 1 });
    expect(copiesOf('two')).toEqual({ devto: 1, hashnode: 1 });
    expect(publishOutput(second['publish'])).toMatch(/unchanged\s+dev\.to\s+posts\/two\.md/);
    expectRecorded(await originState(), 'one', 'two');
  }, 120_000);

  it('a queued run that checked out its own (older) commit is refused before it sends anything', async () => {
    const firstMerge = await merge(postFiles('one'), 'Add the first post');
    const secondMerge = await merge(postFiles('two'), 'Add the second post');
    expectSucceeded((await runWorkflow(firstMerge, runnerOptions()))['publish']);
    const logBefore = await remoteLog(origin);
    server.clearRequests();

    // A workflow whose checkout has no `ref:` checks out the commit that triggered it, as actions/checkout does by default.
    const stale = await runWorkflow(secondMerge, runnerOptions({ editWorkflow: (text) => text.replace(/^ {10}ref: \$\{\{ github\.ref_name \}\}\n/m, '') }));

    expect(stale['publish']?.conclusion).toBe('failure');
    expect(stale['publish']?.steps.at(-1)?.code).toBe(2);
    expect(publishOutput(stale['publish'])).toMatch(/\.xpost\/state\.json is older than the one on origin\/main: 2 commits there change it/);
    expect(publishOutput(stale['publish'])).toContain('nothing was sent');
    expect(server.requests).toEqual([]);
    expect(await remoteLog(origin)).toEqual(logBefore);
  }, 120_000);

  it('two parallel runs that both pass the check: the intents push decides, one creates, the other leaves it', async () => {
    const firstMerge = await merge(postFiles('one'), 'Add the first post');
    const secondMerge = await merge(postFiles('two'), 'Add the second post');
    // Holds the first push until the second arrives, then lets the first land: both runs checked the state before either pushed.
    await installHook(origin, 'pre-receive', `if mkdir "${root}/first-push" 2>/dev/null; then
  i=0; while [ ! -e "${root}/second-push" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
else
  touch "${root}/second-push"; sleep 1
fi`);

    const [first, second] = await Promise.all([runWorkflow(firstMerge, runnerOptions()), runWorkflow(secondMerge, runnerOptions())]);
    await rm(path.join(origin, 'hooks', 'pre-receive'));

    expectSucceeded(first['publish']);
    expectSucceeded(second['publish']);
    expect(copiesOf('one')).toEqual({ devto: 1, hashnode: 1 });
    expect(copiesOf('two')).toEqual({ devto: 1, hashnode: 1 });
    expect(publishOutput(first['publish']) + publishOutput(second['publish'])).toMatch(/skipped\s+dev\.to\s+posts\/two\.md\s+another xpost run is publishing it/);
    const state = await originState();
    expectRecorded(state, 'one', 'two');
    expect(await git(origin, 'log', '--merges', '--oneline', 'main')).toBe('');
  }, 120_000);

  it('a protected branch: the intents push is refused, the job stops before the first request and says which token to use', async () => {
    // Like branch protection against the job's token: the author may push, the bot may not.
    await installHook(origin, 'pre-receive', `while read old new ref; do
  if [ "$(git log -1 --format=%an "$new")" = "github-actions[bot]" ]; then
    echo "error: GH006: Protected branch update failed for $ref." >&2; exit 1
  fi
done`);
    const event = await merge(postFiles('one'), 'Add a post');
    const logBefore = await remoteLog(origin);

    const refused = await runWorkflow(event, runnerOptions());

    expect(refused['publish']?.conclusion).toBe('failure');
    expect(refused['publish']?.steps.at(-1)?.code).toBe(2);
    const output = publishOutput(refused['publish']);
    expect(output).toContain('nothing was sent');
    expect(output).toMatch(/origin refused the push to main \(pre-receive hook declined; error: GH006: Protected branch update failed/);
    expect(output).toMatch(/fine-grained personal access token.*`token: \$\{\{ secrets\.XPOST_PUSH_TOKEN \}\}`/);
    expect(server.requests).toEqual([]);
    expect(await remoteLog(origin)).toEqual(logBefore);
  }, 120_000);

  it('a pull request: a dry-run of the posts it changes, with no secrets, nothing sent and nothing pushed', async () => {
    expectSucceeded((await runWorkflow(await merge(postFiles('one', 'other'), 'Add posts'), runnerOptions()))['publish']);
    await git(author, 'pull', '--quiet', '--rebase', 'origin', 'main');
    await git(author, 'checkout', '--quiet', '-b', 'new-post');
    await writeFiles(author, { ...postFiles('two'), 'posts/one.md': postMarkdown(post('one', 'The one post, edited in the pull request.\n')) });
    await git(author, 'add', '--all');
    await git(author, 'commit', '--quiet', '--message', 'Add a post, edit one');
    const base = await tip();
    // GitHub's test merge of the pull request into its base, as refs/pull/1/merge.
    await git(author, 'checkout', '--quiet', '--detach', base);
    await git(author, 'merge', '--quiet', '--no-ff', '-m', 'Merge new-post into main', 'new-post');
    const mergeSha = (await git(author, 'rev-parse', 'HEAD')).trim();
    await git(author, 'push', '--quiet', 'origin', 'HEAD:refs/pull/1/merge', 'new-post:refs/pull/1/head');
    await git(author, 'checkout', '--quiet', 'main');
    const logBefore = await remoteLog(origin);
    server.clearRequests();

    const preview = await runWorkflow(
      { name: 'pull_request', ref: 'refs/pull/1/merge', sha: mergeSha, payload: { number: 1, pull_request: { number: 1, base: { sha: base, ref: 'main' } }, repository: { default_branch: 'main' } } },
      runnerOptions(),
    );

    expect(preview['publish']?.conclusion).toBe('skipped');
    expectSucceeded(preview['dry-run']);
    const output = publishOutput(preview['dry-run']);
    expect(output).toMatch(/── posts\/two\.md → dev\.to: create \(dry run\) ──/);
    expect(output).toMatch(/── posts\/one\.md → dev\.to: update \(dry run\) ──/);
    expect(output).not.toContain('posts/other.md');
    expect(output).not.toContain(secrets()['DEVTO_API_KEY']);
    expect(preview['dry-run']?.summary).toContain('posts/two.md');
    expect(server.requests).toEqual([]);
    expect(await remoteLog(origin)).toEqual(logBefore);
    expect(await git(origin, 'for-each-ref', '--format=%(refname)', 'refs/heads')).toBe('refs/heads/main\n');
  }, 120_000);

  it('a scheduled post comes due: the push leaves it scheduled, the daily run a week later publishes it', async () => {
    // The config init wrote: dev.to 7 days after the post's date, Hashnode 14.
    const today = new Date().toISOString().slice(0, 10);
    const event = await merge({ 'posts/soon.md': postMarkdown(post('soon', 'Due next week.\n', today)) }, 'Add a post for next week');

    const onPush = await runWorkflow(event, runnerOptions());
    expectSucceeded(onPush['publish']);
    expect(publishOutput(onPush['publish'])).toMatch(/scheduled\s+dev\.to\s+posts\/soon\.md\s+scheduled: due/);
    expect(server.requests).toEqual([]);
    expect(await remoteLog(origin)).toEqual(['Add a post for next week', 'Set up xpost']);

    const dailyRun = await runWorkflow(await scheduleEvent(), runnerOptions({ clockOffsetMs: 8 * DAY_MS }));

    expectSucceeded(dailyRun['publish']);
    expect(copiesOf('soon')).toEqual({ devto: 1, hashnode: 0 });
    expect(publishOutput(dailyRun['publish'])).toMatch(/scheduled\s+Hashnode\s+posts\/soon\.md/);
    const state = await originState();
    expect(record(state, 'soon', 'devto')?.id).toBeTruthy();
    expect(record(state, 'soon', 'hashnode')).toBeUndefined();
  }, 120_000);

  it('honours workflow_dispatch from the default branch only', async () => {
    await merge(postFiles('one'), 'Add a post');
    await git(author, 'push', '--quiet', 'origin', 'main:experiment');
    const sha = await tip();

    const elsewhere = await runWorkflow({ name: 'workflow_dispatch', ref: 'refs/heads/experiment', sha, payload: { ref: 'refs/heads/experiment', repository: { default_branch: 'main' } } }, runnerOptions());
    expect(elsewhere['publish']?.conclusion).toBe('skipped');
    expect(server.requests).toEqual([]);

    const onMain = await runWorkflow({ name: 'workflow_dispatch', ref: 'refs/heads/main', sha, payload: { ref: 'refs/heads/main', repository: { default_branch: 'main' } } }, runnerOptions());
    expectSucceeded(onMain['publish']);
    expect(copiesOf('one')).toEqual({ devto: 1, hashnode: 1 });
  }, 120_000);
});

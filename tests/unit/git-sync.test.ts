/**
 * GitStateSync against real git: a bare origin, the run's clone, and a second clone standing in for
 * another run. Hooks make what is hard to time: a pre-receive hook refuses pushes the way a
 * protected branch does, a pre-push hook lets the other run push between this run's fetch and push.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { StateFile } from '../../src/config/state-schema.js';
import type { RunEvent } from '../../src/core/context.js';
import type { PlannedCreate } from '../../src/core/state-sync.js';
import { GitStateSync, MAX_PUSH_ATTEMPTS } from '../../src/state/git-sync.js';
import { StateStore, serialiseState } from '../../src/state/state-file.js';
import { commitAndPush, configureAuthor, createOrigin, git, gitEnv, installHook, remoteFile, remoteLog } from '../helpers/git.js';

const STATE = '.xpost/state.json';
const ONE = 'https://blog.example.com/posts/one';
const TWO = 'https://blog.example.com/posts/two';
const THREE = 'https://blog.example.com/posts/three';
const NOW = new Date('2026-11-09T08:00:00.000Z');

function stateText(posts: StateFile['posts']): string {
  return serialiseState({ version: 2, posts, accounts: {} });
}

const START_STATE = stateText({
  [ONE]: { file: '../posts/one.md', fingerprint: 'sha256:one', platforms: { devto: { id: '1', url: 'https://dev.to/me/one', contentHash: 'sha256:c1' } } },
});

function binding(key: string, name: string) {
  return { key, file: `../posts/${name}.md`, canonicalUrl: `${key}/`, fingerprint: `sha256:${name}` };
}

function plannedCreate(key: string, name: string, platform: PlannedCreate['platform'] = 'devto'): PlannedCreate {
  return { binding: binding(key, name), platform, contentHash: `sha256:${name}-${platform}`, file: `posts/${name}.md` };
}

let root: string;
let origin: string;
let runner: string;
let other: string;
let events: RunEvent[];

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'xpost-git-sync-'));
  origin = path.join(root, 'origin.git');
  await createOrigin(origin, path.join(root, 'seed'), { [STATE]: START_STATE, 'posts/one.md': '# One\n', 'posts/two.md': '# Two\n' });
  runner = path.join(root, 'runner');
  other = path.join(root, 'other');
  await git(root, 'clone', '--quiet', origin, runner);
  await git(root, 'clone', '--quiet', origin, other);
  // The runner has no git identity, as on a fresh GitHub runner; the other clone commits as a person.
  await configureAuthor(other, 'another run');
  events = [];
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function sync(cwd = runner, env: Record<string, string> = {}, statePath = path.join(cwd, STATE)): GitStateSync {
  return new GitStateSync({ cwd, statePath, env: { ...gitEnv(root), ...env }, now: () => NOW, emit: (event) => events.push(event) });
}

/** The run's clone as a person would have it, with an identity of its own (the runner has none). */
async function gitAs(cwd: string, ...args: string[]): Promise<string> {
  return git(cwd, '-c', 'user.name=blog author', '-c', 'user.email=author@example.com', ...args);
}

async function load(cwd = runner): Promise<StateStore> {
  return StateStore.load(path.join(cwd, STATE));
}

async function originState(): Promise<StateFile> {
  return JSON.parse(await remoteFile(origin, STATE)) as StateFile;
}

/** What another run pushes: the start state plus `posts`. */
async function otherRunPushes(posts: StateFile['posts'], message = 'xpost: another run [skip ci]'): Promise<string> {
  const start = JSON.parse(START_STATE) as StateFile;
  return commitAndPush(other, { [STATE]: stateText({ ...start.posts, ...posts }) }, message);
}

describe('preflight: nothing is reserved or sent unless the state can be kept on the branch', () => {
  it('refuses a folder that is not a git work tree', async () => {
    const plain = path.join(root, 'plain');
    await mkdir(plain);
    await expect(sync(plain).beforeFirstWrite([], await load(plain))).rejects.toMatchObject({ code: 'STATE_SYNC', message: expect.stringContaining('is not inside a git work tree') });
  });

  it('refuses a detached HEAD and says how to check out the branch', async () => {
    await git(runner, 'checkout', '--quiet', '--detach');
    const refused = sync().beforeFirstWrite([], await load());
    await expect(refused).rejects.toMatchObject({ code: 'STATE_SYNC', message: expect.stringContaining('HEAD is detached'), hint: expect.stringContaining('ref: ${{ github.ref_name }}') });
  });

  it('refuses a branch without a remote, and a branch the remote does not have', async () => {
    await git(runner, 'checkout', '--quiet', '-b', 'drafts');
    await expect(sync().beforeFirstWrite([], await load())).rejects.toMatchObject({ message: expect.stringContaining('the branch drafts does not exist on origin yet'), hint: expect.stringContaining('git push -u origin drafts') });
    await git(runner, 'remote', 'remove', 'origin');
    await expect(sync().beforeFirstWrite([], await load())).rejects.toMatchObject({ message: expect.stringContaining('the branch drafts has no remote') });
  });

  it('refuses a state file older than the remote branch\'s (exit 2, STATE_STALE) and names the fix', async () => {
    await otherRunPushes({ [TWO]: { file: '../posts/two.md', platforms: { devto: { id: '2' } } } });
    const refused = sync().beforeFirstWrite([plannedCreate(TWO, 'two')], await load());
    await expect(refused).rejects.toMatchObject({
      code: 'STATE_STALE',
      kind: 'input',
      message: expect.stringMatching(/^\.xpost\/state\.json is older than the one on origin\/main: 1 commit there changes it and is not in this checkout/),
      hint: expect.stringContaining('ref: ${{ github.ref_name }}'),
    });
    expect(await remoteLog(origin)).toHaveLength(2);
  });

  it('accepts a checkout behind the remote only by commits that leave the state file alone', async () => {
    await commitAndPush(other, { 'posts/three.md': '# Three\n' }, 'Add a post');
    await expect(sync().beforeFirstWrite([], await load())).resolves.toEqual(new Set());
  });
});

describe('preflight: which remote and branch keep the state', () => {
  it('pushes to the branch\'s upstream, whatever the remote and the remote branch are called', async () => {
    await git(runner, 'remote', 'rename', 'origin', 'upstream');
    await git(runner, 'remote', 'add', 'mirror', path.join(root, 'no-such-mirror.git'));
    await git(runner, 'checkout', '--quiet', '-b', 'publish', '--track', 'upstream/main');

    await sync().beforeFirstWrite([plannedCreate(TWO, 'two')], await load());

    expect(await remoteLog(origin)).toEqual(['xpost: reserve 1 create before publishing [skip ci]', 'Start the blog']);
    expect(await git(runner, 'rev-parse', 'HEAD')).toBe(await git(origin, 'rev-parse', 'main'));
  });

  it('without an upstream: origin among several remotes, else the only remote; several others are refused', async () => {
    await git(runner, 'branch', '--unset-upstream');
    await git(runner, 'remote', 'add', 'backup', path.join(root, 'no-such-backup.git'));
    await sync().beforeFirstWrite([plannedCreate(TWO, 'two')], await load());
    expect(await remoteLog(origin)).toHaveLength(2);

    await git(runner, 'remote', 'remove', 'backup');
    await git(runner, 'remote', 'rename', 'origin', 'home');
    await sync().beforeFirstWrite([plannedCreate(THREE, 'three')], await load());
    expect(await remoteLog(origin)).toHaveLength(3);

    await git(runner, 'remote', 'add', 'backup', path.join(root, 'no-such-backup.git'));
    await expect(sync().beforeFirstWrite([], await load())).rejects.toMatchObject({
      code: 'STATE_SYNC',
      message: '--commit-state: the branch main has no remote to push the state file to',
      hint: 'Add one (git remote add origin <url>) or set the branch\'s upstream (git branch --set-upstream-to=<remote>/main).',
    });
  });

  it('an upstream of "." (the local repository) is no remote: origin is used', async () => {
    await git(runner, 'config', 'branch.main.remote', '.');
    await sync().beforeFirstWrite([plannedCreate(TWO, 'two')], await load());
    expect(await remoteLog(origin)).toHaveLength(2);
  });

  it('refuses a state file outside the work tree', async () => {
    const outside = path.join(root, 'elsewhere', 'state.json');
    await expect(sync(runner, {}, outside).beforeFirstWrite([], await load())).rejects.toMatchObject({
      code: 'STATE_SYNC',
      message: `--commit-state: the state file ${outside} is outside the git work tree ${runner}`,
      hint: 'Keep the state file inside the repository (the default .xpost/state.json is).',
    });
  });

  it('says how to get a work tree when there is none', async () => {
    const plain = path.join(root, 'plain');
    await mkdir(plain);
    await expect(sync(plain).beforeFirstWrite([], await load(plain))).rejects.toMatchObject({ hint: expect.stringContaining('Run xpost in a clone of your repository') });
  });

  it('a fetch that fails says so, and never shows a token from the remote URL', async () => {
    // Recent git versions drop the credentials from the URL themselves; older ones print them, and xpost masks them.
    await git(runner, 'remote', 'set-url', 'origin', 'https://xpost-bot:ghp_testPushToken123@127.0.0.1:9/blog.git');
    const refused = sync().beforeFirstWrite([], await load());
    await expect(refused).rejects.toMatchObject({ code: 'STATE_SYNC', message: expect.stringMatching(/^--commit-state: could not fetch main from origin \(fatal: unable to access 'https:\/\/(\*\*\*@)?127\.0\.0\.1:9\/blog\.git\/'/) });
    const error = await refused.then(() => new Error('the fetch was not refused'), (failure: Error) => failure);
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('ghp_testPushToken123');
  });

  it('without git on PATH, says git is needed', async () => {
    await expect(sync(runner, { PATH: path.join(root, 'no-bin') }).beforeFirstWrite([], await load())).rejects.toMatchObject({
      code: 'STATE_SYNC',
      message: '--commit-state needs git, and git is not on PATH',
      hint: 'Install git, or drop --commit-state.',
    });
  });

  it('counts every state commit the checkout lacks, and says to pull', async () => {
    await otherRunPushes({ [TWO]: { file: '../posts/two.md', platforms: { devto: { id: '2' } } } });
    await otherRunPushes({ [TWO]: { file: '../posts/two.md', platforms: { devto: { id: '2' }, medium: { id: 'm2' } } } });
    await expect(sync().beforeFirstWrite([], await load())).rejects.toMatchObject({
      code: 'STATE_STALE',
      message: expect.stringMatching(/: 2 commits there change it and are not in this checkout \(another xpost run recorded posts/),
      hint: expect.stringMatching(/^Publish from the branch tip\. .*`git pull` and run again\. A `concurrency` group/),
    });
  });

  it('names the copy of the state that is broken: the checked-out one', async () => {
    await commitAndPush(other, { [STATE]: '{ "version": 2, "posts": ' }, 'A bad hand edit');
    await git(runner, 'pull', '--quiet', '--ff-only', 'origin', 'main');
    const elsewhere = await StateStore.load(path.join(root, 'fresh', 'state.json'));
    await expect(sync().beforeFirstWrite([], elsewhere)).rejects.toMatchObject({ code: 'STATE_INVALID', message: expect.stringMatching(/^State file HEAD:\.xpost\/state\.json is not valid JSON/) });
  });
});

describe('the intents push before the first request', () => {
  it('creates the state file on a branch that has none yet', async () => {
    await git(runner, 'rm', '--quiet', '--cached', STATE);
    await gitAs(runner, 'commit', '--quiet', '-m', 'No state yet');
    await git(runner, 'push', '--quiet', 'origin', 'main');
    const state = await load();

    await sync().beforeFirstWrite([plannedCreate(TWO, 'two')], state);

    expect((await originState()).posts[TWO]?.platforms['devto']?.pendingCreate).toMatchObject({ contentHash: 'sha256:two-devto' });
    expect(await git(runner, 'status', '--porcelain')).toBe('');
  });

  it('marks its intents with the workflow run and attempt, unique per process', async () => {
    const reservedBy = async (env: Record<string, string>): Promise<unknown> => {
      const state = await load();
      await sync(runner, env).beforeFirstWrite([plannedCreate(TWO, 'two')], state);
      return state.record(TWO, 'devto')?.pendingCreate?.['reservedBy'];
    };
    expect(await reservedBy({ GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '3' })).toMatch(/^github-run-4242-3-[0-9a-f]{8}$/);
    expect(await reservedBy({ GITHUB_RUN_ID: '4243' })).toMatch(/^github-run-4243-1-[0-9a-f]{8}$/);
    expect(await reservedBy({})).toMatch(new RegExp(`^${os.hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[0-9a-f]{8}$`));
  });

  it('commits as the configured git user where there is one', async () => {
    await configureAuthor(runner, 'blog author');
    await sync().beforeFirstWrite([plannedCreate(TWO, 'two')], await load());
    expect(await git(origin, 'log', '-1', '--format=%an <%ae>')).toBe('blog author <xpost-tests@example.com>\n');
  });

  it('leaves local commits not yet pushed where they are: the branch only follows when it was at the remote tip', async () => {
    await writeFile(path.join(runner, 'posts', 'draft.md'), '# Draft\n');
    await git(runner, 'add', 'posts/draft.md');
    await gitAs(runner, 'commit', '--quiet', '-m', 'A local draft');

    await sync().beforeFirstWrite([plannedCreate(TWO, 'two')], await load());

    expect(await remoteLog(origin)).toEqual(['xpost: reserve 1 create before publishing [skip ci]', 'Start the blog']);
    expect((await git(runner, 'log', '--format=%s')).trim().split('\n')).toEqual(['A local draft', 'Start the blog']);
  });

  it('keeps what the user staged: the commit is built in a scratch index', async () => {
    // A temporary folder of this test's own: the shared one holds other processes' files.
    const scratchDir = path.join(root, 'tmp');
    await mkdir(scratchDir);
    const savedTmpdir = process.env['TMPDIR'];
    process.env['TMPDIR'] = scratchDir;
    onTestFinished(() => {
      if (savedTmpdir === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = savedTmpdir;
    });
    await writeFile(path.join(runner, 'posts', 'new.md'), '# New\n');
    await git(runner, 'add', 'posts/new.md');

    await sync().beforeFirstWrite([plannedCreate(TWO, 'two')], await load());

    expect(await git(runner, 'rev-parse', 'HEAD')).toBe(await git(origin, 'rev-parse', 'main'));
    expect(await git(runner, 'status', '--porcelain')).toBe('A  posts/new.md\n');
    expect(os.tmpdir()).toBe(scratchDir);
    expect(await readdir(scratchDir)).toEqual([]);
  });

  it('a push that fails for another reason than a refusal says to run again', async () => {
    await git(runner, 'config', 'remote.origin.pushurl', path.join(root, 'gone.git'));
    await expect(sync().beforeFirstWrite([plannedCreate(TWO, 'two')], await load())).rejects.toMatchObject({
      code: 'STATE_SYNC',
      message: expect.stringMatching(/origin refused the push to main \(fatal: '.*gone\.git' does not appear to be a git repository\)$/),
      hint: 'Run again; if it keeps happening, check the network and the remote.',
    });
  });

  it('quotes the first two lines the remote gave for a refusal', async () => {
    await installHook(origin, 'pre-receive', 'echo "" >&2\necho "error: GH013: Repository rule violations found." >&2\necho "" >&2\necho "- Changes must be made through a pull request." >&2\necho "- A third line." >&2\nexit 1');
    await expect(sync().beforeFirstWrite([plannedCreate(TWO, 'two')], await load())).rejects.toMatchObject({
      message: expect.stringMatching(/origin refused the push to main \(pre-receive hook declined; error: GH013: Repository rule violations found\.; - Changes must be made through a pull request\.\)$/),
    });
  });

  it('commits the intents of every planned create with [skip ci] on top of the branch, and the checkout follows', async () => {
    const state = await load();
    const creates = [plannedCreate(TWO, 'two'), plannedCreate(TWO, 'two', 'hashnode')];

    await expect(sync().beforeFirstWrite(creates, state)).resolves.toEqual(new Set());

    expect(await remoteLog(origin)).toEqual(['xpost: reserve 2 creates before publishing [skip ci]', 'Start the blog']);
    expect(await git(origin, 'log', '-1', '--format=%an <%ae>')).toBe('github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>\n');
    const pushed = await originState();
    expect(pushed.posts[TWO]?.platforms['devto']?.pendingCreate).toMatchObject({ contentHash: 'sha256:two-devto', startedAt: NOW.toISOString(), reservedBy: expect.any(String) });
    expect(pushed.posts[TWO]?.platforms['hashnode']?.pendingCreate).toMatchObject({ contentHash: 'sha256:two-hashnode' });
    expect(pushed.posts[ONE]).toEqual((JSON.parse(START_STATE) as StateFile).posts[ONE]);
    expect(await readFile(path.join(runner, STATE), 'utf8')).toBe(await remoteFile(origin, STATE));
    expect(await git(runner, 'status', '--porcelain')).toBe('');
    expect(await git(runner, 'rev-parse', 'HEAD')).toBe(await git(origin, 'rev-parse', 'main'));
  });

  it('pushes nothing when no create is planned', async () => {
    await sync().beforeFirstWrite([], await load());
    expect(await remoteLog(origin)).toEqual(['Start the blog']);
  });

  it('exits before the first request when the branch refuses pushes (a protected branch), explaining the token to use', async () => {
    await installHook(origin, 'pre-receive', 'echo "error: GH006: Protected branch update failed for refs/heads/main." >&2\nexit 1');
    const refused = sync().beforeFirstWrite([plannedCreate(TWO, 'two')], await load());
    await expect(refused).rejects.toMatchObject({
      code: 'STATE_SYNC',
      kind: 'input',
      message: expect.stringMatching(/the intents could not be pushed before publishing.*origin refused the push to main \(pre-receive hook declined; error: GH006: Protected branch update failed/),
      hint: expect.stringMatching(/protected branch or a ruleset.*fine-grained personal access token.*GitHub App token.*bypass list.*`token: \$\{\{ secrets\.XPOST_PUSH_TOKEN \}\}`.*contents: write/),
    });
    expect(await remoteLog(origin)).toEqual(['Start the blog']);
  });

  it('merges a state another run pushed between this run\'s fetch and push, and pushes again on top of it', async () => {
    await writeFile(path.join(other, STATE), stateText({ ...(JSON.parse(START_STATE) as StateFile).posts, [THREE]: { file: '../posts/three.md', platforms: { hashnode: { id: 'h3' } } } }));
    await git(other, 'commit', '--quiet', '--all', '-m', 'xpost: another run [skip ci]');
    await installHook(path.join(runner, '.git'), 'pre-push', `[ -e "${root}/raced" ] && exit 0\ntouch "${root}/raced"\nunset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE\ngit -C "${other}" push --quiet origin HEAD:main`);

    const held = await sync().beforeFirstWrite([plannedCreate(TWO, 'two')], await load());

    expect(held).toEqual(new Set());
    expect(await remoteLog(origin)).toEqual(['xpost: reserve 1 create before publishing [skip ci]', 'xpost: another run [skip ci]', 'Start the blog']);
    const pushed = await originState();
    expect(pushed.posts[THREE]?.platforms['hashnode']).toEqual({ id: 'h3' });
    expect(pushed.posts[TWO]?.platforms['devto']?.pendingCreate).toBeDefined();
  });

  it('leaves a create to the run that pushed its intent first, and reports it as held', async () => {
    const mine = plannedCreate(TWO, 'two');
    const alsoMine = plannedCreate(TWO, 'two', 'medium');
    const theirIntent = { pendingCreate: { contentHash: 'sha256:two-devto', startedAt: '2026-11-09T07:59:59.000Z', reservedBy: 'the-other-run' } };
    await writeFile(path.join(other, STATE), stateText({ ...(JSON.parse(START_STATE) as StateFile).posts, [TWO]: { file: '../posts/two.md', platforms: { devto: theirIntent } } }));
    await git(other, 'commit', '--quiet', '--all', '-m', 'xpost: reserve 1 create before publishing [skip ci]');
    await installHook(path.join(runner, '.git'), 'pre-push', `[ -e "${root}/raced" ] && exit 0\ntouch "${root}/raced"\nunset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE\ngit -C "${other}" push --quiet origin HEAD:main`);
    const state = await load();

    const held = await sync().beforeFirstWrite([mine, alsoMine], state);

    expect(held).toEqual(new Set([mine]));
    const pushed = await originState();
    expect(pushed.posts[TWO]?.platforms['devto']).toEqual(theirIntent);
    expect(pushed.posts[TWO]?.platforms['medium']?.pendingCreate).toMatchObject({ contentHash: 'sha256:two-medium' });
    expect(state.record(TWO, 'devto')).toEqual(theirIntent);
  });

  it('gives up after a bounded number of pushes overtaken by other runs', async () => {
    await installHook(path.join(runner, '.git'), 'pre-push', `unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE\ngit -C "${other}" commit --quiet --allow-empty -m "Someone else"\ngit -C "${other}" push --quiet origin HEAD:main`);
    const refused = sync().beforeFirstWrite([plannedCreate(TWO, 'two')], await load());
    await expect(refused).rejects.toMatchObject({ code: 'STATE_SYNC', message: expect.stringContaining(`the branch kept moving: ${MAX_PUSH_ATTEMPTS} pushes`) });
    expect((await remoteLog(origin)).filter((subject) => subject === 'Someone else')).toHaveLength(MAX_PUSH_ATTEMPTS);
    expect((await remoteLog(origin)).some((subject) => subject.startsWith('xpost: reserve'))).toBe(false);
  });
});

describe('the records push after the run', () => {
  it('pushes what the run recorded, and the checkout ends clean at the remote tip', async () => {
    const create = plannedCreate(TWO, 'two');
    const state = await load();
    const gitSync = sync();
    await gitSync.beforeFirstWrite([create], state);
    await state.recordCopy(create.binding, 'devto', { id: '2', url: 'https://dev.to/me/two', contentHash: create.contentHash, sourceHash: undefined, at: NOW.toISOString(), created: true });

    await gitSync.afterRun(state);

    expect(gitSync.problem).toBeUndefined();
    expect(await remoteLog(origin)).toEqual(['xpost: record published posts [skip ci]', 'xpost: reserve 1 create before publishing [skip ci]', 'Start the blog']);
    expect((await originState()).posts[TWO]?.platforms['devto']).toEqual({ id: '2', url: 'https://dev.to/me/two', contentHash: 'sha256:two-devto', publishedAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
    expect(await git(runner, 'status', '--porcelain')).toBe('');
    expect(await git(runner, 'rev-parse', 'HEAD')).toBe(await git(origin, 'rev-parse', 'main'));
  });

  it('merges another run\'s records pushed meanwhile: no lost record, no conflict', async () => {
    const create = plannedCreate(TWO, 'two');
    const state = await load();
    const gitSync = sync();
    await gitSync.beforeFirstWrite([create], state);
    await git(other, 'pull', '--quiet', '--ff-only', 'origin', 'main');
    const theirs = JSON.parse(await readFile(path.join(other, STATE), 'utf8')) as StateFile;
    theirs.posts[THREE] = { file: '../posts/three.md', platforms: { hashnode: { id: 'h3' } } };
    await commitAndPush(other, { [STATE]: serialiseState(theirs) }, 'xpost: record published posts [skip ci]');
    await state.recordCopy(create.binding, 'devto', { id: '2', url: undefined, contentHash: create.contentHash, sourceHash: undefined, at: NOW.toISOString(), created: true });

    await gitSync.afterRun(state);

    expect(gitSync.problem).toBeUndefined();
    const pushed = await originState();
    expect(pushed.posts[TWO]?.platforms['devto']?.id).toBe('2');
    expect(pushed.posts[TWO]?.platforms['devto']?.pendingCreate).toBeUndefined();
    expect(pushed.posts[THREE]?.platforms['hashnode']).toEqual({ id: 'h3' });
    expect(pushed.posts[ONE]?.platforms['devto']?.id).toBe('1');
    expect(JSON.parse(await readFile(path.join(runner, STATE), 'utf8'))).toEqual(pushed);
  });

  it('takes back the intent of a create that never started, so the next run does not look for a copy that cannot exist', async () => {
    const state = await load();
    const gitSync = sync();
    await gitSync.beforeFirstWrite([plannedCreate(TWO, 'two')], state);

    await gitSync.afterRun(state);

    expect((await originState()).posts[TWO]).toBeUndefined();
    expect(await remoteFile(origin, STATE)).toBe(START_STATE);
  });

  it('gives back an earlier run\'s unanswered intent, and a failure it recorded, when its own create never started', async () => {
    const earlier = { contentHash: 'sha256:two-devto', startedAt: '2026-11-08T08:00:00.000Z' };
    const failure = { code: 'AUTH_FAILED', message: 'Medium rejected the token', at: '2026-11-08T08:00:00.000Z' };
    const start = JSON.parse(START_STATE) as StateFile;
    await commitAndPush(other, { [STATE]: stateText({ ...start.posts, [TWO]: { file: '../posts/two.md', platforms: { devto: { pendingCreate: earlier }, medium: { lastError: failure } } } }) }, 'xpost: an earlier run [skip ci]');
    await git(runner, 'pull', '--quiet', '--ff-only', 'origin', 'main');
    const state = await load();
    const gitSync = sync();
    await gitSync.beforeFirstWrite([plannedCreate(TWO, 'two'), plannedCreate(TWO, 'two', 'medium')], state);

    await gitSync.afterRun(state);

    expect((await originState()).posts[TWO]?.platforms).toEqual({ devto: { pendingCreate: earlier }, medium: { lastError: failure } });
    expect(state.record(TWO, 'devto')).toEqual({ pendingCreate: earlier });
  });

  it('keeps the failure of a create that stopped before sending (an account lookup refused), without its intent', async () => {
    const create = plannedCreate(TWO, 'two', 'medium');
    const state = await load();
    const gitSync = sync();
    await gitSync.beforeFirstWrite([create], state);
    const failure = { code: 'AUTH_FAILED', message: 'Medium rejected the token', at: NOW.toISOString() };
    await state.recordFailure(create.binding, 'medium', failure);

    await gitSync.afterRun(state);

    expect((await originState()).posts[TWO]?.platforms).toEqual({ medium: { lastError: failure } });
  });

  it('commits nothing when the run changed nothing', async () => {
    const state = await load();
    const gitSync = sync();
    await gitSync.beforeFirstWrite([], state);
    await gitSync.afterRun(state);
    expect(await remoteLog(origin)).toEqual(['Start the blog']);
  });

  it('reports a refused push after the run as a problem and keeps the records in the work tree', async () => {
    const create = plannedCreate(TWO, 'two');
    const state = await load();
    const gitSync = sync();
    await gitSync.beforeFirstWrite([create], state);
    await installHook(origin, 'pre-receive', 'exit 1');
    await state.recordCopy(create.binding, 'devto', { id: '2', url: undefined, contentHash: create.contentHash, sourceHash: undefined, at: NOW.toISOString(), created: true });

    await expect(gitSync.afterRun(state)).resolves.toBeUndefined();

    expect(gitSync.problem).toMatchObject({ code: 'STATE_SYNC', message: expect.stringContaining('the state file was not pushed to origin/main: origin refused the push to main (pre-receive hook declined)') });
    expect(gitSync.problem?.hint).toMatch(/^What this run published is recorded only in \.xpost\/state\.json in this work tree: commit and push it by hand before the next run\. .*look for those copies before creating any/);
    expect((JSON.parse(await readFile(path.join(runner, STATE), 'utf8')) as StateFile).posts[TWO]?.platforms['devto']?.id).toBe('2');
    expect((await originState()).posts[TWO]?.platforms['devto']?.pendingCreate).toBeDefined();
  });

  it('does nothing after a run that never reached the first write', async () => {
    const gitSync = sync();
    await gitSync.afterRun(await load());
    expect(gitSync.problem).toBeUndefined();
    expect(await remoteLog(origin)).toEqual(['Start the blog']);
  });
});

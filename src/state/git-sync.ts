import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { PendingCreate, StateFile } from '../config/state-schema.js';
import type { RunEvent } from '../core/context.js';
import type { PlannedCreate, StateSync } from '../core/state-sync.js';
import { XpostError } from '../errors/xpost-error.js';
import type { Env } from '../platforms/types.js';
import { heldByAnotherRun, mergeStates } from './merge.js';
import { parseStateText, serialiseState, type StateStore } from './state-file.js';

/** Pushes that lose the race to another run before this one gives up; each retry merges that run's state first. */
export const MAX_PUSH_ATTEMPTS = 5;
/** The identity GitHub shows for commits made with the job's token, used when git has none configured. */
const BOT_NAME = 'github-actions[bot]';
const BOT_EMAIL = '41898282+github-actions[bot]@users.noreply.github.com';
const EMPTY_STATE: StateFile = { version: 2, posts: {}, accounts: {} };

const CHECKOUT_BRANCH_HINT = 'In GitHub Actions check out the branch tip: actions/checkout with `ref: ${{ github.ref_name }}` and `fetch-depth: 0`; locally, `git switch <branch>`.';
const PUSH_TOKEN_HINT =
  'A protected branch or a ruleset refuses the job\'s push (GITHUB_TOKEN cannot bypass them), and a refusal only shows on a real push. ' +
  'Give the job a token that may push to the branch: a fine-grained personal access token with "Contents: Read and write" on this repository, ' +
  'or a GitHub App token (actions/create-github-app-token) whose app is on the ruleset\'s bypass list; store it as a secret and pass it to ' +
  'actions/checkout as `token: ${{ secrets.XPOST_PUSH_TOKEN }}`. The job also needs `permissions: contents: write`.';

export interface GitStateSyncOptions {
  /** Where git runs: inside the work tree that holds the state file. */
  cwd: string;
  /** The state file, absolute. */
  statePath: string;
  env: Env;
  now: () => Date;
  emit: (event: RunEvent) => void;
}

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where the state file is kept: the branch checked out, its remote, and the file's path in the repository. */
interface Location {
  top: string;
  branch: string;
  remote: string;
  remoteBranch: string;
  /** Relative to the repository's top, with forward slashes. */
  file: string;
}

/** A create this run reserved, and what the record said before, to put back when the create never starts. */
interface Reservation {
  create: PlannedCreate;
  earlierIntent: PendingCreate | undefined;
}

type PushOutcome = { kind: 'pushed' } | { kind: 'moved' } | { kind: 'refused' | 'failed'; reason: string };

/**
 * `xpost publish --commit-state`: the state file lives on the checked-out branch, and the branch is
 * the one place every run reads it from. Before the first request the run checks it has the newest
 * state, then commits its intents (every create it plans) and pushes them: that push proves the job
 * may push, and it is the compare-and-swap between runs: a run whose push is rejected because the
 * branch moved merges the other run's state and leaves it the creates it holds. After the run the
 * state is committed and pushed the same way. Commits are built with git's plumbing on top of the
 * remote branch, so the work tree and its other files are never touched and no text merge happens.
 */
export class GitStateSync implements StateSync {
  /** Set when the state could not be pushed after the run: what was published is then recorded only locally. */
  problem: XpostError | undefined;
  private readonly options: GitStateSyncOptions;
  private readonly runId: string;
  private location: Location | undefined;
  /** The remote branch's commit as last fetched or pushed. */
  private remoteTip = '';
  /** The state this run's changes are measured against: HEAD's, then each one this run pushed. */
  private base: StateFile = EMPTY_STATE;
  /** HEAD's state, as the run found it. */
  private original: StateFile = EMPTY_STATE;
  private readonly reservations: Reservation[] = [];

  constructor(options: GitStateSyncOptions) {
    this.options = options;
    const { GITHUB_RUN_ID: runId, GITHUB_RUN_ATTEMPT: attempt } = options.env;
    // Unique per process: two jobs of one workflow run must not take each other's intents for their own.
    this.runId = `${runId ? `github-run-${runId}-${attempt ?? '1'}` : os.hostname()}-${randomBytes(4).toString('hex')}`;
  }

  async beforeFirstWrite(creates: readonly PlannedCreate[], state: StateStore): Promise<ReadonlySet<PlannedCreate>> {
    this.location = await this.locate();
    await this.fetch();
    await this.refuseStaleState();
    this.original = await this.stateAt('HEAD');
    this.base = this.original;
    const heldElsewhere = new Set<PlannedCreate>();
    if (creates.length === 0) return heldElsewhere;

    const startedAt = this.options.now().toISOString();
    for (const create of creates) {
      this.reservations.push({ create, earlierIntent: state.record(create.binding.key, create.platform)?.pendingCreate });
      await state.recordIntent(create.binding, create.platform, { contentHash: create.contentHash, startedAt, reservedBy: this.runId });
    }
    const count = creates.length === 1 ? '1 create' : `${creates.length} creates`;
    await this.pushState(state, `xpost: reserve ${count} before publishing [skip ci]`, (ours, theirs) => {
      for (const reservation of [...this.reservations]) {
        const { binding, platform } = reservation.create;
        if (!heldByAnotherRun(this.base, theirs, binding.key, platform)) continue;
        heldElsewhere.add(reservation.create);
        this.reservations.splice(this.reservations.indexOf(reservation), 1);
        putBack(ours, this.base, binding.key, platform);
      }
    }).catch((error: unknown) => {
      throw error instanceof XpostError && error.code === 'STATE_SYNC'
        ? new XpostError('STATE_SYNC', `--commit-state: the intents could not be pushed before publishing, and a run that cannot record what it publishes would publish it again: ${error.message}`, { hint: error.hint })
        : error;
    });
    return heldElsewhere;
  }

  async afterRun(state: StateStore): Promise<void> {
    if (!this.location) return;
    try {
      await this.releaseUnstartedReservations(state);
      await this.pushState(state, 'xpost: record published posts [skip ci]');
    } catch (error) {
      const { remote, remoteBranch } = this.location;
      const reason = error instanceof XpostError ? error.message : String(error);
      this.problem = new XpostError('STATE_SYNC', `the state file was not pushed to ${remote}/${remoteBranch}: ${reason}`, {
        hint:
          `What this run published is recorded only in ${this.location.file} in this work tree: commit and push it by hand before the next run. ` +
          'Until then the intents pushed before publishing make the next run look for those copies before creating any (dev.to, Hashnode) or stop and ask (Medium, LinkedIn).',
      });
    }
  }

  /** A reserved create that never started (its platform refused the account lookup, an earlier lookup stayed in doubt) gets its record back as it was. */
  private async releaseUnstartedReservations(state: StateStore): Promise<void> {
    const current = state.snapshot();
    let changed = false;
    for (const { create, earlierIntent } of this.reservations) {
      const record = current.posts[create.binding.key]?.platforms[create.platform];
      if (record?.pendingCreate?.['reservedBy'] !== this.runId) continue;
      changed = true;
      if (earlierIntent) record.pendingCreate = earlierIntent;
      else delete record.pendingCreate;
      dropIfEmpty(current, this.original, create.binding.key, create.platform);
    }
    if (changed) await state.replace(current);
  }

  /**
   * Merges this run's state with the remote branch's, commits the result on top of the remote tip
   * and pushes it; when another run pushed first, fetches and does it again. `settle` may first take
   * back what the other run's state shows it holds.
   */
  private async pushState(state: StateStore, message: string, settle?: (ours: StateFile, theirs: StateFile) => void): Promise<void> {
    const location = this.location!;
    for (let attempt = 1; ; attempt += 1) {
      const theirs = await this.stateAt(this.remoteTip);
      const current = plainJson(state.snapshot());
      const ours = structuredClone(current);
      settle?.(ours, theirs);
      const { state: merged, conflicts } = mergeStates(this.base, ours, theirs);
      for (const conflict of conflicts) this.options.emit({ type: 'warning', message: `state merge: ${conflict}` });
      if (!isDeepStrictEqual(merged, current)) await state.replace(merged);
      if (isDeepStrictEqual(merged, theirs)) {
        this.base = merged;
        return;
      }
      const text = serialiseState(merged);
      const blob = (await this.git(['hash-object', '-w', '--stdin'], { input: text })).trim();
      const parent = this.remoteTip;
      const commit = await this.commitOnto(parent, blob, message);
      const outcome = await this.push(commit);
      if (outcome.kind === 'pushed') {
        this.base = merged;
        this.remoteTip = commit;
        await this.advanceLocalBranch(parent, commit, blob);
        return;
      }
      if (outcome.kind === 'moved' && attempt < MAX_PUSH_ATTEMPTS) {
        await this.fetch();
        continue;
      }
      const why =
        outcome.kind === 'moved'
          ? `the branch kept moving: ${MAX_PUSH_ATTEMPTS} pushes were each overtaken by another push`
          : `${location.remote} refused the push to ${location.remoteBranch} (${outcome.reason})`;
      throw new XpostError('STATE_SYNC', why, { hint: outcome.kind === 'refused' ? PUSH_TOKEN_HINT : 'Run again; if it keeps happening, check the network and the remote.' });
    }
  }

  /** The branch, its remote and the state file's place in the repository; anything missing stops the run before it sends a thing. */
  private async locate(): Promise<Location> {
    const top = (await this.gitOr(['rev-parse', '--show-toplevel'], () => fail(`${this.options.cwd} is not inside a git work tree`, 'Run xpost in a clone of your repository (in GitHub Actions, after actions/checkout), or drop --commit-state.'))).trim();
    const branch = (
      await this.gitOr(['symbolic-ref', '--quiet', '--short', 'HEAD'], () => fail('HEAD is detached (a commit is checked out, not a branch), so there is no branch to keep the state file on', CHECKOUT_BRANCH_HINT))
    ).trim();
    const prefix = (await this.git(['rev-parse', '--show-prefix'])).trim();
    const file = path.posix.normalize(`${prefix}${path.relative(this.options.cwd, this.options.statePath).split(path.sep).join('/')}`);
    if (file.startsWith('../') || path.isAbsolute(file)) fail(`the state file ${this.options.statePath} is outside the git work tree ${top}`, 'Keep the state file inside the repository (the default .xpost/state.json is).');
    const configured = (await this.git(['config', '--get', `branch.${branch}.remote`], { allowFailure: true })).trim();
    const remotes = (await this.git(['remote'])).split('\n').filter(Boolean);
    const remote = configured && configured !== '.' ? configured : remotes.includes('origin') ? 'origin' : remotes.length === 1 ? remotes[0]! : '';
    if (!remote) fail(`the branch ${branch} has no remote to push the state file to`, `Add one (git remote add origin <url>) or set the branch's upstream (git branch --set-upstream-to=<remote>/${branch}).`);
    const merge = (await this.git(['config', '--get', `branch.${branch}.merge`], { allowFailure: true })).trim();
    const remoteBranch = configured === remote && merge.startsWith('refs/heads/') ? merge.slice('refs/heads/'.length) : branch;
    return { top, branch, remote, remoteBranch, file };
  }

  private async fetch(): Promise<void> {
    const { remote, remoteBranch } = this.location!;
    const tracking = `refs/remotes/${remote}/${remoteBranch}`;
    const fetched = await this.run(['fetch', '--quiet', '--no-tags', '--end-of-options', remote, `+refs/heads/${remoteBranch}:${tracking}`]);
    if (fetched.code !== 0) {
      if (/couldn't find remote ref/i.test(fetched.stderr)) fail(`the branch ${remoteBranch} does not exist on ${remote} yet`, `Push it first (git push -u ${remote} ${remoteBranch}).`);
      fail(`could not fetch ${remoteBranch} from ${remote} (${firstLine(fetched.stderr)})`, 'Check the network and that the job may read the repository.');
    }
    this.remoteTip = (await this.git(['rev-parse', '--verify', '--end-of-options', `${tracking}^{commit}`])).trim();
  }

  /** A checkout that lacks state commits of the remote branch would publish again what those runs recorded. */
  private async refuseStaleState(): Promise<void> {
    const { remote, remoteBranch, file } = this.location!;
    const head = (await this.git(['rev-parse', '--verify', 'HEAD^{commit}'])).trim();
    const missing = Number((await this.git(['rev-list', '--count', `${head}..${this.remoteTip}`, '--', file])).trim());
    if (missing === 0) return;
    throw new XpostError(
      'STATE_STALE',
      `${file} is older than the one on ${remote}/${remoteBranch}: ${missing === 1 ? '1 commit there changes' : `${missing} commits there change`} it and ${missing === 1 ? 'is' : 'are'} not in this checkout ` +
        '(another xpost run recorded posts after this commit was checked out), so publishing from here could create those posts again',
      { hint: `Publish from the branch tip. ${CHECKOUT_BRANCH_HINT.replace('`git switch <branch>`', `\`git pull\` and run again`)} A \`concurrency\` group makes a second run wait for the first.` },
    );
  }

  /** The state file as a commit has it; a commit without one holds an empty state. */
  private async stateAt(revision: string): Promise<StateFile> {
    const { file, remote, remoteBranch } = this.location!;
    const entry = (await this.git(['ls-tree', '-z', '--end-of-options', revision, '--', file])).split('\0')[0] ?? '';
    const objectId = /^\d+ blob ([0-9a-f]+)\t/.exec(entry)?.[1];
    if (!objectId) return EMPTY_STATE;
    const where = revision === 'HEAD' ? `HEAD:${file}` : `${remote}/${remoteBranch}:${file}`;
    return plainJson(await parseStateText(await this.git(['cat-file', 'blob', objectId]), where));
  }

  /** A commit whose tree is `parent`'s with the state file replaced: built in a scratch index, so the work tree and its index stay as they are. */
  private async commitOnto(parent: string, blob: string, message: string): Promise<string> {
    const index = path.join(os.tmpdir(), `xpost-index-${randomBytes(6).toString('hex')}`);
    let tree: string;
    try {
      const scratch = { env: { GIT_INDEX_FILE: index } };
      await this.git(['read-tree', parent], scratch);
      await this.git(['update-index', '--add', '--cacheinfo', `100644,${blob},${this.location!.file}`], scratch);
      tree = (await this.git(['write-tree'], scratch)).trim();
    } finally {
      await rm(index, { force: true });
    }
    const configured = (await this.git(['config', '--get', 'user.email'], { allowFailure: true })).trim();
    const identity: Record<string, string> = configured ? {} : { GIT_AUTHOR_NAME: BOT_NAME, GIT_AUTHOR_EMAIL: BOT_EMAIL, GIT_COMMITTER_NAME: BOT_NAME, GIT_COMMITTER_EMAIL: BOT_EMAIL };
    return (await this.git(['commit-tree', tree, '-p', parent, '-m', message], { env: identity })).trim();
  }

  private async push(commit: string): Promise<PushOutcome> {
    const { remote, remoteBranch } = this.location!;
    const pushed = await this.run(['push', '--porcelain', '--end-of-options', remote, `${commit}:refs/heads/${remoteBranch}`]);
    if (pushed.code === 0) return { kind: 'pushed' };
    const refused = /^!\t[^\t]*\t\[(rejected|remote rejected)\] \((.*)\)$/m.exec(pushed.stdout);
    const remoteSays = pushed.stderr
      .split('\n')
      .filter((line) => /^remote: .*\S/.test(line) && !/^remote: +$/.test(line))
      .map((line) => line.replace(/^remote:\s*/, '').trim());
    // Moved before the push (fetch first, non-fast-forward) or during it (the server's ref was no longer the old value).
    if (refused && /fetch first|non-fast-forward|stale info|failed to update ref|cannot lock ref|incorrect old value/.test(refused[2] ?? '')) return { kind: 'moved' };
    if (refused) return { kind: 'refused', reason: [refused[2], ...remoteSays.slice(0, 2)].filter(Boolean).join('; ') };
    if (/\b403\b|denied|permission|not allowed|authentication failed|could not read username/i.test(pushed.stderr)) return { kind: 'refused', reason: firstLine(pushed.stderr) };
    return { kind: 'failed', reason: firstLine(pushed.stderr) };
  }

  /** After a push that only added the state commit to what is checked out, the local branch and index follow, so `git status` stays clean. */
  private async advanceLocalBranch(parent: string, commit: string, blob: string): Promise<void> {
    const { branch, file } = this.location!;
    const head = (await this.git(['rev-parse', '--verify', 'HEAD^{commit}'])).trim();
    if (head !== parent) return;
    const moved = await this.run(['update-ref', '-m', 'xpost: state file pushed', `refs/heads/${branch}`, commit, parent]);
    if (moved.code === 0) await this.git(['update-index', '--add', '--cacheinfo', `100644,${blob},${file}`]);
  }

  private async gitOr(args: string[], onFailure: () => never): Promise<string> {
    const result = await this.run(args);
    return result.code === 0 ? result.stdout : onFailure();
  }

  private async git(args: string[], options: { input?: string; env?: Record<string, string>; allowFailure?: boolean } = {}): Promise<string> {
    const result = await this.run(args, options);
    if (result.code !== 0 && !options.allowFailure) fail(`git ${args[0]} failed (${firstLine(result.stderr)})`, 'Check the repository with `git status`; nothing of it was changed by xpost.');
    return result.code === 0 ? result.stdout : '';
  }

  /** git itself, never a shell (Windows runners too), never prompting for credentials, in English so its answers can be read. */
  private run(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<GitResult> {
    const env = { ...this.options.env, ...options.env, GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never', LC_ALL: 'C', LANGUAGE: 'C' };
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, { cwd: this.location?.top ?? this.options.cwd, env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], windowsHide: true });
      let stdout = '';
      let stderr = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'ENOENT' ? new XpostError('STATE_SYNC', '--commit-state needs git, and git is not on PATH', { hint: 'Install git, or drop --commit-state.' }) : error),
      );
      child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr: withoutCredentials(stderr) }));
      // git exits without reading its input on some failures: a closed pipe is its answer, not an error of ours.
      child.stdin?.on('error', () => undefined).end(options.input);
    });
  }
}

function fail(message: string, hint: string): never {
  throw new XpostError('STATE_SYNC', `--commit-state: ${message}`, { hint });
}

/** A dropped create's record goes back to what the common base had; the other run's record takes its place in the merge. */
function putBack(ours: StateFile, base: StateFile, key: string, platform: string): void {
  const before = base.posts[key]?.platforms[platform];
  const post = ours.posts[key];
  if (!post) return;
  if (before) post.platforms[platform] = structuredClone(before);
  else delete post.platforms[platform];
  dropIfEmpty(ours, base, key, platform);
}

/** A record or post that holds nothing and did not exist before goes, so the merged file is what it would have been without this run. */
function dropIfEmpty(state: StateFile, base: StateFile, key: string, platform: string): void {
  const post = state.posts[key];
  if (!post) return;
  const record = post.platforms[platform];
  if (record && Object.keys(record).length === 0 && !base.posts[key]?.platforms[platform]) delete post.platforms[platform];
  if (Object.keys(post.platforms).length === 0 && !base.posts[key]) delete state.posts[key];
}

/** The state exactly as its file says it: no undefined fields, so equal states compare equal. */
function plainJson(state: StateFile): StateFile {
  return JSON.parse(serialiseState(state)) as StateFile;
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line && !/^remote: *$/.test(line)) ?? 'no message'
  );
}

/** A remote URL may carry a token (https://user:token@host/...): git's messages never pass it on. */
function withoutCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@');
}

/**
 * A GitHub Actions runner, simulated closely enough to run the workflow `xpost init` writes: the
 * workflow file is read from the commit the event ran at, each job's `if:` is evaluated, `uses:`
 * steps are emulated (actions/checkout makes the checkout the way its v7 source does, setup-node
 * is taken as done), and every `run:` step runs in bash the way the runner runs it
 * (`bash --noprofile --norc -eo pipefail`), with `${{ }}` expressions evaluated and GitHub's
 * variables set. The network is the local platform emulation (XPOST_*_API_URL) and the bare origin;
 * npm runs offline, so `npx --package=<tarball>` can only use the tarball it is given.
 */
import { spawn } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { git, gitEnv } from './git.js';

export type EventName = 'push' | 'pull_request' | 'schedule' | 'workflow_dispatch';

export interface GitHubEvent {
  name: EventName;
  /** GITHUB_REF: refs/heads/main, refs/pull/1/merge. */
  ref: string;
  /** GITHUB_SHA: the commit the event ran at (a pull request's merge commit). */
  sha: string;
  /** The webhook payload: before/after/forced of a push, pull_request.base.sha, repository. */
  payload: Record<string, unknown>;
}

export interface RunnerOptions {
  /** The bare repository standing in for github.com. */
  origin: string;
  /** Repository secrets, for `${{ secrets.NAME }}`. */
  secrets: Record<string, string>;
  /** What the runner machine adds to every step: where the platforms are (the emulation). */
  machineEnv: Record<string, string>;
  /** npm's cache, shared by the runs of a test file (offline: only what the tarball brings). */
  npmCache: string;
  /** A folder for this run's workspace, home and temporary files. */
  workRoot: string;
  /** Moves the clock of every Node process in the steps (a run days later). */
  clockOffsetMs?: number;
  /** Changes the workflow text before it runs (a user's edit, such as dropping the checkout's `ref:`). */
  editWorkflow?: (text: string) => string;
  runId?: number;
}

export interface StepOutcome {
  name: string;
  code: number;
  stdout: string;
  stderr: string;
}

export interface JobOutcome {
  conclusion: 'success' | 'failure' | 'skipped';
  steps: StepOutcome[];
  /** What the steps appended to GITHUB_STEP_SUMMARY. */
  summary: string;
  workspace: string;
}

interface WorkflowStep {
  name?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  run?: string;
}

interface WorkflowJob {
  if?: string;
  steps: WorkflowStep[];
  env?: Record<string, unknown>;
}

interface Workflow {
  env?: Record<string, unknown>;
  jobs: Record<string, WorkflowJob>;
}

export const WORKFLOW_PATH = '.github/workflows/xpost.yml';
const REPOSITORY = 'someone/blog';

/** Runs every job of the workflow for one event; jobs whose `if:` is false are skipped. */
export async function runWorkflow(event: GitHubEvent, options: RunnerOptions): Promise<Record<string, JobOutcome>> {
  const text = await git(options.origin, 'show', `${event.sha}:${WORKFLOW_PATH}`);
  const workflow = parse(options.editWorkflow ? options.editWorkflow(text) : text) as Workflow;
  const outcomes: Record<string, JobOutcome> = {};
  for (const [name, job] of Object.entries(workflow.jobs)) {
    const contexts = expressionContexts(event, options);
    if (job.if !== undefined && !truthy(evaluate(stripBraces(job.if), contexts))) {
      outcomes[name] = { conclusion: 'skipped', steps: [], summary: '', workspace: '' };
      continue;
    }
    outcomes[name] = await runJob(name, job, workflow, event, options, contexts);
  }
  return outcomes;
}

async function runJob(name: string, job: WorkflowJob, workflow: Workflow, event: GitHubEvent, options: RunnerOptions, contexts: Contexts): Promise<JobOutcome> {
  const root = await mkdtemp(path.join(options.workRoot, `${name}-`));
  const workspace = path.join(root, 'workspace');
  const home = path.join(root, 'home');
  const temp = path.join(root, 'temp');
  await Promise.all([workspace, home, temp].map((dir) => mkdir(dir, { recursive: true })));
  const eventPath = path.join(temp, 'event.json');
  await writeFile(eventPath, JSON.stringify(event.payload));
  const summaryFile = path.join(temp, 'step-summary.md');
  const refName = event.ref.replace(/^refs\/(heads|tags|pull)\//, '');
  const runnerEnv: Record<string, string> = {
    ...gitEnv(home),
    HOME: home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REF: event.ref,
    GITHUB_REF_NAME: refName,
    GITHUB_REF_TYPE: 'branch',
    GITHUB_SHA: event.sha,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_RUN_ID: String(options.runId ?? 1),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: temp,
    npm_config_cache: options.npmCache,
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    ...options.machineEnv,
  };
  if (options.clockOffsetMs) {
    const shift = path.join(temp, 'shift-clock.mjs');
    await writeFile(shift, shiftedClockModule(options.clockOffsetMs));
    runnerEnv['NODE_OPTIONS'] = `--import=${pathToImport(shift)}`;
  }
  const steps: StepOutcome[] = [];
  for (const [index, step] of job.steps.entries()) {
    const label = step.name ?? step.uses ?? `step ${index + 1}`;
    let outcome: StepOutcome;
    if (step.uses?.startsWith('actions/checkout@')) outcome = await checkout(label, step, event, options, contexts, workspace, home);
    else if (step.uses?.startsWith('actions/setup-node@')) outcome = { name: label, code: 0, stdout: `(node ${process.version} is already on PATH)`, stderr: '' };
    else if (step.run !== undefined) {
      const env = { ...runnerEnv, ...evaluateMap(workflow.env, contexts), ...evaluateMap(job.env, contexts), ...evaluateMap(step.env, contexts) };
      outcome = await runScript(label, step.run, env, workspace, temp, index);
    } else throw new Error(`the simulated runner cannot run "${label}" (${step.uses ?? 'no run:'})`);
    steps.push(outcome);
    if (outcome.code !== 0) break;
  }
  const summary = await readFile(summaryFile, 'utf8').catch(() => '');
  const conclusion = steps.every((step) => step.code === 0) ? 'success' : 'failure';
  return { conclusion, steps, summary, workspace };
}

/**
 * actions/checkout (v7, src/git-source-provider.ts and ref-helper.ts): init, add origin, fetch every
 * branch (fetch-depth: 0), and when the triggering commit is not the branch's tip any more, fetch
 * that commit into the remote-tracking branch; then `checkout --force -B <branch> <start point>`.
 * With `ref: <branch>` there is no commit to pin: the start point is the branch tip as fetched.
 */
async function checkout(label: string, step: WorkflowStep, event: GitHubEvent, options: RunnerOptions, contexts: Contexts, workspace: string, home: string): Promise<StepOutcome> {
  const inputs = evaluateMap(step.with as Record<string, unknown> | undefined, contexts);
  if (inputs['fetch-depth'] !== '0') throw new Error('the simulated checkout supports fetch-depth: 0 only');
  const run = (...args: string[]) => gitIn(workspace, home, args);
  await run('init', '--quiet');
  await run('remote', 'add', 'origin', options.origin);
  await run('config', '--local', 'gc.auto', '0');
  const explicitRef = inputs['ref'] ?? '';
  const ref = explicitRef || event.ref;
  const commit = explicitRef ? '' : event.sha;
  await run('fetch', '--quiet', '--prune', '--no-recurse-submodules', 'origin', '+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*');
  if (ref.startsWith('refs/pull/')) {
    const tracking = `refs/remotes/pull/${ref.slice('refs/pull/'.length)}`;
    await run('fetch', '--quiet', 'origin', `+${commit || ref}:${tracking}`);
    await run('checkout', '--quiet', '--force', tracking);
  } else {
    const branch = ref.replace(/^refs\/heads\//, '');
    const tracking = `refs/remotes/origin/${branch}`;
    if (commit && (await run('rev-parse', tracking)).trim() !== commit) await run('fetch', '--quiet', 'origin', `+${commit}:${tracking}`);
    await run('checkout', '--quiet', '--force', '-B', branch, tracking);
  }
  return { name: label, code: 0, stdout: await run('log', '-1', '--format=%H %s'), stderr: '' };
}

async function gitIn(cwd: string, home: string, args: string[]): Promise<string> {
  const result = await spawnCollect('git', args, { cwd, env: gitEnv(home) });
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** A `run:` step: the script in a file, run by bash as the runner does on Linux. */
async function runScript(label: string, script: string, env: Record<string, string>, workspace: string, temp: string, index: number): Promise<StepOutcome> {
  const file = path.join(temp, `step-${index}.sh`);
  await writeFile(file, script);
  const summaryFile = env['GITHUB_STEP_SUMMARY']!;
  await appendFile(summaryFile, '');
  const result = await spawnCollect('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], { cwd: workspace, env });
  return { name: label, ...result };
}

function spawnCollect(command: string, args: string[], options: { cwd: string; env: Record<string, string> }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** A module for --import that moves Date forward: the run happens that much later. */
function shiftedClockModule(offsetMs: number): string {
  return `const RealDate = Date;
const offset = ${offsetMs};
class ShiftedDate extends RealDate {
  constructor(...args) { super(...(args.length === 0 ? [RealDate.now() + offset] : args)); }
  static now() { return RealDate.now() + offset; }
}
globalThis.Date = ShiftedDate;
`;
}

function pathToImport(file: string): string {
  return `file://${file.split(path.sep).join('/')}`;
}

// ─── GitHub's expression language, the part workflows like ours use ────────────────────────────

type Value = string | number | boolean | null | Record<string, unknown> | unknown[];
interface Contexts {
  [name: string]: Value;
}

function expressionContexts(event: GitHubEvent, options: RunnerOptions): Contexts {
  return {
    github: {
      event_name: event.name,
      event: event.payload,
      ref: event.ref,
      ref_name: event.ref.replace(/^refs\/(heads|tags|pull)\//, ''),
      sha: event.sha,
      repository: REPOSITORY,
      workspace: '',
    },
    secrets: options.secrets,
    vars: {},
    env: {},
    runner: { os: 'Linux' },
  };
}

function stripBraces(text: string): string {
  const trimmed = text.trim();
  return trimmed.startsWith('${{') && trimmed.endsWith('}}') ? trimmed.slice(3, -2) : trimmed;
}

/** Each value with its `${{ }}` expressions replaced by their values, as GitHub does for env: and with:. */
function evaluateMap(map: Record<string, unknown> | undefined, contexts: Contexts): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(map ?? {})) {
    result[key] = String(value).replace(/\$\{\{([\s\S]*?)\}\}/g, (_match, expression: string) => asString(evaluate(expression, contexts)));
  }
  return result;
}

function asString(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function truthy(value: Value): boolean {
  return !(value === false || value === null || value === 0 || value === '' || Number.isNaN(value));
}

type Token = { kind: 'string' | 'number' | 'ident' | 'op'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:'((?:[^']|'')*)'|(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_-]*)|(==|!=|&&|\|\||[!().,[\]]))/y;
  let index = 0;
  while (index < source.length) {
    if (/^\s*$/.test(source.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(source);
    if (!match) throw new Error(`cannot read the expression at "${source.slice(index)}"`);
    index = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: 'string', text: match[1].replace(/''/g, "'") });
    else if (match[2] !== undefined) tokens.push({ kind: 'number', text: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: 'ident', text: match[3] });
    else tokens.push({ kind: 'op', text: match[4]! });
  }
  return tokens;
}

/** Evaluates `a || b`, `a && b`, `!a`, `a == b`, `a != b`, property access, literals and format(). */
function evaluate(source: string, contexts: Contexts): Value {
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const take = (text?: string): Token => {
    const token = tokens[position];
    if (!token || (text !== undefined && token.text !== text)) throw new Error(`expected ${text ?? 'more'} in "${source}"`);
    position += 1;
    return token;
  };
  const or = (): Value => {
    let left = and();
    while (peek()?.text === '||') {
      take();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const and = (): Value => {
    let left = equality();
    while (peek()?.text === '&&') {
      take();
      const right = equality();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const equality = (): Value => {
    let left = unary();
    while (peek()?.text === '==' || peek()?.text === '!=') {
      const operator = take().text;
      const right = unary();
      left = looselyEqual(left, right) === (operator === '==');
    }
    return left;
  };
  const unary = (): Value => {
    if (peek()?.text === '!') {
      take();
      return !truthy(unary());
    }
    return primary();
  };
  const primary = (): Value => {
    const token = take();
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.text === '(') {
      const value = or();
      take(')');
      return value;
    }
    if (token.kind !== 'ident') throw new Error(`unexpected "${token.text}" in "${source}"`);
    if (token.text === 'true' || token.text === 'false') return token.text === 'true';
    if (token.text === 'null') return null;
    if (peek()?.text === '(') return call(token.text);
    let value: Value = contexts[token.text] ?? null;
    while (peek()?.text === '.' || peek()?.text === '[') {
      let key: string;
      if (take().text === '.') key = take().text;
      else {
        key = asString(or());
        take(']');
      }
      value = value !== null && typeof value === 'object' && !Array.isArray(value) ? ((value as Record<string, Value>)[key] ?? null) : null;
    }
    return value;
  };
  const call = (name: string): Value => {
    take('(');
    const args: Value[] = [];
    while (peek()?.text !== ')') {
      args.push(or());
      if (peek()?.text === ',') take(',');
    }
    take(')');
    if (name === 'format') return asString(args[0] ?? '').replace(/\{(\d+)\}/g, (_match, index: string) => asString(args[Number(index) + 1] ?? ''));
    throw new Error(`the simulated runner has no function ${name}()`);
  };
  const value = or();
  if (position !== tokens.length) throw new Error(`unexpected "${tokens[position]?.text}" in "${source}"`);
  return value;
}

/** GitHub compares strings case-insensitively and otherwise converts both sides to numbers. */
function looselyEqual(left: Value, right: Value): boolean {
  if (typeof left === 'string' && typeof right === 'string') return left.toLowerCase() === right.toLowerCase();
  if (typeof left === typeof right || left === null || right === null) return left === right;
  const number = (value: Value) => (value === null ? 0 : typeof value === 'boolean' ? Number(value) : typeof value === 'string' ? (value.trim() === '' ? 0 : Number(value)) : Number.NaN);
  return number(left) === number(right);
}

export const testing = { evaluate, evaluateMap };

/**
 * Runs the built CLI (bin/xpost.cjs → dist/) as a child process, the way a user runs it. Spawning is
 * asynchronous on purpose: the emulation server lives in the test process and must keep answering.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlatformServer } from './platform-server.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const XPOST_BIN = path.join(REPO_ROOT, 'bin', 'xpost.cjs');
/** One code cache folder for every run of the suite, outside the test folders (which are often git repositories whose status is checked). */
export const E2E_CACHE_HOME = path.join(os.tmpdir(), 'xpost-e2e-cache');

export interface CliResult {
  /** null when the process was ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when runCli killed it for running longer than timeoutMs. */
  timedOut: boolean;
}

export interface RunCliOptions {
  cwd: string;
  /** The child's whole environment besides PATH, HOME, XDG_CACHE_HOME and NO_COLOR: nothing else is inherited. */
  env?: Record<string, string | undefined>;
  /** SIGKILL after this long (default 15 s) so a hung CLI fails the test instead of stalling it. */
  timeoutMs?: number;
}

export interface RunningCli {
  child: ChildProcess;
  result: Promise<CliResult>;
}

/** Starts the CLI and hands back the process (to send signals, e.g. SIGKILL mid-publish) and its result. */
export function startCli(args: string[], options: RunCliOptions): RunningCli {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    // HOME points into the test directory so no real user config or credentials can be picked up.
    HOME: options.cwd,
    XDG_CACHE_HOME: E2E_CACHE_HOME,
    NO_COLOR: '1',
  };
  for (const [name, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[name] = value;

  const child = spawn(process.execPath, [XPOST_BIN, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const result = new Promise<CliResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 15_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
  return { child, result };
}

export function runCli(args: string[], options: RunCliOptions): Promise<CliResult> {
  return startCli(args, options).result;
}

/**
 * What xpost needs to talk to the emulation server: every platform origin pointed at it, the
 * credentials it accepts, a short timeout and fast retries. Pass `credentials: false` for none.
 */
export function xpostEnv(server: PlatformServer, options: { credentials?: boolean } = {}): Record<string, string> {
  const env: Record<string, string> = {
    XPOST_DEVTO_API_URL: server.origin,
    XPOST_HASHNODE_API_URL: server.origin,
    XPOST_MEDIUM_API_URL: server.origin,
    XPOST_LINKEDIN_API_URL: server.origin,
    XPOST_BLUESKY_API_URL: server.origin,
    XPOST_MASTODON_API_URL: server.origin,
    XPOST_TIMEOUT_MS: '5000',
    XPOST_RETRY_MAX_ATTEMPTS: '3',
    XPOST_RETRY_BASE_MS: '10',
    XPOST_RETRY_MAX_WAIT_MS: '2000',
  };
  if (options.credentials === false) return env;
  return {
    ...env,
    DEVTO_API_KEY: server.devto.apiKey,
    HASHNODE_TOKEN: server.hashnode.token,
    HASHNODE_PUBLICATION_ID: server.hashnode.publicationId,
    MEDIUM_TOKEN: server.medium.token,
    LINKEDIN_ACCESS_TOKEN: server.linkedin.token,
    BLUESKY_HANDLE: server.bluesky.accountHandle,
    BLUESKY_APP_PASSWORD: server.bluesky.appPassword,
    MASTODON_INSTANCE_URL: server.origin,
    MASTODON_ACCESS_TOKEN: server.mastodon.token,
  };
}

export interface PostSpec {
  /** Front matter fields; written as JSON values, which YAML reads unchanged. */
  frontMatter: Record<string, unknown>;
  body: string;
}

export function postMarkdown(spec: PostSpec): string {
  const lines = Object.entries(spec.frontMatter).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  return `---\n${lines.join('\n')}\n---\n\n${spec.body.replace(/\n*$/, '\n')}`;
}

/** A throwaway working directory holding one post; state goes to .xpost/state.json inside it. */
export interface Workspace {
  dir: string;
  /** The post's path relative to dir, as passed to `xpost publish`. */
  postFile: string;
  statePath: string;
  writePost(spec: PostSpec): Promise<void>;
  writeFile(relativePath: string, text: string): Promise<void>;
  readFile(relativePath: string): Promise<string>;
  /** The state file text, or undefined when there is none. */
  readStateText(): Promise<string | undefined>;
  readState(): Promise<StateSnapshot | undefined>;
  remove(): Promise<void>;
}

/** The parts of the state file the tests read (src/config/state-schema.ts owns the full shape). */
export interface StateSnapshot {
  version: number;
  posts: Record<string, { file?: string; platforms: Record<string, StateRecord> }>;
  accounts: Record<string, Record<string, string>>;
}

export interface StateRecord {
  id?: string;
  url?: string;
  contentHash?: string;
  publishedAt?: string;
  updatedAt?: string;
  meta?: Record<string, string>;
  pendingCreate?: { contentHash: string; startedAt: string };
  lastError?: { code: string; message: string; at: string };
}

export async function makeWorkspace(post: PostSpec, postFile = 'posts/hello.md'): Promise<Workspace> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xpost-e2e-'));
  const resolve = (relativePath: string): string => path.join(dir, relativePath);
  const workspace: Workspace = {
    dir,
    postFile,
    statePath: resolve(path.join('.xpost', 'state.json')),
    writePost: (spec) => workspace.writeFile(postFile, postMarkdown(spec)),
    writeFile: async (relativePath, text) => {
      await mkdir(path.dirname(resolve(relativePath)), { recursive: true });
      await writeFile(resolve(relativePath), text, 'utf8');
    },
    readFile: (relativePath) => readFile(resolve(relativePath), 'utf8'),
    readStateText: async () => {
      try {
        return await readFile(workspace.statePath, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    readState: async () => {
      const text = await workspace.readStateText();
      return text === undefined ? undefined : (JSON.parse(text) as StateSnapshot);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  await workspace.writePost(post);
  return workspace;
}

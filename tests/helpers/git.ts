/**
 * Temporary git repositories for the tests: a bare origin, clones of it, commits, and hooks. git
 * runs with no user or system config (HOME points into the test folder), so only what a test sets
 * up counts, the way a fresh runner has no git identity.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The environment git and xpost run with in these repositories. */
export function gitEnv(home: string): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '', HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };
}

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: gitEnv(cwd), maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** The same, for a command expected to fail: its exit code and stderr. */
export async function gitFailing(cwd: string, ...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await run('git', args, { cwd, env: gitEnv(cwd) });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
  }
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [relative, text] of Object.entries(files)) {
    const target = path.join(dir, ...relative.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text, 'utf8');
  }
}

/** Lets a clone commit: an identity of its own and no signing. */
export async function configureAuthor(repo: string, name = 'xpost tests'): Promise<void> {
  await git(repo, 'config', 'user.name', name);
  await git(repo, 'config', 'user.email', 'xpost-tests@example.com');
  await git(repo, 'config', 'commit.gpgsign', 'false');
}

/** A bare repository at `bare` whose `main` holds `files` in one commit. */
export async function createOrigin(bare: string, seed: string, files: Record<string, string>): Promise<void> {
  await git(path.dirname(bare), 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  await git(path.dirname(seed), 'init', '--quiet', '--initial-branch=main', seed);
  await configureAuthor(seed, 'blog author');
  await writeFiles(seed, files);
  await git(seed, 'add', '--all');
  await git(seed, 'commit', '--quiet', '-m', 'Start the blog');
  await git(seed, 'remote', 'add', 'origin', bare);
  await git(seed, 'push', '--quiet', 'origin', 'main');
}

/** Commits `files` in `repo` and pushes them to its origin's main. */
export async function commitAndPush(repo: string, files: Record<string, string>, message: string): Promise<string> {
  await writeFiles(repo, files);
  await git(repo, 'add', '--all');
  await git(repo, 'commit', '--quiet', '-m', message);
  await git(repo, 'push', '--quiet', 'origin', 'HEAD:main');
  return (await git(repo, 'rev-parse', 'HEAD')).trim();
}

/** Installs a hook script (sh) in a repository's hooks folder. */
export async function installHook(gitDir: string, name: string, script: string): Promise<void> {
  const hook = path.join(gitDir, 'hooks', name);
  await mkdir(path.dirname(hook), { recursive: true });
  await writeFile(hook, `#!/bin/sh\n${script}\n`, 'utf8');
  await chmod(hook, 0o755);
}

/** What a branch holds on the remote: its commits' subjects, newest first, and a file's text at its tip. */
export async function remoteLog(bare: string, branch = 'main'): Promise<string[]> {
  return (await git(bare, 'log', '--format=%s', branch)).split('\n').filter(Boolean);
}

export async function remoteFile(bare: string, file: string, branch = 'main'): Promise<string> {
  return git(bare, 'show', `${branch}:${file}`);
}

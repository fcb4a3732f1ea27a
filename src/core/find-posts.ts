import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { XpostError } from '../errors/xpost-error.js';

const POST_EXTENSIONS = ['md', 'markdown'];
const IGNORED = ['**/node_modules/**', '**/.git/**', '**/.xpost/**'];

/** The posts a run is about, and whether each was named by the user or found in a folder or glob. */
export interface PostFiles {
  /** Relative to cwd, sorted, without duplicates. */
  files: string[];
  /** Files the user named one by one: problems in them are errors, not "not a post, skipped". */
  named: Set<string>;
  problems: XpostError[];
}

/** Expands files, folders (every Markdown file below) and globs ('content/**\/*.md'). */
export async function findPostFiles(inputs: string[], cwd: string): Promise<PostFiles> {
  const files = new Set<string>();
  const named = new Set<string>();
  const problems: XpostError[] = [];
  for (const input of inputs) {
    const tinyglobby = GLOB_CHARACTERS.test(input) ? await import('tinyglobby') : undefined;
    if (tinyglobby?.isDynamicPattern(input)) {
      const matches = await tinyglobby.glob(input, { cwd, ignore: IGNORED, onlyFiles: true });
      if (matches.length === 0) {
        problems.push(new XpostError('FILE_NOT_FOUND', `${input}: the pattern matches no file`, { hint: 'Check the pattern; quote it so your shell does not expand it first.' }));
      }
      for (const match of matches) files.add(path.normalize(match));
      continue;
    }
    const isDirectory = await stat(path.resolve(cwd, input)).then((info) => info.isDirectory(), () => false);
    if (!isDirectory) {
      // Missing files are reported by loadPost, with the rest of that file's problems.
      const file = path.normalize(input);
      files.add(file);
      named.add(file);
      continue;
    }
    const pattern = `${toGlobPath(input)}/**/*.{${POST_EXTENSIONS.join(',')}}`;
    const { glob } = await import('tinyglobby');
    const matches = await glob(pattern, { cwd, ignore: IGNORED, onlyFiles: true });
    if (matches.length === 0) {
      problems.push(new XpostError('FILE_NOT_FOUND', `${input}: the folder has no Markdown posts`, { hint: 'Posts are .md or .markdown files.' }));
    }
    for (const match of matches) files.add(path.normalize(match));
  }
  return { files: [...files].sort(), named, problems };
}

/** Characters without which a path cannot be a glob: plain file paths never load the glob library. */
const GLOB_CHARACTERS = /[*?[\]{}()!+@]/;

function toGlobPath(folder: string): string {
  return folder.split(path.sep).join('/').replace(/\/+$/, '');
}

const run = promisify(execFile);

/** Files changed since a git ref (committed, staged or not) plus untracked ones, relative to cwd. */
export async function filesChangedSince(ref: string, cwd: string): Promise<Set<string>> {
  const git = async (args: string[]): Promise<string[]> => {
    try {
      const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
      return stdout.split('\n').filter(Boolean);
    } catch (error) {
      const detail = (error as { stderr?: string }).stderr?.trim().split('\n')[0] ?? (error as Error).message;
      throw new XpostError('USAGE', `--changed-since ${ref}: git could not compare (${detail})`, {
        hint: 'Run inside a git repository with that ref fetched (in CI: actions/checkout with fetch-depth: 0).',
      });
    }
  };
  const [top] = await git(['rev-parse', '--show-toplevel']);
  const changed = await git(['diff', '--name-only', '--diff-filter=ACMR', ref, '--']);
  const untracked = await git(['ls-files', '--others', '--exclude-standard']);
  const root = top ?? cwd;
  const untrackedRoot = path.resolve(cwd);
  return new Set([
    ...changed.map((file) => path.normalize(path.relative(cwd, path.join(root, file)))),
    ...untracked.map((file) => path.normalize(path.relative(cwd, path.join(untrackedRoot, file)))),
  ]);
}

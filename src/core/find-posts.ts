import { execFile } from 'node:child_process';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { XpostError } from '../errors/xpost-error.js';

const POST_EXTENSIONS = ['md', 'markdown', 'mdx'];
const IGNORED = ['**/node_modules/**', '**/.git/**', '**/.xpost/**'];

/** One folder or glob the user gave and the files it matched. */
export interface PostFileGroup {
  input: string;
  files: string[];
}

/** The posts a run is about, and whether each was named by the user or found in a folder or glob. */
export interface PostFiles {
  /** Relative to cwd, sorted, without duplicates (a file reached twice through links is listed once). */
  files: string[];
  /** Files the user named one by one: problems in them are errors, not "not a post, skipped". */
  named: Set<string>;
  /** Each folder and glob with its files, so a folder in which nothing is a post can be reported. */
  groups: PostFileGroup[];
  problems: XpostError[];
}

/** Expands files, folders (every .md, .markdown and .mdx file below) and globs ('content/**\/*.md'). */
export async function findPostFiles(inputs: string[], cwd: string): Promise<PostFiles> {
  const files = new Set<string>();
  const named = new Set<string>();
  const groups: PostFileGroup[] = [];
  const problems: XpostError[] = [];
  const seen = new Map<string, string>();
  /** The first path a real file is reached by stands for it; a symlinked folder never makes a second copy. */
  const add = async (file: string): Promise<string> => {
    const real = await realpath(path.resolve(cwd, file)).catch(() => path.resolve(cwd, file));
    const first = seen.get(real);
    if (first !== undefined) return first;
    seen.set(real, file);
    files.add(file);
    return file;
  };

  for (const input of inputs) {
    const tinyglobby = GLOB_CHARACTERS.test(input) ? await import('tinyglobby') : undefined;
    if (tinyglobby?.isDynamicPattern(input)) {
      const matches = await tinyglobby.glob(input, { cwd, ignore: IGNORED, onlyFiles: true });
      if (matches.length === 0) {
        problems.push(new XpostError('FILE_NOT_FOUND', `${input}: the pattern matches no file`, { hint: 'Check the pattern; quote it so your shell does not expand it first.' }));
      }
      groups.push({ input, files: await addAll(matches.map((match) => path.normalize(match)).sort(), add) });
      continue;
    }
    const isDirectory = await stat(path.resolve(cwd, input)).then((info) => info.isDirectory(), () => false);
    if (!isDirectory) {
      // Missing files are reported by loadPost, with the rest of that file's problems.
      named.add(await add(path.normalize(input)));
      continue;
    }
    const pattern = `${toGlobPath(input)}/**/*.{${POST_EXTENSIONS.join(',')}}`;
    const { glob } = await import('tinyglobby');
    const matches = await glob(pattern, { cwd, ignore: IGNORED, onlyFiles: true });
    if (matches.length === 0) {
      problems.push(new XpostError('FILE_NOT_FOUND', `${input}: the folder has no Markdown posts`, { hint: 'Posts are .md, .markdown or .mdx files.' }));
    }
    groups.push({ input, files: await addAll(matches.map((match) => path.normalize(match)).sort(), add) });
  }
  return { files: [...files].sort(), named, groups, problems };
}

async function addAll(matches: string[], add: (file: string) => Promise<string>): Promise<string[]> {
  const added: string[] = [];
  for (const match of matches) added.push(await add(match));
  return [...new Set(added)];
}

/** Characters without which a path cannot be a glob: plain file paths never load the glob library. */
const GLOB_CHARACTERS = /[*?[\]{}()!+@]/;

function toGlobPath(folder: string): string {
  return folder.split(path.sep).join('/').replace(/\/+$/, '');
}

const run = promisify(execFile);

/** Files changed since a git ref (committed, staged or not) plus untracked ones, relative to cwd. */
export async function filesChangedSince(ref: string, cwd: string): Promise<Set<string>> {
  // A value such as --output=FILE must never reach git as an option.
  if (ref.trim().startsWith('-') || ref.trim() === '') {
    throw new XpostError('USAGE', `--changed-since "${ref}" is not a git ref`, { hint: 'Give a branch, tag or commit, e.g. --changed-since origin/main or --changed-since HEAD~1.' });
  }
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
  const changed = await git(['diff', '--name-only', '--diff-filter=ACMR', '--end-of-options', ref, '--']);
  const untracked = await git(['ls-files', '--others', '--exclude-standard']);
  const root = top ?? cwd;
  const untrackedRoot = path.resolve(cwd);
  return new Set([
    ...changed.map((file) => path.normalize(path.relative(cwd, path.join(root, file)))),
    ...untracked.map((file) => path.normalize(path.relative(cwd, path.join(untrackedRoot, file)))),
  ]);
}

import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
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
  const problems: XpostError[] = [];
  const namedPaths: string[] = [];
  const found: PostFileGroup[] = [];
  for (const input of inputs) {
    const tinyglobby = GLOB_CHARACTERS.test(input) ? await import('tinyglobby') : undefined;
    if (tinyglobby?.isDynamicPattern(input)) {
      const matches = await tinyglobby.glob(input, { cwd, ignore: IGNORED, onlyFiles: true });
      if (matches.length === 0) {
        problems.push(new XpostError('FILE_NOT_FOUND', `${input}: the pattern matches no file`, { hint: 'Check the pattern; quote it so your shell does not expand it first.' }));
      }
      found.push({ input, files: matches.map((match) => path.normalize(match)).sort() });
      continue;
    }
    const isDirectory = await stat(path.resolve(cwd, input)).then((info) => info.isDirectory(), () => false);
    if (!isDirectory) {
      // Missing files are reported by loadPost, with the rest of that file's problems.
      namedPaths.push(path.normalize(input));
      continue;
    }
    const pattern = `${toGlobPath(input)}/**/*.{${POST_EXTENSIONS.join(',')}}`;
    const { glob } = await import('tinyglobby');
    const matches = await glob(pattern, { cwd, ignore: IGNORED, onlyFiles: true });
    if (matches.length === 0) {
      problems.push(new XpostError('FILE_NOT_FOUND', `${input}: the folder has no Markdown posts`, { hint: 'Posts are .md, .markdown or .mdx files.' }));
    }
    found.push({ input, files: matches.map((match) => path.normalize(match)).sort() });
  }

  const representative = representatives([...namedPaths, ...found.flatMap((group) => group.files)], cwd);
  const pick = (file: string) => representative.get(file) ?? file;
  const groups = found.map((group) => ({ input: group.input, files: [...new Set(group.files.map(pick))] }));
  const named = new Set(namedPaths.map(pick));
  const files = new Set([...named, ...groups.flatMap((group) => group.files)]);
  return { files: [...files].sort(), named, groups, problems };
}

/**
 * One path per real file: a file reached through a symlinked folder as well as directly is kept
 * under its own path (else under the first path found), so it is loaded, and published, once.
 */
function representatives(paths: string[], cwd: string): Map<string, string> {
  const unique = [...new Set(paths)];
  // One synchronous call per file: a thousand promised ones cost the event loop several times more.
  const reals = unique.map((file) => {
    try {
      return realpathSync.native(path.resolve(cwd, file));
    } catch {
      return path.resolve(cwd, file);
    }
  });
  const byReal = new Map<string, string[]>();
  for (const [index, file] of unique.entries()) byReal.set(reals[index]!, [...(byReal.get(reals[index]!) ?? []), file]);
  const chosen = new Map<string, string>();
  for (const [real, files] of byReal) {
    const direct = files.find((file) => path.resolve(cwd, file) === real) ?? files[0]!;
    for (const file of files) chosen.set(file, direct);
  }
  return chosen;
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

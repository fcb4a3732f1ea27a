import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import type { z } from '../config/zod.js';
import { frontMatterSchema, type FrontMatter } from '../config/front-matter.js';
import { XpostError } from '../errors/xpost-error.js';

/** One Markdown post as written by the author: validated front matter and the body without it. */
export interface Post {
  /** Absolute path of the source file. */
  file: string;
  /** The path as the user sees it (relative to the working directory). */
  displayPath: string;
  frontMatter: FrontMatter;
  /** Markdown body with front matter removed, BOM stripped and LF line endings. */
  body: string;
  /** 1-based line in the file where the body starts, so body line numbers can be reported. */
  bodyStartLine: number;
  /** The whole file as read (BOM stripped, LF endings): what the source hash covers. */
  source: string;
}

/** `noFrontMatter` marks a Markdown file that is not a post at all (a README, a partial), as opposed to a broken post. */
export type LoadPostResult = { ok: true; post: Post } | { ok: false; problems: XpostError[]; noFrontMatter?: boolean };

const BOM = '\uFEFF';

/** Reads, decodes and validates one post; every problem is returned as data, none is thrown. */
export async function loadPost(file: string, cwd: string): Promise<LoadPostResult> {
  const absolute = path.resolve(cwd, file);
  const displayPath = path.relative(cwd, absolute) || file;
  const fail = (code: XpostError['code'], message: string, hint?: string): LoadPostResult => ({
    ok: false,
    problems: [new XpostError(code, `${displayPath}: ${message}`, { file: displayPath, hint })],
  });

  let bytes: Buffer;
  try {
    const info = await stat(absolute);
    if (info.isDirectory()) return fail('FILE_UNREADABLE', 'is a directory, not a Markdown file', 'Pass the .md file itself, or a glob such as "posts/*.md".');
    bytes = await readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('FILE_NOT_FOUND', 'file not found', 'Check the path; it is resolved from the current directory.');
    return fail('FILE_UNREADABLE', `cannot be read (${code ?? 'unknown error'})`, 'Check the file permissions.');
  }

  const text = decodeUtf8(bytes);
  if (text === undefined) {
    return fail('POST_INVALID', 'is not valid UTF-8 text', 'Save the file as UTF-8 (most editors offer "Save with encoding").');
  }
  return parsePostText(text, absolute, displayPath);
}

/** Splits and validates already-decoded post text; exported for callers that hold the text in memory. */
export function parsePostText(rawText: string, file: string, displayPath: string): LoadPostResult {
  const text = normaliseText(rawText);
  const problem = (message: string, hint?: string): XpostError =>
    new XpostError('POST_INVALID', `${displayPath}: ${message}`, { file: displayPath, hint });

  if (!/^---[ \t]*\n/.test(text)) {
    return {
      ok: false,
      noFrontMatter: true,
      problems: [problem('has no front matter', 'Start the file with a block such as:\n---\ntitle: My post\n---')],
    };
  }

  let parsed: matter.GrayMatterFile<string>;
  try {
    // An empty options object disables gray-matter's cache, which would hide a second parse of the same text.
    parsed = matter(text, {});
  } catch (error) {
    return { ok: false, problems: [yamlProblem(error, displayPath)] };
  }

  const validation = frontMatterSchema.safeParse(parsed.data ?? {});
  const problems = validation.success ? [] : validation.error.issues.map((issue) => fieldProblem(issue, displayPath));

  const body = parsed.content.replace(/^\n+/, '').replace(/\s+$/, '') + '\n';
  if (body.trim().length === 0) {
    problems.push(problem('has no content after the front matter', 'Write the post below the closing ---.'));
  }
  if (!validation.success || problems.length > 0) return { ok: false, problems };

  return {
    ok: true,
    post: {
      file,
      displayPath,
      frontMatter: validation.data,
      body,
      bodyStartLine: countLines(text.slice(0, text.length - parsed.content.length)) + leadingBlankLines(parsed.content),
      source: text,
    },
  };
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function normaliseText(text: string): string {
  const withoutBom = text.startsWith(BOM) ? text.slice(1) : text;
  return withoutBom.replace(/\r\n?/g, '\n');
}

function countLines(text: string): number {
  let lines = 1;
  for (const char of text) if (char === '\n') lines += 1;
  return lines;
}

function leadingBlankLines(text: string): number {
  const match = /^\n*/.exec(text);
  return match ? match[0].length : 0;
}

interface YamlExceptionLike {
  reason?: string;
  mark?: { line?: number; column?: number };
}

function yamlProblem(error: unknown, displayPath: string): XpostError {
  const yaml = error as YamlExceptionLike;
  // js-yaml counts from 0 in the text gray-matter hands it, which starts with the newline ending line 1's `---`.
  const line = typeof yaml.mark?.line === 'number' ? yaml.mark.line + 1 : undefined;
  const where = line === undefined ? '' : ` at line ${line}`;
  const reason = yaml.reason ?? 'it is not valid YAML';
  return new XpostError('POST_INVALID', `${displayPath}${line === undefined ? '' : `:${line}`}: front matter YAML error${where}: ${reason}`, {
    file: displayPath,
    hint: 'Fix the YAML between the --- lines; quote values that contain ": " or start with a special character.',
  });
}

function fieldProblem(issue: z.core.$ZodIssue, displayPath: string): XpostError {
  const field = issue.path.map(String).join('.') || '(front matter)';
  return new XpostError('POST_INVALID', `${displayPath}: front matter field "${field}" ${issue.message}`, {
    file: displayPath,
    hint: 'See "Front matter" in the README for the accepted fields.',
  });
}

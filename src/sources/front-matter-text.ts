import matter from 'gray-matter';
import { parse as parseToml, TomlError } from 'smol-toml';
import { parseYamlText } from '../config/yaml-text.js';
import { calendarDateProblem } from './dates.js';

/** The three front matter dialects site generators write: YAML `---`, TOML `+++` (Hugo) and a leading JSON object (Hugo). */
export type FrontMatterFormat = 'yaml' | 'toml' | 'json';

export type SplitPost =
  | { kind: 'post'; format: FrontMatterFormat; data: Record<string, unknown>; body: string; bodyStartLine: number }
  | { kind: 'none' }
  | { kind: 'invalid'; line: number | undefined; message: string; hint: string };

const DELIMITERS: Record<'yaml' | 'toml', string> = { yaml: '---', toml: '+++' };

/** A parse failure inside a gray-matter engine, carried out with its line in the file. */
class FrontMatterSyntax extends Error {
  constructor(
    readonly line: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Splits normalised post text (LF endings, no BOM) into front matter data and body. gray-matter
 * splits YAML and TOML blocks once the closing line is known to be exactly the delimiter (its own
 * search would also close on `----` or swallow the body of an unclosed block); a leading JSON object
 * is found by scanning for its closing brace.
 */
export function splitFrontMatter(text: string): SplitPost {
  if (text.startsWith('{')) return splitJson(text);
  const format = /^---[ \t]*\n/.test(text) ? 'yaml' : /^\+\+\+[ \t]*\n/.test(text) ? 'toml' : undefined;
  if (!format) return { kind: 'none' };
  const delimiter = DELIMITERS[format];
  const closing = closingLine(text, delimiter);
  if (closing === undefined || closing.text.trimEnd() !== delimiter) {
    const line = closing === undefined ? 1 : closing.line;
    return {
      kind: 'invalid',
      line,
      message: closing === undefined ? `the front matter opened with ${delimiter} on line 1 is never closed` : `line ${line} must be just ${delimiter} to close the front matter`,
      hint: `Close the front matter with a line holding only ${delimiter}.`,
    };
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    // An options object disables gray-matter's cache, which would hide a second parse of the same text.
    parsed = matter(text, { language: format, delimiters: delimiter, engines: { yaml: parseYamlBlock, toml: parseTomlBlock } });
  } catch (error) {
    const syntax = error instanceof FrontMatterSyntax ? error : new FrontMatterSyntax(undefined, error instanceof Error ? error.message : String(error));
    return { kind: 'invalid', line: syntax.line, message: `front matter ${format.toUpperCase()} error${syntax.line ? ` at line ${syntax.line}` : ''}: ${syntax.message}`, hint: HINTS[format] };
  }
  const data = parsed.data;
  if (!isRecord(data)) return { kind: 'invalid', line: 2, message: 'the front matter is not a set of fields (key: value lines)', hint: HINTS[format] };
  const rest = closing.end === text.length ? '' : text.slice(closing.end + 1);
  return { kind: 'post', format, data, body: trimBody(rest), bodyStartLine: closing.line + 1 + leadingBlankLines(rest) };
}

const HINTS: Record<FrontMatterFormat, string> = {
  yaml: 'Fix the YAML between the --- lines; quote values that contain ": " or start with a special character.',
  toml: 'Fix the TOML between the +++ lines; text values need quotes, e.g. title = "My post".',
  json: 'Fix the JSON object at the top of the file; keys and text values need double quotes.',
};

/** gray-matter hands an engine the text after the opening delimiter, starting with that line's newline: line N here is line N of the file. */
function parseYamlBlock(block: string): object {
  const parsed = parseYamlText(block);
  if (!parsed.ok) throw new FrontMatterSyntax(parsed.problem.line, parsed.problem.message);
  return (parsed.data ?? {}) as object;
}

function parseTomlBlock(block: string): object {
  const invalidDate = invalidTomlDate(block);
  if (invalidDate) throw invalidDate;
  try {
    return parseToml(block);
  } catch (error) {
    if (error instanceof TomlError) throw new FrontMatterSyntax(error.line, error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, ''));
    if (error instanceof RangeError) throw new FrontMatterSyntax(undefined, 'nested too deeply');
    throw error;
  }
}

/** The TOML parser rolls 2026-02-30 over to March 2nd, so date values are checked as written. */
function invalidTomlDate(block: string): FrontMatterSyntax | undefined {
  const lines = block.split('\n');
  for (const [index, line] of lines.entries()) {
    const match = /^\s*[A-Za-z0-9_."'-]+\s*=\s*(\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)/.exec(line);
    const problem = match ? calendarDateProblem(match[1]!) : undefined;
    if (problem) return new FrontMatterSyntax(index + 1, problem);
  }
  return undefined;
}

function splitJson(text: string): SplitPost {
  const end = closingBrace(text);
  const invalid = (position: number | undefined, message: string): SplitPost => ({
    kind: 'invalid',
    line: position === undefined ? undefined : lineAt(text, position),
    message: `front matter JSON error: ${message}`,
    hint: HINTS.json,
  });
  if (end === undefined) return invalid(0, 'the object opened with { on line 1 is never closed');
  let data: unknown;
  try {
    data = JSON.parse(text.slice(0, end + 1));
  } catch (error) {
    const { position, message } = jsonErrorOf((error as Error).message, text.slice(0, end + 1));
    return invalid(position, message);
  }
  if (!isRecord(data)) return invalid(0, 'the front matter is not an object');
  const closingLine = lineAt(text, end);
  const rest = text.slice(text.indexOf('\n', end) === -1 ? text.length : text.indexOf('\n', end) + 1);
  if (text.slice(end + 1, text.indexOf('\n', end) === -1 ? text.length : text.indexOf('\n', end)).trim() !== '') {
    return invalid(end + 1, 'text follows the closing } on the same line');
  }
  return { kind: 'post', format: 'json', data, body: trimBody(rest), bodyStartLine: closingLine + 1 + leadingBlankLines(rest) };
}

/**
 * Where JSON.parse failed and why, in words. Newer V8 messages quote a snippet instead of a
 * position; then the position is the shortest prefix of the text that fails for another reason
 * than ending early (every shorter prefix of an object just ends too soon).
 */
function jsonErrorOf(raw: string, json: string): { position: number | undefined; message: string } {
  const token = /^Unexpected token '?(.)'?/.exec(raw);
  const message = token ? `unexpected ${JSON.stringify(token[1])}` : (raw.split(/ in JSON| "|, "/)[0] ?? raw);
  const position = /at position (\d+)/.exec(raw);
  if (position) return { position: Number(position[1]), message };
  let low = 1;
  let high = json.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (failsBeforeItsEnd(json.slice(0, middle))) high = middle;
    else low = middle + 1;
  }
  return { position: low - 1, message };
}

function failsBeforeItsEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    if (position) return Number(position[1]) < prefix.length;
    return !/end of JSON input/.test(message);
  }
}

/** Index of the brace closing the object that starts the text, skipping braces inside strings. */
function closingBrace(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return undefined;
}

/** The first line after line 1 that starts with the delimiter: its 1-based number, its text and the offset of its end. */
function closingLine(text: string, delimiter: string): { line: number; text: string; end: number } | undefined {
  const start = text.indexOf(`\n${delimiter}`);
  if (start === -1) return undefined;
  const lineEnd = text.indexOf('\n', start + 1);
  const end = lineEnd === -1 ? text.length : lineEnd;
  return { line: lineAt(text, start + 1), text: text.slice(start + 1, end), end };
}

function trimBody(rest: string): string {
  const body = rest.replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
  return body.length === 0 ? '' : `${body}\n`;
}

function leadingBlankLines(text: string): number {
  const match = /^(?:[ \t]*\n)*/.exec(text);
  return match ? match[0].split('\n').length - 1 : 0;
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let index = 0; index < position && index < text.length; index += 1) if (text[index] === '\n') line += 1;
  return line;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

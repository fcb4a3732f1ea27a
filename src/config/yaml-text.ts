import { parseDocument } from 'yaml';
import { XpostError } from '../errors/xpost-error.js';

/** Aliases a document may expand: real front matter and configs use a handful; an alias bomb needs thousands. */
export const MAX_YAML_ALIASES = 100;

/** A YAML problem with its 1-based line inside the parsed text, when known. */
export interface YamlProblem {
  line: number | undefined;
  message: string;
}

/**
 * Parses YAML 1.2 (core schema: dates stay text as written) with duplicate keys refused and alias
 * expansion limited. Returns the data or the first problem, never throws.
 */
export function parseYamlText(text: string): { ok: true; data: unknown } | { ok: false; problem: YamlProblem } {
  try {
    const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    const [first] = document.errors;
    if (first) return { ok: false, problem: { line: lineOf(text, first.pos[0]), message: first.message.split('\n')[0] ?? 'invalid YAML' } };
    return { ok: true, data: document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      return { ok: false, problem: { line: undefined, message: `too many aliases (more than ${MAX_YAML_ALIASES} expansions of &anchors)` } };
    }
    if (error instanceof RangeError) return { ok: false, problem: { line: undefined, message: 'nested too deeply' } };
    return { ok: false, problem: { line: undefined, message: error instanceof Error ? error.message : String(error) } };
  }
}

/** The 1-based line of an offset; counted only for an error, as a LineCounter on every parse doubles its time. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line += 1;
  return line;
}

/**
 * Parses a YAML config file, naming the line of a syntax error. A module of its own so it can be
 * imported lazily: the bundler keeps named imports of this CommonJS package only in static imports.
 */
export function parseYamlConfig(text: string, display: string): unknown {
  const parsed = parseYamlText(text);
  if (!parsed.ok) {
    const { line, message } = parsed.problem;
    const where = line === undefined ? '' : `:${line}`;
    throw new XpostError('CONFIG_INVALID', `${display}${where}: YAML error${line === undefined ? '' : ` at line ${line}`}: ${message}`, {
      file: display,
      hint: line === undefined ? 'Simplify the YAML: expand repeated &anchor/*alias values by hand.' : 'Fix the YAML syntax; quote values that contain ": ".',
    });
  }
  return parsed.data ?? {};
}

import jsYaml from 'js-yaml';
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
  const plain = parsePlainYaml(text);
  if (plain) return { ok: true, data: plain.data };
  try {
    // Required on first use: most front matter never needs it (see parsePlainYaml), and parsing is synchronous.
    const { parseDocument } = require('yaml') as typeof import('yaml');
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

/** YAML 1.2's core schema for js-yaml, resolving plain scalars exactly as the yaml package does: null, booleans, ints (decimal, 0o, 0x), floats. */
const CORE_SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    new jsYaml.Type('tag:yaml.org,2002:null', { kind: 'scalar', resolve: (text: string) => /^(?:~|[Nn]ull|NULL)?$/.test(text), construct: () => null }),
    new jsYaml.Type('tag:yaml.org,2002:bool', { kind: 'scalar', resolve: (text: string) => /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(text), construct: (text: string) => text[0] === 't' || text[0] === 'T' }),
    new jsYaml.Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: (text: string) => /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+)$/.test(text),
      construct: (text: string) => (text.startsWith('0o') ? parseInt(text.slice(2), 8) : text.startsWith('0x') ? parseInt(text.slice(2), 16) : parseInt(text, 10)),
    }),
    new jsYaml.Type('tag:yaml.org,2002:float', {
      kind: 'scalar',
      resolve: (text: string) => /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/.test(text),
      construct: (text: string) => (/^[-+]?\.(?:inf|Inf|INF)$/.test(text) ? (text.startsWith('-') ? -Infinity : Infinity) : /^\.(?:nan|NaN|NAN)$/.test(text) ? NaN : parseFloat(text)),
    }),
  ],
});

/**
 * Where js-yaml and the yaml package could part ways, or where the yaml package's limits matter:
 * anchors, aliases and tags; null, collection and explicit keys; flow mappings; flow sequences and
 * quoted scalars running over several lines; tabs; directives and document ends; keys past 1024
 * characters. Text with any of these, or anything that only looks like them, goes to the yaml package.
 */
const FULL_PARSER_CONSTRUCTS = [
  /(?:^[ \t]*|[-:?][ \t]+|[[,][ \t]*)[&*!]/m,
  /^[ \t]*(?:-[ \t]+)*(?:~|null|Null|NULL)?[ \t]*:(?:[ \t]|$)/m,
  /^[ \t]*(?:-[ \t]+)*[?[]/m,
  /[\t{]|^%|^\.\.\.(?:[ \t]|$)|^[^\n]{1000}/m,
  /\[[^\]\n]*$/m,
  /(?:^[ \t]*|[-:?][ \t]+|[[,][ \t]*)"(?:[^"\\\n]|\\.)*$/m,
  /(?:^[ \t]*|[-:?][ \t]+|[[,][ \t]*)'(?:[^'\n]|'')*$/m,
];

/**
 * Front matter and configs are mostly plain `key: value` lines, which js-yaml reads several times
 * faster than the yaml package (0.3 s over a thousand posts). It reads only text free of the
 * constructs above, where both give the same data; whatever it rejects is parsed again by the yaml
 * package, whose error (with its line) is the one reported.
 */
function parsePlainYaml(text: string): { data: unknown } | undefined {
  if (FULL_PARSER_CONSTRUCTS.some((construct) => construct.test(text))) return undefined;
  try {
    // An empty document is null to the yaml package, undefined to js-yaml.
    return { data: jsYaml.load(text, { schema: CORE_SCHEMA }) ?? null };
  } catch {
    return undefined;
  }
}

/** The 1-based line of an offset; counted only for an error, as a LineCounter on every parse doubles its time. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line += 1;
  return line;
}

/** Parses a YAML config file, naming the line of a syntax error. */
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

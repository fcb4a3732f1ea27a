import { convertConstruct, problemAt, type Construct, type Conversion } from './known.js';
import { parseParams } from './params.js';
import type { SyntaxContext, SyntaxEdit, SyntaxProblem, SyntaxScan } from './types.js';

/** [start, end) offsets of code blocks and inline code, sorted, from the parse of the body. */
export type CodeRanges = ReadonlyArray<readonly [number, number]>;

type Dialect = 'hugo' | 'liquid' | 'output';

interface Token {
  dialect: Dialect;
  start: number;
  end: number;
  /** The text between the delimiters, trimmed (and without Liquid's `-` whitespace control). */
  content: string;
  /** Hugo's escaped form (`{{</*` … `*` + `/>}}`), printed literally without the comment markers. */
  escaped?: boolean;
  /** For a block whose content is never interpreted (raw, comment, highlight): that content as written. */
  rawInner?: string;
  /** Index of the closing token of a pair, set on the opening one. */
  closedBy?: number;
  /** Set on a closing token (`{{< /name >}}`, `{% endname %}`): the name it closes. */
  closes?: string;
  name: string;
  args: string;
}

const OPENERS: Array<{ open: string; close: string; dialect: Dialect }> = [
  { open: '{{<', close: '>}}', dialect: 'hugo' },
  { open: '{{%', close: '%}}', dialect: 'hugo' },
  { open: '{%', close: '%}', dialect: 'liquid' },
  { open: '{{', close: '}}', dialect: 'output' },
];
/** A construct longer than this is not one: the delimiters belong to the author's text. */
const MAX_CONSTRUCT_LENGTH = 4000;
/** Liquid blocks and Hugo shortcodes whose content is taken as written, never scanned. */
const VERBATIM_BLOCKS = new Set(['raw', 'comment', 'highlight']);
const MAX_PAIR_NESTING = 32;

/**
 * Finds Hugo shortcodes and Liquid tags (and Liquid output when the generator processes it) outside code,
 * and turns each into an edit or a problem. Linear in the body: each closing delimiter is searched for once.
 */
export function scanGeneratorSyntax(source: string, code: CodeRanges, context: SyntaxContext): SyntaxScan {
  const tokens = tokenize(source, code, context.liquidOutput);
  pairTokens(tokens);
  const edits: SyntaxEdit[] = [];
  const problems: SyntaxProblem[] = [];
  convertTokens(source, tokens, 0, tokens.length, 0, context, edits, problems);
  return { edits, problems, notes: [] };
}

function tokenize(source: string, code: CodeRanges, liquidOutput: boolean): Token[] {
  const tokens: Token[] = [];
  const nextClose = new Map<string, number>();
  const findClose = (close: string, from: number): number => {
    const known = nextClose.get(close);
    if (known !== undefined && (known >= from || known === -1)) return known;
    const found = source.indexOf(close, from);
    nextClose.set(close, found);
    return found;
  };
  const inCode = createCodeLookup(code);
  let position = source.indexOf('{');
  while (position >= 0 && position < source.length) {
    const opener = OPENERS.find((candidate) => source.startsWith(candidate.open, position));
    const closeAt = opener ? findClose(opener.close, position + opener.open.length) : -1;
    if (!opener || closeAt < 0 || closeAt - position > MAX_CONSTRUCT_LENGTH || (opener.dialect === 'output' && !liquidOutput)) {
      position = source.indexOf('{', position + 1);
      continue;
    }
    const end = closeAt + opener.close.length;
    const inner = source.slice(position + opener.open.length, closeAt);
    const escaped = opener.dialect === 'hugo' && /^\s*\/\*[\s\S]*\*\/\s*$/.test(inner);
    // Hugo prints its escaped form even inside code, which is where people show shortcodes; everything else in code is the author's text.
    if (!escaped && inCode(position)) {
      position = source.indexOf('{', position + 1);
      continue;
    }
    const token = makeToken(opener.dialect, position, end, inner, escaped);
    const verbatimEnd = token.closes === undefined && VERBATIM_BLOCKS.has(token.name) && token.dialect !== 'output' ? closingOfVerbatim(source, token, end) : undefined;
    if (verbatimEnd) {
      token.rawInner = source.slice(end, verbatimEnd.start);
      token.end = verbatimEnd.end;
    }
    tokens.push(token);
    position = source.indexOf('{', token.end);
  }
  return tokens;
}

function makeToken(dialect: Dialect, start: number, end: number, inner: string, escaped: boolean): Token {
  const content = (dialect === 'liquid' || dialect === 'output' ? inner.replace(/^-/, '').replace(/-$/, '') : inner).trim();
  if (escaped) return { dialect, start, end, content, escaped, name: '', args: '' };
  if (dialect === 'output') return { dialect, start, end, content, name: content, args: '' };
  // Hugo accepts a space after the closing slash: `{{< / alert >}}` closes "alert".
  const normalised = dialect === 'hugo' ? content.replace(/^\/\s+/, '/') : content;
  const [, name = '', args = ''] = /^(\/?[^\s/]*(?:\/[^\s/]+)*)\s*([\s\S]*)$/.exec(normalised.replace(/\/$/, '').trim()) ?? [];
  if (dialect === 'hugo' && name.startsWith('/')) return { dialect, start, end, content, name, args, closes: name.slice(1) };
  if (dialect === 'liquid' && /^end\w/.test(name)) return { dialect, start, end, content, name, args, closes: name.slice(3) };
  return { dialect, start, end, content, name, args };
}

/** The closing form of a raw/comment/highlight block, found by its own pattern since nothing inside counts. */
function closingOfVerbatim(source: string, token: Token, from: number): { start: number; end: number } | undefined {
  const name = token.name;
  const pattern = token.dialect === 'liquid' ? new RegExp(`\\{%-?\\s*end${name}\\s*-?%\\}`, 'g') : new RegExp(`\\{\\{([<%])\\s*/\\s*${name}\\s*\\1?[>%]\\}\\}`, 'g');
  pattern.lastIndex = from;
  const match = pattern.exec(source);
  return match ? { start: match.index, end: match.index + match[0].length } : undefined;
}

function createCodeLookup(code: CodeRanges): (offset: number) => boolean {
  return (offset) => {
    let low = 0;
    let high = code.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const [start, end] = code[middle] ?? [0, 0];
      if (offset < start) high = middle - 1;
      else if (offset >= end) low = middle + 1;
      else return true;
    }
    return false;
  };
}

/** Matches each closing token with the nearest open one of the same name and dialect. */
function pairTokens(tokens: Token[]): void {
  const openByName = new Map<string, number[]>();
  tokens.forEach((token, index) => {
    if (token.escaped || token.dialect === 'output' || token.rawInner !== undefined) return;
    const key = `${token.dialect}:${token.closes ?? token.name}`;
    const stack = openByName.get(key) ?? [];
    openByName.set(key, stack);
    if (token.closes === undefined) {
      stack.push(index);
      return;
    }
    const opener = stack.pop();
    const open = opener === undefined ? undefined : tokens[opener];
    if (open) open.closedBy = index;
  });
}

function convertTokens(
  source: string,
  tokens: Token[],
  from: number,
  to: number,
  depth: number,
  context: SyntaxContext,
  edits: SyntaxEdit[],
  problems: SyntaxProblem[],
): void {
  let index = from;
  while (index < to) {
    const token = tokens[index];
    if (!token) break;
    if (token.escaped) {
      edits.push({ start: token.start, end: token.end, text: unescapeShortcode(source.slice(token.start, token.end)) });
      index += 1;
      continue;
    }
    if (token.dialect === 'output') {
      const converted = convertLiquidOutput(token, context);
      if ('problem' in converted) problems.push(problemAt(token.start, converted));
      else edits.push({ start: token.start, end: token.end, text: converted.text });
      index += 1;
      continue;
    }
    if (token.closes !== undefined) {
      problems.push({ offset: token.start, message: `closing ${describe(token)} has no opening one: ${source.slice(token.start, token.end)}` });
      index += 1;
      continue;
    }
    const closer = token.closedBy === undefined ? undefined : tokens[token.closedBy];
    const end = closer ? closer.end : token.end;
    let inner: string | undefined;
    if (closer && token.closedBy !== undefined) {
      if (depth >= MAX_PAIR_NESTING) {
        problems.push({ offset: token.start, message: `${describe(token)} pairs are nested more than ${MAX_PAIR_NESTING} deep` });
        index = token.closedBy + 1;
        continue;
      }
      const innerEdits: SyntaxEdit[] = [];
      convertTokens(source, tokens, index + 1, token.closedBy, depth + 1, context, innerEdits, problems);
      inner = applyEditsToRange(source, token.end, closer.start, innerEdits);
    }
    const original = source.slice(token.start, end);
    const construct: Construct = {
      dialect: token.dialect === 'hugo' ? 'hugo' : 'liquid',
      name: token.name,
      params: parseParams(token.args),
      original,
      ...(inner !== undefined ? { inner } : {}),
      ...(token.rawInner !== undefined ? { rawInner: token.rawInner, inner: token.rawInner } : closer ? { rawInner: source.slice(token.end, closer.start) } : {}),
    };
    const converted = convertConstruct(construct, context);
    if ('problem' in converted) problems.push(problemAt(token.start, converted));
    else edits.push({ start: token.start, end, text: converted.text, ...(converted.embed ? { embed: converted.embed } : {}), ...(converted.html ? { html: converted.html } : {}) });
    index = token.closedBy === undefined ? index + 1 : token.closedBy + 1;
  }
}

function describe(token: Token): string {
  return token.dialect === 'hugo' ? `Hugo shortcode "${token.closes ?? token.name}"` : `Liquid tag "${token.closes ?? token.name}"`;
}

function unescapeShortcode(text: string): string {
  return text.replace(/^\{\{([<%])(\s*)\/\*/, '{{$1$2').replace(/\*\/(\s*)([>%])\}\}$/, '$1$2}}');
}

/** The text of [start, end) with edits (offsets in the whole source, all inside the range) applied. */
export function applyEditsToRange(source: string, start: number, end: number, edits: SyntaxEdit[]): string {
  let result = '';
  let position = start;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    result += source.slice(position, edit.start) + edit.text;
    position = edit.end;
  }
  return result + source.slice(position, end);
}

/**
 * Jekyll's variables, the post's own front matter (`{{ page.X }}` in Jekyll, `{{ X }}` in Eleventy) and the URL
 * filters: they have one meaning on every platform; anything else is the generator's business.
 */
function convertLiquidOutput(token: Token, context: SyntaxContext): Conversion {
  const [base = '', ...filters] = token.content.split('|').map((part) => part.trim());
  const mapping = context.userSyntax?.shortcodes?.[base];
  if (typeof mapping === 'string') return { text: mapping };
  if (mapping === false) return { text: '' };
  const site = context.siteUrl ? new URL(context.siteUrl) : undefined;
  const basePath = site ? site.pathname.replace(/\/+$/, '') : '';
  const literal = /^(["'])(.*)\1$/.exec(base)?.[2];
  const values: Record<string, string | undefined> = {
    'site.url': site?.origin,
    'site.baseurl': site ? basePath : undefined,
    'page.title': context.title,
  };
  const known = literal ?? (Object.hasOwn(values, base) ? values[base] : frontMatterText(base, context.frontMatter));
  const written = `{{ ${token.content} }}`;
  if (known === undefined) {
    const needsSite = Object.hasOwn(values, base);
    return {
      problem: needsSite ? `${written} needs the site's address: set site.url in the config file` : `Liquid output ${written} is not one xpost converts`,
      ...(needsSite ? {} : { configEntry: { section: 'shortcodes' as const, name: base, value: '"<the text it stands for>"   # or false to drop it' } }),
    };
  }
  let value = known;
  for (const filter of filters) {
    if (filter !== 'relative_url' && filter !== 'absolute_url') return { problem: `Liquid filter "${filter}" in ${written} is not one xpost converts` };
    if (!site) return { problem: `${written} needs the site's address: set site.url in the config file` };
    if (/^[a-z][a-z\d+.-]*:/i.test(value)) continue;
    const path: string = `${basePath}/${value.replace(/^\/+/, '')}`;
    value = filter === 'absolute_url' ? `${site.origin}${path}` : path;
  }
  return { text: value };
}

/** A text, number or boolean of the front matter at a dotted path (`page.` dropped); lists and maps have no one way to print. */
function frontMatterText(path: string, frontMatter: SyntaxContext['frontMatter']): string | undefined {
  if (!frontMatter || !/^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*$/.test(path)) return undefined;
  let current: unknown = frontMatter;
  for (const key of path.replace(/^page\./, '').split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  if (typeof current === 'string' || typeof current === 'number' || typeof current === 'boolean') return String(current);
  return current instanceof Date ? current.toISOString() : undefined;
}

import type { AlignType, Root, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';

const HAS_SCHEME = /^[a-z][a-z\d+.-]*:/i;
const DATA_URI = /(?:^|,)\s*data:/i;

/** Two titles are the same when they differ only in case and spacing: a heading that repeats the title is the title. */
export function isSameTitle(a: string, b: string): boolean {
  const normalise = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
  return normalise(a) === normalise(b);
}

export function isDataUri(url: string): boolean {
  return DATA_URI.test(url);
}

/**
 * What a URL written in the post becomes: 'keep' (absolute, mailto:, fragment-only, empty), the absolute URL,
 * or 'unresolvable' when it is relative and there is nothing to resolve it against.
 */
export type UrlResolution = { kind: 'keep' } | { kind: 'absolute'; url: string } | { kind: 'unresolvable' };

/** Resolves relative URLs against baseUrl, and site-absolute paths (/img/x.png) against siteOrigin (default: baseUrl's origin). */
export function createUrlResolver(baseUrl: string | undefined, siteOrigin: string | undefined): (url: string) => UrlResolution {
  const base = baseUrl === undefined ? undefined : new URL(baseUrl);
  const origin = siteOrigin === undefined ? base : new URL(siteOrigin);
  return (url) => {
    const trimmed = url.trim();
    // Fragment-only links point inside the page, which stays true wherever the copy is published.
    if (trimmed === '' || trimmed.startsWith('#') || HAS_SCHEME.test(trimmed)) return { kind: 'keep' };
    // Protocol-relative URLs get the base's scheme (https without one): some readers (email, apps) have no page protocol to inherit.
    if (trimmed.startsWith('//')) return absolute(trimmed, base ?? new URL('https://example.invalid/'));
    const against = trimmed.startsWith('/') ? origin : base;
    return against === undefined ? { kind: 'unresolvable' } : absolute(trimmed, against);
  };
}

function absolute(url: string, against: URL): UrlResolution {
  try {
    return { kind: 'absolute', url: new URL(url, against).href };
  } catch {
    return { kind: 'keep' };
  }
}

// Attribute-level scan of raw HTML: everything but a URL must stay byte-identical, so only offsets are reported.
const HTML_START_TAG = /<[a-z][a-z\d-]*(?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?>/gi;
const HTML_ATTRIBUTE = /([^\s"'<>/=]+)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)/g;
const URL_ATTRIBUTES = new Set(['href', 'src', 'srcset', 'poster']);

/** A URL-bearing attribute value (href, src, srcset, poster) in raw HTML: its offsets in the HTML, without quotes. */
export interface HtmlUrlAttribute {
  name: 'href' | 'src' | 'srcset' | 'poster';
  value: string;
  start: number;
  end: number;
}

export function findHtmlUrlAttributes(html: string): HtmlUrlAttribute[] {
  const found: HtmlUrlAttribute[] = [];
  for (const tag of html.matchAll(HTML_START_TAG)) {
    for (const attribute of tag[0].matchAll(HTML_ATTRIBUTE)) {
      const [, rawName = '', equals = '', rawValue = ''] = attribute;
      const name = rawName.toLowerCase();
      if (!URL_ATTRIBUTES.has(name)) continue;
      const quoted = rawValue.startsWith('"') || rawValue.startsWith("'");
      const start = (tag.index ?? 0) + (attribute.index ?? 0) + rawName.length + equals.length + (quoted ? 1 : 0);
      const value = quoted ? rawValue.slice(1, -1) : rawValue;
      found.push({ name: name as HtmlUrlAttribute['name'], value, start, end: start + value.length });
    }
  }
  return found;
}

/** srcset is a comma-separated list of "url descriptor" candidates. */
export function mapSrcset(srcset: string, mapUrl: (url: string) => string): string {
  return srcset
    .split(',')
    .map((candidate) => candidate.replace(/^(\s*)(\S+)/, (_match, space: string, url: string) => space + mapUrl(url)))
    .join(',');
}

/**
 * Medium's Markdown import has no tables: a table becomes a ```text block with the cells aligned in columns,
 * which Medium shows in a monospaced font, so the grid survives. Cells are laid out as the caller renders them.
 */
export function tableAsTextBlock(table: Table, renderCell: (cell: Table['children'][number]['children'][number]) => string): string {
  const rows = table.children.map((row) => row.children.map((cell) => renderCell(cell).replace(/\s+/g, ' ').trim()));
  const text = layoutColumns(rows, table.align ?? []);
  const fence = '`'.repeat(Math.max(3, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length + 1)));
  return `${fence}text\n${text}\n${fence}`;
}

function layoutColumns(rows: string[][], align: AlignType[]): string {
  const columnCount = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columnCount }, (_, column) =>
    Math.max(1, ...rows.map((row) => textWidth(row[column] ?? ''))),
  );
  const formatRow = (row: string[]): string =>
    widths
      .map((width, column) => alignCell(row[column] ?? '', width, align[column] ?? null))
      .join('  ')
      .trimEnd();
  const [header = [], ...body] = rows;
  const underline = widths.map((width) => '-'.repeat(width)).join('  ');
  return [formatRow(header), underline, ...body.map(formatRow)].join('\n');
}

function alignCell(text: string, width: number, align: AlignType): string {
  const padding = width - textWidth(text);
  if (align === 'right') return ' '.repeat(padding) + text;
  if (align === 'center') return ' '.repeat(Math.floor(padding / 2)) + text + ' '.repeat(Math.ceil(padding / 2));
  return text + ' '.repeat(padding);
}

/** Code points, so an emoji counts once; East Asian wide characters are not worth a width table here. */
function textWidth(text: string): number {
  return Array.from(text).length;
}

export interface PostFacts {
  readingTimeMinutes: number;
  /** Section headings (depth 2 and 3) in document order. */
  headings: Array<{ depth: number; text: string }>;
  /** The first paragraph as plain text, at most EXCERPT_MAX_LENGTH characters. */
  excerpt: string;
  /** Words of prose; code blocks are skimmed rather than read, so they are not counted. */
  wordCount: number;
}

const WORDS_PER_MINUTE = 200;
const EXCERPT_MAX_LENGTH = 200;
const TEXT_ONLY = { includeImageAlt: false, includeHtml: false } as const;

export function postFacts(tree: Root): PostFacts {
  let wordCount = 0;
  const headings: PostFacts['headings'] = [];
  visit(tree, (node) => {
    if (node.type === 'heading' && (node.depth === 2 || node.depth === 3)) {
      headings.push({ depth: node.depth, text: collapseSpaces(toString(node, TEXT_ONLY)) });
    }
    // Each text block is counted whole, so words split by emphasis (**a**b) count once.
    if (node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'tableCell') return undefined;
    wordCount += countWords(toString(node, TEXT_ONLY));
    return SKIP;
  });
  const firstParagraph = tree.children
    .filter((node) => node.type === 'paragraph')
    .map((node) => collapseSpaces(toString(node, TEXT_ONLY)))
    .find((text) => text !== '');
  return {
    readingTimeMinutes: Math.max(1, Math.ceil(wordCount / WORDS_PER_MINUTE)),
    headings,
    excerpt: truncateAtWord(firstParagraph ?? '', EXCERPT_MAX_LENGTH),
    wordCount,
  };
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts at the last space that leaves room for the ellipsis, dropping punctuation left dangling at the cut. */
function truncateAtWord(text: string, maxLength: number): string {
  const characters = Array.from(text);
  if (characters.length <= maxLength) return text;
  const window = characters.slice(0, maxLength).join('');
  const lastSpace = window.lastIndexOf(' ');
  const cut = lastSpace > 0 ? window.slice(0, lastSpace) : characters.slice(0, maxLength - 1).join('');
  return `${cut.replace(/[\s,;:.!?\-–—]+$/, '')}…`;
}

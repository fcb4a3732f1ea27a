import type { AlignType, Code, ImageReference, Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkStringify, { type Options as StringifyOptions } from 'remark-stringify';
import { unified } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import { XpostError } from '../errors/xpost-error.js';
import { createInlineRenderer } from './plain-text.js';

// The most common hand-written style; '*' for emphasis because '_' forces character references inside words.
const STRINGIFY_OPTIONS: StringifyOptions = {
  bullet: '-',
  bulletOther: '*',
  emphasis: '*',
  strong: '*',
  fence: '`',
  fences: true,
  listItemIndent: 'one',
  incrementListMarker: true,
  rule: '-',
  setext: false,
  closeAtx: false,
  resourceLink: false,
};

const markdownProcessor = unified().use(remarkParse).use(remarkGfm).use(remarkStringify, STRINGIFY_OPTIONS).freeze();

export function parseMarkdown(markdown: string): Root {
  return markdownProcessor.parse(markdown);
}

export function stringifyMarkdown(tree: Root): string {
  return markdownProcessor.stringify(tree);
}

export interface AbsoluteUrlOptions {
  /** Absolute URL that relative links resolve against: the post's canonical URL, or the site URL. Without it they stay as written. */
  baseUrl?: string;
  /** Where site-absolute paths such as /img/x.png live; defaults to the origin of baseUrl. */
  siteOrigin?: string;
  /** The post path as the user sees it, for error messages. */
  file: string;
  /** 1-based file line where the body starts, to turn body lines into file lines. */
  bodyStartLine: number;
}

/**
 * Makes every relative link and image URL absolute (in place), so it still works when the post is read elsewhere.
 * Throws one XpostError('POST_INVALID') naming every data: image, one "file:line:" per line, so all are fixed in one go;
 * callers already gather errors thrown while rendering into the input problems reported before anything is sent.
 */
export function absolutiseUrls(tree: Root, options: AbsoluteUrlOptions): void {
  const resolve = createUrlResolver(options.baseUrl, options.siteOrigin);
  const fileLine = (node: Nodes, lineOffset = 0): number | undefined =>
    node.position ? options.bodyStartLine + node.position.start.line - 1 + lineOffset : undefined;
  const dataImageLines: Array<number | undefined> = [];
  const definitionUrls = new Map<string, string>();
  const imageReferences: ImageReference[] = [];

  visit(tree, (node) => {
    if (node.type === 'image') {
      if (isDataUri(node.url)) dataImageLines.push(fileLine(node));
      else node.url = resolve(node.url);
    } else if (node.type === 'link') {
      node.url = resolve(node.url);
    } else if (node.type === 'definition') {
      definitionUrls.set(node.identifier, node.url);
      node.url = resolve(node.url);
    } else if (node.type === 'imageReference') {
      imageReferences.push(node);
    } else if (node.type === 'html') {
      node.value = rewriteHtmlUrls(node.value, resolve, (lineOffset) => dataImageLines.push(fileLine(node, lineOffset)));
    }
  });
  for (const reference of imageReferences) {
    if (isDataUri(definitionUrls.get(reference.identifier) ?? '')) dataImageLines.push(fileLine(reference));
  }
  if (dataImageLines.length > 0) throw dataImageProblem(options.file, dataImageLines);
}

function dataImageProblem(file: string, lines: Array<number | undefined>): XpostError {
  const message = lines
    .sort((a, b) => (a ?? 0) - (b ?? 0))
    .map((line) => `${line === undefined ? file : `${file}:${line}`}: image uses a data: URI; platforms reject inline images.`)
    .join('\n');
  return new XpostError('POST_INVALID', message, { file, hint: 'Put the image in a file and link it.' });
}

const HAS_SCHEME = /^[a-z][a-z\d+.-]*:/i;
const DATA_URI = /(?:^|,)\s*data:/i;

function isDataUri(url: string): boolean {
  return DATA_URI.test(url);
}

function createUrlResolver(baseUrl: string | undefined, siteOrigin: string | undefined): (url: string) => string {
  const base = baseUrl === undefined ? undefined : new URL(baseUrl);
  const origin = siteOrigin === undefined ? base : new URL(siteOrigin);
  return (url) => {
    const trimmed = url.trim();
    // Fragment-only links point inside the page, which stays true wherever the copy is published.
    if (trimmed === '' || trimmed.startsWith('#') || HAS_SCHEME.test(trimmed)) return url;
    const against = trimmed.startsWith('/') && !trimmed.startsWith('//') ? origin : base;
    if (against === undefined) return url;
    try {
      // Protocol-relative URLs get the base's scheme: some readers (email, apps) have no page protocol to inherit.
      return new URL(trimmed, against).href;
    } catch {
      return url;
    }
  };
}

// Attribute-level rewrite of raw HTML: no HTML parser is a dependency, and everything but the URL must stay byte-identical.
const HTML_START_TAG = /<[a-z][a-z\d-]*(?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?>/gi;
const HTML_ATTRIBUTE = /([^\s"'<>/=]+)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)/g;
const URL_ATTRIBUTES = new Set(['href', 'src', 'srcset', 'poster']);
const IMAGE_SOURCE_ATTRIBUTES = new Set(['src', 'srcset']);

function rewriteHtmlUrls(html: string, resolve: (url: string) => string, reportDataImage: (lineOffset: number) => void): string {
  return html.replace(HTML_START_TAG, (tag: string, offset: number) =>
    tag.replace(HTML_ATTRIBUTE, (attribute: string, name: string, equals: string, rawValue: string) => {
      const attributeName = name.toLowerCase();
      if (!URL_ATTRIBUTES.has(attributeName)) return attribute;
      const quote = rawValue.startsWith('"') || rawValue.startsWith("'") ? rawValue.charAt(0) : '';
      const value = quote ? rawValue.slice(1, -1) : rawValue;
      if (IMAGE_SOURCE_ATTRIBUTES.has(attributeName) && isDataUri(value)) {
        reportDataImage(countNewlines(html.slice(0, offset)));
        return attribute;
      }
      const rewritten = attributeName === 'srcset' ? resolveSrcset(value, resolve) : resolve(value);
      return `${name}${equals}${quote}${rewritten}${quote}`;
    }),
  );
}

/** srcset is a comma-separated list of "url descriptor" candidates. */
function resolveSrcset(srcset: string, resolve: (url: string) => string): string {
  return srcset
    .split(',')
    .map((candidate) => candidate.replace(/^(\s*)(\S+)/, (_match, space: string, url: string) => space + resolve(url)))
    .join(',');
}

function countNewlines(text: string): number {
  return text.split('\n').length - 1;
}

/**
 * Medium's Markdown import has no tables: each table becomes a ```text block with the cells aligned in columns,
 * which Medium shows in a monospaced font, so the grid survives; links inside cells are spelled out as "text (url)".
 */
export function convertTablesForMedium(tree: Root): void {
  const renderCell = createInlineRenderer(tree, { images: 'alt' });
  visit(tree, 'table', (table, index, parent) => {
    if (parent === undefined || index === undefined) return;
    const rows = table.children.map((row) => row.children.map((cell) => renderCell(cell.children).replace(/\s+/g, ' ').trim()));
    const block: Code = { type: 'code', lang: 'text', meta: null, value: layoutColumns(rows, table.align ?? []) };
    parent.children.splice(index, 1, block);
    return SKIP;
  });
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

/** Puts "# title" first unless the body already opens with that exact heading. */
export function ensureTitleHeading(tree: Root, title: string): void {
  const first = tree.children[0];
  if (first?.type === 'heading' && first.depth === 1 && collapseSpaces(toString(first)) === collapseSpaces(title)) return;
  tree.children.unshift({ type: 'heading', depth: 1, children: [{ type: 'text', value: title }] });
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

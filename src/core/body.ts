import type { Html, Nodes, Paragraph, Root, Table } from 'mdast';
import { toString as plainTextOf } from 'mdast-util-to-string';
import { scanGeneratorSyntax, type CodeRanges } from '../sources/syntax/generator.js';
import { scanMdxSyntax } from '../sources/syntax/mdx.js';
import type { UserSyntaxConfig } from '../sources/syntax/config.js';
import type { ConfigEntry, SyntaxContext, SyntaxEdit, SyntaxProblem } from '../sources/syntax/types.js';
import { XpostError } from '../errors/xpost-error.js';
import { checkMarkdownLimits } from './body-limits.js';
import { destinationRanges, MarkdownLimitError, parseGfm, parseMdx } from './body-parse.js';
import { embedFromUrl, findHtmlEmbeds, type Embed } from './embeds.js';
import { createUrlResolver, findHtmlUrlAttributes, isDataUri, isSameTitle, mapSrcset, postFacts, tableAsTextBlock, type PostFacts, type UrlResolution } from './markdown.js';
import { createInlineRenderer, markdownToPlainText } from './plain-text.js';

export { loadMdxSyntax } from './body-parse.js';

export interface BodyContext {
  /** Display path, for messages. */
  file: string;
  /** 1-based line in the file where the body starts. */
  bodyStartLine: number;
  /** Parse as MDX (await loadMdxSyntax() first). */
  mdx: boolean;
  /** Process `{{ … }}` as Liquid output (Jekyll, Eleventy). */
  liquidOutput: boolean;
  /** A leading "# <title>" heading is dropped: every platform shows the title. */
  title: string;
  /** Canonical URL, else site URL: relative links and images resolve against it. */
  baseUrl?: string;
  /** Where site-absolute paths (/img/x.png) live. */
  siteOrigin?: string;
  /** For {{ site.url }}. */
  siteUrl?: string;
  /** The config's shortcodes:/components: maps. */
  userSyntax?: UserSyntaxConfig;
  /** The post's front matter, for `{{ page.X }}` (Jekyll) and `{{ X }}` (Eleventy). */
  frontMatter?: Readonly<Record<string, unknown>>;
  resolvePostReference?: (reference: string, kind: string) => string | undefined;
}

/** A replacement in the analysed text: [start, end) and what goes there. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Embeds standing alone in their block: the block's span is written in each platform's form, one embed per paragraph. */
interface EmbedBlock {
  start: number;
  end: number;
  embeds: Embed[];
  /** Line breaks that keep the embed a paragraph of its own where an HTML block touched a line of text. */
  before?: string;
  after?: string;
}

/** Parsed once per post: the edits every platform shares, the tree for facts, sections and plain text, and notes. */
export interface BodyAnalysis {
  /** The body with generator syntax converted: the text every edit's offsets refer to. */
  readonly text: string;
  /** The tree of `text`, with URLs made absolute, the title heading removed and embeds as their URLs (for plain text and facts). */
  readonly tree: Root;
  readonly facts: PostFacts;
  /** What the dry-run should tell the author: things xpost changed that they might not expect, with file:line. */
  readonly notes: string[];
  readonly sharedEdits: readonly Edit[];
  readonly embeds: readonly EmbedBlock[];
  readonly tables: ReadonlyArray<{ start: number; end: number; node: Table; prefix: string }>;
  /** `{{ … }}` and `{% … %}` left in the text outside code: the author's own words, which a Liquid platform would run. */
  readonly liquidLookalikes: ReadonlyArray<{ start: number; end: number }>;
}

export interface MarkdownStyle {
  embed: (embed: Embed) => string;
  tables: 'keep' | 'text-block';
  /** dev.to runs Liquid over the whole body: text that looks like Liquid goes inside {% raw %} so it shows as written. */
  wrapLiquid?: boolean;
}

interface Problem {
  line: number;
  message: string;
  configEntry?: ConfigEntry;
  hint?: string;
}

/** Enough to see the pattern; a post with thousands of problems is not helped by a list of thousands. */
const MAX_PROBLEMS_SHOWN = 50;
const DATA_IMAGE_HINT = 'Put the image in a file and link it.';
const RELATIVE_URL_HINT =
  'Set site.url in the config file (and site.canonical for the post\'s own address), or give the post a canonical_url: relative links and images are resolved against it.';

/** Parses the body once, converts generator syntax, finds embeds, tables and URLs; throws one XpostError listing every problem. */
export function analyseBody(source: string, context: BodyContext): BodyAnalysis {
  const sourceLines = createLineIndex(source, context.bodyStartLine);
  const problems: Problem[] = [];
  const first = parseChecked(source, context.mdx, (offset, message) => problems.push({ line: sourceLines(offset), message }));
  if (!first) throw problemsError(context.file, problems);

  const syntaxContext: SyntaxContext = {
    liquidOutput: context.liquidOutput,
    title: context.title,
    ...(context.siteUrl ? { siteUrl: context.siteUrl } : {}),
    ...(context.userSyntax ? { userSyntax: context.userSyntax } : {}),
    ...(context.frontMatter ? { frontMatter: context.frontMatter } : {}),
    ...(context.resolvePostReference ? { resolvePostReference: context.resolvePostReference } : {}),
  };
  const scan = context.mdx ? scanMdxSyntax(source, first, syntaxContext) : scanGeneratorSyntax(source, codeRangesOf(first), syntaxContext);
  for (const problem of scan.problems) problems.push(syntaxProblem(problem, sourceLines));
  if (problems.length > 0) throw problemsError(context.file, problems);

  const layered = applySyntaxEdits(source, scan.edits, context.mdx ? [] : htmlBlocksOf(first));
  const toSourceLine = (offset: number) => sourceLines(layered.toSource(offset));
  const tree = layered.text === source && !context.mdx ? first : parseChecked(layered.text, false, (offset, message) => problems.push({ line: toSourceLine(offset), message }));
  if (!tree) throw problemsError(context.file, problems);

  const notes = scan.notes.map((note) => `${context.file}:${sourceLines(note.offset)}: ${note.message}`);
  const collector = new EditCollector(layered.text, context, toSourceLine, problems, notes);
  collector.dropTitleHeading(tree);
  collector.visit(tree, layered.embedSpans);
  if (problems.length > 0) throw problemsError(context.file, problems);

  return {
    text: layered.text,
    tree,
    facts: postFacts(tree),
    notes,
    sharedEdits: collector.edits,
    embeds: collector.embeds,
    tables: collector.tables,
    liquidLookalikes: findLiquidLookalikes(layered.text, codeRangesOf(tree)),
  };
}

/** The analysed text with only the spans this platform needs changed; everything else is the author's bytes. */
export function renderMarkdown(analysis: BodyAnalysis, style: MarkdownStyle): string {
  const edits: Edit[] = [...analysis.sharedEdits];
  for (const block of analysis.embeds) {
    edits.push({ start: block.start, end: block.end, text: `${block.before ?? ''}${block.embeds.map(style.embed).join('\n\n')}${block.after ?? ''}` });
  }
  if (style.wrapLiquid) {
    for (const span of analysis.liquidLookalikes) {
      edits.push({ start: span.start, end: span.end, text: `{% raw %}${analysis.text.slice(span.start, span.end)}{% endraw %}` });
    }
  }
  if (style.tables === 'text-block') {
    const renderCell = createInlineRenderer(analysis.tree, { images: 'alt' });
    for (const table of analysis.tables) {
      const block = tableAsTextBlock(table.node, (cell) => renderCell(cell.children));
      edits.push({ start: table.start, end: table.end, text: block.replace(/\n/g, `\n${table.prefix}`) });
    }
  }
  return applyEdits(analysis.text, edits);
}

/** LinkedIn, X and other plain-text platforms: no Markdown left, links spelled out, embeds as their URL. */
export function renderPlainText(analysis: BodyAnalysis): string {
  return markdownToPlainText(analysis.tree);
}

/** Edits applied in one pass, in order; an edit inside a larger one (a link in a removed heading) gives way to it. */
function applyEdits(text: string, edits: Edit[]): string {
  const ordered = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  let result = '';
  let position = 0;
  for (const edit of ordered) {
    if (edit.start < position) continue;
    result += text.slice(position, edit.start) + edit.text;
    position = edit.end;
  }
  return result + text.slice(position);
}

function parseChecked(text: string, mdx: boolean, report: (offset: number, message: string) => void): Root | undefined {
  const limit = checkMarkdownLimits(text);
  if (limit) {
    report(limit.offset, limit.message);
    return undefined;
  }
  try {
    return mdx ? parseMdx(text) : parseGfm(text);
  } catch (error) {
    if (error instanceof MarkdownLimitError) report(error.problem.offset, error.problem.message);
    else if (mdx && isParseMessage(error)) report(offsetOfLine(text, error.line ?? 1), `MDX syntax error: ${error.reason}`);
    else throw error;
    return undefined;
  }
}

/** The message MDX's parser throws (a VFileMessage): a reason and the line it happened on. */
function isParseMessage(error: unknown): error is { reason: string; line?: number } {
  return typeof error === 'object' && error !== null && typeof (error as { reason?: unknown }).reason === 'string';
}

function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf('\n', offset);
    if (next === -1) break;
    offset = next + 1;
  }
  return offset;
}

/** Maps an offset in the body to its 1-based line in the file. */
function createLineIndex(text: string, bodyStartLine: number): (offset: number) => number {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return bodyStartLine + low;
  };
}

// Bounded so an unclosed '{{' costs one short look, not a scan to the end of the body.
const LIQUID_LOOKALIKE = /\{\{[^\n]{0,500}?\}\}|\{%[^\n]{0,500}?%\}/g;

function findLiquidLookalikes(text: string, code: CodeRanges): Array<{ start: number; end: number }> {
  const found: Array<{ start: number; end: number }> = [];
  let range = 0;
  for (const match of text.matchAll(LIQUID_LOOKALIKE)) {
    const start = match.index ?? 0;
    while (range < code.length && (code[range]?.[1] ?? 0) <= start) range += 1;
    const [codeStart = Infinity] = code[range] ?? [];
    if (start < codeStart) found.push({ start, end: start + match[0].length });
  }
  return found;
}

function codeRangesOf(tree: Root): CodeRanges {
  const ranges: Array<[number, number]> = [];
  const stack: Nodes[] = [tree];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if ((node.type === 'code' || node.type === 'inlineCode') && node.position) {
      ranges.push([node.position.start.offset ?? 0, node.position.end.offset ?? 0]);
    } else if ('children' in node) {
      stack.push(...(node.children as Nodes[]));
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

function syntaxProblem(problem: SyntaxProblem, lineOf: (offset: number) => number): Problem {
  return { line: lineOf(problem.offset), message: problem.message, configEntry: problem.configEntry, hint: problem.hint };
}

/** Every problem as "file:line: message", in line order, with one hint gathering what would fix them. */
function problemsError(file: string, problems: Problem[]): XpostError {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  const shown = sorted.slice(0, MAX_PROBLEMS_SHOWN).map((problem) => `${file}:${problem.line}: ${problem.message}`);
  if (sorted.length > MAX_PROBLEMS_SHOWN) shown.push(`${file}: … and ${sorted.length - MAX_PROBLEMS_SHOWN} more`);
  const message = shown.join('\n');
  const entries = sorted.flatMap((problem) => (problem.configEntry ? [problem.configEntry] : []));
  const hints = [...new Set(sorted.flatMap((problem) => (problem.hint ? [problem.hint] : [])))];
  if (entries.length > 0) hints.push(`To convert what xpost does not know, map it in the config file:\n${configSnippet(entries)}`);
  if (hints.length === 0 && sorted.some((problem) => !problem.configEntry)) hints.push('Change these lines of the post, or put them inside a code block if they are meant as text.');
  return new XpostError('POST_INVALID', message, { file, hint: hints.join('\n') });
}

/** One pasteable YAML block: each section once, each name once, in the order the post uses them. */
function configSnippet(entries: ConfigEntry[]): string {
  const lines: string[] = [];
  for (const section of ['shortcodes', 'components'] as const) {
    const names = new Map<string, string>();
    for (const entry of entries) if (entry.section === section && !names.has(entry.name)) names.set(entry.name, entry.value);
    if (names.size === 0) continue;
    lines.push(`${section}:`);
    for (const [name, value] of names) lines.push(`  ${/^[A-Za-z_][\w.-]*$/.test(name) ? name : JSON.stringify(name)}: ${value}`);
  }
  return lines.join('\n');
}

interface LayeredText {
  text: string;
  /** Maps an offset in `text` back to the body. */
  toSource: (offset: number) => number;
  /** Where each converted embed's URL landed in `text`. */
  embedSpans: Array<{ start: number; end: number; embed: Embed }>;
}

/** A block of raw HTML in the body: Markdown inside it is not read. */
interface HtmlBlock {
  start: number;
  end: number;
  /** CommonMark ends most HTML blocks at a blank line; `<pre>`, `<script>`, `<style>`, `<textarea>` and comments run to their end marker. */
  endsAtBlankLine: boolean;
  /** At the top level, not inside a list item or quote, whose indentation a new paragraph must keep. */
  topLevel: boolean;
}

/** The HTML blocks of the first parse, in order: where a converted construct could land inside raw HTML. */
function htmlBlocksOf(tree: Root): HtmlBlock[] {
  const blocks: HtmlBlock[] = [];
  const stack: Array<{ node: Nodes; topLevel: boolean }> = [{ node: tree, topLevel: true }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { node, topLevel } = item;
    if (node.type === 'html' && node.position) {
      const endsAtBlankLine = !/^[ \t]*<(?:!--|\?|![A-Za-z]|!\[CDATA\[|(?:pre|script|style|textarea)(?:[\s>]|$))/i.test(node.value);
      blocks.push({ start: node.position.start.offset ?? 0, end: node.position.end.offset ?? 0, endsAtBlankLine, topLevel });
    } else if (node.type === 'root' || node.type === 'blockquote' || node.type === 'list' || node.type === 'listItem' || node.type === 'footnoteDefinition') {
      // Only containers of blocks: HTML inside a paragraph is inline, where Markdown is still read.
      for (const child of node.children) stack.push({ node: child, topLevel: node.type === 'root' });
    }
  }
  return blocks.sort((a, b) => a.start - b.start);
}

function htmlBlockAt(blocks: readonly HtmlBlock[], offset: number): HtmlBlock | undefined {
  let low = 0;
  let high = blocks.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const block = blocks[middle];
    if (!block || offset < block.start) high = middle - 1;
    else if (offset >= block.end) low = middle + 1;
    else return block;
  }
  return undefined;
}

/** Where a replacement goes: from `start` (the edit's, or its line's), with the line breaks around it. */
interface Placement {
  start: number;
  text: string;
  before: string;
  after: string;
}

function placeEmbed(source: string, edit: SyntaxEdit): Placement {
  const [before, after] = aloneOnLine(source, edit.start, edit.end) ? blankLinePadding(source, edit.start, edit.end) : ['', ''];
  return { start: edit.start, text: edit.text, before, after };
}

/**
 * Where a converted construct lands in a block of raw HTML, its Markdown would show as text. Alone on its lines in a
 * block that a blank line ends, blank lines around it make it Markdown again (the HTML after it starts a new block);
 * elsewhere its HTML form is written, when it has one.
 */
function placeInHtml(source: string, edit: SyntaxEdit, blocks: readonly HtmlBlock[]): Placement {
  const block = htmlBlockAt(blocks, edit.start);
  if (!block) return { start: edit.start, text: edit.text, before: '', after: '' };
  if (block.endsAtBlankLine && aloneOnLine(source, edit.start, edit.end)) {
    const lineStart = source.lastIndexOf('\n', edit.start - 1) + 1;
    // At the top level the HTML's indentation is layout, and four spaces would make the image a code block.
    const indent = block.topLevel ? '' : source.slice(lineStart, edit.start);
    const [before, after] = blankLinePadding(source, edit.start, edit.end);
    return { start: lineStart, text: indent + edit.text.replace(/\n/g, `\n${indent}`), before, after };
  }
  return { start: edit.start, text: edit.html ?? edit.text, before: '', after: '' };
}

/** The first layer: generator syntax replaced in the body; offsets map back so messages name the author's lines. */
function applySyntaxEdits(source: string, edits: SyntaxEdit[], htmlBlocks: readonly HtmlBlock[]): LayeredText {
  const ordered = [...edits].sort((a, b) => a.start - b.start);
  const segments: Array<{ textStart: number; textEnd: number; sourceStart: number; sourceEnd: number }> = [];
  const embedSpans: LayeredText['embedSpans'] = [];
  let text = '';
  let position = 0;
  for (const edit of ordered) {
    if (edit.start < position) continue;
    // A construct alone on its line is a block on the site: its embed gets a paragraph of its own.
    const placed = edit.embed ? placeEmbed(source, edit) : placeInHtml(source, edit, htmlBlocks);
    text += source.slice(position, placed.start);
    const segmentStart = text.length;
    text += placed.before;
    const textStart = text.length;
    text += placed.text;
    if (edit.embed) embedSpans.push({ start: textStart, end: text.length, embed: edit.embed });
    text += placed.after;
    segments.push({ textStart: segmentStart, textEnd: text.length, sourceStart: placed.start, sourceEnd: edit.end });
    position = edit.end;
  }
  text += source.slice(position);
  const toSource = (offset: number): number => {
    let low = 0;
    let high = segments.length - 1;
    let before: (typeof segments)[number] | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const segment = segments[middle];
      if (segment && segment.textStart <= offset) {
        before = segment;
        low = middle + 1;
      } else high = middle - 1;
    }
    if (!before) return offset;
    return offset < before.textEnd ? before.sourceStart : before.sourceEnd + (offset - before.textEnd);
  };
  return { text, toSource, embedSpans };
}

function aloneOnLine(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  return text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd === -1 ? text.length : lineEnd).trim() === '';
}

/** The line breaks that make [start, end) a paragraph of its own when a line of text touches it above or below. */
function blankLinePadding(text: string, start: number, end: number): [string, string] {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const previousLine = lineStart === 0 ? '' : text.slice(text.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1);
  const lineEnd = text.indexOf('\n', end);
  const nextLineEnd = lineEnd === -1 ? -1 : text.indexOf('\n', lineEnd + 1);
  const nextLine = lineEnd === -1 ? '' : text.slice(lineEnd + 1, nextLineEnd === -1 ? text.length : nextLineEnd);
  return [previousLine.trim() === '' ? '' : '\n', nextLine.trim() === '' ? '' : '\n'];
}

/** Walks the final tree once: URLs, data: images, embeds (HTML, bare URLs, converted syntax) and tables. */
class EditCollector {
  readonly edits: Edit[] = [];
  readonly embeds: EmbedBlock[] = [];
  readonly tables: Array<{ start: number; end: number; node: Table; prefix: string }> = [];
  private readonly resolve: (url: string) => UrlResolution;

  constructor(
    private readonly text: string,
    private readonly context: BodyContext,
    private readonly lineOf: (offset: number) => number,
    private readonly problems: Problem[],
    private readonly notes: string[],
  ) {
    this.resolve = createUrlResolver(context.baseUrl, context.siteOrigin);
  }

  /** Every platform shows the title itself, so a body that repeats it as its first heading would show it twice. */
  dropTitleHeading(tree: Root): void {
    const [first, second] = tree.children;
    if (first?.type !== 'heading' || first.depth !== 1 || !isSameTitle(plainTextOf(first), this.context.title)) return;
    const start = first.position?.start.offset ?? 0;
    const end = second?.position?.start.offset ?? this.text.length;
    this.edits.push({ start, end, text: '' });
    tree.children.shift();
  }

  visit(tree: Root, embedSpans: LayeredText['embedSpans']): void {
    const placed = new Map(embedSpans.map((span) => [`${span.start}:${span.end}`, span.embed]));
    const definitions = new Map<string, string>();
    const imageReferences: Array<{ identifier: string; offset: number }> = [];
    const stack: Array<{ node: Nodes; parent: Nodes | undefined }> = [{ node: tree, parent: undefined }];
    for (let item = stack.pop(); item; item = stack.pop()) {
      const { node, parent } = item;
      const start = node.position?.start.offset ?? 0;
      switch (node.type) {
        case 'image':
          if (isDataUri(node.url)) this.dataImage(start);
          else this.destination(node, start);
          break;
        case 'link':
          this.destination(node, start);
          break;
        case 'definition':
          definitions.set(node.identifier, node.url);
          this.destination(node, start);
          break;
        case 'imageReference':
          imageReferences.push({ identifier: node.identifier, offset: start });
          break;
        case 'html':
          this.html(node, parent);
          break;
        case 'paragraph':
          if (this.embedParagraph(node, placed)) continue;
          break;
        case 'table':
          this.tables.push({ start, end: node.position?.end.offset ?? start, node, prefix: continuationPrefix(this.text, start) });
          break;
      }
      if ('children' in node) for (const child of [...(node.children as Nodes[])].reverse()) stack.push({ node: child, parent: node });
    }
    for (const reference of imageReferences) if (isDataUri(definitions.get(reference.identifier) ?? '')) this.dataImage(reference.offset);
  }

  private dataImage(offset: number): void {
    this.problems.push({ line: this.lineOf(offset), message: 'image uses a data: URI; platforms reject inline images.', hint: DATA_IMAGE_HINT });
  }

  private unresolvable(offset: number, url: string): void {
    this.problems.push({ line: this.lineOf(offset), message: `relative link or image "${url}" has no address to resolve against`, hint: RELATIVE_URL_HINT });
  }

  /** A Markdown destination made absolute in place: the edit covers exactly the URL as the author wrote it. */
  private destination(node: { url: string }, offset: number): void {
    const resolution = this.resolve(node.url);
    if (resolution.kind === 'keep') return;
    if (resolution.kind === 'unresolvable') {
      this.unresolvable(offset, node.url);
      return;
    }
    const range = destinationRanges.get(node);
    node.url = resolution.url;
    if (!range) return;
    const inAngles = this.text.charAt(range.start - 1) === '<';
    // A bare destination ends at whitespace or an unbalanced parenthesis, so those are encoded.
    const written = resolution.url.replace(inAngles ? /[<>]/g : /[\s()<>]/g, percentEncode);
    this.edits.push({ start: range.start, end: range.end, text: written });
  }

  /** A paragraph that is only an embed's URL: the converted syntax placed there, or a bare provider URL on its own line. */
  private embedParagraph(node: Paragraph, placed: Map<string, Embed>): boolean {
    const [only] = node.children;
    if (node.children.length !== 1 || only?.type !== 'link') return false;
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? start;
    const written = this.text.slice(start, end).trim();
    const embed = placed.get(`${start}:${end}`) ?? (written === only.url || written === `<${only.url}>` ? embedFromUrl(only.url) : undefined);
    if (!embed) return false;
    this.embeds.push({ start, end, embeds: [embed] });
    only.children = [{ type: 'text', value: embed.url }];
    only.url = embed.url;
    return true;
  }

  /** Raw HTML: embeds become each platform's form, unknown iframes and scripts plain links, and URL attributes absolute. */
  private html(node: Html, parent: Nodes | undefined): void {
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? start;
    const html = this.text.slice(start, end);
    const found = parent?.type === 'paragraph' ? [] : findHtmlEmbeds(html);
    for (const item of found) if (item.note) this.notes.push(`${this.context.file}:${this.lineOf(start + item.start)}: ${item.note}`);
    const embeds = found.flatMap((item) => (item.embed ? [item.embed] : []));
    if (found.length > 0 && onlyEmbeds(html, found)) {
      // The whole block was the embed (and its loader script): each embed takes the block's place on a line of its own.
      const [before, after] = parent?.type === 'root' ? blankLinePadding(this.text, start, end) : ['', ''];
      if (embeds.length > 0) this.embeds.push({ start, end, embeds, before, after });
      else this.edits.push({ start, end, text: '' });
      node.value = embeds.map((embed) => embed.url).join('\n');
      return;
    }
    for (const item of found) {
      const link = item.embed ? `<a href="${item.embed.url}">${item.embed.url}</a>` : '';
      this.edits.push({ start: start + item.start, end: start + item.end, text: link });
    }
    if (found.length > 0) this.notes.push(`${this.context.file}:${this.lineOf(start)}: an embed inside other HTML is sent as a link`);
    const outside = (offset: number) => !found.some((item) => item.start <= offset && offset < item.end);
    for (const attribute of findHtmlUrlAttributes(html)) {
      if (!outside(attribute.start)) continue;
      const offset = start + attribute.start;
      if ((attribute.name === 'src' || attribute.name === 'srcset') && isDataUri(attribute.value)) {
        this.dataImage(offset);
        continue;
      }
      const rewritten = this.rewriteAttribute(attribute.name, attribute.value, offset);
      if (rewritten !== attribute.value) this.edits.push({ start: offset, end: start + attribute.end, text: rewritten });
    }
  }

  private rewriteAttribute(name: string, value: string, offset: number): string {
    const mapUrl = (url: string): string => {
      const resolution = this.resolve(url);
      if (resolution.kind === 'unresolvable') this.unresolvable(offset, url);
      return resolution.kind === 'absolute' ? resolution.url : url;
    };
    return name === 'srcset' ? mapSrcset(value, mapUrl) : mapUrl(value);
  }
}

function percentEncode(character: string): string {
  return `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

/** True when nothing but the embeds, their loader scripts and empty wrapper tags is in the HTML. */
function onlyEmbeds(html: string, found: ReadonlyArray<{ start: number; end: number }>): boolean {
  let rest = '';
  let position = 0;
  for (const item of found) {
    rest += html.slice(position, item.start);
    position = Math.max(position, item.end);
  }
  rest += html.slice(position);
  return rest.replace(/<!--[\s\S]*?-->/g, '').replace(/<\/?(?:div|p|figure|center|span|section)\b[^>]*>/gi, '').trim() === '';
}

/** What the following lines of a block need in front (a block quote's "> ", a list item's indentation). */
function continuationPrefix(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(lineStart, offset).replace(/[-+*]|\d{1,9}[.)]/g, (marker) => ' '.repeat(marker.length));
}

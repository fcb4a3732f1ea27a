import type { List, PhrasingContent, Root, RootContent, Table } from 'mdast';
import { visit } from 'unist-util-visit';

export interface PlainTextOptions {
  /**
   * 'drop' (default): images vanish, because a LinkedIn or X text cannot show them and "[image]" reads as noise;
   * 'alt': an image becomes "[image: alt]".
   */
  images?: 'drop' | 'alt';
}

interface PlainTextContext {
  images: 'drop' | 'alt';
  /** Reference-style link targets by normalised identifier. */
  definitions: Map<string, string>;
}

/** The post as plain text for LinkedIn and X: no Markdown syntax left, links spelled out as "text (url)". */
export function markdownToPlainText(tree: Root, options: PlainTextOptions = {}): string {
  const context = createContext(tree, options);
  return tidy(blocksToText(tree.children, context, '\n\n'));
}

/** Plain text of inline content, for callers that lay out cells or lines themselves (e.g. tables for Medium). */
export function createInlineRenderer(tree: Root, options: PlainTextOptions = {}): (nodes: PhrasingContent[]) => string {
  const context = createContext(tree, options);
  return (nodes) => inlineBlockToText(nodes, context);
}

function createContext(tree: Root, options: PlainTextOptions): PlainTextContext {
  const definitions = new Map<string, string>();
  visit(tree, 'definition', (definition) => {
    definitions.set(definition.identifier, definition.url);
  });
  return { images: options.images ?? 'drop', definitions };
}

function blocksToText(nodes: RootContent[], context: PlainTextContext, separator: string): string {
  return nodes
    .map((node) => blockToText(node, context))
    .filter((text) => text.trim() !== '')
    .join(separator);
}

function blockToText(node: RootContent, context: PlainTextContext): string {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return inlineBlockToText(node.children, context);
    case 'list':
      return listToText(node, context);
    case 'code':
      return node.value;
    case 'blockquote':
      return blocksToText(node.children, context, '\n\n');
    case 'table':
      return tableToText(node, context);
    case 'html':
      return htmlToText(node.value);
    case 'footnoteDefinition':
      return `[${node.label ?? node.identifier}] ${blocksToText(node.children, context, '\n')}`;
    default:
      // Thematic breaks and definitions carry nothing a plain-text reader needs.
      return '';
  }
}

function listToText(list: List, context: PlainTextContext): string {
  const start = list.start ?? 1;
  return list.children
    .map((item, index) => {
      const marker = list.ordered ? `${start + index}. ` : '• ';
      const checkbox = item.checked === true ? '[x] ' : item.checked === false ? '[ ] ' : '';
      return prefixLines(checkbox + blocksToText(item.children, context, '\n'), marker);
    })
    .join('\n');
}

/** Puts the marker before the first line and indents the rest to line up under the item's text. */
function prefixLines(text: string, marker: string): string {
  const indent = ' '.repeat(marker.length);
  return text
    .split('\n')
    .map((line, index) => (index === 0 ? marker + line : line === '' ? '' : indent + line))
    .join('\n');
}

function tableToText(table: Table, context: PlainTextContext): string {
  return table.children
    .map((row) => row.children.map((cell) => inlineBlockToText(cell.children, context).replace(/\n/g, ' ')).join(' — '))
    .join('\n');
}

/** Inline content as lines of text, without the doubled or edge spaces that dropped images and tags leave. */
function inlineBlockToText(nodes: PhrasingContent[], context: PlainTextContext): string {
  return trimLines(phrasingToText(nodes, context));
}

function trimLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]{2,}/g, ' ').trim())
    .join('\n');
}

function phrasingToText(nodes: PhrasingContent[], context: PlainTextContext): string {
  return nodes.map((node) => inlineToText(node, context)).join('');
}

function inlineToText(node: PhrasingContent, context: PlainTextContext): string {
  switch (node.type) {
    case 'text':
      // A line break inside a Markdown paragraph is a space to its reader, not a new line.
      return node.value.replace(/[ \t]*\n[ \t]*/g, ' ');
    case 'emphasis':
    case 'strong':
    case 'delete':
      return phrasingToText(node.children, context);
    case 'inlineCode':
      return node.value;
    case 'break':
      return '\n';
    case 'link':
      return linkToText(phrasingToText(node.children, context), node.url);
    case 'linkReference': {
      const text = phrasingToText(node.children, context);
      const url = context.definitions.get(node.identifier);
      return url === undefined ? text : linkToText(text, url);
    }
    case 'image':
    case 'imageReference':
      return context.images === 'alt' ? (node.alt ? `[image: ${node.alt}]` : '[image]') : '';
    case 'html':
      return htmlToText(node.value);
    case 'footnoteReference':
      return `[${node.label ?? node.identifier}]`;
    default:
      // MDX nodes exist only in the first parse of an MDX post, never in the tree rendered here.
      return '';
  }
}

function linkToText(text: string, url: string): string {
  // An in-page anchor means nothing once the text leaves the page.
  if (url.startsWith('#')) return text;
  if (text.trim() === '' || text === url) return url;
  if (withoutScheme(text) === withoutScheme(url)) return text;
  return `${text} (${url})`;
}

function withoutScheme(url: string): string {
  return url.replace(/^(?:https?:\/\/|mailto:)/i, '').replace(/\/$/, '');
}

// The entities people type by hand in HTML; others are left as written.
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»',
};

/** Raw HTML keeps its text; a regular expression is enough because the tags are dropped, not interpreted. */
function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => decodeEntity(name) ?? entity);
  // Indentation inside HTML is markup layout, not text.
  return trimLines(text);
}

function decodeEntity(name: string): string | undefined {
  if (name.startsWith('#')) {
    const codePoint = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : undefined;
  }
  return NAMED_ENTITIES[name.toLowerCase()];
}

/** No trailing spaces, at most one blank line in a row, no blank lines at either end. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

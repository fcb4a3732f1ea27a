import type { List, Root, RootContent } from 'mdast';
import { toString as plainTextOf } from 'mdast-util-to-string';
import { markdownToPlainText } from './plain-text.js';

/** One thread part's material: a second-level heading and what the post says first under it. */
export interface Section {
  title: string;
  summary: string;
}

/** A list a lead-in brings shows this many items at most, fewer when they are long, then "…". */
const MAX_LIST_ITEMS = 3;
const MAX_LIST_LENGTH = 200;

/**
 * Each second-level heading with the first paragraph under it: the backbone of a thread.
 * A paragraph that ends in a lead-in colon brings what it introduces, so the thread says what it promised: the first
 * items of a list as "• item" lines, or the paragraph after it. Code, tables and HTML have no place in a short post:
 * the sentence that introduces one goes with it. Sections with no prose (only code or a table) are left out.
 */
export function sectionsOf(tree: Root): Section[] {
  // Kept beside every summary so reference-style links still resolve to their URLs.
  const definitions = tree.children.filter((node) => node.type === 'definition');
  const render = (nodes: RootContent[]): string => markdownToPlainText({ type: 'root', children: [...nodes, ...definitions] });
  return bodiesUnderSecondLevelHeadings(tree).flatMap(({ heading, body }) => {
    const summary = summaryOf(body, render);
    return summary === '' ? [] : [{ title: plainTextOf(heading), summary }];
  });
}

function bodiesUnderSecondLevelHeadings(tree: Root): Array<{ heading: RootContent; body: RootContent[] }> {
  const sections: Array<{ heading: RootContent; body: RootContent[] }> = [];
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth === 2) sections.push({ heading: node, body: [] });
    else sections.at(-1)?.body.push(node);
  }
  return sections;
}

/** The first paragraph with text (an image alone shows nothing), then, while it ends in a lead-in, what follows. */
function summaryOf(body: RootContent[], render: (nodes: RootContent[]) => string): string {
  const first = body.findIndex((node) => node.type === 'paragraph' && render([node]) !== '');
  const opening = body[first];
  if (!opening) return '';
  let summary = render([opening]);
  for (const [index, next] of body.entries()) {
    if (index <= first) continue;
    if (!endsWithLeadIn(summary) || next.type === 'heading' || next.type === 'thematicBreak') break;
    if (next.type === 'paragraph' || next.type === 'blockquote' || next.type === 'list') {
      summary = joinBlocks(summary, next.type === 'list' ? cappedList(next, render) : render([next]));
      continue;
    }
    let kept = summary;
    while (endsWithLeadIn(kept)) kept = withoutLastSentence(kept);
    return kept !== '' ? kept : summaryOf(body.slice(index + 1), render);
  }
  return summary;
}

function joinBlocks(text: string, more: string): string {
  return more === '' ? text : `${text}\n\n${more}`;
}

/** The first items of a list, each its first paragraph only, and "…" where items were left out. */
function cappedList(list: List, render: (nodes: RootContent[]) => string): string {
  const items = list.children
    .map((item) => ({ ...item, children: item.children.filter((child) => child.type === 'paragraph').slice(0, 1) }))
    .filter((item) => item.children.length > 0);
  const renderFirst = (count: number): string => render([{ ...list, children: items.slice(0, count) }]);
  let count = Math.min(MAX_LIST_ITEMS, items.length);
  if (count === 0) return '';
  while (count > 1 && renderFirst(count).length > MAX_LIST_LENGTH) count -= 1;
  return count < list.children.length ? `${renderFirst(count)}\n…` : renderFirst(count);
}

// Made on first use: most runs have no lead-in that introduces code.
let sentenceSegmenter: Intl.Segmenter | undefined;

/** The text without its last sentence (a lead-in whose code or table the thread leaves out). */
function withoutLastSentence(text: string): string {
  sentenceSegmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' });
  const lastStart = Array.from(sentenceSegmenter.segment(text.trimEnd()), (segment) => segment.index).at(-1) ?? 0;
  return text.slice(0, lastStart).trimEnd();
}

/** A colon at the end promises what comes next ("Three steps:"); the full-width form is its CJK spelling. */
function endsWithLeadIn(text: string): boolean {
  return /[:：]$/.test(text.trimEnd());
}

import type { Root, RootContent } from 'mdast';
import { toString as plainTextOf } from 'mdast-util-to-string';
import { markdownToPlainText } from './plain-text.js';

/** One thread part's material: a second-level heading and what the post says first under it. */
export interface Section {
  title: string;
  summary: string;
}

/**
 * Each second-level heading with the first paragraph under it: the backbone of a thread.
 * A paragraph that ends in a lead-in colon brings what it introduces (a list as its "• item" lines, code as its
 * lines), so the thread says what it promised; sections with no prose (only code or a table) are left out.
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
  const nodes = [opening];
  let summary = render(nodes);
  for (const next of body.slice(first + 1)) {
    if (!endsWithLeadIn(summary) || next.type === 'heading' || next.type === 'thematicBreak') break;
    nodes.push(next);
    summary = render(nodes);
  }
  return summary;
}

/** A colon at the end promises what comes next ("Three steps:"); the full-width form is its CJK spelling. */
function endsWithLeadIn(text: string): boolean {
  return /[:：]$/.test(text.trimEnd());
}

import type { Root } from 'mdast';
import { fromMarkdown, type CompileContext, type Extension as MdastExtension, type Token } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { Extension as MicromarkExtension } from 'micromark-util-types';
import { checkTreeDepth, type LimitProblem } from './body-limits.js';

/** Where the destination of a link, image or definition is written in the source: [start, end), inside any <angle brackets>. */
export interface DestinationRange {
  start: number;
  end: number;
}

/** Filled while parsing: the tree keeps only the decoded URL, but an edit must replace exactly what the author wrote. */
export const destinationRanges = new WeakMap<object, DestinationRange>();

/** Thrown from inside the parse when a limit is broken, so the tree is never walked by code that recurses. */
export class MarkdownLimitError extends Error {
  constructor(readonly problem: LimitProblem) {
    super(problem.message);
  }
}

function recordDestination(this: CompileContext, token: Token): undefined {
  const url = this.resume();
  const node = this.stack[this.stack.length - 1];
  if (node && (node.type === 'link' || node.type === 'image' || node.type === 'definition')) {
    node.url = url;
    destinationRanges.set(node, { start: token.start.offset, end: token.end.offset });
  }
  return undefined;
}

const destinationOffsets: MdastExtension = {
  exit: { resourceDestinationString: recordDestination, definitionDestinationString: recordDestination },
};

/** Runs before GFM's own transform, which walks the tree recursively. */
const depthGuard: MdastExtension = {
  transforms: [
    (tree) => {
      const problem = checkTreeDepth(tree);
      if (problem) throw new MarkdownLimitError(problem);
    },
  ],
};

const GFM_SYNTAX: MicromarkExtension[] = [gfm()];
const GFM_TREE: MdastExtension[] = [depthGuard, ...gfmFromMarkdown(), destinationOffsets];

/** GitHub-flavoured Markdown, as dev.to, Hashnode and GitHub read it, with positions and destination ranges. */
export function parseGfm(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: GFM_SYNTAX, mdastExtensions: GFM_TREE });
}

interface MdxSyntax {
  extensions: MicromarkExtension[];
  mdastExtensions: MdastExtension[];
}

let mdxSyntax: MdxSyntax | undefined;

/** MDX's parser (acorn, JSX, ESM) is large: it is loaded only when a post is MDX, before analyseBody is called for it. */
export async function loadMdxSyntax(): Promise<void> {
  if (mdxSyntax) return;
  const [{ mdxjs }, { mdxFromMarkdown }, { math }, { mathFromMarkdown }] = await Promise.all([
    import('micromark-extension-mdxjs'),
    import('mdast-util-mdx'),
    import('micromark-extension-math'),
    import('mdast-util-math'),
  ]);
  // MDX sites write LaTeX with remark-math: without it, the braces in $\nabla_{W}$ would read as JavaScript.
  mdxSyntax = {
    extensions: [gfm(), math(), mdxjs()],
    mdastExtensions: [depthGuard, ...gfmFromMarkdown(), mathFromMarkdown(), ...mdxFromMarkdown(), destinationOffsets],
  };
}

/** An MDX body as a tree holding MDX nodes (ESM, JSX, expressions) beside Markdown. */
export function parseMdx(markdown: string): Root {
  if (!mdxSyntax) throw new Error('MDX syntax not loaded: await loadMdxSyntax() before analysing an MDX post');
  return fromMarkdown(markdown, mdxSyntax);
}

/**
 * Limits that keep hostile Markdown from hanging or crashing the parser (micromark): it handles a deep
 * nesting, but parts of its pipeline recurse (a 20,000-deep block quote overflows the stack), and some
 * shapes cost time that grows with the square of their size (nested or many brackets, long runs of
 * emphasis markers in one paragraph, huge paragraphs and tables). This linear pre-scan over the lines
 * refuses those shapes before parsing, each with its line; no real post comes near the limits.
 */

/** Block quotes and list items open on one line; brackets open at once in one paragraph. */
export const MAX_NESTING = 32;
/** Lines in one block without a blank line between (a paragraph, table or list). */
export const MAX_BLOCK_LINES = 3000;
/**
 * Sum over blocks of (emphasis and bracket characters in the block)²: what the parser's delimiter
 * matching costs. 20 million is tens of thousands of such characters spread over a post, or 4,000 in one block.
 */
export const MAX_DELIMITER_WORK = 20_000_000;
/** Depth of the parsed tree: every walk over it stays far from the stack limit. */
export const MAX_TREE_DEPTH = 200;

export interface LimitProblem {
  /** Offset in the body of the line the problem starts on. */
  offset: number;
  message: string;
}

const CONTAINER_PREFIX = /^(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+/;
const DELIMITER = /[*_~[\]]/g;

interface Block {
  offset: number;
  lines: number;
  delimiters: number;
  bracketDepth: number;
}

/** The first limit the body breaks, or undefined. */
export function checkMarkdownLimits(body: string): LimitProblem | undefined {
  let block: Block | undefined;
  let delimiterWork = 0;
  let busiest: Block | undefined;
  let offset = 0;
  while (offset <= body.length) {
    const lineEnd = body.indexOf('\n', offset);
    const end = lineEnd === -1 ? body.length : lineEnd;
    const line = body.slice(offset, end);
    if (line.trim() === '') {
      block = undefined;
    } else {
      block ??= { offset, lines: 0, delimiters: 0, bracketDepth: 0 };
      const problem = checkLine(line, offset, block);
      if (problem) return problem;
      block.lines += 1;
      if (block.lines > MAX_BLOCK_LINES) {
        return { offset: block.offset, message: `a block of more than ${MAX_BLOCK_LINES.toLocaleString('en')} lines without a blank line; split it` };
      }
      const delimiters = line.match(DELIMITER)?.length ?? 0;
      // (k + d)² − k² added line by line sums to the square of the block's count.
      delimiterWork += delimiters * (2 * block.delimiters + delimiters);
      block.delimiters += delimiters;
      if (!busiest || block.delimiters > busiest.delimiters) busiest = block;
      if (delimiterWork > MAX_DELIMITER_WORK) {
        return {
          offset: busiest.offset,
          message: `too many emphasis and bracket characters (* _ ~ [ ]) for xpost to parse safely, the most in the block starting here (${busiest.delimiters.toLocaleString('en')})`,
        };
      }
    }
    if (lineEnd === -1) break;
    offset = lineEnd + 1;
  }
  return undefined;
}

function checkLine(line: string, offset: number, block: Block): LimitProblem | undefined {
  const prefix = CONTAINER_PREFIX.exec(line)?.[0] ?? '';
  const markers = prefix.replace(/\d{1,9}[.)]/g, '1').replace(/[^>\-+*1]/g, '').length;
  // Indentation before a list marker is nesting too (a list 1,000 levels deep by indentation).
  const indentColumns = prefix.replace(/[^ \t]/g, '').replace(/\t/g, '    ').length;
  const nesting = markers + Math.floor(indentColumns / 4);
  if (nesting > MAX_NESTING) return { offset, message: `block quotes and lists nested ${nesting} levels deep; xpost accepts at most ${MAX_NESTING}` };
  for (let index = 0; index < line.length; index += 1) {
    const character = line.charCodeAt(index);
    if (character === 92 /* \ */) index += 1;
    else if (character === 91 /* [ */) {
      block.bracketDepth += 1;
      if (block.bracketDepth > MAX_NESTING) return { offset, message: `brackets nested more than ${MAX_NESTING} deep` };
    } else if (character === 93 /* ] */ && block.bracketDepth > 0) block.bracketDepth -= 1;
  }
  return undefined;
}

interface TreeNode {
  children?: TreeNode[];
  position?: { start: { offset?: number } };
}

/** The first node deeper than MAX_TREE_DEPTH, walked without recursion, or undefined. */
export function checkTreeDepth(tree: TreeNode): LimitProblem | undefined {
  const stack: Array<{ node: TreeNode; depth: number }> = [{ node: tree, depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (item.depth > MAX_TREE_DEPTH) {
      return { offset: item.node.position?.start.offset ?? 0, message: `Markdown nested more than ${MAX_TREE_DEPTH} levels deep` };
    }
    for (const child of item.node.children ?? []) stack.push({ node: child, depth: item.depth + 1 });
  }
  return undefined;
}

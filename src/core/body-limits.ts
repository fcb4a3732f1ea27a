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
 * matching costs. 10 million is tens of thousands of such characters spread over a post, or 3,000 in one block.
 */
export const MAX_DELIMITER_WORK = 10_000_000;
/** List items and quoted lines in the whole body: each costs the parser a nested tokenizer. */
export const MAX_CONTAINER_LINES = 3_000;
/** Table cell separators (|) in the whole body: table rows are the parser's costliest lines. */
export const MAX_TABLE_CELLS = 12_000;
/** '<' in the whole body: each one is tried as HTML and as an autolink. */
export const MAX_ANGLE_BRACKETS = 20_000;
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

interface Totals {
  containerLines: number;
  tableCells: number;
  angleBrackets: number;
}

const TOTAL_LIMITS: Array<{ key: keyof Totals; max: number; what: string }> = [
  { key: 'containerLines', max: MAX_CONTAINER_LINES, what: 'list items and quoted lines' },
  { key: 'tableCells', max: MAX_TABLE_CELLS, what: 'table cells (|)' },
  { key: 'angleBrackets', max: MAX_ANGLE_BRACKETS, what: "'<' characters" },
];

// A fence at the top level: its content is code, which the parser does not read for inline syntax.
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The first limit the body breaks, or undefined. */
export function checkMarkdownLimits(body: string): LimitProblem | undefined {
  let block: Block | undefined;
  let delimiterWork = 0;
  let busiest: Block | undefined;
  const totals: Totals = { containerLines: 0, tableCells: 0, angleBrackets: 0 };
  let fence: string | undefined;
  let offset = 0;
  while (offset <= body.length) {
    const lineEnd = body.indexOf('\n', offset);
    const end = lineEnd === -1 ? body.length : lineEnd;
    const line = body.slice(offset, end);
    const fenceMark = FENCE.exec(line)?.[1];
    const inFence = fence !== undefined;
    if (fence === undefined && fenceMark && !(fenceMark.startsWith('`') && line.slice(line.indexOf(fenceMark) + fenceMark.length).includes('`'))) fence = fenceMark;
    else if (fence !== undefined && fenceMark?.startsWith(fence) && line.trim() === fenceMark) fence = undefined;
    if (inFence) {
      // Code costs the parser little; only nesting, which its containers still carry, is checked.
      const nesting = checkNesting(line, offset);
      if (nesting) return nesting;
    } else if (line.trim() === '') {
      block = undefined;
    } else {
      block ??= { offset, lines: 0, delimiters: 0, bracketDepth: 0 };
      const problem = checkNesting(line, offset) ?? checkBrackets(line, offset, block) ?? countTotals(line, offset, totals);
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

function countTotals(line: string, offset: number, totals: Totals): LimitProblem | undefined {
  if (CONTAINER_PREFIX.test(line)) totals.containerLines += 1;
  for (let index = line.indexOf('|'); index !== -1; index = line.indexOf('|', index + 1)) totals.tableCells += 1;
  for (let index = line.indexOf('<'); index !== -1; index = line.indexOf('<', index + 1)) totals.angleBrackets += 1;
  const broken = TOTAL_LIMITS.find((limit) => totals[limit.key] > limit.max);
  return broken ? { offset, message: `more than ${broken.max.toLocaleString('en')} ${broken.what} in one post, too many to parse safely; this line is past the limit` } : undefined;
}

function checkNesting(line: string, offset: number): LimitProblem | undefined {
  const prefix = CONTAINER_PREFIX.exec(line)?.[0] ?? '';
  const markers = prefix.replace(/\d{1,9}[.)]/g, '1').replace(/[^>\-+*1]/g, '').length;
  // Indentation before a list marker is nesting too (a list 1,000 levels deep by indentation); the space after each marker is not.
  const indentColumns = Math.max(0, prefix.replace(/[^ \t]/g, '').replace(/\t/g, '    ').length - markers);
  const nesting = markers + Math.floor(indentColumns / 4);
  return nesting > MAX_NESTING ? { offset, message: `block quotes and lists nested ${nesting} levels deep; xpost accepts at most ${MAX_NESTING}` } : undefined;
}

function checkBrackets(line: string, offset: number, block: Block): LimitProblem | undefined {
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

import { describe, expect, it } from 'vitest';
import { analyseBody, renderMarkdown, renderPlainText, type BodyContext } from '../../src/core/body.js';
import { checkMarkdownLimits, MAX_NESTING } from '../../src/core/body-limits.js';
import { devtoEmbed } from '../helpers/embed-writers.js';
import { XpostError } from '../../src/errors/xpost-error.js';

const CONTEXT: BodyContext = { file: 'posts/hostile.md', bodyStartLine: 3, mdx: false, liquidOutput: true, title: 'Hostile', baseUrl: 'https://x.example/' };

/** Analysed, or the input error it was refused with; anything else (a RangeError, a crash) fails the test. */
function outcome(body: string): { accepted: true } | { accepted: false; error: XpostError } {
  try {
    analyseBody(body, CONTEXT);
    return { accepted: true };
  } catch (error) {
    if (error instanceof XpostError) return { accepted: false, error };
    throw error;
  }
}

function refusal(body: string): XpostError {
  const result = outcome(body);
  if (result.accepted) throw new Error('expected the body to be refused');
  expect(result.error.code).toBe('POST_INVALID');
  return result.error;
}

describe('hostile Markdown is refused with its line, never a stack overflow or a hang', () => {
  it('20,000 nested block quotes', () => {
    expect(refusal(`Intro.\n\n${'>'.repeat(20_000)} deep\n`).message).toBe(
      `posts/hostile.md:5: block quotes and lists nested 20000 levels deep; xpost accepts at most ${MAX_NESTING}`,
    );
  });

  it('a 1,000-level list, by indentation or on one line', () => {
    const indented = Array.from({ length: 1000 }, (_, level) => `${'  '.repeat(level)}- level ${level}`).join('\n');
    expect(refusal(`${indented}\n`).message).toMatch(/^posts\/hostile\.md:\d+: block quotes and lists nested 33 levels deep/);
    expect(refusal(`${'> '.repeat(MAX_NESTING + 1)}x\n`).message).toMatch(/nested 33 levels deep/);
    expect(refusal(`${'- '.repeat(1000)}x\n`).message).toMatch(/^posts\/hostile\.md:3: block quotes and lists nested \d{4} levels deep/);
    expect(refusal(`${'1. '.repeat(500)}${'> '.repeat(500)}x\n`).message).toMatch(/^posts\/hostile\.md:3: block quotes and lists nested \d{4} levels deep/);
  });

  it('100 KB of nested brackets, open or closed', () => {
    expect(refusal(`${'['.repeat(100_000)}\n`).message).toBe('posts/hostile.md:3: brackets nested more than 32 deep');
    expect(refusal(`Text.\n\n${'['.repeat(50_000)}a${']'.repeat(50_000)}\n`).message).toBe('posts/hostile.md:5: brackets nested more than 32 deep');
  });

  it('100 KB of bracket pairs and long emphasis runs in one paragraph', () => {
    for (const body of ['[a] '.repeat(25_000), `${'*'.repeat(50_000)}a${'*'.repeat(50_000)}`, '*_'.repeat(50_000), '~~a '.repeat(25_000)]) {
      expect(refusal(`${body}\n`).message).toMatch(/^posts\/hostile\.md:3: too many emphasis and bracket characters/);
    }
  });

  it('emphasis spread over many paragraphs adds up', () => {
    expect(refusal(`${'*_'.repeat(100)}\n\n`.repeat(5_000)).message).toMatch(/too many emphasis and bracket characters/);
  });

  it('a 300 KB table, and many tables that add up', () => {
    const rows = (count: number) => `| a | b | c |\n| - | - | - |\n${'| x | y | z |\n'.repeat(count)}`;
    expect(refusal(rows(21_000)).message).toBe('posts/hostile.md:3003: more than 12,000 table cells (|) in one post, too many to parse safely; this line is past the limit');
    expect(refusal(`a | b\n- | -\n${'x | y\n'.repeat(60_000)}`).message).toBe('posts/hostile.md:3: a block of more than 3,000 lines without a blank line; split it');
    expect(refusal(`${rows(2_000)}\n`.repeat(10)).message).toMatch(/more than 12,000 table cells \(\|\) in one post/);
  });

  it('many < characters, and many list items', () => {
    expect(refusal(`${'<'.repeat(300_000)}\n`).message).toMatch(/^posts\/hostile\.md:3: more than 20,000 '<' characters in one post/);
    expect(refusal(`${'<a '.repeat(100_000)}\n`).message).toMatch(/'<' characters/);
    expect(refusal('- item\n\n'.repeat(125_000)).message).toMatch(/^posts\/hostile\.md:6003: more than 3,000 list items and quoted lines in one post/);
  });

  it('deeply nested inline content is refused after parsing, before anything walks the tree', () => {
    expect(refusal(`${'*'.repeat(1_500)}a${'*'.repeat(1_500)}\n`).message).toBe('posts/hostile.md:3: Markdown nested more than 200 levels deep');
  });

  it('thousands of nested HTML elements are raw HTML, passed through', () => {
    for (const html of ['<div>'.repeat(19_000), '<blockquote class="twitter-tweet">'.repeat(19_000), `${'<b>'.repeat(5_000)}${'</i>'.repeat(14_000)}`]) {
      expect(outcome(`${html}\n`).accepted).toBe(true);
    }
  });

  it('unclosed generator delimiters stay linear and are the author\'s text', () => {
    expect(outcome(`${'{% '.repeat(100_000)}\n`).accepted).toBe(true);
    expect(outcome(`${'{{ '.repeat(100_000)}\n`).accepted).toBe(true);
  });

  it('a thousand problems are summarised, not listed one by one', () => {
    const lines = refusal('{{< unknown >}}\n\n'.repeat(1_000)).message.split('\n');
    expect(lines).toHaveLength(51);
    expect(lines.at(-1)).toBe('posts/hostile.md: … and 950 more');
  });
});

describe('real posts stay far from the limits', () => {
  it('accepts nesting up to the limit and renders it as plain text', () => {
    const quotes = `${'> '.repeat(MAX_NESTING)}deep quote\n`;
    const list = Array.from({ length: 16 }, (_, level) => `${'  '.repeat(level)}- level ${level}`).join('\n');
    const source = `${quotes}\n${list}\n\n${'[a] '.repeat(500)}\n`;
    const analysis = analyseBody(source, CONTEXT);
    expect(renderMarkdown(analysis, { embed: devtoEmbed, tables: 'keep' })).toBe(source);
    expect(renderPlainText(analysis)).toContain('deep quote');
  });

  it('does not count code: a long code block full of operators and pipes is fine', () => {
    const code = `\`\`\`js\n${'const x_y = a[0] * b[1] | c < d; // *_*\n'.repeat(5_000)}\`\`\`\n`;
    expect(checkMarkdownLimits(code)).toBeUndefined();
    expect(outcome(code).accepted).toBe(true);
  });
});

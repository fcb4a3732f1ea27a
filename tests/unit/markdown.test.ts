import { describe, expect, it } from 'vitest';
import type { Root } from 'mdast';
import { XpostError } from '../../src/errors/xpost-error.js';
import { analyseBody, renderMarkdown, type BodyContext } from '../../src/core/body.js';
import { parseGfm } from '../../src/core/body-parse.js';
import { devtoEmbed } from '../helpers/embed-writers.js';
import { postFacts } from '../../src/core/markdown.js';

const CANONICAL = 'https://blog.example.com/posts/my-post/';
const bodyContext: BodyContext = { file: 'posts/a.md', bodyStartLine: 5, mdx: false, liquidOutput: false, title: 'My Post', baseUrl: CANONICAL };
const parseMarkdown = (markdown: string): Root => parseGfm(markdown);

function rendered(markdown: string, options: Partial<BodyContext> = {}, tables: 'keep' | 'text-block' = 'keep'): string {
  return renderMarkdown(analyseBody(markdown, { ...bodyContext, ...options }), { embed: devtoEmbed, tables });
}

const absolutised = (markdown: string, options: Partial<BodyContext> = {}): string => rendered(markdown, options);

function dataImageError(markdown: string, bodyStartLine: number): XpostError {
  try {
    analyseBody(markdown, { ...bodyContext, bodyStartLine });
  } catch (error) {
    if (error instanceof XpostError) return error;
    throw error;
  }
  throw new Error('expected a data: image error');
}

describe('renderMarkdown keeps the author\'s text', () => {
  it('returns a post with nothing to change byte for byte, GFM included', () => {
    const source = '# Title\n\nSome *em* and **strong** and ~~gone~~.\n\n- one\n- two\n\n```js\nconst x = 1;\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |\n';
    expect(rendered(source)).toBe(source);
  });

  it('does not escape underscores inside words', () => {
    expect(rendered('use snake_case_names here\n')).toBe('use snake_case_names here\n');
  });
});

describe('absolute URLs', () => {
  it('resolves relative images and links against a canonical URL ending in /', () => {
    const markdown = absolutised('![a](./images/a.png) [up](../b/) ![x](/img/x.png) [q](?page=2)\n');
    expect(markdown).toContain('(https://blog.example.com/posts/my-post/images/a.png)');
    expect(markdown).toContain('(https://blog.example.com/posts/b/)');
    expect(markdown).toContain('(https://blog.example.com/img/x.png)');
    expect(markdown).toContain('(https://blog.example.com/posts/my-post/?page=2)');
  });

  it('resolves site-absolute paths against siteOrigin when given', () => {
    const markdown = absolutised('![x](/img/x.png) ![y](y.png)\n', { siteOrigin: 'https://cdn.example.net' });
    expect(markdown).toContain('(https://cdn.example.net/img/x.png)');
    expect(markdown).toContain('(https://blog.example.com/posts/my-post/y.png)');
  });

  it('resolves reference definitions', () => {
    const markdown = absolutised('See [the docs][docs].\n\n[docs]: ./docs/ "Docs"\n');
    expect(markdown).toContain('[docs]: https://blog.example.com/posts/my-post/docs/ "Docs"');
  });

  it('leaves absolute, mailto, fragment-only links alone and gives protocol-relative ones the base scheme', () => {
    const markdown = absolutised(
      '[a](https://other.example.org/x) [m](mailto:me@example.com) [f](#setup) ![p](//cdn.example.org/p.png)\n',
    );
    expect(markdown).toContain('(https://other.example.org/x)');
    expect(markdown).toContain('(mailto:me@example.com)');
    expect(markdown).toContain('(#setup)');
    expect(markdown).toContain('(https://cdn.example.org/p.png)');
  });

  it('rewrites src and href inside inline and block HTML, and nothing else', () => {
    const source = '<p align="center"><img alt="src=./no.png" src="./a.png" width="300"></p>\n\nText <a href=\'../b/\'>link</a> and <a href="https://x.org/">x</a>.\n';
    const markdown = absolutised(source);
    expect(markdown).toContain('<img alt="src=./no.png" src="https://blog.example.com/posts/my-post/a.png" width="300">');
    expect(markdown).toContain("<a href='https://blog.example.com/posts/b/'>link</a>");
    expect(markdown).toContain('<a href="https://x.org/">x</a>');
  });

  it('reports a data: image with the file and its line in the file', () => {
    // Body line 10 with the body starting on file line 5 is file line 14.
    const body = `${'para\n\n'.repeat(4)}intro\n![chart](data:image/png;base64,iVBORw0KGgo=)\n`;
    const error = dataImageError(body, 5);
    expect(error.code).toBe('POST_INVALID');
    expect(error.file).toBe('posts/a.md');
    expect(error.message).toBe('posts/a.md:14: image uses a data: URI; platforms reject inline images.');
    expect(error.hint).toContain('Put the image in a file');
  });

  it('reports every data: image, Markdown, reference and HTML alike', () => {
    const body = [
      '![one](data:image/png;base64,AAA)',
      '',
      '<div>',
      '<img src="data:image/gif;base64,BBB">',
      '</div>',
      '',
      'Text ![ref][pic]',
      '',
      '[pic]: data:image/png;base64,CCC',
      '',
    ].join('\n');
    const { message } = dataImageError(body, 1);
    expect(message.split('\n').map((line) => line.split(':').slice(0, 2).join(':'))).toEqual([
      'posts/a.md:1',
      'posts/a.md:4',
      'posts/a.md:7',
    ]);
  });

  it('without a base URL refuses relative URLs, naming each line, and still finds data: images', () => {
    const noBase = { ...bodyContext, baseUrl: undefined, bodyStartLine: 1 };
    expect(() => analyseBody('![a](./a.png)\n\n[b](/b)\n', noBase)).toThrow(
      /^posts\/a\.md:1: relative link or image "\.\/a\.png" has no address to resolve against\nposts\/a\.md:3: relative link or image "\/b"/,
    );
    expect(() => analyseBody('![a](data:image/png;base64,AA)\n', { ...noBase, bodyStartLine: 3 })).toThrow(/^posts\/a\.md:3: image uses a data: URI/);
    expect(rendered('[a](https://x.org/) [f](#top) [m](mailto:a@b.c)\n', { baseUrl: undefined })).toBe('[a](https://x.org/) [f](#top) [m](mailto:a@b.c)\n');
  });
});

describe('tables for Medium', () => {
  it('turns a table into an aligned text block with every cell value and no table syntax', () => {
    const output = rendered('Before\n\n| Name | Stars |\n| :--- | ----: |\n| remark | 8000 |\n| [unified](https://unifiedjs.com) | 4500 |\n\nAfter\n', {}, 'text-block');
    expect(output).not.toMatch(/\|\s*:?-+:?\s*\|/);
    expect(output).not.toContain('|');
    for (const value of ['Name', 'Stars', 'remark', '8000', 'unified (https://unifiedjs.com)', '4500']) expect(output).toContain(value);
    const block = /```text\n([\s\S]*?)\n```/.exec(output)?.[1] ?? '';
    const lines = block.split('\n');
    expect(lines).toHaveLength(4);
    // Right-aligned column: every number ends at the same column.
    expect(new Set(lines.filter((line) => /\d$/.test(line)).map((line) => line.length)).size).toBe(1);
    expect(output).toMatch(/^Before\n\n```text\n/);
    expect(output).toMatch(/```\n\nAfter\n$/);
  });
});

describe('postFacts', () => {
  it('counts prose words, not code, for reading time', () => {
    const prose = Array.from({ length: 450 }, (_, index) => `word${index}`).join(' ');
    const code = Array.from({ length: 1000 }, () => 'token').join(' ');
    const facts = postFacts(parseMarkdown(`${prose}\n\n\`\`\`\n${code}\n\`\`\`\n`));
    expect(facts.wordCount).toBe(450);
    expect(facts.readingTimeMinutes).toBe(3);
  });

  it('reads at least one minute', () => {
    expect(postFacts(parseMarkdown('Short.\n')).readingTimeMinutes).toBe(1);
  });

  it('lists headings of depth 2 and 3 as plain text', () => {
    const facts = postFacts(parseMarkdown('# Title\n\n## Why *this*\n\n### `code` step\n\n#### Too deep\n\n## End\n'));
    expect(facts.headings).toEqual([
      { depth: 2, text: 'Why this' },
      { depth: 3, text: 'code step' },
      { depth: 2, text: 'End' },
    ]);
  });

  it('takes the first paragraph as the excerpt, skipping image-only paragraphs', () => {
    const facts = postFacts(parseMarkdown('# Title\n\n![hero](hero.png)\n\nThis is **the** [lead](https://x.org).\n\nSecond.\n'));
    expect(facts.excerpt).toBe('This is the lead.');
  });

  it('cuts a long excerpt at a word boundary with an ellipsis', () => {
    const paragraph = Array.from({ length: 60 }, (_, index) => `word${index},`).join(' ');
    const { excerpt } = postFacts(parseMarkdown(`${paragraph}\n`));
    expect(Array.from(excerpt).length).toBeLessThanOrEqual(200);
    expect(excerpt.endsWith('…')).toBe(true);
    const kept = excerpt.slice(0, -1).split(' ');
    expect(paragraph.startsWith(kept.join(' '))).toBe(true);
    expect(kept.at(-1)).toMatch(/^word\d+$/);
  });
});

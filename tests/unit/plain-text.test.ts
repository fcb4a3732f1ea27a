import { describe, expect, it } from 'vitest';
import { parseGfm as parseMarkdown } from '../../src/core/body-parse.js';
import { markdownToPlainText } from '../../src/core/plain-text.js';

const plain = (markdown: string, images?: 'drop' | 'alt'): string => markdownToPlainText(parseMarkdown(markdown), { images });

describe('markdownToPlainText', () => {
  const post = [
    '# A title',
    '',
    'Some **bold**, __strong__, *em*, _em_, ~~gone~~ and `code` with a',
    'soft line break.',
    '',
    'A [link](https://a.example/x), <https://b.example/>, [ref][r] and [jump](#setup).',
    '',
    '> Quoted **wisdom**.',
    '',
    '- one',
    '  - nested *two*',
    '- three',
    '',
    '1. first',
    '2. second',
    '',
    '```ts',
    'const answer = 42;',
    '```',
    '',
    '---',
    '',
    '| Tool | Use |',
    '| ---- | --- |',
    '| `tsup` | **bundle** |',
    '',
    '<p align="center"><b>Bold HTML</b> &amp; more</p>',
    '',
    '[r]: https://r.example/',
    '',
  ].join('\n');

  it('leaves no Markdown syntax behind', () => {
    const text = plain(post);
    for (const syntax of ['**', '__', '`', '](', '~~', '<p', '</b>', '---', '| ']) expect(text).not.toContain(syntax);
  });

  it('keeps the words of every kind of block', () => {
    const text = plain(post);
    expect(text).toMatch(/^A title\n\nSome bold, strong, em, em, gone and code with a soft line break\.\n\n/);
    expect(text).toContain('Quoted wisdom.');
    expect(text).toContain('const answer = 42;');
    expect(text).toContain('Tool — Use\ntsup — bundle');
    expect(text).toContain('Bold HTML & more');
  });

  it('spells links out as "text (url)", or just the url when the text is the url', () => {
    const text = plain(post);
    expect(text).toContain('A link (https://a.example/x), https://b.example/, ref (https://r.example/) and jump.');
  });

  it('uses "• " bullets, "1. " numbers and indents nested lists', () => {
    const text = plain(post);
    expect(text).toContain('• one\n  • nested two\n• three');
    expect(text).toContain('1. first\n2. second');
  });

  it('drops images by default and can keep their alt text', () => {
    expect(plain('Look ![a chart](chart.png) here.\n')).toBe('Look here.');
    expect(plain('Look ![a chart](chart.png) here.\n', 'alt')).toBe('Look [image: a chart] here.');
  });

  it('has no trailing spaces and never more than one blank line', () => {
    const text = plain('One  \ntwo\n\n\n\n<div>\n\n</div>\n\n***\n\nThree\n');
    expect(text).not.toMatch(/[ \t]$/m);
    expect(text).not.toMatch(/\n{3,}/);
    expect(text).toBe('One\ntwo\n\nThree');
  });
});

import { describe, expect, it } from 'vitest';
import { parseGfm as parseMarkdown } from '../../src/core/body-parse.js';
import { sectionsOf } from '../../src/core/sections.js';

const sections = (markdown: string) => sectionsOf(parseMarkdown(markdown));

describe('sectionsOf', () => {
  it('gives each second-level heading with the first paragraph under it, as plain text', () => {
    const markdown = `Intro that belongs to no section.

## Why **small** releases win

Small releases are *easy* to [review](https://example.com/review).

A second paragraph the thread does not need.

### A subheading

More text.

## Wrap-up

That is all.
`;
    expect(sections(markdown)).toEqual([
      { title: 'Why small releases win', summary: 'Small releases are easy to review (https://example.com/review).' },
      { title: 'Wrap-up', summary: 'That is all.' },
    ]);
  });

  it('keeps the list a lead-in paragraph introduces, as "• item" lines', () => {
    const markdown = `## Set-up

You need three things:

- Node.js **20.19** or later
- a [dev.to key](https://dev.to/settings/extensions)
- ten minutes

Then run the installer.
`;
    expect(sections(markdown)).toEqual([
      {
        title: 'Set-up',
        summary: 'You need three things:\n\n• Node.js 20.19 or later\n• a dev.to key (https://dev.to/settings/extensions)\n• ten minutes',
      },
    ]);
  });

  it('keeps an ordered list with its numbers', () => {
    const markdown = '## Steps\n\nDo this, in order:\n\n1. Build.\n2. Test.\n3. Ship.\n';
    expect(sections(markdown)[0]?.summary).toBe('Do this, in order:\n\n1. Build.\n2. Test.\n3. Ship.');
  });

  it('shows the first three items of a longer list, then "…", and each item\'s first paragraph only', () => {
    const markdown = '## Options\n\nYou can set:\n\n1. `title`\n2. `tags`, with a note:\n\n   ```yaml\n   tags: [a]\n   ```\n\n   - nested\n3. `series`\n4. `cover_image`\n5. `canonical_url`\n';
    expect(sections(markdown)[0]?.summary).toBe('You can set:\n\n1. title\n2. tags, with a note:\n3. series\n…');
  });

  it('shows fewer items when three would be long, and always at least one', () => {
    const item = (n: number) => `- Item ${n} is a long explanation of one option that goes on for a while.`;
    const markdown = `## Long\n\nThe options:\n\n${[1, 2, 3, 4].map(item).join('\n')}\n`;
    const summary = sections(markdown)[0]?.summary ?? '';
    expect(summary).toMatch(/^The options:\n\n• Item 1 is a long explanation[^\n]*\n• Item 2 [^\n]*\n…$/);
    const huge = `## Huge\n\nOne option:\n\n- ${'word '.repeat(80).trim()}\n- second\n`;
    expect(sections(huge)[0]?.summary).toBe(`One option:\n\n• ${'word '.repeat(80).trim()}\n…`);
  });

  it('leaves code, tables and HTML out, and the sentence that introduces them with them', () => {
    const markdown = '## Install\n\nIt is one command. Run this:\n\n```sh\nnpm install -g xpost\nxpost init\n```\n\nAnd you are done.\n';
    expect(sections(markdown)[0]?.summary).toBe('It is one command.');
    expect(sections('## Install\n\nRun this:\n\n```sh\nnpm i\n```\n\nAnd you are done.\n\nMore.\n')[0]?.summary).toBe('And you are done.');
    expect(sections('## Data\n\nTwo parts. The numbers:\n\n| a | b |\n| - | - |\n| 1 | 2 |\n')[0]?.summary).toBe('Two parts.');
    expect(sections('## Demo\n\nLook:\n\n<div>\n<video src="a.mp4"></video>\n</div>\n\nIt loops.\n')[0]?.summary).toBe('It loops.');
    expect(sections('## Only a promise\n\nRun this:\n\n```sh\nnpm i\n```\n')).toEqual([]);
  });

  it('follows a chain of lead-ins, and the full-width colon of CJK text', () => {
    expect(sections('## Plan\n\nTwo parts:\n\nThe first has steps:\n\n- one\n- two\n')[0]?.summary).toBe(
      'Two parts:\n\nThe first has steps:\n\n• one\n• two',
    );
    expect(sections('## 手順\n\n次の三つです：\n\n- 準備\n- 実行\n')[0]?.summary).toBe('次の三つです：\n\n• 準備\n• 実行');
  });

  it('takes nothing more when the paragraph ends otherwise, or only mentions a colon', () => {
    expect(sections('## A\n\nNote: this matters.\n\n- not introduced\n')[0]?.summary).toBe('Note: this matters.');
    expect(sections('## A\n\nSee https://example.com/a:b\n\n- not introduced\n')[0]?.summary).toBe('See https://example.com/a:b');
  });

  it('does not run into the next section when a lead-in has nothing under it', () => {
    expect(sections('## A\n\nHere is how:\n\n## B\n\nText.\n')).toEqual([
      { title: 'A', summary: 'Here is how:' },
      { title: 'B', summary: 'Text.' },
    ]);
    expect(sections('## A\n\nHere is how:\n\n---\n\nAfter the rule.\n')[0]?.summary).toBe('Here is how:');
  });

  it('passes over an image that shows nothing in plain text', () => {
    expect(sections('## Result\n\n![chart](chart.png)\n\nIt got faster.\n')[0]?.summary).toBe('It got faster.');
    expect(sections('## Result\n\nThe chart:\n\n![chart](chart.png)\n\nIt got faster.\n')[0]?.summary).toBe('The chart:\n\nIt got faster.');
  });

  it('resolves reference-style links from definitions anywhere in the post', () => {
    const markdown = '## Docs\n\nRead [the guide][guide].\n\n## More\n\nText.\n\n[guide]: https://example.com/guide\n';
    expect(sections(markdown)[0]?.summary).toBe('Read the guide (https://example.com/guide).');
  });

  it('leaves out a heading with no prose under it', () => {
    expect(sections('## Only code\n\n```js\nconsole.log(1);\n```\n\n## Prose\n\nYes.\n')).toEqual([{ title: 'Prose', summary: 'Yes.' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { analyseBody, renderMarkdown, renderPlainText, type BodyContext, type MarkdownStyle } from '../../src/core/body.js';
import { linkEmbed } from '../../src/core/embeds.js';
import { devtoEmbed, hashnodeEmbed, mediumEmbed } from '../helpers/embed-writers.js';
import { XpostError } from '../../src/errors/xpost-error.js';

const CANONICAL = 'https://blog.example.com/posts/my-post/';
const CONTEXT: BodyContext = {
  file: 'posts/my-post.md',
  bodyStartLine: 4,
  mdx: false,
  liquidOutput: false,
  title: 'My Post',
  baseUrl: CANONICAL,
  siteOrigin: 'https://blog.example.com',
  siteUrl: 'https://blog.example.com/',
};
const STYLES: Record<string, MarkdownStyle> = {
  devto: { embed: devtoEmbed, tables: 'keep' },
  hashnode: { embed: hashnodeEmbed, tables: 'keep' },
  medium: { embed: mediumEmbed, tables: 'text-block' },
  reddit: { embed: linkEmbed, tables: 'keep' },
};

function render(source: string, platform = 'devto', context: Partial<BodyContext> = {}): string {
  return renderMarkdown(analyseBody(source, { ...CONTEXT, ...context }), STYLES[platform] ?? STYLES.devto!);
}

function problemOf(source: string, context: Partial<BodyContext> = {}): XpostError {
  try {
    analyseBody(source, { ...CONTEXT, ...context });
  } catch (error) {
    if (error instanceof XpostError) return error;
    throw error;
  }
  throw new Error('expected an XpostError');
}

describe('renderMarkdown: the author\'s bytes, except the spans xpost must change', () => {
  const UNTOUCHED = [
    ['inline and display LaTeX', 'The gradient $\\nabla_{W} L$ and $a_1 * b_2$ shrink.\n\n$$\n\\sum_{i=1}^{n} x_i^2 \\quad \\text{and} \\; \\frac{a}{b}\n$$\n'],
    ['footnotes', 'A claim.[^1] Another.[^note]\n\n[^1]: The *source*.\n[^note]: A longer\n    note.\n'],
    ['an HTML table', '<table>\n  <tr><th>A</th><th>B</th></tr>\n  <tr><td>1</td><td>2</td></tr>\n</table>\n'],
    ['mixed emphasis', 'Both *stars* and _underscores_, **strong** and __strong__, ***both*** and a snake_case_name.\n'],
    ['+ list markers and loose lists', '+ one\n+ two\n\n  still two\n+ three\n\n1) first\n2) second\n'],
    ['a padded GFM table', '| Name   | Stars |\n|:-------|------:|\n| remark |  8000 |\n| a\\|b   |     1 |\n'],
    ['reference links', 'See [the docs][docs] and [this] and [Docs].\n\n[docs]: https://example.org/docs "The docs"\n[this]: <https://example.org/a b>\n'],
    ['hard breaks and trailing spaces', 'Line one  \nline two\\\nline three   \n\nTrailing tab\t\n'],
    ['escapes', 'Not \\*emphasis\\*, a \\_literal\\_, 1\\. not a list, \\# not a heading, &amp; &copy;.\n'],
    ['setext headings and rules', 'Title\n=====\n\nSub\n---\n\n***\n\n* * *\n'],
    ['code blocks of every kind', '~~~python title="x.py"\nprint("{{< youtube x >}}")\n~~~\n\n    indented {% embed x %}\n\n`{{< tweet 1 >}}` inline\n'],
  ] as const;

  for (const [name, source] of UNTOUCHED) {
    it(`keeps ${name} byte for byte on every Markdown platform`, () => {
      for (const platform of Object.keys(STYLES)) {
        if (platform === 'medium' && name === 'a padded GFM table') continue;
        expect(render(source, platform), `${platform}: ${name}`).toBe(source);
      }
    });
  }

  it('changes only the relative URLs in a post full of LaTeX and escapes', () => {
    const source = 'Loss $\\nabla_{W}$ \\_raw\\_ ![plot](./plot.png "Plot") [next](../next/) [ext](https://x.org/a_b).\n\n[ref]: img/a.png\n';
    expect(render(source)).toBe(
      'Loss $\\nabla_{W}$ \\_raw\\_ ![plot](https://blog.example.com/posts/my-post/plot.png "Plot") [next](https://blog.example.com/posts/next/) [ext](https://x.org/a_b).\n\n[ref]: https://blog.example.com/posts/my-post/img/a.png\n',
    );
  });

  it('rewrites URLs in angle brackets and encodes what a bare destination cannot hold', () => {
    expect(render('[a](<my file.png>) [b](a\\(1\\).png)\n')).toBe(
      '[a](<https://blog.example.com/posts/my-post/my%20file.png>) [b](https://blog.example.com/posts/my-post/a%281%29.png)\n',
    );
  });

  it('rewrites src, href, srcset and poster in HTML and nothing else, inside block quotes too', () => {
    const source = '> <img alt="src=./no.png" src="./a.png" srcset="a.png 1x, /b.png 2x">\n\n<video poster=p.jpg></video> <a href=\'../c/\'>c</a>\n';
    expect(render(source)).toBe(
      '> <img alt="src=./no.png" src="https://blog.example.com/posts/my-post/a.png" srcset="https://blog.example.com/posts/my-post/a.png 1x, https://blog.example.com/b.png 2x">\n\n<video poster=https://blog.example.com/posts/my-post/p.jpg></video> <a href=\'https://blog.example.com/posts/c/\'>c</a>\n',
    );
  });

  it('drops a first heading that repeats the title, and keeps any other', () => {
    expect(render('# My  post\n\nHello [a](a/).\n')).toBe('Hello [a](https://blog.example.com/posts/my-post/a/).\n');
    expect(render('# Another\n\nHello.\n')).toBe('# Another\n\nHello.\n');
    expect(render('Intro.\n\n# My Post\n')).toBe('Intro.\n\n# My Post\n');
  });

  it('lays Medium\'s tables out as text blocks, also inside a block quote, and leaves the rest as written', () => {
    const source = 'Intro *kept*.\n\n> | a | b |\n> |---|--:|\n> | [x](x/) | 10 |\n\nEnd.\n';
    expect(render(source, 'medium')).toBe(
      [
        'Intro *kept*.',
        '',
        '> ```text',
        '> a                                               b',
        '> ---------------------------------------------  --',
        '> x (https://blog.example.com/posts/my-post/x/)  10',
        '> ```',
        '',
        'End.',
        '',
      ].join('\n'),
    );
    expect(render(source, 'devto')).toBe(source.replace('(x/)', '(https://blog.example.com/posts/my-post/x/)'));
  });
});

describe('problems are reported together, each with its line in the file', () => {
  it('lists data: images and relative URLs without a base in line order, with both hints', () => {
    const source = 'Intro.\n\n![a](data:image/png;base64,AA)\n\n[rel](./x/)\n\n<img src="y.png">\n';
    const error = problemOf(source, { baseUrl: undefined, siteOrigin: undefined });
    expect(error.code).toBe('POST_INVALID');
    expect(error.message.split('\n')).toEqual([
      'posts/my-post.md:6: image uses a data: URI; platforms reject inline images.',
      'posts/my-post.md:8: relative link or image "./x/" has no address to resolve against',
      'posts/my-post.md:10: relative link or image "y.png" has no address to resolve against',
    ]);
    expect(error.hint).toContain('Put the image in a file');
    expect(error.hint).toMatch(/site\.url.*site\.canonical/s);
  });

  it('names the author\'s line for problems found after generator syntax was converted', () => {
    const source = '{{< figure src="a.png" caption="A\nlong caption" >}}\n\n{{< youtube id="dQw4w9WgXcQ" >}}\n\n![b](data:image/png;base64,AA)\n';
    const error = problemOf(source);
    expect(error.message).toBe('posts/my-post.md:9: image uses a data: URI; platforms reject inline images.');
  });
});

describe('embeds', () => {
  const SOURCE = [
    'Intro.',
    '',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    '',
    '<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/aaaaaaaaaaa?start=5&amp;si=x" title="YouTube video player" allowfullscreen></iframe>',
    '',
    '<blockquote class="twitter-tweet"><p lang="en">Hello</p>&mdash; Jack (@jack) <a href="https://twitter.com/jack/status/20?ref_src=twsrc%5Etfw">March 21, 2006</a></blockquote> <script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>',
    '',
    '<script src="https://gist.github.com/octocat/6cad326836d38bd3a7ae.js"></script>',
    '',
    '<p class="codepen" data-height="300" data-slug-hash="abcDEF" data-user="chriscoyier"><span>See the Pen</span></p>',
    '<script async src="https://cpwebassets.codepen.io/assets/embed/ei.js"></script>',
    '',
    '{% embed https://codesandbox.io/s/new %}',
    '',
    'Not alone: https://vimeo.com/76979871 in a sentence.',
    '',
  ].join('\n');
  const URLS = [
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://www.youtube.com/watch?v=aaaaaaaaaaa',
    'https://twitter.com/jack/status/20',
    'https://gist.github.com/octocat/6cad326836d38bd3a7ae',
    'https://codepen.io/chriscoyier/pen/abcDEF',
    'https://codesandbox.io/s/new',
  ];

  it('are written in each platform\'s own form, each on a line of its own', () => {
    const expected = {
      devto: [...URLS.slice(0, 5).map((url) => `{% embed ${url} %}`), '{% embed https://codesandbox.io/s/new %}'],
      hashnode: URLS.map((url) => `%[${url}]`),
      medium: URLS,
      reddit: URLS,
    };
    for (const [platform, embeds] of Object.entries(expected)) {
      const output = render(SOURCE, platform);
      expect(output, platform).toBe(`Intro.\n\n${embeds.join('\n\n')}\n\nNot alone: https://vimeo.com/76979871 in a sentence.\n`);
    }
  });

  it('are their URL in plain text', () => {
    const text = renderPlainText(analyseBody(SOURCE, CONTEXT));
    for (const url of URLS) expect(text).toContain(url);
    expect(text).not.toMatch(/<|iframe|widgets\.js|Hello/);
  });

  it('from an unknown site become a link with a note, never a dead embed', () => {
    const analysis = analyseBody('<iframe src="https://maps.example.net/embed?pb=1" title="Map"></iframe>\n\n<script>alert(1)</script>\n', CONTEXT);
    expect(renderMarkdown(analysis, STYLES.hashnode!)).toBe('https://maps.example.net/embed?pb=1\n\n\n');
    expect(analysis.notes).toEqual([
      'posts/my-post.md:4: an <iframe> from maps.example.net is sent as a link: no platform embeds that site',
      'posts/my-post.md:6: an inline <script> was removed: no platform runs scripts',
    ]);
  });

  it('inside other HTML become links in place, with a note', () => {
    const analysis = analyseBody('<figure><iframe src="https://player.vimeo.com/video/1"></iframe><figcaption>Demo</figcaption></figure>\n', CONTEXT);
    expect(renderMarkdown(analysis, STYLES.devto!)).toBe('<figure><a href="https://vimeo.com/1">https://vimeo.com/1</a><figcaption>Demo</figcaption></figure>\n');
    expect(analysis.notes).toContain('posts/my-post.md:4: an embed inside other HTML is sent as a link');
  });
});

describe('facts and plain text come from the analysed tree', () => {
  it('count words and list headings without the dropped title', () => {
    const analysis = analyseBody('# My Post\n\nOne two three.\n\n## Part *one*\n\nFour.\n', CONTEXT);
    expect(analysis.facts.wordCount).toBe(6);
    expect(analysis.facts.headings).toEqual([{ depth: 2, text: 'Part one' }]);
    expect(analysis.facts.excerpt).toBe('One two three.');
    expect(renderPlainText(analysis)).toBe('One two three.\n\nPart one\n\nFour.');
  });
});

describe('an embed that touches a line of text', () => {
  it('gets a paragraph of its own, from a shortcode or an HTML block, and keeps lines of its own in messages', () => {
    const source = 'Watch this:\n{{< youtube dQw4w9WgXcQ >}}\nGreat.\n\nAnd:\n<iframe src="https://player.vimeo.com/video/1"></iframe>\n\n![x](data:image/png;base64,AA)\n';
    const problem = (() => {
      try {
        analyseBody(source, CONTEXT);
      } catch (error) {
        return error as XpostError;
      }
      return undefined;
    })();
    expect(problem?.message).toBe('posts/my-post.md:11: image uses a data: URI; platforms reject inline images.');
    const fixed = source.replace('\n![x](data:image/png;base64,AA)\n', '');
    expect(render(fixed, 'medium')).toBe('Watch this:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nGreat.\n\nAnd:\n\nhttps://vimeo.com/1\n');
    expect(render(fixed, 'hashnode')).toBe('Watch this:\n\n%[https://www.youtube.com/watch?v=dQw4w9WgXcQ]\n\nGreat.\n\nAnd:\n\n%[https://vimeo.com/1]\n');
  });
});

describe('dev.to runs Liquid over the whole body', () => {
  it('gets text that looks like Liquid inside {% raw %}, while its own tags, code and other platforms stay as written', () => {
    const source = 'Go templates use {{ .Title }}.\n\n{% raw %}Jekyll: {{ page.title }}{% endraw %}\n\n{% embed https://www.youtube.com/watch?v=dQw4w9WgXcQ %}\n\n`{{ code }}`\n\n```\n{% raw %}\n```\n';
    const analysis = analyseBody(source, CONTEXT);
    expect(renderMarkdown(analysis, { embed: devtoEmbed, tables: 'keep', wrapLiquid: true })).toBe(
      'Go templates use {% raw %}{{ .Title }}{% endraw %}.\n\nJekyll: {% raw %}{{ page.title }}{% endraw %}\n\n{% embed https://www.youtube.com/watch?v=dQw4w9WgXcQ %}\n\n`{{ code }}`\n\n```\n{% raw %}\n```\n',
    );
    expect(renderMarkdown(analysis, STYLES.hashnode!)).toBe(
      'Go templates use {{ .Title }}.\n\nJekyll: {{ page.title }}\n\n%[https://www.youtube.com/watch?v=dQw4w9WgXcQ]\n\n`{{ code }}`\n\n```\n{% raw %}\n```\n',
    );
  });
});

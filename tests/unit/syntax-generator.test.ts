import { describe, expect, it } from 'vitest';
import { analyseBody, renderMarkdown, renderPlainText, type BodyContext, type MarkdownStyle } from '../../src/core/body.js';
import { devtoEmbed, hashnodeEmbed, mediumEmbed } from '../helpers/embed-writers.js';
import { XpostError } from '../../src/errors/xpost-error.js';
import { parseParams, fillTemplate } from '../../src/sources/syntax/params.js';
import { userSyntaxConfigSchema } from '../../src/sources/syntax/config.js';

const POSTS: Record<string, string> = { 'blog/other.md': 'https://blog.example.com/other/', '2024-01-02-older': 'https://blog.example.com/2024/older/' };
const CONTEXT: BodyContext = {
  file: 'content/post.md',
  bodyStartLine: 6,
  mdx: false,
  liquidOutput: false,
  title: 'Shortcodes & tags',
  baseUrl: 'https://blog.example.com/post/',
  siteOrigin: 'https://blog.example.com',
  siteUrl: 'https://blog.example.com/blog/',
  resolvePostReference: (reference) => POSTS[reference.replace(/^\//, '')],
};
const DEVTO: MarkdownStyle = { embed: devtoEmbed, tables: 'keep' };
const HASHNODE: MarkdownStyle = { embed: hashnodeEmbed, tables: 'keep' };
const MEDIUM: MarkdownStyle = { embed: mediumEmbed, tables: 'text-block' };

function render(source: string, style: MarkdownStyle = HASHNODE, context: Partial<BodyContext> = {}): string {
  return renderMarkdown(analyseBody(source, { ...CONTEXT, ...context }), style);
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

describe('parameters and templates', () => {
  it('splits named, positional, quoted and raw parameters', () => {
    expect(parseParams('id="a \\"b\\"" user=jack \'two words\' 42 `raw "x"`')).toEqual({
      named: { id: 'a "b"', user: 'jack' },
      positional: ['two words', '42', 'raw "x"'],
    });
  });

  it('fills {{name}}, {{0}} and {{inner}}, and lists the parameters the construct did not give', () => {
    expect(fillTemplate('> **{{type}}** {{0}}: {{ inner }}{{missing}}', { named: { type: 'Note' }, positional: ['first'] }, '\nBody\n')).toEqual({
      text: '> **Note** first: Body',
      missing: ['missing'],
    });
    expect(fillTemplate('{{1}} {{title}}', { named: {}, positional: ['a'] }, undefined)).toEqual({ text: ' ', missing: ['1', 'title'] });
  });

  it('leaves an optional {{name?}} empty without listing it, and an absent inner is empty', () => {
    expect(fillTemplate('**{{title?}}**{{ 0? }} {{inner}}', { named: {}, positional: [] }, undefined)).toEqual({ text: '**** ', missing: [] });
    expect(fillTemplate('{{title?}}', { named: { title: 'T' }, positional: [] }, undefined).text).toBe('T');
  });

  it('repeats the block prefix of the template line on every line of a multi-line value', () => {
    const inner = 'First paragraph.\n\nSecond paragraph\nwith two lines.';
    expect(fillTemplate('> **Note**\n>\n> {{inner}}', { named: {}, positional: [] }, inner).text).toBe(
      '> **Note**\n>\n> First paragraph.\n>\n> Second paragraph\n> with two lines.',
    );
    expect(fillTemplate('- {{inner}}', { named: {}, positional: [] }, inner).text).toBe('- First paragraph.\n\n  Second paragraph\n  with two lines.');
    expect(fillTemplate('> 1. {{inner}}', { named: {}, positional: [] }, 'a\nb').text).toBe('> 1. a\n>    b');
    expect(fillTemplate('Text: {{inner}}', { named: {}, positional: [] }, 'a\nb').text).toBe('Text: a\nb');
  });

  it('has a config schema for shortcodes: and components:', () => {
    const parsed = userSyntaxConfigSchema.safeParse({ shortcodes: { notice: '> {{inner}}', ad: false }, components: { Video: { embed: 'https://vimeo.com/{{id}}' } } });
    expect(parsed.success).toBe(true);
    expect(userSyntaxConfigSchema.safeParse({ shortcodes: { x: 3 } }).success).toBe(false);
    expect(userSyntaxConfigSchema.safeParse({ components: { X: { embed: '' } } }).success).toBe(false);
  });
});

describe('Hugo shortcodes', () => {
  it('turn the known embeds into each platform\'s form, from named or positional parameters', () => {
    const source = [
      '{{< youtube dQw4w9WgXcQ >}}',
      '',
      '{{< youtube id="dQw4w9WgXcQ" autoplay="true" >}}',
      '',
      '{{< vimeo 146022717 >}}',
      '',
      '{{< tweet user="SanDiegoZoo" id="1453110110599868418" >}}',
      '',
      '{{< x user="jack" id="20" />}}',
      '',
      '{{% gist spf13 7896402 %}}',
      '',
    ].join('\n');
    expect(render(source)).toBe(
      [
        '%[https://www.youtube.com/watch?v=dQw4w9WgXcQ]',
        '%[https://www.youtube.com/watch?v=dQw4w9WgXcQ]',
        '%[https://vimeo.com/146022717]',
        '%[https://twitter.com/SanDiegoZoo/status/1453110110599868418]',
        '%[https://twitter.com/jack/status/20]',
        '%[https://gist.github.com/spf13/7896402]\n',
      ].join('\n\n'),
    );
    expect(render('{{< youtube dQw4w9WgXcQ >}}\n', DEVTO)).toBe('{% embed https://www.youtube.com/watch?v=dQw4w9WgXcQ %}\n');
    expect(render('{{< youtube dQw4w9WgXcQ >}}\n', MEDIUM)).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ\n');
  });

  it('turn figure into an image with its caption, resolved like any image', () => {
    expect(render('{{< figure src="/img/a b.png" alt="A chart" caption="Sales **up**" link="https://x.org/" >}}\n')).toBe(
      '[![A chart](<https://blog.example.com/img/a%20b.png>)](https://x.org/)\n*Sales **up***\n',
    );
    expect(render('{{< figure src="pic.jpg" title="T" >}}\n')).toBe('![T](https://blog.example.com/post/pic.jpg "T")\n');
  });

  it('keep a figure inside an HTML block an image: blank lines end the block around it, or its HTML where lines are shared', () => {
    const image = '![A](https://blog.example.com/post/a.png)';
    const inDiv = analyseBody('<div class="gallery">\n    {{< figure src="a.png" alt="A" >}}\n</div>\n', CONTEXT);
    expect(renderMarkdown(inDiv, HASHNODE)).toBe(`<div class="gallery">\n\n${image}\n\n</div>\n`);
    expect(inDiv.tree.children.map((node) => node.type)).toEqual(['html', 'paragraph', 'html']);

    const adjacent = '<p align="center"><img src="b.png"></p>\n{{< figure src="a.png" alt="A" caption="Cap" >}}\nText.\n';
    expect(render(adjacent)).toBe(`<p align="center"><img src="https://blog.example.com/post/b.png"></p>\n\n${image}\n*Cap*\n\nText.\n`);

    const inList = analyseBody('- Item\n\n  <figure>\n  {{< figure src="a.png" alt="A" >}}\n  </figure>\n', CONTEXT);
    expect(renderMarkdown(inList, HASHNODE)).toBe(`- Item\n\n  <figure>\n\n  ${image}\n\n  </figure>\n`);
    expect(inList.tree.children[0]?.type === 'list' && inList.tree.children[0].children[0]?.children.map((node) => node.type)).toEqual(['paragraph', 'html', 'paragraph', 'html']);

    expect(render('<div>{{< figure src="a.png" caption="A <b> & \\"c\\"" link="/big.png" >}}</div>\n')).toBe(
      '<div><figure><a href="https://blog.example.com/big.png"><img src="https://blog.example.com/post/a.png" alt="A &lt;b&gt; &amp; &quot;c&quot;"></a><figcaption>A &lt;b&gt; &amp; "c"</figcaption></figure></div>\n',
    );
    expect(render('<pre>\n{{< figure src="a.png" title="T" >}}\n</pre>\n')).toBe('<pre>\n<img src="https://blog.example.com/post/a.png" alt="T" title="T">\n</pre>\n');
    expect(render('Text {{< figure src="a.png" alt="A" >}} inline.\n')).toBe(`Text ${image} inline.\n`);
    const details = '<details>\n<summary>Code</summary>\n{{< highlight go >}}\nx := 1\n{{< /highlight >}}\n</details>\n';
    expect(render(details)).toBe('<details>\n<summary>Code</summary>\n\n```go\nx := 1\n```\n\n</details>\n');
  });

  it('turn highlight into a fenced block with the language, content as written', () => {
    const source = 'Code:\n\n{{< highlight go "linenos=table" >}}\nfunc main() { fmt.Println("{{< youtube x >}}") }\n```\n{{< /highlight >}}\n\nDone.\n';
    expect(render(source)).toBe('Code:\n\n````go\nfunc main() { fmt.Println("{{< youtube x >}}") }\n```\n````\n\nDone.\n');
  });

  it('resolve ref and relref to the other post\'s address, keeping the fragment', () => {
    expect(render('See [the other]({{< ref "blog/other.md" >}}) and [part]({{< relref "/blog/other.md#part" >}}).\n')).toBe(
      'See [the other](https://blog.example.com/other/) and [part](https://blog.example.com/other/#part).\n',
    );
    expect(problemOf('[x]({{< ref "missing.md" >}})\n').message).toBe('content/post.md:6: {{< ref "missing.md" >}} names no post xpost can find ("missing.md")');
  });

  it('print the escaped form literally, even in code, and leave real ones in code alone', () => {
    const source = 'Write `{{</* youtube id */>}}` or:\n\n```\n{{%/* gist a b */%}}\n{{< youtube x >}}\n```\n';
    expect(render(source)).toBe('Write `{{< youtube id >}}` or:\n\n```\n{{% gist a b %}}\n{{< youtube x >}}\n```\n');
  });

  it('use the config\'s templates, with parameters, inner content (converted) and false to drop', () => {
    const userSyntax = {
      shortcodes: {
        notice: '> **{{0}}**: {{inner}}',
        ad: false as const,
        video: { embed: 'https://vimeo.com/{{id}}' },
        figure: '![{{alt}}]({{src}})',
      },
    };
    const source = '{{% notice warning %}}\nRead {{< ref "blog/other.md" >}} first.\n{{% /notice %}}\n\n{{< ad slot=3 >}}\n\n{{< video id="42" >}}\n\n{{< figure src="x.png" alt="X" >}}\n';
    expect(render(source, HASHNODE, { userSyntax })).toBe(
      '> **warning**: Read https://blog.example.com/other/ first.\n\n\n\n%[https://vimeo.com/42]\n\n![X](https://blog.example.com/post/x.png)\n',
    );
  });

  it('close a pair written with a space after the slash, as Hugo accepts', () => {
    const userSyntax = { shortcodes: { alert: '> {{inner}}', notice: '> **{{0}}** {{inner}}' } };
    const source = '{{< alert >}}\nCareful.\n{{< / alert >}}\n\n{{% notice tip %}}\nTry it.\n{{% / notice %}}\n';
    expect(render(source, HASHNODE, { userSyntax })).toBe('> Careful.\n\n> **tip** Try it.\n');
    const highlight = '{{< highlight go >}}\nx := 1\n{{< / highlight >}}\n';
    expect(render(highlight)).toBe('```go\nx := 1\n```\n');
  });

  it('stop the run for anything unknown, all at once, with lines and the config entry that would handle it', () => {
    const source = 'Intro.\n\n{{< callout type="info" >}}\nBe careful.\n{{< /callout >}}\n\nText {{< instagram BWNjjyYFxVx >}} and `{{< ignored >}}`.\n\n{{< /orphan >}}\n';
    const error = problemOf(source);
    expect(error.code).toBe('POST_INVALID');
    expect(error.message.split('\n')).toEqual([
      'content/post.md:8: Hugo shortcode "callout" is not one xpost converts: {{< callout type="info" >}} Be careful. {{< /callout >}}',
      'content/post.md:12: Hugo shortcode "instagram" is not one xpost converts: {{< instagram BWNjjyYFxVx >}}',
      'content/post.md:14: closing Hugo shortcode "orphan" has no opening one: {{< /orphan >}}',
    ]);
    expect(error.hint).toContain(
      [
        'map it in the config file:',
        'shortcodes:',
        '  callout: "{{type}} {{inner}}"   # or { embed: "https://…{{0}}" }, or false to drop it',
        '  instagram: "{{0}}"   # or { embed: "https://…{{0}}" }, or false to drop it',
      ].join('\n'),
    );
  });

  it('end with one pasteable snippet: each section once, each name once, whatever the number of problems', () => {
    const source = '{{< tip >}}\n\n{% include a.html %}\n\n{{< tip >}}\n\n{{ site.author }}\n\n{{< my shortcode >}}\n';
    const error = problemOf(source, { liquidOutput: true });
    expect(error.message.split('\n')).toHaveLength(5);
    expect(error.hint?.match(/shortcodes:/g)).toHaveLength(1);
    expect(error.hint?.split('map it in the config file:\n')[1]).toBe(
      [
        'shortcodes:',
        '  tip: "<Markdown>"   # or { embed: "https://…{{0}}" }, or false to drop it',
        '  include: "{{0}}"   # or { embed: "https://…{{0}}" }, or false to drop it',
        '  site.author: "<the text it stands for>"   # or false to drop it',
        '  my: "{{0}}"   # or { embed: "https://…{{0}}" }, or false to drop it',
      ].join('\n'),
    );
  });

  it('refuse a mapping that uses a parameter the shortcode does not give, unless it is marked optional', () => {
    const source = 'Intro.\n\n{{< note >}}\nBody.\n{{< /note >}}\n\n{{< note title="Heads up" >}}\nMore.\n{{< /note >}}\n';
    const error = problemOf(source, { userSyntax: { shortcodes: { note: '> **{{title}}** {{inner}}' } } });
    expect(error.code).toBe('POST_INVALID');
    expect(error.message).toBe(
      'content/post.md:8: Hugo shortcode "note" is mapped to a template that uses {{title}}, which it does not give: {{< note >}} Body. {{< /note >}}',
    );
    expect(error.hint).toContain('{{title?}}');
    expect(error.hint).not.toContain('map it in the config file');
    expect(render(source, HASHNODE, { userSyntax: { shortcodes: { note: '> **{{title?}}** {{inner}}' } } })).toBe(
      'Intro.\n\n> **** Body.\n\n> **Heads up** More.\n',
    );
    const embed = problemOf('{{< clip >}}\n', { userSyntax: { shortcodes: { clip: { embed: 'https://vimeo.com/{{id}}' } } } });
    expect(embed.message).toContain('uses {{id}}, which it does not give');
  });

  it('keep every paragraph of a paired shortcode inside the quote its mapping opens', () => {
    const userSyntax = { shortcodes: { notice: '> **{{0}}**\n>\n> {{inner}}' } };
    const source = '{{% notice tip %}}\nFirst paragraph.\n\nSecond paragraph,\nstill quoted.\n{{% /notice %}}\n\nAfter.\n';
    const analysis = analyseBody(source, { ...CONTEXT, userSyntax });
    expect(renderMarkdown(analysis, HASHNODE)).toBe('> **tip**\n>\n> First paragraph.\n>\n> Second paragraph,\n> still quoted.\n\nAfter.\n');
    expect(analysis.tree.children.map((node) => node.type)).toEqual(['blockquote', 'paragraph']);
  });
});

describe('Liquid', () => {
  it('keeps dev.to\'s own tags verbatim for dev.to and embeds or links them elsewhere', () => {
    const source = '{% embed https://www.youtube.com/watch?v=dQw4w9WgXcQ %}\n\n{% youtube dQw4w9WgXcQ %}\n\n{% twitter 834439977220112384 %}\n\n{% github forem/forem %}\n\n{% codepen https://codepen.io/twhite96/pen/XKqrJX %}\n\n{% stackblitz ball-demo %}\n\n{% codesandbox ppxnl191zx %}\n\n{%- gist https://gist.github.com/a/b -%}\n';
    expect(render(source, DEVTO)).toBe(source);
    expect(render(source, HASHNODE)).toBe(
      [
        '%[https://www.youtube.com/watch?v=dQw4w9WgXcQ]',
        '%[https://www.youtube.com/watch?v=dQw4w9WgXcQ]',
        '%[https://twitter.com/i/status/834439977220112384]',
        'https://github.com/forem/forem',
        '%[https://codepen.io/twhite96/pen/XKqrJX]',
        '%[https://stackblitz.com/edit/ball-demo]',
        '%[https://codesandbox.io/s/ppxnl191zx]',
        '%[https://gist.github.com/a/b]\n',
      ].join('\n\n'),
    );
  });

  it('converts highlight, raw and comment blocks and post_url, and leaves code alone', () => {
    const source = [
      '{% highlight ruby linenos %}',
      'def hi = puts "{{ name }}"',
      '{% endhighlight %}',
      '',
      '{% raw %}Use {{ page.title }} and {% if %}.{% endraw %}',
      '',
      '{% comment %}private {% youtube x %}{% endcomment %}Kept.',
      '',
      '[Older]({% post_url 2024-01-02-older %}) and `{% unknown %}`.',
      '',
    ].join('\n');
    expect(render(source, MEDIUM)).toBe(
      '```ruby\ndef hi = puts "{{ name }}"\n```\n\nUse {{ page.title }} and {% if %}.\n\nKept.\n\n[Older](https://blog.example.com/2024/older/) and `{% unknown %}`.\n',
    );
  });

  it('converts Jekyll\'s output only when the generator processes Liquid', () => {
    const source = 'On {{ site.url }}{{ site.baseurl }}: ![a]({{ "/img/a.png" | relative_url }}) [b]({{ \'/b/\' | absolute_url }}) {{ page.title }}\n';
    expect(render(source, HASHNODE, { liquidOutput: true })).toBe(
      'On https://blog.example.com/blog: ![a](https://blog.example.com/blog/img/a.png) [b](https://blog.example.com/blog/b/) Shortcodes & tags\n',
    );
    expect(render('Hugo keeps {{ this }} as text.\n')).toBe('Hugo keeps {{ this }} as text.\n');
    const error = problemOf('{{ site.github_user }} and {{ page.title | upcase }}\n', { liquidOutput: true });
    expect(error.message.split('\n')).toEqual([
      'content/post.md:6: Liquid output {{ site.github_user }} is not one xpost converts',
      'content/post.md:6: Liquid filter "upcase" in {{ page.title | upcase }} is not one xpost converts',
    ]);
    expect(error.hint).toContain('shortcodes:\n  site.github_user: "<the text it stands for>"');
  });

  it('fills {{ page.X }} (Jekyll) and {{ X }} (Eleventy) from the post\'s front matter', () => {
    const frontMatter = { title: 'Shortcodes & tags', author: 'Ada', hero: { image: '/img/hero.png', alt: 'A hero' }, minutes: 5, tags: ['a', 'b'], draft: false };
    const source = 'By {{ page.author }} ({{ minutes }} min, draft: {{ page.draft }}): ![{{ page.hero.alt }}]({{ page.hero.image | absolute_url }}) — {{ title }}\n';
    expect(render(source, HASHNODE, { liquidOutput: true, frontMatter })).toBe(
      'By Ada (5 min, draft: false): ![A hero](https://blog.example.com/blog/img/hero.png) — Shortcodes & tags\n',
    );
    const error = problemOf('{{ page.tags }} {{ page.missing }} {{ constructor }} {{ page.hero }}\n', { liquidOutput: true, frontMatter });
    expect(error.message.split('\n')).toEqual([
      'content/post.md:6: Liquid output {{ page.tags }} is not one xpost converts',
      'content/post.md:6: Liquid output {{ page.missing }} is not one xpost converts',
      'content/post.md:6: Liquid output {{ constructor }} is not one xpost converts',
      'content/post.md:6: Liquid output {{ page.hero }} is not one xpost converts',
    ]);
    expect(render('{{ page.author }}\n', HASHNODE, { liquidOutput: true, frontMatter, userSyntax: { shortcodes: { 'page.author': 'Someone else' } } })).toBe('Someone else\n');
  });

  it('reports unknown tags, and a paired one once', () => {
    const error = problemOf('{% include youtube.html id="x" %}\n\n{% capture x %}y{% endcapture %}\n');
    expect(error.message.split('\n')).toEqual([
      'content/post.md:6: Liquid tag "include" is not one xpost converts: {% include youtube.html id="x" %}',
      'content/post.md:8: Liquid tag "capture" is not one xpost converts: {% capture x %}y{% endcapture %}',
    ]);
  });
});

describe('plain text', () => {
  it('shows converted embeds as their URL', () => {
    const text = renderPlainText(analyseBody('Watch:\n\n{{< youtube dQw4w9WgXcQ >}}\n\n{% github forem/forem %}\n', CONTEXT));
    expect(text).toBe('Watch:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nhttps://github.com/forem/forem');
  });
});

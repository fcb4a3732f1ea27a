import { beforeAll, describe, expect, it } from 'vitest';
import { analyseBody, loadMdxSyntax, renderMarkdown, renderPlainText, type BodyContext } from '../../src/core/body.js';
import { devtoEmbed, hashnodeEmbed } from '../helpers/embed-writers.js';
import { XpostError } from '../../src/errors/xpost-error.js';

const CONTEXT: BodyContext = {
  file: 'src/content/blog/post.mdx',
  bodyStartLine: 5,
  mdx: true,
  liquidOutput: false,
  title: 'An MDX post',
  baseUrl: 'https://example.dev/blog/post/',
};

beforeAll(async () => {
  await loadMdxSyntax();
});

function render(source: string, context: Partial<BodyContext> = {}, embed = hashnodeEmbed): string {
  return renderMarkdown(analyseBody(source, { ...CONTEXT, ...context }), { embed, tables: 'keep' });
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

describe('MDX posts', () => {
  it('show the value of a literal export where the post uses it, as the site does', () => {
    const source = "export const year = 2022;\nexport const name = 'xpost';\n\nHere is a chart from {year} by {name}.\n";
    expect(render(source)).toBe('\nHere is a chart from 2022 by xpost.\n');
    expect(problemOf("export const meta = { year: 2022 };\n\nFrom {meta.year}.\n").message).toMatch(/MDX expression \{meta\.year\} is computed by the site/);
  });

  it('take an iframe of a known provider as an embed even when its styling is computed', () => {
    const source = "Before.\n\n<iframe src=\"https://codesandbox.io/embed/example\" style={{ width: '100%', height: 500 }} />\n";
    expect(render(source)).toBe('Before.\n\n%[https://codesandbox.io/s/example]\n');
    expect(problemOf('<iframe src="https://example.com/widget" onLoad={resize} />\n').message).toMatch(/computed attributes \(onLoad=\{resize\}\)/);
  });

  it('lose their import and export lines and comments, and keep the Markdown as written', () => {
    const source = "import { YouTube } from 'mdx-embed';\nimport Chart from '../components/Chart.astro';\nexport const meta = { a: 1 };\n\nSome *text* with $\\nabla_{W}$ {/* a note */} here.\n\n{/* a block comment */}\n\n- item\n";
    expect(render(source)).toBe('\nSome *text* with $\\nabla_{W}$  here.\n\n\n- item\n');
  });

  it('turn mdx-embed and astro-embed components into embeds', () => {
    const source = [
      '<YouTube youTubeId="dQw4w9WgXcQ" />',
      '',
      '<Tweet tweetLink="jack/status/20" />',
      '',
      '<CodePen codePenId="PNaGbb" />',
      '',
      '<Gist gistLink="octocat/6cad326836d38bd3a7ae" />',
      '',
      '<CodeSandbox codeSandboxId="new" />',
      '',
      '<Vimeo id="https://vimeo.com/32001208" />',
      '',
    ].join('\n');
    expect(render(source, {}, devtoEmbed)).toBe(
      [
        '{% embed https://www.youtube.com/watch?v=dQw4w9WgXcQ %}',
        '{% embed https://twitter.com/jack/status/20 %}',
        '{% embed https://codepen.io/team/codepen/pen/PNaGbb %}',
        '{% embed https://gist.github.com/octocat/6cad326836d38bd3a7ae %}',
        '{% embed https://codesandbox.io/s/new %}',
        '{% embed https://vimeo.com/32001208 %}\n',
      ].join('\n\n'),
    );
  });

  it('keep plain HTML elements for the Markdown pass: URLs made absolute, iframes embedded', () => {
    const source = '<img src="./hero.png" alt="Hero" />\n\n<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>\n';
    expect(render(source)).toBe('<img src="https://example.dev/blog/post/hero.png" alt="Hero" />\n\n%[https://www.youtube.com/watch?v=dQw4w9WgXcQ]\n');
  });

  it('drop computed styling from plain HTML elements with a note, and keep the elements', () => {
    const source = '<div style={{ display: "flex", gap: 8 }} className={styles.row} id="pair">\n  <img src="./a.png" alt="A" />\n  <img src="./b.png" className={"wide"} alt="B" />\n</div>\n';
    const analysis = analyseBody(source, CONTEXT);
    expect(renderMarkdown(analysis, { embed: hashnodeEmbed, tables: 'keep' })).toBe(
      '<div id="pair">\n  <img src="https://example.dev/blog/post/a.png" alt="A" />\n  <img src="https://example.dev/blog/post/b.png" className="wide" alt="B" />\n</div>\n',
    );
    expect(analysis.notes).toEqual([
      'src/content/blog/post.mdx:5: computed style={{ display: "flex", gap: 8 }} and className={styles.row} dropped from <div>: only the site can compute it, and the platforms apply their own styles',
    ]);
  });

  it('use the config\'s components: map, children as {{inner}}', () => {
    const userSyntax = { components: { Callout: '> **{{type}}** {{inner}}', Video: { embed: 'https://vimeo.com/{{id}}' }, Ad: false as const } };
    const source = '<Callout type="Tip">Use **MDX** carefully.</Callout>\n\n<Video id={42} />\n\n<Ad />\n';
    expect(render(source, { userSyntax })).toBe('> **Tip** Use **MDX** carefully.\n\n%[https://vimeo.com/42]\n\n\n');
    expect(renderPlainText(analyseBody(source, { ...CONTEXT, userSyntax }))).toBe('Tip Use MDX carefully.\n\nhttps://vimeo.com/42');
  });

  it('refuse a components: mapping whose prop the component does not give, unless marked optional', () => {
    const source = '<Callout>\n\nFirst.\n\nSecond.\n\n</Callout>\n';
    const error = problemOf(source, { userSyntax: { components: { Callout: '> **{{type}}** {{inner}}' } } });
    expect(error.message).toBe('src/content/blog/post.mdx:5: MDX component "Callout" is mapped to a template that uses {{type}}, which it does not give: <Callout> First. Second. </Callout>');
    expect(error.hint).toContain('{{type?}}');
    expect(render(source, { userSyntax: { components: { Callout: '> **{{type?}}** {{inner}}' } } })).toBe('> **** First.\n>\n> Second.\n');
  });

  it('name every unmapped component once, in one components: block', () => {
    const error = problemOf('<Chart title="A" />\n\n<Badge />\n\n<Chart title="B" />\n');
    expect(error.message.split('\n')).toHaveLength(3);
    expect(error.hint?.split('map it in the config file:\n')[1]).toBe(
      'components:\n  Chart: "{{title}}"   # or { embed: "https://…{{0}}" }, or false to drop it\n  Badge: "<Markdown>"   # or { embed: "https://…{{0}}" }, or false to drop it',
    );
  });

  it('stop the run for unknown components and expressions, with lines and the config entry', () => {
    const source = "import Chart from './Chart';\n\n<Chart data={sales} title=\"Sales\" />\n\nThe total is {total * 2}.\n\n<div style={{ color: 'red' }} onClick={toggle} {...rest}>red</div>\n";
    const error = problemOf(source);
    expect(error.message.split('\n')).toEqual([
      'src/content/blog/post.mdx:7: MDX component "Chart" is not one xpost converts: <Chart data={sales} title="Sales" />',
      'src/content/blog/post.mdx:9: MDX expression {total * 2} is computed by the site; no platform can run it',
      'src/content/blog/post.mdx:11: <div> has computed attributes (onClick={toggle}, {...rest}); write them as plain values',
    ]);
    expect(error.hint).toContain('components:\n  Chart: "{{title}}"');
  });

  it('report MDX syntax errors with their line', () => {
    const error = problemOf('Fine.\n\n<Broken attr="x"\n');
    expect(error.message).toMatch(/^src\/content\/blog\/post\.mdx:\d+: MDX syntax error: /);
  });
});

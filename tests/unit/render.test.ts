import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import twitterText from 'twitter-text';
import { beforeAll, describe, expect, it } from 'vitest';
import type { XpostConfig } from '../../src/config/config-schema.js';
import { parsePostText, type Post } from '../../src/core/load-post.js';
import { previewFolders, renderPreview, type Preview } from '../../src/core/preview.js';
import { renderThread } from '../../src/core/preview.js';
import { fieldsForPlatform, postNotes, renderArticle, renderForPlatform, type RenderSetup } from '../../src/core/render.js';
import type { RenderTargetId } from '../../src/platforms/registry.js';
import { canonicalUrlOf } from '../../src/sources/canonical.js';
import { TEMPLATE_FILES } from '../../src/core/templates.js';
import { XpostError } from '../../src/errors/xpost-error.js';
import { allRenderTargets, PLATFORM_IDS } from '../../src/platforms/registry.js';
import { loadThreadKit } from '../../src/core/thread-kit.js';
import { LINKEDIN_MAX_COMMENTARY_LENGTH, type LinkedinPostBody } from '../../src/platforms/linkedin.js';
import type { MediumPostPayload } from '../../src/platforms/medium.js';

const POST_FILE = path.join(os.tmpdir(), 'blog', 'posts', 'shipping-safely.md');
const POST_DISPLAY = 'posts/shipping-safely.md';
const SITE_URL = 'https://blog.example.com/';
const CANONICAL = 'https://blog.example.com/posts/shipping-safely/';
const MAX_TWEET = 280;
const NUMBERING = /\n\n(\d+)\/(\d+)$/;

/** The subset of the dev.to request body these tests read. */
interface DevtoPayload {
  article: { title: string; body_markdown: string; canonical_url: string | null; tags: string[] };
}

/** The subset of the Hashnode GraphQL variables these tests read. */
interface HashnodePayload {
  input: { contentMarkdown: string; originalArticleURL?: string; tags: Array<{ slug: string; name: string }> };
}

function postText(frontMatter: string, body: string): string {
  return `---\n${frontMatter.trim()}\n---\n\n${body}`;
}

/** A Post built in memory, as load-post would build it from the file. */
function postFrom(text: string, file = POST_FILE, display = POST_DISPLAY): Post {
  const loaded = parsePostText(text, file, display);
  if (!loaded.ok) throw new Error(loaded.problems.map((problem) => problem.message).join('\n'));
  return loaded.post;
}

function setupWith(config: XpostConfig, dir = os.tmpdir()): RenderSetup {
  return { config, configDir: dir, cwd: dir };
}

const EMPTY_SETUP = setupWith({});

const AUTHOR_CONFIG: XpostConfig = {
  site: { url: SITE_URL, name: 'The Example Blog' },
  author: {
    name: 'Ada Lovelace',
    role: 'Engineer',
    bio: 'I write about shipping software.',
    links: { github: 'https://github.com/ada', email: 'ada@example.com', portfolio: 'https://ada.example.com/' },
    x_handle: 'ada',
  },
};

/** The Reddit submission as `xpost render --platform reddit` prints it. */
function redditSubmission(post: Post, setup: RenderSetup): { title: string; body: string } {
  const { fields, body } = renderArticle(post, 'reddit', setup);
  return { title: fields.title, body };
}

function preview(post: Post, target: RenderTargetId, setup: RenderSetup): Preview {
  return renderPreview(post, target, setup, { env: {} });
}

function payloadOf<T>(post: Post, target: RenderTargetId, setup: RenderSetup): T {
  const request = preview(post, target, setup).request;
  if (!request) throw new Error(`no request for ${target}`);
  return request.payload as T;
}

function weightedLength(tweet: string): number {
  return twitterText.parseTweet(tweet).weightedLength;
}

function expectWellFormedThread(parts: string[]): void {
  expect(parts.length).toBeGreaterThan(1);
  parts.forEach((part, index) => {
    expect(weightedLength(part), part).toBeLessThanOrEqual(MAX_TWEET);
    expect(NUMBERING.exec(part)?.slice(1), part).toEqual([String(index + 1), String(parts.length)]);
  });
}

/** Every URL a Markdown or HTML text links to: inline links, images, reference definitions, src/href attributes. */
function linkTargets(markdown: string): string[] {
  const inline = [...markdown.matchAll(/\]\(\s*<?([^)\s>]+)/g)].map((match) => match[1] ?? '');
  const definitions = [...markdown.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((match) => match[1] ?? '');
  const attributes = [...markdown.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map((match) => match[1] ?? '');
  return [...inline, ...definitions, ...attributes];
}

/** True when the text links to exactly this URL (not merely to a page below it). */
function mentionsUrl(text: string, url: string): boolean {
  return text.split(/[\s()<>*]+/).includes(url);
}

function caughtError(run: () => unknown): XpostError {
  try {
    run();
  } catch (error) {
    if (error instanceof XpostError) return error;
    throw error;
  }
  throw new Error('expected an XpostError');
}

/** Every text a reader or a platform receives for one post: article bodies, request payloads, thread parts, Reddit. */
function everyRenderedText(post: Post, setup: RenderSetup): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const platform of PLATFORM_IDS) {
    const shown = preview(post, platform, setup);
    texts[platform] = shown.text;
    texts[`${platform} request`] = JSON.stringify(shown.request?.payload);
  }
  texts['x'] = renderThread(post, 'x', setup).join('\n\n');
  const reddit = redditSubmission(post, setup);
  texts['reddit'] = `${reddit.title}\n\n${reddit.body}`;
  return texts;
}

const FULL_POST = postText(
  `
title: "Shipping safely (without fear)"
description: A field guide to boring, safe releases
tags: [Node.js, web development, testing]
slug: shipping-safely
date: 2026-01-31
canonical_url: ${CANONICAL}
question: What is your release ritual?
private_note: FRONT-MATTER-ONLY-MARKER
`,
  `Every release used to scare me. Here is the [checklist](../checklist/) and ![the pipeline](./images/pipeline.png) I use now.

<p align="center"><img src="images/diagram.png" alt="Release diagram"></p>

## Why **small** releases win

Small releases are **easy to review** and \`git revert\` undoes them. See [the notes](notes/) and ![a logo](/img/logo.png).

- one **strong** point
- two

## Measure everything

| Platform | Limit |
| -------- | ----: |
| X | 280 |
| LinkedIn | 3000 |

Numbers beat opinions, every single time.

[glossary]: ./glossary/
`,
);

// Threads are cut with the thread tools, which commands load before preparing a post (buildPreviews, publishPosts).
beforeAll(() => loadThreadKit(allRenderTargets()));

describe('renderForPlatform: every platform, from an in-memory post', () => {
  it('puts the canonical link in the intro of the dev.to, Hashnode and Medium copies, above the post body', () => {
    const post = postFrom(FULL_POST);
    const intros: Record<string, RegExp> = {
      devto: /^> \*\*First published on \[The Example Blog\]\(https:\/\/blog\.example\.com\/posts\/shipping-safely\/\)\.\*\*/,
      hashnode: /^> .*This post first appeared on \[The Example Blog\]\(https:\/\/blog\.example\.com\/posts\/shipping-safely\/\)\./,
      medium: /^> This article first appeared on \[The Example Blog\]\(https:\/\/blog\.example\.com\/posts\/shipping-safely\/\)\./,
    };
    for (const platform of ['devto', 'hashnode', 'medium'] as const) {
      const { body, canonicalUrl } = renderForPlatform(post, platform, setupWith(AUTHOR_CONFIG));
      expect(canonicalUrl).toBe(CANONICAL);
      expect(body, platform).toMatch(intros[platform] ?? /never/);
      expect(body.indexOf(CANONICAL)).toBeLessThan(body.indexOf('Every release used to scare me'));
    }
  });

  it('links LinkedIn, X and Reddit back to the canonical URL', () => {
    const post = postFrom(FULL_POST);
    const setup = setupWith(AUTHOR_CONFIG);
    expect(renderForPlatform(post, 'linkedin', setup).body).toContain(`Read the full post: ${CANONICAL}`);
    expect(payloadOf<LinkedinPostBody>(post, 'linkedin', setup).content.article.source).toBe(CANONICAL);
    expect(renderThread(post, 'x', setup).filter((part) => mentionsUrl(part, CANONICAL))).toHaveLength(1);
    const reddit = redditSubmission(post, setup);
    expect(reddit.title).toBe('Shipping safely (without fear)');
    expect(reddit.body.trimEnd().split('\n').at(-1)).toContain(CANONICAL);
  });

  it('makes every relative and site-absolute link and image absolute, Markdown and inline HTML alike', () => {
    const post = postFrom(FULL_POST);
    const setup = setupWith(AUTHOR_CONFIG);
    const markdownCopies = {
      devto: renderForPlatform(post, 'devto', setup).body,
      hashnode: renderForPlatform(post, 'hashnode', setup).body,
      medium: payloadOf<MediumPostPayload>(post, 'medium', setup).content,
      reddit: redditSubmission(post, setup).body,
    };
    for (const [platform, markdown] of Object.entries(markdownCopies)) {
      const targets = linkTargets(markdown);
      expect(targets.length, platform).toBeGreaterThan(3);
      for (const target of targets) expect(target, `${platform}: ${target}`).toMatch(/^(https:\/\/|mailto:|#)/);
      expect(markdown).toContain('https://blog.example.com/posts/checklist/');
      expect(markdown).toContain('https://blog.example.com/posts/shipping-safely/images/pipeline.png');
      expect(markdown).toContain('<img src="https://blog.example.com/posts/shipping-safely/images/diagram.png" alt="Release diagram">');
      expect(markdown).toContain('https://blog.example.com/img/logo.png');
    }
    // Plain-text copies spell links out, absolute too.
    expect(renderThread(post, 'x', setup).join('\n')).toContain('the notes (https://blog.example.com/posts/shipping-safely/notes/)');
  });

  it('resolves relative links against the site URL when there is no canonical URL, and /paths against the site origin', () => {
    const post = postFrom(postText('title: No canonical', 'See ![a](pics/a.png), [b](../b/) and ![c](/static/c.png).\n'));
    const { body } = renderForPlatform(post, 'devto', setupWith({ site: { url: 'https://example.org/blog/' } }));
    expect(body).toContain('![a](https://example.org/blog/pics/a.png)');
    expect(body).toContain('[b](https://example.org/b/)');
    expect(body).toContain('![c](https://example.org/static/c.png)');
  });

  it('resolves site-absolute paths against the configured site origin even when the canonical URL is on another host', () => {
    const post = postFrom(postText(`title: Elsewhere\ncanonical_url: https://mirror.example.net/p/elsewhere/`, '![c](/img/c.png) ![d](d.png)\n'));
    const { body } = renderForPlatform(post, 'devto', setupWith({ site: { url: 'https://www.example.org/' } }));
    expect(body).toContain('![c](https://www.example.org/img/c.png)');
    expect(body).toContain('![d](https://mirror.example.net/p/elsewhere/d.png)');
  });

  it('never lets front matter into any rendered body, request, thread part or submission (BOM and CRLF included)', () => {
    const withBomAndCrlf = `\uFEFF${FULL_POST.replace(/\n/g, '\r\n')}`;
    for (const text of [FULL_POST, withBomAndCrlf]) {
      const texts = everyRenderedText(postFrom(text), setupWith(AUTHOR_CONFIG));
      for (const [target, rendered] of Object.entries(texts)) {
        expect(rendered, target).not.toContain('FRONT-MATTER-ONLY-MARKER');
        expect(rendered, target).not.toMatch(/private_note|canonical_url:|slug: shipping-safely|tags: \[/);
        expect(rendered, target).not.toContain('\uFEFF');
        expect(rendered, target).not.toContain('\r');
      }
      for (const target of ['devto', 'hashnode', 'medium', 'reddit']) expect(texts[target], target).not.toMatch(/^---/);
    }
  });

  it('gives Medium the title as the first heading of the payload content and tables as an aligned text block', () => {
    const post = postFrom(FULL_POST);
    const { content } = payloadOf<MediumPostPayload>(post, 'medium', setupWith(AUTHOR_CONFIG));
    expect(content.startsWith('# Shipping safely (without fear)\n\n')).toBe(true);
    expect(content.match(/^# /gm)).toHaveLength(1);
    expect(content).not.toMatch(/^\|/m);
    expect(content).toContain('```text\nPlatform  Limit\n--------  -----\nX           280\nLinkedIn   3000\n```');
    // The other platforms keep the GFM table.
    expect(renderForPlatform(post, 'devto', setupWith(AUTHOR_CONFIG)).body).toMatch(/^\| Platform \| Limit \|$/m);
  });

  it('does not repeat the title heading on Medium when the body already starts with it (no canonical intro)', () => {
    const post = postFrom(postText('title: Ship it', '# Ship it\n\nHello.\n'));
    const { content } = payloadOf<MediumPostPayload>(post, 'medium', EMPTY_SETUP);
    expect(content.match(/^# Ship it$/gm)).toHaveLength(1);
    expect(content.startsWith('# Ship it\n')).toBe(true);
  });

  it('does not repeat the title heading on Medium when the body starts with it and the template adds the canonical intro', () => {
    const post = postFrom(postText(`title: Ship it\ncanonical_url: ${CANONICAL}`, '# Ship it\n\nHello.\n'));
    const { content } = payloadOf<MediumPostPayload>(post, 'medium', EMPTY_SETUP);
    expect(content.startsWith('# Ship it\n')).toBe(true);
    expect(content.match(/^# Ship it$/gm)).toHaveLength(1);
  });

  it('renders LinkedIn and X as plain text: bullets, no Markdown emphasis or link syntax', () => {
    const post = postFrom(FULL_POST);
    const setup = setupWith(AUTHOR_CONFIG);
    const linkedin = renderForPlatform(post, 'linkedin', setup).body;
    expect(linkedin).toContain('In this post:\n• Why small releases win\n• Measure everything');
    const thread = renderThread(post, 'x', setup).join('\n');
    expect(thread).toContain('Why small releases win');
    expect(thread).toContain('Small releases are easy to review and git revert undoes them.');
    for (const text of [linkedin, thread]) {
      expect(text).not.toContain('**');
      expect(text).not.toContain('`');
      expect(text).not.toMatch(/\]\(/);
      expect(text).not.toMatch(/^#{1,6} /m);
    }
  });
});

describe('LinkedIn share text in the prepared payload', () => {
  it('escapes little-text reserved characters and keeps the post hashtags clickable', () => {
    const post = postFrom(
      postText(
        `
title: "Ship it (safely)"
description: "Use (parens), @mentions, snake_case, *stars*, [brackets] and C# without losing text"
tags: [TypeScript, web development]
canonical_url: ${CANONICAL}
`,
        'Body.\n',
      ),
    );
    const { commentary } = payloadOf<LinkedinPostBody>(post, 'linkedin', setupWith(AUTHOR_CONFIG));
    expect(commentary.startsWith('Ship it \\(safely\\)\n')).toBe(true);
    expect(commentary).toContain('Use \\(parens\\), \\@mentions, snake\\_case, \\*stars\\*, \\[brackets\\] and C\\# without losing text');
    expect(commentary).toMatch(/(^|\n)#TypeScript #WebDevelopment\n?$/);
    expect(commentary).not.toContain('\\#TypeScript');
    // Every reserved character is either escaped or a hashtag's #.
    expect(commentary.replace(/\\[\\|{}@[\]()<>#*_~]/g, '').replace(/(^|\s)#(TypeScript|WebDevelopment)\b/g, '')).not.toMatch(/[\\|{}@[\]()<>#*_~]/);
  });

  it('keeps the share within 3,000 characters and refuses one that is longer once escaped', () => {
    const post = postFrom(FULL_POST);
    const { commentary } = payloadOf<LinkedinPostBody>(post, 'linkedin', setupWith(AUTHOR_CONFIG));
    expect(commentary.length).toBeLessThanOrEqual(LINKEDIN_MAX_COMMENTARY_LENGTH);

    // 1,600 characters as written, 3,200 once every parenthesis is escaped.
    const parenthesised = postText(`title: Long\ncanonical_url: ${CANONICAL}\ndescription: "${'()'.repeat(800)}"`, 'Body.\n');
    const error = caughtError(() => preview(postFrom(parenthesised), 'linkedin', EMPTY_SETUP));
    expect(error.code).toBe('PAYLOAD_INVALID');
    expect(error.message).toContain(String(LINKEDIN_MAX_COMMENTARY_LENGTH));
  });
});

describe('renderThread: the X thread', () => {
  const longSection = Array.from(
    { length: 12 },
    (_, index) => `Sentence ${index + 1} of a long section explains 🚀 one more careful idea about releasing software on a Friday.`,
  ).join(' ');
  const LONG_POST = postText(
    `title: "A very long thread about releases"\ndescription: Everything I learned\ncanonical_url: ${CANONICAL}\ntags: [devops, Release Engineering]`,
    `Intro paragraph.\n\n## The long part\n\n${longSection}\n\n## A link-heavy part\n\nRead https://example.com/${'a'.repeat(150)} and [docs](docs/) and more.\n\n## Short\n\nDone.\n`,
  );

  it('numbers every part 1/N..N/N and keeps each within 280 as twitter-text counts it', () => {
    for (const text of [FULL_POST, LONG_POST]) expectWellFormedThread(renderThread(postFrom(text), 'x', setupWith(AUTHOR_CONFIG)));
  });

  it('splits a long section into several parts without losing its words', () => {
    const parts = renderThread(postFrom(LONG_POST), 'x', EMPTY_SETUP);
    expect(parts.length).toBeGreaterThanOrEqual(7);
    const joined = parts.map((part) => part.replace(NUMBERING, '')).join(' ').replace(/\s+/g, ' ');
    expect(joined).toContain('Sentence 1 of a long section');
    expect(joined).toContain('Sentence 12 of a long section');
  });

  it('opens with the title and puts the canonical URL in the template\'s link part', () => {
    const parts = renderThread(postFrom(LONG_POST), 'x', EMPTY_SETUP);
    expect(parts[0]).toMatch(/^🧵 A very long thread about releases\n/);
    const linkParts = parts.filter((part) => mentionsUrl(part, CANONICAL));
    expect(linkParts).toHaveLength(1);
    expect(linkParts[0]).toMatch(/^The full post \(\d+ min read\): https:\/\/blog\.example\.com\/posts\/shipping-safely\/\n\n\d+\/\d+$/);
    expect(parts.at(-1)).toContain('#devops #ReleaseEngineering');
  });

  it('leaves the follow line out without an X handle and adds it with one', () => {
    expect(renderThread(postFrom(FULL_POST), 'x', EMPTY_SETUP).join('\n')).not.toContain('Follow @');
    expect(renderThread(postFrom(FULL_POST), 'x', setupWith(AUTHOR_CONFIG)).join('\n')).toContain('Follow @ada for more like this.');
  });

  it('has no dangling "full post" part when the post has no canonical URL', () => {
    const parts = renderThread(postFrom(postText('title: No link', 'Intro.\n\n## One\n\nText.\n')), 'x', EMPTY_SETUP);
    for (const part of parts) expect(part.replace(NUMBERING, '')).not.toMatch(/full post[^\n]*:\s*$/im);
  });
});

describe('renderReddit', () => {
  it('gives the title and a Markdown body that ends with the canonical link', () => {
    const { title, body } = redditSubmission(postFrom(FULL_POST), setupWith(AUTHOR_CONFIG));
    expect(title).toBe('Shipping safely (without fear)');
    expect(body).toContain('## Why **small** releases win');
    expect(body).toMatch(/\n\*Originally published at https:\/\/blog\.example\.com\/posts\/shipping-safely\/\*\n$/);
  });
});

describe('missing data: sections vanish cleanly', () => {
  const MINIMAL_BODY = 'Just a paragraph.\n\n## A heading\n\nAnother paragraph.\n';
  const MINIMAL = postText('title: Minimal post', MINIMAL_BODY);

  function expectClean(text: string, label: string): void {
    expect(text, label).not.toMatch(/^\s*[-*•]\s*$/m);
    expect(text, label).not.toContain('****');
    expect(text, label).not.toMatch(/\[\]\(|\]\(\)/);
    expect(text, label).not.toMatch(/\n{3,}/);
    expect(text, label).not.toMatch(/\bundefined\b|\bnull\b|\[object Object\]/);
    // A bare ">" may only separate two quoted paragraphs, never stand alone.
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (/^>\s*$/.test(line)) expect(`${lines[index - 1] ?? ''}|${lines[index + 1] ?? ''}`, label).toMatch(/^>.*\|>/);
    });
    expect(text, label).not.toMatch(/[ \t]+$/m);
    expect(text.endsWith('\n') && !text.endsWith('\n\n'), label).toBe(true);
  }

  it('renders only the body for dev.to, Hashnode and Reddit with no config, no canonical, no question', () => {
    const post = postFrom(MINIMAL);
    expect(renderForPlatform(post, 'devto', EMPTY_SETUP).body).toBe(MINIMAL_BODY);
    expect(renderForPlatform(post, 'hashnode', EMPTY_SETUP).body).toBe(MINIMAL_BODY);
    expect(redditSubmission(post, EMPTY_SETUP).body).toBe(MINIMAL_BODY);
    expect(renderForPlatform(post, 'medium', EMPTY_SETUP).body).toBe(`${MINIMAL_BODY}\n---\n\n_Thanks for reading!_\n`);
  });

  it('leaves no empty bullets, bold-less link lines, dangling headings or runs of blank lines with an empty config', () => {
    const post = postFrom(MINIMAL);
    for (const platform of PLATFORM_IDS) {
      const { body } = renderForPlatform(post, platform, EMPTY_SETUP);
      expectClean(body, platform);
      expect(body, platform).not.toMatch(/What's next\?|More from me|first (published|appeared)|Tell me in the comments|Drop a comment/);
    }
    const linkedin = renderForPlatform(post, 'linkedin', EMPTY_SETUP).body;
    expect(linkedin).toMatch(/^Minimal post\n\nJust a paragraph\.\n\nIn this post:\n• A heading\n/);
    expectClean(redditSubmission(post, EMPTY_SETUP).body, 'reddit');
    for (const part of renderThread(post, 'x', EMPTY_SETUP)) expect(part).not.toMatch(/\n{3,}|undefined|Follow @/);
  });

  it('adds the author intro, link list and question with a full config, still without blank-line runs', () => {
    const post = postFrom(postText(`title: Minimal post\ncanonical_url: ${CANONICAL}\nquestion: What would you change?`, MINIMAL_BODY));
    const devto = renderForPlatform(post, 'devto', setupWith(AUTHOR_CONFIG)).body;
    expectClean(devto, 'devto');
    expect(devto).toContain("> I'm Ada Lovelace, Engineer. I write about shipping software.");
    expect(devto).toContain(
      '---\n\n## What\'s next?\n\nIf this was useful, there is more where it came from:\n\n- **[GitHub](https://github.com/ada)**\n- **[Email](mailto:ada@example.com)**\n- **[My portfolio](https://ada.example.com/)**\n',
    );
    expect(devto).toMatch(/\n\n_What would you change\? Tell me in the comments!_\n$/);

    const hashnode = renderForPlatform(post, 'hashnode', setupWith(AUTHOR_CONFIG)).body;
    expectClean(hashnode, 'hashnode');
    expect(hashnode).toContain('## More from me\n\n- [GitHub](https://github.com/ada)\n');
    expect(hashnode).toMatch(/^> Hi Hashnode! I'm Ada Lovelace, Engineer\./);

    const medium = renderForPlatform(post, 'medium', setupWith(AUTHOR_CONFIG)).body;
    expectClean(medium, 'medium');
    expect(medium).toContain('_Thanks for reading! More practical guides at [The Example Blog](https://blog.example.com/)._');

    const minimalDevto = renderForPlatform(postFrom(MINIMAL), 'devto', EMPTY_SETUP).body;
    expect(devto.length).toBeGreaterThan(minimalDevto.length);
    expect(devto).toContain(minimalDevto.trim());
  });

  it('treats author links with blank values as no links: no "What\'s next?" heading and no empty bullets', () => {
    const config: XpostConfig = { site: { url: SITE_URL }, author: { name: 'Ada', links: { github: '', blog: '   ' } } };
    const post = postFrom(postText(`title: Minimal post\ncanonical_url: ${CANONICAL}`, MINIMAL_BODY));
    for (const platform of ['devto', 'hashnode'] as const) {
      const { body } = renderForPlatform(post, platform, setupWith(config));
      expectClean(body, platform);
      expect(body, platform).not.toMatch(/What's next\?|More from me|^- /m);
    }
  });

  it('uses the excerpt when there is no description, and leaves "In this post" out when there are no headings', () => {
    const post = postFrom(postText(`title: Plain\ncanonical_url: ${CANONICAL}`, 'Only **one** paragraph here.\n'));
    const linkedin = renderForPlatform(post, 'linkedin', EMPTY_SETUP).body;
    expect(linkedin).toBe(`Plain\n\nOnly one paragraph here.\n\nRead the full post: ${CANONICAL}\n`);
    const [first] = renderThread(post, 'x', EMPTY_SETUP);
    expect(first).toMatch(/^🧵 Plain\n\nOnly one paragraph here\.\n/);
  });
});

describe('user templates', () => {
  /** A config folder holding a templates folder; the config points at it relative to the config folder. */
  async function templateFolder(files: Partial<Record<keyof typeof TEMPLATE_FILES, string>>, config: XpostConfig = AUTHOR_CONFIG): Promise<RenderSetup> {
    const root = await mkdtemp(path.join(os.tmpdir(), 'xpost-render-templates-'));
    await mkdir(path.join(root, 'my-templates'));
    for (const [name, source] of Object.entries(files)) {
      await writeFile(path.join(root, 'my-templates', TEMPLATE_FILES[name as keyof typeof TEMPLATE_FILES]), source);
    }
    return { config: { ...config, templates: 'my-templates' }, configDir: root, cwd: root };
  }

  it('override the built-in template of the same name only, file by file', async () => {
    const setup = await templateFolder({ devto: 'CUSTOM DEVTO for {{title}} at {{canonical_url}}\n\n{{body}}\n\nBye from {{author.name}}.\n' });
    const post = postFrom(FULL_POST);
    const devto = renderForPlatform(post, 'devto', setup).body;
    expect(devto.startsWith(`CUSTOM DEVTO for Shipping safely (without fear) at ${CANONICAL}\n\nEvery release used to scare me.`)).toBe(true);
    expect(devto.endsWith('\n\nBye from Ada Lovelace.\n')).toBe(true);
    expect(payloadOf<DevtoPayload>(post, 'devto', setup).article.body_markdown).toBe(devto);
    // Hashnode has no file in the folder: still the built-in template.
    expect(renderForPlatform(post, 'hashnode', setup).body).toContain('This post first appeared on');
  });

  it('override the thread, with the canonical link in the part the user template puts it in', async () => {
    const setup = await templateFolder({ x: '{{title}}: {{canonical_url}}\n---\n{{#each sections}}{{title}}\n{{/each}}\n---\n{{hashtags}}\n' });
    const parts = renderThread(postFrom(FULL_POST), 'x', setup);
    expect(parts).toEqual([
      `Shipping safely (without fear): ${CANONICAL}\n\n1/3`,
      'Why small releases win\nMeasure everything\n\n2/3',
      '#NodeJs #WebDevelopment #testing\n\n3/3',
    ]);
  });

  it('give the LinkedIn and X templates the body as plain text with bullets and no Markdown emphasis', async () => {
    const setup = await templateFolder({ linkedin: '{{body}}\n\n{{canonical_url}}\n', x: '{{body}}\n' });
    const post = postFrom(FULL_POST);
    const linkedin = renderForPlatform(post, 'linkedin', setup).body;
    expect(linkedin).toContain('• one strong point\n• two');
    expect(linkedin).toContain('Small releases are easy to review and git revert undoes them.');
    expect(linkedin).not.toMatch(/\*\*|^- |^## /m);
    const thread = renderThread(post, 'x', setup);
    expectWellFormedThread(thread);
    expect(thread.join('\n')).toContain('• one strong point');
    expect(thread.join('\n')).not.toContain('**');
  });

  it('resolve an absolute templates path regardless of the config folder', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'xpost-render-abs-'));
    await writeFile(path.join(root, TEMPLATE_FILES.reddit), 'ABSOLUTE {{title}}\n\n{{body}}\n');
    const setup: RenderSetup = { config: { templates: root }, configDir: os.tmpdir(), cwd: os.tmpdir() };
    expect(redditSubmission(postFrom(FULL_POST), setup).body.startsWith('ABSOLUTE Shipping safely (without fear)\n')).toBe(true);
  });

  it('fail on an unknown variable, naming the template file and line', async () => {
    const setup = await templateFolder({ devto: '{{title}}\n\n{{subtitle}}\n{{body}}\n' });
    const error = caughtError(() => renderForPlatform(postFrom(FULL_POST), 'devto', setup));
    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(error.message).toContain(`${path.join('my-templates', 'devto.md.hbs')}:3`);
    expect(error.message).toContain('"subtitle"');
  });

  it('fail on an unknown nested variable in the thread template, naming the file', async () => {
    const setup = await templateFolder({ x: '{{title}}\n---\n{{author.nickname}}\n' });
    const error = caughtError(() => renderThread(postFrom(FULL_POST), 'x', setup));
    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(error.message).toContain(`${path.join('my-templates', 'x.txt.hbs')}:3`);
    expect(error.message).toContain('"author.nickname"');
  });

  it('fail on broken template syntax, naming the file', async () => {
    const setup = await templateFolder({ hashnode: 'Intro\n{{#if question}}\n{{question}}\n\n{{body}}\n' });
    const error = caughtError(() => renderForPlatform(postFrom(FULL_POST), 'hashnode', setup));
    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(error.message).toContain(path.join('my-templates', 'hashnode.md.hbs'));
    expect(error.message).toMatch(/syntax error/);
  });
});

describe('data: images', () => {
  const DATA_IMAGE_POST = postText(
    `title: Inline images\ncanonical_url: ${CANONICAL}`,
    'Line one.\n\n![chart](data:image/png;base64,iVBORw0KGgo=)\n\n<p>\n<img src="data:image/gif;base64,R0lGOD">\n</p>\n',
  );

  it('are an error naming the file and the line in the file, for every platform', () => {
    // Front matter is lines 1-4, the blank line 5: the Markdown image is on line 8, the HTML one on line 11.
    const post = postFrom(DATA_IMAGE_POST);
    const renders: Array<[string, () => unknown]> = [
      ...PLATFORM_IDS.map((platform): [string, () => unknown] => [platform, () => renderForPlatform(post, platform, EMPTY_SETUP)]),
      ['x', () => renderThread(post, 'x', EMPTY_SETUP)],
      ['reddit', () => redditSubmission(post, EMPTY_SETUP)],
    ];
    for (const [target, render] of renders) {
      const error = caughtError(render);
      expect(error.code, target).toBe('POST_INVALID');
      expect(error.message, target).toContain(`${POST_DISPLAY}:8: image uses a data: URI`);
      expect(error.message, target).toContain(`${POST_DISPLAY}:11: image uses a data: URI`);
    }
  });
});

describe('canonical URL from the config pattern', () => {
  const PATTERN_CONFIG: XpostConfig = { site: { url: 'https://blog.example.com/', canonical: '{site}/blog/posts/{slug}/' } };

  it('builds the canonical URL from the site URL and the front matter slug', () => {
    const post = postFrom(postText('title: Pattern\nslug: from-front-matter', 'Body.\n'));
    expect(canonicalUrlOf(post, PATTERN_CONFIG)).toBe('https://blog.example.com/blog/posts/from-front-matter/');
  });

  it('falls back to the file name for the slug and fills the date parts', () => {
    const post = postFrom(postText('title: Pattern\ndate: 2026-03-07', 'Body.\n'));
    expect(canonicalUrlOf(post, PATTERN_CONFIG)).toBe('https://blog.example.com/blog/posts/shipping-safely/');
    const dated: XpostConfig = { site: { url: 'https://blog.example.com', canonical: '{site}/{year}/{month}/{day}/{slug}' } };
    expect(canonicalUrlOf(post, dated)).toBe('https://blog.example.com/2026/03/07/shipping-safely');
  });

  it('never replaces a canonical_url the post sets itself, and gives none without a pattern', () => {
    const own = postFrom(postText(`title: Own\ncanonical_url: https://elsewhere.example.net/own/`, 'Body.\n'));
    expect(canonicalUrlOf(own, PATTERN_CONFIG)).toBe('https://elsewhere.example.net/own/');
    expect(canonicalUrlOf(postFrom(postText('title: None', 'Body.\n')), { site: { url: SITE_URL } })).toBeUndefined();
  });

  it('is used by every platform: intro, payload, relative links, thread and Reddit', () => {
    const expected = 'https://blog.example.com/blog/posts/shipping-safely/';
    const post = postFrom(postText('title: Pattern post\ntags: [testing]', 'See ![a](a.png).\n\n## Part\n\nText.\n'));
    const setup = setupWith(PATTERN_CONFIG);
    expect(payloadOf<DevtoPayload>(post, 'devto', setup).article.canonical_url).toBe(expected);
    expect(payloadOf<HashnodePayload>(post, 'hashnode', setup).input.originalArticleURL).toBe(expected);
    expect(payloadOf<MediumPostPayload>(post, 'medium', setup).canonicalUrl).toBe(expected);
    expect(payloadOf<LinkedinPostBody>(post, 'linkedin', setup).content.article.source).toBe(expected);
    const devto = renderForPlatform(post, 'devto', setup).body;
    expect(devto).toContain(`First published on [blog.example.com](${expected})`);
    expect(devto).toContain(`![a](${expected}a.png)`);
    expect(renderThread(post, 'x', setup).some((part) => mentionsUrl(part, expected))).toBe(true);
    expect(redditSubmission(post, setup).body).toContain(`*Originally published at ${expected}*`);
  });

  it('resolves links with the config of each call when the same post is rendered with two configs', () => {
    const post = postFrom(postText('title: Two configs', 'See ![a](a.png).\n'));
    // Without a site URL or canonical URL a relative image has nothing to resolve against: an input error, never sent as is.
    const error = caughtError(() => renderForPlatform(post, 'devto', EMPTY_SETUP));
    expect(error.code).toBe('POST_INVALID');
    expect(error.message).toBe(`${POST_DISPLAY}:5: relative link or image "a.png" has no address to resolve against`);
    expect(error.hint).toContain('site.url');
    expect(error.hint).toContain('site.canonical');
    expect(renderForPlatform(post, 'devto', setupWith(PATTERN_CONFIG)).body).toContain(
      '![a](https://blog.example.com/blog/posts/shipping-safely/a.png)',
    );
  });
});

describe('tags and hashtags per platform', () => {
  const TAGGED = (block: string): string =>
    postText(`title: Tagged\ncanonical_url: ${CANONICAL}\ntags: [shared, Node.js]\n${block}`, 'Body.\n\n## Part\n\nText.\n');
  const CONFIG_TAGS: XpostConfig = {
    platforms: {
      devto: { tags: ['Node.js', 'TypeScript', 'Web Dev', 'CSS', 'Extra'] },
      linkedin: { tags: ['DevOps', 'platform engineering'] },
      medium: { tags: ['Config Medium'] },
    },
  };

  it('uses the front matter block first, then the config, then the post tags', () => {
    const withBlock = postFrom(TAGGED('devto:\n  tags: [from-block]\nmedium:\n  tags: [Block Medium]'));
    expect(fieldsForPlatform(withBlock, 'devto', CONFIG_TAGS).tags).toEqual(['from-block']);
    expect(fieldsForPlatform(withBlock, 'medium', CONFIG_TAGS).tags).toEqual(['Block Medium']);
    const withoutBlock = postFrom(TAGGED(''));
    expect(fieldsForPlatform(withoutBlock, 'devto', CONFIG_TAGS).tags).toEqual(['Node.js', 'TypeScript', 'Web Dev', 'CSS', 'Extra']);
    expect(fieldsForPlatform(withoutBlock, 'hashnode', CONFIG_TAGS).tags).toEqual(['shared', 'Node.js']);
    expect(fieldsForPlatform(withoutBlock, 'x', CONFIG_TAGS).tags).toEqual(['shared', 'Node.js']);
    expect(fieldsForPlatform(withoutBlock, 'reddit', CONFIG_TAGS).tags).toEqual(['shared', 'Node.js']);
  });

  it('fits config tags to dev.to and explains every change in the notes', () => {
    const shown = preview(postFrom(TAGGED('')), 'devto', setupWith(CONFIG_TAGS));
    expect((shown.request?.payload as DevtoPayload).article.tags).toEqual(['nodejs', 'typescript', 'webdev', 'css']);
    expect(shown.notes).toEqual(
      expect.arrayContaining(['tag "Node.js" sent as "nodejs"', 'tag "Web Dev" sent as "webdev"', expect.stringMatching(/"Extra".*dropped/)]),
    );
  });

  it('sends the front matter block tags even when the config has its own for the platform', () => {
    const shown = preview(postFrom(TAGGED('devto:\n  tags: [fromblock]')), 'devto', setupWith(CONFIG_TAGS));
    expect((shown.request?.payload as DevtoPayload).article.tags).toEqual(['fromblock']);
  });

  it('turns LinkedIn config tags into hashtags in the share and notes, and X uses the post tags', () => {
    const post = postFrom(TAGGED(''));
    const shown = preview(post, 'linkedin', setupWith(CONFIG_TAGS));
    expect(shown.text).toMatch(/\n#DevOps #PlatformEngineering\n$/);
    expect((shown.request?.payload as LinkedinPostBody).commentary).toContain('#DevOps #PlatformEngineering');
    expect(shown.notes).toContain('tag "platform engineering" shown as #PlatformEngineering');
    expect(renderThread(post, 'x', setupWith(CONFIG_TAGS)).at(-1)).toContain('#shared #NodeJs');
  });
});

describe('postNotes: how the post was read, said once in the dry-run', () => {
  it('names fields read under a generator\'s names, and drops a cover the site builds to an unknown address', () => {
    const post = postFrom(postText('title: Notes\nsummary: From the summary field\nheroImage: ../../assets/hero.png\ncanonical_url: https://blog.example.com/notes/', 'Text.\n'));
    expect(postNotes(post, EMPTY_SETUP)).toEqual([
      'read description from `summary`, cover image from `heroImage`',
      'cover image "../../assets/hero.png" not sent: the site builds it to an address xpost cannot know; set cover_image to the image\'s full URL',
    ]);
    expect(renderForPlatform(post, 'devto', EMPTY_SETUP).coverImage).toBeUndefined();
    const plain = postFrom(postText('title: Plain\ncover_image: cover.png\ncanonical_url: https://blog.example.com/plain/', 'Text.\n'));
    expect(postNotes(plain, EMPTY_SETUP)).toEqual([]);
    expect(renderForPlatform(plain, 'devto', EMPTY_SETUP).coverImage).toBe('https://blog.example.com/plain/cover.png');
  });
});

describe('previewFolders', () => {
  it('names each post\'s folder after the post, a bundle after its folder, and falls back to the path when names collide', () => {
    expect([...previewFolders(['posts/hello.md', 'content/posts/first/index.md', 'content/posts/second/index.mdx'])]).toEqual([
      ['posts/hello.md', 'hello'],
      ['content/posts/first/index.md', 'first'],
      ['content/posts/second/index.mdx', 'second'],
    ]);
    expect([...previewFolders(['a/post/index.md', 'b/post.md'])]).toEqual([
      ['a/post/index.md', path.join('a', 'post', 'index')],
      ['b/post.md', path.join('b', 'post')],
    ]);
  });
});

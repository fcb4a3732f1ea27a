import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontMatterSkipReason, parsePostText, type LoadPostResult, type Post } from '../../../src/core/load-post.js';
import type { FrontMatterMap } from '../../../src/sources/fields.js';

function parse(text: string, display = 'post.md', frontMatterMap?: FrontMatterMap): LoadPostResult {
  return parsePostText(text, path.resolve(display), display, { frontMatterMap });
}

function loaded(text: string, display?: string, frontMatterMap?: FrontMatterMap): Post {
  const result = parse(text, display, frontMatterMap);
  if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('\n'));
  return result.post;
}

function problems(text: string): string[] {
  const result = parse(text);
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((problem) => problem.message);
}

describe('front matter dialects', () => {
  it('reads TOML between +++ lines, with its dates as written', () => {
    const post = loaded('+++\ntitle = "TOML post"\ndate = 2024-04-10T09:30:00+02:00\ntags = ["a", "b"]\n[cover]\nimage = "c.png"\n+++\n\nBody.\n');
    expect(post.frontMatter).toMatchObject({ title: 'TOML post', date: '2024-04-10T09:30:00+02:00', tags: ['a', 'b'], cover_image: 'c.png' });
    expect(post.site.format).toBe('toml');
    expect(post.body).toBe('Body.\n');
    expect(post.bodyStartLine).toBe(9);
  });

  it('normalises TOML local dates and times like YAML ones', () => {
    expect(loaded('+++\ntitle = "T"\ndate = 2024-04-10\n+++\nB\n').frontMatter.date).toBe('2024-04-10');
    expect(loaded('+++\ntitle = "T"\ndate = 2024-04-10T08:00:00\n+++\nB\n').frontMatter.date).toBe('2024-04-10T08:00:00');
    expect(loaded('+++\ntitle = "T"\ndate = 2024-04-10T08:00:00Z\n+++\nB\n').frontMatter.date).toBe('2024-04-10T08:00:00Z');
    expect(loaded('---\ntitle: T\ndate: 2024-04-10\n---\nB\n').frontMatter.date).toBe('2024-04-10');
    expect(loaded('---\ntitle: T\ndate: 2024-04-10T08:00:00-05:00\n---\nB\n').frontMatter.date).toBe('2024-04-10T08:00:00-05:00');
  });

  it('reads a leading JSON object as Hugo does', () => {
    const post = loaded('{\n  "title": "JSON post",\n  "slug": "json-post",\n  "note": "a } inside a string"\n}\n\nBody here.\n');
    expect(post.frontMatter).toMatchObject({ title: 'JSON post', slug: 'json-post' });
    expect(post.site.format).toBe('json');
    expect(post.bodyStartLine).toBe(7);
  });

  it('names the file and line of a TOML, YAML or JSON syntax error', () => {
    expect(problems('+++\ntitle = "T"\nbroken = = 1\n+++\nB\n')[0]).toMatch(/^post\.md:3: front matter TOML error at line 3/);
    expect(problems('---\ntitle: T\ndescription: broken: here\n---\nB\n')[0]).toMatch(/^post\.md:3: front matter YAML error at line 3/);
    expect(problems('{\n  "title": "T",\n  "x": ,\n}\nB\n')[0]).toMatch(/^post\.md:3: front matter JSON error/);
  });

  it('says so when the front matter is never closed, or closed by a line that is not just the delimiter', () => {
    expect(problems('---\ntitle: T\nBody without a closing line\n')[0]).toBe('post.md:1: the front matter opened with --- on line 1 is never closed');
    expect(problems('---\ntitle: T\n----\nBody\n')[0]).toBe('post.md:3: line 3 must be just --- to close the front matter');
    expect(problems('+++\ntitle = "T"\n')[0]).toContain('opened with +++ on line 1 is never closed');
  });

  it('refuses duplicate YAML keys and an alias bomb as input problems', () => {
    expect(problems('---\ntitle: T\ntitle: U\n---\nB\n')[0]).toMatch(/^post\.md:3: front matter YAML error at line 3: Map keys must be unique/);
    let bomb = '---\ntitle: T\na: &a ["x","x","x","x","x","x","x","x","x"]\n';
    for (const [previous, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g'], ['g', 'h']]) {
      bomb += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]\n`;
    }
    const started = Date.now();
    const [problem] = problems(`${bomb}---\nBody\n`);
    expect(problem).toContain('too many aliases');
    expect(problem).toMatch(/^post\.md: /);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('calendar dates', () => {
  it.each(['2026-02-30', '2026-13-01', '2025-02-29', '2026-04-31T10:00:00Z', '2026-01-01T25:00:00Z'])('refuses %s in YAML and TOML, naming the field', (date) => {
    const [yaml] = problems(`---\ntitle: T\ndate: ${date}\n---\nB\n`);
    expect(yaml).toMatch(new RegExp(`^post\\.md: front matter field "date": "${date}" is not a (calendar date|valid time of day)`));
    const [toml] = problems(`+++\ntitle = "T"\ndate = ${date}\n+++\nB\n`);
    expect(toml).toMatch(/^post\.md:3: front matter TOML error at line 3: ".*" is not a (calendar date|valid time of day)/);
  });

  it('accepts 29 February in a leap year and names the alias field it read', () => {
    expect(loaded('---\ntitle: T\ndate: 2024-02-29\n---\nB\n').frontMatter.date).toBe('2024-02-29');
    expect(problems('---\ntitle: T\npubDate: 2023-02-29\n---\nB\n')[0]).toContain('front matter field "pubDate": "2023-02-29" is not a calendar date (February 2023 has no day 29)');
  });

  it.each([
    ['2019-04-25 9:00:00', '2019-04-25 09:00:00'],
    ['2019-04-25 9:00', '2019-04-25 09:00'],
    ['2019-04-25 09:00', '2019-04-25 09:00'],
    ['2019-04-25 09:00:00 +0200', '2019-04-25 09:00:00 +0200'],
    ['2019-04-25 09:00 -0500', '2019-04-25 09:00 -0500'],
    ['2019-04-25 9:00:00 +02:00', '2019-04-25 09:00:00 +02:00'],
    ['2019-04-25T9:30:00Z', '2019-04-25T09:30:00Z'],
  ])('accepts %s as Jekyll and Hugo do, kept as %s', (written, kept) => {
    expect(loaded(`---\ntitle: T\ndate: ${written}\n---\nB\n`).frontMatter.date).toBe(kept);
  });

  it.each(['2019-04-25 24:00:00', '2019-04-25 9:60', '2019-02-30 9:00:00', '2019-04-25 123:00'])('still refuses %s', (date) => {
    expect(problems(`---\ntitle: T\ndate: ${date}\n---\nB\n`)[0]).toMatch(/is not a (calendar date|valid time of day|date)/);
  });

  it('refuses a dated file name that is no calendar date', () => {
    const result = parse('---\ntitle: T\n---\nB\n', '_posts/2026-02-30-bad.md');
    expect(!result.ok && result.problems[0]?.message).toContain('the date in the file name: "2026-02-30" is not a calendar date');
  });
});

describe('empty values', () => {
  it('treats null, blank text and empty lists as absent', () => {
    const post = loaded('---\ntitle: T\ncanonical_url:\ndescription: ""\ntags: null\nseries: []\ncover_image: "  "\ndevto:\n  canonical_url:\n---\nB\n');
    expect(post.frontMatter.canonical_url).toBeUndefined();
    expect(post.frontMatter.description).toBeUndefined();
    expect(post.frontMatter.tags).toBeUndefined();
    expect(post.frontMatter.series).toBeUndefined();
    expect(post.frontMatter.cover_image).toBeUndefined();
    expect(post.frontMatter.devto).toEqual({});
  });

  it('uses the first of several series and says so in a note', () => {
    const post = loaded('---\ntitle: T\nseries: [Basics, Advanced, Extra]\n---\nB\n');
    expect(post.frontMatter.series).toBe('Basics');
    expect(post.notes).toEqual(['series: "Basics" is used; the platforms take one series, so "Advanced", "Extra" are left out']);
    expect(loaded('---\ntitle: T\nseries: [Only]\n---\nB\n').notes).toEqual([]);
  });
});

describe('generator field names', () => {
  it.each([
    ['pubDate: 2024-01-02', 'date', '2024-01-02', 'pubDate'],
    ['publishDate: 2024-01-03', 'date', '2024-01-03', 'publishDate'],
    ['cover:\n  image: c.png', 'cover_image', 'c.png', 'cover.image'],
    ['heroImage: ./hero.jpg', 'cover_image', './hero.jpg', 'heroImage'],
    ['image: /i.png', 'cover_image', '/i.png', 'image'],
    ['image:\n  path: /p.png\n  alt: x', 'cover_image', '/p.png', 'image.path'],
    ['images: [first.png, second.png]', 'cover_image', 'first.png', 'images[0]'],
    ['featured_image: f.png', 'cover_image', 'f.png', 'featured_image'],
    ['summary: S', 'description', 'S', 'summary'],
    ['excerpt: E', 'description', 'E', 'excerpt'],
    ['spoiler: Sp', 'description', 'Sp', 'spoiler'],
  ])('reads %j as %s', (line, field, value, source) => {
    const post = loaded(`---\ntitle: T\n${line}\n---\nB\n`);
    expect(post.frontMatter[field]).toBe(value);
    expect(post.fieldSources[field as keyof typeof post.fieldSources]).toBe(source);
  });

  it("prefers xpost's own field name over an alias, and the config's front_matter map over both", () => {
    const text = '---\ntitle: T\ncover_image: own.png\nheroImage: hero.png\nhero:\n  src: mapped.png\n---\nB\n';
    expect(loaded(text).frontMatter.cover_image).toBe('own.png');
    const mapped = loaded(text, 'post.md', { cover_image: 'hero.src' });
    expect(mapped.frontMatter.cover_image).toBe('mapped.png');
    expect(mapped.fieldSources.cover_image).toBe('hero.src');
  });

  it('names the field as the author wrote it when its value is wrong', () => {
    expect(problems('---\ntitle: T\nheroImage: 42\n---\nB\n')).toEqual(['post.md: front matter field "heroImage" (read as cover_image) must be text']);
    expect(problems('---\ntitle: T\ncanonicalURL: /relative\n---\nB\n')[0]).toBe(
      'post.md: front matter field "canonicalURL" (read as canonical_url) must be an absolute http(s) URL, e.g. https://example.com/blog/my-post/',
    );
    expect(problems('---\ntitle: T\ndraft: maybe\n---\nB\n')[0]).toBe('post.md: front matter field "draft" must be true or false');
    expect(problems('---\n- a\n- b\n---\nB\n')[0]).toBe('post.md:2: the front matter is not a set of fields (key: value lines)');
  });
});

describe('hostile front matter', () => {
  /** A small deterministic generator, so a failure can be replayed. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
  }

  it('never throws and never hangs on hundreds of generated front matters, in every dialect', () => {
    const next = random(42);
    const pieces = ['title', ': ', '=', '"', "'", '[', ']', '{', '}', ',', '\n', '  ', '-', '&a', '*a', '!!str', '2026-02-30', '__proto__', 'date', 'tags', '+++', '---', '#', '\\', 'null', '~', 'true', '1e999', ':', '|', '>', '\t'];
    const started = Date.now();
    for (let round = 0; round < 600; round += 1) {
      const length = Math.floor(next() * 40);
      const inner = Array.from({ length }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      for (const text of [`---\n${inner}\n---\nBody\n`, `+++\n${inner}\n+++\nBody\n`, `{${inner}}\nBody\n`]) {
        const result = parse(text);
        if (!result.ok) for (const problem of result.problems) expect(problem.kind).toBe('input');
      }
    }
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('ignores a __proto__ key and survives deep nesting', () => {
    const post = loaded('---\ntitle: T\n__proto__:\n  polluted: true\n---\nB\n');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(post.frontMatter.title).toBe('T');
    const deep = `---\ntitle: T\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\nB\n`;
    const result = parse(deep);
    if (!result.ok) expect(result.problems[0]?.kind).toBe('input');
    const deepJson = `{"title": "T", "x": ${'['.repeat(20000)}${']'.repeat(20000)}}\nB\n`;
    const json = parse(deepJson);
    if (!json.ok) expect(json.problems[0]?.kind).toBe('input');
  });
});

describe('front matter keys named after a platform', () => {
  it('ignores one that is not a block of fields, with a note (a Bluesky or Mastodon comments link)', () => {
    const post = loaded('---\ntitle: T\nbluesky: https://bsky.app/profile/someone.example/post/3k\nmastodon: https://mastodon.example/@someone/1\nx: 3\n---\n\nBody.\n');
    expect(post.frontMatter.bluesky).toBeUndefined();
    expect(post.frontMatter.mastodon).toBeUndefined();
    expect(post.platformsOff.size).toBe(0);
    expect(post.notes).toEqual([
      'bluesky: "https://bsky.app/profile/someone.example/post/3k" is not a block of bluesky fields (such as bluesky: { tags: [...] }) or false, so xpost ignores it',
      'mastodon: "https://mastodon.example/@someone/1" is not a block of mastodon fields (such as mastodon: { tags: [...] }) or false, so xpost ignores it',
      'x: 3 is not a block of x fields (such as x: { tags: [...] }) or false, so xpost ignores it',
    ]);
  });

  it('leaves the post off a platform set to false, and still reads a block', () => {
    const post = loaded('---\ntitle: T\ndevto: false\nmedium: true\nhashnode:\n  title: Other\n---\n\nBody.\n');
    expect([...post.platformsOff]).toEqual(['devto']);
    expect(frontMatterSkipReason(post, 'devto')).toBe('devto: false in the front matter');
    expect(frontMatterSkipReason(post, 'hashnode')).toBeUndefined();
    expect(post.frontMatter.hashnode).toEqual({ title: 'Other' });
    expect(post.notes).toEqual(['medium: true is not a block of medium fields (such as medium: { tags: [...] }) or false, so xpost ignores it']);
  });

  it('reads TOML the same way', () => {
    const post = loaded('+++\ntitle = "T"\nbluesky = "https://bsky.app/profile/a/post/b"\ndevto = false\n+++\n\nBody.\n');
    expect([...post.platformsOff]).toEqual(['devto']);
    expect(post.notes).toHaveLength(1);
  });

  it('quotes a list without walking it', () => {
    expect(loaded('---\ntitle: T\nreddit: [a, b]\n---\n\nBody.\n').notes).toEqual(['reddit: a list is not a block of reddit fields (such as reddit: { tags: [...] }) or false, so xpost ignores it']);
  });
});

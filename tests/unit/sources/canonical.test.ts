import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { XpostConfig } from '../../../src/config/config-schema.js';
import { parsePostText, type Post } from '../../../src/core/load-post.js';
import { XpostError } from '../../../src/errors/xpost-error.js';
import { canonicalKey } from '../../../src/core/identity-key.js';
import { canonicalPatternProblem, canonicalUrlOf, relativeBaseOf, resolveCanonicalUrl } from '../../../src/sources/canonical.js';

function post(frontMatter: string, display = 'posts/a-post.md'): Post {
  const loaded = parsePostText(`---\n${frontMatter}\n---\n\nBody.\n`, path.resolve(display), display);
  if (!loaded.ok) throw new Error(loaded.problems.map((problem) => problem.message).join('\n'));
  return loaded.post;
}

const site = (canonical: string, url = 'https://blog.example.com/'): XpostConfig => ({ site: { url, canonical } });

describe('canonical URL of a post', () => {
  it('prefers the front matter canonical_url, then permalink or url, then the site pattern', () => {
    const config = site('{site}/posts/{slug}/');
    expect(resolveCanonicalUrl(post('title: T\ncanonical_url: https://Elsewhere.example.net/x'), config)).toEqual({ url: 'https://Elsewhere.example.net/x', from: 'front matter' });
    expect(resolveCanonicalUrl(post('title: T\npermalink: /hand/picked/'), config)).toEqual({ url: 'https://blog.example.com/hand/picked/', from: 'permalink' });
    expect(resolveCanonicalUrl(post('title: T\nurl: https://blog.example.com/from-url/'), config)).toEqual({ url: 'https://blog.example.com/from-url/', from: 'permalink' });
    expect(resolveCanonicalUrl(post('title: T'), config)).toEqual({ url: 'https://blog.example.com/posts/a-post/', from: 'site.canonical' });
    expect(resolveCanonicalUrl(post('title: T'), {})).toEqual({ url: undefined, from: undefined });
  });

  it('leaves out a permalink that is a template xpost cannot fill, with a note, and uses the site pattern', () => {
    const templated = post('title: T\npermalink: "/blog/{{ page.url }}/"');
    expect(templated.site.permalink).toBeUndefined();
    expect(templated.notes).toEqual(['permalink "/blog/{{ page.url }}/" is a template xpost cannot fill; the site pattern is used']);
    expect(canonicalUrlOf(templated, site('{site}/posts/{slug}/'))).toBe('https://blog.example.com/posts/a-post/');
  });

  it('reads canonicalURL, canonicalUrl and canonical as Astro and Next.js blogs write them', () => {
    for (const key of ['canonicalURL', 'canonicalUrl', 'canonical']) {
      expect(canonicalUrlOf(post(`title: T\n${key}: https://first.example.org/p/`), {}), key).toBe('https://first.example.org/p/');
    }
  });

  it('joins a permalink site path to a site URL with a base path, as Jekyll baseurl does', () => {
    expect(canonicalUrlOf(post('title: T\npermalink: /about-this/'), site('{site}/{slug}/', 'https://example.org/blog/'))).toBe('https://example.org/blog/about-this/');
  });

  it('fills the date from the front matter as written, whatever the offset, and from a dated file name', () => {
    const config = site('{site}/{year}/{month}/{day}/{slug}/');
    expect(canonicalUrlOf(post('title: T\ndate: 2026-11-02T23:30:00-05:00'), config)).toBe('https://blog.example.com/2026/11/02/a-post/');
    expect(canonicalUrlOf(post('title: T\npubDate: 2025-01-09'), config)).toBe('https://blog.example.com/2025/01/09/a-post/');
    expect(canonicalUrlOf(post('title: T', '_posts/2015-09-25-ipad-pro.md'), config)).toBe('https://blog.example.com/2015/09/25/ipad-pro/');
  });

  it('gives a page bundle the name of its folder', () => {
    expect(canonicalUrlOf(post('title: T', 'content/posts/my-bundle/index.md'), site('{site}/{slug}/'))).toBe('https://blog.example.com/my-bundle/');
    expect(canonicalUrlOf(post('title: T', 'content/posts/2024-01-02-dated-bundle/index.mdx'), site('{site}/{slug}/'))).toBe('https://blog.example.com/dated-bundle/');
  });

  it('is an error naming the post and the pattern when the pattern needs a date the post lacks, never "////"', () => {
    const resolved = resolveCanonicalUrl(post('title: T'), site('{site}/{year}/{month}/{slug}/'));
    expect('problem' in resolved).toBe(true);
    const problem = (resolved as { problem: XpostError }).problem;
    expect(problem.code).toBe('POST_INVALID');
    expect(problem.kind).toBe('input');
    expect(problem.message).toBe('posts/a-post.md: site.canonical "{site}/{year}/{month}/{slug}/" needs a date, and the post has none');
    expect(problem.hint).toContain('date: YYYY-MM-DD');
    expect(() => canonicalUrlOf(post('title: T'), site('{site}/{year}/{slug}/'))).toThrow(XpostError);
  });

  it('drops the segment of an empty {section}, {path} or {categories} instead of leaving "//"', () => {
    expect(canonicalUrlOf(post('title: T', 'a-post.md'), site('{site}/{section}/{slug}/'))).toBe('https://blog.example.com/a-post/');
    expect(canonicalUrlOf(post('title: T'), site('{site}/{categories}/{slug}/'))).toBe('https://blog.example.com/a-post/');
    expect(canonicalUrlOf(post('title: T\ncategories: [Tech, News]'), site('{site}/{categories}/{slug}/'))).toBe('https://blog.example.com/tech/news/a-post/');
  });

  it('fills {title} and {slug_or_title} as Hugo fills :title and :slug', () => {
    expect(canonicalUrlOf(post('title: Hello, Wide World!'), site('{site}/{title}/'))).toBe('https://blog.example.com/hello-wide-world/');
    expect(canonicalUrlOf(post('title: Hello World'), site('{site}/{slug_or_title}/'))).toBe('https://blog.example.com/hello-world/');
    expect(canonicalUrlOf(post('title: Hello World\nslug: hi'), site('{site}/{slug_or_title}/'))).toBe('https://blog.example.com/hi/');
    expect(canonicalUrlOf(post('title: T\nslug: hi', '2020-01-01-the-name.md'), site('{site}/{name}/'))).toBe('https://blog.example.com/2020-01-01-the-name/');
  });

  it('comes out in one form: the host in lower case, spaces encoded', () => {
    expect(canonicalUrlOf(post('title: T\nslug: two words'), site('{site}/p/{slug}/', 'https://Blog.Example.COM'))).toBe('https://blog.example.com/p/two%20words/');
  });
});

describe('site.canonical validation', () => {
  it('accepts the documented placeholders', () => {
    for (const pattern of ['{site}/blog/posts/{slug}/', '{site}/{year}/{month}/{day}/{slug}.html', 'https://other.example.net/{section}/{path}/{name}', '{site}/{categories}/{title}/{slug_or_title}']) {
      expect(canonicalPatternProblem(pattern, 'https://example.com'), pattern).toBeUndefined();
    }
  });

  it('names unknown placeholders and lists the known ones', () => {
    expect(canonicalPatternProblem('{site}/{slugg}/', 'https://example.com')).toMatch(/^uses \{slugg\}, which xpost does not know; the placeholders are \{site\}, \{slug\}/);
  });

  it('refuses a pattern that cannot give an absolute http(s) URL, and a stray brace', () => {
    expect(canonicalPatternProblem('/blog/{slug}/', 'https://example.com')).toContain('absolute http(s) URL');
    expect(canonicalPatternProblem('ftp://example.com/{slug}', 'https://example.com')).toContain('absolute http(s) URL');
    expect(canonicalPatternProblem('{site}/{slug', 'https://example.com')).toContain('{ or }');
  });
});

describe('canonicalKey, the one form canonical URLs are compared in', () => {
  it('compares URLs that differ only in scheme case, host case, default port, trailing slash, fragment or tracking parameters', () => {
    const key = canonicalKey('https://blog.example.com/posts/a');
    for (const variant of [
      'HTTPS://Blog.Example.com/posts/a/',
      'https://blog.example.com:443/posts/a',
      'https://blog.example.com/posts/a#comments',
      'https://blog.example.com/posts/a/?utm_source=x&utm_medium=y',
      'https://blog.example.com/posts/a?fbclid=abc',
      'https://blog.example.com/posts/a?_hsenc=x&_hsmi=y',
      'http://blog.example.com/posts/a',
    ]) {
      expect(canonicalKey(variant), variant).toBe(key);
    }
  });

  it('keeps paths and meaningful query parameters apart, in a stable order', () => {
    expect(canonicalKey('https://example.com/a')).not.toBe(canonicalKey('https://example.com/b'));
    expect(canonicalKey('https://example.com/a?id=1')).not.toBe(canonicalKey('https://example.com/a?id=2'));
    expect(canonicalKey('https://example.com/a?b=2&a=1')).toBe(canonicalKey('https://example.com/a?a=1&b=2'));
    expect(canonicalKey('https://example.com/')).toBe('https://example.com');
  });
});

describe('what relative images and links resolve against', () => {
  const bundle = (canonical: string): Post => ({ ...post(`title: T\ncanonical_url: ${canonical}`, 'content/posts/my-post/index.md'), site: { ...post('title: T').site, bundle: true } });

  it("is a page bundle's canonical URL as a folder, whatever form the URL takes", () => {
    for (const canonical of ['https://blog.example.com/posts/my-post', 'https://blog.example.com/posts/my-post/', 'https://blog.example.com/posts/my-post.html', 'https://blog.example.com/posts/my-post/index.html', 'https://blog.example.com/posts/my-post?ref=x#top']) {
      const base = relativeBaseOf(bundle(canonical), canonical, {});
      expect(base, canonical).toBe('https://blog.example.com/posts/my-post/');
      expect(new URL('diagram.png', base).href).toBe('https://blog.example.com/posts/my-post/diagram.png');
    }
  });

  it("is a single file's canonical URL as it is (the browser resolves against the page), else the site URL", () => {
    const single = post('title: T');
    expect(relativeBaseOf(single, 'https://blog.example.com/posts/my-post', {})).toBe('https://blog.example.com/posts/my-post');
    expect(relativeBaseOf(single, undefined, { site: { url: 'https://blog.example.com/' } })).toBe('https://blog.example.com/');
    expect(relativeBaseOf(single, undefined, {})).toBeUndefined();
  });
});

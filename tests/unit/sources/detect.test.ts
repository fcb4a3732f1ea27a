import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPost } from '../../../src/core/load-post.js';
import { detectSite } from '../../../src/sources/detect.js';
import { allSources, sourceFor } from '../../../src/sources/registry.js';

async function project(files: Record<string, string>): Promise<string> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'xpost-detect-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(cwd, name)), { recursive: true });
    await writeFile(path.join(cwd, name), text);
  }
  return cwd;
}

describe('the source registry', () => {
  it('lists every generator once, plain last, each with a name and marker files', () => {
    const ids = allSources().map((source) => source.id);
    expect(ids).toEqual(['hugo', 'jekyll', 'eleventy', 'astro', 'gatsby', 'nextjs', 'plain']);
    for (const source of allSources()) {
      expect(sourceFor(source.id)).toBe(source);
      expect(source.name.length).toBeGreaterThan(0);
      expect(source.markers.length > 0 || source.id === 'plain').toBe(true);
    }
  });
});

describe('detectSite: the site URL', () => {
  it.each(['https://example.org/', 'http://localhost:1313/', 'http://127.0.0.1:4000', 'https://example.com'])('is none when the config holds the placeholder or local address %s', async (url) => {
    expect((await detectSite(await project({ 'hugo.toml': `baseURL = "${url}"\n` }))).siteUrl).toBeUndefined();
  });

  it('is kept for a real host, a subdomain of the example domains included', async () => {
    expect((await detectSite(await project({ 'hugo.toml': 'baseURL = "https://blog.example.com/"\n' }))).siteUrl).toBe('https://blog.example.com/');
  });
});

describe('detectSite: Hugo permalinks', () => {
  it.each([
    ['/:year/:month/:title/', '{site}/{year}/{month}/{title}/'],
    ['/:year/:month/:day/:slug/', '{site}/{year}/{month}/{day}/{slug_or_title}/'],
    ['/:section/:filename/', '{site}/{section}/{name}/'],
    ['/blog/:slugorcontentbasename/', '{site}/blog/{slug}/'],
    ['/:sections/:contentbasename/', '{site}/{path}/{name}/'],
  ])('translates [permalinks] posts = %j', async (rule, canonical) => {
    const cwd = await project({ 'hugo.toml': `baseURL = "https://blog.example.org/"\n[permalinks]\n  posts = "${rule}"\n`, 'content/posts/a.md': '' });
    expect(await detectSite(cwd)).toMatchObject({ generator: 'hugo', siteUrl: 'https://blog.example.org/', postsDir: 'content/posts', canonical });
  });

  it('reads the page-kind form, YAML and the config/_default folder', async () => {
    const pageKind = await project({ 'hugo.yaml': 'baseURL: https://blog.example.org/\npermalinks:\n  page:\n    posts: /articles/:year/:slug/\n', 'content/posts/a.md': '' });
    expect((await detectSite(pageKind)).canonical).toBe('{site}/articles/{year}/{slug_or_title}/');
    const folder = await project({ 'config/_default/hugo.toml': 'baseURL = "https://folder.example.org/"\n', 'config/_default/permalinks.toml': 'posts = "/p/:slug/"\n', 'content/posts/a.md': '' });
    expect(await detectSite(folder)).toMatchObject({ generator: 'hugo', siteUrl: 'https://folder.example.org/', canonical: '{site}/p/{slug_or_title}/' });
  });

  it("uses Hugo's default address without a rule, and says why when a token has no placeholder", async () => {
    expect((await detectSite(await project({ 'hugo.toml': 'baseURL = "https://blog.example.org/"\n' }))).canonical).toBe('{site}/{path}/{slug}/');
    const monthName = await detectSite(await project({ 'hugo.toml': 'baseURL = "https://blog.example.org/"\n[permalinks]\nposts = "/:year/:monthname/:slug/"\n', 'content/posts/a.md': '' }));
    expect(monthName.canonical).toBeUndefined();
    expect(monthName.canonicalNote).toContain(':monthname');
  });

  it('takes config.toml for Hugo only when it sets baseURL', async () => {
    expect((await detectSite(await project({ 'config.toml': 'baseurl = "https://blog.example.org/"\n' }))).generator).toBe('hugo');
    expect((await detectSite(await project({ 'config.toml': '[tool]\nname = "not hugo"\n' }))).generator).toBe('plain');
  });
});

describe('detectSite: Jekyll permalinks', () => {
  it.each([
    [undefined, '{site}/{categories}/{year}/{month}/{day}/{slug}.html'],
    ['date', '{site}/{categories}/{year}/{month}/{day}/{slug}.html'],
    ['pretty', '{site}/{categories}/{year}/{month}/{day}/{slug}/'],
    ['none', '{site}/{categories}/{slug}.html'],
    ['/:year/:title/', '{site}/{year}/{slug}/'],
  ])('translates permalink: %s', async (permalink, canonical) => {
    const config = `url: https://blog.example.org\nbaseurl: /blog\n${permalink ? `permalink: ${permalink}\n` : ''}`;
    expect(await detectSite(await project({ '_config.yml': config }))).toMatchObject({ generator: 'jekyll', siteUrl: 'https://blog.example.org/blog', postsDir: '_posts', canonical, liquid: true });
  });

  it('names the placeholder it cannot translate', async () => {
    const ordinal = await detectSite(await project({ '_config.yml': 'url: https://blog.example.org\npermalink: ordinal\n' }));
    expect(ordinal.canonical).toBeUndefined();
    expect(ordinal.canonicalNote).toContain(':y_day');
  });
});

describe('detectSite: where the site is', () => {
  it('finds a site in the one folder below the working directory that holds one', async () => {
    const cwd = await project({ 'site/astro.config.mjs': "export default { site: 'https://sub.example.org' }\n", 'site/src/content/blog/a.md': '', 'site/src/pages/blog/[slug].astro': '' });
    expect(await detectSite(cwd)).toMatchObject({ generator: 'astro', root: 'site', postsDir: 'site/src/content/blog', siteUrl: 'https://sub.example.org', canonical: '{site}/blog/{slug}/' });
  });

  it('is a plain folder of Markdown when no generator is found', async () => {
    expect(await detectSite(await project({ 'posts/a.md': '' }))).toMatchObject({ generator: 'plain', postsDir: 'posts', siteUrl: undefined, canonical: undefined, liquid: false });
  });

  it('says when no route tells where Astro or Next.js serve posts', async () => {
    const astro = await detectSite(await project({ 'astro.config.mjs': "export default { site: 'https://a.example.org' }\n" }));
    expect(astro.canonicalNote).toContain('[...slug].astro');
    const next = await detectSite(await project({ 'next.config.js': 'module.exports = {}\n', 'posts/a.md': '' }));
    expect(next).toMatchObject({ generator: 'nextjs', postsDir: 'posts' });
    expect(next.canonicalNote).toContain('[slug]');
  });
});

describe("a post's site", () => {
  it('is the nearest site root above the post', async () => {
    const cwd = await project({ '.git/HEAD': '', 'hugo.toml': 'baseURL = "https://outer.example.org/"\n', 'docs/_config.yml': 'url: https://inner.example.org\n', 'docs/_posts/2020-01-01-x.md': '---\ntitle: X\n---\nBody\n' });
    const result = await loadPost('docs/_posts/2020-01-01-x.md', cwd);
    expect(result.ok && result.post.site).toMatchObject({ generator: 'jekyll', root: path.join(cwd, 'docs'), liquid: true });
  });

  it('is never looked for above the git root of the working directory', async () => {
    const outer = await project({ 'hugo.toml': 'baseURL = "https://outer.example.org/"\n', 'repo/.git/HEAD': '', 'repo/posts/a.md': '---\ntitle: A\n---\nBody\n' });
    const result = await loadPost('posts/a.md', path.join(outer, 'repo'));
    expect(result.ok && result.post.site.generator).toBe('plain');
  });

  it('is never looked for above the working directory outside git', async () => {
    const outer = await project({ '_config.yml': 'url: https://outer.example.org\n', 'blog/posts/a.md': '---\ntitle: A\n---\nBody\n' });
    // The temporary folder is not inside a git repository, so the working directory bounds the search.
    const result = await loadPost('posts/a.md', path.join(outer, 'blog'));
    expect(result.ok && result.post.site.generator).toBe('plain');
  });
});

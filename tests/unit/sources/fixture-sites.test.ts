import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../../src/core/inputs.js';
import { resolveCanonicalUrl } from '../../../src/sources/canonical.js';
import { detectSite } from '../../../src/sources/detect.js';

const SITES_DIR = path.resolve('tests/fixtures/sites');
const GENERATORS = ['hugo', 'jekyll', 'eleventy', 'astro', 'nextjs', 'gatsby'] as const;

/** The facts a fixture's expected.json gives for each post file (the lead's end-to-end test reads the same file). */
interface ExpectedPost {
  slug: string;
  date: string | null;
  canonical_url: string;
  canonical_from: string;
  cover_image?: string;
  description?: string;
  field_sources: Record<string, string>;
  notes?: string[];
}

interface ExpectedSite {
  generator: string;
  input: string;
  postsDir: string;
  config: { site: { url: string; canonical: string } };
  posts: Record<string, ExpectedPost>;
  skipped: Record<string, string>;
}

async function expectedFor(site: string): Promise<ExpectedSite> {
  return JSON.parse(await readFile(path.join(SITES_DIR, site, 'expected.json'), 'utf8')) as ExpectedSite;
}

describe.each(GENERATORS)('the %s fixture site', (site) => {
  const cwd = path.join(SITES_DIR, site);

  it('loads every post with the slug, date, canonical URL, cover, description and field sources expected.json gives', async () => {
    const expected = await expectedFor(site);
    const inputs = await loadInputs({ paths: [expected.input] }, { cwd });
    expect(inputs.problems.map((problem) => problem.message)).toEqual([]);
    expect(inputs.setup.config.site).toEqual(expected.config.site);

    const actual = Object.fromEntries(
      inputs.posts.map((post) => {
        const canonical = resolveCanonicalUrl(post, inputs.setup.config);
        if ('problem' in canonical) throw canonical.problem;
        const facts: ExpectedPost = {
          slug: post.site.slug,
          date: post.frontMatter.date ?? null,
          canonical_url: canonical.url ?? '',
          canonical_from: canonical.from ?? '',
          field_sources: post.fieldSources as Record<string, string>,
        };
        if (post.frontMatter.cover_image) facts.cover_image = post.frontMatter.cover_image;
        if (post.frontMatter.description) facts.description = post.frontMatter.description;
        if (post.notes.length > 0) facts.notes = post.notes;
        return [post.displayPath.split(path.sep).join('/'), facts];
      }),
    );
    expect(actual).toEqual(expected.posts);
    expect(Object.keys(actual).length).toBeGreaterThanOrEqual(4);
  });

  it('skips section pages, drafts, templates and pages with their reasons', async () => {
    const expected = await expectedFor(site);
    const inputs = await loadInputs({ paths: [expected.input] }, { cwd });
    expect(Object.fromEntries(inputs.skipped.map((entry) => [entry.file.split(path.sep).join('/'), entry.reason]))).toEqual(expected.skipped);
  });

  it('marks each post with its generator, and the Liquid and MDX flags the body converter needs', async () => {
    const inputs = await loadInputs({ paths: ['.'] }, { cwd });
    for (const post of inputs.posts) {
      expect(post.site.generator).toBe(site);
      expect(post.site.liquid).toBe(site === 'jekyll' || site === 'eleventy');
      expect(post.site.mdx).toBe(post.file.endsWith('.mdx'));
    }
  });

  it("gives every post the same canonical URL from the generator's own config when the xpost config has no site block, and says so", async () => {
    const expected = await expectedFor(site);
    const copy = await mkdtemp(path.join(os.tmpdir(), `xpost-no-site-${site}-`));
    try {
      await cp(cwd, copy, { recursive: true });
      const configText = await readFile(path.join(copy, 'xpost.config.yaml'), 'utf8');
      await writeFile(path.join(copy, 'xpost.config.yaml'), configText.replace(/^site:\n(?:[ #].*\n)*/m, ''));
      const inputs = await loadInputs({ paths: [expected.input] }, { cwd: copy });
      expect(inputs.problems.map((problem) => problem.message)).toEqual([]);
      expect(inputs.setup.config.site).toBeUndefined();
      for (const post of inputs.posts) {
        const file = post.displayPath.split(path.sep).join('/');
        const facts = expected.posts[file]!;
        const canonical = resolveCanonicalUrl(post, inputs.setup.config);
        if ('problem' in canonical) throw canonical.problem;
        expect(canonical.url, file).toBe(facts.canonical_url);
        expect(canonical.from, file).toBe(facts.canonical_from === 'site.canonical' ? 'generator' : facts.canonical_from);
        if (facts.canonical_from !== 'front matter') expect(post.notes.join('\n'), file).toMatch(/canonical URL \S+ made with the site URL \S+ (and the permalink rule \(.+\) )?from the \S+ config; set site\.url( and site\.canonical)? in the xpost config/);
      }
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('is detected with its posts folder, site URL and the canonical pattern of its own permalink rule', async () => {
    const expected = await expectedFor(site);
    const detected = await detectSite(cwd);
    expect(detected).toMatchObject({
      generator: site,
      root: '',
      postsDir: expected.postsDir,
      postsGlob: `${expected.postsDir}/**/*.{md,markdown,mdx}`,
      siteUrl: expected.config.site.url,
      canonical: expected.config.site.canonical,
    });
  });
});

describe('fixture posts', () => {
  it('give distinct canonical URLs in every site, bundles included', async () => {
    for (const site of GENERATORS) {
      const expected = await expectedFor(site);
      const urls = Object.values(expected.posts).map((post) => post.canonical_url);
      expect(new Set(urls).size, site).toBe(urls.length);
    }
  });

  it('read TOML and JSON front matter in the Hugo site', async () => {
    const inputs = await loadInputs({ paths: ['content/posts'] }, { cwd: path.join(SITES_DIR, 'hugo') });
    const formats = Object.fromEntries(inputs.posts.map((post) => [path.basename(post.file), post.site.format]));
    expect(formats).toMatchObject({ 'index.md': expect.any(String), '2024-04-10-toml-dates.md': 'toml', 'json-front-matter.md': 'json', 'with-url.md': 'yaml' });
  });
});

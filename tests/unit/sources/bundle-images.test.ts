import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadInputs } from '../../../src/core/inputs.js';
import { postNotes, renderArticle } from '../../../src/core/render.js';

const made: string[] = [];

async function site(files: Record<string, string>): Promise<string> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'xpost-bundle-'));
  made.push(cwd);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(cwd, name)), { recursive: true });
    await writeFile(path.join(cwd, name), text);
  }
  return cwd;
}

afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function devtoCopy(cwd: string, file: string) {
  const inputs = await loadInputs({ paths: [file] }, { cwd });
  expect(inputs.problems.map((problem) => problem.message)).toEqual([]);
  const [post] = inputs.posts;
  if (!post) throw new Error('no post');
  return { ...renderArticle(post, 'devto', inputs.setup), notes: postNotes(post, inputs.setup) };
}

const BUNDLE = '---\ntitle: My Post\ncover: cover.jpg\n---\n\nSee ![the diagram](diagram.png) and [the data](./data.csv).\n';

describe('images of a page bundle', () => {
  it('resolve beside the page when the canonical URL has no trailing slash (Hugo serves bundle files there)', async () => {
    const cwd = await site({
      'hugo.toml': 'baseURL = "https://blog.example.com/"\n',
      'xpost.config.yaml': 'site:\n  url: https://blog.example.com\n  canonical: "{site}/posts/{slug}"\n',
      'content/posts/my-post/index.md': BUNDLE,
    });
    const copy = await devtoCopy(cwd, 'content/posts/my-post/index.md');
    expect(copy.fields.canonicalUrl).toBe('https://blog.example.com/posts/my-post');
    expect(copy.fields.coverImage).toBe('https://blog.example.com/posts/my-post/cover.jpg');
    expect(copy.body).toContain('![the diagram](https://blog.example.com/posts/my-post/diagram.png)');
    expect(copy.body).toContain('[the data](https://blog.example.com/posts/my-post/data.csv)');
    expect(copy.notes.join('\n')).not.toContain('cannot know');
  });

  it('of a single-file post resolve against its canonical URL as a browser would', async () => {
    const cwd = await site({
      'xpost.config.yaml': 'site:\n  url: https://blog.example.com\n  canonical: "{site}/posts/{slug}"\n',
      'posts/my-post.md': BUNDLE,
    });
    const copy = await devtoCopy(cwd, 'posts/my-post.md');
    expect(copy.body).toContain('![the diagram](https://blog.example.com/posts/diagram.png)');
  });

  it.each([
    ['Astro', { 'astro.config.mjs': "export default { site: 'https://blog.example.com' }\n", 'src/pages/blog/[...slug].astro': '' }, 'src/content/blog/my-post/index.md'],
    ['Gatsby', { 'gatsby-config.js': 'module.exports = { siteMetadata: { siteUrl: `https://blog.example.com` } }\n' }, 'content/blog/my-post/index.md'],
  ])('built by %s are sent beside the page, and the dry-run says their real address cannot be known', async (name, files, file) => {
    const cwd = await site({ ...files, [file]: BUNDLE });
    const copy = await devtoCopy(cwd, file);
    expect(copy.body).toContain('![the diagram](https://blog.example.com/');
    expect(copy.body).toContain('/my-post/diagram.png)');
    const note = copy.notes.find((text) => text.includes('cannot know'));
    expect(note).toMatch(new RegExp(`^${name} builds a post's images to addresses xpost cannot know: "cover.jpg", "diagram.png" sent as files beside the post's page \\(https://blog\\.example\\.com/.*my-post/cover\\.jpg\\)`));
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPost } from '../../src/core/load-post.js';
import { MAX_POST_BYTES } from '../../src/sources/read-file.js';

async function postFile(content: string | Buffer, name = 'post.md'): Promise<{ cwd: string; file: string }> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'xpost-load-'));
  await writeFile(path.join(cwd, name), content);
  return { cwd, file: name };
}

async function problemsOf(content: string | Buffer): Promise<string[]> {
  const { cwd, file } = await postFile(content);
  const result = await loadPost(file, cwd);
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((problem) => problem.message);
}

describe('loadPost', () => {
  it('reads front matter and body, with tags as a YAML list or a comma-separated string', async () => {
    const { cwd, file } = await postFile('---\ntitle: Hello\ntags: "a, b ,c"\ndate: 2026-01-31\n---\n\nBody text\n');
    const result = await loadPost(file, cwd);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.post.frontMatter).toMatchObject({ title: 'Hello', tags: ['a', 'b', 'c'], date: '2026-01-31' });
    expect(result.post.body).toBe('Body text\n');
    expect(result.post.displayPath).toBe('post.md');
  });

  it('accepts a UTF-8 BOM and CRLF line endings', async () => {
    const { cwd, file } = await postFile('\uFEFF---\r\ntitle: Windows\r\ntags:\r\n  - one\r\n---\r\nLine one\r\nLine two\r\n');
    const result = await loadPost(file, cwd);
    expect(result.ok && result.post.frontMatter.title).toBe('Windows');
    expect(result.ok && result.post.body).toBe('Line one\nLine two\n');
  });

  it('keeps per-platform override blocks', async () => {
    const { cwd, file } = await postFile('---\ntitle: T\ndevto:\n  tags: [webdev]\n  series: S\n---\nBody\n');
    const result = await loadPost(file, cwd);
    expect(result.ok && result.post.frontMatter.devto).toEqual({ tags: ['webdev'], series: 'S' });
  });

  it('names the file and the field when the title is missing', async () => {
    expect(await problemsOf('---\ndescription: x\n---\nBody\n')).toEqual(['post.md: front matter field "title" is required: add `title: Your post title`']);
  });

  it('rejects a blank title as missing and a title of the wrong type', async () => {
    expect(await problemsOf('---\ntitle: "  "\n---\nBody\n')).toEqual(['post.md: front matter field "title" is required: add `title: Your post title`']);
    expect((await problemsOf('---\ntitle: [a, b]\n---\nBody\n'))[0]).toContain('"title" must be text');
  });

  it('rejects a canonical URL that is not absolute http(s)', async () => {
    const problems = await problemsOf('---\ntitle: T\ncanonical_url: /blog/post\n---\nBody\n');
    expect(problems[0]).toContain('"canonical_url" must be an absolute http(s) URL');
  });

  it('reports every problem of a file together', async () => {
    const problems = await problemsOf('---\ncanonical_url: ftp://x\npublished: maybe\n---\nBody\n');
    expect(problems).toHaveLength(3);
  });

  it('gives the file line of a YAML syntax error', async () => {
    const [problem] = await problemsOf('---\ntitle: T\ndescription: broken: here\nslug: s\n---\nBody\n');
    expect(problem).toMatch(/^post\.md:3: front matter YAML error at line 3/);
  });

  it('rejects a file without front matter, an empty body, non-UTF-8 bytes', async () => {
    expect((await problemsOf('# Just markdown\n'))[0]).toContain('has no front matter');
    expect((await problemsOf('---\ntitle: T\n---\n\n  \n'))[0]).toContain('has no content after the front matter');
    expect((await problemsOf(Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a])))[0]).toContain('is not valid UTF-8');
  });

  it('explains a missing file and a directory', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'xpost-load-'));
    await mkdir(path.join(cwd, 'posts'));
    const missing = await loadPost('nope.md', cwd);
    const directory = await loadPost('posts', cwd);
    expect(!missing.ok && missing.problems[0]?.code).toBe('FILE_NOT_FOUND');
    expect(!directory.ok && directory.problems[0]?.message).toContain('is a directory');
  });
});

describe('loadPost: hostile files', () => {
  it('refuses a FIFO without reading it (a read would block forever)', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'xpost-load-'));
    execFileSync('mkfifo', [path.join(cwd, 'pipe.md')]);
    const started = Date.now();
    const result = await loadPost('pipe.md', cwd);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(!result.ok && result.problems[0]).toMatchObject({ code: 'FILE_UNREADABLE', file: 'pipe.md' });
    expect(!result.ok && result.problems[0]?.message).toBe('pipe.md: is not a regular file (a FIFO, device or socket); xpost reads only ordinary files');
    expect(!result.ok && result.problems[0]?.kind).toBe('input');
  });

  it('refuses a device such as /dev/zero, which never ends', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'xpost-load-'));
    const result = await loadPost('/dev/zero', cwd);
    expect(!result.ok && result.problems[0]?.code).toBe('FILE_UNREADABLE');
    expect(!result.ok && result.problems[0]?.message).toContain('is not a regular file');
  });

  it('refuses a post larger than the limit, naming the limit', async () => {
    const { cwd, file } = await postFile(`---\ntitle: Big\n---\n${'a'.repeat(MAX_POST_BYTES)}\n`);
    const result = await loadPost(file, cwd);
    expect(!result.ok && result.problems[0]).toMatchObject({ code: 'POST_INVALID', file: 'post.md' });
    expect(!result.ok && result.problems[0]?.message).toBe('post.md: is larger than 2 MiB, the most xpost reads');
  });

  it('reads a post just under the limit', async () => {
    const { cwd, file } = await postFile(`---\ntitle: Big\n---\n${'a'.repeat(MAX_POST_BYTES - 100)}\n`);
    expect((await loadPost(file, cwd)).ok).toBe(true);
  });
});

describe('loadPost: identity inputs from the path', () => {
  async function siteFile(files: Record<string, string>, target: string) {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'xpost-site-'));
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(cwd, name)), { recursive: true });
      await writeFile(path.join(cwd, name), text);
    }
    return loadPost(target, cwd);
  }

  it('names a page bundle after its folder, for index.md, index.mdx and index.markdown', async () => {
    for (const index of ['index.md', 'index.mdx', 'index.markdown']) {
      const result = await siteFile({ [`posts/my-bundle/${index}`]: '---\ntitle: B\n---\nBody\n' }, `posts/my-bundle/${index}`);
      expect(result.ok && result.post.site).toMatchObject({ slug: 'my-bundle', slugFrom: 'folder name', name: 'my-bundle', folders: ['posts'] });
    }
  });

  it('takes the date and slug from a YYYY-MM-DD- name; the front matter date and slug win', async () => {
    const dated = await siteFile({ '_posts/2015-09-25-ipad-pro.md': '---\ntitle: iPad\n---\nBody\n' }, '_posts/2015-09-25-ipad-pro.md');
    expect(dated.ok && dated.post.site.slug).toBe('ipad-pro');
    expect(dated.ok && dated.post.frontMatter.date).toBe('2015-09-25');
    expect(dated.ok && dated.post.fieldSources.date).toBe('file name');
    const own = await siteFile({ 'p/2015-09-25-ipad-pro.md': '---\ntitle: iPad\ndate: 2015-10-01\nslug: tablet\n---\nBody\n' }, 'p/2015-09-25-ipad-pro.md');
    expect(own.ok && own.post.site).toMatchObject({ slug: 'tablet', slugFrom: 'slug' });
    expect(own.ok && own.post.frontMatter.date).toBe('2015-10-01');
  });

  it('skips a Hugo section page and an archetype with their reasons, even when named', async () => {
    const files = { 'hugo.toml': 'baseURL = "https://example.org/"\n', 'content/posts/_index.md': '+++\ntitle = "Posts"\n+++\nList\n', 'archetypes/default.md': '+++\ntitle = "x"\n+++\n' };
    expect(await siteFile(files, 'content/posts/_index.md')).toMatchObject({ ok: false, problems: [], skip: 'a section page (_index lists a section), not a post' });
    expect(await siteFile(files, 'archetypes/default.md')).toMatchObject({ ok: false, skip: 'a Hugo archetype (the template for new content), not a post' });
  });

  it('marks a file without front matter or without a body as "not a post", with the problem for a named file', async () => {
    const { cwd } = await postFile('---\ntitle: T\n---\n\n');
    const empty = await loadPost('post.md', cwd);
    expect(empty).toMatchObject({ ok: false, notAPost: 'not a post: nothing after the front matter' });
    expect(!empty.ok && empty.problems[0]?.message).toBe('post.md: has no content after the front matter');
  });
});


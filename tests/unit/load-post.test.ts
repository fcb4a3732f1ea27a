import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPost } from '../../src/core/load-post.js';

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

  it('rejects an empty title and a title of the wrong type', async () => {
    expect(await problemsOf('---\ntitle: "  "\n---\nBody\n')).toEqual(['post.md: front matter field "title" must not be empty']);
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

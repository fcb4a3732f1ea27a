import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesChangedSince, findPostFiles } from '../../../src/core/find-posts.js';
import { loadInputs } from '../../../src/core/inputs.js';
import { XpostError } from '../../../src/errors/xpost-error.js';

async function project(files: Record<string, string>): Promise<string> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'xpost-inputs-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(cwd, name)), { recursive: true });
    await writeFile(path.join(cwd, name), text);
  }
  return cwd;
}

const POST = (title: string) => `---\ntitle: ${title}\n---\n\nBody of ${title}.\n`;

describe('loadInputs on a folder of a real site', () => {
  it('reports a broken post with its file while the other posts still load', async () => {
    const cwd = await project({ 'posts/good.md': POST('Good'), 'posts/broken.md': '---\ntitle: [unclosed\n---\nBody\n', 'posts/also-good.mdx': POST('Also good') });
    const inputs = await loadInputs({ paths: ['posts'] }, { cwd });
    expect(inputs.posts.map((post) => post.displayPath)).toEqual([path.join('posts', 'also-good.mdx'), path.join('posts', 'good.md')]);
    expect(inputs.broken).toHaveLength(1);
    expect(inputs.broken[0]?.file).toBe(path.join('posts', 'broken.md'));
    expect(inputs.broken[0]?.problems[0]?.message).toMatch(/^posts\/broken\.md:2: front matter YAML error/);
    expect(inputs.problems).toEqual(inputs.broken[0]?.problems);
  });

  it('skips section pages, files with no body and files with no front matter, and never fails for them', async () => {
    const cwd = await project({ 'hugo.toml': 'baseURL = "https://example.org/"\n', 'content/posts/_index.md': '+++\ntitle = "Posts"\n+++\n', 'content/posts/empty.md': '---\ntitle: Empty\n---\n', 'content/posts/README.md': '# Notes\n', 'content/posts/real.md': POST('Real') });
    const inputs = await loadInputs({ paths: ['content/posts'] }, { cwd });
    expect(inputs.problems).toEqual([]);
    expect(inputs.posts).toHaveLength(1);
    expect(inputs.skipped).toEqual([
      { file: path.join('content', 'posts', 'README.md'), reason: 'not a post: no front matter' },
      { file: path.join('content', 'posts', '_index.md'), reason: 'a section page (_index lists a section), not a post' },
      { file: path.join('content', 'posts', 'empty.md'), reason: 'not a post: nothing after the front matter' },
    ]);
  });

  it('is an input error (exit 2) when nothing in a folder is a post', async () => {
    const cwd = await project({ 'docs/README.md': '# Read me\n', 'docs/guide.md': 'No front matter here.\n' });
    const inputs = await loadInputs({ paths: ['docs'] }, { cwd });
    expect(inputs.posts).toEqual([]);
    expect(inputs.problems).toHaveLength(1);
    expect(inputs.problems[0]).toBeInstanceOf(XpostError);
    expect(inputs.problems[0]?.kind).toBe('input');
    expect(inputs.problems[0]?.message).toBe('docs: no post among its 2 Markdown files (docs/README.md: not a post: no front matter; docs/guide.md: not a post: no front matter)');
  });

  it('does not call a folder of drafts empty, and applies no such check to --changed-since runs', async () => {
    const cwd = await project({ 'posts/draft.md': '---\ntitle: D\ndraft: true\n---\nBody\n' });
    expect((await loadInputs({ paths: ['posts'] }, { cwd })).problems).toEqual([]);
  });

  it('counts a post reached twice through a symlinked folder once', async () => {
    const cwd = await project({ 'posts/only.md': POST('Only') });
    await symlink(path.join(cwd, 'posts'), path.join(cwd, 'mirror'));
    const inputs = await loadInputs({ paths: ['posts', 'mirror', 'mirror/only.md'] }, { cwd });
    expect(inputs.posts.map((post) => post.displayPath)).toEqual([path.join('posts', 'only.md')]);
    const found = await findPostFiles(['.'], cwd);
    expect(found.files).toEqual([path.join('posts', 'only.md')]);
  });

  it('stops on a canonical pattern that needs a date a post lacks, naming that post', async () => {
    const cwd = await project({ 'xpost.config.yaml': 'site:\n  url: https://example.org\n  canonical: "{site}/{year}/{slug}/"\n', 'posts/undated.md': POST('Undated'), 'posts/2024-01-02-dated.md': POST('Dated') });
    const inputs = await loadInputs({ paths: ['posts'] }, { cwd });
    expect(inputs.posts.map((post) => post.site.slug)).toEqual(['dated']);
    expect(inputs.broken.map((entry) => entry.file)).toEqual([path.join('posts', 'undated.md')]);
    expect(inputs.problems[0]?.message).toBe('posts/undated.md: site.canonical "{site}/{year}/{slug}/" needs a date, and the post has none');
  });

  it('reads fields through the config front_matter map', async () => {
    const cwd = await project({ 'xpost.config.yaml': 'front_matter:\n  cover_image: hero.src\n', 'posts/a.md': '---\ntitle: A\nhero:\n  src: /img/a.png\n---\nBody\n' });
    const [post] = (await loadInputs({ paths: ['posts'] }, { cwd })).posts;
    expect(post?.frontMatter.cover_image).toBe('/img/a.png');
    expect(post?.fieldSources.cover_image).toBe('hero.src');
  });
});

describe('posts of a Next.js site kept under public/', () => {
  const site = () =>
    project({
      'next.config.js': 'module.exports = {}\n',
      'data/blog/in-posts.md': POST('In the posts folder'),
      'public/posts/hello.md': POST('Hello'),
      'public/posts/2024-01-02-dated.mdx': POST('Dated'),
      'public/posts/notes.txt.md': 'no front matter\n',
    });

  it('are skipped as static files when a scan of the site finds them', async () => {
    const inputs = await loadInputs({ paths: ['.'] }, { cwd: await site() });
    expect(inputs.posts.map((post) => post.frontMatter.title)).toEqual(['In the posts folder']);
    expect(inputs.skipped.find((entry) => entry.file === path.join('public', 'posts', 'hello.md'))?.reason).toBe('a static file, not a post');
  });

  it('are posts when the user names the file, the folder or a glob under it', async () => {
    const cwd = await site();
    for (const input of [['public/posts/hello.md'], ['public/posts'], ['public'], ['public/**/*.{md,mdx}']]) {
      const inputs = await loadInputs({ paths: input }, { cwd });
      expect(inputs.problems.map((problem) => problem.message), input[0]).toEqual([]);
      expect(inputs.posts.map((post) => post.frontMatter.title).sort(), input[0]).toEqual(input[0]!.endsWith('.md') ? ['Hello'] : ['Dated', 'Hello']);
    }
    const folder = await loadInputs({ paths: ['public/posts'] }, { cwd });
    expect(folder.skipped).toEqual([{ file: path.join('public', 'posts', 'notes.txt.md'), reason: 'not a post: no front matter' }]);
  });

  it('keep the folder a scan of the site or of its posts folder found them in', async () => {
    const found = await findPostFiles(['.', 'public/posts', 'public/**/*.md'], await site());
    expect(found.foundIn.get(path.join('public', 'posts', 'hello.md'))).toBe(path.join('public', 'posts'));
    expect(found.foundIn.get(path.join('data', 'blog', 'in-posts.md'))).toBe('.');
  });
});

describe('--changed-since', () => {
  it('refuses a value that git would read as an option, and writes nothing', async () => {
    const cwd = await project({ 'posts/a.md': POST('A') });
    execFileSync('git', ['init', '-q'], { cwd });
    for (const ref of ['--output=x', '-p', ' --end-of-options', '']) {
      await expect(filesChangedSince(ref, cwd)).rejects.toMatchObject({ code: 'USAGE', message: `--changed-since "${ref}" is not a git ref` });
    }
    const inputs = await loadInputs({ paths: ['posts'], changedSince: '--output=written-by-git' }, { cwd });
    expect(inputs.problems[0]?.code).toBe('USAGE');
    await expect(import('node:fs/promises').then((fs) => fs.access(path.join(cwd, 'written-by-git')))).rejects.toThrow();
  });

  it('compares against a real ref, which git reads after --end-of-options', async () => {
    const cwd = await project({ 'posts/a.md': POST('A') });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    await writeFile(path.join(cwd, 'posts', 'b.md'), POST('B'));
    expect([...(await filesChangedSince('HEAD', cwd))]).toEqual([path.join('posts', 'b.md')]);
  });
});

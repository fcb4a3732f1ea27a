/**
 * A whole real-shaped site of each generator (tests/fixtures/sites: bundles, dated files, TOML and
 * JSON front matter, MDX, shortcodes, Liquid, embeds) published to every platform of the emulation:
 * N posts give N copies on every platform, each with the post's canonical URL and nothing of the
 * site generator left in it, and a second run sends nothing.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatformServer, type PlatformServer } from '../helpers/platform-server.js';
import { REPO_ROOT, runCli, xpostEnv } from '../helpers/run-cli.js';

const SITES = ['hugo', 'jekyll', 'eleventy', 'astro', 'nextjs', 'gatsby'] as const;

interface ExpectedSite {
  input: string;
  posts: Record<string, { canonical_url: string }>;
}

/** Site-generator syntax that must never reach a platform (dev.to's own liquid tags are checked apart). */
const GENERATOR_SYNTAX: Array<[string, RegExp]> = [
  ['a Hugo shortcode', /\{\{[<%]/],
  ['Liquid output', /\{\{\s*[\w.]+\s*(\|[^}]*)?\}\}/],
  ['an MDX import or export', /^(import|export)\s/m],
  ['a JSX component', /<[A-Z][A-Za-z]*[\s/>]/],
  ['a relative link or image', /\]\((?!https?:|#|mailto:)[^)]*\)/],
  ['a relative src or href', /\b(?:src|href)="(?!https?:|#|mailto:)/],
];

/** dev.to receives Liquid only as its own embed tags or text it wraps in {% raw %}. */
const DEVTO_LIQUID = /\{%-?\s*(?!raw\b|endraw\b|embed\b|youtube\b|twitter\b|codepen\b|stackblitz\b|codesandbox\b|gist\b|github\b|vimeo\b)\w+/;

let server: PlatformServer;
let work: string;

beforeAll(async () => {
  server = await startPlatformServer();
  work = await mkdtemp(path.join(os.tmpdir(), 'xpost-sites-'));
});

afterAll(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});

/** Code blocks show syntax as text: only the prose around them is checked. */
function expectNoGeneratorSyntax(text: string, where: string): void {
  const prose = text.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '').replace(/`[^`\n]*`/g, '');
  for (const [what, pattern] of GENERATOR_SYNTAX) expect(pattern.test(prose), `${where} contains ${what}:\n${text}`).toBe(false);
}

describe.each(SITES)('a %s site published to every platform', (site) => {
  it('gives each post one copy per platform with its canonical URL and no generator syntax; a re-run sends nothing', async () => {
    server.reset();
    const fixture = path.join(REPO_ROOT, 'tests', 'fixtures', 'sites', site);
    const expected = JSON.parse(await readFile(path.join(fixture, 'expected.json'), 'utf8')) as ExpectedSite;
    const dir = path.join(work, site);
    await cp(fixture, dir, { recursive: true });
    const canonicals = Object.values(expected.posts)
      .map((post) => post.canonical_url)
      .sort();

    const first = await runCli(['publish', expected.input, '--to', 'all'], { cwd: dir, env: xpostEnv(server), timeoutMs: 60_000 });
    expect(first.code, `${first.stdout}\n${first.stderr}`).toBe(0);
    expect(server.emulatorErrors).toEqual([]);

    expect(server.devto.articles.map((article) => article.canonicalUrl).sort()).toEqual(canonicals);
    expect([...server.hashnode.posts, ...server.hashnode.drafts].map((post) => post.canonicalUrl).sort()).toEqual(canonicals);
    expect(server.medium.posts.map((post) => post.canonicalUrl).sort()).toEqual(canonicals);
    expect(server.linkedin.posts.map((post) => (post.content as { article: { source: string } }).article.source).sort()).toEqual(canonicals);

    for (const article of server.devto.articles) {
      expectNoGeneratorSyntax(article.bodyMarkdown.replace(/\{% raw %\}[\s\S]*?\{% endraw %\}/g, ''), `dev.to "${article.title}"`);
      expect(DEVTO_LIQUID.test(article.bodyMarkdown), `dev.to "${article.title}" has Liquid dev.to would run:\n${article.bodyMarkdown}`).toBe(false);
    }
    for (const post of [...server.hashnode.posts, ...server.hashnode.drafts]) expectNoGeneratorSyntax(post.contentMarkdown ?? '', `Hashnode "${post.title}"`);
    for (const post of server.medium.posts) expectNoGeneratorSyntax(post.content, `Medium "${post.title}"`);
    for (const post of [...server.hashnode.posts, ...server.medium.posts]) expect(post.title).not.toMatch(/\{\{|\{%/);
    for (const post of server.linkedin.posts) {
      expect(post.truncated).toBe(false);
      expectNoGeneratorSyntax(post.displayedText, 'a LinkedIn share');
    }

    const writes = server.requests.filter((request) => request.method !== 'GET').length;
    const second = await runCli(['publish', expected.input, '--to', 'all'], { cwd: dir, env: xpostEnv(server), timeoutMs: 60_000 });
    expect(second.code, second.stderr).toBe(0);
    expect(server.requests.filter((request) => request.method !== 'GET')).toHaveLength(writes);
    expect(second.stdout).not.toMatch(/^✔ (published|updated)/m);
  }, 90_000);
});

describe('a site whose xpost config has no site block', () => {
  it("publishes every post with the canonical URL its generator's own config gives, and the dry-run says where it came from", async () => {
    server.reset();
    const fixture = path.join(REPO_ROOT, 'tests', 'fixtures', 'sites', 'hugo');
    const expected = JSON.parse(await readFile(path.join(fixture, 'expected.json'), 'utf8')) as ExpectedSite;
    const dir = path.join(work, 'hugo-without-site');
    await cp(fixture, dir, { recursive: true });
    const configText = await readFile(path.join(dir, 'xpost.config.yaml'), 'utf8');
    await writeFile(path.join(dir, 'xpost.config.yaml'), configText.replace(/^site:\n(?:[ #].*\n)*/m, ''));

    const dryRun = await runCli(['publish', expected.input, '--to', 'devto', '--dry-run'], { cwd: dir, env: xpostEnv(server), timeoutMs: 60_000 });
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain('from the Hugo config; set site.url and site.canonical in the xpost config to change it');

    const run = await runCli(['publish', expected.input, '--to', 'devto'], { cwd: dir, env: xpostEnv(server), timeoutMs: 60_000 });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(server.devto.articles.map((article) => article.canonicalUrl).sort()).toEqual(Object.values(expected.posts).map((post) => post.canonical_url).sort());
  }, 90_000);
});

describe('a page bundle whose canonical URL has no trailing slash', () => {
  it('sends its cover and images as the files beside its page, not one folder up', async () => {
    server.reset();
    const dir = path.join(work, 'hugo-no-slash');
    await cp(path.join(REPO_ROOT, 'tests', 'fixtures', 'sites', 'hugo'), dir, { recursive: true });
    const configText = await readFile(path.join(dir, 'xpost.config.yaml'), 'utf8');
    await writeFile(path.join(dir, 'xpost.config.yaml'), configText.replace('{slug_or_title}/"', '{slug_or_title}"'));
    const run = await runCli(['publish', 'content/posts/latex-and-footnotes/index.md', '--to', 'devto'], { cwd: dir, env: xpostEnv(server), timeoutMs: 60_000 });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const [article] = server.devto.articles;
    expect(article?.canonicalUrl).toBe('https://hugo.example.org/2024/06/math-post');
    expect(article?.mainImage).toBe('https://hugo.example.org/2024/06/math-post/diagram.png');
  }, 90_000);
});

describe('front matter keys named after a platform (a real Hugo blog links its comments threads)', () => {
  it('ignores a link under bluesky: with a note, and skips a platform set to false in publish and status', async () => {
    server.reset();
    const dir = path.join(work, 'platform-keys');
    await cp(path.join(REPO_ROOT, 'tests', 'fixtures', 'sites', 'hugo'), dir, { recursive: true });
    const post = 'content/posts/comments-elsewhere.md';
    await writeFile(path.join(dir, post), '---\ntitle: Comments Elsewhere\ndate: 2024-07-01\nbluesky: https://bsky.app/profile/someone.example/post/3kx\ndevto: false\n---\n\nDiscuss this post on Bluesky.\n');

    const dryRun = await runCli(['publish', post, '--to', 'devto,hashnode', '--dry-run'], { cwd: dir, env: xpostEnv(server), timeoutMs: 60_000 });
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain('bluesky: "https://bsky.app/profile/someone.example/post/3kx" is not a block of bluesky fields');
    expect(dryRun.stdout).toMatch(/→ dev\.to: no request \(dry run\) ──\n\s+devto: false in the front matter/);

    const run = await runCli(['publish', post, '--to', 'devto,hashnode'], { cwd: dir, env: xpostEnv(server), timeoutMs: 60_000 });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(server.devto.articles).toHaveLength(0);
    expect(server.hashnode.posts.length + server.hashnode.drafts.length).toBe(1);

    const status = await runCli(['status', post, '--json'], { cwd: dir, env: xpostEnv(server), timeoutMs: 60_000 });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('devto: false in the front matter');
  }, 90_000);
});

describe('a Next.js post kept under public/', () => {
  it('is published when the user names its folder, though a scan of the site skips public/', async () => {
    server.reset();
    const dir = path.join(work, 'nextjs-public');
    await cp(path.join(REPO_ROOT, 'tests', 'fixtures', 'sites', 'nextjs'), dir, { recursive: true });
    await mkdir(path.join(dir, 'public', 'posts'), { recursive: true });
    await writeFile(path.join(dir, 'public', 'posts', 'served-as-is.md'), '---\ntitle: Served As Is\ndate: 2024-02-02\n---\n\nA post the site serves from public/.\n');
    const run = await runCli(['publish', 'public/posts', '--to', 'devto'], { cwd: dir, env: xpostEnv(server), timeoutMs: 60_000 });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(server.devto.articles.map((article) => article.title)).toEqual(['Served As Is']);
  }, 90_000);
});

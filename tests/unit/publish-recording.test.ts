/**
 * What publish, sync and `state mark` record, driven in-process against the emulated platforms: the
 * recording, identity and reconcile paths fail here in seconds, without spawning the CLI.
 */
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PublishResult, RunContext, RunEvent } from '../../src/core/context.js';
import { canonicalKey } from '../../src/core/identity-key.js';
import { publishPosts, type PublishOptions } from '../../src/core/publish.js';
import { editState, syncPosts } from '../../src/core/reconcile.js';
import { collectStatus } from '../../src/core/status.js';
import { InputProblems } from '../../src/errors/xpost-error.js';
import { createHttpClient } from '../../src/http/client.js';
import { createRedactor } from '../../src/http/redact.js';
import type { HttpClientOptions } from '../../src/http/types.js';
import type { PlatformId } from '../../src/platforms/registry.js';
import type { Env } from '../../src/platforms/types.js';
import { StateStore } from '../../src/state/state-file.js';
import { startPlatformServer, type PlatformServer } from '../helpers/platform-server.js';
import { postMarkdown, xpostEnv, type PostSpec } from '../helpers/run-cli.js';

const LINKEDIN_VERSION = '202610';
const CANONICAL = 'https://blog.example.com/posts/recorded/';
const FILE = 'posts/recorded.md';
const POST: PostSpec = { frontMatter: { title: 'Recorded', tags: ['testing'], canonical_url: CANONICAL }, body: 'What the state keeps.\n' };

let server: PlatformServer;
let dir: string;
let events: RunEvent[];

beforeAll(async () => {
  server = await startPlatformServer({ linkedinVersions: [LINKEDIN_VERSION] });
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  server.reset();
  events = [];
  dir = await mkdtemp(path.join(os.tmpdir(), 'xpost-recording-'));
});
afterEach(async () => {
  expect(server.emulatorErrors).toEqual([]);
  await rm(dir, { recursive: true, force: true });
});

function env(): Env {
  return { ...xpostEnv(server), XPOST_LINKEDIN_VERSION: LINKEDIN_VERSION, XPOST_RETRY_BASE_MS: '1' };
}

function ctx(): RunContext {
  const currentEnv = env();
  return { cwd: dir, env: currentEnv, now: () => new Date(), emit: (event) => events.push(event), redact: createRedactor([currentEnv['DEVTO_API_KEY'], currentEnv['HASHNODE_TOKEN'], currentEnv['MEDIUM_TOKEN']]) };
}

async function write(relative: string, spec: PostSpec = POST): Promise<void> {
  await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
  await writeFile(path.join(dir, relative), postMarkdown(spec));
}

function publish(platforms: PlatformId[], options: Partial<PublishOptions> = {}): Promise<PublishResult[]> {
  return publishPosts({ files: ['posts'], platforms, dryRun: false, force: false, ...options }, ctx());
}

async function state(): Promise<StateStore> {
  return StateStore.load(path.join(dir, '.xpost', 'state.json'));
}

function creates(platform: 'devto' | 'hashnode' | 'medium' | 'linkedin'): number {
  return server.writesTo(platform).filter((request) => (platform === 'hashnode' ? request.graphql?.rootFields.some((field) => field === 'publishPost' || field === 'createDraft') : request.method === 'POST' && !/\/posts\/|articles\/\d/.test(request.path))).length;
}

describe('recording copies', () => {
  it('a Hashnode draft keeps meta.kind = draft; once published the post id (not the draft id) is kept', async () => {
    await write(FILE, { ...POST, frontMatter: { ...POST.frontMatter, published: false } });
    await publish(['hashnode']);
    const draftId = server.hashnode.drafts[0]!.id;
    expect((await state()).record(canonicalKey(CANONICAL), 'hashnode')).toMatchObject({ id: draftId, meta: { kind: 'draft' } });

    await write(FILE, POST);
    const [result] = await publish(['hashnode']);
    expect(result).toMatchObject({ status: 'updated' });
    const postId = server.hashnode.posts[0]!.id;
    expect(postId).not.toBe(draftId);
    expect((await state()).record(canonicalKey(CANONICAL), 'hashnode')).toMatchObject({ id: postId, meta: { kind: 'post' } });
  });

  it('refreshes the source hash of a copy whose rendered result did not change', async () => {
    await write(FILE);
    await publish(['devto']);
    const before = (await state()).record(canonicalKey(CANONICAL), 'devto')!;
    await write(FILE, { ...POST, frontMatter: { ...POST.frontMatter, date: '2026-01-02' } });
    server.clearRequests();
    const [result] = await publish(['devto']);
    expect(result?.status).toBe('unchanged');
    expect(server.requests).toEqual([]);
    const after = (await state()).record(canonicalKey(CANONICAL), 'devto')!;
    expect(after.contentHash).toBe(before.contentHash);
    expect(after.sourceHash).not.toBe(before.sourceHash);
  });

  it('records a failure with its message masked, and never masks the state\'s own structure', async () => {
    await write(FILE);
    const key = env()['DEVTO_API_KEY']!;
    server.inject({ platform: 'devto', method: 'POST', path: '/api/articles', fault: { kind: 'status', status: 401, body: { error: `invalid key ${key}`, status: 401 } } });
    // Without the HTTP client's own masking, as for a message that comes from elsewhere: the state still gets it masked.
    const unmaskedClient = { ...ctx(), createHttpClient: (options: HttpClientOptions) => createHttpClient({ ...options, redact: undefined }) };
    const [result] = await publishPosts({ files: ['posts'], platforms: ['devto'], dryRun: false, force: false }, unmaskedClient);
    expect(result).toMatchObject({ status: 'failed', errorCode: 'AUTH_FAILED', error: expect.stringContaining(key) });
    const text = await readFile(path.join(dir, '.xpost', 'state.json'), 'utf8');
    expect(text).not.toContain(key);
    expect((await state()).record(canonicalKey(CANONICAL), 'devto')?.lastError?.message).toContain('invalid key ***');
    expect(JSON.parse(text)).toHaveProperty('posts');
  });

  it('a create in doubt keeps its intent; the next run adopts the copy instead of creating another', async () => {
    await write(FILE);
    server.inject({ platform: 'devto', method: 'POST', path: '/api/articles', fault: { kind: 'drop-after-create' } });
    server.inject({ platform: 'devto', method: 'GET', path: '/api/articles/me/all', times: Infinity, fault: { kind: 'status', status: 404 } });
    const [first] = await publish(['devto']);
    expect(first).toMatchObject({ status: 'failed', errorCode: 'OUTCOME_UNKNOWN' });
    expect((await state()).record(canonicalKey(CANONICAL), 'devto')?.pendingCreate).toBeDefined();
    server.clearFaults();
    const [second] = await publish(['devto']);
    expect(second).toMatchObject({ status: 'published', id: String(server.devto.articles[0]!.id) });
    expect(server.devto.articles).toHaveLength(1);
    expect((await state()).record(canonicalKey(CANONICAL), 'devto')?.pendingCreate).toBeUndefined();
  });
});

describe('identity in a run', () => {
  it('a changed canonical URL updates the copies in place (with the new URL), never creates, and re-keys the record', async () => {
    await write(FILE);
    await publish(['devto', 'hashnode', 'medium']);
    const newUrl = 'https://new.example.com/recorded/';
    await write(FILE, { ...POST, frontMatter: { ...POST.frontMatter, canonical_url: newUrl } });
    server.clearRequests();

    const dry = await publishPosts({ files: ['posts'], platforms: ['devto', 'medium'], dryRun: true, force: false }, ctx());
    expect(dry.find((result) => result.platform === 'devto')).toMatchObject({ action: 'update', message: expect.stringContaining('identity changed from https://blog.example.com/posts/recorded/ to https://new.example.com/recorded/') });
    expect(dry.find((result) => result.platform === 'medium')).toMatchObject({ action: 'none', message: expect.stringContaining('cannot be updated') });
    const report = await collectStatus({ paths: ['posts'], platforms: ['devto'] }, ctx());
    expect(report.posts[0]?.copies[0]).toMatchObject({ status: 'changed', detail: expect.stringContaining('never created again') });

    const results = await publish(['devto', 'hashnode', 'medium']);
    expect(Object.fromEntries(results.map((result) => [result.platform, result.status]))).toEqual({ devto: 'updated', hashnode: 'updated', medium: 'skipped' });
    expect(creates('devto') + creates('hashnode') + creates('medium')).toBe(0);
    expect(server.devto.articles[0]!.canonicalUrl).toBe(newUrl);
    expect(events.some((event) => event.type === 'warning' && event.message.includes('identity changed'))).toBe(true);
    const saved = await state();
    expect(saved.post(canonicalKey(CANONICAL))).toBeUndefined();
    expect(saved.post(canonicalKey(newUrl))).toMatchObject({ canonicalUrl: newUrl, file: '../posts/recorded.md' });
  });

  it('a renamed post whose address comes from its file name keeps its copies and updates them to the new address', async () => {
    await writeFile(path.join(dir, 'xpost.config.yaml'), 'site:\n  url: https://blog.example.com\n  canonical: "{site}/posts/{slug}/"\n');
    const plain: PostSpec = { frontMatter: { title: 'Addressed by its name' }, body: 'Words.\n' };
    await write('posts/old-name.md', plain);
    await publish(['devto']);
    await rename(path.join(dir, 'posts/old-name.md'), path.join(dir, 'posts/new-name.md'));
    server.clearRequests();
    const [result] = await publish(['devto']);
    expect(result).toMatchObject({ status: 'updated', file: 'posts/new-name.md' });
    expect(creates('devto')).toBe(0);
    expect(server.devto.articles).toHaveLength(1);
    expect(server.devto.articles[0]!.canonicalUrl).toBe('https://blog.example.com/posts/new-name/');
    server.clearRequests();
    expect((await publish(['devto']))[0]).toMatchObject({ status: 'unchanged' });
    expect((await collectStatus({ paths: ['posts'], platforms: ['devto'] }, ctx())).posts[0]?.copies[0]).toMatchObject({ status: 'published' });
  });

  it('a post without canonical URL or slug keeps its copies when renamed', async () => {
    const plain: PostSpec = { frontMatter: { title: 'No identity' }, body: 'Only words.\n' };
    await write('posts/first-name.md', plain);
    await publish(['devto']);
    await rename(path.join(dir, 'posts/first-name.md'), path.join(dir, 'posts/second-name.md'));
    server.clearRequests();
    const [result] = await publish(['devto']);
    expect(result).toMatchObject({ status: 'unchanged', file: 'posts/second-name.md' });
    expect(server.requests).toEqual([]);
    expect((await state()).post('../posts/second-name.md')?.platforms['devto']?.id).toBe(String(server.devto.articles[0]!.id));
  });

  it('two files with one identity stop the run before anything is sent', async () => {
    await write('posts/a.md');
    await write('posts/b.md', { ...POST, frontMatter: { ...POST.frontMatter, canonical_url: 'http://BLOG.example.com/posts/recorded?utm_source=feed' } });
    const refused = await publish(['devto']).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InputProblems);
    expect((refused as InputProblems).problems[0]?.message).toMatch(/posts\/a\.md and posts\/b\.md are different files with one identity/);
    expect(server.requests).toEqual([]);
  });

  it('a credential under 8 characters is refused, naming the variable, before anything is sent', async () => {
    await write(FILE);
    const short = { ...ctx(), env: { ...env(), MEDIUM_TOKEN: 'post' } };
    const refused = await publishPosts({ files: ['posts'], platforms: ['medium'], dryRun: false, force: false }, short).catch((error: unknown) => error);
    expect((refused as InputProblems).problems).toEqual([expect.objectContaining({ code: 'CREDENTIAL_INVALID', message: expect.stringContaining('MEDIUM_TOKEN is 4 characters long') })]);
    expect(server.requests).toEqual([]);
  });
});

describe('sync and state mark', () => {
  it('sync adopts an unknown dev.to copy with the intent\'s hash, reports Medium as unknown, and writes nothing to the platforms', async () => {
    await write(FILE);
    const article = server.devto.seedArticle({ title: 'By hand', canonicalUrl: CANONICAL });
    const results = await syncPosts({ files: [FILE], platforms: ['devto', 'medium'] }, ctx());
    expect(results.find((result) => result.platform === 'devto')).toMatchObject({ status: 'adopted', id: String(article.id) });
    expect(results.find((result) => result.platform === 'medium')).toMatchObject({ status: 'unknown', message: expect.stringContaining(`xpost state mark ${FILE} --platform medium`) });
    expect(server.writesTo('devto')).toEqual([]);
    expect((await state()).record(canonicalKey(CANONICAL), 'devto')).toMatchObject({ id: String(article.id), url: article.url });
    const again = await syncPosts({ files: [FILE], platforms: ['devto'] }, ctx());
    expect(again[0]).toMatchObject({ status: 'recorded' });
  });

  it('state mark records a copy as up to date and clears the intent; forget drops it', async () => {
    await write(FILE);
    server.inject({ platform: 'medium', method: 'POST', path: /\/posts$/, fault: { kind: 'drop-after-create' } });
    await publish(['medium']);
    expect((await state()).record(canonicalKey(CANONICAL), 'medium')?.pendingCreate).toBeDefined();
    const marked = await editState({ file: FILE, platform: 'medium', remote: { id: 'm-1', url: 'https://medium.com/p/m-1' } }, ctx());
    expect(marked).toEqual({ identity: canonicalKey(CANONICAL), changed: true });
    const record = (await state()).record(canonicalKey(CANONICAL), 'medium')!;
    expect(record).toMatchObject({ id: 'm-1', url: 'https://medium.com/p/m-1', contentHash: expect.stringMatching(/^sha256:/), sourceHash: expect.stringMatching(/^sha256:/) });
    expect(record.pendingCreate).toBeUndefined();
    server.clearRequests();
    expect((await publish(['medium']))[0]?.status).toBe('unchanged');
    expect(await editState({ file: FILE, platform: 'medium' }, ctx())).toEqual({ identity: canonicalKey(CANONICAL), changed: true });
    expect((await state()).record(canonicalKey(CANONICAL), 'medium')).toBeUndefined();
    expect(await editState({ file: FILE, platform: 'medium' }, ctx())).toMatchObject({ changed: false });
  });
});

describe('status', () => {
  const copiesOf = async (platforms?: PlatformId[]) => {
    const report = await collectStatus({ paths: ['posts'], platforms }, ctx());
    return Object.fromEntries(report.posts.flatMap((entry) => entry.copies.map((copy) => [`${entry.file} ${copy.platform}`, copy])));
  };

  it('published, changed, not published, skipped, pending, failed and scheduled, from the state without the network', async () => {
    await write(FILE);
    await write('posts/draft.md', { frontMatter: { title: 'A draft', canonical_url: 'https://blog.example.com/draft/', published: false }, body: 'Draft.\n' });
    await write('posts/later.md', { frontMatter: { title: 'Later', canonical_url: 'https://blog.example.com/later/', date: '2999-01-01', schedule: { devto: '1d' } }, body: 'Later.\n' });
    await publish(['devto']);
    server.inject({ platform: 'medium', method: 'POST', path: /\/posts$/, fault: { kind: 'drop-after-create' } });
    server.inject({ platform: 'hashnode', operation: 'publishPost', fault: { kind: 'status', status: 400 } });
    await publishPosts({ files: [FILE], platforms: ['medium', 'hashnode'], dryRun: false, force: false }, ctx());
    server.clearRequests();

    const copies = await copiesOf(['devto', 'hashnode', 'medium', 'linkedin']);

    expect(server.requests).toEqual([]);
    const article = server.devto.articles.find((candidate) => candidate.title === 'Recorded')!;
    expect(copies[`${FILE} devto`]).toMatchObject({ status: 'published', id: String(article.id), url: article.url });
    expect(copies[`${FILE} hashnode`]).toMatchObject({ status: 'failed', detail: expect.stringContaining('400') });
    expect(copies[`${FILE} medium`]).toMatchObject({ status: 'pending', detail: expect.stringContaining('xpost sync') });
    expect(copies[`${FILE} linkedin`]).toMatchObject({ status: 'not-published', id: null });
    expect(copies['posts/draft.md linkedin']).toMatchObject({ status: 'skipped', detail: expect.stringContaining('draft') });
    expect(copies['posts/later.md devto']).toMatchObject({ status: 'scheduled', dueAt: '2999-01-02T00:00:00.000Z' });

    await write(FILE, { ...POST, body: 'Edited.\n' });
    expect((await copiesOf(['devto']))[`${FILE} devto`]).toMatchObject({ status: 'changed' });
  });

  it('a record from before source hashes is compared by rendering; a post that cannot render is invalid', async () => {
    await write(FILE);
    await publish(['devto']);
    const file = path.join(dir, '.xpost', 'state.json');
    const saved = JSON.parse(await readFile(file, 'utf8')) as { posts: Record<string, { platforms: Record<string, Record<string, unknown>> }> };
    delete saved.posts[canonicalKey(CANONICAL)]!.platforms['devto']!['sourceHash'];
    await writeFile(file, JSON.stringify(saved));
    expect((await copiesOf(['devto']))[`${FILE} devto`]).toMatchObject({ status: 'published' });
    await write(FILE, { ...POST, body: 'Edited.\n' });
    expect((await copiesOf(['devto']))[`${FILE} devto`]).toMatchObject({ status: 'changed' });
    await write(FILE, { ...POST, frontMatter: { ...POST.frontMatter, title: 'x'.repeat(200) } });
    expect((await copiesOf(['devto']))[`${FILE} devto`]).toMatchObject({ status: 'invalid', detail: expect.stringContaining('128') });
  });

  it('shows posts that cannot be told apart as invalid, with the reason, and every other post as usual', async () => {
    await write('posts/a.md');
    await write('posts/b.md', { ...POST, frontMatter: { ...POST.frontMatter, title: 'Twin' } });
    await write('posts/c.md', { frontMatter: { title: 'Other', canonical_url: 'https://blog.example.com/other/' }, body: 'Other.\n' });
    const report = await collectStatus({ paths: ['posts'], platforms: ['devto'] }, ctx());
    expect(report.posts.map((entry) => [entry.file, entry.copies[0]?.status])).toEqual([
      ['posts/a.md', 'invalid'],
      ['posts/b.md', 'invalid'],
      ['posts/c.md', 'not-published'],
    ]);
    expect(report.posts[0]?.copies[0]?.detail).toContain('posts/a.md and posts/b.md are different files with one identity');
    expect(report.posts[2]?.identity).toBe('https://blog.example.com/other');
  });

  it('lists a broken post with its problem beside the others instead of refusing the whole report', async () => {
    await write(FILE);
    await mkdir(path.join(dir, 'posts'), { recursive: true });
    await writeFile(path.join(dir, 'posts/broken.md'), '---\ntitle: [unclosed\n---\nBody.\n');
    const report = await collectStatus({ paths: ['posts'], platforms: ['devto'] }, ctx());
    expect(report.posts.map((entry) => [entry.file, entry.copies[0]?.status])).toEqual([
      ['posts/broken.md', 'invalid'],
      [FILE, 'not-published'],
    ]);
    expect(report.posts[0]?.copies[0]?.detail).toMatch(/^posts\/broken\.md:2: front matter YAML error/);
  });

  it('an unreadable state file is a problem, never an empty state', async () => {
    await write(FILE);
    await mkdir(path.join(dir, '.xpost', 'state.json'), { recursive: true });
    await expect(collectStatus({ paths: ['posts'], platforms: ['devto'] }, ctx())).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'STATE_INVALID' })] });
  });
});

describe('dry-run and run results', () => {
  it('says what would be sent per platform, with the recorded copy, and skips files that are no posts', async () => {
    await write(FILE);
    await writeFile(path.join(dir, 'posts', 'README.md'), '# Not a post\n');
    await write('posts/plain.md', { frontMatter: { title: 'Plain' }, body: 'No canonical URL.\n' });
    await publish(['devto']);
    events = [];
    server.clearRequests();

    const results = await publishPosts({ files: ['posts'], platforms: ['devto', 'medium'], dryRun: true, force: false }, ctx());

    expect(server.requests).toEqual([]);
    const article = server.devto.articles.find((candidate) => candidate.title === 'Recorded')!;
    expect(results.find((result) => result.file === FILE && result.platform === 'devto')).toMatchObject({
      status: 'dry-run',
      action: 'none',
      id: String(article.id),
      url: article.url,
      message: 'unchanged, nothing would be sent',
      request: { endpoint: expect.stringContaining('POST /api/articles'), payload: { article: expect.objectContaining({ title: 'Recorded' }) } },
    });
    expect(results.find((result) => result.file === FILE && result.platform === 'medium')).toMatchObject({ status: 'dry-run', action: 'create', id: null, message: null });
    expect(results.filter((result) => result.file === 'posts/README.md')).toEqual([
      expect.objectContaining({ platform: 'devto', status: 'skipped', action: 'none', message: 'not a post: no front matter', notes: [] }),
      expect.objectContaining({ platform: 'medium', status: 'skipped', action: 'none', message: 'not a post: no front matter' }),
    ]);
    expect(events.filter((event) => event.type === 'result')).toHaveLength(results.length);
    expect(events).toContainEqual({ type: 'warning', message: expect.stringMatching(/^posts\/plain\.md: no canonical_url/) });
    expect(events.filter((event) => event.type === 'warning' && event.message.includes(FILE))).toEqual([]);
  });

  it('a dry-run names an earlier create in doubt, and a schedule that is not due', async () => {
    await write(FILE, { ...POST, frontMatter: { ...POST.frontMatter, date: '2999-01-01', schedule: { medium: '2d' } } });
    const file = path.join(dir, '.xpost', 'state.json');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ version: 2, posts: { [canonicalKey(CANONICAL)]: { file: '../posts/recorded.md', platforms: { devto: { pendingCreate: { contentHash: 'sha256:x', startedAt: '2026-01-01T00:00:00.000Z' } } } } } }));
    const results = await publishPosts({ files: ['posts'], platforms: ['devto', 'medium'], dryRun: true, force: false, ignoreSchedule: false }, ctx());
    expect(results.find((result) => result.platform === 'devto')).toMatchObject({ action: 'create', message: expect.stringContaining('an earlier create may have reached the platform') });
    expect(results.find((result) => result.platform === 'medium')).toMatchObject({ status: 'scheduled', action: 'none', dueAt: '2999-01-03T00:00:00.000Z', message: 'scheduled: due 2999-01-03 00:00 UTC (--now publishes it today)' });
  });

  it('reports each post and platform once, in post order, and emits a start for each send', async () => {
    await write('posts/a.md', { frontMatter: { title: 'A', canonical_url: 'https://blog.example.com/a/' }, body: 'A.\n' });
    await write('posts/b.md', { frontMatter: { title: 'B', canonical_url: 'https://blog.example.com/b/' }, body: 'B.\n' });
    const results = await publish(['devto', 'hashnode']);
    expect(results.map((result) => `${result.file} ${result.platform} ${result.status} ${result.action}`)).toEqual([
      'posts/a.md devto published create',
      'posts/a.md hashnode published create',
      'posts/b.md devto published create',
      'posts/b.md hashnode published create',
    ]);
    expect(events.filter((event) => event.type === 'start')).toHaveLength(4);
    expect(results.every((result) => result.id !== null && result.url !== null && result.error === null)).toBe(true);
  });
});

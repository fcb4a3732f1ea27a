import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { removeLeftovers, StateStore, type PostBinding, type RecordedCopy } from '../../src/state/state-file.js';

// readFile stays the real one; a test swaps in one failed read (EACCES cannot be provoked with chmod when the tests run as root).
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, readFile: vi.fn(actual.readFile) };
});

async function tempStatePath(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xpost-state-'));
  return path.join(dir, '.xpost', 'state.json');
}

const BINDING: PostBinding = { key: 'https://blog.example.com/a', file: '../posts/a.md', canonicalUrl: 'https://blog.example.com/a/', fingerprint: 'sha256:body' };
const COPY: RecordedCopy = { id: '1', url: 'https://dev.to/x/a', contentHash: 'sha256:1', sourceHash: 'sha256:s', at: '2026-11-09T08:00:00.000Z', created: true };

async function written(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}

describe('StateStore', () => {
  it('starts empty when the file is missing and writes versioned, pretty JSON on the first record', async () => {
    const file = await tempStatePath();
    const store = await StateStore.load(file);
    await store.recordCopy(BINDING, 'devto', COPY);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('\n  "version": 2');
    expect(JSON.parse(text)).toEqual({
      version: 2,
      posts: {
        'https://blog.example.com/a': {
          file: '../posts/a.md',
          canonicalUrl: 'https://blog.example.com/a/',
          fingerprint: 'sha256:body',
          platforms: {
            devto: { id: '1', url: 'https://dev.to/x/a', contentHash: 'sha256:1', sourceHash: 'sha256:s', publishedAt: COPY.at, updatedAt: COPY.at },
          },
        },
      },
      accounts: {},
    });
  });

  it('keeps every concurrent write', async () => {
    const file = await tempStatePath();
    const store = await StateStore.load(file);
    const platforms = ['devto', 'hashnode', 'medium', 'linkedin'];
    await Promise.all(platforms.map((platform, index) => store.recordCopy(BINDING, platform, { ...COPY, id: String(index) })));
    const reloaded = await StateStore.load(file);
    expect(platforms.map((platform) => reloaded.record(BINDING.key, platform)?.id)).toEqual(['0', '1', '2', '3']);
  });

  it('records a copy: clears the intent and the last error, keeps meta unless new, keeps publishedAt on updates', async () => {
    const file = await tempStatePath();
    const store = await StateStore.load(file);
    await store.recordIntent(BINDING, 'hashnode', { contentHash: 'sha256:1', startedAt: 't0' });
    await store.recordFailure(BINDING, 'hashnode', { code: 'OUTCOME_UNKNOWN', message: 'm', at: 't0' });
    await store.recordCopy(BINDING, 'hashnode', { ...COPY, id: 'draft-1', meta: { kind: 'draft' } });
    expect(store.record(BINDING.key, 'hashnode')).toEqual({ id: 'draft-1', url: COPY.url, meta: { kind: 'draft' }, contentHash: 'sha256:1', sourceHash: 'sha256:s', publishedAt: COPY.at, updatedAt: COPY.at });
    await store.recordCopy(BINDING, 'hashnode', { ...COPY, id: 'draft-1', url: undefined, contentHash: 'sha256:2', at: 'later', created: false });
    expect(store.record(BINDING.key, 'hashnode')).toMatchObject({ meta: { kind: 'draft' }, url: COPY.url, contentHash: 'sha256:2', publishedAt: COPY.at, updatedAt: 'later' });
    await store.recordCopy(BINDING, 'hashnode', { ...COPY, id: 'post-1', meta: { kind: 'post' }, at: 'latest', created: false });
    expect(store.record(BINDING.key, 'hashnode')).toMatchObject({ id: 'post-1', meta: { kind: 'post' } });
    expect((await written(file))['posts']).toMatchObject({ [BINDING.key]: { platforms: { hashnode: { id: 'post-1' } } } });
  });

  it('an adopted copy without a content hash drops the old hash, so the next publish updates it', async () => {
    const store = await StateStore.load(await tempStatePath());
    await store.recordCopy(BINDING, 'devto', COPY);
    await store.recordCopy(BINDING, 'devto', { ...COPY, contentHash: undefined, sourceHash: undefined });
    expect(store.record(BINDING.key, 'devto')?.contentHash).toBeUndefined();
    expect(store.record(BINDING.key, 'devto')?.sourceHash).toBeUndefined();
  });

  it('intents: recorded before a create, cleared when it certainly did not happen', async () => {
    const file = await tempStatePath();
    const store = await StateStore.load(file);
    await store.recordIntent(BINDING, 'medium', { contentHash: 'sha256:1', startedAt: 't0' });
    expect((await StateStore.load(file)).record(BINDING.key, 'medium')?.pendingCreate).toEqual({ contentHash: 'sha256:1', startedAt: 't0' });
    await store.clearIntent(BINDING, 'medium');
    expect((await StateStore.load(file)).record(BINDING.key, 'medium')).toEqual({});
  });

  it('refreshes the source hash of an unchanged copy', async () => {
    const store = await StateStore.load(await tempStatePath());
    await store.recordCopy(BINDING, 'devto', COPY);
    await store.refreshSourceHash(BINDING, 'devto', 'sha256:new-source');
    expect(store.record(BINDING.key, 'devto')).toMatchObject({ id: '1', contentHash: 'sha256:1', sourceHash: 'sha256:new-source' });
  });

  it('rebinds a record to a new key and file, and removes records', async () => {
    const store = await StateStore.load(await tempStatePath());
    await store.recordCopy(BINDING, 'devto', COPY);
    const moved: PostBinding = { ...BINDING, key: 'https://blog.example.com/b', file: '../posts/b.md', canonicalUrl: 'https://blog.example.com/b' };
    await store.rebind(BINDING.key, moved);
    expect(store.post(BINDING.key)).toBeUndefined();
    expect(store.post(moved.key)).toMatchObject({ file: '../posts/b.md', canonicalUrl: 'https://blog.example.com/b', platforms: { devto: { id: '1' } } });
    expect(await store.remove(moved.key, 'medium')).toBe(false);
    expect(await store.remove(moved.key, 'devto')).toBe(true);
    expect(store.post(moved.key)).toBeUndefined();
  });

  it('rebinds a moved post under the same key (its canonical URL did not change) to its new file', async () => {
    const store = await StateStore.load(await tempStatePath());
    await store.recordCopy(BINDING, 'devto', COPY);
    await store.rebind(BINDING.key, { ...BINDING, file: '../posts/2026/a.md' });
    expect(store.post(BINDING.key)).toMatchObject({ file: '../posts/2026/a.md', platforms: { devto: { id: '1' } } });
  });

  it('never rebinds a record onto a key that holds another post\'s records, and ignores a key it does not hold', async () => {
    const file = await tempStatePath();
    const store = await StateStore.load(file);
    const other: PostBinding = { ...BINDING, key: 'slug:other', file: '../posts/other.md', canonicalUrl: undefined };
    await store.recordCopy(BINDING, 'devto', COPY);
    await store.recordCopy(other, 'medium', { ...COPY, id: 'm1' });
    await expect(store.rebind(BINDING.key, other)).rejects.toMatchObject({ code: 'INTERNAL', message: 'the state already holds a record for slug:other' });
    expect(store.record(BINDING.key, 'devto')?.id).toBe('1');
    expect(store.record('slug:other', 'medium')?.id).toBe('m1');
    const before = await readFile(file, 'utf8');
    await store.rebind('slug:never-recorded', { ...other, key: 'slug:new' });
    expect(store.post('slug:new')).toBeUndefined();
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('forgetting one platform\'s copy keeps the post\'s other copies', async () => {
    const file = await tempStatePath();
    const store = await StateStore.load(file);
    await store.recordCopy(BINDING, 'devto', COPY);
    await store.recordCopy(BINDING, 'medium', { ...COPY, id: 'm1' });
    expect(await store.remove(BINDING.key, 'devto')).toBe(true);
    expect((await StateStore.load(file)).post(BINDING.key)?.platforms).toEqual({ medium: expect.objectContaining({ id: 'm1' }) });
    expect(await store.remove('slug:never-recorded', 'devto')).toBe(false);
  });

  it('writes the state as recorded: a value that looks like a secret is never rewritten', async () => {
    const file = await tempStatePath();
    const store = await StateStore.load(file);
    await store.recordCopy({ ...BINDING, key: 'slug:post' }, 'devto', { ...COPY, id: 'post' });
    const text = await readFile(file, 'utf8');
    expect(text).toContain('"slug:post"');
    expect(text).toContain('"platforms"');
    expect(text).not.toContain('***');
  });

  it('refuses a corrupt file, names the problem and leaves it untouched', async () => {
    const file = await tempStatePath();
    await StateStore.load(file).then((store) => store.setAccount('medium', { authorId: 'a' }));
    await writeFile(file, '{ "version": 1, "posts": ');
    await expect(StateStore.load(file)).rejects.toMatchObject({ code: 'STATE_INVALID', message: expect.stringContaining('is not valid JSON'), file, hint: expect.stringContaining('Restore it from git') });
    expect(await readFile(file, 'utf8')).toBe('{ "version": 1, "posts": ');
  });

  it('refuses a key written twice in one object (a hand merge), naming the key and lines', async () => {
    const file = await tempStatePath();
    await mkdir(path.dirname(file), { recursive: true });
    const merged = '{\n  "version": 2,\n  "posts": {\n    "slug:a": { "platforms": { "devto": { "id": "1" } } },\n    "slug:a": { "platforms": { "medium": { "id": "2" } } }\n  }\n}\n';
    await writeFile(file, merged);
    await expect(StateStore.load(file)).rejects.toMatchObject({ code: 'STATE_INVALID', message: expect.stringMatching(/"slug:a" twice .*lines 4 and 5/) });
    const nested = '{"version": 2, "posts": {"slug:a": {"platforms": {"devto": {"id": "1", "id": "2"}}}}}';
    await writeFile(file, nested);
    await expect(StateStore.load(file)).rejects.toMatchObject({ message: expect.stringContaining('"id" twice') });
    const twoMerges = '{"version": 2, "posts": {\n"slug:a": {"platforms": {"devto": {"id": "1", "id": "2"}}},\n"slug:b": {"platforms": {"medium": {"url": "u", "url": "v"}}}}}';
    await writeFile(file, twoMerges);
    await expect(StateStore.load(file)).rejects.toMatchObject({ message: expect.stringContaining('has the key "id" twice in one object (lines 2 and 2)') });
    const escapedQuotes = '{"version": 2, "posts": {"slug:\\"a\\":": {"platforms": {}}}, "accounts": {"x": {"k": "v:\\"w\\":"}}}';
    await writeFile(file, escapedQuotes);
    await expect(StateStore.load(file)).resolves.toBeDefined();
  });

  it('accepts a UTF-8 BOM', async () => {
    const file = await tempStatePath();
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `\uFEFF${JSON.stringify({ version: 2, posts: { 'slug:a': { platforms: { devto: { id: '1' } } } }, accounts: {} })}`);
    expect((await StateStore.load(file)).record('slug:a', 'devto')?.id).toBe('1');
  });

  it('an unreadable file (EACCES) is an error naming the reason, never an empty state', async () => {
    const file = await tempStatePath();
    await StateStore.load(file).then((store) => store.setAccount('x', { a: 'b' }));
    vi.mocked(readFile).mockRejectedValueOnce(Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' }));
    await expect(StateStore.load(file)).rejects.toMatchObject({
      code: 'STATE_INVALID',
      message: `State file ${file} cannot be read (EACCES)`,
      file,
      hint: 'Check its permissions, or pass another path with --state; xpost never treats it as empty.',
    });
  });

  it('a read error without a code still says the file cannot be read', async () => {
    const file = await tempStatePath();
    vi.mocked(readFile).mockRejectedValueOnce(new Error('the disk went away'));
    await expect(StateStore.load(file)).rejects.toMatchObject({ code: 'STATE_INVALID', message: `State file ${file} cannot be read (error)` });
  });

  it('a path that cannot be read (a file where a folder should be) is an error, never an empty state', async () => {
    const file = await tempStatePath();
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(path.join(path.dirname(file), 'plain'), 'x');
    await expect(StateStore.load(path.join(path.dirname(file), 'plain', 'state.json'))).rejects.toMatchObject({ code: 'STATE_INVALID', message: expect.stringContaining('ENOTDIR') });
  });

  it('a folder where the file should be is an error, never an empty state', async () => {
    const file = await tempStatePath();
    await mkdir(file, { recursive: true });
    await expect(StateStore.load(file)).rejects.toMatchObject({ code: 'STATE_INVALID', message: expect.stringContaining('is a folder') });
  });

  it('refuses a newer version and a wrong shape', async () => {
    const file = await tempStatePath();
    await StateStore.load(file).then((store) => store.setAccount('x', { a: 'b' }));
    await writeFile(file, JSON.stringify({ version: 9, posts: {} }));
    await expect(StateStore.load(file)).rejects.toMatchObject({ code: 'STATE_INVALID', message: `State file ${file} has version 9, newer than this xpost understands (2)`, file, hint: 'Upgrade xpost (npm install xpost@latest).' });
    await writeFile(file, JSON.stringify({ version: 2, posts: { a: { platforms: { devto: { id: 5 } } } } }));
    await expect(StateStore.load(file)).rejects.toMatchObject({ code: 'STATE_INVALID', message: expect.stringContaining('"posts.a.platforms.devto.id"'), hint: expect.stringContaining('Restore it from git') });
    await writeFile(file, JSON.stringify({ version: 0, posts: {} }));
    await expect(StateStore.load(file)).rejects.toMatchObject({
      code: 'STATE_INVALID',
      message: `State file ${file} has version 0, which this xpost cannot upgrade`,
      file,
      hint: expect.stringContaining('Restore a newer copy from git'),
    });
  });

  it.each([
    ['null', '"(root)" Invalid input: expected object, received null'],
    ['[]', '"(root)" Invalid input: expected object, received array'],
    ['5', '"(root)" Invalid input: expected object, received number'],
    ['{"version":1,"posts":{"slug:a":"not a record"}}', '"posts.slug:a" Invalid input: expected object, received string'],
  ])('refuses %s as no state file, naming where it goes wrong', async (text, where) => {
    const file = await tempStatePath();
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    await expect(StateStore.load(file)).rejects.toMatchObject({ code: 'STATE_INVALID', message: `State file ${file} is not a valid xpost state file: ${where}` });
  });

  it.each([
    ['an older version written as text', '"1"'],
    ['a newer version written as text', '"9"'],
  ])('refuses %s as a wrong shape: it is neither upgraded nor called newer', async (_name, version) => {
    const file = await tempStatePath();
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `{"version": ${version}, "posts": {}, "accounts": {}}`);
    await expect(StateStore.load(file)).rejects.toMatchObject({ code: 'STATE_INVALID', message: expect.stringMatching(/^State file .* is not a valid xpost state file: "version" /) });
  });

  it('a thread whose first part is not sent yet records the thread alone, without an id', async () => {
    const file = await tempStatePath();
    const store = await StateStore.load(file);
    await store.recordThread(BINDING, 'bluesky', { total: 2, parts: [] }, COPY.at);
    expect(store.record(BINDING.key, 'bluesky')).toEqual({ thread: { total: 2, parts: [] } });
  });

  it('preserves fields it does not know', async () => {
    const file = await tempStatePath();
    await StateStore.load(file).then((store) => store.setAccount('x', { a: 'b' }));
    await writeFile(file, JSON.stringify({ version: 2, note: 'kept', posts: { 'slug:p': { pinned: true, platforms: { devto: { id: '1', extra: true } } } } }));
    const store = await StateStore.load(file);
    await store.refreshSourceHash({ key: 'slug:p', file: 'p.md', canonicalUrl: undefined, fingerprint: 'f' }, 'devto', 's');
    const saved = await written(file);
    expect(saved['note']).toBe('kept');
    expect(saved['posts']).toEqual({ 'slug:p': { pinned: true, file: 'p.md', fingerprint: 'f', platforms: { devto: { id: '1', extra: true, sourceHash: 's' } } } });
  });
});

describe('state file version 1 → 2', () => {
  it('keys canonical URLs normalised, keeps the URL as written, leaves slugs and paths alone', async () => {
    const file = await tempStatePath();
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        posts: {
          'HTTP://Blog.Example.com/posts/a/?utm_source=x': { file: '../posts/a.md', platforms: { devto: { id: '1' } } },
          'slug:b': { file: '../posts/b.md', platforms: { medium: { id: '2' } } },
          '../posts/c.md': { platforms: { hashnode: { id: '3' } } },
        },
        accounts: { medium: { authorId: 'me' } },
      }),
    );
    const store = await StateStore.load(file);
    expect(store.post('https://blog.example.com/posts/a')).toEqual({ file: '../posts/a.md', canonicalUrl: 'HTTP://Blog.Example.com/posts/a/?utm_source=x', platforms: { devto: { id: '1' } } });
    expect(store.post('slug:b')).toEqual({ file: '../posts/b.md', platforms: { medium: { id: '2' } } });
    expect(store.post('../posts/c.md')).toEqual({ platforms: { hashnode: { id: '3' } } });
    expect(store.account('medium')).toEqual({ authorId: 'me' });
    await store.setAccount('x', { a: 'b' });
    expect((await written(file))['version']).toBe(2);
  });

  it('keeps a canonical URL a version 1 record already held', async () => {
    const file = await tempStatePath();
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ version: 1, posts: { 'https://blog.example.com/a/': { canonicalUrl: 'https://blog.example.com/a/?ref=feed', platforms: {} } } }));
    expect((await StateStore.load(file)).post('https://blog.example.com/a')?.canonicalUrl).toBe('https://blog.example.com/a/?ref=feed');
  });

  it('merges two records of one post when their platforms differ, refuses when both have a copy on one platform', async () => {
    const file = await tempStatePath();
    await mkdir(path.dirname(file), { recursive: true });
    const two = (second: string) =>
      JSON.stringify({ version: 1, posts: { 'https://blog.example.com/a/': { platforms: { devto: { id: '1' } } }, 'https://blog.example.com/a': { platforms: { [second]: { id: '2' } } } } });
    await writeFile(file, two('medium'));
    expect((await StateStore.load(file)).post('https://blog.example.com/a')?.platforms).toEqual({ devto: { id: '1' }, medium: { id: '2' } });
    await writeFile(file, two('devto'));
    await expect(StateStore.load(file)).rejects.toMatchObject({
      code: 'STATE_INVALID',
      message: `State file ${file} records one post twice: "https://blog.example.com/a/" and "https://blog.example.com/a" are the same canonical URL, and both have a devto copy`,
      file,
      hint: expect.stringContaining('Two copies exist on devto: delete one there'),
    });
  });
});

describe('removeLeftovers', () => {
  it('removes the temporary files of killed writes, and nothing else', async () => {
    const file = await tempStatePath();
    await mkdir(path.dirname(file), { recursive: true });
    for (const name of ['state.json', 'state.json.1234567', 'state.json.99', 'state.json.lock', 'state.json.bak', 'other.json.123']) await writeFile(path.join(path.dirname(file), name), '{}');
    expect((await removeLeftovers(file)).sort()).toEqual(['state.json.1234567', 'state.json.99']);
    expect((await readdir(path.dirname(file))).sort()).toEqual(['other.json.123', 'state.json', 'state.json.bak', 'state.json.lock']);
  });

  it('finds none in a folder that does not exist yet', async () => {
    expect(await removeLeftovers(await tempStatePath())).toEqual([]);
  });
});

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/http/redact.js';
import { StateStore } from '../../src/state/state-file.js';

async function tempStatePath(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xpost-state-'));
  return path.join(dir, '.xpost', 'state.json');
}

describe('StateStore', () => {
  it('starts empty when the file is missing and writes versioned, pretty JSON on the first record', async () => {
    const file = await tempStatePath();
    const store = await StateStore.load(file);
    await store.update('https://blog.example.com/a/', 'posts/a.md', 'devto', () => ({ id: '1', url: 'https://dev.to/x/a', contentHash: 'sha256:1' }));
    const text = await readFile(file, 'utf8');
    expect(text).toContain('\n  "version": 1');
    expect(JSON.parse(text)).toEqual({
      version: 1,
      posts: { 'https://blog.example.com/a/': { file: 'posts/a.md', platforms: { devto: { id: '1', url: 'https://dev.to/x/a', contentHash: 'sha256:1' } } } },
      accounts: {},
    });
  });

  it('keeps every concurrent write', async () => {
    const file = await tempStatePath();
    const store = await StateStore.load(file);
    await Promise.all(
      ['devto', 'hashnode', 'medium', 'linkedin'].map((platform, index) => store.update('post', 'p.md', platform, () => ({ id: String(index) }))),
    );
    const reloaded = await StateStore.load(file);
    expect(['devto', 'hashnode', 'medium', 'linkedin'].map((platform) => reloaded.record('post', platform)?.id)).toEqual(['0', '1', '2', '3']);
  });

  it('refuses a corrupt file, names the problem and leaves it untouched', async () => {
    const file = await tempStatePath();
    await StateStore.load(file).then((store) => store.setAccount('medium', { authorId: 'a' }));
    await writeFile(file, '{ "version": 1, "posts": ');
    await expect(StateStore.load(file)).rejects.toMatchObject({ code: 'STATE_INVALID', message: expect.stringContaining('is not valid JSON') });
    expect(await readFile(file, 'utf8')).toBe('{ "version": 1, "posts": ');
  });

  it('refuses a newer version and a wrong shape', async () => {
    const file = await tempStatePath();
    await StateStore.load(file).then((store) => store.setAccount('x', { a: 'b' }));
    await writeFile(file, JSON.stringify({ version: 9, posts: {} }));
    await expect(StateStore.load(file)).rejects.toMatchObject({ message: expect.stringContaining('newer than this xpost') });
    await writeFile(file, JSON.stringify({ version: 1, posts: { a: { platforms: { devto: { id: 5 } } } } }));
    await expect(StateStore.load(file)).rejects.toMatchObject({ message: expect.stringContaining('"posts.a.platforms.devto.id"') });
  });

  it('preserves fields it does not know', async () => {
    const file = await tempStatePath();
    await StateStore.load(file).then((store) => store.setAccount('x', { a: 'b' }));
    await writeFile(file, JSON.stringify({ version: 1, note: 'kept', posts: { p: { platforms: { devto: { id: '1', extra: true } } } } }));
    const store = await StateStore.load(file);
    await store.update('p', 'p.md', 'devto', (current) => ({ ...current, url: 'u' }));
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved.note).toBe('kept');
    expect(saved.posts.p.platforms.devto).toEqual({ id: '1', extra: true, url: 'u' });
  });

  it('masks secrets in what it writes', async () => {
    const file = await tempStatePath();
    const store = await StateStore.load(file, createRedactor(['test-secret-token']));
    await store.update('p', 'p.md', 'devto', () => ({ lastError: { code: 'X', message: 'echo test-secret-token', at: 'now' } }));
    expect(await readFile(file, 'utf8')).not.toContain('test-secret-token');
  });
});

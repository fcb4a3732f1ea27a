import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StateStore, type PostBinding } from '../../src/state/state-file.js';

// The real atomic write, counted: records made while a write is pending join it instead of queueing their own.
vi.mock('write-file-atomic', async (importOriginal) => {
  const actual = await importOriginal<{ default: (...args: unknown[]) => Promise<void> }>();
  return { default: vi.fn(actual.default) };
});

const { default: writeFileAtomic } = await import('write-file-atomic');

const BINDING: PostBinding = { key: 'slug:a', file: 'a.md', canonicalUrl: undefined, fingerprint: 'sha256:body' };
const AT = '2026-11-09T08:00:00.000Z';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xpost-state-writes-'));
  vi.mocked(writeFileAtomic).mockClear();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('StateStore writes', () => {
  it('folds records made in one go into one write that holds them all', async () => {
    const file = path.join(dir, 'state.json');
    const store = await StateStore.load(file);
    const platforms = ['devto', 'hashnode', 'medium', 'linkedin'];
    await Promise.all(platforms.map((platform) => store.recordCopy(BINDING, platform, { id: platform, url: undefined, contentHash: undefined, sourceHash: undefined, at: AT, created: true })));
    expect(writeFileAtomic).toHaveBeenCalledTimes(1);
    expect(Object.keys((JSON.parse(await readFile(file, 'utf8')) as { posts: Record<string, { platforms: object }> }).posts['slug:a']?.platforms ?? {})).toEqual(platforms);
  });

  it('a record made while a write is on disk waits for it, then gets one write of its own', async () => {
    const file = path.join(dir, 'state.json');
    const store = await StateStore.load(file);
    const first = store.setAccount('medium', { authorId: 'a' });
    await vi.waitFor(() => expect(writeFileAtomic).toHaveBeenCalledTimes(1));
    await Promise.all([first, store.setAccount('medium', { userId: 'b' }), store.setAccount('hashnode', { publicationId: 'c' })]);
    expect(writeFileAtomic).toHaveBeenCalledTimes(2);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ accounts: { medium: { authorId: 'a', userId: 'b' }, hashnode: { publicationId: 'c' } } });
  });
});

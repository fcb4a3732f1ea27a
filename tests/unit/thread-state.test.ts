import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planAction } from '../../src/core/plan.js';
import type { PlatformAdapter, UpdateSupport } from '../../src/platforms/types.js';
import { StateStore } from '../../src/state/state-file.js';

const threadPlatform = (updateSupport: UpdateSupport) => ({ name: 'Example', manageUrl: 'https://example.com/me', updateSupport, shape: 'thread' }) as PlatformAdapter;
const part = (n: number) => ({ key: `k${n}`, id: `id-${n}`, url: `https://example.com/${n}` });
const complete = { id: 'id-1', url: 'https://example.com/1', contentHash: 'sha256:old', thread: { total: 2, parts: [part(1), part(2)] } };

describe('planAction for threads', () => {
  it('does not start a thread a dead CI run reserved (it may have posted parts it never recorded), unless forced', () => {
    const reserved = { pendingCreate: { contentHash: 'sha256:new', startedAt: '2026-11-01T00:00:00.000Z' } };
    expect(planAction(threadPlatform('none'), reserved, 'sha256:new', false)).toMatchObject({ kind: 'blocked', reason: expect.stringContaining('--force') });
    expect(planAction(threadPlatform('none'), reserved, 'sha256:new', true)).toEqual({ kind: 'create' });
  });

  it('creates a thread that was never begun, on any platform', () => {
    expect(planAction(threadPlatform('none'), undefined, 'sha256:new', false)).toEqual({ kind: 'create' });
  });

  it('resumes a half-posted thread whatever changed, and one whose last part was posted but not recorded as complete', () => {
    const half = { id: 'id-1', thread: { total: 3, parts: [part(1), { key: 'k2', sentAt: 'then' }] } };
    expect(planAction(threadPlatform('none'), half, 'sha256:new', false)).toEqual({ kind: 'resume', posted: 1, total: 3 });
    const notRecorded = { ...complete, contentHash: undefined };
    expect(planAction(threadPlatform('on-force'), notRecorded, 'sha256:old', false)).toEqual({ kind: 'resume', posted: 2, total: 2 });
    expect(planAction(threadPlatform('none'), { thread: { total: 2, parts: [{ key: 'k1', sentAt: 'then' }] } }, 'x', true)).toEqual({ kind: 'resume', posted: 0, total: 2 });
  });

  it('sends nothing for an unchanged thread, even with --force', () => {
    expect(planAction(threadPlatform('on-force'), complete, 'sha256:old', true)).toEqual({ kind: 'unchanged' });
  });

  it('never announces a changed thread again: Bluesky never, Mastodon edits its posts only with --force', () => {
    expect(planAction(threadPlatform('none'), complete, 'sha256:new', true)).toMatchObject({ kind: 'blocked', reason: expect.stringContaining('cannot be edited') });
    expect(planAction(threadPlatform('on-force'), complete, 'sha256:new', false)).toMatchObject({ kind: 'blocked', reason: expect.stringContaining('--force') });
    expect(planAction(threadPlatform('on-force'), complete, 'sha256:new', true)).toEqual({ kind: 'update', remoteId: 'id-1' });
    const marked = { id: 'id-1', contentHash: 'sha256:old' };
    expect(planAction(threadPlatform('on-force'), marked, 'sha256:new', true)).toMatchObject({ kind: 'blocked', reason: expect.stringContaining('not recorded one by one') });
  });
});

describe('StateStore.recordThread', () => {
  it('keeps every part, names the copy by its first part, and keeps the first publish time across later parts', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'xpost-thread-state-'));
    try {
      const file = path.join(dir, 'state.json');
      const binding = { key: 'https://blog.example.com/a/', file: 'a.md', canonicalUrl: 'https://blog.example.com/a/', fingerprint: 'f' };
      const store = await StateStore.load(file);
      await store.recordThread(binding, 'bluesky', { total: 2, parts: [{ key: 'k1', sentAt: 't0' }] }, '2026-11-09T08:00:00.000Z');
      expect(store.record(binding.key, 'bluesky')).toEqual({ thread: { total: 2, parts: [{ key: 'k1', sentAt: 't0' }] } });
      await store.recordThread(binding, 'bluesky', { total: 2, parts: [part(1)] }, '2026-11-09T08:00:01.000Z');
      await store.recordThread(binding, 'bluesky', { total: 2, parts: [part(1), part(2)] }, '2026-11-09T08:00:02.000Z');
      const reloaded = await StateStore.load(file);
      expect(reloaded.record(binding.key, 'bluesky')).toEqual({
        id: 'id-1',
        url: 'https://example.com/1',
        thread: { total: 2, parts: [part(1), part(2)] },
        publishedAt: '2026-11-09T08:00:01.000Z',
        updatedAt: '2026-11-09T08:00:02.000Z',
      });
      // A new thread (--force after a deleted part) replaces the first part and its publish time.
      await reloaded.recordThread(binding, 'bluesky', { total: 2, parts: [{ ...part(1), id: 'id-new' }] }, '2026-11-10T08:00:00.000Z');
      expect(reloaded.record(binding.key, 'bluesky')).toMatchObject({ id: 'id-new', publishedAt: '2026-11-10T08:00:00.000Z' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

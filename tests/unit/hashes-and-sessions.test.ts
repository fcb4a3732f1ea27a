import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/core/context.js';
import { contentHash } from '../../src/core/fingerprint.js';
import type { Post } from '../../src/core/load-post.js';
import { openSessions } from '../../src/core/sessions.js';
import { bodyFingerprint, setupFingerprint, sourceHash } from '../../src/core/source-hash.js';
import { createPacer } from '../../src/http/pacer.js';
import type { HttpClientOptions, HttpRequest } from '../../src/http/types.js';
import type { PlatformAdapter } from '../../src/platforms/types.js';
import { StateStore } from '../../src/state/state-file.js';
import { testPost } from '../helpers/posts.js';

describe('contentHash', () => {
  it('ignores key order at any depth, keeps array order, and sees every change', () => {
    const a = contentHash({ b: 1, a: { y: [1, 2], x: null, z: 'z' }, c: 'c' });
    expect(contentHash({ c: 'c', a: { z: 'z', x: null, y: [1, 2] }, b: 1 })).toBe(a);
    expect(contentHash({ b: 1, a: { y: [2, 1], x: null, z: 'z' }, c: 'c' })).not.toBe(a);
    expect(contentHash({ b: 1, a: { y: [1, 2], x: null, z: 'Z' }, c: 'c' })).not.toBe(a);
    expect(contentHash({ ab: 1, a: 2 })).toBe(contentHash({ a: 2, ab: 1 }));
    expect(contentHash({ a: 1, b: 2 })).not.toBe(contentHash({ a: 2, b: 1 }));
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

const post = (source: string, body = source): Post => testPost({ file: '/x/a.md', displayPath: 'a.md', frontMatter: { title: 't' } as Post['frontMatter'], body, bodyStartLine: 1, source });

describe('sourceHash and bodyFingerprint', () => {
  it('the source hash covers the file and the setup; the fingerprint only the trimmed body', () => {
    expect(sourceHash(post('a'), 's1')).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(sourceHash(post('a'), 's1')).not.toBe(sourceHash(post('a'), 's2'));
    expect(sourceHash(post('a'), 's1')).not.toBe(sourceHash(post('b'), 's1'));
    expect(sourceHash(post('ab'), 'c')).not.toBe(sourceHash(post('a'), 'bc'));
    expect(bodyFingerprint(post('---\ntitle: x\n---\nwords\n', 'words\n'))).toBe(bodyFingerprint(post('---\ntitle: y\n---\n\nwords', '\nwords  ')));
    expect(bodyFingerprint(post('x', 'words'))).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(bodyFingerprint(post('x', 'words'))).not.toBe(bodyFingerprint(post('x', 'other words')));
  });

  it('the setup fingerprint changes with the config and with a user template, not with unrelated files', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'xpost-setup-'));
    const base = { config: { templates: 'templates' }, configDir: dir, cwd: dir };
    const before = setupFingerprint(base);
    expect(setupFingerprint({ ...base, config: { templates: 'templates', timezone: 'UTC' } })).not.toBe(before);
    await mkdir(path.join(dir, 'templates'));
    await writeFile(path.join(dir, 'templates', 'notes.txt'), 'unrelated');
    expect(setupFingerprint(base)).toBe(before);
    await writeFile(path.join(dir, 'templates', 'devto.md.hbs'), '{{body}}');
    const withTemplate = setupFingerprint(base);
    expect(withTemplate).not.toBe(before);
    await writeFile(path.join(dir, 'templates', 'devto.md.hbs'), '{{body}}\n');
    expect(setupFingerprint(base)).not.toBe(withTemplate);
    expect(setupFingerprint({ ...base, config: {} })).toBe(setupFingerprint({ config: {}, configDir: '/elsewhere', cwd: '/elsewhere' }));
  });
});

describe('createPacer', () => {
  function fakeClock() {
    let now = 0;
    const sleeps: number[] = [];
    return { clock: { now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)) }, sleeps, advance: (ms: number) => void (now += ms) };
  }

  it('spaces writes by the minimum interval, the first one at once', async () => {
    const { clock, sleeps, advance } = fakeClock();
    const pacer = createPacer({ minIntervalMs: 1_000 }, clock);
    await pacer.beforeWrite(false);
    await pacer.beforeWrite(false);
    advance(400);
    await pacer.beforeWrite(false);
    expect(sleeps).toEqual([1_000, 600]);
  });

  it('holds a create back when the window is full, and concurrent callers take turns', async () => {
    const { clock, sleeps } = fakeClock();
    const pacer = createPacer({ minIntervalMs: 10, createsPerWindow: { limit: 2, windowMs: 100 } }, clock);
    await Promise.all([pacer.beforeWrite(true), pacer.beforeWrite(true), pacer.beforeWrite(true), pacer.beforeWrite(false)]);
    // 0, 10, then the third create waits for the first to leave the window (100), then the update 10 later.
    expect(sleeps).toEqual([10, 90, 10]);
  });
});

describe('openSessions', () => {
  it('gives each adapter a client with its origin and headers, paced writes, retry and exchange events, and state-backed account facts', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'xpost-sessions-'));
    const state = await StateStore.load(path.join(dir, 'state.json'));
    await state.setAccount('devto', { authorId: 'me' });
    const seen: Array<{ options: HttpClientOptions; request: HttpRequest }> = [];
    const events: RunEvent[] = [];
    const adapter = {
      id: 'devto',
      name: 'dev.to',
      defaultOrigin: 'https://dev.to',
      requestHeaders: () => ({ 'api-key': 'k' }),
      readErrorText: () => ({}),
      writePacing: { minIntervalMs: 1 },
    } as unknown as PlatformAdapter;
    const sessions = await openSessions([adapter], state, { config: {}, configDir: dir, cwd: dir }, {
      cwd: dir,
      env: { XPOST_TIMEOUT_MS: '1234' },
      now: () => new Date(),
      emit: (event) => events.push(event),
      redact: (text) => text,
      createHttpClient: (options) => {
        options.onRetry?.({ attempt: 1, delayMs: 5, reason: 'busy' });
        options.onExchange?.('dev.to: GET / → 200');
        return { request: async (request: HttpRequest) => (seen.push({ options, request }), { status: 200, headers: {}, data: null }) } as never;
      },
    });
    const session = sessions.get('devto')!;
    await session.http.request({ method: 'GET', path: '/read' });
    await session.http.request({ method: 'POST', path: '/write' });
    expect(seen.map(({ request }) => `${request.method} ${request.path}`)).toEqual(['GET /read', 'POST /write']);
    expect(seen[0]?.options).toMatchObject({ platformName: 'dev.to', origin: 'https://dev.to', headers: { 'api-key': 'k' }, timeoutMs: 1234 });
    expect(events).toEqual([
      { type: 'retry', file: '', platform: 'devto', attempt: 1, delayMs: 5, reason: 'busy' },
      { type: 'debug', message: 'dev.to: GET / → 200' },
    ]);
    expect(session.account.get('authorId')).toBe('me');
    await session.account.set('memberId', 'urn');
    expect((await StateStore.load(path.join(dir, 'state.json'))).account('devto')).toEqual({ authorId: 'me', memberId: 'urn' });
  });
});

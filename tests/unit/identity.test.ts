import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FrontMatter } from '../../src/config/front-matter.js';
import { canonicalKey } from '../../src/core/identity-key.js';
import { postIdentity, resolveIdentities } from '../../src/core/identity.js';
import type { Post } from '../../src/core/load-post.js';
import { StateStore, type PostBinding } from '../../src/state/state-file.js';
import { testPost } from '../helpers/posts.js';

describe('canonicalKey', () => {
  it('compares scheme, host case, default port, trailing slash, fragment and tracking parameters away', () => {
    const key = 'https://blog.example.com/posts/a';
    for (const variant of [
      'https://blog.example.com/posts/a/',
      'http://blog.example.com/posts/a',
      'HTTPS://Blog.Example.COM/posts/a',
      'https://blog.example.com:443/posts/a',
      'http://blog.example.com:80/posts/a/',
      'https://blog.example.com/posts/a#comments',
      'https://blog.example.com/posts/a/?utm_source=x&utm_medium=y',
      'https://blog.example.com/posts/a?fbclid=1&gclid=2&ref=producthunt&ref_src=twsrc',
      '  https://blog.example.com/posts/a//  ',
    ]) {
      expect(canonicalKey(variant), variant).toBe(key);
    }
  });

  it('keeps what tells posts apart: path case, other hosts and ports, meaningful parameters (sorted)', () => {
    expect(canonicalKey('https://blog.example.com/posts/A')).toBe('https://blog.example.com/posts/A');
    expect(canonicalKey('https://www.blog.example.com/posts/a')).toBe('https://www.blog.example.com/posts/a');
    expect(canonicalKey('https://blog.example.com:8443/posts/a')).toBe('https://blog.example.com:8443/posts/a');
    expect(canonicalKey('https://blog.example.com/?p=2&lang=en&utm_source=x')).toBe('https://blog.example.com?lang=en&p=2');
    expect(canonicalKey('not a url')).toBe('not a url');
  });
});

let dir: string;
let statePath: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xpost-identity-'));
  statePath = path.join(dir, '.xpost', 'state.json');
});

/** A post file on disk (existence matters) and its Post value. */
async function post(relative: string, frontMatter: Partial<FrontMatter>, body = `Body of ${relative}.\n`): Promise<Post> {
  const file = path.join(dir, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, body);
  return testPost({ file, displayPath: relative, frontMatter: { title: 'A post', ...frontMatter } as FrontMatter, body, bodyStartLine: 3, source: body });
}

async function stateWith(records: Array<[PostBinding, string]>): Promise<StateStore> {
  const store = await StateStore.load(statePath);
  for (const [binding, id] of records) await store.recordCopy(binding, 'devto', { id, url: undefined, contentHash: `sha256:${id}`, sourceHash: undefined, at: 't', created: true });
  return StateStore.load(statePath);
}

function bindingOf(p: Post, state: StateStore, fingerprint = 'sha256:x'): PostBinding {
  const { key, canonicalUrl } = postIdentity(p, {}, state);
  return { key, file: state.relativePath(p.file), canonicalUrl, fingerprint };
}

describe('postIdentity', () => {
  it('is the normalised canonical URL, else slug:, else the path relative to the state file', async () => {
    const state = await StateStore.load(statePath);
    expect(postIdentity(await post('posts/a.md', { canonical_url: 'https://Blog.example.com/a/?utm_source=x' }), {}, state)).toEqual({ key: 'https://blog.example.com/a', canonicalUrl: 'https://Blog.example.com/a/?utm_source=x' });
    expect(postIdentity(await post('posts/b.md', { slug: 'b' }), {}, state).key).toBe('slug:b');
    expect(postIdentity(await post('posts/c.md', {}), {}, state).key).toBe('../posts/c.md');
  });
});

describe('resolveIdentities', () => {
  it('stops two files with one identity, naming both, before anything is sent', async () => {
    const a = await post('posts/a.md', { canonical_url: 'https://blog.example.com/same/' });
    const b = await post('posts/b.md', { canonical_url: 'http://BLOG.example.com/same?utm_campaign=x' });
    const c = await post('posts/c.md', { slug: 'c' });
    const resolution = resolveIdentities([a, b, c], {}, await StateStore.load(statePath));
    expect(resolution.problems.map((problem) => problem.message)).toEqual([expect.stringMatching(/posts\/a\.md and posts\/b\.md are different files with one identity \(canonical URL https:\/\/blog\.example\.com\/same\)/)]);
    expect([...resolution.conflicted]).toEqual([a, b]);
    expect(resolution.identities.has(c)).toBe(true);
  });

  it('counts one file reached through a link once', async () => {
    const a = await post('posts/a.md', { canonical_url: 'https://blog.example.com/a/' });
    await symlink(path.join(dir, 'posts'), path.join(dir, 'linked'));
    const again: Post = { ...a, file: path.join(dir, 'linked', 'a.md'), displayPath: 'linked/a.md' };
    const noIdentity = await post('drafts/n.md', {});
    const noIdentityAgain: Post = { ...noIdentity, file: path.join(dir, 'linked', '..', 'drafts', 'n.md') };
    const resolution = resolveIdentities([a, again, noIdentity, noIdentityAgain], {}, await StateStore.load(statePath));
    expect(resolution.problems).toEqual([]);
    expect(resolution.posts).toEqual([a, noIdentity]);
  });

  it('binds a record to its file: another file with the same identity is refused while that file exists', async () => {
    const a = await post('posts/a.md', { canonical_url: 'https://blog.example.com/a/' });
    const state = await stateWith([[bindingOf(a, await StateStore.load(statePath)), '1']]);
    const b = await post('posts/b.md', { canonical_url: 'https://blog.example.com/a' });
    const resolution = resolveIdentities([b], {}, state);
    expect(resolution.problems.map((problem) => problem.message)).toEqual([expect.stringContaining('which the state records for ../posts/a.md, a file that still exists')]);
  });

  it('lets a moved post with a canonical URL or slug take its record over once the old file is gone', async () => {
    const old = await post('posts/old.md', { slug: 'kept' });
    const state = await stateWith([[bindingOf(old, await StateStore.load(statePath)), '1']]);
    const { rm } = await import('node:fs/promises');
    await rm(old.file);
    const moved = await post('archive/new.md', { slug: 'kept' });
    const resolution = resolveIdentities([moved], {}, state);
    expect(resolution.problems).toEqual([]);
    expect(resolution.identities.get(moved)).toMatchObject({ previousKey: 'slug:kept', change: { kind: 'moved', from: '../posts/old.md' }, binding: { key: 'slug:kept', file: '../archive/new.md' } });
  });

  it('keeps the record of a post whose canonical URL changed, recognised by its file', async () => {
    const before = await post('posts/a.md', { canonical_url: 'https://old.example.com/a/' });
    const state = await stateWith([[bindingOf(before, await StateStore.load(statePath)), '1']]);
    const after = await post('posts/a.md', { canonical_url: 'https://new.example.com/a/' });
    const resolution = resolveIdentities([after], {}, state);
    expect(resolution.identities.get(after)).toMatchObject({
      previousKey: 'https://old.example.com/a',
      change: { kind: 'identity-changed', from: 'https://old.example.com/a/', to: 'https://new.example.com/a/' },
      binding: { key: 'https://new.example.com/a', canonicalUrl: 'https://new.example.com/a/' },
    });
  });

  it('a trailing slash, http→https or utm parameters are no change at all', async () => {
    const before = await post('posts/a.md', { canonical_url: 'http://blog.example.com/a' });
    const state = await stateWith([[bindingOf(before, await StateStore.load(statePath)), '1']]);
    const after = await post('posts/a.md', { canonical_url: 'https://blog.example.com/a/?utm_source=feed' });
    expect(resolveIdentities([after], {}, state).identities.get(after)).toMatchObject({ previousKey: undefined, change: undefined });
  });

  it('recognises a renamed post without canonical URL or slug by its fingerprint, even after the state file moved', async () => {
    const original = await post('posts/a.md', {}, 'The same words.\n');
    const first = await StateStore.load(statePath);
    const resolvedFirst = resolveIdentities([original], {}, first).identities.get(original)!;
    await first.recordCopy(resolvedFirst.binding, 'devto', { id: '1', url: undefined, contentHash: 'sha256:c', sourceHash: undefined, at: 't', created: true });
    const { rename } = await import('node:fs/promises');
    await rename(original.file, path.join(dir, 'posts', 'renamed.md'));
    const renamed: Post = { ...original, file: path.join(dir, 'posts', 'renamed.md'), displayPath: 'posts/renamed.md' };
    const moved = resolveIdentities([renamed], {}, await StateStore.load(statePath)).identities.get(renamed);
    expect(moved).toMatchObject({ previousKey: '../posts/a.md', change: { kind: 'moved', from: '../posts/a.md' }, binding: { key: '../posts/renamed.md' } });

    const { copyFile } = await import('node:fs/promises');
    const elsewhere = path.join(dir, 'state-moved.json');
    await copyFile(statePath, elsewhere);
    const fromElsewhere = resolveIdentities([renamed], {}, await StateStore.load(elsewhere)).identities.get(renamed);
    expect(fromElsewhere).toMatchObject({ previousKey: '../posts/a.md', binding: { key: 'posts/renamed.md' } });
  });

  it('falls back to the copies\' content hashes for records written before fingerprints', async () => {
    await mkdir(path.dirname(statePath), { recursive: true });
    await writeFile(statePath, JSON.stringify({ version: 1, posts: { '../posts/gone.md': { file: '../posts/gone.md', platforms: { devto: { id: '1', contentHash: 'sha256:match' } } } } }));
    const renamed = await post('posts/here.md', {});
    const state = await StateStore.load(statePath);
    expect(resolveIdentities([renamed], {}, state, { copyHashes: () => ['sha256:match'] }).identities.get(renamed)?.previousKey).toBe('../posts/gone.md');
    expect(resolveIdentities([renamed], {}, state, { copyHashes: () => ['sha256:other'] }).identities.get(renamed)?.previousKey).toBeUndefined();
  });

  it('never guesses: two gone records that both match, or two posts claiming one record, are problems', async () => {
    await mkdir(path.dirname(statePath), { recursive: true });
    const fingerprintOf = async (body: string) => (await import('../../src/core/source-hash.js')).bodyFingerprint({ body } as Post);
    const twin = await fingerprintOf('Twin words.\n');
    await writeFile(
      statePath,
      JSON.stringify({
        version: 2,
        posts: {
          '../gone/one.md': { file: '../gone/one.md', fingerprint: twin, platforms: { devto: { id: '1' } } },
          '../gone/two.md': { file: '../gone/two.md', fingerprint: twin, platforms: { devto: { id: '2' } } },
        },
      }),
    );
    const candidate = await post('posts/twin.md', {}, 'Twin words.\n');
    const ambiguous = resolveIdentities([candidate], {}, await StateStore.load(statePath));
    expect(ambiguous.problems.map((problem) => problem.message)).toEqual([expect.stringContaining('matches the records of 2 posts whose files are gone')]);

    await writeFile(statePath, JSON.stringify({ version: 2, posts: { '../gone/one.md': { file: '../gone/one.md', fingerprint: twin, platforms: { devto: { id: '1' } } } } }));
    const other = await post('posts/other.md', {}, 'Twin words.\n');
    const doubled = resolveIdentities([candidate, other], {}, await StateStore.load(statePath));
    expect(doubled.problems.map((problem) => problem.message)).toEqual([expect.stringContaining('posts/twin.md and posts/other.md both claim')]);
  });

  it('words conflicts by what the identity is, with the file and a next step', async () => {
    const a = await post('posts/a.md', { slug: 'same' });
    const b = await post('posts/b.md', { slug: 'same' });
    const [problem] = resolveIdentities([a, b], {}, await StateStore.load(statePath)).problems;
    expect(problem).toMatchObject({ code: 'POST_INVALID', file: 'posts/a.md', hint: expect.stringContaining('its own canonical_url') });
    expect(problem?.message).toContain('(slug "same")');
    const c = await post('posts/c.md', {});
    const state = await stateWith([[{ key: '../posts/c.md', file: '../posts/other.md', canonicalUrl: undefined, fingerprint: 'f' }, '1']]);
    await post('posts/other.md', {});
    const [taken] = resolveIdentities([c], {}, state).problems;
    expect(taken?.message).toContain('has the identity file ../posts/c.md, which the state records for ../posts/other.md');
    expect(taken?.hint).toContain('if it replaces ../posts/other.md, delete or rename that file first');
  });

  it('a record whose fingerprint differs is another post; content hashes count when any one copy matches', async () => {
    await mkdir(path.dirname(statePath), { recursive: true });
    await writeFile(
      statePath,
      JSON.stringify({
        version: 2,
        posts: {
          '../gone/fp.md': { file: '../gone/fp.md', fingerprint: 'sha256:other', platforms: { devto: { id: '1', contentHash: 'sha256:same' } } },
          '../gone/old.md': { file: '../gone/old.md', platforms: { devto: { id: '2', contentHash: 'sha256:x' }, medium: { id: '3', contentHash: 'sha256:y' }, hashnode: { id: '4' } } },
        },
      }),
    );
    const candidate = await post('posts/new.md', {});
    const state = await StateStore.load(statePath);
    expect(resolveIdentities([candidate], {}, state, { copyHashes: () => ['sha256:same'] }).identities.get(candidate)?.previousKey).toBeUndefined();
    expect(resolveIdentities([candidate], {}, state, { copyHashes: () => ['sha256:y'] }).identities.get(candidate)).toMatchObject({ previousKey: '../gone/old.md', change: { kind: 'moved', from: '../gone/old.md' } });
    expect(resolveIdentities([candidate], {}, state).identities.get(candidate)?.previousKey).toBeUndefined();
  });

  it('a record still bound to an existing file is never an orphan to claim', async () => {
    const kept = await post('posts/kept.md', {}, 'Shared words.\n');
    const first = await StateStore.load(statePath);
    await first.recordCopy(resolveIdentities([kept], {}, first).identities.get(kept)!.binding, 'devto', { id: '1', url: undefined, contentHash: 'h', sourceHash: undefined, at: 't', created: true });
    const twin = await post('posts/twin.md', {}, 'Shared words.\n');
    expect(resolveIdentities([twin], {}, await StateStore.load(statePath)).identities.get(twin)).toMatchObject({ previousKey: undefined, change: undefined });
  });
});


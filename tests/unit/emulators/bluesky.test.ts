/**
 * The Bluesky emulator is the oracle the Bluesky adapter will be written against, so each rule it
 * enforces is proven here with plain fetch: sessions, tokens, the post lexicon (text limits,
 * facets as UTF-8 byte ranges, replies, link cards), record keys and rate-limit headers.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_CREDENTIALS, blueskyTid, startPlatformServer, type PlatformServer } from '../../helpers/platform-server.js';

interface Reply {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

interface Ref {
  uri: string;
  cid: string;
}

let server: PlatformServer;
let token: string;
let did: string;

async function xrpc(nsid: string, options: { body?: unknown; token?: string | null; method?: string; query?: Record<string, string>; raw?: Buffer; type?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  const bearer = options.token === undefined ? token : options.token;
  if (bearer !== null) headers['authorization'] = `Bearer ${bearer}`;
  let body: string | Buffer | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    if (options.type) headers['content-type'] = options.type;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
  const response = await fetch(`${server.origin}/xrpc/${nsid}${query}`, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await response.text();
  // Injected 5xx faults answer with a gateway's HTML page.
  const json = response.headers.get('content-type')?.startsWith('application/json') && text ? (JSON.parse(text) as Record<string, unknown>) : {};
  return { status: response.status, headers: response.headers, json };
}

function login(password: string = EMULATOR_CREDENTIALS.blueskyAppPassword, identifier: string = EMULATOR_CREDENTIALS.blueskyHandle): Promise<Reply> {
  return xrpc('com.atproto.server.createSession', { token: null, body: { identifier, password } });
}

/** A TID a client would choose: microseconds since the epoch. */
let clock = 1_790_000_000_000_000n;
function tid(): string {
  clock += 1000n;
  return blueskyTid(clock, 7);
}

function post(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { $type: 'app.bsky.feed.post', text, createdAt: '2026-09-01T10:00:00.000Z', ...extra };
}

function create(record: Record<string, unknown>, rkey: string | undefined = tid()): Promise<Reply> {
  return xrpc('com.atproto.repo.createRecord', { body: { repo: did, collection: 'app.bsky.feed.post', ...(rkey ? { rkey } : {}), record } });
}

function refOf(reply: Reply): Ref {
  return { uri: reply.json['uri'] as string, cid: reply.json['cid'] as string };
}

/** byteStart/byteEnd of the first occurrence of `part`, counted in UTF-8 bytes. */
function bytesOf(text: string, part: string): { byteStart: number; byteEnd: number } {
  const index = text.indexOf(part);
  const byteStart = Buffer.byteLength(text.slice(0, index), 'utf8');
  return { byteStart, byteEnd: byteStart + Buffer.byteLength(part, 'utf8') };
}

function link(text: string, part: string, uri = part): Record<string, unknown> {
  return { index: bytesOf(text, part), features: [{ $type: 'app.bsky.richtext.facet#link', uri }] };
}

function hashtag(text: string, part: string, tag = part.slice(1)): Record<string, unknown> {
  return { index: bytesOf(text, part), features: [{ $type: 'app.bsky.richtext.facet#tag', tag }] };
}

function jwtPayload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

beforeAll(async () => {
  server = await startPlatformServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  server.reset();
  const session = await login();
  token = session.json['accessJwt'] as string;
  did = session.json['did'] as string;
});

afterEach(() => {
  expect(server.emulatorErrors).toEqual([]);
});

describe('sessions (com.atproto.server.createSession)', () => {
  it('opens a session with the app password: JWTs, did and handle; the access token is scoped to app passwords', async () => {
    const reply = await login();
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ handle: EMULATOR_CREDENTIALS.blueskyHandle, did: server.bluesky.did, active: true });
    expect(jwtPayload(reply.json['accessJwt'] as string)).toMatchObject({ scope: 'com.atproto.appPass', sub: server.bluesky.did });
    expect(jwtPayload(reply.json['refreshJwt'] as string)).toMatchObject({ scope: 'com.atproto.refresh' });
  });

  it('tells the account password apart: AuthFactorTokenRequired, or (without email codes) a full-access session', async () => {
    const refused = await login(EMULATOR_CREDENTIALS.blueskyAccountPassword);
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ error: 'AuthFactorTokenRequired', message: 'A sign in code has been sent to your email address' });
    server.bluesky.emailAuthFactor = false;
    const full = await login(EMULATOR_CREDENTIALS.blueskyAccountPassword);
    expect(full.status).toBe(200);
    expect(jwtPayload(full.json['accessJwt'] as string)).toMatchObject({ scope: 'com.atproto.access' });
  });

  it('refuses a wrong password or an unknown identifier with AuthenticationRequired', async () => {
    for (const reply of [await login('wrong-pass-word'), await login(EMULATOR_CREDENTIALS.blueskyAppPassword, 'someone.bsky.social')]) {
      expect(reply.status).toBe(401);
      expect(reply.json).toEqual({ error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
    }
  });

  it('answers 400 InvalidRequest for a missing field and for a body that is not JSON', async () => {
    const missing = await xrpc('com.atproto.server.createSession', { token: null, body: { identifier: EMULATOR_CREDENTIALS.blueskyHandle } });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ error: 'InvalidRequest', message: 'Input must have the property "password"' });
    const form = await xrpc('com.atproto.server.createSession', { token: null, raw: Buffer.from('identifier=x'), type: 'application/x-www-form-urlencoded' });
    expect(form.json).toMatchObject({ error: 'InvalidRequest', message: 'Wrong request encoding (Content-Type): application/x-www-form-urlencoded' });
  });

  it('guards repo writes: 401 AuthMissing without a token, 400 InvalidToken for a wrong or refresh token, 400 ExpiredToken', async () => {
    const record = { repo: did, collection: 'app.bsky.feed.post', record: post('Hi') };
    const none = await xrpc('com.atproto.repo.createRecord', { token: null, body: record });
    expect([none.status, none.json['error']]).toEqual([401, 'AuthMissing']);
    const wrong = await xrpc('com.atproto.repo.createRecord', { token: 'not-a-token', body: record });
    expect([wrong.status, wrong.json['error'], wrong.json['message']]).toEqual([400, 'InvalidToken', 'Token could not be verified']);
    const refreshJwt = server.bluesky.sessions.at(-1)?.refreshJwt;
    const refresh = await xrpc('com.atproto.repo.createRecord', { token: refreshJwt, body: record });
    expect([refresh.status, refresh.json['message']]).toEqual([400, 'Bad token scope']);
    server.bluesky.expireAccessTokens();
    const expired = await xrpc('com.atproto.repo.createRecord', { body: record });
    expect([expired.status, expired.json['error']]).toEqual([400, 'ExpiredToken']);
    expect(server.bluesky.records).toHaveLength(0);
  });

  it('refreshes a session once with its refresh token', async () => {
    const refreshJwt = server.bluesky.sessions.at(-1)?.refreshJwt ?? '';
    const refreshed = await xrpc('com.atproto.server.refreshSession', { token: refreshJwt, method: 'POST' });
    expect(refreshed.status).toBe(200);
    expect(await create(post('After refresh'), undefined).then((reply) => reply.status)).toBe(200);
    const again = await xrpc('com.atproto.repo.createRecord', {
      token: refreshed.json['accessJwt'] as string,
      body: { repo: did, collection: 'app.bsky.feed.post', record: post('New token') },
    });
    expect(again.status).toBe(200);
    const reused = await xrpc('com.atproto.server.refreshSession', { token: refreshJwt, method: 'POST' });
    expect(reused.status).toBe(400);
  });
});

describe('app.bsky.feed.post records', () => {
  it('accepts a thread of three posts with reply refs and facets on text with emoji and non-Latin characters', async () => {
    const first = 'Nouveau billet 👩🏽‍💻: «Café ☕ & 日本語» https://blog.example.com/posts/naïve/ #xpost';
    const second = 'Привет, мир 🌍! Read more at https://blog.example.com/posts/naïve/#part-2 #ملاحظات';
    const third = '한국어 🇰🇷 and ##double at the end';
    const root = await create(
      post(first, {
        facets: [link(first, 'https://blog.example.com/posts/naïve/'), hashtag(first, '#xpost')],
        langs: ['fr', 'ja'],
        embed: { $type: 'app.bsky.embed.external', external: { uri: 'https://blog.example.com/posts/naïve/', title: 'Naïve', description: 'A post' } },
      }),
    );
    expect(root.status).toBe(200);
    const rootRef = refOf(root);
    const middle = await create(post(second, { facets: [link(second, 'https://blog.example.com/posts/naïve/#part-2'), hashtag(second, '#ملاحظات')], reply: { root: rootRef, parent: rootRef } }));
    expect(middle.status).toBe(200);
    const last = await create(post(third, { facets: [hashtag(third, '##double', '#double')], reply: { root: rootRef, parent: refOf(middle) } }));
    expect(last.status).toBe(200);

    expect(server.bluesky.records.map((record) => record.value['text'])).toEqual([first, second, third]);
    expect(root.json).toMatchObject({ uri: expect.stringMatching(/^at:\/\/did:plc:[a-z2-7]+\/app\.bsky\.feed\.post\/[2-7a-j][2-7a-z]{12}$/), validationStatus: 'valid' });
    expect(root.json['cid']).toMatch(/^bafyrei[a-z2-7]{52}$/);
    expect(root.json['commit']).toMatchObject({ cid: expect.stringMatching(/^bafyrei/), rev: expect.any(String) });
  });

  it('fills a missing $type from the collection and refuses another one', async () => {
    expect((await create({ text: 'No type', createdAt: '2026-09-01T10:00:00Z' })).status).toBe(200);
    expect(server.bluesky.records[0]?.value['$type']).toBe('app.bsky.feed.post');
    const other = await create({ ...post('Like'), $type: 'app.bsky.feed.like' });
    expect(other.json['message']).toBe('Invalid $type: expected app.bsky.feed.post, got app.bsky.feed.like');
  });

  it('rejects UTF-16 offsets that cut a character, offsets past the text, empty and overlapping facets', async () => {
    const text = '👋🏽 Привет https://example.com';
    const utf16Start = text.indexOf('https');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ byteStart: 1, byteEnd: 4 }, /byteStart 1 cuts a character in two/],
      [{ byteStart: 0, byteEnd: 10 }, /byteEnd 10 cuts a character in two/],
      [{ byteStart: utf16Start, byteEnd: utf16Start + 'https://example.com'.length }, /past the end of the text|cuts a character/],
      [{ byteStart: 5, byteEnd: 5 }, /empty or reversed/],
    ];
    for (const [index, message] of cases) {
      const reply = await create(post(text, { facets: [{ index, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com' }] }] }));
      expect(reply.status).toBe(400);
      expect(reply.json).toMatchObject({ error: 'InvalidRequest', message: expect.stringMatching(message) });
    }
    const overlapping = await create(post(text, { facets: [link(text, 'https://example.com'), { index: bytesOf(text, 'example.com'), features: [] }] }));
    expect(overlapping.json['message']).toMatch(/must not overlap/);
    expect(server.bluesky.records).toHaveLength(0);
  });

  it('rejects a tag facet that keeps its "#", and a link facet whose uri is not a URI', async () => {
    const text = 'Tagged #xpost';
    const withHash = await create(post(text, { facets: [hashtag(text, '#xpost', '#xpost')] }));
    expect(withHash.json['message']).toMatch(/must be given without its leading '#'/);
    const badUri = await create(post(text, { facets: [link(text, 'Tagged', 'not a uri')] }));
    expect(badUri.json['message']).toMatch(/^Invalid app\.bsky\.feed\.post record: Invalid uri/);
  });

  it('limits text to 300 graphemes and 3000 bytes, counted as the lexicon counts them', async () => {
    expect((await create(post('a'.repeat(300)))).status).toBe(200);
    const long = await create(post('a'.repeat(301)));
    expect(long.json).toEqual({ error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record: grapheme too big (maximum 300, got 301) at $.record.text' });
    // 300 graphemes, but each family emoji is 25 bytes.
    expect((await create(post('👨‍👩‍👧‍👧'.repeat(120)))).status).toBe(200);
    const heavy = await create(post('👨‍👩‍👧‍👧'.repeat(121)));
    expect(heavy.json['message']).toBe('Invalid app.bsky.feed.post record: string too big (maximum 3000, got 3025) at $.record.text');
  });

  it('requires text and a datetime createdAt; limits langs and tags', async () => {
    expect((await create({ $type: 'app.bsky.feed.post', createdAt: '2026-09-01T10:00:00Z' })).json['message']).toBe(
      'Invalid app.bsky.feed.post record: Missing required key "text" at $.record',
    );
    for (const createdAt of ['2026-09-01', '2026-09-01 10:00:00Z', '2026-09-01T10:00:00']) {
      expect((await create(post('When?', { createdAt }))).json['message']).toMatch(/Invalid datetime .* at \$\.record\.createdAt$/);
    }
    expect((await create(post('Langs', { langs: ['en', 'fr', 'de', 'ja'] }))).json['message']).toMatch(/array too big \(maximum 3, got 4\)/);
    expect((await create(post('Tags', { tags: Array.from({ length: 9 }, (_, index) => `t${index}`) }))).json['message']).toMatch(/array too big \(maximum 8, got 9\)/);
  });

  it('rejects a reply whose parent does not exist, was deleted, or whose root is not the thread root', async () => {
    const root = refOf(await create(post('Root')));
    const child = refOf(await create(post('Child', { reply: { root, parent: root } })));
    const missing = { uri: `at://${did}/app.bsky.feed.post/${tid()}`, cid: root.cid };
    expect((await create(post('To nothing', { reply: { root, parent: missing } }))).json['message']).toMatch(/reply parent .* does not exist/);
    expect((await create(post('Wrong root', { reply: { root: child, parent: child } }))).json['message']).toMatch(/reply\.root must be the thread's first post/);
    const childKey = child.uri.split('/').pop() ?? '';
    const deleted = await xrpc('com.atproto.repo.deleteRecord', { body: { repo: did, collection: 'app.bsky.feed.post', rkey: childKey } });
    expect(deleted.status).toBe(200);
    const orphan = await create(post('To a deleted post', { reply: { root, parent: child } }));
    expect(orphan.status).toBe(400);
    expect(orphan.json['message']).toBe(`emulator: reply parent ${child.uri} has been deleted`);
    expect(server.bluesky.records.map((record) => record.value['text'])).toEqual(['Root']);
  });

  it('checks link cards: required fields, and a thumb must be an uploaded image blob of the stated size', async () => {
    const image = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const upload = await xrpc('com.atproto.repo.uploadBlob', { raw: image, type: 'image/png' });
    expect(upload.status).toBe(200);
    const blob = upload.json['blob'] as Record<string, unknown>;
    expect(blob).toEqual({ $type: 'blob', ref: { $link: expect.stringMatching(/^bafkrei[a-z2-7]{52}$/) }, mimeType: 'image/png', size: image.length });
    const card = (external: Record<string, unknown>) => post('Card', { embed: { $type: 'app.bsky.embed.external', external } });
    const base = { uri: 'https://blog.example.com/p/', title: 'P', description: 'D' };
    expect((await create(card({ ...base, thumb: blob }))).status).toBe(200);
    expect((await create(card({ uri: base.uri, title: 'P' }))).json['message']).toMatch(/Missing required key "description"/);
    expect((await create(card({ ...base, thumb: { ...blob, size: 99 } }))).json).toMatchObject({ error: 'InvalidSize' });
    expect((await create(card({ ...base, thumb: { ...blob, ref: { $link: `bafkrei${'a'.repeat(52)}` } } }))).json).toMatchObject({ error: 'BlobNotFound' });
    expect((await create(post('Images', { embed: { $type: 'app.bsky.embed.images', images: [] } }))).json['message']).toMatch(/only app\.bsky\.embed\.external/);
  });
});

describe('record keys, reads and deletes', () => {
  it('answers a repeated createRecord on the same key with a bare 500 and keeps the first record', async () => {
    const rkey = tid();
    expect((await create(post('First'), rkey)).status).toBe(200);
    const again = await create(post('Second'), rkey);
    expect(again.status).toBe(500);
    expect(again.json).toEqual({ error: 'InternalServerError', message: 'Internal Server Error' });
    expect(server.bluesky.records.map((record) => record.value['text'])).toEqual(['First']);
  });

  it('takes only TIDs as post keys', async () => {
    for (const rkey of ['self', '3k4duaz5vfs2', 'zzzzzzzzzzzzz', '3K4DUAZ5VFS2B']) {
      const reply = await create(post('Key'), rkey);
      expect(reply.status).toBe(400);
      expect(reply.json['message']).toBe(`Invalid record key for app.bsky.feed.post: Invalid TID string (got "${rkey}")`);
    }
    expect((await create(post('Bad key'), 'a/b')).json['message']).toBe('Invalid record key: a/b');
  });

  it('putRecord creates, replaces an existing key, and is a no-op (no commit) for the same record', async () => {
    const rkey = tid();
    const put = (record: Record<string, unknown>) => xrpc('com.atproto.repo.putRecord', { body: { repo: did, collection: 'app.bsky.feed.post', rkey, record } });
    const created = await put(post('v1'));
    const replaced = await put(post('v2'));
    expect(replaced.status).toBe(200);
    expect(replaced.json['uri']).toBe(created.json['uri']);
    expect(replaced.json['cid']).not.toBe(created.json['cid']);
    expect(server.bluesky.record(rkey)).toMatchObject({ writes: 2, value: { text: 'v2' } });
    const same = await put(post('v2'));
    expect(same.json).toEqual({ uri: created.json['uri'], cid: replaced.json['cid'], validationStatus: 'valid' });
    const swap = await xrpc('com.atproto.repo.putRecord', { body: { repo: did, collection: 'app.bsky.feed.post', rkey, record: post('v3'), swapRecord: null } });
    expect(swap.json).toMatchObject({ error: 'InvalidSwap' });
  });

  it('getRecord returns uri, cid and value, and RecordNotFound for an unknown or deleted key', async () => {
    const rkey = tid();
    const created = await create(post('Read me'), rkey);
    const read = await xrpc('com.atproto.repo.getRecord', { token: null, query: { repo: did, collection: 'app.bsky.feed.post', rkey } });
    expect(read.status).toBe(200);
    expect(read.json).toEqual({ uri: created.json['uri'], cid: created.json['cid'], value: post('Read me') });
    const byHandle = await xrpc('com.atproto.repo.getRecord', { token: null, query: { repo: EMULATOR_CREDENTIALS.blueskyHandle, collection: 'app.bsky.feed.post', rkey } });
    expect(byHandle.status).toBe(200);
    server.bluesky.removeRecord(rkey);
    const gone = await xrpc('com.atproto.repo.getRecord', { token: null, query: { repo: did, collection: 'app.bsky.feed.post', rkey } });
    expect(gone.status).toBe(400);
    expect(gone.json).toEqual({ error: 'RecordNotFound', message: `Could not locate record: ${created.json['uri'] as string}` });
  });

  it('deleteRecord is idempotent', async () => {
    const rkey = tid();
    await create(post('Delete me'), rkey);
    const remove = () => xrpc('com.atproto.repo.deleteRecord', { body: { repo: did, collection: 'app.bsky.feed.post', rkey } });
    const first = await remove();
    expect(first.status).toBe(200);
    expect(first.json['commit']).toBeDefined();
    const second = await remove();
    expect([second.status, second.json]).toEqual([200, {}]);
    expect(server.bluesky.records).toHaveLength(0);
    expect(server.bluesky.deletedRecords).toHaveLength(1);
  });

  it('listRecords pages newest first with a cursor, oldest first with reverse, and checks limit', async () => {
    const keys: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const rkey = tid();
      keys.push(rkey);
      await create(post(`Post ${index}`), rkey);
    }
    const list = (query: Record<string, string>) => xrpc('com.atproto.repo.listRecords', { token: null, query: { repo: did, collection: 'app.bsky.feed.post', ...query } });
    const keyOf = (reply: Reply) => (reply.json['records'] as { uri: string }[]).map((record) => record.uri.split('/').pop());
    const page1 = await list({ limit: '2' });
    expect(keyOf(page1)).toEqual([keys[4], keys[3]]);
    const page2 = await list({ limit: '2', cursor: page1.json['cursor'] as string });
    expect(keyOf(page2)).toEqual([keys[2], keys[1]]);
    const page3 = await list({ limit: '2', cursor: page2.json['cursor'] as string });
    expect(keyOf(page3)).toEqual([keys[0]]);
    const end = await list({ limit: '2', cursor: page3.json['cursor'] as string });
    expect(end.json).toEqual({ records: [] });
    expect(keyOf(await list({ reverse: 'true', limit: '3' }))).toEqual(keys.slice(0, 3));
    expect((await list({ limit: '101' })).status).toBe(400);
  });

  it('generates a TID when no key is given, and answers wrong HTTP methods and unknown methods as XRPC does', async () => {
    const created = await create(post('Server key'), undefined);
    expect(created.json['uri']).toMatch(/\/app\.bsky\.feed\.post\/[2-7a-j][2-7a-z]{12}$/);
    const get = await xrpc('com.atproto.repo.createRecord', { method: 'GET' });
    expect(get.json).toEqual({ error: 'InvalidRequest', message: 'Incorrect HTTP method (GET) expected POST' });
    const unknown = await xrpc('com.atproto.repo.applyWrites', { body: {} });
    expect([unknown.status, unknown.json['error']]).toEqual([501, 'MethodNotImplemented']);
  });
});

describe('rate limits and faults', () => {
  it('sends ratelimit-* headers on every answer (reset in epoch seconds, policy limit;w=seconds)', async () => {
    const reply = await create(post('Counted'));
    expect(reply.headers.get('ratelimit-limit')).toBe('3000');
    expect(Number(reply.headers.get('ratelimit-remaining'))).toBeLessThan(3000);
    expect(reply.headers.get('ratelimit-policy')).toBe('3000;w=300');
    const reset = Number(reply.headers.get('ratelimit-reset'));
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 300);
    const failed = await xrpc('com.atproto.repo.getRecord', { token: null, query: { repo: did, collection: 'app.bsky.feed.post', rkey: tid() } });
    expect(failed.headers.get('ratelimit-remaining')).not.toBeNull();
  });

  it('answers 429 RateLimitExceeded with the headers and Retry-After once a limit is spent (write points: create 3)', async () => {
    const small = await startPlatformServer({ blueskyRateLimits: { writePointsPerHour: 7 } });
    try {
      const session = (await (
        await fetch(`${small.origin}/xrpc/com.atproto.server.createSession`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ identifier: EMULATOR_CREDENTIALS.blueskyHandle, password: EMULATOR_CREDENTIALS.blueskyAppPassword }),
        })
      ).json()) as { accessJwt: string; did: string };
      const write = () =>
        fetch(`${small.origin}/xrpc/com.atproto.repo.createRecord`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessJwt}` },
          body: JSON.stringify({ repo: session.did, collection: 'app.bsky.feed.post', record: post('Spend') }),
        });
      const first = await write();
      expect(first.headers.get('ratelimit-limit')).toBe('7');
      expect(first.headers.get('ratelimit-remaining')).toBe('4');
      expect(first.headers.get('ratelimit-policy')).toBe('7;w=3600');
      expect((await write()).status).toBe(200);
      const limited = await write();
      expect(limited.status).toBe(429);
      expect(await limited.json()).toEqual({ error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' });
      expect(limited.headers.get('ratelimit-remaining')).toBe('0');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(small.bluesky.records).toHaveLength(2);
    } finally {
      await small.close();
    }
  });

  it('an injected rate-limit fault answers in the PDS shape', async () => {
    server.inject({ platform: 'bluesky', path: '/xrpc/com.atproto.repo.createRecord', fault: { kind: 'rate-limit', retryAfterSeconds: 30 } });
    const reply = await create(post('Throttled'));
    expect(reply.status).toBe(429);
    expect(reply.json['error']).toBe('RateLimitExceeded');
    expect(reply.headers.get('retry-after')).toBe('30');
    expect(reply.headers.get('ratelimit-remaining')).toBe('0');
  });

  it('status-after-create and malformed-after-create: the record exists, the answer says otherwise', async () => {
    server.inject({ platform: 'bluesky', path: '/xrpc/com.atproto.repo.createRecord', fault: { kind: 'status-after-create', status: 500 } });
    const rkey = tid();
    expect((await create(post('Lost answer'), rkey)).status).toBe(500);
    expect(server.bluesky.record(rkey)).toBeDefined();
    const retried = await create(post('Lost answer'), rkey);
    expect(retried.json).toEqual({ error: 'InternalServerError', message: 'Internal Server Error' });
    const found = await xrpc('com.atproto.repo.getRecord', { token: null, query: { repo: did, collection: 'app.bsky.feed.post', rkey } });
    expect(found.status).toBe(200);

    server.inject({ platform: 'bluesky', path: '/xrpc/com.atproto.repo.putRecord', fault: { kind: 'malformed-after-create', body: '{"uri":' } });
    const putKey = tid();
    const response = await fetch(`${server.origin}/xrpc/com.atproto.repo.putRecord`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ repo: did, collection: 'app.bsky.feed.post', rkey: putKey, record: post('Garbled') }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"uri":');
    expect(server.bluesky.record(putKey)?.value['text']).toBe('Garbled');
  });

  it('counts record writes and uploads as writes, not sessions or reads', async () => {
    await create(post('Write'));
    await xrpc('com.atproto.repo.uploadBlob', { raw: Buffer.from('GIF89a'), type: 'image/gif' });
    await xrpc('com.atproto.repo.getRecord', { token: null, query: { repo: did, collection: 'app.bsky.feed.post', rkey: tid() } });
    expect(server.writesTo('bluesky').map((request) => request.path)).toEqual(['/xrpc/com.atproto.repo.createRecord', '/xrpc/com.atproto.repo.uploadBlob']);
  });
});

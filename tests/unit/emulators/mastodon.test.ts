/**
 * The Mastodon emulator is the oracle the Mastodon adapter will be written against, so each rule it
 * enforces is proven here with plain fetch: 200 on create, Idempotency-Key, replies, the
 * instance's character limit with URLs counted as 23, edits, deletes, scopes and rate limits.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_CREDENTIALS, startPlatformServer, type PlatformServer } from '../../helpers/platform-server.js';

interface Reply {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

const START = new Date('2026-09-01T10:00:00.000Z');
let server: PlatformServer;
let now = START;

async function call(method: string, path: string, options: { body?: unknown; form?: Record<string, string>; token?: string | null; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const bearer = options.token === undefined ? EMULATOR_CREDENTIALS.mastodonToken : options.token;
  if (bearer !== null) headers['authorization'] = `Bearer ${bearer}`;
  let body: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(`${server.origin}${path}`, { method, headers, body });
  const text = await response.text();
  const json = response.headers.get('content-type')?.startsWith('application/json') && text ? (JSON.parse(text) as Record<string, unknown>) : {};
  return { status: response.status, headers: response.headers, json };
}

function toot(status: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Reply> {
  return call('POST', '/api/v1/statuses', { form: { status, ...extra }, headers });
}

beforeAll(async () => {
  server = await startPlatformServer({ now: () => now });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  now = START;
  server.reset();
});

afterEach(() => {
  expect(server.emulatorErrors).toEqual([]);
});

describe('POST /api/v1/statuses', () => {
  it('answers 200 (not 201) with a Status entity', async () => {
    const reply = await toot('Hello https://blog.example.com/p/ #xpost', { visibility: 'unlisted', language: 'fr' });
    expect(reply.status).toBe(200);
    const id = reply.json['id'] as string;
    expect(id).toMatch(/^\d+$/);
    expect(reply.json).toMatchObject({
      created_at: START.toISOString(),
      in_reply_to_id: null,
      visibility: 'unlisted',
      language: 'fr',
      url: `https://mastodon.example/@xpost_tester/${id}`,
      uri: `https://mastodon.example/users/xpost_tester/statuses/${id}`,
      content: expect.stringContaining('<a href="https://blog.example.com/p/"'),
      tags: [{ name: 'xpost', url: 'https://mastodon.example/tags/xpost' }],
      account: { id: server.mastodon.account.id, username: 'xpost_tester' },
    });
    expect(server.mastodon.statuses.map((status) => status.text)).toEqual(['Hello https://blog.example.com/p/ #xpost']);
  });

  it('reads JSON and multipart bodies as well as forms; visibility defaults to public', async () => {
    const json = await call('POST', '/api/v1/statuses', { body: { status: 'As JSON' } });
    expect(json.json).toMatchObject({ visibility: 'public' });
    const form = new FormData();
    form.append('status', 'As multipart');
    form.append('visibility', 'private');
    const multipart = await fetch(`${server.origin}/api/v1/statuses`, { method: 'POST', headers: { authorization: `Bearer ${EMULATOR_CREDENTIALS.mastodonToken}` }, body: form });
    expect(multipart.status).toBe(200);
    expect(server.mastodon.statuses.map((status) => [status.text, status.visibility])).toEqual([
      ['As JSON', 'public'],
      ['As multipart', 'private'],
    ]);
  });

  it('Idempotency-Key: the same key within an hour returns the first status and creates nothing', async () => {
    const first = await toot('Once', {}, { 'idempotency-key': 'post-1-part-1' });
    now = new Date(START.getTime() + 59 * 60 * 1000);
    const again = await toot('Once, edited text', {}, { 'idempotency-key': 'post-1-part-1' });
    expect(again.status).toBe(200);
    expect(again.json['id']).toBe(first.json['id']);
    expect(again.json['content']).toBe('<p>Once</p>');
    expect(server.mastodon.statuses).toHaveLength(1);
    expect(server.mastodon.statuses[0]?.idempotencyKey).toBe('post-1-part-1');
    const other = await toot('Once', {}, { 'idempotency-key': 'post-1-part-2' });
    expect(other.json['id']).not.toBe(first.json['id']);
    now = new Date(START.getTime() + 61 * 60 * 1000);
    const expired = await toot('Once', {}, { 'idempotency-key': 'post-1-part-1' });
    expect(expired.json['id']).not.toBe(first.json['id']);
    expect(server.mastodon.statuses).toHaveLength(3);
  });

  it('without a key every POST creates a status', async () => {
    await toot('Twice');
    await toot('Twice');
    expect(server.mastodon.statuses).toHaveLength(2);
  });

  it('chains replies with in_reply_to_id; an unknown or deleted parent is a 404', async () => {
    const root = await toot('1/3');
    const second = await toot('2/3', { in_reply_to_id: root.json['id'] as string });
    expect(second.json).toMatchObject({ in_reply_to_id: root.json['id'], in_reply_to_account_id: server.mastodon.account.id });
    const missing = await toot('To nothing', { in_reply_to_id: '999' });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'The post you are trying to reply to does not appear to exist.' });
    expect((await call('DELETE', `/api/v1/statuses/${second.json['id'] as string}`)).status).toBe(200);
    const orphan = await toot('3/3', { in_reply_to_id: second.json['id'] as string }, { 'idempotency-key': 'part-3' });
    expect(orphan.status).toBe(404);
    expect(server.mastodon.statuses.map((status) => status.text)).toEqual(['1/3']);
  });

  it('enforces the instance limit from /api/v2/instance, every URL counting as 23 characters', async () => {
    const instance = await call('GET', '/api/v2/instance', { token: null });
    expect(instance.status).toBe(200);
    expect(instance.json['configuration']).toMatchObject({ statuses: { max_characters: 500, characters_reserved_per_url: 23 } });
    const url = `https://blog.example.com/${'long-path/'.repeat(20)}`;
    expect((await toot(`${'a'.repeat(476)} ${url}`)).status).toBe(200);
    const over = await toot(`${'a'.repeat(477)} ${url}`);
    expect(over.status).toBe(422);
    expect(over.json).toEqual({ error: 'Validation failed: Text character limit of 500 exceeded' });
    // Graphemes, not UTF-16 units; the content warning counts too.
    expect((await toot('👨‍👩‍👧‍👧'.repeat(500))).status).toBe(200);
    expect((await toot('a'.repeat(490), { spoiler_text: 'CW: ten!!!' })).status).toBe(200);
    expect((await toot('a'.repeat(490), { spoiler_text: 'CW: eleven!' })).status).toBe(422);
  });

  it('takes the character limit from its options, and reports it in the instance', async () => {
    const small = await startPlatformServer({ mastodonMaxCharacters: 30 });
    try {
      const instance = (await (await fetch(`${small.origin}/api/v2/instance`)).json()) as { configuration: { statuses: { max_characters: number } } };
      expect(instance.configuration.statuses.max_characters).toBe(30);
      const send = (status: string) =>
        fetch(`${small.origin}/api/v1/statuses`, {
          method: 'POST',
          headers: { authorization: `Bearer ${EMULATOR_CREDENTIALS.mastodonToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ status }),
        });
      expect((await send(`123456 https://example.com/${'x'.repeat(80)}`)).status).toBe(200);
      expect((await send(`1234567 https://example.com/${'x'.repeat(80)}`)).status).toBe(422);
      expect((await send('x'.repeat(31))).status).toBe(422);
    } finally {
      await small.close();
    }
  });

  it('refuses blank text and unknown visibilities with 422; media, polls and scheduling are not emulated', async () => {
    expect((await toot('   ')).json).toEqual({ error: "Validation failed: Text can't be blank" });
    expect((await toot('Hi', { visibility: 'everyone' })).json).toEqual({ error: 'Validation failed: Visibility is not included in the list' });
    expect((await call('POST', '/api/v1/statuses', { body: { status: 'Pic', media_ids: ['1'] } })).json['error']).toMatch(/^emulator: media_ids/);
    expect((await toot('Later', { scheduled_at: '2026-09-02T10:00:00Z' })).json['error']).toMatch(/^emulator: scheduled_at/);
    expect(server.mastodon.statuses).toHaveLength(0);
  });
});

describe('auth and scopes', () => {
  it('401 with the documented body for a missing or wrong token', async () => {
    for (const token of [null, 'wrong-token']) {
      const reply = await call('POST', '/api/v1/statuses', { form: { status: 'Hi' }, token });
      expect(reply.status).toBe(401);
      expect(reply.json).toEqual({ error: 'The access token is invalid' });
    }
    expect(server.mastodon.statuses).toHaveLength(0);
  });

  it('403 for a token without write:statuses; the default token has write:statuses only', async () => {
    const created = await toot('Public');
    const id = created.json['id'] as string;
    // Reading with a write-only token is outside its scopes; reading a public status without a token is fine.
    expect((await call('GET', `/api/v1/statuses/${id}`)).status).toBe(403);
    expect((await call('GET', `/api/v1/statuses/${id}`, { token: null })).status).toBe(200);
    expect((await call('GET', '/api/v1/accounts/verify_credentials')).status).toBe(403);
    server.mastodon.scopes = ['read'];
    const denied = await toot('Read-only');
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({ error: 'This action is outside the authorized scopes' });
    expect((await call('GET', '/api/v1/accounts/verify_credentials')).json).toMatchObject({ id: server.mastodon.account.id, username: 'xpost_tester' });
  });
});

describe('GET, PUT and DELETE /api/v1/statuses/:id', () => {
  it('edits text and answers the Status with edited_at; over the limit is 422; unknown is 404', async () => {
    const created = await toot('Draft');
    const id = created.json['id'] as string;
    now = new Date(START.getTime() + 5000);
    const edited = await call('PUT', `/api/v1/statuses/${id}`, { form: { status: 'Final' } });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ id, content: '<p>Final</p>', edited_at: now.toISOString() });
    expect(server.mastodon.status(id)?.edits).toEqual([{ text: 'Draft', spoilerText: '', sensitive: false, at: START.toISOString() }]);
    expect((await call('PUT', `/api/v1/statuses/${id}`, { form: { status: 'x'.repeat(501) } })).status).toBe(422);
    expect((await call('PUT', '/api/v1/statuses/404', { form: { status: 'Nope' } })).json).toEqual({ error: 'Record not found' });
  });

  it('deletes with 200 and the source text; afterwards GET, PUT and DELETE are 404', async () => {
    const id = (await toot('Short-lived')).json['id'] as string;
    const deleted = await call('DELETE', `/api/v1/statuses/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toMatchObject({ id, text: 'Short-lived' });
    expect(deleted.json['content']).toBeUndefined();
    expect((await call('GET', `/api/v1/statuses/${id}`, { token: null })).status).toBe(404);
    expect((await call('PUT', `/api/v1/statuses/${id}`, { form: { status: 'Back' } })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/statuses/${id}`)).json).toEqual({ error: 'Record not found' });
    expect(server.mastodon.deletedStatuses.map((status) => status.id)).toEqual([id]);
  });

  it('lists the account statuses newest first, paged with max_id and a Link header', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) ids.push((await toot(`Part ${index}`)).json['id'] as string);
    const list = await call('GET', `/api/v1/accounts/${server.mastodon.account.id}/statuses?limit=2`, { token: null });
    expect((list.json as unknown as { id: string }[]).map((status) => status.id)).toEqual([ids[2], ids[1]]);
    expect(list.headers.get('link')).toContain(`max_id=${ids[1] ?? ''}>; rel="next"`);
    const next = await call('GET', `/api/v1/accounts/${server.mastodon.account.id}/statuses?limit=2&max_id=${ids[1] ?? ''}`, { token: null });
    expect((next.json as unknown as { id: string }[]).map((status) => status.id)).toEqual([ids[0]]);
  });
});

describe('rate limits, routing and faults', () => {
  it('sends X-RateLimit-* on every answer, errors included; Reset is an ISO 8601 timestamp', async () => {
    const replies = [await toot('Counted'), await call('GET', '/api/v1/statuses/1', { token: null }), await call('POST', '/api/v1/statuses', { token: 'bad' })];
    expect(replies.map((reply) => reply.status)).toEqual([200, 404, 401]);
    for (const reply of replies) {
      expect(reply.headers.get('x-ratelimit-limit')).toBe('300');
      expect(reply.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
      expect(reply.headers.get('x-ratelimit-reset')).toBe('2026-09-01T10:05:00.000000Z');
    }
  });

  it('answers 429 once the window is spent, until it resets', async () => {
    const small = await startPlatformServer({ now: () => now, mastodonRateLimit: { requestsPerFiveMinutes: 2 } });
    try {
      const send = () => fetch(`${small.origin}/api/v1/statuses`, { method: 'POST', headers: { authorization: `Bearer ${EMULATOR_CREDENTIALS.mastodonToken}` }, body: new URLSearchParams({ status: 'Hi' }) });
      expect((await send()).headers.get('x-ratelimit-remaining')).toBe('1');
      expect((await send()).headers.get('x-ratelimit-remaining')).toBe('0');
      const limited = await send();
      expect(limited.status).toBe(429);
      expect(await limited.json()).toEqual({ error: 'Too many requests' });
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(small.mastodon.statuses).toHaveLength(2);
      now = new Date(START.getTime() + 5 * 60 * 1000);
      expect((await send()).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('routes /api/v1 and /api/v2 to Mastodon and the rest of /api to dev.to', async () => {
    await call('GET', '/api/v2/instance', { token: null });
    const unknown = await call('GET', '/api/v1/timelines/home');
    await call('GET', '/api/articles/me', { token: null });
    expect(server.requests.map((request) => request.platform)).toEqual(['mastodon', 'mastodon', 'devto']);
    expect(unknown.json).toEqual({ error: 'emulator: GET /api/v1/timelines/home is not emulated' });
  });

  it('status-after-create: the status exists; a retry with the same Idempotency-Key returns it instead of doubling it', async () => {
    server.inject({ platform: 'mastodon', method: 'POST', path: '/api/v1/statuses', fault: { kind: 'status-after-create', status: 502 } });
    const lost = await toot('Part 1', {}, { 'idempotency-key': 'k1' });
    expect(lost.status).toBe(502);
    expect(server.mastodon.statuses).toHaveLength(1);
    const retried = await toot('Part 1', {}, { 'idempotency-key': 'k1' });
    expect(retried.status).toBe(200);
    expect(retried.json['id']).toBe(server.mastodon.statuses[0]?.id);
    expect(server.mastodon.statuses).toHaveLength(1);
  });

  it('malformed-after-create: the status exists, the 200 body is not JSON', async () => {
    server.inject({ platform: 'mastodon', method: 'POST', path: '/api/v1/statuses', fault: { kind: 'malformed-after-create', body: '{"id":' } });
    const response = await fetch(`${server.origin}/api/v1/statuses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${EMULATOR_CREDENTIALS.mastodonToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'Garbled' }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"id":');
    expect(server.mastodon.statuses.map((status) => status.text)).toEqual(['Garbled']);
  });

  it('counts creates, edits and deletes as writes', async () => {
    const id = (await toot('W')).json['id'] as string;
    await call('PUT', `/api/v1/statuses/${id}`, { form: { status: 'W2' } });
    await call('GET', `/api/v1/statuses/${id}`, { token: null });
    await call('DELETE', `/api/v1/statuses/${id}`);
    expect(server.writesTo('mastodon').map((request) => request.method)).toEqual(['POST', 'PUT', 'DELETE']);
  });
});

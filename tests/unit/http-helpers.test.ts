import net from 'node:net';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { escapeTableCell, escapeWorkflowData, escapeWorkflowProperty, createRedactor, MASK, secretForms } from '../../src/http/redact.js';
import { createHttpClient } from '../../src/http/client.js';
import { backoffDelayMs, retryAfterSeconds } from '../../src/http/retry-after.js';
import type { HttpClientOptions, HttpRequest } from '../../src/http/types.js';

describe('retryAfterSeconds', () => {
  const now = new Date('2026-11-22T10:00:00Z');
  it('reads seconds, an HTTP date, and dev.to\'s JSON and text messages', () => {
    expect(retryAfterSeconds({ 'retry-after': '30' }, undefined, now)).toBe(30);
    expect(retryAfterSeconds({ 'retry-after': ' 2.5 ' }, undefined, now)).toBe(2.5);
    expect(retryAfterSeconds({ 'retry-after': 'Sun, 22 Nov 2026 10:00:45 GMT' }, undefined, now)).toBe(45);
    expect(retryAfterSeconds({ 'retry-after': 'Sun, 22 Nov 2026 09:00:00 GMT' }, undefined, now)).toBe(0);
    expect(retryAfterSeconds({}, { error: 'Rate limit reached, try again in 12 seconds', status: 429 }, now)).toBe(12);
    expect(retryAfterSeconds({}, 'Rate limit reached, try again in 1 second', now)).toBe(1);
    expect(retryAfterSeconds({ 'retry-after': 'soon' }, 'Retry later\n', now)).toBeUndefined();
  });
});

describe('backoffDelayMs', () => {
  it('doubles per attempt with jitter in the upper half', () => {
    expect(backoffDelayMs(1, 1000, () => 0)).toBe(500);
    expect(backoffDelayMs(3, 1000, () => 1)).toBe(4000);
  });
});

const SECRET = 'tok|en%with:all,kinds 1';

describe('createRedactor', () => {
  it('masks the plain, trimmed, URL-encoded, form-encoded, JSON-escaped and base64 forms, longest first', () => {
    const redact = createRedactor(['abc/def+ghi', undefined, '  padded-token  ']);
    expect(redact('key=abc/def+ghi and abc%2Fdef%2Bghi')).toBe(`key=${MASK} and ${MASK}`);
    expect(redact(`sent ${'padded-token'} and ${JSON.stringify('  padded-token  ')}`)).toBe(`sent ${MASK} and "${MASK}"`);
    expect(redact(Buffer.from('abc/def+ghi').toString('base64'))).toBe(MASK);
    expect(redact(Buffer.from('abc/def+ghi').toString('base64url'))).toBe(MASK);
    expect(createRedactor(['a b/c=d-long'])('q=a+b%2Fc%3Dd-long')).toBe(`q=${MASK}`);
  });

  it('masks the forms escaped for the job summary, workflow annotations and a JSON document of them', () => {
    const redact = createRedactor([SECRET]);
    for (const escaped of [escapeTableCell(SECRET), escapeWorkflowData(SECRET), escapeWorkflowProperty(SECRET), JSON.stringify(escapeTableCell(SECRET)).slice(1, -1)]) {
      expect(redact(`before ${escaped} after`), escaped).toBe(`before ${MASK} after`);
    }
    expect(secretForms(SECRET)).toContain('tok\\|en%with:all,kinds 1');
  });

  it('never masks values under 8 characters (they are refused as credentials instead)', () => {
    const redact = createRedactor(['post', 'seven77']);
    expect(redact('a post of seven77')).toBe('a post of seven77');
    expect(createRedactor(['eight888'])('eight888')).toBe(MASK);
  });
});

const ORIGIN = 'https://api.example.test';

function client(overrides: Partial<HttpClientOptions> = {}) {
  const slept: number[] = [];
  const http = createHttpClient({
    platformName: 'Example',
    origin: ORIGIN,
    headers: { Authorization: 'Bearer test-example-token' },
    timeoutMs: 1_000,
    retry: { maxAttempts: 3, baseDelayMs: 100, maxTotalWaitMs: 10_000 },
    readErrorText: (_status, data) => ({ message: typeof data === 'string' ? data.slice(0, 40) : (data as { error?: string } | null)?.error }),
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...overrides,
  });
  return { http, slept };
}

const read: HttpRequest = { method: 'GET', path: '/posts' };
const create: HttpRequest = { method: 'POST', path: '/posts', body: { title: 't' } };

describe('createHttpClient retries', () => {
  it.each([500, 502, 503, 504])('retries a read after %i', async (status) => {
    const scope = nock(ORIGIN).get('/posts').reply(status, 'busy').get('/posts').reply(200, []);
    const { http, slept } = client();
    await expect(http.request(read)).resolves.toMatchObject({ status: 200 });
    expect(slept).toHaveLength(1);
    scope.done();
  });

  it.each([500, 502, 503, 504, 520])('never re-sends a create after %i: its outcome is unknown', async (status) => {
    const scope = nock(ORIGIN).post('/posts').once().reply(status, 'gateway');
    const { http, slept } = client();
    await expect(http.request(create)).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN', status, retryable: false, message: expect.stringContaining('may or may not have been applied') });
    expect(slept).toEqual([]);
    scope.done();
  });

  it('retries an idempotent write (a PUT, or a POST marked idempotent) after a 503', async () => {
    const scope = nock(ORIGIN).put('/posts/1').reply(503).put('/posts/1').reply(200, {}).post('/graphql').reply(502).post('/graphql').reply(200, {});
    const { http } = client();
    await http.request({ method: 'PUT', path: '/posts/1', body: {} });
    await http.request({ method: 'POST', path: '/graphql', body: {}, idempotent: true });
    scope.done();
  });

  it('re-sends a create after a 429 (refused), waiting its Retry-After', async () => {
    const scope = nock(ORIGIN).post('/posts').reply(429, { error: 'slow down' }, { 'Retry-After': '2' }).post('/posts').reply(201, { id: 1 });
    const { http, slept } = client();
    await expect(http.request(create)).resolves.toMatchObject({ status: 201 });
    expect(slept).toEqual([2000]);
    scope.done();
  });

  it('does not retry 400, 401, 403, 404 or 422', async () => {
    for (const status of [400, 401, 403, 404, 422]) {
      const scope = nock(ORIGIN).get('/posts').once().reply(status, { error: 'no' });
      const { http, slept } = client();
      await expect(http.request(read)).rejects.toMatchObject({ status, retryable: false });
      expect(slept).toEqual([]);
      scope.done();
    }
  });

  it('stops at the attempt budget and at the wait budget', async () => {
    const attempts = nock(ORIGIN).get('/posts').times(3).reply(503);
    await expect(client().http.request(read)).rejects.toMatchObject({ status: 503 });
    attempts.done();
    const tooLong = nock(ORIGIN).get('/posts').once().reply(429, {}, { 'Retry-After': '60' });
    const { http, slept } = client({ retry: { maxAttempts: 5, baseDelayMs: 100, maxTotalWaitMs: 30_000 } });
    await expect(http.request(read)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(slept).toEqual([]);
    tooLong.done();
  });

  it('honours the platform\'s own "do not retry" (a daily limit)', async () => {
    const scope = nock(ORIGIN).post('/posts').once().reply(429, { error: 'daily limit' });
    const { http } = client({ readErrorText: () => ({ message: 'daily limit', retryable: false }) });
    await expect(http.request(create)).rejects.toMatchObject({ code: 'RATE_LIMITED', retryable: false });
    scope.done();
  });

  it('a connection refused is "not sent" (safe to retry, a create certainly did not happen)', async () => {
    const { http, slept } = client({ origin: 'http://127.0.0.1:1' });
    await expect(http.request(create)).rejects.toMatchObject({ code: 'NETWORK', notSent: true });
    expect(slept).toHaveLength(2);
  });

  it('a reset after a create was sent is unknown, never re-sent; after a read it is retried', async () => {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections += 1;
      socket.once('data', () => socket.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    try {
      await expect(client({ origin }).http.request(create)).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN', notSent: false });
      expect(connections).toBe(1);
      await expect(client({ origin }).http.request(read)).rejects.toMatchObject({ code: 'NETWORK' });
      expect(connections).toBe(4);
    } finally {
      server.close();
    }
  });

  it('masks an echoed token before the adapter cuts the error text, so no prefix of it survives', async () => {
    const token = 'test-example-token-0123456789';
    const echoed = `${'x'.repeat(30)}${token} rejected`;
    const scope = nock(ORIGIN).get('/posts').once().reply(401, echoed);
    const { http } = client({ redact: createRedactor([token]) });
    const error = (await http.request(read).then(
      () => new Error('expected a failure'),
      (failure: unknown) => failure as Error,
    ));
    expect(error.message).toContain(`${'x'.repeat(10)}***`);
    expect(error.message).not.toContain('test-exa');
    scope.done();
  });

  it('a read that never answers times out (retried); a create that never answers is unknown, sent once', async () => {
    const sockets: net.Socket[] = [];
    let requests = 0;
    const server = net.createServer((socket) => {
      sockets.push(socket);
      socket.once('data', () => (requests += 1));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    try {
      await expect(client({ origin, timeoutMs: 200 }).http.request(read)).rejects.toMatchObject({ code: 'TIMEOUT', message: 'Example: no answer within 0.2 s', retryable: true });
      expect(requests).toBe(3);
      await expect(client({ origin, timeoutMs: 200 }).http.request(create)).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN', message: expect.stringContaining('Example: no answer within 0.2 s after the request was sent') });
      expect(requests).toBe(4);
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });

  it('a redirect is reported with where it points, not followed; a 3xx is never a success', async () => {
    const scope = nock(ORIGIN).get('/posts').once().reply(301, 'moved', { Location: 'https://elsewhere.test/' }).get('/posts').once().reply(300, 'choices');
    const { http } = client();
    await expect(http.request(read)).rejects.toMatchObject({ code: 'REJECTED', status: 301, message: 'Example answered 301: moved (redirected to https://elsewhere.test/)' });
    await expect(http.request(read)).rejects.toMatchObject({ status: 300, message: 'Example answered 300: choices (redirected to another address)' });
    scope.done();
  });

  it('words an unmapped 4xx as REJECTED and a 5xx read as SERVER_ERROR, with the platform\'s message', async () => {
    const scope = nock(ORIGIN).get('/posts').once().reply(418, { error: 'teapot' }).get('/posts').once().reply(501, { error: 'not here' });
    const { http } = client();
    await expect(http.request(read)).rejects.toMatchObject({ code: 'REJECTED', message: 'Example answered 418: teapot' });
    await expect(http.request(read)).rejects.toMatchObject({ code: 'SERVER_ERROR', message: 'Example answered 501: not here', retryable: false });
    scope.done();
  });

  it('a 5xx on a create says so with the platform\'s message, and hints at the lookup', async () => {
    const scope = nock(ORIGIN).post('/posts').once().reply(502, { error: 'bad gateway' });
    await expect(client().http.request(create)).rejects.toMatchObject({
      message: 'Example answered 502: bad gateway after the request was sent; it may or may not have been applied',
      hint: 'xpost will look for the post before creating it again.',
    });
    scope.done();
  });

  it('waits exactly up to the budget, reports each retry and each exchange', async () => {
    const scope = nock(ORIGIN).get('/posts').reply(429, {}, { 'Retry-After': '2' }).get('/posts').reply(200, [], { 'X-Multi': ['a', 'b'] });
    const retries: Array<{ attempt: number; delayMs: number; reason: string }> = [];
    const exchanges: string[] = [];
    const { http, slept } = client({ retry: { maxAttempts: 3, baseDelayMs: 100, maxTotalWaitMs: 2000 }, onRetry: (info) => retries.push(info), onExchange: (line) => exchanges.push(line) });
    const response = await http.request(read);
    expect(slept).toEqual([2000]);
    expect(retries).toEqual([{ attempt: 1, delayMs: 2000, reason: 'Example answered 429' }]);
    expect(exchanges).toEqual([expect.stringMatching(/^Example: GET \/posts → 429 \(\d+ ms, attempt 1\)$/), expect.stringMatching(/^Example: GET \/posts → 200 \(\d+ ms, attempt 2\)$/)]);
    expect(response.headers['x-multi']).toBe('a, b');
    scope.done();
  });

  it('masks an unparsable 2xx body, which adapters quote in their errors', async () => {
    const scope = nock(ORIGIN).post('/posts').once().reply(201, 'oops test-example-token-0123456789', { 'Content-Type': 'text/plain' });
    const { http } = client({ redact: createRedactor(['test-example-token-0123456789']) });
    await expect(http.request(create)).resolves.toMatchObject({ status: 201, data: 'oops ***' });
    scope.done();
  });
});


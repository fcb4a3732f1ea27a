import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadImage } from '../../src/http/download.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

/** What each path of the local server answers; the headers of the last request are kept. */
const ROUTES: Record<string, (response: ServerResponse) => void> = {
  '/cover.png': (response) => response.writeHead(200, { 'Content-Type': 'Image/PNG; charset=binary', 'Content-Length': PNG.length }).end(PNG),
  '/missing.png': (response) => response.writeHead(404, { 'Content-Type': 'image/png' }).end(PNG),
  '/page.html': (response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>not an image</p>'),
  '/untyped': (response) => response.writeHead(200).end(PNG),
  '/declared-large.png': (response) => response.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': 1000 }).end(Buffer.alloc(1000)),
  // Chunked: no length announced, so only the bytes received can tell.
  '/streamed-large.png': (response) => {
    response.writeHead(200, { 'Content-Type': 'image/png' });
    response.write(Buffer.alloc(600));
    response.end(Buffer.alloc(600));
  },
  '/empty.png': (response) => response.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': 0 }).end(),
  '/moved.png': (response) => response.writeHead(301, { Location: '/cover.png' }).end(),
  '/hangs.png': () => undefined,
};

let server: Server;
let origin: string;
let lastHeaders: IncomingHttpHeaders = {};

beforeAll(async () => {
  server = createServer((request, response) => {
    lastHeaders = request.headers;
    (ROUTES[request.url ?? ''] ?? ((answer: ServerResponse) => answer.writeHead(500).end()))(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('downloadImage', () => {
  it('fetches an image with xpost\'s User-Agent, asking for images, and gives its bytes and bare lower-case type', async () => {
    const image = await downloadImage(`${origin}/cover.png`, 1000, 2000);
    expect(image).toEqual({ bytes: PNG, mimeType: 'image/png' });
    expect(lastHeaders['user-agent']).toMatch(/^xpost\//);
    expect(lastHeaders['accept']).toBe('image/*');
  });

  it('follows a redirect, and takes the scheme in any case', async () => {
    expect((await downloadImage(`${origin}/moved.png`, 1000, 2000))?.bytes).toEqual(PNG);
    expect((await downloadImage(`${origin.replace('http', 'HTTP')}/cover.png`, 1000, 2000))?.mimeType).toBe('image/png');
  });

  it('keeps an image of exactly the limit, and drops one over it, whether announced or only received', async () => {
    expect((await downloadImage(`${origin}/cover.png`, PNG.length, 2000))?.bytes.length).toBe(PNG.length);
    expect(await downloadImage(`${origin}/cover.png`, PNG.length - 1, 2000)).toBeUndefined();
    expect(await downloadImage(`${origin}/declared-large.png`, 999, 2000)).toBeUndefined();
    expect(await downloadImage(`${origin}/streamed-large.png`, 1000, 2000)).toBeUndefined();
    expect((await downloadImage(`${origin}/streamed-large.png`, 1200, 2000))?.bytes.length).toBe(1200);
  });

  it('answers undefined, never throws, for what is not an image to use', async () => {
    for (const url of ['ftp://127.0.0.1/cover.png', '/cover.png', 'cover.png', `mailto:${origin}`]) expect(await downloadImage(url, 1000, 2000), url).toBeUndefined();
    for (const route of ['/missing.png', '/page.html', '/untyped', '/empty.png', '/unknown.png']) expect(await downloadImage(`${origin}${route}`, 1000, 2000), route).toBeUndefined();
    expect(await downloadImage('http://127.0.0.1:1/cover.png', 1000, 2000)).toBeUndefined();
  });

  it('gives up after its timeout', async () => {
    const started = Date.now();
    expect(await downloadImage(`${origin}/hangs.png`, 1000, 150)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

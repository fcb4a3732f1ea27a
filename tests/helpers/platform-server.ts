/**
 * A strict, in-process emulation of the publishing platforms on one 127.0.0.1 port, built from the
 * platforms' published contracts (shared/api-contracts/CONTRACTS.md), not from xpost's code. This
 * file is the core: the HTTP server, request recording, fault injection and the list of platform
 * emulators (one module each under ./emulators/), which also decides routing: each request goes to
 * the first emulator in the list that says it handles it. It records every request, keeps
 * inspectable stores of what was created and rejects what the real platforms reject.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatedRequest, EmulatorDefinition, EmulatorResponse, PlatformEmulator } from './emulators/common.js';
import { blueskyEmulation } from './emulators/bluesky.js';
import { devtoEmulation } from './emulators/devto.js';
import { hashnodeEmulation } from './emulators/hashnode.js';
import { linkedinEmulation } from './emulators/linkedin.js';
import { mastodonEmulation } from './emulators/mastodon.js';
import { mediumEmulation } from './emulators/medium.js';

export {
  type BlueskyBlob,
  type BlueskyBlobRef,
  BlueskyEmulator,
  type BlueskyRateLimits,
  type BlueskyRecord,
  type BlueskySession,
  BLUESKY_POST_COLLECTION,
  blueskyTid,
} from './emulators/bluesky.js';
export type { GraphqlSummary } from './emulators/common.js';
export { type DevtoArticle, DevtoEmulator } from './emulators/devto.js';
export { type HashnodeDraft, HashnodeEmulator, type HashnodePost, type HashnodeTagInput, HASHNODE_NOT_PRO_MESSAGE, HASHNODE_SCHEMA_PATH } from './emulators/hashnode.js';
export { type LinkedinPost, LinkedinEmulator, LINKEDIN_RESERVED, type LittleTextReading, readLittleText } from './emulators/linkedin.js';
export { MastodonEmulator, type MastodonRateLimit, type MastodonStatus, type MastodonVisibility } from './emulators/mastodon.js';
export { MediumEmulator, type MediumPost } from './emulators/medium.js';

/**
 * Every emulated platform, in routing order: the first whose `handles` accepts a request answers it
 * (Mastodon's /api/v1/ and /api/v2/ before dev.to's /api/).
 */
const EMULATIONS = [mastodonEmulation, devtoEmulation, hashnodeEmulation, mediumEmulation, linkedinEmulation, blueskyEmulation] as const;

// ───────────────────────────── public API ─────────────────────────────

type Emulation = (typeof EMULATIONS)[number];
type EmulatorOf<Definition> = Definition extends EmulatorDefinition<string, infer Emulator, object, object> ? Emulator : never;
type UnionToIntersection<Union> = (Union extends unknown ? (value: Union) => void : never) extends (value: infer Intersection) => void ? Intersection : never;

export type PlatformName = Emulation['name'];

export interface RecordedRequest extends EmulatedRequest {
  platform: PlatformName | 'unknown';
  fault: FaultKind | null;
}

/** Whether the request creates an article (dev.to, Hashnode, Medium, LinkedIn): the request that must never be sent twice. */
export function isArticleCreate(request: RecordedRequest): boolean {
  switch (request.platform) {
    case 'devto':
      return request.method === 'POST' && request.path === '/api/articles';
    case 'hashnode':
      return request.graphql?.rootFields.includes('publishPost') ?? false;
    case 'medium':
      return request.method === 'POST' && /^\/v1\/users\/[^/]+\/posts$/.test(request.path);
    case 'linkedin':
      return request.method === 'POST' && request.path === '/rest/posts';
    default:
      return false;
  }
}

/**
 * status: answer with this status (default body in the platform's error shape) ·
 * rate-limit: 429 with Retry-After or the platform's rate-limit headers (dev.to: JSON or text/plain edge style) ·
 * graphql-error: Hashnode error with extensions.code inside HTTP 200 ·
 * latency: wait, then answer normally · hang: never answer ·
 * drop: destroy the socket without handling.
 * The *-after-create kinds handle the request for real first (the create or update happens and is
 * stored), then: drop-after-create destroys the socket instead of answering;
 * status-after-create answers this status and body instead (default body as for `status`);
 * malformed-after-create answers this raw body as JSON with this status (default: the status the
 * real answer had). Neither sends the real answer's headers, so no id leaks through them.
 */
export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'rate-limit'; retryAfterSeconds?: number; style?: 'json' | 'text' }
  | { kind: 'graphql-error'; code: string; message?: string }
  | { kind: 'latency'; ms: number }
  | { kind: 'hang' }
  | { kind: 'drop' }
  | { kind: 'drop-after-create' }
  | { kind: 'status-after-create'; status: number; body?: unknown }
  | { kind: 'malformed-after-create'; status?: number; body: string };

export type FaultKind = Fault['kind'];

export interface FaultMatch {
  platform?: PlatformName;
  method?: string;
  /** Exact path (percent-encoded as sent) or a pattern tested against it. */
  path?: string | RegExp;
  /** Hashnode: a root field of the operation, e.g. 'publishPost'. */
  operation?: string;
}

export interface FaultRule extends FaultMatch {
  /** How many matching requests get the fault (default 1; Infinity for all). */
  times?: number;
  fault: Fault;
}

export interface FaultHandle {
  /** Requests this rule has answered so far. */
  readonly hits: number;
  readonly remaining: number;
  cancel(): void;
}

/** Every platform's own options (named after the platform, e.g. `devtoApiKey`), plus the clock. */
export type PlatformServerOptions = UnionToIntersection<Parameters<Emulation['create']>[0]> & { now?: () => Date };

/** The credentials the server accepts by default; obviously fake. */
export const EMULATOR_CREDENTIALS = Object.freeze(Object.assign({}, ...EMULATIONS.map((emulation) => emulation.credentials))) as UnionToIntersection<
  Emulation['credentials']
>;

interface PlatformServerCore {
  /** http://127.0.0.1:<port>, to use as every XPOST_*_API_URL. */
  readonly origin: string;
  /** Every request in arrival order, faults included. */
  readonly requests: RecordedRequest[];
  /** Exceptions inside the emulator itself (answered 500); a test can assert this stays empty. */
  readonly emulatorErrors: string[];
  requestsTo(platform: PlatformName): RecordedRequest[];
  /** Requests that change something, as each emulator defines it (e.g. dev.to POST/PUT, Hashnode mutations). */
  writesTo(platform: PlatformName): RecordedRequest[];
  inject(rule: FaultRule): FaultHandle;
  /** Added before every response (ms). */
  setLatency(ms: number): void;
  clearFaults(): void;
  clearRequests(): void;
  /** Stores, requests, faults, latency and configuration back to how the server started. */
  reset(): void;
  close(): Promise<void>;
}

/** The core plus one emulator per platform, under the platform's name (`server.devto.articles`). */
export type PlatformServer = PlatformServerCore & { readonly [Definition in Emulation as Definition['name']]: EmulatorOf<Definition> };

export async function startPlatformServer(options: PlatformServerOptions = {}): Promise<PlatformServer> {
  const now = options.now ?? (() => new Date());
  const emulators = new Map<PlatformName, PlatformEmulator>(EMULATIONS.map((emulation) => [emulation.name, emulation.create(options, now)]));
  const core = new EmulatedPlatforms(emulators);
  await core.listen();
  // The emulators become named properties; the mapped type above says which is which.
  return Object.assign(core, Object.fromEntries(emulators)) as unknown as PlatformServer;
}

export function isWriteRequest(request: RecordedRequest): boolean {
  const emulation = EMULATIONS.find((candidate) => candidate.name === request.platform);
  return emulation ? emulation.isWrite(request) : false;
}

// ───────────────────────────── HTTP plumbing ─────────────────────────────

/** Large enough for dev.to's 800 KB body limit plus JSON overhead; more is answered 413. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
  hits: number;
}

class EmulatedPlatforms implements PlatformServerCore {
  readonly requests: RecordedRequest[] = [];
  readonly emulatorErrors: string[] = [];
  private readonly server: Server;
  private rules: ActiveRule[] = [];
  private latencyMs = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private port = 0;

  constructor(private readonly emulators: ReadonlyMap<PlatformName, PlatformEmulator>) {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  requestsTo(platform: PlatformName): RecordedRequest[] {
    return this.requests.filter((request) => request.platform === platform);
  }

  writesTo(platform: PlatformName): RecordedRequest[] {
    return this.requestsTo(platform).filter(isWriteRequest);
  }

  inject(rule: FaultRule): FaultHandle {
    const active: ActiveRule = { rule, remaining: rule.times ?? 1, hits: 0 };
    this.rules.push(active);
    return {
      get hits() {
        return active.hits;
      },
      get remaining() {
        return active.remaining;
      },
      cancel: () => {
        active.remaining = 0;
      },
    };
  }

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  clearFaults(): void {
    this.rules = [];
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  reset(): void {
    this.clearRequests();
    this.clearFaults();
    this.latencyMs = 0;
    this.emulatorErrors.length = 0;
    for (const emulator of this.emulators.values()) emulator.reset();
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    // Hung and keep-alive sockets would otherwise keep close() waiting forever.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const { bytes, tooLarge } = await readBody(req);
      const recorded = this.record(req, bytes);
      if (tooLarge) {
        send(res, { status: 413, text: 'Payload Too Large\n' });
        return;
      }
      const fault = this.takeFault(recorded);
      const delay = this.latencyMs + (fault?.kind === 'latency' ? fault.ms : 0);
      if (delay > 0) await this.sleep(delay);
      if (res.destroyed) return;
      const emulator = recorded.platform === 'unknown' ? undefined : this.emulators.get(recorded.platform);

      switch (fault?.kind) {
        case 'hang':
          return;
        case 'drop':
          req.socket.destroy();
          return;
        case 'status':
          send(res, statusFault(fault, emulator));
          return;
        case 'rate-limit':
          send(res, emulator ? emulator.rateLimitResponse(fault.retryAfterSeconds, fault.style ?? 'json') : { status: 429, text: 'Too Many Requests\n' });
          return;
        case 'graphql-error':
          send(res, { status: 200, body: { errors: [{ message: fault.message ?? 'Injected error', extensions: { code: fault.code } }], data: null } });
          return;
        default:
          break;
      }

      const response = emulator ? await emulator.handle(recorded) : { status: 404, text: 'Not Found\n' };
      switch (fault?.kind) {
        case 'drop-after-create':
          req.socket.destroy();
          return;
        case 'status-after-create':
          send(res, statusFault(fault, emulator));
          return;
        case 'malformed-after-create':
          send(res, { status: fault.status ?? response.status, headers: { 'content-type': 'application/json; charset=utf-8' }, text: fault.body });
          return;
        default:
          send(res, response);
      }
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.emulatorErrors.push(message);
      if (!res.headersSent && !res.destroyed) send(res, { status: 500, body: { error: `emulator error: ${error instanceof Error ? error.message : String(error)}` } });
    }
  }

  private record(req: IncomingMessage, rawBytes: Buffer): RecordedRequest {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const emulation = EMULATIONS.find((candidate) => candidate.handles(method, url.pathname));
    const rawBody = rawBytes.toString('utf8');
    const body = parseJson(rawBody);
    const recorded: RecordedRequest = {
      seq: this.requests.length + 1,
      platform: emulation?.name ?? 'unknown',
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: flattenHeaders(req),
      rawBody,
      rawBytes,
      body: body.ok ? body.value : undefined,
      graphql: null,
      fault: null,
    };
    emulation?.annotate?.(recorded);
    this.requests.push(recorded);
    return recorded;
  }

  private takeFault(request: RecordedRequest): Fault | undefined {
    const active = this.rules.find((candidate) => candidate.remaining > 0 && faultMatches(candidate.rule, request));
    if (!active) return undefined;
    active.remaining -= 1;
    active.hits += 1;
    request.fault = active.rule.fault.kind;
    return active.rule.fault;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

function faultMatches(rule: FaultMatch, request: RecordedRequest): boolean {
  if (rule.platform && rule.platform !== request.platform) return false;
  if (rule.method && rule.method.toUpperCase() !== request.method) return false;
  if (typeof rule.path === 'string' && rule.path !== request.path) return false;
  if (rule.path instanceof RegExp && !rule.path.test(request.path)) return false;
  if (rule.operation && !request.graphql?.rootFields.includes(rule.operation)) return false;
  return true;
}

function statusFault(fault: { status: number; body?: unknown; headers?: Record<string, string> }, emulator: PlatformEmulator | undefined): EmulatorResponse {
  if (fault.body !== undefined) {
    return typeof fault.body === 'string'
      ? { status: fault.status, headers: fault.headers, text: fault.body }
      : { status: fault.status, headers: fault.headers, body: fault.body };
  }
  // Gateways, not the application, answer 5xx: an HTML page is what clients really get.
  if (fault.status >= 500 || !emulator) {
    return {
      status: fault.status,
      headers: { 'content-type': 'text/html; charset=utf-8', ...fault.headers },
      text: `<html><body><h1>${fault.status} Error</h1></body></html>\n`,
    };
  }
  const response = emulator.errorResponse(fault.status, `Injected ${fault.status}`);
  return { ...response, headers: { ...response.headers, ...fault.headers } };
}

async function readBody(req: IncomingMessage): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(buffer);
  }
  return { bytes: Buffer.concat(chunks), tooLarge };
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function send(res: ServerResponse, response: EmulatorResponse): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = {};
  let payload = '';
  if (response.text !== undefined) {
    headers['content-type'] = 'text/plain; charset=utf-8';
    payload = response.text;
  } else if (response.body !== undefined) {
    headers['content-type'] = 'application/json; charset=utf-8';
    payload = JSON.stringify(response.body);
  }
  Object.assign(headers, response.headers);
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

type JsonParse = { ok: true; value: unknown } | { ok: false };

function parseJson(text: string): JsonParse {
  if (text.trim() === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * A strict, in-process emulation of dev.to, Hashnode, Medium and LinkedIn on one 127.0.0.1 port,
 * built from the platforms' published contracts (shared/api-contracts/CONTRACTS.md), not from xpost's code. It records every
 * request, keeps inspectable stores of what was created, rejects what the real platforms reject
 * (and a little more, where the real platform would silently do the wrong thing), and can inject
 * faults per request. Routing by path: /api/* dev.to, POST / Hashnode, /v1/* Medium,
 * /v2/userinfo and /rest/* LinkedIn.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import matter from 'gray-matter';
import {
  GraphQLError,
  GraphQLScalarType,
  Kind,
  buildSchema,
  executeSync,
  parse,
  specifiedRules,
  validate,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

// ───────────────────────────── public API ─────────────────────────────

export type PlatformName = 'devto' | 'hashnode' | 'medium' | 'linkedin';

export interface GraphqlSummary {
  operationType: 'query' | 'mutation' | 'subscription';
  operationName: string | null;
  /** Top-level fields of the executed operation, e.g. ['publishPost']. */
  rootFields: string[];
  variables: Record<string, unknown>;
}

export interface RecordedRequest {
  /** 1-based arrival order across all platforms. */
  seq: number;
  platform: PlatformName | 'unknown';
  method: string;
  /** Path without the query string, percent-encoding kept as sent. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  rawBody: string;
  /** Parsed JSON body; undefined when the body is empty or not JSON. */
  body: unknown;
  /** Hashnode only: what the GraphQL document asks for, when it parses. */
  graphql: GraphqlSummary | null;
  /** The injected fault that answered (or delayed) this request. */
  fault: FaultKind | null;
}

/**
 * status: answer with this status (default body in the platform's error shape) ·
 * rate-limit: 429 with Retry-After (dev.to: JSON or text/plain edge style) ·
 * graphql-error: Hashnode error with extensions.code inside HTTP 200 ·
 * latency: wait, then answer normally · hang: never answer ·
 * drop: destroy the socket without handling · drop-after-create: handle the request (the create
 * or update really happens), then destroy the socket instead of answering.
 */
export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'rate-limit'; retryAfterSeconds?: number; style?: 'json' | 'text' }
  | { kind: 'graphql-error'; code: string; message?: string }
  | { kind: 'latency'; ms: number }
  | { kind: 'hang' }
  | { kind: 'drop' }
  | { kind: 'drop-after-create' };

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

export interface PlatformServerOptions {
  devtoApiKey?: string;
  hashnodeToken?: string;
  /** 24 hex characters (Hashnode ObjectId). */
  hashnodePublicationId?: string;
  /** false → every write and publication read answers FORBIDDEN "…no active Pro plan…". */
  hashnodePro?: boolean;
  mediumToken?: string;
  linkedinToken?: string;
  /** LinkedIn-Version values that are active; default: the last 12 months (versions live ~1 year). */
  linkedinVersions?: string[];
  now?: () => Date;
}

/** The credentials the server accepts by default; obviously fake. */
export const EMULATOR_CREDENTIALS = {
  devtoApiKey: 'test-devto-key-SECRET123',
  hashnodeToken: 'test-hashnode-token-SECRET456',
  hashnodePublicationId: '65f0c0ffee00000000000001',
  mediumToken: 'test-medium-token-SECRET789',
  linkedinToken: 'test-linkedin-token-SECRET012',
} as const;

export interface PlatformServer {
  /** http://127.0.0.1:<port>, to use as every XPOST_*_API_URL. */
  readonly origin: string;
  /** Every request in arrival order, faults included. */
  readonly requests: RecordedRequest[];
  readonly devto: DevtoEmulator;
  readonly hashnode: HashnodeEmulator;
  readonly medium: MediumEmulator;
  readonly linkedin: LinkedinEmulator;
  /** Exceptions inside the emulator itself (answered 500); a test can assert this stays empty. */
  readonly emulatorErrors: string[];
  requestsTo(platform: PlatformName): RecordedRequest[];
  /** Requests that change something: dev.to POST/PUT, Hashnode mutations, Medium POST, LinkedIn POST/DELETE. */
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

export async function startPlatformServer(options: PlatformServerOptions = {}): Promise<PlatformServer> {
  const emulation = new EmulatedPlatforms(options);
  await emulation.listen();
  return emulation;
}

export function isWriteRequest(request: RecordedRequest): boolean {
  switch (request.platform) {
    case 'devto':
      return request.method === 'POST' || request.method === 'PUT' || request.method === 'DELETE';
    case 'hashnode':
      return request.graphql?.operationType === 'mutation';
    case 'medium':
      return request.method === 'POST';
    case 'linkedin':
      return request.method === 'POST' || request.method === 'DELETE';
    case 'unknown':
      return false;
  }
}

// ───────────────────────────── HTTP plumbing ─────────────────────────────

/** What an emulator answers: JSON `body`, raw `text`, or neither for an empty body. */
interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  text?: string;
}

interface PlatformEmulator {
  handle(request: RecordedRequest): EmulatorResponse;
  errorResponse(status: number, message: string): EmulatorResponse;
  rateLimitResponse(retryAfterSeconds: number | undefined, style: 'json' | 'text'): EmulatorResponse;
  reset(): void;
}

/** Large enough for dev.to's 800 KB body limit plus JSON overhead; more is answered 413. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
  hits: number;
}

class EmulatedPlatforms implements PlatformServer {
  readonly requests: RecordedRequest[] = [];
  readonly emulatorErrors: string[] = [];
  readonly devto: DevtoEmulator;
  readonly hashnode: HashnodeEmulator;
  readonly medium: MediumEmulator;
  readonly linkedin: LinkedinEmulator;
  private readonly server: Server;
  private rules: ActiveRule[] = [];
  private latencyMs = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private port = 0;

  constructor(options: PlatformServerOptions) {
    const now = options.now ?? (() => new Date());
    this.devto = new DevtoEmulator(options.devtoApiKey ?? EMULATOR_CREDENTIALS.devtoApiKey, now);
    this.hashnode = new HashnodeEmulator(
      options.hashnodeToken ?? EMULATOR_CREDENTIALS.hashnodeToken,
      options.hashnodePublicationId ?? EMULATOR_CREDENTIALS.hashnodePublicationId,
      options.hashnodePro ?? true,
      now,
    );
    this.medium = new MediumEmulator(options.mediumToken ?? EMULATOR_CREDENTIALS.mediumToken, now);
    this.linkedin = new LinkedinEmulator(options.linkedinToken ?? EMULATOR_CREDENTIALS.linkedinToken, options.linkedinVersions ?? recentVersions(now()));
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
    this.devto.reset();
    this.hashnode.reset();
    this.medium.reset();
    this.linkedin.reset();
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
      const { text, tooLarge } = await readBody(req);
      const recorded = this.record(req, text);
      if (tooLarge) {
        send(res, { status: 413, text: 'Payload Too Large\n' });
        return;
      }
      const fault = this.takeFault(recorded);
      const delay = this.latencyMs + (fault?.kind === 'latency' ? fault.ms : 0);
      if (delay > 0) await this.sleep(delay);
      if (res.destroyed) return;
      const emulator = this.emulatorFor(recorded.platform);

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

      const response = emulator ? emulator.handle(recorded) : { status: 404, text: 'Not Found\n' };
      if (fault?.kind === 'drop-after-create') {
        req.socket.destroy();
        return;
      }
      send(res, response);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.emulatorErrors.push(message);
      if (!res.headersSent && !res.destroyed) send(res, { status: 500, body: { error: `emulator error: ${error instanceof Error ? error.message : String(error)}` } });
    }
  }

  private record(req: IncomingMessage, rawBody: string): RecordedRequest {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const platform = platformOf(url.pathname);
    const body = parseJson(rawBody);
    const recorded: RecordedRequest = {
      seq: this.requests.length + 1,
      platform,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: flattenHeaders(req),
      rawBody,
      body: body.ok ? body.value : undefined,
      graphql: platform === 'hashnode' ? summariseGraphql(body.ok ? body.value : undefined) : null,
      fault: null,
    };
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

  private emulatorFor(platform: PlatformName | 'unknown'): PlatformEmulator | undefined {
    return platform === 'unknown' ? undefined : this[platform];
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

function platformOf(pathname: string): PlatformName | 'unknown' {
  if (pathname === '/') return 'hashnode';
  if (pathname.startsWith('/api/')) return 'devto';
  if (pathname.startsWith('/v1/')) return 'medium';
  if (pathname === '/v2/userinfo' || pathname.startsWith('/rest/')) return 'linkedin';
  return 'unknown';
}

function faultMatches(rule: FaultMatch, request: RecordedRequest): boolean {
  if (rule.platform && rule.platform !== request.platform) return false;
  if (rule.method && rule.method.toUpperCase() !== request.method) return false;
  if (typeof rule.path === 'string' && rule.path !== request.path) return false;
  if (rule.path instanceof RegExp && !rule.path.test(request.path)) return false;
  if (rule.operation && !request.graphql?.rootFields.includes(rule.operation)) return false;
  return true;
}

function statusFault(fault: Extract<Fault, { kind: 'status' }>, emulator: PlatformEmulator | undefined): EmulatorResponse {
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

async function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(buffer);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), tooLarge };
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

type JsonParse = { ok: true; value: unknown } | { ok: false; error: string | null };

function parseJson(text: string): JsonParse {
  if (text.trim() === '') return { ok: false, error: null };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isJsonRequest(request: RecordedRequest): boolean {
  return /^application\/json\b/i.test(request.headers['content-type'] ?? '');
}

function bearerToken(request: RecordedRequest): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(request.headers['authorization'] ?? '');
  return match?.[1]?.trim();
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** YYYYMM for the current month and the eleven before it. */
function recentVersions(now: Date): string[] {
  const versions: string[] = [];
  for (let back = 0; back < 12; back += 1) {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    versions.push(`${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return versions;
}

/** Ruby class names, as Forem's "You provided article as a <Class>" message uses them. */
function rubyClassOf(value: unknown): string {
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Float';
  if (value === true) return 'TrueClass';
  if (value === false) return 'FalseClass';
  if (isRecord(value)) return 'Hash';
  return 'NilClass';
}

// ───────────────────────────── dev.to (contract §1) ─────────────────────────────

export interface DevtoArticle {
  id: number;
  /** False for articles seeded as another user's: they hold canonical URLs but are not listed in /me. */
  ownedByMe: boolean;
  title: string;
  slug: string;
  url: string;
  bodyMarkdown: string;
  published: boolean;
  publishedAt: string | null;
  createdAt: string;
  editedAt: string | null;
  description: string;
  canonicalUrl: string | null;
  mainImage: string | null;
  series: string | null;
  tags: string[];
  /** Front matter found at the top of body_markdown; the real server applies it over the JSON fields. */
  bodyFrontMatter: Record<string, unknown> | null;
  /** JSON fields that body front matter overrode in the last create/update. */
  overriddenByFrontMatter: string[];
  /** What the real server would have dropped silently in the last create/update (unpermitted keys, tags as a string). */
  silentlyDropped: string[];
  updateCount: number;
}

const DEVTO_ACCEPT = 'application/vnd.forem.api-v1+json';
const DEVTO_PERMITTED = new Set([
  'title',
  'body_markdown',
  'published',
  'series',
  'main_image',
  'canonical_url',
  'description',
  'tags',
  'organization_id',
  'published_at',
  'subforem_id',
  'language',
  'video_source_url',
]);
const DEVTO_MAX_TITLE = 128;
const DEVTO_MAX_BODY_BYTES = 800_000;
const DEVTO_MAX_TAGS = 4;
const DEVTO_MAX_TAG_LENGTH = 30;
const DEVTO_TITLE_REUSE_MS = 5 * 60 * 1000;
const DEVTO_PUBLISHED_AT_GRACE_MS = 15 * 60 * 1000;

/** Article fields as the JSON payload (or body front matter) sets them, before validation. */
interface DevtoDraftFields {
  title: string;
  bodyMarkdown: string;
  published: boolean;
  publishedAt: string | null;
  description: string;
  canonicalUrl: string | null;
  mainImage: string | null;
  series: string | null;
  tags: string[];
}

export class DevtoEmulator implements PlatformEmulator {
  apiKey: string;
  readonly articles: DevtoArticle[] = [];
  readonly user = { id: 4242, username: 'xpost_tester', name: 'Xpost Tester' };
  private nextId = 1_000_001;
  private readonly initialKey: string;
  private readonly now: () => Date;

  constructor(apiKey: string, now: () => Date) {
    this.apiKey = apiKey;
    this.initialKey = apiKey;
    this.now = now;
  }

  reset(): void {
    this.apiKey = this.initialKey;
    this.articles.length = 0;
    this.nextId = 1_000_001;
  }

  /** Adds an article directly, e.g. another user's published copy that already holds a canonical URL. */
  seedArticle(fields: Partial<DevtoDraftFields> & { ownedByMe?: boolean; createdAt?: string }): DevtoArticle {
    const createdAt = fields.createdAt ?? this.now().toISOString();
    const published = fields.published ?? true;
    return this.store(
      {
        title: fields.title ?? 'Seeded article',
        bodyMarkdown: fields.bodyMarkdown ?? 'Seeded.\n',
        published,
        publishedAt: fields.publishedAt ?? (published ? createdAt : null),
        description: fields.description ?? '',
        canonicalUrl: fields.canonicalUrl ?? null,
        mainImage: fields.mainImage ?? null,
        series: fields.series ?? null,
        tags: fields.tags ?? [],
      },
      { ownedByMe: fields.ownedByMe ?? true, createdAt, frontMatter: null, overridden: [], dropped: [] },
    );
  }

  errorResponse(status: number, message: string): EmulatorResponse {
    return { status, body: { error: message, status } };
  }

  rateLimitResponse(retryAfterSeconds: number | undefined, style: 'json' | 'text'): EmulatorResponse {
    const seconds = retryAfterSeconds ?? 30;
    // Two real shapes: the app's JSON (Retry-After) and Rack::Attack's plain text (retry-after).
    if (style === 'text') return { status: 429, headers: { 'retry-after': String(seconds) }, text: 'Retry later\n' };
    return { status: 429, headers: { 'Retry-After': String(seconds) }, body: { error: `Rate limit reached, try again in ${seconds} seconds`, status: 429 } };
  }

  handle(request: RecordedRequest): EmulatorResponse {
    const route = this.route(request);
    if (!route) return this.errorResponse(404, 'not found');
    // Checked on every route: the contract's three required headers.
    if (!request.headers['user-agent']) return this.errorResponse(403, 'Forbidden: a User-Agent header is required');
    if (!(request.headers['accept'] ?? '').includes(DEVTO_ACCEPT)) {
      // The real server falls back to deprecated v0 controllers; strictness here catches the missing header.
      return this.errorResponse(400, `emulator: Accept: ${DEVTO_ACCEPT} is required (v0 fallback is not emulated)`);
    }
    if (route.auth && !this.authorised(request)) {
      return { status: 401, headers: { 'cache-control': 'no-store' }, body: { error: 'unauthorized', status: 401 } };
    }
    return route.run();
  }

  private route(request: RecordedRequest): { auth: boolean; run: () => EmulatorResponse } | undefined {
    const { method } = request;
    const segments = request.path.split('/').filter(Boolean).slice(1);
    const [resource, second, third, extra] = segments;
    if (resource === 'articles') {
      if (method === 'POST' && second === undefined) return { auth: true, run: () => this.create(request) };
      if (second === 'me' && method === 'GET' && extra === undefined) {
        const status = third ?? 'published';
        if (!['published', 'unpublished', 'all'].includes(status)) return undefined;
        return { auth: true, run: () => this.listMine(request, status) };
      }
      if (second !== undefined && /^\d+$/.test(second) && third === undefined) {
        if (method === 'PUT') return { auth: true, run: () => this.update(request, Number(second)) };
        if (method === 'GET') return { auth: false, run: () => this.showPublic(Number(second)) };
      }
      return undefined;
    }
    if (resource === 'users' && second === 'me' && third === undefined && method === 'GET') {
      return { auth: true, run: () => ({ status: 200, body: { type_of: 'user', id: this.user.id, username: this.user.username, name: this.user.name } }) };
    }
    return undefined;
  }

  private authorised(request: RecordedRequest): boolean {
    return request.headers['api-key'] !== undefined && request.headers['api-key'] === this.apiKey;
  }

  private articleParams(request: RecordedRequest): { article: Record<string, unknown> } | { error: EmulatorResponse } {
    // Rails reads JSON params only with a JSON content type; without it "article" is simply missing.
    const params = isJsonRequest(request) ? request.body : undefined;
    if (isJsonRequest(request) && request.rawBody.trim() !== '' && request.body === undefined) {
      return { error: this.errorResponse(400, 'Error occurred while parsing request parameters') };
    }
    const article = isRecord(params) ? params['article'] : undefined;
    if (article === undefined || article === null || article === '' || (isRecord(article) && Object.keys(article).length === 0)) {
      return { error: this.errorResponse(422, 'param is missing or the value is empty: article') };
    }
    if (!isRecord(article)) {
      return { error: this.errorResponse(422, `article param must be a JSON object. You provided article as a ${rubyClassOf(article)}`) };
    }
    return { article };
  }

  private create(request: RecordedRequest): EmulatorResponse {
    const params = this.articleParams(request);
    if ('error' in params) return params.error;
    const now = this.now();
    const base: DevtoDraftFields = {
      title: '',
      bodyMarkdown: '',
      published: false,
      publishedAt: null,
      description: '',
      canonicalUrl: null,
      mainImage: null,
      series: null,
      tags: [],
    };
    const applied = applyArticleParams(base, params.article);
    if ('error' in applied) return this.errorResponse(422, applied.error);
    const fields = finishPublishing(applied.fields, undefined, now);
    const errors = this.validate(fields, undefined, now);
    if (errors.length > 0) return this.errorResponse(422, errors.join(', '));
    const article = this.store(fields, {
      ownedByMe: true,
      createdAt: now.toISOString(),
      frontMatter: applied.frontMatter,
      overridden: applied.overridden,
      dropped: applied.dropped,
    });
    return { status: 201, headers: { location: article.url }, body: this.show(article) };
  }

  private update(request: RecordedRequest, id: number): EmulatorResponse {
    const existing = this.articles.find((article) => article.id === id && article.ownedByMe);
    if (!existing) return this.errorResponse(404, 'not found');
    const params = this.articleParams(request);
    if ('error' in params) return params.error;
    const now = this.now();
    const applied = applyArticleParams(existing, params.article);
    if ('error' in applied) return this.errorResponse(422, applied.error);
    const fields = finishPublishing(applied.fields, existing, now);
    const errors = this.validate(fields, existing, now);
    if (errors.length > 0) return this.errorResponse(422, errors.join(', '));
    Object.assign(existing, fields, {
      editedAt: now.toISOString(),
      bodyFrontMatter: applied.frontMatter,
      overriddenByFrontMatter: applied.overridden,
      silentlyDropped: applied.dropped,
      updateCount: existing.updateCount + 1,
    });
    return { status: 200, body: this.show(existing) };
  }

  private validate(fields: DevtoDraftFields, existing: DevtoArticle | undefined, now: Date): string[] {
    const errors: string[] = [];
    if (fields.title.trim() === '') errors.push("Title can't be blank");
    if (fields.title.length > DEVTO_MAX_TITLE) errors.push(`Title is too long (maximum is ${DEVTO_MAX_TITLE} characters)`);
    if (Buffer.byteLength(fields.bodyMarkdown, 'utf8') > DEVTO_MAX_BODY_BYTES) {
      errors.push(`Body markdown is too long (maximum is ${DEVTO_MAX_BODY_BYTES} characters)`);
    }
    if (fields.tags.length > DEVTO_MAX_TAGS) errors.push(`Tag list exceed the maximum of ${DEVTO_MAX_TAGS} tags`);
    for (const tag of fields.tags) {
      if (tag.length > DEVTO_MAX_TAG_LENGTH) errors.push(`Tag "${tag}" is too long (maximum is ${DEVTO_MAX_TAG_LENGTH} characters)`);
      else if (!/^[a-z0-9]+$/.test(tag)) errors.push(`Tag "${tag}" contains non-alphanumeric or prohibited unicode characters`);
    }
    if (fields.canonicalUrl !== null) {
      if (/\s/.test(fields.canonicalUrl)) errors.push('Canonical url must not have spaces');
      else if (!isHttpUrl(fields.canonicalUrl) || /^https?:\/\/(localhost|127\.|0\.0\.0\.0)/i.test(fields.canonicalUrl)) errors.push('Canonical url is not a valid URL');
      else if (fields.published && this.articles.some((other) => other !== existing && other.published && other.canonicalUrl === fields.canonicalUrl)) {
        errors.push('Canonical url has already been taken. Email support@dev.to for further details.');
      }
    }
    if (fields.mainImage !== null && !isHttpUrl(fields.mainImage)) errors.push('Main image is not a valid URL');
    if (!existing) {
      const reused = this.articles.some(
        (other) => other.ownedByMe && other.title === fields.title && now.getTime() - Date.parse(other.createdAt) < DEVTO_TITLE_REUSE_MS,
      );
      if (reused) errors.push('Title has already been used in the last five minutes');
      if (fields.published && fields.publishedAt && Date.parse(fields.publishedAt) < now.getTime() - DEVTO_PUBLISHED_AT_GRACE_MS) {
        errors.push('Published at only future or current published_at allowed');
      }
    }
    return errors;
  }

  private store(
    fields: DevtoDraftFields,
    meta: { ownedByMe: boolean; createdAt: string; frontMatter: Record<string, unknown> | null; overridden: string[]; dropped: string[] },
  ): DevtoArticle {
    const id = this.nextId;
    this.nextId += 1;
    const slug = `${slugify(fields.title) || 'untitled'}-${id.toString(36)}`;
    const username = meta.ownedByMe ? this.user.username : 'someone_else';
    const article: DevtoArticle = {
      id,
      ownedByMe: meta.ownedByMe,
      slug,
      url: `https://dev.to/${username}/${slug}`,
      createdAt: meta.createdAt,
      editedAt: null,
      bodyFrontMatter: meta.frontMatter,
      overriddenByFrontMatter: meta.overridden,
      silentlyDropped: meta.dropped,
      updateCount: 0,
      ...fields,
    };
    this.articles.push(article);
    return article;
  }

  private listMine(request: RecordedRequest, status: string): EmulatorResponse {
    const page = clampInteger(request.query['page'], 1, 1, Number.MAX_SAFE_INTEGER);
    const perPage = clampInteger(request.query['per_page'], 30, 1, 1000);
    const mine = this.articles.filter((article) => article.ownedByMe);
    const byDate = (a: DevtoArticle, b: DevtoArticle): number =>
      (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || b.createdAt.localeCompare(a.createdAt) || b.id - a.id;
    const drafts = mine.filter((article) => !article.published).sort(byDate);
    const published = mine.filter((article) => article.published).sort(byDate);
    const chosen = status === 'published' ? published : status === 'unpublished' ? drafts : [...drafts, ...published];
    const pageItems = chosen.slice((page - 1) * perPage, page * perPage);
    return { status: 200, body: pageItems.map((article) => this.listItem(article)) };
  }

  private showPublic(id: number): EmulatorResponse {
    const article = this.articles.find((candidate) => candidate.id === id && candidate.published);
    return article ? { status: 200, body: this.show(article) } : this.errorResponse(404, 'not found');
  }

  /** POST/PUT/GET-by-id shape: tag_list is a string and tags an array (forem#4206). */
  private show(article: DevtoArticle): Record<string, unknown> {
    return {
      type_of: 'article',
      id: article.id,
      title: article.title,
      description: article.description,
      slug: article.slug,
      path: new URL(article.url).pathname,
      url: article.url,
      comments_count: 0,
      public_reactions_count: 0,
      collection_id: null,
      published_timestamp: article.publishedAt ?? '',
      positive_reactions_count: 0,
      cover_image: article.mainImage,
      social_image: article.mainImage ?? `https://dev.to/social_previews/article/${article.id}.png`,
      canonical_url: article.canonicalUrl ?? article.url,
      created_at: article.createdAt,
      edited_at: article.editedAt,
      crossposted_at: null,
      published_at: article.publishedAt,
      last_comment_at: article.publishedAt ?? article.createdAt,
      reading_time_minutes: readingMinutes(article.bodyMarkdown),
      tag_list: article.tags.join(', '),
      tags: [...article.tags],
      body_html: `<p>${escapeHtml(article.bodyMarkdown)}</p>`,
      body_markdown: article.bodyMarkdown,
      user: this.userSummary(),
    };
  }

  /** /me* shape: tag_list is an array here. */
  private listItem(article: DevtoArticle): Record<string, unknown> {
    return {
      type_of: 'article',
      id: article.id,
      title: article.title,
      description: article.description,
      published: article.published,
      published_at: article.publishedAt,
      slug: article.slug,
      path: new URL(article.url).pathname,
      url: article.url,
      comments_count: 0,
      public_reactions_count: 0,
      page_views_count: 0,
      published_timestamp: article.publishedAt ?? '',
      body_markdown: article.bodyMarkdown,
      positive_reactions_count: 0,
      cover_image: article.mainImage,
      tag_list: [...article.tags],
      canonical_url: article.canonicalUrl ?? article.url,
      reading_time_minutes: readingMinutes(article.bodyMarkdown),
      user: this.userSummary(),
    };
  }

  private userSummary(): Record<string, unknown> {
    return { name: this.user.name, username: this.user.username, twitter_username: null, github_username: null, user_id: this.user.id, website_url: null };
  }
}

type AppliedParams =
  | { fields: DevtoDraftFields; frontMatter: Record<string, unknown> | null; overridden: string[]; dropped: string[] }
  | { error: string };

/** Strong parameters (unpermitted keys and string tags dropped silently), then body front matter on top. */
function applyArticleParams(current: DevtoDraftFields, article: Record<string, unknown>): AppliedParams {
  const fields: DevtoDraftFields = {
    title: current.title,
    bodyMarkdown: current.bodyMarkdown,
    published: current.published,
    publishedAt: current.publishedAt,
    description: current.description,
    canonicalUrl: current.canonicalUrl,
    mainImage: current.mainImage,
    series: current.series,
    tags: [...current.tags],
  };
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(article)) {
    if (!DEVTO_PERMITTED.has(key)) {
      dropped.push(key);
      continue;
    }
    switch (key) {
      case 'title':
        fields.title = scalarText(value) ?? '';
        break;
      case 'body_markdown':
        fields.bodyMarkdown = scalarText(value) ?? '';
        break;
      case 'published':
        fields.published = castBoolean(value);
        break;
      case 'published_at':
        fields.publishedAt = blankToNull(scalarText(value));
        break;
      case 'description':
        fields.description = scalarText(value) ?? '';
        break;
      case 'canonical_url':
        fields.canonicalUrl = blankToNull(scalarText(value));
        break;
      case 'main_image':
        fields.mainImage = blankToNull(scalarText(value));
        break;
      case 'series':
        fields.series = blankToNull(scalarText(value));
        break;
      case 'tags':
        // The real server permits only `tags: []`; a comma-separated string is dropped without a word.
        if (Array.isArray(value) && value.every((tag) => typeof tag === 'string' || typeof tag === 'number')) {
          fields.tags = value.map((tag) => String(tag).trim().toLowerCase()).filter((tag) => tag.length > 0);
        } else {
          dropped.push(`tags (${rubyClassOf(value)})`);
        }
        break;
      default:
        break;
    }
  }
  const frontMatter = readBodyFrontMatter(fields.bodyMarkdown);
  if ('error' in frontMatter) return { error: frontMatter.error };
  const overridden = frontMatter.data ? applyFrontMatter(fields, frontMatter.data) : [];
  return { fields, frontMatter: frontMatter.data, overridden, dropped };
}

function readBodyFrontMatter(body: string): { data: Record<string, unknown> | null } | { error: string } {
  if (!/^---[ \t]*\r?\n/.test(body)) return { data: null };
  try {
    // The empty options object keeps gray-matter from caching by content.
    const parsed = matter(body, {});
    const data = parsed.data as unknown;
    return { data: isRecord(data) && Object.keys(data).length > 0 ? data : null };
  } catch (error) {
    return { error: `Body markdown has invalid front matter: ${error instanceof Error ? error.message.split('\n')[0] : 'YAML error'}` };
  }
}

/** "It will take precedence on the equivalent params given in the payload" (api_v0.yml). */
function applyFrontMatter(fields: DevtoDraftFields, data: Record<string, unknown>): string[] {
  const overridden: string[] = [];
  const set = <K extends keyof DevtoDraftFields>(jsonName: string, key: K, value: DevtoDraftFields[K]): void => {
    fields[key] = value;
    overridden.push(jsonName);
  };
  if (data['title'] !== undefined) set('title', 'title', scalarText(data['title']) ?? '');
  if (data['published'] !== undefined) set('published', 'published', castBoolean(data['published']));
  if (data['description'] !== undefined) set('description', 'description', scalarText(data['description']) ?? '');
  if (data['canonical_url'] !== undefined) set('canonical_url', 'canonicalUrl', blankToNull(scalarText(data['canonical_url'])));
  if (data['cover_image'] !== undefined) set('main_image', 'mainImage', blankToNull(scalarText(data['cover_image'])));
  if (data['series'] !== undefined) set('series', 'series', blankToNull(scalarText(data['series'])));
  const date = data['published_at'] ?? data['date'];
  if (date !== undefined) set('published_at', 'publishedAt', date instanceof Date ? date.toISOString() : blankToNull(scalarText(date)));
  if (data['tags'] !== undefined) {
    const raw = Array.isArray(data['tags']) ? data['tags'].map(String).join(',') : (scalarText(data['tags']) ?? '');
    set(
      'tags',
      'tags',
      raw
        .split(',')
        .map((tag) => tag.trim().toLowerCase())
        .filter((tag) => tag.length > 0),
    );
  }
  return overridden;
}

/** Publishing sets published_at (now unless given); once published it never changes. */
function finishPublishing(fields: DevtoDraftFields, existing: DevtoArticle | undefined, now: Date): DevtoDraftFields {
  if (!fields.published) return { ...fields, publishedAt: existing?.published ? existing.publishedAt : fields.publishedAt };
  if (existing?.published) return { ...fields, publishedAt: existing.publishedAt };
  return { ...fields, publishedAt: fields.publishedAt ?? now.toISOString() };
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function blankToNull(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}

/** ActiveRecord's boolean cast: "true", "1", "t", "on" are true. */
function castBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return ['true', '1', 't', 'on', 'yes'].includes(value.trim().toLowerCase());
  return false;
}

function clampInteger(raw: string | undefined, fallback: number, min: number, max: number): number {
  const value = raw === undefined ? Number.NaN : Number.parseInt(raw, 10);
  if (!Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}

function readingMinutes(text: string): number {
  return Math.max(1, Math.ceil(text.split(/\s+/).filter(Boolean).length / 200));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] ?? char);
}

// ───────────────────────────── Hashnode (contract §2) ─────────────────────────────

export interface HashnodeTagInput {
  slug: string;
  name: string | null;
}

export interface HashnodePost {
  id: string;
  publicationId: string;
  title: string;
  subtitle: string | null;
  slug: string;
  url: string;
  contentMarkdown: string;
  coverImage: string | null;
  tags: HashnodeTagInput[];
  /** Set from originalArticleURL; read back as Post.canonicalUrl. */
  canonicalUrl: string | null;
  metaTitle: string | null;
  metaDescription: string | null;
  ogImage: string | null;
  disableComments: boolean;
  isDelisted: boolean;
  enableToc: boolean;
  seriesId: string | null;
  publishedAt: string;
  updatedAt: string | null;
  /** The draft this post was published from, if any. */
  fromDraftId: string | null;
  updateCount: number;
}

export interface HashnodeDraft {
  id: string;
  publicationId: string;
  title: string | null;
  subtitle: string | null;
  slug: string | null;
  contentMarkdown: string | null;
  tags: HashnodeTagInput[];
  canonicalUrl: string | null;
  coverImage: string | null;
  publishedAt: string | null;
  metaTitle: string | null;
  metaDescription: string | null;
  disableComments: boolean;
  /** False once published or deleted (drafts are soft-deleted). */
  active: boolean;
  updatedAt: string;
  updateCount: number;
}

export const HASHNODE_NOT_PRO_MESSAGE = 'Publication does not have an active Pro plan. Upgrade in your dashboard to access this via the API.';
const HASHNODE_MAX_BODY_BYTES = 100 * 1024;
const HASHNODE_MAX_TAGS = 15;
const HASHNODE_MAX_CO_AUTHORS = 4;
const HASHNODE_MAX_DEPTH = 10;
const HASHNODE_MAX_PAGE = 100;
const HASHNODE_MAX_DRAFT_PAGE = 50;

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** A byte-exact copy of the gql-beta SDL kept with the tests, so a clone without shared/ beside it still runs them. */
export const HASHNODE_SCHEMA_PATH = path.resolve(REPO_ROOT, 'tests', 'fixtures', 'hashnode', 'gql-beta.schema.graphql');

let cachedSchema: GraphQLSchema | undefined;

/** The current gql-beta SDL, executable, with ObjectId and DateTime as strict as real scalars. */
function hashnodeSchema(): GraphQLSchema {
  if (cachedSchema) return cachedSchema;
  const schema = buildSchema(readFileSync(HASHNODE_SCHEMA_PATH, 'utf8'));
  const objectId = schema.getType('ObjectId');
  const dateTime = schema.getType('DateTime');
  // buildSchema's custom scalars accept anything; give them parsers (as graphql-tools' resolver maps do).
  if (objectId instanceof GraphQLScalarType) {
    Object.assign(objectId, strictScalar('ObjectId', (value) => /^[0-9a-f]{24}$/i.test(value)));
  }
  if (dateTime instanceof GraphQLScalarType) {
    Object.assign(dateTime, strictScalar('DateTime', (value) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value))));
  }
  cachedSchema = schema;
  return schema;
}

function strictScalar(name: string, valid: (value: string) => boolean) {
  const parseText = (value: unknown): string => {
    if (typeof value !== 'string' || !valid(value)) throw new GraphQLError(`${name} cannot represent value: ${JSON.stringify(value)}`);
    return value;
  };
  return {
    parseValue: parseText,
    parseLiteral: (node: ValueNode) => {
      if (node.kind !== Kind.STRING) throw new GraphQLError(`${name} cannot represent a non-string value`, { nodes: node });
      return parseText(node.value);
    },
  };
}

/** "Max query depth 10 (deeper queries rejected)". */
function depthLimitRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node: OperationDefinitionNode) {
      const depth = selectionDepth(node.selectionSet, (name) => context.getFragment(name), new Set());
      if (depth > HASHNODE_MAX_DEPTH) {
        context.reportError(new GraphQLError(`Query depth ${depth} exceeds the maximum of ${HASHNODE_MAX_DEPTH}`, { nodes: node }));
      }
    },
  };
}

function selectionDepth(set: SelectionSetNode, fragment: (name: string) => FragmentDefinitionNode | null | undefined, seen: Set<string>): number {
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      deepest = Math.max(deepest, 1 + (selection.selectionSet ? selectionDepth(selection.selectionSet, fragment, seen) : 0));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(selection.selectionSet, fragment, seen));
    } else if (!seen.has(selection.name.value)) {
      const definition = fragment(selection.name.value);
      if (definition) deepest = Math.max(deepest, selectionDepth(definition.selectionSet, fragment, new Set([...seen, selection.name.value])));
    }
  }
  return deepest;
}

function summariseGraphql(body: unknown): GraphqlSummary | null {
  if (!isRecord(body) || typeof body['query'] !== 'string') return null;
  let document: DocumentNode;
  try {
    document = parse(body['query']);
  } catch {
    return null;
  }
  const operationName = typeof body['operationName'] === 'string' ? body['operationName'] : null;
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((candidate) => candidate.name?.value === operationName) : operations[0];
  if (!operation) return null;
  const rootFields = operation.selectionSet.selections.flatMap((selection) => (selection.kind === Kind.FIELD ? [selection.name.value] : []));
  return {
    operationType: operation.operation,
    operationName: operation.name?.value ?? operationName,
    rootFields,
    variables: isRecord(body['variables']) ? body['variables'] : {},
  };
}

interface HashnodeContext {
  authenticated: boolean;
}

type GraphqlArgs = Record<string, unknown>;

function hashnodeError(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

export class HashnodeEmulator implements PlatformEmulator {
  token: string;
  publicationId: string;
  /** false → FORBIDDEN "Publication does not have an active Pro plan…" on writes and publication reads. */
  pro: boolean;
  readonly posts: HashnodePost[] = [];
  readonly drafts: HashnodeDraft[] = [];
  readonly user = { id: '65f0c0ffee0000000000a001', username: 'xpost-tester', name: 'Xpost Tester', email: 'tester@example.com' };
  readonly host = 'xpost-tester.hashnode.dev';
  private nextId = 1;
  private readonly initial: { token: string; publicationId: string; pro: boolean };
  private readonly now: () => Date;

  constructor(token: string, publicationId: string, pro: boolean, now: () => Date) {
    this.token = token;
    this.publicationId = publicationId;
    this.pro = pro;
    this.initial = { token, publicationId, pro };
    this.now = now;
  }

  reset(): void {
    Object.assign(this, this.initial);
    this.posts.length = 0;
    this.drafts.length = 0;
    this.nextId = 1;
  }

  errorResponse(status: number, message: string): EmulatorResponse {
    return { status, body: { errors: [{ message, extensions: { code: status === 401 ? 'UNAUTHENTICATED' : 'BAD_REQUEST' } }] } };
  }

  rateLimitResponse(retryAfterSeconds: number | undefined, _style: 'json' | 'text'): EmulatorResponse {
    const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
    return { status: 429, headers, body: { errors: [{ message: 'Too many requests', extensions: { code: 'TOO_MANY_REQUESTS' } }] } };
  }

  handle(request: RecordedRequest): EmulatorResponse {
    const requestError = (status: number, code: string, message: string): EmulatorResponse => ({ status, body: { errors: [{ message, extensions: { code } }] } });
    if (request.method !== 'POST') return requestError(405, 'BAD_REQUEST', 'emulator: only POST / is emulated');
    if (!isJsonRequest(request)) {
      return requestError(400, 'BAD_REQUEST', 'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Send Content-Type: application/json.');
    }
    if (Buffer.byteLength(request.rawBody, 'utf8') > HASHNODE_MAX_BODY_BYTES) return requestError(413, 'BAD_REQUEST', 'Request body larger than 100 KB');
    const body = request.body;
    if (!isRecord(body)) return requestError(400, 'BAD_REQUEST', 'POST body missing, invalid Content-Type, or JSON object has no keys.');
    if (typeof body['query'] !== 'string' || body['query'].trim() === '') {
      return requestError(400, 'BAD_REQUEST', 'GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.');
    }
    const variables = body['variables'];
    if (variables !== undefined && variables !== null && !isRecord(variables)) {
      return requestError(400, 'BAD_REQUEST', '`variables` in a POST body should be provided as an object.');
    }
    let document: DocumentNode;
    try {
      document = parse(body['query']);
    } catch (error) {
      return requestError(400, 'GRAPHQL_PARSE_FAILED', error instanceof Error ? error.message : 'Syntax error');
    }
    const schema = hashnodeSchema();
    const validationErrors = validate(schema, document, [...specifiedRules, depthLimitRule]);
    if (validationErrors.length > 0) {
      return { status: 400, body: { errors: validationErrors.map((error) => formatGraphqlError(error, 'GRAPHQL_VALIDATION_FAILED')) } };
    }
    const result = executeSync({
      schema,
      document,
      rootValue: this.rootValue(),
      contextValue: { authenticated: this.authenticated(request) } satisfies HashnodeContext,
      variableValues: isRecord(variables) ? variables : undefined,
      operationName: typeof body['operationName'] === 'string' ? body['operationName'] : undefined,
    });
    // No data at all means the request itself was wrong (variables that do not fit the schema, no operation).
    if (result.data === undefined) {
      return { status: 400, body: { errors: (result.errors ?? []).map((error) => formatGraphqlError(error, 'BAD_USER_INPUT')) } };
    }
    const errors = result.errors?.map((error) => formatGraphqlError(error, 'INTERNAL_SERVER_ERROR'));
    return { status: 200, body: errors ? { errors, data: result.data } : { data: result.data } };
  }

  /** "The Bearer prefix is optional and case-insensitive." */
  private authenticated(request: RecordedRequest): boolean {
    const header = request.headers['authorization'];
    if (!header) return false;
    return header.replace(/^bearer\s+/i, '').trim() === this.token;
  }

  private rootValue(): Record<string, (args: GraphqlArgs, context: HashnodeContext) => unknown> {
    return {
      me: (_args, context) => {
        requireAuth(context);
        return this.myUserView();
      },
      post: (args) => {
        const post = this.posts.find((candidate) => candidate.id === args['id']);
        return post ? this.postView(post) : null;
      },
      publication: (args) => {
        const matches = (args['id'] !== undefined && args['id'] === this.publicationId) || (args['host'] !== undefined && args['host'] === this.host);
        if (!matches) return null;
        this.requirePro();
        return this.publicationView();
      },
      user: (args) => (args['username'] === this.user.username ? this.userView() : null),
      draft: (args, context) => {
        requireAuth(context);
        const draft = this.drafts.find((candidate) => candidate.id === args['id'] && candidate.active);
        if (!draft) throw hashnodeError('NOT_FOUND', 'Draft not found');
        this.requirePro();
        return this.draftView(draft);
      },
      publishPost: (args, context) => this.publishPost(inputOf(args), context),
      updatePost: (args, context) => this.updatePost(inputOf(args), context),
      createDraft: (args, context) => this.createDraft(inputOf(args), context),
      updateDraft: (args, context) => this.updateDraft(inputOf(args), context),
      publishDraft: (args, context) => this.publishDraft(inputOf(args), context),
      deleteDraft: (args, context) => {
        requireAuth(context);
        const draft = this.activeDraft(inputOf(args)['draftId']);
        this.requirePro();
        draft.active = false;
        return { draft: this.draftView(draft) };
      },
    };
  }

  private requirePro(): void {
    if (!this.pro) throw hashnodeError('FORBIDDEN', HASHNODE_NOT_PRO_MESSAGE);
  }

  private requirePublication(publicationId: unknown): void {
    if (publicationId !== this.publicationId) throw hashnodeError('NOT_FOUND', 'Publication not found');
    this.requirePro();
  }

  private publishPost(input: GraphqlArgs, context: HashnodeContext): { post: unknown } {
    requireAuth(context);
    this.requirePublication(input['publicationId']);
    const title = requiredText(input['title'], 'title');
    const contentMarkdown = requiredText(input['contentMarkdown'], 'contentMarkdown');
    const now = this.now().toISOString();
    const post: HashnodePost = {
      id: this.newId(),
      publicationId: this.publicationId,
      title,
      subtitle: optionalText(input['subtitle']),
      slug: '',
      url: '',
      contentMarkdown,
      coverImage: optionalText(input['coverImage']),
      tags: checkedTags(input['tags']),
      canonicalUrl: checkedUrl(input['originalArticleURL'], 'originalArticleURL'),
      metaTitle: optionalText(input['metaTitle']),
      metaDescription: optionalText(input['metaDescription']),
      ogImage: optionalText(input['ogImage']),
      disableComments: input['disableComments'] === true,
      isDelisted: input['isDelisted'] === true,
      enableToc: input['enableToc'] === true,
      seriesId: optionalText(input['seriesId']),
      publishedAt: optionalText(input['publishedAt']) ?? now,
      updatedAt: null,
      fromDraftId: null,
      updateCount: 0,
    };
    checkCoAuthors(input['coAuthors']);
    this.assignSlug(post, optionalText(input['slug']) ?? title);
    this.posts.push(post);
    return { post: this.postView(post) };
  }

  private updatePost(input: GraphqlArgs, context: HashnodeContext): { post: unknown } {
    requireAuth(context);
    const post = this.posts.find((candidate) => candidate.id === input['id']);
    if (!post) throw hashnodeError('NOT_FOUND', 'Post not found');
    this.requirePro();
    checkCoAuthors(input['coAuthors']);
    if ('title' in input) post.title = requiredText(input['title'], 'title');
    if ('contentMarkdown' in input) post.contentMarkdown = requiredText(input['contentMarkdown'], 'contentMarkdown');
    if ('subtitle' in input) post.subtitle = optionalText(input['subtitle']);
    if ('coverImage' in input) post.coverImage = optionalText(input['coverImage']);
    // "tags replaces the set".
    if ('tags' in input) post.tags = checkedTags(input['tags']);
    if ('originalArticleURL' in input) post.canonicalUrl = checkedUrl(input['originalArticleURL'], 'originalArticleURL');
    if ('metaTitle' in input) post.metaTitle = optionalText(input['metaTitle']);
    if ('metaDescription' in input) post.metaDescription = optionalText(input['metaDescription']);
    if ('ogImage' in input) post.ogImage = optionalText(input['ogImage']);
    if ('disableComments' in input) post.disableComments = input['disableComments'] === true;
    if ('isDelisted' in input) post.isDelisted = input['isDelisted'] === true;
    if ('enableToc' in input) post.enableToc = input['enableToc'] === true;
    if ('seriesId' in input) post.seriesId = optionalText(input['seriesId']);
    if ('publishedAt' in input && typeof input['publishedAt'] === 'string') post.publishedAt = input['publishedAt'];
    if ('slug' in input && typeof input['slug'] === 'string' && input['slug'] !== post.slug) this.assignSlug(post, input['slug']);
    post.updatedAt = this.now().toISOString();
    post.updateCount += 1;
    return { post: this.postView(post) };
  }

  private createDraft(input: GraphqlArgs, context: HashnodeContext): { draft: unknown } {
    requireAuth(context);
    this.requirePublication(input['publicationId']);
    checkCoAuthors(input['coAuthors']);
    const metaTags = isRecord(input['metaTags']) ? input['metaTags'] : {};
    const cover = isRecord(input['coverImageOptions']) ? input['coverImageOptions'] : {};
    const draft: HashnodeDraft = {
      id: this.newId(),
      publicationId: this.publicationId,
      title: optionalText(input['title']),
      subtitle: optionalText(input['subtitle']),
      slug: optionalText(input['slug']),
      contentMarkdown: optionalText(input['contentMarkdown']),
      tags: checkedTags(input['tags']),
      canonicalUrl: checkedUrl(input['originalArticleURL'], 'originalArticleURL'),
      coverImage: optionalText(cover['coverImageURL']),
      publishedAt: optionalText(input['publishedAt']),
      metaTitle: optionalText(metaTags['title']),
      metaDescription: optionalText(metaTags['description']),
      disableComments: input['disableComments'] === true,
      active: true,
      updatedAt: this.now().toISOString(),
      updateCount: 0,
    };
    this.drafts.push(draft);
    return { draft: this.draftView(draft) };
  }

  private updateDraft(input: GraphqlArgs, context: HashnodeContext): { draft: unknown } {
    requireAuth(context);
    const draft = this.activeDraft(input['draftId']);
    this.requirePro();
    checkCoAuthors(input['coAuthors']);
    if ('title' in input) draft.title = optionalText(input['title']);
    if ('subtitle' in input) draft.subtitle = optionalText(input['subtitle']);
    if ('slug' in input) draft.slug = optionalText(input['slug']);
    if ('contentMarkdown' in input) draft.contentMarkdown = optionalText(input['contentMarkdown']);
    if ('tags' in input) draft.tags = checkedTags(input['tags']);
    if ('originalArticleURL' in input) draft.canonicalUrl = checkedUrl(input['originalArticleURL'], 'originalArticleURL');
    if ('publishedAt' in input) draft.publishedAt = optionalText(input['publishedAt']);
    if ('disableComments' in input) draft.disableComments = input['disableComments'] === true;
    if (isRecord(input['metaTags'])) {
      draft.metaTitle = optionalText(input['metaTags']['title']);
      draft.metaDescription = optionalText(input['metaTags']['description']);
    }
    if (isRecord(input['coverImageOptions'])) draft.coverImage = optionalText(input['coverImageOptions']['coverImageURL']);
    draft.updatedAt = this.now().toISOString();
    draft.updateCount += 1;
    return { draft: this.draftView(draft) };
  }

  private publishDraft(input: GraphqlArgs, context: HashnodeContext): { post: unknown } {
    requireAuth(context);
    const draft = this.activeDraft(input['draftId']);
    this.requirePro();
    if (!draft.title?.trim()) throw hashnodeError('BAD_USER_INPUT', 'A draft needs a title to be published');
    if (!draft.contentMarkdown?.trim()) throw hashnodeError('BAD_USER_INPUT', 'A draft needs content to be published');
    const post: HashnodePost = {
      id: this.newId(),
      publicationId: draft.publicationId,
      title: draft.title,
      subtitle: draft.subtitle,
      slug: '',
      url: '',
      contentMarkdown: draft.contentMarkdown,
      coverImage: draft.coverImage,
      tags: draft.tags,
      canonicalUrl: draft.canonicalUrl,
      metaTitle: draft.metaTitle,
      metaDescription: draft.metaDescription,
      ogImage: null,
      disableComments: draft.disableComments,
      isDelisted: false,
      enableToc: false,
      seriesId: null,
      publishedAt: draft.publishedAt ?? this.now().toISOString(),
      updatedAt: null,
      fromDraftId: draft.id,
      updateCount: 0,
    };
    this.assignSlug(post, draft.slug ?? draft.title);
    this.posts.push(post);
    // "The draft is soft-deleted once the post is created."
    draft.active = false;
    return { post: this.postView(post) };
  }

  private activeDraft(id: unknown): HashnodeDraft {
    const draft = this.drafts.find((candidate) => candidate.id === id && candidate.active);
    // "An inaccessible draft returns NOT_FOUND by design."
    if (!draft) throw hashnodeError('NOT_FOUND', 'Draft not found');
    return draft;
  }

  private assignSlug(post: HashnodePost, wanted: string): void {
    const base = slugify(wanted) || 'post';
    let slug = base;
    for (let suffix = 1; this.posts.some((other) => other !== post && other.slug === slug); suffix += 1) slug = `${base}-${suffix}`;
    post.slug = slug;
    post.url = `https://${this.host}/${slug}`;
  }

  private newId(): string {
    const id = `65f0${String(this.nextId).padStart(20, '0')}`;
    this.nextId += 1;
    return id;
  }

  private userView(): Record<string, unknown> {
    return {
      id: this.user.id,
      username: this.user.username,
      name: this.user.name,
      deactivated: false,
      followersCount: 0,
      followingsCount: 0,
      badges: [],
      posts: (args: GraphqlArgs) => connection(this.posts, args, HASHNODE_MAX_PAGE, (post) => this.postView(post)),
      publications: (args: GraphqlArgs) => connection([this.publicationView()], args, HASHNODE_MAX_PAGE, (publication) => publication),
      followers: (args: GraphqlArgs) => connection([], args, HASHNODE_MAX_PAGE, (node) => node),
      follows: (args: GraphqlArgs) => connection([], args, HASHNODE_MAX_PAGE, (node) => node),
    };
  }

  /** MyUser shares User's fields here; GraphQL only resolves the ones MyUser declares. */
  private myUserView(): Record<string, unknown> {
    return { ...this.userView(), email: this.user.email };
  }

  private publicationView(): Record<string, unknown> {
    const own = (post: HashnodePost): boolean => post.publicationId === this.publicationId;
    return {
      id: this.publicationId,
      title: 'Xpost Tester Blog',
      displayTitle: null,
      url: `https://${this.host}`,
      canonicalURL: `https://${this.host}`,
      isTeam: false,
      isHeadless: false,
      isGitHubBackupEnabled: false,
      isGithubAsSourceConnected: false,
      allowContributorEdits: false,
      redirectionRules: [],
      customRules: [],
      widgets: [],
      recommendedPublications: [],
      totalRecommendedPublications: 0,
      author: () => this.userView(),
      domainInfo: { hashnodeSubdomain: this.host.split('.')[0], domain: null, wwwPrefixedDomain: null },
      features: {},
      post: (args: GraphqlArgs) => {
        const post = this.posts.find((candidate) => own(candidate) && candidate.slug === args['slug']);
        return post ? this.postView(post) : null;
      },
      redirectedPost: () => null,
      posts: (args: GraphqlArgs) => connection(this.posts.filter(own), args, HASHNODE_MAX_PAGE, (post) => this.postView(post)),
      drafts: (args: GraphqlArgs) => connection(this.drafts.filter((draft) => draft.active), args, HASHNODE_MAX_DRAFT_PAGE, (draft) => this.draftView(draft)),
    };
  }

  private postView(post: HashnodePost): Record<string, unknown> {
    const text = post.contentMarkdown;
    return {
      id: post.id,
      cuid: null,
      title: post.title,
      subtitle: post.subtitle,
      slug: post.slug,
      url: post.url,
      content: contentView(text),
      brief: text.replace(/\s+/g, ' ').trim().slice(0, 150),
      coverImage: post.coverImage ? { url: post.coverImage } : null,
      author: () => this.userView(),
      coAuthors: [],
      publication: () => this.publicationView(),
      tags: post.tags.map((tag) => tagView(tag)),
      reactionCount: 0,
      responseCount: 0,
      replyCount: 0,
      readTimeInMinutes: readingMinutes(text),
      views: 0,
      featured: false,
      publishedAt: post.publishedAt,
      updatedAt: post.updatedAt,
      canonicalUrl: post.canonicalUrl,
      hasLatexInPost: false,
      comments: (args: GraphqlArgs) => connection([], args, HASHNODE_MAX_PAGE, (node) => node),
      likedBy: (args: GraphqlArgs) => connection([], args, HASHNODE_MAX_PAGE, (node) => node),
      series: null,
      seo: { title: post.metaTitle, description: post.metaDescription },
      ogMetaData: { image: post.ogImage },
      features: { tableOfContents: { isEnabled: post.enableToc, items: [] } },
      preferences: { pinnedToBlog: false, disableComments: post.disableComments, stickCoverToBottom: false, isDelisted: post.isDelisted },
    };
  }

  private draftView(draft: HashnodeDraft): Record<string, unknown> {
    return {
      id: draft.id,
      title: draft.title,
      subtitle: draft.subtitle,
      slug: draft.slug,
      content: draft.contentMarkdown === null ? null : contentView(draft.contentMarkdown),
      author: () => this.userView(),
      coverImage: draft.coverImage ? { url: draft.coverImage } : null,
      tags: draft.tags.map((tag) => tagView(tag)),
      updatedAt: draft.updatedAt,
      scheduledDate: null,
      publication: () => this.publicationView(),
      canonicalUrl: draft.canonicalUrl,
      seo: { title: draft.metaTitle, description: draft.metaDescription },
      isSubmittedForReview: false,
      readTimeInMinutes: readingMinutes(draft.contentMarkdown ?? ''),
    };
  }
}

function requireAuth(context: HashnodeContext): void {
  if (!context.authenticated) throw hashnodeError('UNAUTHENTICATED', 'You must be authenticated to perform this action.');
}

/** Mutation arguments are schema-validated before a resolver runs, so `input` is an object. */
function inputOf(args: GraphqlArgs): GraphqlArgs {
  const input = args['input'];
  return isRecord(input) ? input : {};
}

function requiredText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw hashnodeError('BAD_USER_INPUT', `${field} must not be empty`);
  return value;
}

function optionalText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function checkedUrl(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !isHttpUrl(value)) throw hashnodeError('BAD_USER_INPUT', `${field} must be a valid URL`);
  return value;
}

function checkedTags(value: unknown): HashnodeTagInput[] {
  if (!Array.isArray(value)) return [];
  if (value.length > HASHNODE_MAX_TAGS) throw hashnodeError('BAD_USER_INPUT', `A post can have at most ${HASHNODE_MAX_TAGS} tags`);
  return value.map((tag) => {
    const record = isRecord(tag) ? tag : {};
    const slug = typeof record['slug'] === 'string' ? record['slug'].trim() : '';
    if (slug === '') throw hashnodeError('BAD_USER_INPUT', 'Every tag needs a non-empty slug');
    return { slug, name: typeof record['name'] === 'string' ? record['name'] : null };
  });
}

function checkCoAuthors(value: unknown): void {
  if (Array.isArray(value) && value.length > HASHNODE_MAX_CO_AUTHORS) {
    throw hashnodeError('BAD_USER_INPUT', `A post can have at most ${HASHNODE_MAX_CO_AUTHORS} co-authors`);
  }
}

function tagView(tag: HashnodeTagInput): Record<string, unknown> {
  return { id: `tag-${tag.slug}`, name: tag.name ?? tag.slug, slug: tag.slug, followersCount: 0, postsCount: 0 };
}

function contentView(markdown: string): Record<string, unknown> {
  return { markdown, html: `<p>${escapeHtml(markdown)}</p>`, text: markdown };
}

/** Cursor paging; `first` above the cap is clamped, not rejected. */
function connection<T>(items: T[], args: GraphqlArgs, max: number, toNode: (item: T) => unknown): Record<string, unknown> {
  const first = Math.min(max, Math.max(0, typeof args['first'] === 'number' ? args['first'] : max));
  const after = typeof args['after'] === 'string' ? Number.parseInt(Buffer.from(args['after'], 'base64').toString('utf8'), 10) : -1;
  const start = Number.isFinite(after) ? after + 1 : 0;
  const page = items.slice(start, start + first);
  const cursor = (index: number): string => Buffer.from(String(index)).toString('base64');
  return {
    edges: page.map((item, offset) => ({ node: toNode(item), cursor: cursor(start + offset) })),
    pageInfo: { hasNextPage: start + first < items.length, endCursor: page.length > 0 ? cursor(start + page.length - 1) : null, totalDocuments: items.length },
    totalDocuments: items.length,
  };
}

function formatGraphqlError(error: GraphQLError, fallbackCode: string): Record<string, unknown> {
  const code = typeof error.extensions['code'] === 'string' ? error.extensions['code'] : fallbackCode;
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions: { code },
  };
}

// ───────────────────────────── Medium (contract §3) ─────────────────────────────

export interface MediumPost {
  id: string;
  authorId: string;
  title: string;
  contentFormat: 'html' | 'markdown';
  content: string;
  /** Tags as Medium keeps them: the first 3, tags over 25 characters ignored. */
  tags: string[];
  /** Tags exactly as sent. */
  sentTags: string[];
  canonicalUrl: string | null;
  publishStatus: 'public' | 'draft' | 'unlisted';
  license: string;
  notifyFollowers: boolean | null;
  url: string;
  publishedAt: number | null;
  /** Keys the API does not know (ignored by Medium). */
  ignoredFields: string[];
}

const MEDIUM_LICENSES = [
  'all-rights-reserved',
  'cc-40-by',
  'cc-40-by-sa',
  'cc-40-by-nd',
  'cc-40-by-nc',
  'cc-40-by-nc-nd',
  'cc-40-by-nc-sa',
  'cc-40-zero',
  'public-domain',
];
const MEDIUM_FIELDS = new Set(['title', 'contentFormat', 'content', 'tags', 'canonicalUrl', 'publishStatus', 'license', 'notifyFollowers']);
const MEDIUM_MAX_TAGS = 3;
const MEDIUM_MAX_TAG_LENGTH = 25;

export class MediumEmulator implements PlatformEmulator {
  token: string;
  readonly posts: MediumPost[] = [];
  readonly user = {
    id: '5303d74c64f66366f00cb9b2a94f3251bf5',
    username: 'xpost-tester',
    name: 'Xpost Tester',
    url: 'https://medium.com/@xpost-tester',
    imageUrl: 'https://images.medium.com/0*xpost-tester.png',
  };
  private nextId = 1;
  private readonly initialToken: string;
  private readonly now: () => Date;

  constructor(token: string, now: () => Date) {
    this.token = token;
    this.initialToken = token;
    this.now = now;
  }

  reset(): void {
    this.token = this.initialToken;
    this.posts.length = 0;
    this.nextId = 1;
  }

  /** Codes 6000/6003/6004 are the documented ones; 0 marks an emulator-chosen code. */
  errorResponse(status: number, message: string, code = 0): EmulatorResponse {
    return { status, body: { errors: [{ message, code }] } };
  }

  rateLimitResponse(retryAfterSeconds: number | undefined, _style: 'json' | 'text'): EmulatorResponse {
    const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
    return { ...this.errorResponse(429, 'User has reached the rate limit for publishing today.'), headers };
  }

  handle(request: RecordedRequest): EmulatorResponse {
    const token = bearerToken(request);
    if (!request.headers['authorization']) return this.errorResponse(401, 'An access token is required.', 6000);
    if (token !== this.token) return this.errorResponse(401, 'Token was invalid.', 6003);
    const segments = request.path.split('/').filter(Boolean).slice(1);
    const [resource, id, sub, extra] = segments;
    if (request.method === 'GET' && resource === 'me' && id === undefined) return { status: 200, body: { data: { ...this.user } } };
    if (resource === 'users' && id !== undefined && extra === undefined) {
      if (request.method === 'GET' && sub === 'publications') {
        return id === this.user.id ? { status: 200, body: { data: [] } } : this.errorResponse(404, 'User not found', 6004);
      }
      if (request.method === 'POST' && sub === 'posts') return this.create(request, id);
    }
    // No update, list or delete endpoints exist.
    return this.errorResponse(404, 'Not found');
  }

  private create(request: RecordedRequest, authorId: string): EmulatorResponse {
    if (authorId !== this.user.id) return this.errorResponse(403, 'User does not have permission to publish, or authorId is not the token owner.', 6004);
    if (!isJsonRequest(request) || !isRecord(request.body)) return this.errorResponse(400, 'Request body must be a JSON object with Content-Type: application/json.');
    const body = request.body;
    const problems: string[] = [];
    const title = body['title'];
    if (typeof title !== 'string' || title.trim() === '') problems.push('title is required');
    const contentFormat = body['contentFormat'];
    if (contentFormat !== 'html' && contentFormat !== 'markdown') problems.push('contentFormat must be "html" or "markdown"');
    const content = body['content'];
    if (typeof content !== 'string' || content.trim() === '') problems.push('content is required');
    const tags = body['tags'] ?? [];
    if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) problems.push('tags must be an array of strings');
    const canonicalUrl = body['canonicalUrl'];
    if (canonicalUrl !== undefined && canonicalUrl !== null && typeof canonicalUrl !== 'string') problems.push('canonicalUrl must be a string');
    const publishStatus = body['publishStatus'] ?? 'public';
    if (publishStatus !== 'public' && publishStatus !== 'draft' && publishStatus !== 'unlisted') problems.push('publishStatus must be "public", "draft" or "unlisted"');
    const license = body['license'] ?? 'all-rights-reserved';
    if (typeof license !== 'string' || !MEDIUM_LICENSES.includes(license)) problems.push(`license must be one of ${MEDIUM_LICENSES.join(', ')}`);
    const notifyFollowers = body['notifyFollowers'];
    if (notifyFollowers !== undefined && typeof notifyFollowers !== 'boolean') problems.push('notifyFollowers must be a boolean');
    if (problems.length > 0) return this.errorResponse(400, problems.join('; '));

    const sentTags = (tags as string[]).slice();
    const id = (0xe6f36a00 + this.nextId).toString(16).slice(-12);
    this.nextId += 1;
    const post: MediumPost = {
      id,
      authorId,
      title: title as string,
      contentFormat: contentFormat as 'html' | 'markdown',
      content: content as string,
      tags: sentTags.filter((tag) => tag.length <= MEDIUM_MAX_TAG_LENGTH).slice(0, MEDIUM_MAX_TAGS),
      sentTags,
      canonicalUrl: typeof canonicalUrl === 'string' && canonicalUrl !== '' ? canonicalUrl : null,
      publishStatus: publishStatus as MediumPost['publishStatus'],
      license: license as string,
      notifyFollowers: typeof notifyFollowers === 'boolean' ? notifyFollowers : null,
      url: `https://medium.com/@${this.user.username}/${slugify(title as string) || 'post'}-${id}`,
      publishedAt: publishStatus === 'draft' ? null : this.now().getTime(),
      ignoredFields: Object.keys(body).filter((key) => !MEDIUM_FIELDS.has(key)),
    };
    this.posts.push(post);
    return { status: 201, body: { data: mediumPostView(post) } };
  }
}

/** canonicalUrl is absent when unset and publishedAt absent for drafts. */
function mediumPostView(post: MediumPost): Record<string, unknown> {
  return {
    id: post.id,
    title: post.title,
    authorId: post.authorId,
    tags: post.tags,
    url: post.url,
    ...(post.canonicalUrl ? { canonicalUrl: post.canonicalUrl } : {}),
    publishStatus: post.publishStatus,
    ...(post.publishedAt !== null ? { publishedAt: post.publishedAt } : {}),
    license: post.license,
    licenseUrl: 'https://medium.com/policy/9db0094a1e0f',
  };
}

// ───────────────────────────── LinkedIn (contract §4) ─────────────────────────────

export interface LinkedinPost {
  urn: string;
  author: string;
  /** commentary exactly as received. */
  receivedCommentary: string;
  /** commentary as LinkedIn keeps it: cut at the first unescaped reserved character, and at 3,000 characters. */
  commentary: string;
  /** What readers see: the kept commentary with escapes resolved. */
  displayedText: string;
  /** True when LinkedIn would have silently cut the text (the 201 still says success). */
  truncated: boolean;
  /** The unescaped reserved character the text was cut at, if any. */
  truncatedAt: string | null;
  visibility: string;
  distribution: unknown;
  content: unknown;
  lifecycleState: string;
  isReshareDisabledByAuthor: boolean | null;
  /** LinkedIn-Version header of the create. */
  version: string;
  deleted: boolean;
  /** Every PARTIAL_UPDATE `$set`, in order. */
  patches: Record<string, unknown>[];
}

export const LINKEDIN_RESERVED = '\\|{}@[]()<>#*_~';
const LINKEDIN_MAX_COMMENTARY = 3000;
const LINKEDIN_VISIBILITY = new Set(['PUBLIC', 'CONNECTIONS', 'LOGGED_IN', 'CONTAINER']);
const LINKEDIN_FEED = new Set(['MAIN_FEED', 'NONE', 'CONTAINER_ONLY']);
const LINKEDIN_LIFECYCLE = new Set(['PUBLISHED', 'DRAFT']);
const LINKEDIN_EDITABLE = new Set(['commentary', 'contentCallToActionLabel', 'contentLandingPage', 'lifecycleState', 'adContext']);
const LINKEDIN_FIRST_SHARE_ID = 7141138937766391808n;

export interface LittleTextReading {
  kept: string;
  displayed: string;
  truncated: boolean;
  truncatedAt: string | null;
}

/**
 * Reads little text as LinkedIn does: `\x` is a literal reserved x; `#word` (hashtag),
 * `@[Name](urn:li:…)` (mention), `{hashtag|\#|word}` (template) and URLs are elements; any other
 * unescaped reserved character ends the kept text there.
 */
export function readLittleText(text: string): LittleTextReading {
  let displayed = '';
  let index = 0;
  while (index < text.length) {
    const rest = text.slice(index);
    const char = text[index] as string;
    if (char === '\\' && rest.length > 1 && LINKEDIN_RESERVED.includes(rest[1] as string)) {
      displayed += rest[1];
      index += 2;
      continue;
    }
    const element =
      /^https?:\/\/[^\s\\]+/.exec(rest) ??
      /^#[\p{L}\p{N}]+/u.exec(rest) ??
      /^@\[[^\]\\]*\]\(urn:li:(?:person|organization):[^)\s]+\)/.exec(rest) ??
      /^\{hashtag\|\\#\|[\p{L}\p{N}]+\}/u.exec(rest);
    if (element) {
      displayed += char === '{' ? `#${element[0].slice(12, -1)}` : char === '@' ? (/^@\[([^\]]*)\]/.exec(element[0])?.[1] ?? '') : element[0];
      index += element[0].length;
      continue;
    }
    if (LINKEDIN_RESERVED.includes(char)) return { kept: text.slice(0, index), displayed, truncated: true, truncatedAt: char };
    displayed += char;
    index += 1;
  }
  return { kept: text, displayed, truncated: false, truncatedAt: null };
}

export class LinkedinEmulator implements PlatformEmulator {
  token: string;
  /** Active LinkedIn-Version values; anything else is 426 NONEXISTENT_VERSION. */
  acceptedVersions: Set<string>;
  readonly posts: LinkedinPost[] = [];
  readonly member = { sub: 'xPostTester42', name: 'Xpost Tester', given_name: 'Xpost', family_name: 'Tester', email: 'tester@example.com' };
  private nextShare = 0n;
  private readonly initial: { token: string; versions: string[] };

  constructor(token: string, versions: string[]) {
    this.token = token;
    this.acceptedVersions = new Set(versions);
    this.initial = { token, versions };
  }

  get authorUrn(): string {
    return `urn:li:person:${this.member.sub}`;
  }

  reset(): void {
    this.token = this.initial.token;
    this.acceptedVersions = new Set(this.initial.versions);
    this.posts.length = 0;
    this.nextShare = 0n;
  }

  errorResponse(status: number, message: string): EmulatorResponse {
    return { status, body: { status, message } };
  }

  rateLimitResponse(retryAfterSeconds: number | undefined, _style: 'json' | 'text'): EmulatorResponse {
    const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
    return { status: 429, headers, body: { status: 429, message: 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.' } };
  }

  handle(request: RecordedRequest): EmulatorResponse {
    if (bearerToken(request) !== this.token) return { status: 401, body: { serviceErrorCode: 65600, message: 'Invalid access token', status: 401 } };
    if (request.path === '/v2/userinfo') {
      if (request.method !== 'GET') return this.errorResponse(405, 'Method not allowed');
      return {
        status: 200,
        body: { ...this.member, email_verified: true, picture: 'https://media.licdn.com/xpost-tester.jpg', locale: { country: 'US', language: 'en' } },
      };
    }
    const headerProblem = this.checkRestHeaders(request);
    if (headerProblem) return headerProblem;
    const segments = request.path.split('/').filter(Boolean);
    const [, resource, encodedUrn, extra] = segments;
    if (resource !== 'posts' || extra !== undefined) return this.errorResponse(404, 'No virtual resource found');
    const method = (request.headers['x-restli-method'] ?? '').toUpperCase();
    if (request.method === 'GET') {
      // w_member_social cannot read or list posts.
      return { status: 403, body: { status: 403, serviceErrorCode: 100, code: 'ACCESS_DENIED', message: 'Not enough permissions to access: partnerApiPostsExternal.GET' } };
    }
    if (encodedUrn === undefined) {
      if (request.method !== 'POST') return this.errorResponse(405, 'Method not allowed');
      if (method !== '' && method !== 'CREATE') return this.errorResponse(400, `X-RestLi-Method ${method} is not valid for POST /rest/posts`);
      return this.create(request);
    }
    // Rest.li keys in the path are URL-encoded: a raw ':' means the client forgot to encode the URN.
    if (encodedUrn.includes(':')) return this.errorResponse(400, `emulator: the post URN in the path must be URL-encoded (got ${encodedUrn})`);
    const urn = safeDecode(encodedUrn);
    if (request.method === 'DELETE') {
      const post = this.posts.find((candidate) => candidate.urn === urn);
      if (post) post.deleted = true;
      return { status: 204 };
    }
    if (request.method !== 'POST') return this.errorResponse(405, 'Method not allowed');
    if (method !== 'PARTIAL_UPDATE') return this.errorResponse(400, 'POST /rest/posts/{urn} needs X-RestLi-Method: PARTIAL_UPDATE');
    return this.partialUpdate(request, urn);
  }

  private checkRestHeaders(request: RecordedRequest): EmulatorResponse | undefined {
    const version = request.headers['linkedin-version'];
    if (version === undefined || version.trim() === '') {
      return { status: 400, body: { status: 400, code: 'VERSION_MISSING', message: 'A version must be present. Please specify a version by adding the LinkedIn-Version header.' } };
    }
    if (!/^\d{6}$/.test(version) || !this.acceptedVersions.has(version)) {
      return { status: 426, body: { status: 426, code: 'NONEXISTENT_VERSION', message: `Requested version ${version} is not active` } };
    }
    if (request.headers['x-restli-protocol-version'] !== '2.0.0') {
      return this.errorResponse(400, 'emulator: X-Restli-Protocol-Version: 2.0.0 is required on /rest/*');
    }
    if (request.method === 'POST' && (!isJsonRequest(request) || !isRecord(request.body))) {
      return this.errorResponse(400, 'Request body must be a JSON object with Content-Type: application/json');
    }
    return undefined;
  }

  private create(request: RecordedRequest): EmulatorResponse {
    const body = request.body as Record<string, unknown>;
    const invalid = this.invalidCreate(body);
    if (invalid) return invalid;
    const commentary = body['commentary'] as string;
    const duplicate = this.posts.find(
      (post) => !post.deleted && post.receivedCommentary === commentary && JSON.stringify(post.content ?? null) === JSON.stringify(body['content'] ?? null),
    );
    if (duplicate) {
      return {
        status: 422,
        body: {
          errorDetailType: 'com.linkedin.common.error.BadRequest',
          message: `com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of ${duplicate.urn}`,
          errorDetails: { inputErrors: [{ description: 'Duplicate post is detected', input: {}, code: 'DUPLICATE_POST' }] },
          status: 422,
        },
      };
    }
    const urn = `urn:li:share:${LINKEDIN_FIRST_SHARE_ID + this.nextShare}`;
    this.nextShare += 1n;
    this.posts.push({
      urn,
      author: body['author'] as string,
      receivedCommentary: commentary,
      ...keptCommentary(commentary),
      visibility: body['visibility'] as string,
      distribution: body['distribution'],
      content: body['content'] ?? null,
      lifecycleState: body['lifecycleState'] as string,
      isReshareDisabledByAuthor: typeof body['isReshareDisabledByAuthor'] === 'boolean' ? body['isReshareDisabledByAuthor'] : null,
      version: request.headers['linkedin-version'] ?? '',
      deleted: false,
      patches: [],
    });
    // 201 with an empty body: the id is only in this header.
    return { status: 201, headers: { 'x-restli-id': urn } };
  }

  private invalidCreate(body: Record<string, unknown>): EmulatorResponse | undefined {
    const author = body['author'];
    if (typeof author !== 'string') return inputError('/author', 'FIELD_VALUE_REQUIRED', 'field is required but not found and has no default value');
    if (author !== this.authorUrn) {
      return { status: 403, body: { status: 403, serviceErrorCode: 100, code: 'ACCESS_DENIED', message: `Not enough permissions to access: author ${author}` } };
    }
    if (typeof body['commentary'] !== 'string') return inputError('/commentary', 'FIELD_VALUE_REQUIRED', 'field is required but not found and has no default value');
    if (typeof body['visibility'] !== 'string' || !LINKEDIN_VISIBILITY.has(body['visibility'])) {
      return inputError('/visibility', 'INVALID_VALUE', 'must be one of PUBLIC, CONNECTIONS, LOGGED_IN, CONTAINER');
    }
    const distribution = body['distribution'];
    if (!isRecord(distribution) || typeof distribution['feedDistribution'] !== 'string' || !LINKEDIN_FEED.has(distribution['feedDistribution'])) {
      return inputError('/distribution/feedDistribution', 'FIELD_VALUE_REQUIRED', 'distribution.feedDistribution is required (MAIN_FEED, NONE or CONTAINER_ONLY)');
    }
    if (typeof body['lifecycleState'] !== 'string' || !LINKEDIN_LIFECYCLE.has(body['lifecycleState'])) {
      return inputError('/lifecycleState', 'INVALID_VALUE', 'must be PUBLISHED or DRAFT');
    }
    const content = body['content'];
    if (content !== undefined && content !== null) {
      if (!isRecord(content)) return inputError('/content', 'INVALID_VALUE', 'must be an object');
      const article = content['article'];
      if (article !== undefined) {
        if (!isRecord(article) || typeof article['source'] !== 'string' || !isHttpUrl(article['source'])) {
          return inputError('/content/article/source', 'INVALID_VALUE', 'content.article.source must be an http(s) URL');
        }
        // The API does not scrape the link, and a thumbnail must be an image URN, not a URL.
        if (article['thumbnail'] !== undefined && (typeof article['thumbnail'] !== 'string' || !article['thumbnail'].startsWith('urn:li:image:'))) {
          return inputError('/content/article/thumbnail', 'INVALID_VALUE', 'content.article.thumbnail must be an image URN (urn:li:image:…)');
        }
      }
    }
    return undefined;
  }

  private partialUpdate(request: RecordedRequest, urn: string): EmulatorResponse {
    const post = this.posts.find((candidate) => candidate.urn === urn && !candidate.deleted);
    if (!post) return this.errorResponse(404, `Post ${urn} not found`);
    const patch = (request.body as Record<string, unknown>)['patch'];
    const set = isRecord(patch) ? patch['$set'] : undefined;
    if (!isRecord(set)) return inputError('/patch/$set', 'FIELD_VALUE_REQUIRED', 'body must be {"patch":{"$set":{…}}}');
    const locked = Object.keys(set).filter((field) => !LINKEDIN_EDITABLE.has(field));
    if (locked.length > 0) return inputError(`/patch/$set/${locked[0]}`, 'UNEDITABLE_FIELD', `${locked.join(', ')} cannot be updated; delete and repost`);
    if ('commentary' in set) {
      if (typeof set['commentary'] !== 'string') return inputError('/patch/$set/commentary', 'INVALID_VALUE', 'commentary must be a string');
      post.receivedCommentary = set['commentary'];
      Object.assign(post, keptCommentary(set['commentary']));
    }
    if (typeof set['lifecycleState'] === 'string') post.lifecycleState = set['lifecycleState'];
    post.patches.push(set);
    return { status: 204 };
  }
}

function keptCommentary(commentary: string): Pick<LinkedinPost, 'commentary' | 'displayedText' | 'truncated' | 'truncatedAt'> {
  const reading = readLittleText(commentary);
  const overLength = reading.kept.length > LINKEDIN_MAX_COMMENTARY;
  // Longer commentary is cut silently too.
  const kept = overLength ? reading.kept.slice(0, LINKEDIN_MAX_COMMENTARY) : reading.kept;
  return {
    commentary: kept,
    displayedText: overLength ? readLittleText(kept).displayed : reading.displayed,
    truncated: reading.truncated || overLength,
    truncatedAt: reading.truncatedAt,
  };
}

function inputError(fieldPath: string, code: string, description: string): EmulatorResponse {
  return {
    status: 422,
    body: {
      errorDetailType: 'com.linkedin.common.error.BadRequest',
      message: `ERROR :: ${fieldPath} :: ${description}`,
      errorDetails: { inputErrors: [{ description, input: { inputPath: { fieldPath } }, code }] },
      status: 422,
    },
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

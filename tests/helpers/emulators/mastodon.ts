/**
 * Mastodon (contract §7; shared/api-contracts/mastodon/methods.statuses.md and api.rate-limits.md):
 * statuses under /api/v1/statuses (create answers 200, Idempotency-Key kept 1 hour, replies only
 * to statuses that exist, the instance's character limit with every URL counted as 23), the
 * instance's limits from /api/v2/instance, Bearer tokens with scopes, and X-RateLimit-* headers on
 * every answer. It claims every path under /api/v1/ and /api/v2/, so it must be listed before dev.to.
 */
import {
  RateWindow,
  bearerToken,
  escapeHtml,
  graphemeLength,
  isRecord,
  type EmulatedRequest,
  type EmulatorDefinition,
  type EmulatorResponse,
  type PlatformEmulator,
} from './common.js';

export interface MastodonOptions {
  mastodonToken?: string;
  /**
   * The scopes the token was granted. Default: only write:statuses, the scope issue 14 asks users
   * for, so a client that also reads (GET with its token, verify_credentials) is caught.
   */
  mastodonScopes?: string[];
  /** configuration.statuses.max_characters of GET /api/v2/instance (default 500). */
  mastodonMaxCharacters?: number;
  /** The instance's domain in status URLs (default mastodon.example). */
  mastodonDomain?: string;
  mastodonRateLimit?: Partial<MastodonRateLimit>;
}

/** Defaults from api.rate-limits.md. */
export interface MastodonRateLimit {
  /** All endpoints, per account (and per IP): 300 per 5 minutes. */
  requestsPerFiveMinutes: number;
  /** DELETE /api/v1/statuses/:id: 30 per 30 minutes. */
  deletesPerHalfHour: number;
}

export const MASTODON_CREDENTIALS = { mastodonToken: 'test-mastodon-token' } as const;

export type MastodonVisibility = 'public' | 'unlisted' | 'private' | 'direct';

export interface MastodonStatus {
  id: string;
  /** The text as posted (what DELETE returns as `text`). */
  text: string;
  spoilerText: string;
  sensitive: boolean;
  visibility: MastodonVisibility;
  language: string;
  inReplyToId: string | null;
  createdAt: string;
  editedAt: string | null;
  /** The Idempotency-Key of the request that created it, if any. */
  idempotencyKey: string | null;
  url: string;
  uri: string;
  /** Earlier versions, oldest first (PUT adds one). */
  edits: { text: string; spoilerText: string; sensitive: boolean; at: string }[];
}

const DEFAULT_RATE_LIMIT: MastodonRateLimit = { requestsPerFiveMinutes: 300, deletesPerHalfHour: 30 };
const DEFAULT_MAX_CHARACTERS = 500;
/** "Idempotency keys are stored for up to 1 hour." */
const IDEMPOTENCY_TTL_MS = 60 * 60 * 1000;
const CHARACTERS_RESERVED_PER_URL = 23;
const VISIBILITIES = new Set<string>(['public', 'unlisted', 'private', 'direct']);
const LIST_DEFAULT_LIMIT = 20;
const LIST_MAX_LIMIT = 40;
const INVALID_TOKEN = { error: 'The access token is invalid' };
const OUTSIDE_SCOPES = { error: 'This action is outside the authorized scopes' };
const NOT_FOUND = { error: 'Record not found' };
const UNPARSEABLE = { error: 'Error occurred while parsing request parameters' };
const REPLY_NOT_FOUND = { error: 'The post you are trying to reply to does not appear to exist.' };
const SCOPES = {
  write: ['write', 'write:statuses'],
  read: ['read', 'read:statuses'],
  account: ['read', 'read:accounts', 'profile'],
} as const;

type Params = Record<string, string | string[]>;

export class MastodonEmulator implements PlatformEmulator {
  token: string;
  scopes: string[];
  maxCharacters: number;
  readonly domain: string;
  /** Live statuses in creation order. */
  readonly statuses: MastodonStatus[] = [];
  /** Statuses removed by DELETE (or removeStatus), in deletion order. */
  readonly deletedStatuses: MastodonStatus[] = [];
  readonly account: { id: string; username: string; acct: string; display_name: string; url: string };
  private readonly idempotency = new Map<string, { statusId: string; expiresAt: number }>();
  private readonly requestWindow: RateWindow;
  private readonly deleteWindow: RateWindow;
  private sequence = 0;
  private readonly initial: { token: string; scopes: string[]; maxCharacters: number };
  private readonly now: () => Date;

  constructor(options: MastodonOptions, now: () => Date) {
    this.token = options.mastodonToken ?? MASTODON_CREDENTIALS.mastodonToken;
    this.scopes = [...(options.mastodonScopes ?? ['write:statuses'])];
    this.maxCharacters = options.mastodonMaxCharacters ?? DEFAULT_MAX_CHARACTERS;
    this.domain = options.mastodonDomain ?? 'mastodon.example';
    this.initial = { token: this.token, scopes: [...this.scopes], maxCharacters: this.maxCharacters };
    this.account = { id: '109000000000000042', username: 'xpost_tester', acct: 'xpost_tester', display_name: 'Xpost Tester', url: `https://${this.domain}/@xpost_tester` };
    const limits = { ...DEFAULT_RATE_LIMIT, ...options.mastodonRateLimit };
    this.requestWindow = new RateWindow(limits.requestsPerFiveMinutes, 5 * 60 * 1000);
    this.deleteWindow = new RateWindow(limits.deletesPerHalfHour, 30 * 60 * 1000);
    this.now = now;
  }

  reset(): void {
    this.token = this.initial.token;
    this.scopes = [...this.initial.scopes];
    this.maxCharacters = this.initial.maxCharacters;
    this.statuses.length = 0;
    this.deletedStatuses.length = 0;
    this.idempotency.clear();
    this.requestWindow.clear();
    this.deleteWindow.clear();
    this.sequence = 0;
  }

  status(id: string): MastodonStatus | undefined {
    return this.statuses.find((candidate) => candidate.id === id);
  }

  /** Deletes a status behind the client's back (e.g. the author deleted it in the app). */
  removeStatus(id: string): boolean {
    const index = this.statuses.findIndex((candidate) => candidate.id === id);
    if (index < 0) return false;
    this.deletedStatuses.push(...this.statuses.splice(index, 1));
    return true;
  }

  errorResponse(status: number, message: string): EmulatorResponse {
    return { status, headers: this.rateHeaders(this.requestWindow, this.now()), body: { error: message } };
  }

  rateLimitResponse(retryAfterSeconds: number | undefined, _style: 'json' | 'text'): EmulatorResponse {
    const now = this.now();
    const resetAt = retryAfterSeconds === undefined ? this.requestWindow.resetAt(now) : new Date(now.getTime() + retryAfterSeconds * 1000);
    return { status: 429, headers: this.rateHeaders(this.requestWindow, now, 0, resetAt), body: { error: 'Too many requests' } };
  }

  async handle(request: EmulatedRequest): Promise<EmulatorResponse> {
    const now = this.now();
    const windows = [this.requestWindow];
    const isDelete = request.method === 'DELETE' && /^\/api\/v1\/statuses\/[^/]+$/.test(request.path);
    if (isDelete) windows.push(this.deleteWindow);
    // Rack::Attack throttles before the request reaches the API.
    const exhausted = windows.find((window) => window.remaining(now) === 0);
    if (exhausted) return { status: 429, headers: this.rateHeaders(exhausted, now, 0), body: { error: 'Too many requests' } };
    for (const window of windows) window.take(now);
    const tightest = windows.reduce((closest, window) => (window.remaining(now) < closest.remaining(now) ? window : closest));
    const response = await this.route(request, now);
    return { ...response, headers: { ...this.rateHeaders(tightest, now), ...response.headers } };
  }

  private route(request: EmulatedRequest, now: Date): EmulatorResponse | Promise<EmulatorResponse> {
    const { method, path } = request;
    if (path === '/api/v2/instance' && method === 'GET') return { status: 200, body: this.instanceView() };
    if (path === '/api/v1/statuses' && method === 'POST') return this.create(request, now);
    if (path === '/api/v1/accounts/verify_credentials' && method === 'GET') return this.verifyCredentials(request);
    const statusId = /^\/api\/v1\/statuses\/([^/]+)$/.exec(path)?.[1];
    if (statusId !== undefined) {
      if (method === 'GET') return this.show(request, statusId);
      if (method === 'PUT') return this.edit(request, statusId, now);
      if (method === 'DELETE') return this.destroy(request, statusId);
    }
    const accountId = /^\/api\/v1\/accounts\/([^/]+)\/statuses$/.exec(path)?.[1];
    if (accountId !== undefined && method === 'GET') return this.listStatuses(request, accountId);
    return { status: 404, body: { error: `emulator: ${method} ${path} is not emulated` } };
  }

  // ───────── auth (Doorkeeper) ─────────

  /** doorkeeper_authorize!: 401 without a valid token, 403 when none of the scopes was granted. */
  private authorise(request: EmulatedRequest, accepted: readonly string[]): EmulatorResponse | undefined {
    if (bearerToken(request) !== this.token) return { status: 401, body: INVALID_TOKEN };
    if (!accepted.some((scope) => this.scopes.includes(scope))) return { status: 403, body: OUTSIDE_SCOPES };
    return undefined;
  }

  /** authorize_if_got_token!: public reads work without a token, but a token sent must be valid and allowed to read. */
  private authoriseIfToken(request: EmulatedRequest): { denied?: EmulatorResponse; canReadPrivate: boolean } {
    if (request.headers['authorization'] === undefined) return { canReadPrivate: false };
    const denied = this.authorise(request, SCOPES.read);
    return denied ? { denied, canReadPrivate: false } : { canReadPrivate: true };
  }

  // ───────── statuses ─────────

  private async create(request: EmulatedRequest, now: Date): Promise<EmulatorResponse> {
    const denied = this.authorise(request, SCOPES.write);
    if (denied) return denied;
    const params = await readParams(request);
    if (!params) return { status: 400, body: UNPARSEABLE };
    const inReplyToId = text(params['in_reply_to_id']);
    // set_thread runs before the status service, so a missing parent wins even over a known Idempotency-Key.
    if (inReplyToId !== '' && !this.status(inReplyToId)) return { status: 404, body: REPLY_NOT_FOUND };
    const key = request.headers['idempotency-key'];
    if (key !== undefined && key !== '') {
      const remembered = this.idempotency.get(key);
      if (remembered && remembered.expiresAt > now.getTime()) {
        const first = this.status(remembered.statusId);
        return first ? { status: 200, body: this.statusView(first) } : { status: 404, body: NOT_FOUND };
      }
    }
    const unsupported = unsupportedParams(params);
    if (unsupported) return { status: 422, body: { error: unsupported } };
    const visibility = text(params['visibility']) || 'public';
    const status = text(params['status']);
    const spoilerText = text(params['spoiler_text']);
    const problems = await this.validationProblems(status, spoilerText);
    if (!VISIBILITIES.has(visibility)) problems.push('Visibility is not included in the list');
    if (problems.length > 0) return { status: 422, body: { error: `Validation failed: ${problems.join(', ')}` } };

    const id = this.nextId(now);
    const created: MastodonStatus = {
      id,
      text: status,
      spoilerText,
      sensitive: truthy(params['sensitive']) || spoilerText !== '',
      visibility: visibility as MastodonVisibility,
      language: languageOf(params['language']),
      inReplyToId: inReplyToId === '' ? null : inReplyToId,
      createdAt: now.toISOString(),
      editedAt: null,
      idempotencyKey: key === undefined || key === '' ? null : key,
      url: `${this.account.url}/${id}`,
      uri: `https://${this.domain}/users/${this.account.username}/statuses/${id}`,
      edits: [],
    };
    this.statuses.push(created);
    if (created.idempotencyKey) this.idempotency.set(created.idempotencyKey, { statusId: id, expiresAt: now.getTime() + IDEMPOTENCY_TTL_MS });
    return { status: 200, body: this.statusView(created) };
  }

  private show(request: EmulatedRequest, id: string): EmulatorResponse {
    const { denied, canReadPrivate } = this.authoriseIfToken(request);
    if (denied) return denied;
    const found = this.status(id);
    if (!found || (!canReadPrivate && (found.visibility === 'private' || found.visibility === 'direct'))) return { status: 404, body: NOT_FOUND };
    return { status: 200, body: this.statusView(found) };
  }

  private async edit(request: EmulatedRequest, id: string, now: Date): Promise<EmulatorResponse> {
    const denied = this.authorise(request, SCOPES.write);
    if (denied) return denied;
    const found = this.status(id);
    if (!found) return { status: 404, body: NOT_FOUND };
    const params = await readParams(request);
    if (!params) return { status: 400, body: UNPARSEABLE };
    const unsupported = unsupportedParams(params);
    if (unsupported) return { status: 422, body: { error: unsupported } };
    const status = 'status' in params ? text(params['status']) : found.text;
    const spoilerText = 'spoiler_text' in params ? text(params['spoiler_text']) : found.spoilerText;
    const problems = await this.validationProblems(status, spoilerText);
    if (problems.length > 0) return { status: 422, body: { error: `Validation failed: ${problems.join(', ')}` } };
    found.edits.push({ text: found.text, spoilerText: found.spoilerText, sensitive: found.sensitive, at: found.editedAt ?? found.createdAt });
    found.text = status;
    found.spoilerText = spoilerText;
    if ('sensitive' in params) found.sensitive = truthy(params['sensitive']);
    if ('language' in params) found.language = languageOf(params['language']);
    found.editedAt = now.toISOString();
    return { status: 200, body: this.statusView(found) };
  }

  /** 200 with the deleted status and its source `text` (for delete-and-redraft) instead of `content`. */
  private destroy(request: EmulatedRequest, id: string): EmulatorResponse {
    const denied = this.authorise(request, SCOPES.write);
    if (denied) return denied;
    const found = this.status(id);
    if (!found) return { status: 404, body: NOT_FOUND };
    this.removeStatus(id);
    const { content: _content, ...view } = this.statusView(found);
    return { status: 200, body: { ...view, text: found.text } };
  }

  /** Newest first; max_id/since_id/min_id page by id, with a Link header as Mastodon sends. */
  private listStatuses(request: EmulatedRequest, accountId: string): EmulatorResponse {
    const { denied, canReadPrivate } = this.authoriseIfToken(request);
    if (denied) return denied;
    if (accountId !== this.account.id) return { status: 404, body: NOT_FOUND };
    const requested = Number.parseInt(request.query['limit'] ?? '', 10);
    const limit = Number.isFinite(requested) ? Math.min(LIST_MAX_LIMIT, Math.max(1, requested)) : LIST_DEFAULT_LIMIT;
    const { max_id: maxId, since_id: sinceId, min_id: minId } = request.query;
    let visible = this.statuses
      .filter((found) => canReadPrivate || found.visibility === 'public' || found.visibility === 'unlisted')
      .filter((found) => (maxId === undefined || compareIds(found.id, maxId) < 0) && (sinceId === undefined || compareIds(found.id, sinceId) > 0))
      .sort((a, b) => compareIds(b.id, a.id));
    if (minId !== undefined) visible = visible.filter((found) => compareIds(found.id, minId) > 0).slice(-limit);
    const page = visible.slice(0, limit);
    const newest = page[0];
    const oldest = page.at(-1);
    const base = `http://${request.headers['host'] ?? '127.0.0.1'}${request.path}`;
    const link = newest && oldest ? `<${base}?max_id=${oldest.id}>; rel="next", <${base}?min_id=${newest.id}>; rel="prev"` : undefined;
    return { status: 200, headers: link ? { link } : {}, body: page.map((found) => this.statusView(found)) };
  }

  private verifyCredentials(request: EmulatedRequest): EmulatorResponse {
    const denied = this.authorise(request, SCOPES.account);
    if (denied) return denied;
    return {
      status: 200,
      body: { ...this.accountView(), source: { privacy: 'public', sensitive: false, language: 'en', note: '', fields: [], follow_requests_count: 0 } },
    };
  }

  /** StatusLengthValidator: graphemes of spoiler_text + text, each URL counted as 23, `@user@domain` as `@user`. */
  private async validationProblems(status: string, spoilerText: string): Promise<string[]> {
    if (status.trim() === '') return ["Text can't be blank"];
    const length = graphemeLength(spoilerText) + graphemeLength(await countableText(status));
    return length > this.maxCharacters ? [`Text character limit of ${this.maxCharacters} exceeded`] : [];
  }

  /** Snowflake-like: milliseconds shifted left 16 bits plus a sequence, so ids sort by time. */
  private nextId(now: Date): string {
    this.sequence += 1;
    return ((BigInt(now.getTime()) << 16n) + BigInt(this.sequence)).toString();
  }

  private accountView(): Record<string, unknown> {
    return {
      ...this.account,
      locked: false,
      bot: false,
      created_at: '2024-01-01T00:00:00.000Z',
      note: '',
      avatar: `https://${this.domain}/avatars/original/missing.png`,
      header: `https://${this.domain}/headers/original/missing.png`,
      followers_count: 0,
      following_count: 0,
      statuses_count: this.statuses.length,
      emojis: [],
      fields: [],
    };
  }

  private statusView(found: MastodonStatus): Record<string, unknown> {
    const parent = found.inReplyToId === null ? undefined : (this.status(found.inReplyToId) ?? this.deletedStatuses.find((candidate) => candidate.id === found.inReplyToId));
    return {
      id: found.id,
      created_at: found.createdAt,
      in_reply_to_id: found.inReplyToId,
      in_reply_to_account_id: parent ? this.account.id : null,
      sensitive: found.sensitive,
      spoiler_text: found.spoilerText,
      visibility: found.visibility,
      language: found.language,
      uri: found.uri,
      url: found.url,
      replies_count: this.statuses.filter((candidate) => candidate.inReplyToId === found.id).length,
      reblogs_count: 0,
      favourites_count: 0,
      edited_at: found.editedAt,
      favourited: false,
      reblogged: false,
      muted: false,
      bookmarked: false,
      pinned: false,
      content: this.contentHtml(found.text),
      filtered: [],
      reblog: null,
      application: { name: 'xpost', website: null },
      account: this.accountView(),
      media_attachments: [],
      mentions: [],
      tags: hashtags(found.text).map((name) => ({ name, url: `https://${this.domain}/tags/${name}` })),
      emojis: [],
      card: null,
      poll: null,
    };
  }

  /** Paragraphs, line breaks, links and hashtags, roughly as Mastodon's TextFormatter renders them. */
  private contentHtml(status: string): string {
    const linked = (line: string): string =>
      escapeHtml(line)
        .replace(/https?:\/\/[^\s<]+[^\s<.,:;!?)'"]/g, (url) => `<a href="${url}" target="_blank" rel="nofollow noopener" translate="no">${url}</a>`)
        .replace(/(^|\s)#([\p{L}\p{N}_]+)/gu, (_match, space: string, tag: string) => `${space}<a href="https://${this.domain}/tags/${tag.toLowerCase()}" class="mention hashtag" rel="tag">#<span>${tag}</span></a>`);
    return status
      .split(/\n{2,}/)
      .map((paragraph) => `<p>${paragraph.split('\n').map(linked).join('<br />')}</p>`)
      .join('');
  }

  private instanceView(): Record<string, unknown> {
    return {
      domain: this.domain,
      title: 'Mastodon (emulated)',
      version: '4.5.0',
      source_url: 'https://github.com/mastodon/mastodon',
      description: 'An emulated instance for xpost tests.',
      usage: { users: { active_month: 1 } },
      thumbnail: { url: `https://${this.domain}/thumbnail.png` },
      languages: ['en'],
      configuration: {
        urls: { streaming: `wss://${this.domain}` },
        accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
        statuses: { max_characters: this.maxCharacters, max_media_attachments: 4, characters_reserved_per_url: CHARACTERS_RESERVED_PER_URL },
        media_attachments: { supported_mime_types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'], image_size_limit: 16777216, image_matrix_limit: 33177600 },
        polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
        translation: { enabled: false },
      },
      registrations: { enabled: false, approval_required: false, message: null },
      contact: { email: `admin@${this.domain}`, account: null },
      rules: [],
    };
  }

  /** X-RateLimit-Reset is an ISO 8601 timestamp with microseconds (Time#iso8601(6)), not epoch seconds. */
  private rateHeaders(window: RateWindow, now: Date, remaining = window.remaining(now), resetAt = window.resetAt(now)): Record<string, string> {
    return {
      'x-ratelimit-limit': String(window.limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': resetAt.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'),
    };
  }
}

/** Rails params: the query string, then the body (JSON, form-urlencoded or multipart); `key[]` collects an array; undefined for broken JSON. */
async function readParams(request: EmulatedRequest): Promise<Params | undefined> {
  const params: Params = {};
  const add = (name: string, value: string): void => {
    if (name.endsWith('[]')) {
      const key = name.slice(0, -2);
      const current = params[key];
      params[key] = Array.isArray(current) ? [...current, value] : [value];
    } else {
      params[name] = value;
    }
  };
  for (const [name, value] of Object.entries(request.query)) add(name, value);
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json') && request.rawBody.trim() !== '') {
    if (!isRecord(request.body)) return undefined;
    for (const [name, value] of Object.entries(request.body)) {
      if (Array.isArray(value)) params[name] = value.map(String);
      else if (value !== null && value !== undefined) params[name] = String(value);
    }
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(request.rawBody)) add(name, value);
  } else if (type.startsWith('multipart/form-data')) {
    const form = await new Response(request.rawBytes, { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
    for (const [name, value] of form) if (typeof value === 'string') add(name, value);
  }
  return params;
}

/** Media, polls and scheduling are outside what xpost posts; refusing them keeps the emulator honest. */
function unsupportedParams(params: Params): string | undefined {
  if (params['media_ids'] !== undefined && params['media_ids'].length > 0) return 'emulator: media_ids are not emulated (no media upload endpoint)';
  if (Object.keys(params).some((name) => name.startsWith('poll'))) return 'emulator: polls are not emulated';
  if (params['scheduled_at'] !== undefined) return 'emulator: scheduled_at is not emulated';
  return undefined;
}

function text(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value : '';
}

function truthy(value: string | string[] | undefined): boolean {
  return typeof value === 'string' && ['true', '1', 't', 'on'].includes(value.toLowerCase());
}

/** An unknown language falls back to the account's default, as valid_locale_cascade does. */
function languageOf(value: string | string[] | undefined): string {
  return typeof value === 'string' && /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(value) ? value : 'en';
}

function hashtags(status: string): string[] {
  return [...status.matchAll(/(?:^|\s)#([\p{L}\p{N}_]+)/gu)].map((match) => (match[1] ?? '').toLowerCase());
}

/** Mastodon's URL extraction is twitter-text's (with wider path characters); only URLs with a scheme count as 23. */
async function countableText(status: string): Promise<string> {
  const { default: twitterText } = await import('twitter-text');
  let countable = '';
  let cursor = 0;
  for (const { indices } of twitterText.extractUrlsWithIndices(status, { extractUrlsWithoutProtocol: false })) {
    countable += status.slice(cursor, indices[0]) + 'x'.repeat(CHARACTERS_RESERVED_PER_URL);
    cursor = indices[1];
  }
  countable += status.slice(cursor);
  return countable.replace(/(^|[^/\w])@(([a-z0-9_]+)@[a-z0-9.-]+[a-z0-9]+)/gi, '$1@$3');
}

/** Ids are decimal snowflakes; anything else sorts as 0. */
function compareIds(a: string, b: string): number {
  const numeric = (id: string): bigint => (/^\d+$/.test(id) ? BigInt(id) : 0n);
  const difference = numeric(a) - numeric(b);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

export const mastodonEmulation: EmulatorDefinition<'mastodon', MastodonEmulator, MastodonOptions, typeof MASTODON_CREDENTIALS> = {
  name: 'mastodon',
  handles: (_method, path) => path.startsWith('/api/v1/') || path.startsWith('/api/v2/'),
  isWrite: (request) => (request.method === 'POST' || request.method === 'PUT' || request.method === 'DELETE') && request.path.startsWith('/api/v1/statuses'),
  credentials: MASTODON_CREDENTIALS,
  create: (options, now) => new MastodonEmulator(options, now),
};

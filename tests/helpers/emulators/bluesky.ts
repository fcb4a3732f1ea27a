/**
 * Bluesky (an atproto PDS, contract §6): XRPC under /xrpc/<nsid>. Sessions from createSession
 * (an app password; the account password is told apart), Bearer access JWTs on repo writes,
 * app.bsky.feed.post records validated against the lexicons in shared/api-contracts/bluesky/,
 * client-chosen TID record keys, getRecord/listRecords reads, uploadBlob, and the PDS's
 * rate-limit headers. Rules the PDS does not enforce itself but that decide whether a post
 * renders (facet byte offsets, reply references, embed blobs) are enforced too; their errors
 * say "emulator:" so a test failure shows which side of the line it is on.
 */
import { createHash } from 'node:crypto';
import {
  RateWindow,
  bearerToken,
  graphemeLength,
  isJsonRequest,
  isRecord,
  type EmulatedRequest,
  type EmulatorDefinition,
  type EmulatorResponse,
  type PlatformEmulator,
} from './common.js';

export interface BlueskyOptions {
  blueskyHandle?: string;
  /** The only app password the account has. */
  blueskyAppPassword?: string;
  /** The account's main password, which xpost must never use. */
  blueskyAccountPassword?: string;
  /**
   * true (default): the account password is refused with 401 AuthFactorTokenRequired, as
   * bsky.social does for an account with email sign-in codes; false: it opens a full-access
   * session (JWT scope com.atproto.access instead of com.atproto.appPass), as a PDS without them does.
   */
  blueskyEmailAuthFactor?: boolean;
  /** false lets replies name posts the emulator does not hold (the real PDS does not check). */
  blueskyCheckReplyRefs?: boolean;
  blueskyRateLimits?: Partial<BlueskyRateLimits>;
}

/** Defaults from bsky-docs rate-limits.md; the per-day limits are not modelled. */
export interface BlueskyRateLimits {
  /** Every request (per IP): 3,000 per 5 minutes. */
  requestsPerFiveMinutes: number;
  /** createSession (per account): 30 per 5 minutes. */
  sessionsPerFiveMinutes: number;
  /** Record writes (per account) in points, create 3, update 2, delete 1: 5,000 per hour. */
  writePointsPerHour: number;
}

export const BLUESKY_CREDENTIALS = {
  blueskyHandle: 'xpost-test.bsky.social',
  blueskyAppPassword: 'test-app-pass-word',
  blueskyAccountPassword: 'test-account-password-SECRET345',
} as const;

export const BLUESKY_POST_COLLECTION = 'app.bsky.feed.post';

export interface BlueskySession {
  accessJwt: string;
  refreshJwt: string;
  /** com.atproto.appPass for an app password, com.atproto.access for the account password. */
  scope: 'com.atproto.appPass' | 'com.atproto.access';
  accessExpiresAt: Date;
  refreshExpiresAt: Date;
  /** A refresh token works once: refreshSession revokes it. */
  refreshUsed: boolean;
}

export interface BlueskyRecord {
  uri: string;
  collection: string;
  rkey: string;
  cid: string;
  /** The record as stored ($type filled in when the client left it out). */
  value: Record<string, unknown>;
  /** Server time of the last write. */
  indexedAt: string;
  /** 1 after the create, +1 for each putRecord that changed it. */
  writes: number;
}

export interface BlueskyBlob {
  cid: string;
  mimeType: string;
  size: number;
  bytes: Buffer;
}

export interface BlueskyBlobRef {
  $type: 'blob';
  ref: { $link: string };
  mimeType: string;
  size: number;
}

const DEFAULT_RATE_LIMITS: BlueskyRateLimits = { requestsPerFiveMinutes: 3000, sessionsPerFiveMinutes: 30, writePointsPerHour: 5000 };
const FIVE_MINUTES_MS = 5 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** The PDS's access tokens last 2 hours and refresh tokens 90 days. */
const ACCESS_TTL_MS = 2 * HOUR_MS;
const REFRESH_TTL_MS = 90 * 24 * HOUR_MS;
const POST_MAX_GRAPHEMES = 300;
const POST_MAX_BYTES = 3000;
const POST_MAX_LANGS = 3;
const POST_MAX_TAGS = 8;
const TAG_MAX_GRAPHEMES = 64;
const TAG_MAX_BYTES = 640;
const THUMB_MAX_BYTES = 1_000_000;
const LIST_DEFAULT_LIMIT = 50;
const LIST_MAX_LIMIT = 100;
const POINTS = { create: 3, update: 2, delete: 1 } as const;
const BASE32_SORTABLE = '234567abcdefghijklmnopqrstuvwxyz';

/** XRPC error names by status (packages/xrpc ResponseType). */
const XRPC_ERROR_NAMES: Record<number, string> = {
  400: 'InvalidRequest',
  401: 'AuthenticationRequired',
  403: 'Forbidden',
  404: 'XRPCNotSupported',
  406: 'NotAcceptable',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'RateLimitExceeded',
  500: 'InternalServerError',
  501: 'MethodNotImplemented',
  502: 'UpstreamFailure',
  503: 'NotEnoughResources',
  504: 'UpstreamTimeout',
};

/** The methods emulated, and whether each is a query (GET) or a procedure (POST). */
const XRPC_METHODS: Record<string, 'query' | 'procedure'> = {
  'com.atproto.server.createSession': 'procedure',
  'com.atproto.server.refreshSession': 'procedure',
  'com.atproto.repo.createRecord': 'procedure',
  'com.atproto.repo.putRecord': 'procedure',
  'com.atproto.repo.deleteRecord': 'procedure',
  'com.atproto.repo.uploadBlob': 'procedure',
  'com.atproto.repo.getRecord': 'query',
  'com.atproto.repo.listRecords': 'query',
};

/** A TID: microseconds since the epoch and a clock id, in 13 sortable base32 characters. */
export function blueskyTid(micros: bigint, clockId = 0): string {
  let value = (micros << 10n) | BigInt(clockId & 0x3ff);
  let tid = '';
  for (let index = 0; index < 13; index += 1) {
    tid = (BASE32_SORTABLE[Number(value & 31n)] ?? '2') + tid;
    value >>= 5n;
  }
  return tid;
}

type XrpcFailure = { status: number; error: string; message: string };

class XrpcError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string, error = 'InvalidRequest'): XrpcError => new XrpcError(400, error, message);
const invalidRecord = (message: string): XrpcError => invalid(`Invalid ${BLUESKY_POST_COLLECTION} record: ${message}`);

export class BlueskyEmulator implements PlatformEmulator {
  accountHandle: string;
  appPassword: string;
  accountPassword: string;
  emailAuthFactor: boolean;
  checkReplyRefs: boolean;
  readonly did = 'did:plc:xposttestemulatedaccount';
  readonly email = 'tester@example.com';
  /** Live records in write order. */
  readonly records: BlueskyRecord[] = [];
  /** Records removed by deleteRecord (or removeRecord), in deletion order. */
  readonly deletedRecords: BlueskyRecord[] = [];
  readonly blobs: BlueskyBlob[] = [];
  readonly sessions: BlueskySession[] = [];
  private readonly requestWindow: RateWindow;
  private readonly sessionWindow: RateWindow;
  private readonly writeWindow: RateWindow;
  private commit: { cid: string; rev: string } | null = null;
  private lastTidMicros = 0n;
  private issued = 0;
  private readonly initial: { accountHandle: string; appPassword: string; accountPassword: string; emailAuthFactor: boolean; checkReplyRefs: boolean };
  private readonly now: () => Date;

  constructor(options: BlueskyOptions, now: () => Date) {
    this.accountHandle = options.blueskyHandle ?? BLUESKY_CREDENTIALS.blueskyHandle;
    this.appPassword = options.blueskyAppPassword ?? BLUESKY_CREDENTIALS.blueskyAppPassword;
    this.accountPassword = options.blueskyAccountPassword ?? BLUESKY_CREDENTIALS.blueskyAccountPassword;
    this.emailAuthFactor = options.blueskyEmailAuthFactor ?? true;
    this.checkReplyRefs = options.blueskyCheckReplyRefs ?? true;
    this.initial = {
      accountHandle: this.accountHandle,
      appPassword: this.appPassword,
      accountPassword: this.accountPassword,
      emailAuthFactor: this.emailAuthFactor,
      checkReplyRefs: this.checkReplyRefs,
    };
    const limits = { ...DEFAULT_RATE_LIMITS, ...options.blueskyRateLimits };
    this.requestWindow = new RateWindow(limits.requestsPerFiveMinutes, FIVE_MINUTES_MS);
    this.sessionWindow = new RateWindow(limits.sessionsPerFiveMinutes, FIVE_MINUTES_MS);
    this.writeWindow = new RateWindow(limits.writePointsPerHour, HOUR_MS);
    this.now = now;
  }

  reset(): void {
    Object.assign(this, this.initial);
    this.records.length = 0;
    this.deletedRecords.length = 0;
    this.blobs.length = 0;
    this.sessions.length = 0;
    for (const window of [this.requestWindow, this.sessionWindow, this.writeWindow]) window.clear();
    this.commit = null;
    this.lastTidMicros = 0n;
    this.issued = 0;
  }

  /** The live post stored under this record key. */
  record(rkey: string): BlueskyRecord | undefined {
    return this.records.find((candidate) => candidate.rkey === rkey);
  }

  /** Deletes a post behind the client's back (e.g. the author deleted it in the app). */
  removeRecord(rkey: string): boolean {
    const index = this.records.findIndex((candidate) => candidate.rkey === rkey);
    if (index < 0) return false;
    this.deletedRecords.push(...this.records.splice(index, 1));
    return true;
  }

  /** Makes every access token issued so far expired (the next repo call answers ExpiredToken). */
  expireAccessTokens(): void {
    const past = new Date(this.now().getTime() - 1);
    for (const session of this.sessions) session.accessExpiresAt = past;
  }

  errorResponse(status: number, message: string): EmulatorResponse {
    return { status, body: { error: XRPC_ERROR_NAMES[status] ?? (status >= 500 ? 'InternalServerError' : 'InvalidRequest'), message } };
  }

  rateLimitResponse(retryAfterSeconds: number | undefined, _style: 'json' | 'text'): EmulatorResponse {
    const now = this.now();
    const resetAt = retryAfterSeconds === undefined ? this.requestWindow.resetAt(now) : new Date(now.getTime() + retryAfterSeconds * 1000);
    const seconds = Math.max(0, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
    return {
      status: 429,
      headers: { ...rateHeaders(this.requestWindow, 0, resetAt), 'retry-after': String(seconds) },
      body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
    };
  }

  handle(request: EmulatedRequest): EmulatorResponse {
    const nsid = request.path.slice('/xrpc/'.length);
    const kind = XRPC_METHODS[nsid];
    if (!kind) return this.errorResponse(501, 'Method Not Implemented');
    const expected = kind === 'query' ? 'GET' : 'POST';
    if (request.method !== expected) return this.errorResponse(400, `Incorrect HTTP method (${request.method}) expected ${expected}`);
    const now = this.now();
    const windows = [this.requestWindow];
    if (!this.requestWindow.take(now)) return this.limited(this.requestWindow, now);
    try {
      return this.withRateHeaders(this.dispatch(nsid, request, now, windows), windows, now);
    } catch (error) {
      if (!(error instanceof XrpcError)) throw error;
      return this.withRateHeaders(xrpcFailure({ status: error.status, error: error.error, message: error.message }), windows, now);
    }
  }

  private dispatch(nsid: string, request: EmulatedRequest, now: Date, windows: RateWindow[]): EmulatorResponse {
    switch (nsid) {
      case 'com.atproto.server.createSession':
        return this.createSession(request, now, windows);
      case 'com.atproto.server.refreshSession':
        return this.refreshSession(request, now);
      case 'com.atproto.repo.getRecord':
        return this.getRecord(request);
      case 'com.atproto.repo.listRecords':
        return this.listRecords(request);
      case 'com.atproto.repo.uploadBlob':
        this.authorise(request, now);
        return this.uploadBlob(request);
      default:
        this.authorise(request, now);
        return this.write(nsid, jsonInput(request), now, windows);
    }
  }

  // ───────── sessions ─────────

  private createSession(request: EmulatedRequest, now: Date, windows: RateWindow[]): EmulatorResponse {
    const input = jsonInput(request);
    const identifier = requiredString(input, 'identifier');
    const password = requiredString(input, 'password');
    windows.push(this.sessionWindow);
    if (!this.sessionWindow.take(now)) throw rateLimited();
    const known = [this.accountHandle.toLowerCase(), this.did, this.email].includes(identifier.toLowerCase());
    if (!known || (password !== this.appPassword && password !== this.accountPassword)) {
      throw new XrpcError(401, 'AuthenticationRequired', 'Invalid identifier or password');
    }
    if (password === this.accountPassword && this.emailAuthFactor && input['authFactorToken'] === undefined) {
      // The lexicon's AuthFactorTokenRequired: bsky.social mails a sign-in code when the main password is used.
      throw new XrpcError(401, 'AuthFactorTokenRequired', 'A sign in code has been sent to your email address');
    }
    const session = this.issueSession(password === this.appPassword ? 'com.atproto.appPass' : 'com.atproto.access', now);
    return {
      status: 200,
      body: {
        accessJwt: session.accessJwt,
        refreshJwt: session.refreshJwt,
        handle: this.accountHandle,
        did: this.did,
        email: this.email,
        emailConfirmed: true,
        emailAuthFactor: this.emailAuthFactor,
        active: true,
      },
    };
  }

  private refreshSession(request: EmulatedRequest, now: Date): EmulatorResponse {
    const token = bearerToken(request);
    if (token === undefined) throw new XrpcError(401, 'AuthMissing', 'Authentication Required');
    const session = this.sessions.find((candidate) => candidate.refreshJwt === token);
    if (!session) {
      if (this.sessions.some((candidate) => candidate.accessJwt === token)) throw invalid('Bad token scope', 'InvalidToken');
      throw invalid('Token could not be verified', 'InvalidToken');
    }
    if (session.refreshUsed) throw invalid('Token has been revoked', 'ExpiredToken');
    if (now >= session.refreshExpiresAt) throw invalid('Token has expired', 'ExpiredToken');
    session.refreshUsed = true;
    const next = this.issueSession(session.scope, now);
    return { status: 200, body: { accessJwt: next.accessJwt, refreshJwt: next.refreshJwt, handle: this.accountHandle, did: this.did, active: true } };
  }

  private issueSession(scope: BlueskySession['scope'], now: Date): BlueskySession {
    this.issued += 1;
    const issuedAt = Math.floor(now.getTime() / 1000);
    const accessExpiresAt = new Date(now.getTime() + ACCESS_TTL_MS);
    const refreshExpiresAt = new Date(now.getTime() + REFRESH_TTL_MS);
    const session: BlueskySession = {
      accessJwt: fakeJwt('at+jwt', { scope, sub: this.did, aud: 'did:web:bsky.social', iat: issuedAt, exp: Math.floor(accessExpiresAt.getTime() / 1000), jti: `access-${this.issued}` }),
      refreshJwt: fakeJwt('refresh+jwt', {
        scope: 'com.atproto.refresh',
        sub: this.did,
        aud: 'did:web:bsky.social',
        iat: issuedAt,
        exp: Math.floor(refreshExpiresAt.getTime() / 1000),
        jti: `refresh-${this.issued}`,
      }),
      scope,
      accessExpiresAt,
      refreshExpiresAt,
      refreshUsed: false,
    };
    this.sessions.push(session);
    return session;
  }

  /** The PDS's auth verifier: 401 AuthMissing without a Bearer token, 400 InvalidToken/ExpiredToken otherwise. */
  private authorise(request: EmulatedRequest, now: Date): void {
    const token = bearerToken(request);
    if (token === undefined) throw new XrpcError(401, 'AuthMissing', 'Authentication Required');
    const session = this.sessions.find((candidate) => candidate.accessJwt === token);
    if (!session) {
      if (this.sessions.some((candidate) => candidate.refreshJwt === token)) throw invalid('Bad token scope', 'InvalidToken');
      throw invalid('Token could not be verified', 'InvalidToken');
    }
    if (now >= session.accessExpiresAt) throw invalid('Token has expired', 'ExpiredToken');
  }

  // ───────── repository writes ─────────

  private write(nsid: string, input: Record<string, unknown>, now: Date, windows: RateWindow[]): EmulatorResponse {
    const repo = requiredString(input, 'repo');
    const collection = requiredString(input, 'collection');
    const rkeyInput = nsid === 'com.atproto.repo.createRecord' ? optionalString(input, 'rkey') : requiredString(input, 'rkey');
    if (nsid !== 'com.atproto.repo.deleteRecord' && !('record' in input)) throw invalid('Input must have the property "record"');
    if (repo !== this.did && repo.toLowerCase() !== this.accountHandle.toLowerCase()) throw invalid(`Could not find repo: ${repo}`);
    if (collection !== BLUESKY_POST_COLLECTION) throw invalid(`emulator: only ${BLUESKY_POST_COLLECTION} records are emulated (got ${collection})`);
    if (input['validate'] === false) throw invalid('emulator: validate:false is not emulated; send records that pass the lexicon');
    const swapCommit = optionalString(input, 'swapCommit');
    if (swapCommit !== undefined && swapCommit !== this.commit?.cid) throw invalid(`Commit was at ${this.commit?.cid ?? 'null'}`, 'InvalidSwap');
    const existing = rkeyInput === undefined ? undefined : this.record(rkeyInput);
    const action = nsid === 'com.atproto.repo.deleteRecord' ? 'delete' : existing && nsid === 'com.atproto.repo.putRecord' ? 'update' : 'create';
    windows.push(this.writeWindow);
    if (!this.writeWindow.take(now, POINTS[action])) throw rateLimited();

    if (nsid === 'com.atproto.repo.deleteRecord') return this.deleteRecord(requiredString(input, 'rkey'), input, existing, now);
    const rkey = rkeyInput ?? this.nextTid(now);
    checkRecordKey(rkey);
    const record = this.validatePost(input['record']);
    const cid = cidFor('bafyrei', canonicalJson(record));
    const uri = `at://${this.did}/${collection}/${rkey}`;

    if (nsid === 'com.atproto.repo.createRecord') {
      // Today's PDS answers a repeated key with a bare 500, not a conflict (issue 14).
      if (existing) throw new XrpcError(500, 'InternalServerError', 'Internal Server Error');
    } else {
      checkSwapRecord(input, existing);
      if (existing && existing.cid === cid) return { status: 200, body: { uri, cid, validationStatus: 'valid' } };
    }
    if (existing) {
      Object.assign(existing, { cid, value: record, indexedAt: now.toISOString(), writes: existing.writes + 1 });
    } else {
      this.records.push({ uri, collection, rkey, cid, value: record, indexedAt: now.toISOString(), writes: 1 });
    }
    return { status: 200, body: { uri, cid, commit: this.nextCommit(now), validationStatus: 'valid' } };
  }

  private deleteRecord(rkey: string, input: Record<string, unknown>, existing: BlueskyRecord | undefined, now: Date): EmulatorResponse {
    checkSwapRecord(input, existing);
    // "Delete a repository record, or ensure it doesn't exist": a missing record is a no-op.
    if (!existing) return { status: 200, body: {} };
    this.removeRecord(rkey);
    return { status: 200, body: { commit: this.nextCommit(now) } };
  }

  private nextCommit(now: Date): { cid: string; rev: string } {
    const rev = this.nextTid(now);
    this.commit = { cid: cidFor('bafyrei', `${this.commit?.cid ?? ''}:${rev}`), rev };
    return { ...this.commit };
  }

  /** TIDs never repeat or go backwards, even when the clock stands still. */
  private nextTid(now: Date): string {
    const micros = BigInt(now.getTime()) * 1000n;
    this.lastTidMicros = micros > this.lastTidMicros ? micros : this.lastTidMicros + 1n;
    return blueskyTid(this.lastTidMicros);
  }

  // ───────── app.bsky.feed.post validation (post.json, richtext/facet.json, embed/external.json) ─────────

  private validatePost(value: unknown): Record<string, unknown> {
    if (!isRecord(value)) throw invalid('Input/record must be an object');
    const type = value['$type'];
    // The PDS fills a missing $type from the collection and refuses any other.
    if (type !== undefined && type !== BLUESKY_POST_COLLECTION) throw invalid(`Invalid $type: expected ${BLUESKY_POST_COLLECTION}, got ${String(type)}`);
    const record: Record<string, unknown> = { ...value, $type: BLUESKY_POST_COLLECTION };
    const text = record['text'];
    if (text === undefined) throw invalidRecord('Missing required key "text" at $.record');
    if (typeof text !== 'string') throw invalidRecord(`Expected string value type (got ${describe(text)}) at $.record.text`);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > POST_MAX_BYTES) throw invalidRecord(`string too big (maximum ${POST_MAX_BYTES}, got ${bytes}) at $.record.text`);
    const graphemes = graphemeLength(text);
    if (graphemes > POST_MAX_GRAPHEMES) throw invalidRecord(`grapheme too big (maximum ${POST_MAX_GRAPHEMES}, got ${graphemes}) at $.record.text`);
    const createdAt = record['createdAt'];
    if (createdAt === undefined) throw invalidRecord('Missing required key "createdAt" at $.record');
    if (typeof createdAt !== 'string' || !isDatetime(createdAt)) throw invalidRecord(`Invalid datetime (got ${describe(createdAt)}) at $.record.createdAt`);
    if (record['facets'] !== undefined) this.checkFacets(record['facets'], text);
    if (record['reply'] !== undefined) this.checkReply(record['reply']);
    if (record['embed'] !== undefined) this.checkEmbed(record['embed']);
    checkLangs(record['langs']);
    checkTags(record['tags']);
    return record;
  }

  private checkFacets(facets: unknown, text: string): void {
    if (!Array.isArray(facets)) throw invalidRecord(`Expected array value type (got ${describe(facets)}) at $.record.facets`);
    const utf8 = Buffer.from(text, 'utf8');
    let previousEnd = 0;
    const spans = facets.map((facet, index) => checkFacet(facet, index, utf8));
    for (const span of [...spans].sort((a, b) => a.start - b.start)) {
      if (span.start < previousEnd) throw invalid(`emulator: facets must not overlap (facet ${span.index} starts at byte ${span.start}, inside the previous one)`);
      previousEnd = span.end;
    }
  }

  private checkReply(reply: unknown): void {
    if (!isRecord(reply)) throw invalidRecord(`Expected object value type (got ${describe(reply)}) at $.record.reply`);
    const root = checkStrongRef(reply['root'], '$.record.reply.root');
    const parent = checkStrongRef(reply['parent'], '$.record.reply.parent');
    if (!this.checkReplyRefs) return;
    const parentRecord = this.liveRecord(parent, 'parent');
    this.liveRecord(root, 'root');
    const parentReply = parentRecord.value['reply'];
    const threadRoot = isRecord(parentReply) && isRecord(parentReply['root']) ? parentReply['root']['uri'] : parentRecord.uri;
    if (root.uri !== threadRoot) throw invalid(`emulator: reply.root must be the thread's first post, ${String(threadRoot)} (got ${root.uri})`);
  }

  /** Replies to a deleted (or never created) post would show as replies to nothing. */
  private liveRecord(ref: { uri: string; cid: string }, role: 'root' | 'parent'): BlueskyRecord {
    const found = this.records.find((candidate) => candidate.uri === ref.uri);
    if (!found) {
      const deleted = this.deletedRecords.some((candidate) => candidate.uri === ref.uri);
      throw invalid(`emulator: reply ${role} ${ref.uri} ${deleted ? 'has been deleted' : 'does not exist'}`);
    }
    if (found.cid !== ref.cid) throw invalid(`emulator: reply ${role} cid ${ref.cid} is not the current version of ${ref.uri} (${found.cid})`);
    return found;
  }

  private checkEmbed(embed: unknown): void {
    if (!isRecord(embed)) throw invalidRecord(`Expected object value type (got ${describe(embed)}) at $.record.embed`);
    if (embed['$type'] !== 'app.bsky.embed.external') {
      throw invalid(`emulator: only app.bsky.embed.external embeds are emulated (got ${describe(embed['$type'])})`);
    }
    const external = embed['external'];
    if (!isRecord(external)) throw invalidRecord('Missing required key "external" at $.record.embed');
    for (const key of ['uri', 'title', 'description']) {
      if (external[key] === undefined) throw invalidRecord(`Missing required key "${key}" at $.record.embed.external`);
      if (typeof external[key] !== 'string') throw invalidRecord(`Expected string value type (got ${describe(external[key])}) at $.record.embed.external.${key}`);
    }
    if (!isUri(external['uri'] as string)) throw invalidRecord(`Invalid uri (got ${describe(external['uri'])}) at $.record.embed.external.uri`);
    if (external['thumb'] !== undefined) this.checkBlobRef(external['thumb'], '$.record.embed.external.thumb');
  }

  private checkBlobRef(value: unknown, at: string): void {
    const ref = isRecord(value) && isRecord(value['ref']) ? value['ref'] : undefined;
    if (!isRecord(value) || value['$type'] !== 'blob' || typeof ref?.['$link'] !== 'string' || typeof value['mimeType'] !== 'string' || typeof value['size'] !== 'number') {
      throw invalidRecord(`Expected blob value type (got ${describe(value)}) at ${at}`);
    }
    const { mimeType, size } = value;
    if (!mimeType.startsWith('image/')) throw invalidRecord(`Invalid mime type (expected image/*, got ${JSON.stringify(mimeType)}) at ${at}`);
    if (size > THUMB_MAX_BYTES) throw invalidRecord(`blob too big (maximum ${THUMB_MAX_BYTES}, got ${size}) at ${at}`);
    const blob = this.blobs.find((candidate) => candidate.cid === ref['$link']);
    if (!blob) throw invalid(`Could not find blob: ${String(ref['$link'])}`, 'BlobNotFound');
    if (blob.mimeType !== mimeType) throw invalid(`Referenced Mimetype does not match stored blob. Expected: ${blob.mimeType}, Got: ${mimeType}`, 'InvalidMimeType');
    if (blob.size !== size) throw invalid(`Referenced Size does not match stored blob. Expected: ${blob.size}, Got: ${size}`, 'InvalidSize');
  }

  // ───────── reads and blobs ─────────

  private getRecord(request: EmulatedRequest): EmulatorResponse {
    const repo = requiredParam(request, 'repo');
    const collection = requiredParam(request, 'collection');
    const rkey = requiredParam(request, 'rkey');
    if (repo !== this.did && repo.toLowerCase() !== this.accountHandle.toLowerCase()) throw invalid('Could not locate record');
    const uri = `at://${this.did}/${collection}/${rkey}`;
    const found = this.records.find((candidate) => candidate.uri === uri);
    const cid = request.query['cid'];
    if (!found || (cid !== undefined && cid !== found.cid)) throw invalid(`Could not locate record: ${uri}`, 'RecordNotFound');
    return { status: 200, body: { uri: found.uri, cid: found.cid, value: found.value } };
  }

  /** Newest record key first (reverse=true: oldest first); the cursor is the last key returned. */
  private listRecords(request: EmulatedRequest): EmulatorResponse {
    const repo = requiredParam(request, 'repo');
    const collection = requiredParam(request, 'collection');
    const rawLimit = request.query['limit'];
    const limit = rawLimit === undefined ? LIST_DEFAULT_LIMIT : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > LIST_MAX_LIMIT) throw invalid(`Params/limit must be an integer from 1 to ${LIST_MAX_LIMIT} (got ${rawLimit})`);
    const rawReverse = request.query['reverse'];
    if (rawReverse !== undefined && rawReverse !== 'true' && rawReverse !== 'false') throw invalid('Params/reverse must be a boolean');
    if (repo !== this.did && repo.toLowerCase() !== this.accountHandle.toLowerCase()) throw invalid(`Could not find repo: ${repo}`);
    const reverse = rawReverse === 'true';
    const cursor = request.query['cursor'];
    const ordered = this.records
      .filter((candidate) => candidate.collection === collection)
      .sort((a, b) => (reverse ? a.rkey.localeCompare(b.rkey) : b.rkey.localeCompare(a.rkey)))
      .filter((candidate) => cursor === undefined || (reverse ? candidate.rkey > cursor : candidate.rkey < cursor));
    const page = ordered.slice(0, limit);
    const last = page.at(-1);
    return {
      status: 200,
      body: { records: page.map((found) => ({ uri: found.uri, cid: found.cid, value: found.value })), ...(last ? { cursor: last.rkey } : {}) },
    };
  }

  private uploadBlob(request: EmulatedRequest): EmulatorResponse {
    const mimeType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (request.rawBytes.length === 0) throw invalid('A request body is expected but none was provided');
    if (mimeType === '') throw invalid('Request encoding (Content-Type) required but not provided');
    const cid = cidFor('bafkrei', request.rawBytes);
    if (!this.blobs.some((candidate) => candidate.cid === cid)) this.blobs.push({ cid, mimeType, size: request.rawBytes.length, bytes: request.rawBytes });
    const blob: BlueskyBlobRef = { $type: 'blob', ref: { $link: cid }, mimeType, size: request.rawBytes.length };
    return { status: 200, body: { blob } };
  }

  // ───────── rate limits ─────────

  private limited(window: RateWindow, now: Date): EmulatorResponse {
    const resetAt = window.resetAt(now);
    return {
      status: 429,
      headers: { ...rateHeaders(window, 0, resetAt), 'retry-after': String(Math.max(0, Math.ceil((resetAt.getTime() - now.getTime()) / 1000))) },
      body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
    };
  }

  /** The headers describe whichever limit this request counted against is closest to running out. */
  private withRateHeaders(response: EmulatorResponse, windows: RateWindow[], now: Date): EmulatorResponse {
    const tightest = windows.reduce((closest, window) => (window.remaining(now) < closest.remaining(now) ? window : closest));
    if (response.status === 429) return this.limited(tightest, now);
    return { ...response, headers: { ...rateHeaders(tightest, tightest.remaining(now), tightest.resetAt(now)), ...response.headers } };
  }
}

/** RateLimit-* as the PDS sends them (xrpc-server rate-limiter-http.ts): reset in epoch seconds, policy "limit;w=seconds". */
function rateHeaders(window: RateWindow, remaining: number, resetAt: Date): Record<string, string> {
  return {
    'ratelimit-limit': String(window.limit),
    'ratelimit-remaining': String(remaining),
    'ratelimit-reset': String(Math.floor(resetAt.getTime() / 1000)),
    'ratelimit-policy': `${window.limit};w=${window.windowMs / 1000}`,
  };
}

function rateLimited(): XrpcError {
  return new XrpcError(429, 'RateLimitExceeded', 'Rate Limit Exceeded');
}

function xrpcFailure(failure: XrpcFailure): EmulatorResponse {
  return { status: failure.status, body: { error: failure.error, message: failure.message } };
}

function jsonInput(request: EmulatedRequest): Record<string, unknown> {
  if (request.rawBytes.length === 0) throw invalid('A request body is expected but none was provided');
  if (!isJsonRequest(request)) throw invalid(`Wrong request encoding (Content-Type): ${(request.headers['content-type'] ?? '').split(';')[0] ?? ''}`);
  if (!isRecord(request.body)) throw invalid('Input must be an object');
  return request.body;
}

function requiredString(input: Record<string, unknown>, key: string): string {
  const value = input[key];
  if (value === undefined) throw invalid(`Input must have the property "${key}"`);
  if (typeof value !== 'string') throw invalid(`Input/${key} must be a string`);
  return value;
}

function optionalString(input: Record<string, unknown>, key: string): string | undefined {
  return input[key] === undefined ? undefined : requiredString(input, key);
}

function requiredParam(request: EmulatedRequest, key: string): string {
  const value = request.query[key];
  if (value === undefined) throw invalid(`Params must have the property "${key}"`);
  return value;
}

/** Any record key ("Invalid record key"), then the lexicon's `"key": "tid"` for posts. */
function checkRecordKey(rkey: string): void {
  if (rkey.length > 512 || !/^[A-Za-z0-9._:~-]{1,512}$/.test(rkey) || rkey === '.' || rkey === '..') throw invalid(`Invalid record key: ${rkey}`);
  if (!/^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/.test(rkey)) {
    throw invalid(`Invalid record key for ${BLUESKY_POST_COLLECTION}: Invalid TID string (got ${JSON.stringify(rkey)})`);
  }
}

/** swapRecord: the CID the record must have now; null means it must not exist yet. */
function checkSwapRecord(input: Record<string, unknown>, existing: BlueskyRecord | undefined): void {
  if (!('swapRecord' in input) || input['swapRecord'] === undefined) return;
  const expected = input['swapRecord'];
  if ((expected === null && existing) || (expected !== null && expected !== existing?.cid)) {
    throw invalid(`Record was at ${existing?.cid ?? 'null'}`, 'InvalidSwap');
  }
}

function checkFacet(facet: unknown, index: number, utf8: Buffer): { index: number; start: number; end: number } {
  const at = `$.record.facets[${index}]`;
  if (!isRecord(facet)) throw invalidRecord(`Expected object value type (got ${describe(facet)}) at ${at}`);
  const slice = facet['index'];
  if (!isRecord(slice)) throw invalidRecord(`Missing required key "index" at ${at}`);
  for (const key of ['byteStart', 'byteEnd']) {
    const value = slice[key];
    if (value === undefined) throw invalidRecord(`Missing required key "${key}" at ${at}.index`);
    if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidRecord(`Expected integer value type (got ${describe(value)}) at ${at}.index.${key}`);
    if (value < 0) throw invalidRecord(`integer too small (minimum 0, got ${value}) at ${at}.index.${key}`);
  }
  const start = slice['byteStart'] as number;
  const end = slice['byteEnd'] as number;
  if (end > utf8.length) throw invalid(`emulator: facet ${index} ends at byte ${end}, past the end of the text (${utf8.length} UTF-8 bytes)`);
  if (start >= end) throw invalid(`emulator: facet ${index} is empty or reversed (byteStart ${start}, byteEnd ${end})`);
  for (const [name, offset] of [['byteStart', start], ['byteEnd', end]] as const) {
    // A UTF-8 continuation byte (10xxxxxx) means the offset falls inside a character.
    if (offset < utf8.length && ((utf8[offset] ?? 0) & 0xc0) === 0x80) {
      throw invalid(`emulator: facet ${index} ${name} ${offset} cuts a character in two; offsets count UTF-8 bytes, not UTF-16 units`);
    }
  }
  const features = facet['features'];
  if (!Array.isArray(features)) throw invalidRecord(`Missing required key "features" at ${at}`);
  const covered = utf8.subarray(start, end).toString('utf8');
  features.forEach((feature, position) => checkFeature(feature, `${at}.features[${position}]`, covered));
  return { index, start, end };
}

function checkFeature(feature: unknown, at: string, covered: string): void {
  if (!isRecord(feature)) throw invalidRecord(`Expected object value type (got ${describe(feature)}) at ${at}`);
  const type = feature['$type'];
  if (typeof type !== 'string') throw invalidRecord(`Missing required key "$type" at ${at}`);
  if (type === 'app.bsky.richtext.facet#link') {
    const uri = feature['uri'];
    if (typeof uri !== 'string') throw invalidRecord(`Missing required key "uri" at ${at}`);
    if (!isUri(uri)) throw invalidRecord(`Invalid uri (got ${describe(uri)}) at ${at}.uri`);
  } else if (type === 'app.bsky.richtext.facet#mention') {
    const did = feature['did'];
    if (typeof did !== 'string' || !/^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/.test(did)) throw invalidRecord(`Invalid DID (got ${describe(did)}) at ${at}.did`);
  } else if (type === 'app.bsky.richtext.facet#tag') {
    const tag = feature['tag'];
    if (typeof tag !== 'string') throw invalidRecord(`Missing required key "tag" at ${at}`);
    checkTagText(tag, `${at}.tag`);
    // "The facet reference should not [include the '#'] (except in the case of 'double hash tags')."
    if (tag.startsWith('#') && covered !== `#${tag}`) throw invalid(`emulator: tag ${JSON.stringify(tag)} must be given without its leading '#' (${at})`);
    if (tag === '' || /\s/.test(tag)) throw invalid(`emulator: tag ${JSON.stringify(tag)} is empty or contains whitespace (${at})`);
  }
}

function checkStrongRef(value: unknown, at: string): { uri: string; cid: string } {
  if (!isRecord(value)) throw invalidRecord(`Expected object value type (got ${describe(value)}) at ${at}`);
  const { uri, cid } = value;
  if (typeof uri !== 'string') throw invalidRecord(`Missing required key "uri" at ${at}`);
  if (typeof cid !== 'string') throw invalidRecord(`Missing required key "cid" at ${at}`);
  if (!/^at:\/\/[a-zA-Z0-9._:%-]+(\/[a-zA-Z0-9.-]+(\/[A-Za-z0-9._:~-]+)?)?$/.test(uri)) throw invalidRecord(`Invalid at-uri (got ${describe(uri)}) at ${at}.uri`);
  if (!/^b[a-z2-7]{8,}$/.test(cid)) throw invalidRecord(`Invalid CID string (got ${describe(cid)}) at ${at}.cid`);
  return { uri, cid };
}

function checkLangs(langs: unknown): void {
  if (langs === undefined) return;
  if (!Array.isArray(langs)) throw invalidRecord(`Expected array value type (got ${describe(langs)}) at $.record.langs`);
  if (langs.length > POST_MAX_LANGS) throw invalidRecord(`array too big (maximum ${POST_MAX_LANGS}, got ${langs.length}) at $.record.langs`);
  langs.forEach((lang, index) => {
    if (typeof lang !== 'string' || !/^(i|[a-z]{2,3})(-[a-zA-Z0-9]+)*$/.test(lang)) throw invalidRecord(`Invalid language (got ${describe(lang)}) at $.record.langs[${index}]`);
  });
}

function checkTags(tags: unknown): void {
  if (tags === undefined) return;
  if (!Array.isArray(tags)) throw invalidRecord(`Expected array value type (got ${describe(tags)}) at $.record.tags`);
  if (tags.length > POST_MAX_TAGS) throw invalidRecord(`array too big (maximum ${POST_MAX_TAGS}, got ${tags.length}) at $.record.tags`);
  tags.forEach((tag, index) => {
    if (typeof tag !== 'string') throw invalidRecord(`Expected string value type (got ${describe(tag)}) at $.record.tags[${index}]`);
    checkTagText(tag, `$.record.tags[${index}]`);
  });
}

function checkTagText(tag: string, at: string): void {
  const bytes = Buffer.byteLength(tag, 'utf8');
  if (bytes > TAG_MAX_BYTES) throw invalidRecord(`string too big (maximum ${TAG_MAX_BYTES}, got ${bytes}) at ${at}`);
  const graphemes = graphemeLength(tag);
  if (graphemes > TAG_MAX_GRAPHEMES) throw invalidRecord(`grapheme too big (maximum ${TAG_MAX_GRAPHEMES}, got ${graphemes}) at ${at}`);
}

/** The atproto datetime format: RFC 3339 with a mandatory timezone, also valid ISO 8601. */
function isDatetime(value: string): boolean {
  return (
    /^[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9](\.[0-9]{1,20})?(Z|[+-][0-2][0-9]:[0-5][0-9])$/.test(value) &&
    !value.endsWith('-00:00') &&
    !Number.isNaN(Date.parse(value))
  );
}

/** The lexicon "uri" format: a scheme, a colon, no whitespace. */
function isUri(value: string): boolean {
  return value.length <= 8192 && /^[a-z][a-z0-9+.-]*:\S+$/i.test(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : String(value);
}

/** Sorted keys at every level, so equal records get equal CIDs whatever the key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A CIDv1-looking string: the multibase/codec prefix real CIDs start with, then base32 of a SHA-256. */
function cidFor(prefix: 'bafyrei' | 'bafkrei', content: string | Buffer): string {
  const digest = createHash('sha256').update(content).digest();
  let bits = '';
  for (const byte of digest) bits += byte.toString(2).padStart(8, '0');
  let encoded = '';
  for (let offset = 0; offset < bits.length; offset += 5) encoded += 'abcdefghijklmnopqrstuvwxyz234567'[Number.parseInt(bits.slice(offset, offset + 5).padEnd(5, '0'), 2)];
  return `${prefix}${encoded}`;
}

/** JWT-shaped (header.payload.signature) so a client may read the scope; the emulator checks tokens by lookup. */
function fakeJwt(type: string, payload: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ typ: type, alg: 'ES256K' })}.${part(payload)}`;
  return `${unsigned}.${createHash('sha256').update(`emulator:${unsigned}`).digest('base64url')}`;
}

export const blueskyEmulation: EmulatorDefinition<'bluesky', BlueskyEmulator, BlueskyOptions, typeof BLUESKY_CREDENTIALS> = {
  name: 'bluesky',
  handles: (_method, path) => path.startsWith('/xrpc/'),
  isWrite: (request) =>
    request.method === 'POST' && ['createRecord', 'putRecord', 'deleteRecord', 'uploadBlob', 'applyWrites'].some((name) => request.path === `/xrpc/com.atproto.repo.${name}`),
  credentials: BLUESKY_CREDENTIALS,
  create: (options, now) => new BlueskyEmulator(options, now),
};

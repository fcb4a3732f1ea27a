/**
 * LinkedIn (Posts API, contract §4): /v2/userinfo and /rest/posts with versioned Rest.li headers,
 * little-text truncation, 201 with the URN only in `x-restli-id`, DUPLICATE_POST.
 */
import { bearerToken, isHttpUrl, isJsonRequest, isRecord, type EmulatedRequest, type EmulatorDefinition, type EmulatorResponse, type PlatformEmulator } from './common.js';

export interface LinkedinOptions {
  linkedinToken?: string;
  /** LinkedIn-Version values that are active; default: the last 12 months (versions live ~1 year). */
  linkedinVersions?: string[];
}

export const LINKEDIN_CREDENTIALS = { linkedinToken: 'test-linkedin-token-SECRET012' } as const;

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

  handle(request: EmulatedRequest): EmulatorResponse {
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

  private checkRestHeaders(request: EmulatedRequest): EmulatorResponse | undefined {
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

  private create(request: EmulatedRequest): EmulatorResponse {
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

  private partialUpdate(request: EmulatedRequest, urn: string): EmulatorResponse {
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
/** YYYYMM for the current month and the eleven before it. */
function recentVersions(now: Date): string[] {
  const versions: string[] = [];
  for (let back = 0; back < 12; back += 1) {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    versions.push(`${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return versions;
}


export const linkedinEmulation: EmulatorDefinition<'linkedin', LinkedinEmulator, LinkedinOptions, typeof LINKEDIN_CREDENTIALS> = {
  name: 'linkedin',
  handles: (_method, path) => path === '/v2/userinfo' || path.startsWith('/rest/'),
  isWrite: (request) => request.method === 'POST' || request.method === 'DELETE',
  credentials: LINKEDIN_CREDENTIALS,
  create: (options, now) => new LinkedinEmulator(options.linkedinToken ?? LINKEDIN_CREDENTIALS.linkedinToken, options.linkedinVersions ?? recentVersions(now())),
};

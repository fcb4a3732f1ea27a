/**
 * Medium (contract §3): the deprecated, create-only API under /v1/ with Bearer tokens; tags cut
 * to the first three, unknown fields ignored.
 */
import { bearerToken, isJsonRequest, isRecord, slugify, type EmulatedRequest, type EmulatorDefinition, type EmulatorResponse, type PlatformEmulator } from './common.js';

export interface MediumOptions {
  mediumToken?: string;
}

export const MEDIUM_CREDENTIALS = { mediumToken: 'test-medium-token-SECRET789' } as const;

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

  handle(request: EmulatedRequest): EmulatorResponse {
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

  private create(request: EmulatedRequest, authorId: string): EmulatorResponse {
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

export const mediumEmulation: EmulatorDefinition<'medium', MediumEmulator, MediumOptions, typeof MEDIUM_CREDENTIALS> = {
  name: 'medium',
  handles: (_method, path) => path.startsWith('/v1/'),
  isWrite: (request) => request.method === 'POST',
  credentials: MEDIUM_CREDENTIALS,
  create: (options, now) => new MediumEmulator(options.mediumToken ?? MEDIUM_CREDENTIALS.mediumToken, now),
};

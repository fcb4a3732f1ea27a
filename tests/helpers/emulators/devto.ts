/**
 * dev.to (Forem API v1, contract §1): articles under /api/, `api-key` auth, strong parameters,
 * front matter inside body_markdown, the five-minute title rule and both 429 shapes.
 */
import matter from 'gray-matter';
import {
  escapeHtml,
  isHttpUrl,
  isJsonRequest,
  isRecord,
  readingMinutes,
  slugify,
  type EmulatedRequest,
  type EmulatorDefinition,
  type EmulatorResponse,
  type PlatformEmulator,
} from './common.js';

export interface DevtoOptions {
  devtoApiKey?: string;
}

export const DEVTO_CREDENTIALS = { devtoApiKey: 'test-devto-key-SECRET123' } as const;

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

  handle(request: EmulatedRequest): EmulatorResponse {
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

  private route(request: EmulatedRequest): { auth: boolean; run: () => EmulatorResponse } | undefined {
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

  private authorised(request: EmulatedRequest): boolean {
    return request.headers['api-key'] !== undefined && request.headers['api-key'] === this.apiKey;
  }

  private articleParams(request: EmulatedRequest): { article: Record<string, unknown> } | { error: EmulatorResponse } {
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

  private create(request: EmulatedRequest): EmulatorResponse {
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

  private update(request: EmulatedRequest, id: number): EmulatorResponse {
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

  private listMine(request: EmulatedRequest, status: string): EmulatorResponse {
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
        // The v1 schema types description as a string without `nullable` (series, main_image, canonical_url have it).
        if (value === null) return { error: 'description must be a string; null is not in the v1 schema' };
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

/**
 * Forem reads front matter with front_matter_parser's Markdown syntax:
 * `\A[[:space:]]*---(?<front_matter>.*?)---[[:space:]]*$`, multi-line, so leading blank lines do not hide it.
 */
const FOREM_FRONT_MATTER = /^\s*---([\s\S]*?)---[ \t]*(?:\r?\n|$)/;

function readBodyFrontMatter(body: string): { data: Record<string, unknown> | null } | { error: string } {
  const block = FOREM_FRONT_MATTER.exec(body);
  if (!block) return { data: null };
  try {
    // The empty options object keeps gray-matter from caching by content.
    const parsed = matter(`---\n${(block[1] ?? '').replace(/^[ \t]*\r?\n/, '')}\n---\n`, {});
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

export const devtoEmulation: EmulatorDefinition<'devto', DevtoEmulator, DevtoOptions, typeof DEVTO_CREDENTIALS> = {
  name: 'devto',
  handles: (_method, path) => path.startsWith('/api/'),
  isWrite: (request) => request.method === 'POST' || request.method === 'PUT' || request.method === 'DELETE',
  credentials: DEVTO_CREDENTIALS,
  create: (options, now) => new DevtoEmulator(options.devtoApiKey ?? DEVTO_CREDENTIALS.devtoApiKey, now),
};

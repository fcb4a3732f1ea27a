import { XpostError } from '../errors/xpost-error.js';
import { canonicalKey } from '../core/identity-key.js';
import { fitDevtoTags } from './tags.js';
import type { Env, ArticleAdapter, PlatformSession, PreparedRequest, RemoteRecord, RenderedPost } from './types.js';

/** The body of POST /api/articles and PUT /api/articles/{id}. Null fields are sent on purpose: an update must clear a value the author removed. */
export interface DevtoArticlePayload {
  article: {
    title: string;
    body_markdown: string;
    published: boolean;
    description: string | null;
    canonical_url: string | null;
    main_image: string | null;
    series: string | null;
    tags: string[];
  };
}

const DEVTO_MAX_TITLE_LENGTH = 128;
const DEVTO_MAX_BODY_BYTES = 800_000;
/** /me/all accepts up to 1000 per page; a short page is the last one (no Link header or total). */
const DEVTO_PAGE_SIZE = 1000;

interface DevtoArticleResponse {
  id: number;
  url?: string;
  canonical_url?: string | null;
}

/** dev.to (Forem API v1): POST /api/articles to create, PUT /api/articles/{id} to update. */
export const devtoAdapter: ArticleAdapter<DevtoArticlePayload, DevtoArticlePayload, 'devto'> = {
  id: 'devto',
  name: 'dev.to',
  template: 'devto.md.hbs',
  body: {
    format: 'markdown',
    style: {
      // dev.to's own liquid tag as the author wrote it, else its generic tag, which takes any supported URL.
      embed: (embed) => embed.devtoText ?? (embed.provider === 'link' ? embed.url : `{% embed ${embed.url} %}`),
      tables: 'keep',
      // dev.to runs Liquid over the whole body: text that looks like Liquid must show as written.
      wrapLiquid: true,
    },
  },
  shape: 'article',
  initSchedule: '7d',
  defaultOrigin: 'https://dev.to',
  credentials: [
    { env: 'DEVTO_API_KEY', required: true, secret: true, howToGet: 'create one at https://dev.to/settings/extensions ("DEV Community API Keys")' },
  ],
  settings: [],
  updateSupport: 'update',
  manageUrl: 'https://dev.to/dashboard',
  bodyFields: ['body_markdown'],
  initConfig: ['enabled: true', '# published: true', '# tags: [webdev, javascript]'],
  // Forem allows 1 write per second per IP and key, and 9 creates per 30 s per user (CONTRACTS 1.5);
  // the margin absorbs network jitter between our send and the server's arrival time.
  writePacing: { minIntervalMs: 1_100, createsPerWindow: { limit: 9, windowMs: 31_000 } },

  requestHeaders(env: Env) {
    return {
      'api-key': env['DEVTO_API_KEY'] ?? '',
      Accept: 'application/vnd.forem.api-v1+json',
      'Content-Type': 'application/json',
    };
  },

  readErrorText(_status, data) {
    const message =
      typeof data === 'object' && data !== null && typeof (data as { error?: unknown }).error === 'string'
        ? (data as { error: string }).error
        : typeof data === 'string'
          ? data.trim().slice(0, 300)
          : undefined;
    // Both guards mean "this post (probably) exists already": the pipeline looks it up instead of failing.
    const duplicate = message !== undefined && /has already been taken|has already been used/i.test(message);
    return { message, platformCode: duplicate ? 'DUPLICATE' : undefined };
  },

  prepare(post: RenderedPost): PreparedRequest<DevtoArticlePayload> {
    if (post.title.length > DEVTO_MAX_TITLE_LENGTH) {
      throw new XpostError('PAYLOAD_INVALID', `title is ${post.title.length} characters; dev.to allows at most ${DEVTO_MAX_TITLE_LENGTH}`, {
        hint: 'Shorten the title, or set a shorter one for dev.to only with `devto: { title: ... }` in the front matter.',
      });
    }
    const bodyBytes = Buffer.byteLength(post.body, 'utf8');
    if (bodyBytes > DEVTO_MAX_BODY_BYTES) {
      throw new XpostError('PAYLOAD_INVALID', `body is ${bodyBytes} bytes; dev.to accepts at most ${DEVTO_MAX_BODY_BYTES}`, {
        hint: 'Split the post into a series.',
      });
    }
    const { tags, notes } = fitDevtoTags(post.tags);
    const article = {
      title: post.title,
      body_markdown: withoutFrontMatterLook(post.body),
      published: post.published,
      description: post.description ?? null,
      canonical_url: post.canonicalUrl ?? null,
      main_image: post.coverImage ?? null,
      series: post.series ?? null,
      tags,
    };
    const payload: DevtoArticlePayload = { article };
    return { payload, fingerprint: payload, notes, endpoint: 'POST /api/articles (PUT /api/articles/{id} to update)' };
  },

  async create(session: PlatformSession, prepared: PreparedRequest<DevtoArticlePayload>): Promise<RemoteRecord> {
    const response = await session.http.request<DevtoArticleResponse>({ method: 'POST', path: '/api/articles', body: prepared.payload });
    return toRecord(response.data, response.headers['location']);
  },

  async update(session: PlatformSession, remote: RemoteRecord, prepared: PreparedRequest<DevtoArticlePayload>): Promise<RemoteRecord> {
    const response = await session.http.request<DevtoArticleResponse>({
      method: 'PUT',
      path: `/api/articles/${encodeURIComponent(remote.id)}`,
      body: prepared.payload,
    });
    return toRecord(response.data, remote.url);
  },

  async find(session: PlatformSession, post: RenderedPost): Promise<RemoteRecord | undefined> {
    if (!post.canonicalUrl) return undefined;
    const wanted = canonicalKey(post.canonicalUrl);
    for (let page = 1; ; page += 1) {
      const response = await session.http.request<DevtoArticleResponse[]>({
        method: 'GET',
        path: '/api/articles/me/all',
        query: { page, per_page: DEVTO_PAGE_SIZE },
      });
      const articles = Array.isArray(response.data) ? response.data : [];
      const match = articles.find((article) => article.canonical_url && canonicalKey(article.canonical_url) === wanted);
      if (match) return toRecord(match, undefined);
      if (articles.length < DEVTO_PAGE_SIZE) return undefined;
    }
  },
};

/**
 * dev.to reads a leading `---` block of body_markdown as front matter that overrides the JSON
 * fields (CONTRACTS 1.3): a body that opens with a horizontal rule gets a blank line first.
 */
function withoutFrontMatterLook(body: string): string {
  return /^---[ \t]*\n/.test(body) ? `\n${body}` : body;
}

function toRecord(article: DevtoArticleResponse, fallbackUrl: string | undefined): RemoteRecord {
  if (typeof article?.id !== 'number' && typeof article?.id !== 'string') {
    throw new XpostError('SERVER_ERROR', 'dev.to answered without an article id', { hint: 'Run again; if it repeats, check your dev.to dashboard.' });
  }
  return { id: String(article.id), url: article.url ?? fallbackUrl };
}

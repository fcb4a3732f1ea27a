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
  title?: string;
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
      // Blank, not null: the v1 schema types description as a plain string, and blank means "derived from the body".
      description: post.description ?? '',
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

  /**
   * The article with the post's canonical URL; for a post without one (dev.to then sets the article's own URL), the
   * article with its title and no canonical URL of its own: the copy an interrupted create may have made.
   */
  async find(session: PlatformSession, post: RenderedPost): Promise<RemoteRecord | undefined> {
    const wanted = post.canonicalUrl === undefined ? undefined : canonicalKey(post.canonicalUrl);
    const isCopy = (article: DevtoArticleResponse): boolean =>
      wanted === undefined ? article.title === post.title && !hasForeignCanonical(article) : Boolean(article.canonical_url) && canonicalKey(article.canonical_url ?? '') === wanted;
    for (let page = 1; ; page += 1) {
      const response = await session.http.request<DevtoArticleResponse[]>({
        method: 'GET',
        path: '/api/articles/me/all',
        query: { page, per_page: DEVTO_PAGE_SIZE },
      });
      const articles = Array.isArray(response.data) ? response.data : [];
      const match = articles.find(isCopy);
      if (match) return toRecord(match, undefined);
      if (articles.length < DEVTO_PAGE_SIZE) return undefined;
    }
  },
};

/** An article whose canonical URL is set and is not its own dev.to address. */
function hasForeignCanonical(article: DevtoArticleResponse): boolean {
  if (!article.canonical_url) return false;
  return article.url === undefined || canonicalKey(article.canonical_url) !== canonicalKey(article.url);
}

/**
 * dev.to reads body_markdown that opens with `---` (after any whitespace, line breaks included: its
 * front_matter_parser skips them) as front matter overriding the JSON fields (CONTRACTS 1.3). A body that
 * opens with a horizontal rule gets an empty HTML comment first, which shows nothing.
 */
function withoutFrontMatterLook(body: string): string {
  return /^\s*---/.test(body) ? `<!-- -->\n\n${body}` : body;
}

function toRecord(article: DevtoArticleResponse, fallbackUrl: string | undefined): RemoteRecord {
  if (typeof article?.id !== 'number' && typeof article?.id !== 'string') {
    throw new XpostError('SERVER_ERROR', 'dev.to answered without an article id', { hint: 'Run again; if it repeats, check your dev.to dashboard.' });
  }
  return { id: String(article.id), url: article.url ?? fallbackUrl };
}

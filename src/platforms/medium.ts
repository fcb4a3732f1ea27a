import { z } from '../config/zod.js';
import { isSameTitle } from '../core/markdown.js';
import { XpostError } from '../errors/xpost-error.js';
import { fitMediumTags } from './tags.js';
import type { Env, ArticleAdapter, PlatformSession, PlatformSettings, PreparedRequest, RemoteRecord, RenderedPost } from './types.js';

/** Medium ignores a longer title and synthesizes one from the content instead. */
const MEDIUM_MAX_TITLE_LENGTH = 100;
const MEDIUM_PUBLISH_STATUSES = ['public', 'draft', 'unlisted'] as const;
type MediumPublishStatus = (typeof MEDIUM_PUBLISH_STATUSES)[number];
const MEDIUM_MANAGE_URL = 'https://medium.com/me/stories';
const MEDIUM_IMPORT_HINT = 'import the post by hand with Medium\'s "Import a story", giving it the canonical URL';
/** The daily publishing cap: about 10 posts, reset 24 hours after the first one. */
const MEDIUM_DAILY_LIMIT_MESSAGE = /rate limit for publishing today/i;

export interface MediumPostPayload {
  title: string;
  contentFormat: 'markdown';
  content: string;
  tags: string[];
  canonicalUrl?: string;
  publishStatus: MediumPublishStatus;
  notifyFollowers: boolean;
}

interface MediumEnvelope<T> {
  data?: T;
}

interface MediumUser {
  id?: string;
}

interface MediumPost {
  id?: string;
  url?: string;
  publishStatus?: string;
}

/** Medium (unsupported, create-only API): POST /v1/users/{authorId}/posts; no update, list or lookup. */
export const mediumAdapter: ArticleAdapter<MediumPostPayload, MediumPostPayload, 'medium'> = {
  id: 'medium',
  name: 'Medium',
  template: 'medium.md.hbs',
  // A URL alone in its paragraph is Medium's embed; its Markdown import has no tables, so they become aligned text blocks.
  body: { format: 'markdown', style: { embed: (embed) => embed.url, tables: 'text-block' } },
  shape: 'article',
  initSchedule: '21d',
  defaultOrigin: 'https://api.medium.com',
  credentials: [
    {
      env: 'MEDIUM_TOKEN',
      required: true,
      secret: true,
      howToGet: `Medium no longer issues new integration tokens, so only one you created earlier works (your Medium settings list it); without one, ${MEDIUM_IMPORT_HINT}`,
    },
  ],
  settings: [
    {
      key: 'publishStatus',
      configKey: 'publish_status',
      env: 'XPOST_MEDIUM_PUBLISH_STATUS',
      schema: z.enum(MEDIUM_PUBLISH_STATUSES),
      describe: 'public | draft | unlisted (default: public when the post is published, draft otherwise)',
    },
    {
      key: 'notifyFollowers',
      configKey: 'notify_followers',
      env: 'XPOST_MEDIUM_NOTIFY_FOLLOWERS',
      schema: z.boolean(),
      describe: 'true to notify your Medium followers (default false)',
    },
  ],
  updateSupport: 'none',
  manageUrl: MEDIUM_MANAGE_URL,
  // About 10 posts a day, counted from the first one (MEDIUM_DAILY_LIMIT_MESSAGE).
  dailyCreateLimit: 10,
  bodyFields: ['content'],
  initConfig: [
    '# Medium no longer issues integration tokens: enable it only if you already hold one (MEDIUM_TOKEN).',
    'enabled: false',
    '# publish_status: draft   # public | draft | unlisted',
    '# notify_followers: false',
  ],

  requestHeaders(env: Env) {
    return {
      Authorization: `Bearer ${env['MEDIUM_TOKEN'] ?? ''}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'Accept-Charset': 'utf-8',
    };
  },

  readErrorText(_status, data) {
    const first = firstMediumError(data);
    // The daily publishing limit resets 24 hours after the first post: retrying in this run cannot help.
    if (first) return { message: first.message, platformCode: first.code, retryable: MEDIUM_DAILY_LIMIT_MESSAGE.test(first.message ?? '') ? false : undefined };
    return { message: typeof data === 'string' && data.trim() ? data.trim().slice(0, 300) : undefined };
  },

  prepare(post: RenderedPost, settings: PlatformSettings): PreparedRequest<MediumPostPayload> {
    if (post.title.length > MEDIUM_MAX_TITLE_LENGTH) {
      throw new XpostError(
        'PAYLOAD_INVALID',
        `title is ${post.title.length} characters; Medium ignores titles over ${MEDIUM_MAX_TITLE_LENGTH} and makes one up from the content`,
        { hint: 'Shorten the title, or set a shorter one for Medium only with `medium: { title: ... }` in the front matter.' },
      );
    }
    const { tags, notes } = fitMediumTags(post.tags);
    const payload: MediumPostPayload = {
      title: post.title,
      contentFormat: 'markdown',
      content: withTitleHeading(post.title, post.body),
      tags,
      ...(post.canonicalUrl ? { canonicalUrl: post.canonicalUrl } : {}),
      publishStatus: mediumPublishStatus(settings, post.published),
      notifyFollowers: mediumNotifyFollowers(settings),
    };
    return { payload, fingerprint: payload, notes, endpoint: 'POST /v1/users/{authorId}/posts' };
  },

  async resolveAccount(session: PlatformSession): Promise<void> {
    await mediumAuthorId(session);
  },

  async create(session: PlatformSession, prepared: PreparedRequest<MediumPostPayload>): Promise<RemoteRecord> {
    const authorId = await mediumAuthorId(session);
    const response = await session.http.request<MediumEnvelope<MediumPost>>({
      method: 'POST',
      path: `/v1/users/${encodeURIComponent(authorId)}/posts`,
      body: prepared.payload,
    });
    const created = response.data?.data;
    if (!created?.id) {
      // The answer says the request arrived; whether the story exists is unknown until the user looks.
      throw new XpostError('OUTCOME_UNKNOWN', `Medium answered ${response.status} without a post id`, {
        hint: `Check ${MEDIUM_MANAGE_URL} before running again: the post may have been created.`,
      });
    }
    return {
      id: created.id,
      url: created.url,
      ...(created.publishStatus ? { meta: { publishStatus: created.publishStatus } } : {}),
    };
  },

  async update(_session: PlatformSession, remote: RemoteRecord): Promise<RemoteRecord> {
    throw new XpostError('UNSUPPORTED', 'Medium cannot update posts through its API', {
      hint: `edit it at ${remote.url ?? MEDIUM_MANAGE_URL}`,
    });
  },

  explainError: explainMediumFailure,
};

function firstMediumError(data: unknown): { message: string | undefined; code: string | undefined } | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const errors = (data as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return undefined;
  const first: unknown = errors[0];
  if (typeof first !== 'object' || first === null) return undefined;
  const { message, code } = first as { message?: unknown; code?: unknown };
  return {
    message: typeof message === 'string' ? message : undefined,
    code: typeof code === 'number' || typeof code === 'string' ? String(code) : undefined,
  };
}

/** Medium shows only `content`, never the `title` field, so the title becomes the first heading unless the author wrote it. */
function withTitleHeading(title: string, body: string): string {
  const firstLine = body.trimStart().split('\n', 1)[0] ?? '';
  const heading = /^#\s+(.*?)(?:\s+#+)?\s*$/.exec(firstLine);
  if (heading && isSameTitle(heading[1] ?? '', title)) return body;
  return `# ${title}\n\n${body}`;
}

function mediumPublishStatus(settings: PlatformSettings, published: boolean): MediumPublishStatus {
  const raw = settings['publishStatus'];
  if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return published ? 'public' : 'draft';
  const wanted = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
  const status = MEDIUM_PUBLISH_STATUSES.find((candidate) => candidate === wanted);
  if (!status) {
    throw new XpostError('CONFIG_INVALID', `XPOST_MEDIUM_PUBLISH_STATUS must be one of ${MEDIUM_PUBLISH_STATUSES.join(', ')}, not "${String(raw)}"`, {
      hint: 'Use draft to review the post on Medium before it goes public, or leave it unset to follow the post\'s `published` flag.',
    });
  }
  return status;
}

function mediumNotifyFollowers(settings: PlatformSettings): boolean {
  const raw = settings['notifyFollowers'];
  if (raw === undefined || typeof raw === 'boolean') return raw ?? false;
  const text = String(raw).trim().toLowerCase();
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  throw new XpostError('CONFIG_INVALID', `XPOST_MEDIUM_NOTIFY_FOLLOWERS must be true or false, not "${String(raw)}"`);
}

/** The token's user id, asked once and then kept in the state file. */
async function mediumAuthorId(session: PlatformSession): Promise<string> {
  const remembered = session.account.get('authorId');
  if (remembered) return remembered;
  const response = await session.http.request<MediumEnvelope<MediumUser>>({ method: 'GET', path: '/v1/me' });
  const authorId = response.data?.data?.id;
  if (!authorId) {
    throw new XpostError('SERVER_ERROR', 'Medium answered /v1/me without a user id', { hint: 'Run again later; if it repeats, check MEDIUM_TOKEN.' });
  }
  await session.account.set('authorId', authorId);
  return authorId;
}

/** Adds what the user can do next for the failures Medium's own words do not explain. */
function explainMediumFailure(failure: XpostError): XpostError {
  const keep = { status: failure.status, platformCode: failure.platformCode, cause: failure };
  if (MEDIUM_DAILY_LIMIT_MESSAGE.test(failure.message)) {
    return new XpostError('RATE_LIMITED', failure.message, {
      ...keep,
      retryable: false,
      hint: 'Medium allows about 10 posts a day, counted from the first one; run again tomorrow (posts already published are recorded).',
    });
  }
  if (failure.status === 401) {
    return new XpostError(failure.code, failure.message, {
      ...keep,
      hint: `MEDIUM_TOKEN was rejected (invalid or revoked). Medium no longer issues new integration tokens: if it was revoked, ${MEDIUM_IMPORT_HINT}.`,
    });
  }
  if (failure.status === 403) {
    return new XpostError(failure.code, failure.message, {
      ...keep,
      hint: 'The token may not be allowed to publish (publishPost scope), or it belongs to another account than the author id remembered in the state file.',
    });
  }
  return failure;
}

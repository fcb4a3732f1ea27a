import { randomUUID } from 'node:crypto';
import { httpUrl, z } from '../config/zod.js';
import { XpostError } from '../errors/xpost-error.js';
import type { HttpRequest } from '../http/types.js';
import type { AccountFacts, PlatformSession, PlatformSettings, PostedPart, ThreadAdapter, ThreadKit } from './types.js';

const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'] as const;
type Visibility = (typeof VISIBILITIES)[number];
/** `configuration.statuses` of GET /api/v2/instance, when the instance has not been asked yet (its documented example). */
const DEFAULT_MAX_CHARACTERS = 500;
const DEFAULT_URL_LENGTH = 23;
/** "Idempotency keys are stored for up to 1 hour"; a resend is trusted only well inside that. */
const IDEMPOTENCY_TRUSTED_MS = 50 * 60 * 1000;
/** Own statuses are read back this far around a part's first send, to find it after its key expired. */
const LOOKUP_MARGIN_MS = 60 * 1000;
const LOOKUP_PAGE_SIZE = 40;
const LOOKUP_MAX_PAGES = 5;

/** The form fields of POST /api/v1/statuses for one part. */
export interface MastodonPart {
  status: string;
  visibility: Visibility;
  in_reply_to_id?: string;
}

interface MastodonStatus {
  id?: string;
  url?: string | null;
  created_at?: string;
  in_reply_to_id?: string | null;
  content?: string;
  account?: { id?: string };
}

/** Mastodon: each part a status on the user's instance, answering the part before, sent with an Idempotency-Key chosen and recorded first. */
export const mastodonAdapter: ThreadAdapter<MastodonPart, 'mastodon'> = {
  id: 'mastodon',
  name: 'Mastodon',
  template: 'mastodon.txt.hbs',
  body: { format: 'plain' },
  shape: 'thread',
  initSchedule: '14d',
  // No default: the instance is the user's own, and a token must never be sent to another one.
  defaultOrigin: '',
  originSetting: 'instanceUrl',
  credentials: [
    {
      env: 'MASTODON_INSTANCE_URL',
      required: true,
      secret: false,
      setting: 'instanceUrl',
      howToGet: 'your instance, e.g. https://mastodon.social (or instance_url in the config file)',
    },
    {
      env: 'MASTODON_ACCESS_TOKEN',
      required: true,
      secret: true,
      howToGet: 'create an application under Preferences > Development on your instance with the write:statuses scope, and copy its access token',
    },
  ],
  settings: [
    {
      key: 'instanceUrl',
      configKey: 'instance_url',
      env: 'MASTODON_INSTANCE_URL',
      schema: httpUrl('must be your instance\'s address, e.g. https://mastodon.social'),
      describe: 'your Mastodon instance, e.g. https://mastodon.social',
    },
    {
      key: 'visibility',
      configKey: 'visibility',
      env: 'MASTODON_VISIBILITY',
      schema: z.enum(VISIBILITIES, { error: `must be one of ${VISIBILITIES.join(', ')}` }),
      describe: `who sees the thread: ${VISIBILITIES.join(', ')} (default public)`,
    },
  ],
  updateSupport: 'on-force',
  manageUrl: 'your profile on MASTODON_INSTANCE_URL',
  bodyFields: ['status'],
  initConfig: [
    'enabled: true',
    '# Your instance (or MASTODON_INSTANCE_URL).',
    '# instance_url: https://mastodon.social',
    '# Who sees the thread: public, unlisted, private or direct (or MASTODON_VISIBILITY).',
    '# visibility: public',
  ],

  requestHeaders() {
    // The token goes only on writes: the token needs no read scope, and reads are public.
    return { Accept: 'application/json' };
  },

  readErrorText(_status, data) {
    const message =
      typeof data === 'object' && data !== null && typeof (data as { error?: unknown }).error === 'string'
        ? (data as { error: string }).error
        : typeof data === 'string' && data.trim()
          ? data.trim().slice(0, 300)
          : undefined;
    return { message, platformCode: undefined };
  },

  explainError: explainMastodonFailure,

  skipReason(post) {
    return post.published ? undefined : 'not announced: the post is a draft (published: false); it is announced once published';
  },

  /** The instance's limits, remembered so later dry-runs cut the thread the same way. */
  async resolveAccount(session) {
    const response = await session.http.request<{ configuration?: { statuses?: { max_characters?: unknown; characters_reserved_per_url?: unknown } } }>({
      method: 'GET',
      path: '/api/v2/instance',
    });
    const statuses = response.data?.configuration?.statuses;
    for (const [key, value] of [
      ['max_characters', statuses?.max_characters],
      ['characters_reserved_per_url', statuses?.characters_reserved_per_url],
    ] as const) {
      if (typeof value === 'number' && Number.isInteger(value) && value > 0 && session.account.get(key) !== String(value)) await session.account.set(key, String(value));
    }
  },

  fitThread: (kit: ThreadKit, account: AccountFacts) => {
    const urlLength = positive(account['characters_reserved_per_url']) ?? DEFAULT_URL_LENGTH;
    return { maxLength: positive(account['max_characters']) ?? DEFAULT_MAX_CHARACTERS, measure: (text: string) => kit.mastodonLength(text, { urlLength }), unit: 'characters' };
  },

  thread: {
    endpoint: 'POST /api/v1/statuses (form data; one status per part, each answering the part before, with an Idempotency-Key per part)',

    preparePart(text, { index, settings }) {
      const payload: MastodonPart = { status: text, visibility: visibilityOf(settings), ...(index > 0 ? { in_reply_to_id: `<id of part ${index}>` } : {}) };
      return { payload, fingerprint: { status: text } };
    },

    async newKey() {
      return `xpost-${randomUUID()}`;
    },

    async createPart(session, part, place) {
      const form = new URLSearchParams({ status: part.status, visibility: part.visibility });
      if (place.parent) form.set('in_reply_to_id', place.parent.id);
      const response = await session.http
        .request<MastodonStatus>({
          method: 'POST',
          path: '/api/v1/statuses',
          headers: { ...authorised(session), 'Idempotency-Key': place.key },
          body: form,
          // Within the key's hour Mastodon answers a resend with the status it already made.
          idempotent: true,
        })
        .catch((error: unknown) => {
          // A reply that 404s lost its parent, however the instance words it ("... reply to does not appear to exist", "Record not found").
          if (place.parent && error instanceof XpostError && error.status === 404) {
            throw new XpostError(error.code, error.message, { status: error.status, platformCode: 'PARENT_GONE', hint: error.hint });
          }
          throw error;
        });
      await rememberAccount(session, response.data);
      return statusPart(response.data, place.key);
    },

    async recoverPart(session, part, place, sentAt, now) {
      if (now.getTime() - Date.parse(sentAt) < IDEMPOTENCY_TRUSTED_MS) return { kind: 'send' };
      const found = await findOwnStatus(session, part, place.parent, sentAt);
      return found ? { kind: 'found', part: statusPart(found, place.key) } : { kind: 'send' };
    },

    async editPart(session, posted, part) {
      const response = await session.http.request<MastodonStatus>({
        method: 'PUT',
        path: `/api/v1/statuses/${encodeURIComponent(posted.id)}`,
        headers: authorised(session),
        body: new URLSearchParams({ status: part.status }),
      });
      return statusPart(response.data, posted.key);
    },

    async deletePart(session, posted) {
      try {
        await session.http.request({ method: 'DELETE', path: `/api/v1/statuses/${encodeURIComponent(posted.id)}`, headers: authorised(session) });
      } catch (error) {
        // Already gone is what a delete wants.
        if (!(error instanceof XpostError && error.status === 404)) throw error;
      }
    },
  },
};

function positive(value: string | undefined): number | undefined {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : undefined;
}

function visibilityOf(settings: PlatformSettings): Visibility {
  const value = settings['visibility'] ?? 'public';
  if (typeof value === 'string' && (VISIBILITIES as readonly string[]).includes(value)) return value as Visibility;
  throw new XpostError('CONFIG_INVALID', `MASTODON_VISIBILITY is "${String(value)}"; it must be one of ${VISIBILITIES.join(', ')}`, {
    hint: 'Fix MASTODON_VISIBILITY or platforms.mastodon.visibility (default public).',
  });
}

function authorised(session: PlatformSession): Record<string, string> {
  return { Authorization: `Bearer ${session.env['MASTODON_ACCESS_TOKEN']?.trim() ?? ''}` };
}

function statusPart(status: MastodonStatus | undefined, key: string): PostedPart {
  if (typeof status?.id !== 'string' || status.id === '') throw new XpostError('OUTCOME_UNKNOWN', 'Mastodon answered without the status id');
  return { key, id: status.id, url: status.url ?? undefined };
}

/** The account id comes with every status: remembered, it lets a later run read the account's statuses without a read scope. */
async function rememberAccount(session: PlatformSession, status: MastodonStatus | undefined): Promise<void> {
  const account = status?.account?.id;
  if (typeof account === 'string' && account !== '' && session.account.get('account_id') !== account) await session.account.set('account_id', account);
}

/**
 * After the key's hour: the account's public statuses around the first send, for one that answers the
 * same part and holds the same text. Followers-only and direct statuses cannot be read without a read
 * scope, so for them the answer stays unknown.
 */
async function findOwnStatus(session: PlatformSession, part: MastodonPart, parent: PostedPart | undefined, sentAt: string): Promise<MastodonStatus | undefined> {
  const accountId = session.account.get('account_id');
  if (!accountId || part.visibility === 'private' || part.visibility === 'direct') {
    throw new XpostError('OUTCOME_UNKNOWN', 'Mastodon keeps an Idempotency-Key for an hour, and the account\'s statuses cannot be read to look for the part');
  }
  const since = Date.parse(sentAt) - LOOKUP_MARGIN_MS;
  let maxId: string | undefined;
  for (let page = 0; page < LOOKUP_MAX_PAGES; page += 1) {
    const response = await session.http.request<MastodonStatus[]>({
      method: 'GET',
      path: `/api/v1/accounts/${encodeURIComponent(accountId)}/statuses`,
      query: { limit: LOOKUP_PAGE_SIZE, ...(maxId ? { max_id: maxId } : {}) },
    });
    const statuses = Array.isArray(response.data) ? response.data : [];
    const match = statuses.find((status) => (status.in_reply_to_id ?? undefined) === parent?.id && sameText(status.content ?? '', part.status));
    if (match) return match;
    const oldest = statuses.at(-1);
    if (!oldest?.id || statuses.length < LOOKUP_PAGE_SIZE || Date.parse(oldest.created_at ?? '') < since) return undefined;
    maxId = oldest.id;
  }
  throw new XpostError('OUTCOME_UNKNOWN', 'the account has posted too much since the part was sent to look for it');
}

/** A status's HTML against the text it was posted from: tags dropped, entities decoded, white space collapsed. */
function sameText(html: string, text: string): boolean {
  const plain = html
    .replace(/<br\s*\/?>|<\/p>\s*<p>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  const squeeze = (value: string) => value.replace(/\s+/g, ' ').trim();
  return squeeze(plain) === squeeze(text);
}

function explainMastodonFailure(failure: XpostError, request: HttpRequest): XpostError {
  const options = { status: failure.status, platformCode: failure.platformCode, retryable: failure.retryable, retryAfterSeconds: failure.retryAfterSeconds, notSent: failure.notSent };
  if (failure.status === 401) {
    return new XpostError('AUTH_FAILED', `Mastodon rejected MASTODON_ACCESS_TOKEN (${failure.message})`, {
      ...options,
      hint: 'Check that the token belongs to MASTODON_INSTANCE_URL and was not revoked: Preferences > Development on your instance.',
    });
  }
  if (failure.status === 403) {
    return new XpostError('FORBIDDEN', `Mastodon refused ${request.method} ${request.path} (${failure.message})`, {
      ...options,
      hint: 'The token needs the write:statuses scope: create one with it under Preferences > Development.',
    });
  }
  if (failure.code === 'RATE_LIMITED') {
    const wait = failure.retryAfterSeconds === undefined ? 'later' : `in ${Math.max(1, Math.ceil(failure.retryAfterSeconds / 60))} min`;
    return new XpostError('RATE_LIMITED', failure.message, {
      ...options,
      hint: `Mastodon allows 300 requests per 5 minutes per account: run again ${wait}; the parts already posted are recorded.`,
    });
  }
  if (failure.status === 422 && /character limit/i.test(failure.message)) {
    return new XpostError('REJECTED', failure.message, { ...options, hint: 'The instance\'s limit changed: run publish again, which reads it anew and cuts the thread to fit.' });
  }
  return failure;
}

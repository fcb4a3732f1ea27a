import { z } from '../config/zod.js';
import { XpostError, isXpostError } from '../errors/xpost-error.js';
import type { HttpResponse } from '../http/types.js';
import { toHashtags } from './tags.js';
import type { Env, ArticleAdapter, PlatformSession, PlatformSettings, PreparedRequest, RemoteRecord, RenderedPost } from './types.js';

/** A version the contracts cite as live; LinkedIn retires versions about a year after release (426 NONEXISTENT_VERSION). */
export const DEFAULT_LINKEDIN_VERSION = '202606';
const LINKEDIN_VERSION_FORMAT = /^\d{6}$/;
/**
 * LinkedIn cuts longer commentary silently. The limit is counted on the escaped text we send (UTF-16 units,
 * as LinkedIn's Java backend counts): it is unverified whether escapes count, and over-counting only costs a
 * few characters, while under-counting loses the end of the post.
 */
export const LINKEDIN_MAX_COMMENTARY_LENGTH = 3000;
const AUTHOR_PLACEHOLDER = '<author URN from /v2/userinfo>';
const AUTHOR_URN_FORMAT = /^urn:li:(?:person|organization):\S+$/;
const POST_URN = /urn:li:(?:share|ugcPost):[\w-]+/;
const LINKEDIN_MANAGE_URL = 'https://www.linkedin.com/in/me/recent-activity/all/';
const TOKEN_HELP = 'LinkedIn access tokens last 60 days: create a new one with the w_member_social, openid and profile scopes';

/** Little-text elements: any of these left bare makes LinkedIn cut the post at that character, while still answering 201. */
const LITTLE_TEXT_RESERVED = /[\\|{}@[\]()<>#*_~]/g;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"]+/g;
const WORD_CHARACTER = /[\p{L}\p{N}_]/u;
const LEADING_WORD = /^[\p{L}\p{N}_]+/u;

export interface LinkedinPostBody {
  author: string;
  commentary: string;
  visibility: 'PUBLIC';
  distribution: { feedDistribution: 'MAIN_FEED'; targetEntities: []; thirdPartyDistributionChannels: [] };
  content: { article: { source: string; title: string; description?: string } };
  lifecycleState: 'PUBLISHED';
  isReshareDisabledByAuthor: false;
}

interface LinkedinUserInfo {
  sub?: string;
}

/** LinkedIn Posts API: a member share linking to the original article; POST /rest/posts to create, PARTIAL_UPDATE for the text. */
/** The content hash leaves out the author, an account fact resolved at send time. */
type LinkedinFingerprint = Omit<LinkedinPostBody, 'author'>;

export const linkedinAdapter: ArticleAdapter<LinkedinPostBody, LinkedinFingerprint, 'linkedin'> = {
  id: 'linkedin',
  name: 'LinkedIn',
  template: 'linkedin.txt.hbs',
  body: { format: 'plain' },
  shape: 'article',
  initSchedule: '7d',
  defaultOrigin: 'https://api.linkedin.com',
  credentials: [
    {
      env: 'LINKEDIN_ACCESS_TOKEN',
      required: true,
      secret: true,
      howToGet:
        'create an app at https://www.linkedin.com/developers/apps with "Share on LinkedIn" and "Sign In with LinkedIn using OpenID Connect", then an OAuth token with the w_member_social, openid and profile scopes (it lasts 60 days)',
    },
    {
      env: 'LINKEDIN_AUTHOR_URN',
      required: false,
      secret: false,
      howToGet: 'optional: urn:li:person:<id> to post as; without it xpost asks /v2/userinfo once and remembers the answer',
    },
  ],
  settings: [
    {
      key: 'version',
      configKey: 'version',
      env: 'XPOST_LINKEDIN_VERSION',
      schema: z.string().check(z.regex(LINKEDIN_VERSION_FORMAT, { error: `must be a LinkedIn API version YYYYMM, e.g. ${DEFAULT_LINKEDIN_VERSION}` })),
      describe: 'LinkedIn API version YYYYMM; versions are retired about a year after release',
    },
    {
      key: 'authorUrn',
      configKey: 'author_urn',
      env: 'LINKEDIN_AUTHOR_URN',
      schema: z.string(),
      describe: 'urn:li:person:<id> to post as; when empty xpost asks /v2/userinfo once and remembers it',
    },
  ],
  updateSupport: 'on-force',
  manageUrl: LINKEDIN_MANAGE_URL,
  bodyFields: ['commentary'],
  initConfig: [
    'enabled: true',
    '# LinkedIn API version YYYYMM (or XPOST_LINKEDIN_VERSION); versions retire after about a year.',
    '# version: "202606"',
    '# Found with the token when unset (or LINKEDIN_AUTHOR_URN).',
    '# author_urn: urn:li:person:AbC123dEf4',
  ],

  requestHeaders(env: Env, settings: PlatformSettings) {
    return {
      Authorization: `Bearer ${env['LINKEDIN_ACCESS_TOKEN'] ?? ''}`,
      'LinkedIn-Version': linkedinVersion(settings),
      'X-Restli-Protocol-Version': '2.0.0',
      'Content-Type': 'application/json',
    };
  },

  skipReason(post: RenderedPost): string | undefined {
    if (!post.published) return 'not shared: the post is a draft (published: false) and LinkedIn has no drafts; it is shared once published';
    // The share is a card linking to the original: without one there is nothing to share, but other platforms still publish.
    if (!post.canonicalUrl) return 'not shared: a LinkedIn share links to the original post, and this post has no canonical_url';
    return undefined;
  },

  readErrorText(status, data) {
    // LinkedIn's 429 is a daily quota without Retry-After: retrying within this run cannot help.
    if (status === 429) return { message: typeof data === 'object' && data !== null ? String((data as { message?: unknown }).message ?? '') || undefined : undefined, retryable: false };
    if (typeof data !== 'object' || data === null) {
      return { message: typeof data === 'string' && data.trim() ? data.trim().slice(0, 300) : undefined };
    }
    const body = data as { message?: unknown; code?: unknown; serviceErrorCode?: unknown; errorDetails?: { inputErrors?: unknown } };
    const message = typeof body.message === 'string' ? body.message : undefined;
    const rawInputErrors: unknown = body.errorDetails?.inputErrors;
    const inputErrors: unknown[] = Array.isArray(rawInputErrors) ? rawInputErrors : [];
    const inputCodes = inputErrors.map((inputError) => (inputError as { code?: unknown } | null)?.code).filter((code) => typeof code === 'string');
    const existing = message ? POST_URN.exec(message)?.[0] : undefined;
    if (inputCodes.includes('DUPLICATE_POST') || (existing && /duplicate/i.test(message ?? ''))) {
      // create() reads the URN back from this exact wording (see existingPostOf).
      return { message: existing ? `Content is a duplicate of ${existing}` : message, platformCode: 'DUPLICATE_POST' };
    }
    const platformCode = inputCodes[0] ?? (typeof body.code === 'string' ? body.code : undefined) ?? serviceErrorCode(body.serviceErrorCode);
    return { message, platformCode };
  },

  prepare(post: RenderedPost, settings: PlatformSettings): PreparedRequest<LinkedinPostBody, LinkedinFingerprint> {
    linkedinVersion(settings);
    if (!post.canonicalUrl) {
      throw new XpostError('PAYLOAD_INVALID', 'a LinkedIn share links to the original article, and this post has no canonical_url', {
        hint: 'Add canonical_url (the address of the original post) to the front matter, or leave LinkedIn out of --to.',
      });
    }
    const hashtags = toHashtags(post.tags);
    const commentary = escapeLittleText(post.body, hashtags.tags);
    if (commentary.length > LINKEDIN_MAX_COMMENTARY_LENGTH) {
      throw new XpostError(
        'PAYLOAD_INVALID',
        `the share text is ${commentary.length} characters once LinkedIn's reserved characters are escaped; LinkedIn keeps at most ${LINKEDIN_MAX_COMMENTARY_LENGTH} and cuts the rest without an error`,
        { hint: 'Shorten the description, or set a shorter one for LinkedIn only with `linkedin: { description: ... }` in the front matter.' },
      );
    }
    const notes = [...hashtags.notes];
    if (post.coverImage) notes.push('cover image not sent: LinkedIn needs it uploaded as an image first, so the link preview has no thumbnail');
    const payload: LinkedinPostBody = {
      author: configuredAuthorUrn(settings) ?? AUTHOR_PLACEHOLDER,
      commentary,
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      content: { article: { source: post.canonicalUrl, title: post.title, ...(post.description ? { description: post.description } : {}) } },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    };
    // The author is an account fact resolved at send time: changing it must not make the post look edited.
    const { author: _author, ...fingerprint } = payload;
    return { payload, fingerprint, notes, endpoint: 'POST /rest/posts' };
  },

  async resolveAccount(session: PlatformSession): Promise<void> {
    await linkedinAuthorUrn(session);
  },

  async create(session: PlatformSession, prepared: PreparedRequest<LinkedinPostBody, LinkedinFingerprint>): Promise<RemoteRecord> {
    const body: LinkedinPostBody = { ...prepared.payload, author: await linkedinAuthorUrn(session) };
    let response: HttpResponse;
    try {
      // Rest.li method names as LinkedIn's official client sends them (CONTRACTS 4.1: lower case).
      response = await session.http.request({ method: 'POST', path: '/rest/posts', headers: { 'X-RestLi-Method': 'create' }, body });
    } catch (error) {
      // LinkedIn refuses identical commentary and article with the URN of the share that already has them: that share is ours.
      const existing = isXpostError(error) ? existingPostOf(error) : undefined;
      if (existing) {
        const url = linkedinPostUrl(existing);
        return {
          id: existing,
          url,
          meta: { recordedFrom: 'DUPLICATE_POST' },
          // LinkedIn may name a share that was since deleted (CONTRACTS 4.5), and xpost's token cannot read it back.
          notice: `LinkedIn called this share a duplicate of ${existing}, which is recorded as the copy: check ${url}; if it was deleted, run publish with --force`,
        };
      }
      throw error;
    }
    const urn = createdPostUrn(response.headers);
    if (!urn) {
      throw new XpostError('SERVER_ERROR', `LinkedIn answered ${response.status} without the new post's URN (x-restli-id header)`, {
        hint: `Check ${LINKEDIN_MANAGE_URL}; running again records the share if it exists, as LinkedIn reports it as a duplicate.`,
      });
    }
    return { id: urn, url: linkedinPostUrl(urn) };
  },

  /** Only the commentary can change: the article link, title and description stay as first shared (delete and repost to change them). */
  async update(session: PlatformSession, remote: RemoteRecord, prepared: PreparedRequest<LinkedinPostBody, LinkedinFingerprint>): Promise<RemoteRecord> {
    const { commentary } = prepared.payload;
    await session.http.request({
      method: 'POST',
      path: `/rest/posts/${encodeURIComponent(remote.id)}`,
      headers: { 'X-RestLi-Method': 'partial_update' },
      body: { patch: { $set: { commentary } } },
      // Setting the same text twice has the same effect, so a timed-out update may be sent again.
      idempotent: true,
    });
    return { id: remote.id, url: remote.url ?? linkedinPostUrl(remote.id) };
  },

  explainError: (failure, request, settings) => explainLinkedinFailure(failure, settings, request.path),
};

/**
 * Escapes every little-text reserved character so LinkedIn shows the text whole, except the `#` that starts one
 * of `hashtags` (whole word, any case), which stays a clickable hashtag.
 */
export function escapeLittleText(text: string, hashtags: string[]): string {
  const wanted = new Set(hashtags.map((hashtag) => hashtag.replace(/^#/, '').toLowerCase()));
  const urls = urlRanges(text);
  return text.replace(LITTLE_TEXT_RESERVED, (character: string, offset: number) => {
    // Percent-encoding keeps a URL clickable yet leaves no bare `_` or `(` to cut the post; `#` starts a fragment, so it gets a backslash.
    if (urls.some(([start, end]) => offset >= start && offset < end)) return character === '#' ? '\\#' : percentEncoded(character);
    if (character === '#' && startsHashtag(text, offset, wanted)) return character;
    return `\\${character}`;
  });
}

function urlRanges(text: string): Array<[number, number]> {
  return [...text.matchAll(URL_IN_TEXT)].map((match) => {
    const url = withoutTrailingPunctuation(match[0]);
    return [match.index, match.index + url.length];
  });
}

/** In "(see https://x.test/a).", the closing parenthesis and the full stop belong to the sentence, not to the address. */
function withoutTrailingPunctuation(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1];
    const candidate = url.slice(0, end);
    const unbalancedParenthesis = last === ')' && count(candidate, ')') > count(candidate, '(');
    if (last === undefined || !(/[.,;:!?'"]/.test(last) || unbalancedParenthesis)) return candidate;
    end -= 1;
  }
}

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}

function percentEncoded(character: string): string {
  return `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

function startsHashtag(text: string, offset: number, wanted: ReadonlySet<string>): boolean {
  const before = text[offset - 1];
  if (before !== undefined && WORD_CHARACTER.test(before)) return false;
  const word = LEADING_WORD.exec(text.slice(offset + 1))?.[0];
  return word !== undefined && wanted.has(word.toLowerCase());
}

function linkedinVersion(settings: PlatformSettings): string {
  const raw = settings['version'];
  const version = raw === undefined ? '' : String(raw).trim();
  if (version === '') return DEFAULT_LINKEDIN_VERSION;
  if (!LINKEDIN_VERSION_FORMAT.test(version)) {
    throw new XpostError('CONFIG_INVALID', `XPOST_LINKEDIN_VERSION must be a LinkedIn API version YYYYMM, e.g. ${DEFAULT_LINKEDIN_VERSION}, not "${version}"`, {
      hint: 'Use a month from the last year, or leave it unset for the built-in default.',
    });
  }
  return version;
}

function configuredAuthorUrn(settings: PlatformSettings): string | undefined {
  const raw = settings['authorUrn'];
  const urn = typeof raw === 'string' ? raw.trim() : '';
  if (urn === '') return undefined;
  if (!AUTHOR_URN_FORMAT.test(urn)) {
    throw new XpostError('CONFIG_INVALID', `LINKEDIN_AUTHOR_URN must look like urn:li:person:{id}, not "${urn}"`, {
      hint: 'Leave it unset and xpost reads your member id from /v2/userinfo.',
    });
  }
  return urn;
}

/** The configured author, or the token's member from OpenID userinfo, asked once and then kept in the state file. */
async function linkedinAuthorUrn(session: PlatformSession): Promise<string> {
  const configured = configuredAuthorUrn(session.settings);
  if (configured) return configured;
  const remembered = session.account.get('authorUrn');
  if (remembered) return remembered;
  const response = await session.http.request<LinkedinUserInfo>({ method: 'GET', path: '/v2/userinfo' });
  const sub = response.data?.sub;
  // A text answer (a proxy's page) has a `sub` too: String.prototype.sub.
  if (typeof sub !== 'string' || sub === '') {
    throw new XpostError('SERVER_ERROR', 'LinkedIn answered /v2/userinfo without a member id (sub)', {
      hint: 'Set LINKEDIN_AUTHOR_URN to urn:li:person:{id}, or check that the token has the openid and profile scopes.',
    });
  }
  const urn = `urn:li:person:${sub}`;
  await session.account.set('authorUrn', urn);
  return urn;
}

function createdPostUrn(headers: Record<string, string>): string | undefined {
  const raw = headers['x-restli-id']?.trim();
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The share LinkedIn named in a DUPLICATE_POST refusal, as worded by readErrorText. */
function existingPostOf(error: XpostError): string | undefined {
  if (error.status !== 422 || error.platformCode !== 'DUPLICATE_POST') return undefined;
  return POST_URN.exec(error.message)?.[0];
}

function linkedinPostUrl(urn: string): string {
  return `https://www.linkedin.com/feed/update/${urn}/`;
}

function serviceErrorCode(value: unknown): string | undefined {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : undefined;
}

/** Adds the next step LinkedIn's own words do not give; none of these succeed if sent again today. */
function explainLinkedinFailure(failure: XpostError, settings: PlatformSettings, path: string): XpostError {
  const keep = { status: failure.status, platformCode: failure.platformCode, cause: failure };
  if (failure.status === 426 || failure.platformCode === 'NONEXISTENT_VERSION') {
    return new XpostError('CONFIG_INVALID', failure.message, {
      ...keep,
      hint: `LinkedIn has retired API version ${linkedinVersion(settings)}: set XPOST_LINKEDIN_VERSION (or platforms.linkedin.version in the config file) to a recent month as YYYYMM.`,
    });
  }
  if (failure.status === 401) {
    return new XpostError(failure.code, failure.message, { ...keep, hint: `LINKEDIN_ACCESS_TOKEN was rejected. ${TOKEN_HELP}.` });
  }
  if (failure.status === 403) {
    const hint =
      path === '/v2/userinfo'
        ? 'The token lacks the openid and profile scopes needed to read your member id: add them, or set LINKEDIN_AUTHOR_URN.'
        : 'The token lacks the w_member_social scope (Share on LinkedIn), or LINKEDIN_AUTHOR_URN is not the token\'s member.';
    return new XpostError(failure.code, failure.message, { ...keep, hint });
  }
  if (failure.status === 429) {
    return new XpostError('RATE_LIMITED', failure.message, {
      ...keep,
      retryable: false,
      hint: "LinkedIn's daily limit is reached; it resets at midnight UTC. Run again after that (posts already shared are recorded).",
    });
  }
  return failure;
}

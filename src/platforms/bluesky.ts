import { XpostError, isXpostError } from '../errors/xpost-error.js';
import type { HttpRequest } from '../http/types.js';
import type { PartPlace, PlatformSession, PostedPart, RenderedPost, ThreadAdapter, ThreadKit } from './types.js';

const POST_COLLECTION = 'app.bsky.feed.post';
/** `app.bsky.feed.post` text (its lexicon): at most 300 graphemes and 3,000 UTF-8 bytes. */
const MAX_GRAPHEMES = 300;
const MAX_BYTES = 3000;
/** `app.bsky.embed.external` thumb: an image of at most 1,000,000 bytes. */
const THUMB_MAX_BYTES = 1_000_000;
const APP_PASSWORD_HELP = 'create an app password at https://bsky.app/settings/app-passwords (never your account password)';
const USE_AN_APP_PASSWORD = 'Nothing was posted. Create an app password at https://bsky.app/settings/app-passwords and put it in BLUESKY_APP_PASSWORD';

type StrongRef = { uri: string; cid: string };
type BlobRef = { $type: 'blob'; ref: { $link: string }; mimeType: string; size: number };
type Facet = {
  index: { byteStart: number; byteEnd: number };
  features: Array<{ $type: 'app.bsky.richtext.facet#link'; uri: string } | { $type: 'app.bsky.richtext.facet#tag'; tag: string }>;
};

/** An `app.bsky.feed.post` record; in the prepared part, values known only at send time are <placeholders>. */
interface BlueskyPostRecord {
  $type: typeof POST_COLLECTION;
  text: string;
  facets?: Facet[];
  reply?: { root: StrongRef | string; parent: StrongRef | string };
  embed?: { $type: 'app.bsky.embed.external'; external: { uri: string; title: string; description: string; thumb?: BlobRef | string } };
  createdAt: string;
}

/** The body of com.atproto.repo.putRecord for one part. */
export interface BlueskyPart {
  repo: string;
  collection: typeof POST_COLLECTION;
  rkey: string;
  record: BlueskyPostRecord;
}

interface BlueskyLogin {
  accessJwt: string;
  did: string;
  handle: string;
}

interface CreatedRecord {
  uri?: string;
  cid?: string;
}

/** One login per run and session: createSession is limited to 30 per 5 minutes per account. */
const logins = new WeakMap<PlatformSession, Promise<BlueskyLogin>>();

/** Bluesky (atproto): each part an `app.bsky.feed.post` record under a record key chosen (a TID) and recorded before it is written. */
export const blueskyAdapter: ThreadAdapter<BlueskyPart, 'bluesky'> = {
  id: 'bluesky',
  name: 'Bluesky',
  template: 'bluesky.txt.hbs',
  body: { format: 'plain' },
  shape: 'thread',
  initSchedule: '14d',
  initScheduleComment: 'the Bluesky and Mastodon threads, in week 3',
  defaultOrigin: 'https://bsky.social',
  credentials: [
    { env: 'BLUESKY_HANDLE', required: true, secret: false, howToGet: 'your Bluesky handle, e.g. jane.bsky.social' },
    { env: 'BLUESKY_APP_PASSWORD', required: true, secret: true, howToGet: APP_PASSWORD_HELP },
  ],
  settings: [],
  // Records can be replaced, but a reply thread would then point at versions that no longer exist.
  updateSupport: 'none',
  manageUrl: 'your profile on https://bsky.app',
  bodyFields: ['text'],
  initConfig: ['enabled: true', '# The thread is rendered from templates/bluesky.txt.hbs (xpost render <post> --platform bluesky shows it).'],

  requestHeaders() {
    return { Accept: 'application/json' };
  },

  readErrorText(_status, data) {
    if (typeof data !== 'object' || data === null) return { message: typeof data === 'string' && data.trim() ? data.trim().slice(0, 300) : undefined };
    const { error, message } = data as { error?: unknown; message?: unknown };
    const name = typeof error === 'string' ? error : undefined;
    const text = typeof message === 'string' ? message : undefined;
    return { message: [name, text].filter(Boolean).join(': ') || undefined, platformCode: name };
  },

  explainError: explainBlueskyFailure,

  skipReason(post: RenderedPost): string | undefined {
    return post.published ? undefined : 'not announced: the post is a draft (published: false), and a Bluesky thread is public; it is announced once published';
  },

  fitThread: (kit: ThreadKit) => ({ maxLength: MAX_GRAPHEMES, measure: kit.blueskyLength, unit: 'graphemes', maxBytes: MAX_BYTES }),

  thread: {
    endpoint: 'POST /xrpc/com.atproto.repo.putRecord (one record per part under a key chosen first, replies to the part before)',

    preparePart(text, { index, post, kit }) {
      const facets = facetsOf(text, kit);
      const card = post.canonicalUrl && text.includes(post.canonicalUrl) ? linkCard(post, post.canonicalUrl) : undefined;
      const record: BlueskyPostRecord = {
        $type: POST_COLLECTION,
        text,
        ...(facets.length > 0 ? { facets } : {}),
        ...(index > 0 ? { reply: { root: '<part 1>', parent: `<part ${index}>` } } : {}),
        ...(card ? { embed: card } : {}),
        createdAt: '<time of sending>',
      };
      const fingerprint = { text, facets, card: card ? { ...card.external, thumb: post.coverImage ?? null } : null };
      return { payload: { repo: '<the DID of BLUESKY_HANDLE>', collection: POST_COLLECTION, rkey: '<a TID chosen and recorded before sending>', record }, fingerprint };
    },

    async newKey() {
      // The official TID clock (microseconds and a clock id): keys sort by time, as the PDS expects of post keys.
      const { TID } = await import('@atproto/common-web');
      return TID.nextStr();
    },

    async createPart(session, part, place) {
      const login = await logIn(session).catch((error: unknown) => {
        // Without a session no record was sent: the part is certainly not there.
        throw isXpostError(error) ? new XpostError(error.code, error.message, { hint: error.hint, status: error.status, platformCode: error.platformCode, notSent: true }) : error;
      });
      const record: BlueskyPostRecord = { ...part.record, createdAt: new Date().toISOString() };
      if (place.root && place.parent) record.reply = { root: strongRef(place.root), parent: strongRef(place.parent) };
      if (record.embed) record.embed = await withThumb(session, login, record.embed, place.post.coverImage);
      // putRecord under the key recorded before sending (CONTRACTS 6): sent twice, it is still one record, never a second post.
      const response = await session.http.request<CreatedRecord>({
        method: 'POST',
        path: '/xrpc/com.atproto.repo.putRecord',
        headers: authorised(login),
        body: { repo: login.did, collection: POST_COLLECTION, rkey: place.key, record },
        idempotent: true,
      });
      const { uri, cid } = response.data ?? {};
      if (typeof uri !== 'string' || typeof cid !== 'string') {
        throw new XpostError('OUTCOME_UNKNOWN', 'Bluesky answered the putRecord without the record\'s uri and cid');
      }
      return posted(place.key, uri, cid, login.handle);
    },

    async recoverPart(session, _part, place) {
      const repo = session.account.get('did') ?? handleOf(session);
      const found = await getRecord(session, repo, place.key);
      return found ? { kind: 'found', part: posted(place.key, found.uri, found.cid, session.account.get('handle') ?? handleOf(session)) } : { kind: 'send' };
    },

    async partExists(session, part) {
      const [repo, , rkey] = part.id.replace(/^at:\/\//, '').split('/');
      if (!repo || !rkey) return false;
      return (await getRecord(session, repo, rkey)) !== undefined;
    },
  },
};

/** Every link and hashtag as a facet over exact UTF-8 byte offsets: Bluesky detects nothing itself. */
function facetsOf(text: string, kit: ThreadKit): Facet[] {
  const byteOffset = (index: number) => kit.utf8Length(text.slice(0, index));
  return kit.linksAndTags(text).map((entity) => ({
    index: { byteStart: byteOffset(entity.start), byteEnd: byteOffset(entity.end) },
    features: [entity.kind === 'link' ? { $type: 'app.bsky.richtext.facet#link', uri: entity.uri } : { $type: 'app.bsky.richtext.facet#tag', tag: entity.tag }],
  }));
}

function linkCard(post: RenderedPost, uri: string): NonNullable<BlueskyPostRecord['embed']> {
  return {
    $type: 'app.bsky.embed.external',
    external: {
      uri,
      title: post.title,
      description: post.description ?? '',
      ...(post.coverImage ? { thumb: `<${post.coverImage}, uploaded with com.atproto.repo.uploadBlob>` } : {}),
    },
  };
}

/** The cover as the card's thumbnail when it can be fetched and uploaded; a card without one otherwise, never a failed part. */
async function withThumb(session: PlatformSession, login: BlueskyLogin, embed: NonNullable<BlueskyPostRecord['embed']>, coverImage: string | undefined) {
  const { thumb: _placeholder, ...external } = embed.external;
  const image = coverImage ? await session.downloadImage(coverImage, THUMB_MAX_BYTES) : undefined;
  if (!image) return { ...embed, external };
  try {
    const response = await session.http.request<{ blob?: BlobRef }>({
      method: 'POST',
      path: '/xrpc/com.atproto.repo.uploadBlob',
      headers: { ...authorised(login), 'Content-Type': image.mimeType },
      body: image.bytes,
      // Blobs are stored by content hash: the same upload twice is one blob.
      idempotent: true,
    });
    return response.data?.blob ? { ...embed, external: { ...external, thumb: response.data.blob } } : { ...embed, external };
  } catch {
    return { ...embed, external };
  }
}

function strongRef(part: PostedPart): StrongRef {
  const cid = part.meta?.['cid'];
  if (!cid) throw new XpostError('STATE_INVALID', `the state records Bluesky part ${part.id} without its cid, which a reply to it needs`, { hint: 'Run publish with --force to start a new thread.' });
  return { uri: part.id, cid };
}

function posted(key: string, uri: string, cid: string, handle: string): PostedPart {
  return { key, id: uri, url: `https://bsky.app/profile/${handle}/post/${uri.split('/').at(-1) ?? key}`, meta: { cid } };
}

function handleOf(session: PlatformSession): string {
  return session.env['BLUESKY_HANDLE']?.trim().replace(/^@/, '') ?? '';
}

function authorised(login: BlueskyLogin): Record<string, string> {
  return { Authorization: `Bearer ${login.accessJwt}` };
}

/** The record under a key, or undefined when the PDS says there is none; any other failure throws (the part stays in doubt). */
async function getRecord(session: PlatformSession, repo: string, rkey: string): Promise<StrongRef | undefined> {
  try {
    const response = await session.http.request<{ uri?: string; cid?: string }>({
      method: 'GET',
      path: '/xrpc/com.atproto.repo.getRecord',
      query: { repo, collection: POST_COLLECTION, rkey },
    });
    const { uri, cid } = response.data ?? {};
    if (typeof uri !== 'string' || typeof cid !== 'string') throw new XpostError('SERVER_ERROR', 'Bluesky answered getRecord without the record\'s uri and cid');
    return { uri, cid };
  } catch (error) {
    if (isXpostError(error) && isRecordMissing(error)) return undefined;
    throw error;
  }
}

/**
 * The PDS's "no such record": RecordNotFound today; a 400 InvalidRequest saying so, or a 404, from servers that
 * word it otherwise. Taking it at its word is safe: the part is then put under the same key, which cannot double it.
 */
function isRecordMissing(error: XpostError): boolean {
  if (error.platformCode === 'RecordNotFound' || error.status === 404) return true;
  return error.status === 400 && /could not locate record|not found/i.test(error.message);
}

function logIn(session: PlatformSession): Promise<BlueskyLogin> {
  let login = logins.get(session);
  if (!login) {
    login = createSession(session);
    // A failed login is not kept: the next part tries again.
    login.catch(() => logins.delete(session));
    logins.set(session, login);
  }
  return login;
}

async function createSession(session: PlatformSession): Promise<BlueskyLogin> {
  const response = await session.http.request<{ accessJwt?: string; did?: string; handle?: string }>({
    method: 'POST',
    path: '/xrpc/com.atproto.server.createSession',
    body: { identifier: handleOf(session), password: session.env['BLUESKY_APP_PASSWORD']?.trim() ?? '' },
    // A second session is harmless; only records must never be doubled.
    idempotent: true,
  });
  const { accessJwt, did, handle } = response.data ?? {};
  if (typeof accessJwt !== 'string' || typeof did !== 'string') throw new XpostError('SERVER_ERROR', 'Bluesky answered createSession without a session');
  if (jwtScope(accessJwt) === 'com.atproto.access') {
    throw new XpostError('CREDENTIAL_INVALID', 'BLUESKY_APP_PASSWORD opened a full-access session: it is your account password, not an app password', {
      hint: `${USE_AN_APP_PASSWORD}; change your account password if it was shared.`,
    });
  }
  const login = { accessJwt, did, handle: typeof handle === 'string' ? handle : handleOf(session) };
  if (session.account.get('did') !== login.did) await session.account.set('did', login.did);
  if (session.account.get('handle') !== login.handle) await session.account.set('handle', login.handle);
  return login;
}

/** The scope claim of the session's access token: com.atproto.appPass for an app password, com.atproto.access for the account password. */
function jwtScope(jwt: string): string | undefined {
  try {
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { scope?: unknown };
    return typeof claims.scope === 'string' ? claims.scope : undefined;
  } catch {
    return undefined;
  }
}

function explainBlueskyFailure(failure: XpostError, request: HttpRequest): XpostError {
  const options = { status: failure.status, platformCode: failure.platformCode, retryable: failure.retryable, retryAfterSeconds: failure.retryAfterSeconds, notSent: failure.notSent };
  if (request.path.endsWith('createSession')) {
    if (failure.platformCode === 'AuthFactorTokenRequired') {
      return new XpostError('CREDENTIAL_INVALID', 'Bluesky asked for the sign-in code it emails when the account password is used: BLUESKY_APP_PASSWORD is your account password', {
        ...options,
        hint: `${USE_AN_APP_PASSWORD}.`,
      });
    }
    if (failure.status === 401) {
      return new XpostError('AUTH_FAILED', `Bluesky rejected BLUESKY_HANDLE and BLUESKY_APP_PASSWORD (${failure.message})`, {
        ...options,
        hint: `Check the handle, and ${APP_PASSWORD_HELP}; app passwords can be revoked in the same place.`,
      });
    }
  }
  if (failure.code === 'RATE_LIMITED') {
    const wait = failure.retryAfterSeconds === undefined ? 'later' : `in ${Math.ceil(failure.retryAfterSeconds / 60)} min`;
    return new XpostError('RATE_LIMITED', failure.message, {
      ...options,
      hint: `Bluesky limits writes per account (5,000 points an hour, 3 per post) and logins (30 in 5 minutes): run again ${wait}; the parts already posted are recorded.`,
    });
  }
  if (failure.platformCode === 'ExpiredToken' || failure.platformCode === 'InvalidToken') {
    return new XpostError('AUTH_FAILED', `Bluesky no longer accepts this run's session (${failure.message})`, { ...options, hint: 'Run publish again: it logs in anew and continues the thread.' });
  }
  return failure;
}

import { XpostError, isXpostError, type ErrorCode } from '../errors/xpost-error.js';
import { normaliseCanonicalUrl } from './canonical-url.js';
import { fitHashnodeTags, hashnodeSlug, type HashnodeTag } from './tags.js';
import type { Env, PlatformAdapter, PlatformSession, PlatformSettings, PreparedRequest, RemoteRecord, RenderedPost } from './types.js';

const HASHNODE_TOKEN = 'HASHNODE_TOKEN';
const HASHNODE_PUBLICATION_ID = 'HASHNODE_PUBLICATION_ID';
/** Stands in for the publication id in dry-run output when HASHNODE_PUBLICATION_ID is not set. */
export const HASHNODE_PUBLICATION_PLACEHOLDER = `<${HASHNODE_PUBLICATION_ID}>`;
const HASHNODE_ENDPOINT_HINT =
  'The Hashnode API is POST https://gql-beta.hashnode.com/ (gql.hashnode.com was retired on 2026-05-13); unset XPOST_HASHNODE_API_URL or point it there.';
/** Apollo behind express.json(): "100 KB" is 102,400 bytes for the whole JSON request, not just the Markdown. */
const HASHNODE_MAX_REQUEST_BYTES = 100 * 1024;
/** Larger pages are clamped by Hashnode (100 for posts, 50 for drafts), so asking for more gains nothing. */
const HASHNODE_POSTS_PAGE_SIZE = 100;
const HASHNODE_DRAFTS_PAGE_SIZE = 50;
const OBJECT_ID = /^[0-9a-f]{24}$/i;
/** Answers that sending the same request again cannot change, whatever HTTP status carries them. */
const NEVER_RETRIED_CODES: ReadonlySet<string> = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']);
/** Mutations that make a new post or draft: a failure after sending one may still have made it. */
const CREATING_OPERATIONS: ReadonlySet<HashnodeOperation> = new Set<HashnodeOperation>(['publishPost', 'createDraft', 'publishDraft']);

/** Every GraphQL document the adapter sends, so the schema test can validate each one. */
export const HASHNODE_DOCUMENTS = {
  publishPost: `mutation PublishPost($input: PublishPostInput!) {
  publishPost(input: $input) { post { id slug url } }
}`,
  updatePost: `mutation UpdatePost($input: UpdatePostInput!) {
  updatePost(input: $input) { post { id slug url } }
}`,
  createDraft: `mutation CreateDraft($input: CreateDraftInput!) {
  createDraft(input: $input) { draft { id slug } }
}`,
  updateDraft: `mutation UpdateDraft($input: UpdateDraftInput!) {
  updateDraft(input: $input) { draft { id slug } }
}`,
  publishDraft: `mutation PublishDraft($input: PublishDraftInput!) {
  publishDraft(input: $input) { post { id slug url } }
}`,
  postBySlug: `query PostBySlug($publicationId: ObjectId!, $slug: String!) {
  publication(id: $publicationId) {
    post(slug: $slug) { id slug url canonicalUrl }
    redirectedPost(slug: $slug) { id slug }
  }
}`,
  publicationPosts: `query PublicationPosts($publicationId: ObjectId!, $after: String) {
  publication(id: $publicationId) {
    posts(first: ${HASHNODE_POSTS_PAGE_SIZE}, after: $after) {
      edges { node { id slug url canonicalUrl } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`,
  publicationDrafts: `query PublicationDrafts($publicationId: ObjectId!, $after: String) {
  publication(id: $publicationId) {
    drafts(first: ${HASHNODE_DRAFTS_PAGE_SIZE}, after: $after) {
      edges { node { id slug canonicalUrl } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`,
} as const;

export type HashnodeOperation = keyof typeof HASHNODE_DOCUMENTS;

/** The content fields shared by posts and drafts; the publication id is an account value kept apart. */
interface HashnodePostFields {
  title: string;
  subtitle?: string;
  contentMarkdown: string;
  slug?: string;
  tags: HashnodeTag[];
  originalArticleURL?: string;
  coverImage?: string;
  seriesId?: string;
}

type PublishPostInput = { publicationId: string } & HashnodePostFields;
type UpdatePostInput = { id: string } & HashnodePostFields;

/** Drafts use the nested input shape: the cover lives in coverImageOptions, the slug flag in settings. */
interface CreateDraftInput {
  publicationId: string;
  title: string;
  subtitle?: string;
  contentMarkdown: string;
  slug?: string;
  tags: HashnodeTag[];
  originalArticleURL?: string;
  seriesId?: string;
  coverImageOptions?: { coverImageURL: string };
  settings?: { slugOverridden: boolean };
}

type UpdateDraftInput = { draftId: string } & Omit<CreateDraftInput, 'publicationId'>;

interface HashnodePostNode {
  id?: unknown;
  slug?: string | null;
  url?: string | null;
  canonicalUrl?: string | null;
}

interface HashnodeConnection<Node> {
  edges?: { node: Node }[];
  pageInfo?: { hasNextPage?: boolean; endCursor?: string | null };
}

interface PublicationData<Fields> {
  publication?: Fields | null;
}

/** What a copy must share with the post to be recognised as ours. */
interface PostIdentity {
  slug: string | undefined;
  canonicalUrl: string | undefined;
}

/** Hashnode (GraphQL gql-beta): publishPost / updatePost, or createDraft / updateDraft / publishDraft for drafts. */
export const hashnodeAdapter: PlatformAdapter = {
  id: 'hashnode',
  name: 'Hashnode',
  defaultOrigin: 'https://gql-beta.hashnode.com',
  credentials: [
    { env: HASHNODE_TOKEN, required: true, secret: true, howToGet: 'create a personal access token at https://hashnode.com/settings/developer' },
    {
      env: HASHNODE_PUBLICATION_ID,
      required: true,
      secret: false,
      setting: 'publicationId',
      howToGet:
        'use the 24-character id of your Hashnode publication (blog), e.g. from the API: query { me { publications(first: 20) { edges { node { id url } } } } }',
    },
  ],
  updateSupport: 'update',
  manageUrl: 'https://hashnode.com/dashboard',
  // Query responses may be cached about 25 s (CONTRACTS 2.4): a lookup right after a create can miss it.
  searchLagSeconds: 25,

  requestHeaders(env: Env) {
    return {
      Authorization: `Bearer ${env[HASHNODE_TOKEN] ?? ''}`,
      'Content-Type': 'application/json',
    };
  },

  readErrorText(_status, data) {
    const errors = graphqlErrorsOf(data);
    const first = errors?.[0];
    if (first) return { message: first.message, platformCode: first.code, ...(first.code && NEVER_RETRIED_CODES.has(first.code) ? { retryable: false } : {}) };
    if (typeof data !== 'string' || data.trim() === '') return {};
    return { message: data.trim().startsWith('<') ? describeNonGraphqlBody(data) : data.trim().slice(0, 300) };
  },

  prepare(post: RenderedPost, settings: PlatformSettings): PreparedRequest {
    const publicationId = configuredPublicationId(settings) ?? HASHNODE_PUBLICATION_PLACEHOLDER;
    const { tags, notes } = fitHashnodeTags(post.tags);
    const fields = postFields(post, tags, notes);
    const postInput: PublishPostInput = { publicationId, ...fields };
    const payload = { input: post.published ? postInput : draftInputFrom(postInput) };
    assertRequestFits(post.published ? HASHNODE_DOCUMENTS.publishPost : HASHNODE_DOCUMENTS.createDraft, payload, fields.contentMarkdown);
    return {
      payload,
      fingerprint: { published: post.published, ...fields },
      notes,
      endpoint: post.published
        ? 'POST / (GraphQL publishPost; updatePost to update)'
        : 'POST / (GraphQL createDraft; updateDraft to update, publishDraft once published)',
    };
  },

  async create(session: PlatformSession, prepared: PreparedRequest, post: RenderedPost): Promise<RemoteRecord> {
    if (post.published) {
      const input = preparedInput<PublishPostInput>(prepared);
      assertRealPublicationId(input.publicationId);
      const data = await sendGraphql<{ publishPost?: { post?: HashnodePostNode } }>(session, 'publishPost', { input });
      return postRecord(data.publishPost?.post);
    }
    const input = preparedInput<CreateDraftInput>(prepared);
    assertRealPublicationId(input.publicationId);
    const data = await sendGraphql<{ createDraft?: { draft?: HashnodePostNode } }>(session, 'createDraft', { input });
    return draftRecord(data.createDraft?.draft);
  },

  async update(session: PlatformSession, remote: RemoteRecord, prepared: PreparedRequest, post: RenderedPost): Promise<RemoteRecord> {
    if (remote.meta?.['kind'] !== 'draft') return updatePublishedPost(session, remote, prepared, post);
    try {
      return await updateDraftCopy(session, remote.id, prepared, post);
    } catch (error) {
      // A draft published by hand in the dashboard is soft-deleted: carry on with the post it became.
      if (!isXpostError(error) || error.code !== 'NOT_FOUND') throw error;
      const publishedCopy = await findPublishedPost(session, requirePublicationId(session.settings), identityOf(post));
      if (!publishedCopy) {
        throw new XpostError('NOT_FOUND', `the Hashnode draft ${remote.id} no longer exists and no published post matches this one`, {
          hint: `It may have been deleted in the dashboard (${hashnodeAdapter.manageUrl}); remove the Hashnode record from the state file to create it again.`,
          platformCode: error.platformCode,
        });
      }
      return updatePublishedPost(session, publishedCopy, prepared, post);
    }
  },

  async find(session: PlatformSession, post: RenderedPost): Promise<RemoteRecord | undefined> {
    const publicationId = requirePublicationId(session.settings);
    const identity = identityOf(post);
    const published = await findPublishedPost(session, publicationId, identity);
    // Only an unpublished post could have been created as a draft.
    if (published || post.published) return published;
    return findDraft(session, publicationId, identity);
  },
};

function postFields(post: RenderedPost, tags: HashnodeTag[], notes: string[]): HashnodePostFields {
  const slug = slugFor(post, notes);
  const seriesId = seriesIdFor(post, notes);
  const coverImage = coverImageFor(post);
  return {
    title: post.title,
    ...(post.description ? { subtitle: post.description } : {}),
    contentMarkdown: post.body,
    ...(slug ? { slug } : {}),
    tags,
    ...(post.canonicalUrl ? { originalArticleURL: post.canonicalUrl } : {}),
    ...(coverImage ? { coverImage } : {}),
    ...(seriesId ? { seriesId } : {}),
  };
}

/** A slug xpost chooses (rather than Hashnode) is what lets `find` recognise the post later. */
function slugFor(post: RenderedPost, notes: string[]): string | undefined {
  const source = post.slug ?? post.title;
  const slug = hashnodeSlug(source);
  if (slug.length === 0) {
    notes.push(`no slug sent: "${source}" has no ASCII letters or digits, so Hashnode picks one; set an ASCII \`slug:\` so xpost can find the post again`);
    return undefined;
  }
  if (post.slug !== undefined && slug !== post.slug) notes.push(`slug "${post.slug}" sent as "${slug}"`);
  return slug;
}

/** Hashnode takes a series id, not a name; a name is reported rather than guessed into an id. */
function seriesIdFor(post: RenderedPost, notes: string[]): string | undefined {
  if (!post.series) return undefined;
  if (OBJECT_ID.test(post.series)) return post.series;
  notes.push(`series "${post.series}" not sent: Hashnode needs the series id; set \`hashnode: { series: <24-character series id> }\``);
  return undefined;
}

function coverImageFor(post: RenderedPost): string | undefined {
  if (!post.coverImage) return undefined;
  if (!/^https?:\/\//i.test(post.coverImage)) {
    throw new XpostError('PAYLOAD_INVALID', `cover_image "${post.coverImage}" is not an absolute URL; Hashnode needs one for coverImage`, {
      hint: 'Use a full https:// address of the image, e.g. on your own blog or https://cdn.hashnode.com/.',
    });
  }
  return post.coverImage;
}

function draftInputFrom(input: PublishPostInput): CreateDraftInput {
  const { coverImage, ...fields } = input;
  return {
    ...fields,
    ...(coverImage ? { coverImageOptions: { coverImageURL: coverImage } } : {}),
    // Keeps the slug xpost chose when the draft is published, instead of one regenerated from the title.
    ...(fields.slug ? { settings: { slugOverridden: true } } : {}),
  };
}

function assertRequestFits(document: string, variables: unknown, markdown: string): void {
  const requestBytes = Buffer.byteLength(JSON.stringify({ query: document, variables }), 'utf8');
  if (requestBytes <= HASHNODE_MAX_REQUEST_BYTES) return;
  const markdownBytes = Buffer.byteLength(markdown, 'utf8');
  throw new XpostError(
    'PAYLOAD_INVALID',
    `the Hashnode request would be ${requestBytes} bytes (the Markdown alone is ${markdownBytes}); Hashnode accepts at most ${HASHNODE_MAX_REQUEST_BYTES} bytes (100 KB)`,
    { hint: 'Shorten the post or split it into a series; link images instead of embedding them as data: URLs.' },
  );
}

function configuredPublicationId(settings: PlatformSettings): string | undefined {
  const value = settings['publicationId'];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const publicationId = value.trim();
  if (!OBJECT_ID.test(publicationId)) {
    throw new XpostError('CONFIG_INVALID', `${HASHNODE_PUBLICATION_ID} must be the publication's 24-character id, not "${publicationId}"`, {
      hint: 'Ask the API for it: query { me { publications(first: 20) { edges { node { id url } } } } } (the blog address is not the id).',
    });
  }
  return publicationId;
}

function requirePublicationId(settings: PlatformSettings): string {
  const publicationId = configuredPublicationId(settings);
  if (publicationId) return publicationId;
  throw missingPublicationId();
}

/** The dry-run placeholder must never reach Hashnode. */
function assertRealPublicationId(publicationId: string): void {
  if (publicationId === HASHNODE_PUBLICATION_PLACEHOLDER) throw missingPublicationId();
}

function missingPublicationId(): XpostError {
  return new XpostError('MISSING_CREDENTIAL', `${HASHNODE_PUBLICATION_ID} is not set (needed to publish to Hashnode)`, {
    hint: 'Set it to the id of your Hashnode publication. Use --dry-run to preview without it.',
  });
}

function preparedInput<Input>(prepared: PreparedRequest): Input {
  const payload = prepared.payload;
  if (!isRecord(payload) || !isRecord(payload['input'])) {
    throw new XpostError('INTERNAL', 'the Hashnode request was not prepared by the Hashnode adapter', { hint: 'This is a bug in xpost; report it.' });
  }
  return payload['input'] as Input;
}

async function updatePublishedPost(session: PlatformSession, remote: RemoteRecord, prepared: PreparedRequest, post: RenderedPost): Promise<RemoteRecord> {
  if (!post.published) {
    throw new XpostError('UNSUPPORTED', 'the post is published on Hashnode and the API cannot turn it back into a draft (there is no unpublish)', {
      hint: `Set \`published: true\` again to keep updating it, or unpublish or delete it by hand at ${remote.url ?? hashnodeAdapter.manageUrl}.`,
    });
  }
  const { publicationId: _accountValue, ...fields } = preparedInput<PublishPostInput>(prepared);
  // The whole tag list is sent: updatePost replaces the post's tags with it.
  const input: UpdatePostInput = { id: remote.id, ...fields };
  const data = await sendGraphql<{ updatePost?: { post?: HashnodePostNode } }>(session, 'updatePost', { input });
  return postRecord(data.updatePost?.post, remote.url);
}

/** Brings the draft up to date, then publishes it when the post is now `published: true`. */
async function updateDraftCopy(session: PlatformSession, draftId: string, prepared: PreparedRequest, post: RenderedPost): Promise<RemoteRecord> {
  const draftInput = post.published ? draftInputFrom(preparedInput<PublishPostInput>(prepared)) : preparedInput<CreateDraftInput>(prepared);
  const { publicationId: _accountValue, ...fields } = draftInput;
  const input: UpdateDraftInput = { draftId, ...fields };
  const updated = await sendGraphql<{ updateDraft?: { draft?: HashnodePostNode } }>(session, 'updateDraft', { input });
  if (!post.published) return draftRecord(updated.updateDraft?.draft);
  const published = await sendGraphql<{ publishDraft?: { post?: HashnodePostNode } }>(session, 'publishDraft', { input: { draftId } });
  return postRecord(published.publishDraft?.post);
}

function identityOf(post: RenderedPost): PostIdentity {
  return { slug: slugFor(post, []), canonicalUrl: post.canonicalUrl };
}

/** With a canonical URL, it decides (a slug can be reused by another post); without one, the slug does. */
function isSameCopy(candidate: HashnodePostNode, wanted: PostIdentity): boolean {
  if (wanted.canonicalUrl) {
    const candidateUrl = candidate.canonicalUrl;
    return candidateUrl ? normaliseCanonicalUrl(candidateUrl) === normaliseCanonicalUrl(wanted.canonicalUrl) : false;
  }
  return wanted.slug !== undefined && candidate.slug === wanted.slug;
}

async function findPublishedPost(session: PlatformSession, publicationId: string, wanted: PostIdentity): Promise<RemoteRecord | undefined> {
  if (wanted.slug) {
    const bySlug = await postBySlug(session, publicationId, wanted.slug);
    if (bySlug && isSameCopy(bySlug, wanted)) return postRecord(bySlug);
  }
  // Hashnode cannot filter by canonical URL, so the publication's posts are paged through.
  if (!wanted.canonicalUrl) return undefined;
  const match = await findInPages(async (after) => {
    const data = await sendGraphql<PublicationData<{ posts?: HashnodeConnection<HashnodePostNode> }>>(session, 'publicationPosts', {
      publicationId,
      after: after ?? null,
    });
    return publicationOf(data, publicationId).posts;
  }, (node) => isSameCopy(node, wanted));
  return match ? postRecord(match) : undefined;
}

async function postBySlug(session: PlatformSession, publicationId: string, slug: string): Promise<HashnodePostNode | undefined> {
  const lookUp = async (candidateSlug: string) => {
    const data = await sendGraphql<PublicationData<{ post?: HashnodePostNode | null; redirectedPost?: { slug?: string } | null }>>(
      session,
      'postBySlug',
      { publicationId, slug: candidateSlug },
      { notFoundMeansAbsent: true },
    );
    return publicationOf(data, publicationId);
  };
  const found = await lookUp(slug);
  if (found.post) return found.post;
  // A slug renamed on Hashnode answers through redirectedPost with the new slug.
  const renamedTo = found.redirectedPost?.slug;
  if (!renamedTo || renamedTo === slug) return undefined;
  return (await lookUp(renamedTo)).post ?? undefined;
}

async function findDraft(session: PlatformSession, publicationId: string, wanted: PostIdentity): Promise<RemoteRecord | undefined> {
  const match = await findInPages(async (after) => {
    const data = await sendGraphql<PublicationData<{ drafts?: HashnodeConnection<HashnodePostNode> }>>(session, 'publicationDrafts', {
      publicationId,
      after: after ?? null,
    });
    return publicationOf(data, publicationId).drafts;
  }, (node) => isSameCopy(node, wanted));
  return match ? draftRecord(match) : undefined;
}

async function findInPages<Node>(
  fetchPage: (after: string | undefined) => Promise<HashnodeConnection<Node> | undefined>,
  matches: (node: Node) => boolean,
): Promise<Node | undefined> {
  let after: string | undefined;
  for (;;) {
    const page = await fetchPage(after);
    const match = (page?.edges ?? []).map((edge) => edge.node).find(matches);
    if (match) return match;
    const next = page?.pageInfo?.endCursor ?? undefined;
    // A repeated cursor would loop forever; treat it as the last page.
    if (!page?.pageInfo?.hasNextPage || !next || next === after) return undefined;
    after = next;
  }
}

function publicationOf<Fields>(data: PublicationData<Fields>, publicationId: string): Fields {
  if (data.publication) return data.publication;
  throw new XpostError('NOT_FOUND', `Hashnode has no publication with id ${publicationId}`, {
    hint: `Check ${HASHNODE_PUBLICATION_ID}: query { me { publications(first: 20) { edges { node { id url } } } } } lists yours.`,
  });
}

function postRecord(node: HashnodePostNode | null | undefined, fallbackUrl?: string): RemoteRecord {
  return { id: idOf(node, 'post'), url: node?.url ?? fallbackUrl, meta: { kind: 'post' } };
}

/** Drafts have no public address, and the API gives none for the editor. */
function draftRecord(node: HashnodePostNode | null | undefined): RemoteRecord {
  return { id: idOf(node, 'draft'), url: undefined, meta: { kind: 'draft' } };
}

function idOf(node: HashnodePostNode | null | undefined, kind: 'post' | 'draft'): string {
  if (typeof node?.id === 'string' && node.id !== '') return node.id;
  throw new XpostError('SERVER_ERROR', `Hashnode answered without a ${kind} id`, {
    hint: `Run again; if it repeats, check your Hashnode dashboard (${hashnodeAdapter.manageUrl}).`,
  });
}

interface GraphqlError {
  message: string;
  code: string | undefined;
  path: readonly (string | number)[];
}

interface SendOptions {
  /** For lookups: NOT_FOUND below the publication means "no such post", not a failure. */
  notFoundMeansAbsent?: boolean;
}

async function sendGraphql<Data>(session: PlatformSession, operation: HashnodeOperation, variables: Record<string, unknown>, options: SendOptions = {}): Promise<Data> {
  try {
    return await requestGraphql<Data>(session, operation, variables, options);
  } catch (error) {
    if (!isXpostError(error) || error.code !== 'SERVER_ERROR' || !CREATING_OPERATIONS.has(operation)) throw error;
    // Hashnode has no duplicate detection: the pipeline must look for the post before creating it again.
    throw new XpostError('OUTCOME_UNKNOWN', `${error.message}; the ${operation} may or may not have been applied`, {
      hint: 'xpost will look for the post on Hashnode before creating it again.',
      status: error.status,
      platformCode: error.platformCode,
      cause: error,
    });
  }
}

/**
 * POSTs one document and returns its `data`. Every response is checked for `errors` first: Hashnode
 * reports most failures inside HTTP 200, so a 200 is not a success until that check passes.
 */
async function requestGraphql<Data>(session: PlatformSession, operation: HashnodeOperation, variables: Record<string, unknown>, options: SendOptions): Promise<Data> {
  const query = HASHNODE_DOCUMENTS[operation];
  let body: unknown;
  try {
    // Queries change nothing, so the HTTP client may resend them; a mutation is never sent twice.
    const response = await session.http.request<unknown>({ method: 'POST', path: '/', body: { query, variables }, idempotent: query.startsWith('query') });
    body = response.data;
  } catch (error) {
    throw explainHttpFailure(error);
  }
  if (!isRecord(body)) {
    throw new XpostError('SERVER_ERROR', `Hashnode answered with ${describeNonGraphqlBody(body)}`, { hint: HASHNODE_ENDPOINT_HINT });
  }
  const errors = (graphqlErrorsOf(body) ?? []).filter((error) => !(options.notFoundMeansAbsent && isNestedNotFound(error)));
  const [first, ...others] = errors;
  if (first) throw graphqlFailure(first, others.length);
  if (!isRecord(body['data'])) {
    throw new XpostError('SERVER_ERROR', `Hashnode answered ${operation} without data or errors`, { hint: 'Run again later.' });
  }
  return body['data'] as Data;
}

/** "Post not found" under `publication` means the slug is free, not that the lookup failed. */
function isNestedNotFound(error: GraphqlError): boolean {
  return error.code === 'NOT_FOUND' && error.path.length > 1;
}

/** Non-2xx answers already became XpostErrors in the HTTP client; this adds Hashnode's meaning of the code. */
function explainHttpFailure(error: unknown): unknown {
  if (!isXpostError(error)) return error;
  const code = error.platformCode;
  if (code && HASHNODE_ERROR_CODES.has(code)) {
    // The client wrote "Hashnode answered <status>: <message>"; the mapped error words it its own way.
    const platformMessage = error.message.replace(/^Hashnode answered \d{3}: /, '');
    return graphqlFailure({ message: platformMessage, code, path: [] }, 0, error.status);
  }
  if (error.status !== undefined && error.status >= 300 && error.status < 400) {
    return new XpostError(error.code, error.message, { hint: HASHNODE_ENDPOINT_HINT, status: error.status, platformCode: code });
  }
  if (code?.startsWith('GRAPHQL_')) {
    return new XpostError(error.code, error.message, {
      hint: 'Hashnode no longer accepts the GraphQL xpost sends (its schema may have changed); update xpost or report this.',
      status: error.status,
      platformCode: code,
    });
  }
  return error;
}

type GraphqlFailureBuilder = (message: string) => { code: ErrorCode; message: string; hint?: string; retryable?: boolean };

/** The documented extensions.code values; anything else Hashnode collapses to INTERNAL_SERVER_ERROR. */
const HASHNODE_ERROR_CODES = new Map<string, GraphqlFailureBuilder>([
  [
    'UNAUTHENTICATED',
    (message) => ({
      code: 'AUTH_FAILED',
      message: `Hashnode rejected ${HASHNODE_TOKEN}: ${message}`,
      hint: `Create a personal access token at https://hashnode.com/settings/developer and set ${HASHNODE_TOKEN} to it.`,
    }),
  ],
  [
    'FORBIDDEN',
    (message) =>
      /pro plan/i.test(message)
        ? {
            code: 'FORBIDDEN',
            message: `the Hashnode publication needs an active Hashnode Pro plan for API writes (Hashnode said: "${message}")`,
            hint: 'Upgrade the publication to Pro in the Hashnode dashboard; retrying will not help until then (leave hashnode out of --to meanwhile).',
          }
        : {
            code: 'FORBIDDEN',
            message: `Hashnode refused the request: ${message}`,
            hint: `The token's user must be the owner, an editor or an author of the publication in ${HASHNODE_PUBLICATION_ID}; contributors cannot publish directly.`,
          },
  ],
  [
    'NOT_FOUND',
    (message) => ({
      code: 'NOT_FOUND',
      message: `Hashnode: ${message}`,
      hint: `Check ${HASHNODE_PUBLICATION_ID}; a post or draft deleted on Hashnode (or one you cannot access) also answers NOT_FOUND.`,
    }),
  ],
  ['BAD_USER_INPUT', (message) => ({ code: 'REJECTED', message: `Hashnode rejected the post: ${message}` })],
  [
    'INTERNAL_SERVER_ERROR',
    (message) => ({
      code: 'SERVER_ERROR',
      message: `Hashnode had an internal error: ${message}`,
      hint: 'Run again later; already-published copies are recorded.',
      retryable: true,
    }),
  ],
]);

function graphqlFailure(first: GraphqlError, otherCount: number, status?: number): XpostError {
  const detail = `${first.message}${otherCount > 0 ? ` (and ${otherCount} more)` : ''}${status !== undefined ? ` (HTTP ${status})` : ''}`;
  const build = first.code ? HASHNODE_ERROR_CODES.get(first.code) : undefined;
  const mapped = build?.(detail) ?? { code: 'REJECTED' as const, message: `Hashnode rejected the request: ${detail}` };
  return new XpostError(mapped.code, mapped.message, {
    hint: mapped.hint,
    retryable: mapped.retryable ?? false,
    status,
    platformCode: first.code,
  });
}

function graphqlErrorsOf(body: unknown): GraphqlError[] | undefined {
  if (!isRecord(body) || !Array.isArray(body['errors']) || body['errors'].length === 0) return undefined;
  return body['errors'].map((raw: unknown): GraphqlError => {
    const error = isRecord(raw) ? raw : {};
    const extensions = isRecord(error['extensions']) ? error['extensions'] : {};
    return {
      message: typeof error['message'] === 'string' ? error['message'] : 'unknown error',
      code: typeof extensions['code'] === 'string' ? extensions['code'] : undefined,
      path: Array.isArray(error['path']) ? error['path'].filter((part): part is string | number => typeof part === 'string' || typeof part === 'number') : [],
    };
  });
}

/** A redirect from the retired host or a proxy answers with HTML; say so instead of quoting markup. */
function describeNonGraphqlBody(body: unknown): string {
  const text = typeof body === 'string' ? body.trim() : '';
  if (text.startsWith('<')) return 'an HTML page instead of GraphQL JSON';
  if (text === '') return 'an empty body instead of GraphQL JSON';
  return `text instead of GraphQL JSON: "${text.slice(0, 200)}"`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

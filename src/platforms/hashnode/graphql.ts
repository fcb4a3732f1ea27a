import { XpostError, isXpostError, type ErrorCode } from '../../errors/xpost-error.js';
import type { PlatformSession } from '../types.js';

const HASHNODE_TOKEN = 'HASHNODE_TOKEN';
export const HASHNODE_ENDPOINT_HINT =
  'The Hashnode API is POST https://gql-beta.hashnode.com/ (gql.hashnode.com was retired on 2026-05-13); unset XPOST_HASHNODE_API_URL or point it there.';
/** Larger pages are clamped by Hashnode (100 for posts, 50 for drafts), so asking for more gains nothing. */
export const HASHNODE_POSTS_PAGE_SIZE = 100;
export const HASHNODE_DRAFTS_PAGE_SIZE = 50;
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

interface GraphqlError {
  message: string;
  code: string | undefined;
  path: readonly (string | number)[];
}

export interface SendOptions {
  /** For lookups: NOT_FOUND below the publication means "no such post", not a failure. */
  notFoundMeansAbsent?: boolean;
}

/** Sends one operation and returns its `data`; a creating mutation that fails on the server's side is an unknown outcome. */
export async function sendGraphql<Data>(session: PlatformSession, operation: HashnodeOperation, variables: Record<string, unknown>, options: SendOptions = {}): Promise<Data> {
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
  // Queries change nothing, so the HTTP client may resend them; a mutation is never sent twice.
  const response = await session.http.request<unknown>({ method: 'POST', path: '/', body: { query, variables }, idempotent: query.startsWith('query') });
  const body = response.data;
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

/** Reads Hashnode's error shape (GraphQL `errors` with extensions.code) from a non-2xx answer. */
export function readHashnodeErrorText(_status: number, data: unknown): { message?: string; platformCode?: string; retryable?: boolean } {
  const first = graphqlErrorsOf(data)?.[0];
  if (first) return { message: first.message, platformCode: first.code, ...(first.code && NEVER_RETRIED_CODES.has(first.code) ? { retryable: false } : {}) };
  if (typeof data !== 'string' || data.trim() === '') return {};
  return { message: data.trim().startsWith('<') ? describeNonGraphqlBody(data) : data.trim().slice(0, 300) };
}

/** Non-2xx answers already became XpostErrors in the HTTP client; this adds Hashnode's meaning of the code. */
export function explainHashnodeFailure(error: XpostError): XpostError {
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
            hint: 'The token\'s user must be the owner, an editor or an author of the publication in HASHNODE_PUBLICATION_ID; contributors cannot publish directly.',
          },
  ],
  [
    'NOT_FOUND',
    (message) => ({
      code: 'NOT_FOUND',
      message: `Hashnode: ${message}`,
      hint: 'Check HASHNODE_PUBLICATION_ID; a post or draft deleted on Hashnode (or one you cannot access) also answers NOT_FOUND.',
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

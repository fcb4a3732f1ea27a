import type { PendingCreate } from '../config/state-schema.js';
import { XpostError, toXpostError, type ErrorCode } from '../errors/xpost-error.js';
import type { ArticleAdapter, PlatformSession, PreparedRequest, RemoteRecord, RenderedPost } from '../platforms/types.js';

/**
 * created: the platform answered with the new copy · adopted: a copy that already exists was found
 * (made by an interrupted create, or one the platform calls a duplicate) · unknown: the create may
 * have happened; its intent stays in the state and nothing more is sent until the copy is found,
 * recorded with `xpost state mark`, or forced · refused: the create certainly did not happen.
 */
export type CreateOutcome =
  | { kind: 'created'; remote: RemoteRecord }
  | { kind: 'adopted'; remote: RemoteRecord; because: 'earlier-create' | 'duplicate' | 'unknown-outcome' }
  | { kind: 'unknown'; error: XpostError }
  | { kind: 'refused'; error: XpostError };

/** What the protocol needs of an adapter. */
export type CreatingAdapter = Pick<ArticleAdapter, 'name' | 'manageUrl' | 'searchLagSeconds' | 'resolveAccount' | 'create' | 'find'>;

export interface CreateRequest {
  adapter: CreatingAdapter;
  session: PlatformSession;
  prepared: PreparedRequest<unknown>;
  rendered: RenderedPost;
  contentHash: string;
  /** An intent an earlier run left unconfirmed; undefined when there is none or --force vouches it did not happen. */
  earlierIntent: PendingCreate | undefined;
  /** The exact command that records a copy found by hand. */
  markCommand: string;
}

/** The write-ahead journal of one post on one platform (the state file). */
export interface CreateJournal {
  /** Resolves once the state says a create may be under way. */
  begin(intent: PendingCreate): Promise<void>;
  /** The create certainly did not happen. */
  clear(): Promise<void>;
}

/**
 * HTTP answers that mean the platform did not apply the request: "moved" (301, 307, 308: xpost follows no
 * redirect, and Hashnode's retired host answers 301) or a client error (LinkedIn's retired version: 426),
 * except 408, a server that gave up waiting, which may have read the request. A 302 or 303 can be a server's
 * "created, see there", and a 5xx may have created the copy: both stay in doubt.
 */
const MOVED_STATUSES = new Set([301, 307, 308]);

function isRefusedStatus(status: number): boolean {
  return MOVED_STATUSES.has(status) || (status >= 400 && status < 500 && status !== 408);
}
/** The same, for refusals that come without an HTTP status (GraphQL errors in a 200, checks before sending). */
const REFUSED_CODES = new Set<ErrorCode>(['AUTH_FAILED', 'FORBIDDEN', 'NOT_FOUND', 'REJECTED', 'RATE_LIMITED', 'DUPLICATE', 'PAYLOAD_INVALID', 'CONFIG_INVALID', 'MISSING_CREDENTIAL', 'CREDENTIAL_INVALID']);

/** The whitelist of "definitely not created": a refusal the platform worded, or a request that never left. */
export function createWasRefused(error: XpostError): boolean {
  if (error.notSent) return true;
  if (error.status !== undefined) return isRefusedStatus(error.status);
  return REFUSED_CODES.has(error.code);
}

function isDuplicate(error: XpostError): boolean {
  return error.code === 'DUPLICATE' || error.platformCode === 'DUPLICATE';
}

/**
 * Sends one create at most once. An earlier unconfirmed intent is looked up first; the new intent is
 * written before the request leaves; an answer that leaves the outcome in doubt (a timeout, a reset,
 * any 5xx, a 2xx without an id, anything the adapter throws) is never retried: the copy is looked up
 * where the platform can be searched, else reported as unknown with the command that records it.
 */
export async function createOnce(request: CreateRequest, journal: CreateJournal, now: () => Date): Promise<CreateOutcome> {
  const { adapter } = request;
  if (request.earlierIntent) {
    const earlier = await lookUpAfterDoubt(request, request.earlierIntent.startedAt, `an earlier create may have reached ${adapter.name}`, now);
    if (earlier.kind !== 'not-found') return earlier.kind === 'found' ? { kind: 'adopted', remote: earlier.remote, because: 'earlier-create' } : earlier;
  }
  let startedAt: string;
  try {
    // Account lookups (Medium author id, LinkedIn member) come before the intent: only the create itself is in doubt.
    await adapter.resolveAccount?.(request.session);
    startedAt = now().toISOString();
    await journal.begin({ contentHash: request.contentHash, startedAt });
  } catch (error) {
    return { kind: 'refused', error: toXpostError(error) };
  }
  let failure: XpostError;
  try {
    const remote = await adapter.create(request.session, request.prepared, request.rendered);
    if (typeof remote?.id === 'string' && remote.id !== '') return { kind: 'created', remote };
    failure = new XpostError('OUTCOME_UNKNOWN', `${adapter.name} answered the create without the new post's id`);
  } catch (error) {
    failure = toXpostError(error);
  }
  if (isDuplicate(failure)) return adoptDuplicate(request, journal, failure);
  if (createWasRefused(failure)) {
    await journal.clear().catch(() => undefined);
    return { kind: 'refused', error: failure };
  }
  const looked = await lookUpAfterDoubt(request, startedAt, failure.message, now);
  if (looked.kind === 'found') return { kind: 'adopted', remote: looked.remote, because: 'unknown-outcome' };
  if (looked.kind === 'unknown') return looked;
  return {
    kind: 'unknown',
    error: new XpostError('OUTCOME_UNKNOWN', `${failure.message}; it was not found on ${adapter.name} either`, {
      hint: 'Run publish again: xpost looks the post up again before creating anything.',
      status: failure.status,
    }),
  };
}

type Lookup = { kind: 'found'; remote: RemoteRecord } | { kind: 'not-found' } | { kind: 'unknown'; error: XpostError };

/** After a create in doubt: a copy found is a fact; "not found" only counts once the platform's search has caught up. */
async function lookUpAfterDoubt(request: CreateRequest, intentStartedAt: string, what: string, now: () => Date): Promise<Lookup> {
  const { adapter } = request;
  if (!adapter.find) return { kind: 'unknown', error: unsearchable(request, what) };
  let found: RemoteRecord | undefined;
  try {
    found = await adapter.find(request.session, request.rendered);
  } catch (error) {
    const failure = toXpostError(error);
    return {
      kind: 'unknown',
      error: new XpostError('OUTCOME_UNKNOWN', `${what}; looking for it on ${adapter.name} failed: ${failure.message}`, {
        hint: 'Run publish again later: nothing is created until the lookup answers.',
        status: failure.status,
      }),
    };
  }
  if (found) return { kind: 'found', remote: found };
  const waitSeconds = secondsUntilSearchCatchesUp(adapter.searchLagSeconds, intentStartedAt, now());
  if (waitSeconds > 0) {
    return {
      kind: 'unknown',
      error: new XpostError('OUTCOME_UNKNOWN', `${what}; ${adapter.name}'s search can take ${adapter.searchLagSeconds} s to show a new post, so "not found" proves nothing yet`, {
        hint: `Run publish again in ${waitSeconds} s or later: xpost will look the post up again before creating anything.`,
      }),
    };
  }
  return { kind: 'not-found' };
}

/** A platform whose search answers from a cache (Hashnode, about 25 s, plus a margin) may not show a post created moments ago. */
export function secondsUntilSearchCatchesUp(lagSeconds: number | undefined, intentStartedAt: string, now: Date): number {
  if (!lagSeconds) return 0;
  const started = Date.parse(intentStartedAt);
  if (Number.isNaN(started)) return 0;
  return Math.max(0, Math.ceil(lagSeconds + 5 - (now.getTime() - started) / 1000));
}

/** The platform says the post exists: it is ours when the lookup finds it, otherwise the refusal stands. */
async function adoptDuplicate(request: CreateRequest, journal: CreateJournal, duplicate: XpostError): Promise<CreateOutcome> {
  const found = request.adapter.find ? await request.adapter.find(request.session, request.rendered).catch(() => undefined) : undefined;
  if (found) return { kind: 'adopted', remote: found, because: 'duplicate' };
  await journal.clear().catch(() => undefined);
  return { kind: 'refused', error: duplicate };
}

/** Medium and LinkedIn cannot be searched: the user checks, then records the copy or forces a new one. */
function unsearchable(request: CreateRequest, what: string): XpostError {
  const { adapter, markCommand } = request;
  return new XpostError('OUTCOME_UNKNOWN', `${what}; whether the post exists is unknown: check ${adapter.manageUrl} and run \`${markCommand}\``, {
    hint: `If the post is there: ${markCommand}. If it is not: run publish again with --force. Nothing is re-sent until then.`,
  });
}

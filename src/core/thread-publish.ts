import type { PlatformRecord } from '../config/state-schema.js';
import { XpostError, toXpostError } from '../errors/xpost-error.js';
import type { PlatformSession, PreparedRequest, RemoteRecord, RenderedPost, ThreadAdapter } from '../platforms/types.js';
import type { PostBinding, StateStore } from '../state/state-file.js';
import type { RunContext } from './context.js';
import { contentHash } from './fingerprint.js';
import type { PlannedAction } from './plan.js';
import type { PreparedPost, ThreadPayload } from './prepare.js';
import { postThread, type ThreadOutcome } from './thread-protocol.js';

export interface ThreadItem {
  adapter: ThreadAdapter;
  binding: PostBinding;
  rendered: RenderedPost;
  prepared: PreparedRequest<unknown>;
  hash: string;
  sourceHash: string;
  record: PlatformRecord | undefined;
  action: PlannedAction;
  force: boolean;
  markCommand: string;
  prepareAgain: () => PreparedPost;
}

export type ThreadSendResult = { status: 'published' | 'updated'; remote: RemoteRecord; message: string } | { status: 'failed'; error: XpostError };

/** One post's thread on one platform: posted, resumed or edited part by part, each part recorded as it exists. */
export async function sendThread(planned: ThreadItem, session: PlatformSession, state: StateStore, ctx: RunContext): Promise<ThreadSendResult> {
  let item: ThreadItem;
  try {
    item = await withCurrentLimits(planned, session, state);
  } catch (error) {
    return { status: 'failed', error: toXpostError(error) };
  }
  const payload = item.prepared.payload as ThreadPayload;
  const fingerprints = (item.prepared.fingerprint as ThreadPayload).parts;
  const outcome = await postThread(
    {
      platform: item.adapter,
      session,
      parts: payload.parts,
      hashes: fingerprints.map((fingerprint) => contentHash(fingerprint)),
      post: item.rendered,
      progress: item.record?.thread,
      force: item.force,
      edit: item.action.kind === 'update',
      markCommand: item.markCommand,
    },
    { save: (progress) => state.recordThread(item.binding, item.adapter.id, progress, ctx.now().toISOString()) },
    ctx.now,
  );
  if (outcome.kind !== 'complete') return { status: 'failed', error: failureOf(outcome, payload.parts.length) };
  const root = outcome.parts[0];
  if (!root) throw new XpostError('INTERNAL', `the ${item.adapter.name} thread completed without a first part`);
  const remote = { id: root.id, url: root.url };
  await state.recordCopy(item.binding, item.adapter.id, { ...remote, contentHash: item.hash, sourceHash: item.sourceHash, at: ctx.now().toISOString(), created: false });
  return { status: item.action.kind === 'update' ? 'updated' : 'published', remote, message: describe(outcome, payload.parts.length, item.action.kind === 'update') };
}

/**
 * A thread not yet begun is cut to the platform's limits as they are now (a Mastodon instance's own,
 * read and remembered here), so the first run cuts it as every later dry-run will. A thread begun
 * is finished as it was planned.
 */
async function withCurrentLimits(item: ThreadItem, session: PlatformSession, state: StateStore): Promise<ThreadItem> {
  if (item.action.kind !== 'create' || !item.adapter.resolveAccount) return item;
  const before = JSON.stringify(state.account(item.adapter.id));
  await item.adapter.resolveAccount(session);
  if (JSON.stringify(state.account(item.adapter.id)) === before) return item;
  const ready = item.prepareAgain();
  return ready.kind === 'ready' ? { ...item, prepared: ready.prepared, hash: ready.hash } : item;
}

function describe(outcome: Extract<ThreadOutcome, { kind: 'complete' }>, total: number, editing: boolean): string {
  const thread = `thread of ${total === 1 ? '1 part' : `${total} parts`}`;
  if (editing) return `${thread}: ${outcome.edited} edited${outcome.sent > 0 ? `, ${outcome.sent} added` : ''}`;
  if (outcome.sent === total) return `${thread} posted`;
  if (outcome.sent === 0) return `${thread} recorded (every part was already posted)`;
  return `${thread} resumed: ${partRange(total - outcome.sent + 1, total)} of ${total} posted`;
}

function partRange(from: number, to: number): string {
  return from === to ? `part ${from}` : `parts ${from}–${to}`;
}

function failureOf(outcome: Exclude<ThreadOutcome, { kind: 'complete' }>, total: number): XpostError {
  const failure = toXpostError(outcome.error);
  const kept = outcome.posted === 0 ? '' : ` (${partRange(1, outcome.posted)} of ${total} ${outcome.posted === 1 ? 'exists and is' : 'exist and are'} recorded)`;
  return new XpostError(failure.code, `${failure.message}${kept}`, {
    hint: failure.hint,
    status: failure.status,
    platformCode: failure.platformCode,
    retryAfterSeconds: failure.retryAfterSeconds,
  });
}

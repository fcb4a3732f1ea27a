import type { PlatformRecord, ThreadRecord } from '../config/state-schema.js';
import type { PlatformAdapter } from '../platforms/types.js';

/**
 * create: no copy yet · update: the copy differs and can be edited · unchanged: nothing to send ·
 * blocked: the copy differs but the platform cannot (or by default should not) be updated ·
 * reconcile: an earlier create may have happened; look before creating again ·
 * resume: a thread was half posted; it is finished from the next part, whatever changed since ·
 * scheduled: a first publish whose platform is not due yet (decided by the publish step, not here).
 */
export type PlannedAction =
  | { kind: 'create' }
  | { kind: 'update'; remoteId: string }
  | { kind: 'unchanged' }
  | { kind: 'blocked'; reason: string }
  | { kind: 'reconcile' }
  | { kind: 'resume'; posted: number; total: number }
  | { kind: 'scheduled'; dueAt: Date };

export function planAction(adapter: PlatformAdapter, record: PlatformRecord | undefined, hash: string, force: boolean): PlannedAction {
  if (adapter.shape === 'thread') return planThreadAction(adapter, record, hash, force);
  if (!record?.id) {
    // --force is the user's word that an unconfirmed earlier create did not happen.
    return record?.pendingCreate && !force ? { kind: 'reconcile' } : { kind: 'create' };
  }
  const changed = record.contentHash !== hash;
  if (!changed && !force) return { kind: 'unchanged' };

  switch (adapter.updateSupport) {
    case 'update':
      return { kind: 'update', remoteId: record.id };
    case 'on-force':
      return force
        ? { kind: 'update', remoteId: record.id }
        : { kind: 'blocked', reason: `changed; ${adapter.name} shares are not re-sent by default (run with --force to update the text)` };
    case 'none':
      return changed
        ? { kind: 'blocked', reason: `changed, ${adapter.name} cannot be updated: edit it at ${record.url ?? adapter.manageUrl}` }
        : { kind: 'unchanged' };
  }
}

/**
 * A half-posted thread (or one whose last answer was not recorded) is finished before anything else;
 * a complete one is never announced again: it is edited only where the platform can, and only with --force.
 */
function planThreadAction(adapter: PlatformAdapter, record: PlatformRecord | undefined, hash: string, force: boolean): PlannedAction {
  const thread = record?.thread;
  if (thread && (!threadComplete(thread) || record?.contentHash === undefined)) {
    return { kind: 'resume', posted: thread.parts.filter((part) => part.id !== undefined).length, total: thread.total };
  }
  if (!record?.id) return { kind: 'create' };
  if (record.contentHash === hash) return { kind: 'unchanged' };
  if (adapter.updateSupport === 'none') return { kind: 'blocked', reason: `changed; ${adapter.name} posts cannot be edited, so the thread stays as it was announced` };
  if (!thread) return { kind: 'blocked', reason: `changed; the ${adapter.name} thread's posts are not recorded one by one, so xpost cannot edit them` };
  return force
    ? { kind: 'update', remoteId: record.id }
    : { kind: 'blocked', reason: `changed; the ${adapter.name} thread is not announced again (run with --force to edit its posts)` };
}

/** Every part exists. */
export function threadComplete(thread: ThreadRecord): boolean {
  return thread.parts.length >= thread.total && thread.parts.every((part) => part.id !== undefined);
}

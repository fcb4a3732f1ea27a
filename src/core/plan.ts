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

/**
 * `sourceHash` is what the copy is rendered from (the post file, config and templates): when it is
 * what the record was sent from, the copy is unchanged even if xpost now renders it differently, so
 * upgrading xpost never re-sends a post by itself.
 */
export function planAction(adapter: PlatformAdapter, record: PlatformRecord | undefined, hash: string, force: boolean, sourceHash?: string): PlannedAction {
  if (adapter.shape === 'thread') return planThreadAction(adapter, record, hash, force);
  if (!record?.id) {
    // --force is the user's word that an unconfirmed earlier create did not happen.
    return record?.pendingCreate && !force ? { kind: 'reconcile' } : { kind: 'create' };
  }
  const sourceUnchanged = sourceHash !== undefined && record.sourceHash === sourceHash;
  const changed = record.contentHash !== hash && !sourceUnchanged;
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
  // A create reserved by a CI run that then died (--commit-state) may have posted parts whose keys were never recorded.
  if (!record?.id && record?.pendingCreate && !force) {
    return { kind: 'blocked', reason: `an earlier run may have started this ${adapter.name} thread before it could record it: check ${adapter.manageUrl}, then run with --force to post it (or \`xpost state mark\` the thread you find)` };
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

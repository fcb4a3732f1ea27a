import type { PlatformRecord } from '../config/state-schema.js';
import type { PlatformAdapter } from '../platforms/types.js';

/**
 * create: no copy yet · update: the copy differs and can be edited · unchanged: nothing to send ·
 * blocked: the copy differs but the platform cannot (or by default should not) be updated ·
 * reconcile: an earlier create may have happened; look before creating again ·
 * scheduled: a first publish whose platform is not due yet (decided by the publish step, not here).
 */
export type PlannedAction =
  | { kind: 'create' }
  | { kind: 'update'; remoteId: string }
  | { kind: 'unchanged' }
  | { kind: 'blocked'; reason: string }
  | { kind: 'reconcile' }
  | { kind: 'scheduled'; dueAt: Date };

/**
 * `sourceHash` is what the copy is rendered from (the post file, config and templates): when it is
 * what the record was sent from, the copy is unchanged even if xpost now renders it differently, so
 * upgrading xpost never re-sends a post by itself.
 */
export function planAction(adapter: PlatformAdapter, record: PlatformRecord | undefined, hash: string, force: boolean, sourceHash?: string): PlannedAction {
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

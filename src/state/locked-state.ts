import { lockStateFile, removeDeadDrafts, type LockOptions } from './lock.js';
import { removeLeftovers, StateStore } from './state-file.js';

/**
 * The one way to change the state: lock it, clear what killed runs left beside it, read it (inside
 * the lock, so a run that waited sees what the other run recorded), work, release.
 */
export async function withLockedState<T>(statePath: string, lock: LockOptions, work: (state: StateStore) => Promise<T>): Promise<T> {
  const release = await lockStateFile(statePath, lock);
  try {
    await removeLeftovers(statePath);
    await removeDeadDrafts(statePath);
    return await work(await StateStore.load(statePath));
  } finally {
    await release().catch(() => undefined);
  }
}

import type { PlatformId } from '../platforms/registry.js';
import type { PostBinding, StateStore } from '../state/state-file.js';

/** A create the run plans (a first publish, or one after an unconfirmed earlier create), before anything is sent. */
export interface PlannedCreate {
  binding: PostBinding;
  platform: PlatformId;
  contentHash: string;
  /** The post's file as the run shows it. */
  file: string;
}

/**
 * Keeps the state file somewhere every run reads it (`publish --commit-state`: the git branch), so
 * runs on other machines never publish a copy twice. The core calls it and knows nothing of git.
 */
export interface StateSync {
  /**
   * Before the first request: checks the state is the newest and records the planned creates where
   * other runs see them. Throws an input error to stop the run with nothing sent; resolves to the
   * creates another run already holds, which this run leaves alone.
   */
  beforeFirstWrite(creates: readonly PlannedCreate[], state: StateStore): Promise<ReadonlySet<PlannedCreate>>;
  /** After the last answer, also after failures: records the state where the next run reads it. */
  afterRun(state: StateStore): Promise<void>;
}

/** A platform's published write limits, e.g. dev.to: one write a second, 9 creates in 30 seconds. */
export interface WritePacing {
  minIntervalMs: number;
  createsPerWindow?: { limit: number; windowMs: number };
}

export interface Pacer {
  /** Resolves when one more write (a create when `isCreate`) may be sent without hitting the limit. */
  beforeWrite(isCreate: boolean): Promise<void>;
}

/** Spaces writes so a batch of posts stays under the platform's limits instead of collecting 429s. */
export function createPacer(
  pacing: WritePacing,
  clock: { now: () => number; sleep: (ms: number) => Promise<void> } = { now: Date.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
): Pacer {
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  const recentCreates: number[] = [];
  let queue: Promise<void> = Promise.resolve();

  const waitForTurn = async (isCreate: boolean): Promise<void> => {
    let waitMs = lastWriteAt + pacing.minIntervalMs - clock.now();
    const window = pacing.createsPerWindow;
    if (isCreate && window) {
      while (recentCreates.length > 0 && (recentCreates[0] ?? 0) <= clock.now() - window.windowMs) recentCreates.shift();
      if (recentCreates.length >= window.limit) waitMs = Math.max(waitMs, (recentCreates[0] ?? 0) + window.windowMs - clock.now());
    }
    if (waitMs > 0) await clock.sleep(waitMs);
    lastWriteAt = clock.now();
    if (isCreate) recentCreates.push(lastWriteAt);
  };

  return {
    // Writes take turns: each waits for the one before it, so concurrent callers cannot both slip through.
    beforeWrite(isCreate) {
      const turn = queue.then(() => waitForTurn(isCreate));
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

import { XpostError } from '../errors/xpost-error.js';
import type { RenderTarget, ThreadKit } from '../platforms/types.js';

let loaded: ThreadKit | undefined;

/**
 * Loads the thread tools (twitter-text, the segmenters) when one of the targets is a thread, so that
 * commands and runs without one never pay for them. Call before preparing any thread.
 */
export async function loadThreadKit(targets: readonly Pick<RenderTarget, 'shape'>[]): Promise<void> {
  if (loaded || !targets.some((target) => target.shape === 'thread')) return;
  loaded = await import('./thread.js');
}

/** The loaded thread tools; preparing a thread without loading them first is a bug. */
export function threadKit(): ThreadKit {
  if (!loaded) throw new XpostError('INTERNAL', 'a thread was prepared before the thread tools were loaded (loadThreadKit)');
  return loaded;
}

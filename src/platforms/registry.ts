import { devtoAdapter } from './devto.js';
import type { PlatformId } from './ids.js';
import type { PlatformAdapter } from './types.js';

/** The single list of platforms: adding one is a new adapter file and one line here. */
const ADAPTERS: Record<PlatformId, PlatformAdapter | undefined> = {
  devto: devtoAdapter,
  hashnode: undefined,
  medium: undefined,
  linkedin: undefined,
};

export function adapterFor(id: PlatformId): PlatformAdapter {
  const adapter = ADAPTERS[id];
  if (!adapter) throw new Error(`no adapter registered for ${id}`);
  return adapter;
}

/** Every platform with an adapter, in display order. */
export function allAdapters(): PlatformAdapter[] {
  return Object.values(ADAPTERS).filter((adapter): adapter is PlatformAdapter => adapter !== undefined);
}

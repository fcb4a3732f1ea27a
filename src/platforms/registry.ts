import { devtoAdapter } from './devto.js';
import { hashnodeAdapter } from './hashnode.js';
import type { PlatformId } from './ids.js';
import { linkedinAdapter } from './linkedin.js';
import { mediumAdapter } from './medium.js';
import type { PlatformAdapter } from './types.js';

/** The single list of platforms: adding one is a new adapter file and one line here. */
const ADAPTERS: Record<PlatformId, PlatformAdapter> = {
  devto: devtoAdapter,
  hashnode: hashnodeAdapter,
  medium: mediumAdapter,
  linkedin: linkedinAdapter,
};

export function adapterFor(id: PlatformId): PlatformAdapter {
  return ADAPTERS[id];
}

/** Every platform with an adapter, in display order. */
export function allAdapters(): PlatformAdapter[] {
  return Object.values(ADAPTERS);
}

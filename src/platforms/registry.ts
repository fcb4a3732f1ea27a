import { blueskyAdapter } from './bluesky.js';
import { devtoAdapter } from './devto.js';
import { hashnodeAdapter } from './hashnode/adapter.js';
import { linkedinAdapter } from './linkedin.js';
import { mastodonAdapter } from './mastodon.js';
import { mediumAdapter } from './medium.js';
import { redditTarget } from './reddit.js';
import type { PlatformAdapter, RenderTarget } from './types.js';
import { xTarget } from './x.js';

/** The single list of platforms xpost publishes to, in display order: adding one is a new adapter file and one line here. */
const ADAPTERS = {
  devto: devtoAdapter,
  hashnode: hashnodeAdapter,
  medium: mediumAdapter,
  linkedin: linkedinAdapter,
  bluesky: blueskyAdapter,
  mastodon: mastodonAdapter,
};

/** Targets rendered for pasting only (no API posting): after the publish platforms in every list. */
const RENDER_ONLY_TARGETS = {
  x: xTarget,
  reddit: redditTarget,
};

export type PlatformId = keyof typeof ADAPTERS;
export type RenderTargetId = PlatformId | keyof typeof RENDER_ONLY_TARGETS;

export const PLATFORM_IDS = Object.keys(ADAPTERS) as PlatformId[];
export const RENDER_TARGET_IDS = [...PLATFORM_IDS, ...(Object.keys(RENDER_ONLY_TARGETS) as Array<keyof typeof RENDER_ONLY_TARGETS>)];

export function isPlatformId(value: string): value is PlatformId {
  return Object.hasOwn(ADAPTERS, value);
}

export function adapterFor(id: PlatformId): PlatformAdapter {
  return ADAPTERS[id];
}

/** Every platform with an adapter, in display order. */
export function allAdapters(): PlatformAdapter[] {
  return PLATFORM_IDS.map(adapterFor);
}

export function renderTargetFor(id: RenderTargetId): RenderTarget {
  return isPlatformId(id) ? adapterFor(id) : RENDER_ONLY_TARGETS[id as keyof typeof RENDER_ONLY_TARGETS];
}

/** Every target xpost renders for: the publish platforms, then the render-only ones. */
export function allRenderTargets(): RenderTarget[] {
  return RENDER_TARGET_IDS.map(renderTargetFor);
}

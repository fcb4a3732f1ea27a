import { XpostError } from '../errors/xpost-error.js';
import { DEFAULT_LOCK_OPTIONS, type LockOptions } from '../state/lock.js';
import type { XpostConfig } from './config-schema.js';
import type { RetryPolicy } from '../http/types.js';
import type { PlatformId } from '../platforms/ids.js';
import type { Env, PlatformAdapter, PlatformSettings } from '../platforms/types.js';

/** XPOST_DEVTO_API_URL and friends point a platform at another server (tests, proxies); paths stay the real ones. */
export function originVariable(id: PlatformId): string {
  return `XPOST_${id.toUpperCase()}_API_URL`;
}

export function platformOrigin(adapter: PlatformAdapter, env: Env): string {
  const variable = originVariable(adapter.id);
  const value = env[variable]?.trim();
  if (!value) return adapter.defaultOrigin;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new XpostError('CONFIG_INVALID', `${variable} is not a URL: "${value}"`, { hint: 'Use scheme://host[:port], e.g. http://127.0.0.1:4000' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new XpostError('CONFIG_INVALID', `${variable} must be an http(s) URL, not "${value}"`, { hint: 'Use scheme://host[:port].' });
  }
  return `${url.protocol}//${url.host}`;
}

export interface HttpTuning {
  timeoutMs: number;
  retry: RetryPolicy;
}

const DEFAULT_TUNING: HttpTuning = {
  timeoutMs: 30_000,
  retry: { maxAttempts: 4, baseDelayMs: 1_000, maxTotalWaitMs: 120_000 },
};

/** Timeouts and retry bounds; environment variables exist so CI (and tests) can tighten them. */
export function httpTuning(env: Env): HttpTuning {
  return {
    timeoutMs: positiveNumber(env, 'XPOST_TIMEOUT_MS') ?? DEFAULT_TUNING.timeoutMs,
    retry: {
      maxAttempts: positiveNumber(env, 'XPOST_RETRY_MAX_ATTEMPTS') ?? DEFAULT_TUNING.retry.maxAttempts,
      baseDelayMs: positiveNumber(env, 'XPOST_RETRY_BASE_MS') ?? DEFAULT_TUNING.retry.baseDelayMs,
      maxTotalWaitMs: positiveNumber(env, 'XPOST_RETRY_MAX_WAIT_MS') ?? DEFAULT_TUNING.retry.maxTotalWaitMs,
    },
  };
}

/** How long to wait for another run's lock, and when a lock counts as left behind by a killed run. */
export function lockTuning(env: Env): LockOptions {
  return {
    waitMs: positiveNumber(env, 'XPOST_LOCK_WAIT_MS') ?? DEFAULT_LOCK_OPTIONS.waitMs,
    staleMs: positiveNumber(env, 'XPOST_LOCK_STALE_MS') ?? DEFAULT_LOCK_OPTIONS.staleMs,
  };
}

function positiveNumber(env: Env, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new XpostError('CONFIG_INVALID', `${name} must be a non-negative number, not "${raw}"`);
  }
  return value;
}

/** Non-secret per-platform settings: the config file, overridden by the environment where a variable is set. */
export function platformSettings(id: PlatformId, env: Env, config: XpostConfig = {}): PlatformSettings {
  const fromEnv = (name: string) => env[name]?.trim() || undefined;
  switch (id) {
    case 'hashnode':
      return { publicationId: fromEnv('HASHNODE_PUBLICATION_ID') ?? config.platforms?.hashnode?.publication_id };
    case 'medium':
      return {
        publishStatus: fromEnv('XPOST_MEDIUM_PUBLISH_STATUS') ?? config.platforms?.medium?.publish_status,
        notifyFollowers: fromEnv('XPOST_MEDIUM_NOTIFY_FOLLOWERS') ?? config.platforms?.medium?.notify_followers,
      };
    case 'linkedin':
      return {
        version: fromEnv('XPOST_LINKEDIN_VERSION') ?? config.platforms?.linkedin?.version,
        authorUrn: fromEnv('LINKEDIN_AUTHOR_URN') ?? config.platforms?.linkedin?.author_urn,
      };
    case 'devto':
      return {};
  }
}

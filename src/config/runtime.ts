import { XpostError } from '../errors/xpost-error.js';
import { DEFAULT_LOCK_OPTIONS, type LockOptions } from '../state/lock.js';
import type { XpostConfig } from './config-schema.js';
import type { RetryPolicy } from '../http/types.js';
import { adapterFor, type PlatformId } from '../platforms/registry.js';
import type { Env, PlatformAdapter, PlatformSettings } from '../platforms/types.js';

/** XPOST_DEVTO_API_URL and friends point a platform at another server (tests, proxies); paths stay the real ones. */
export function originVariable(id: string): string {
  return `XPOST_${id.toUpperCase()}_API_URL`;
}

/** Where a platform's API is: XPOST_<ID>_API_URL, else the user's own server where the platform has one (a Mastodon instance), else its default. */
export function platformOrigin(adapter: PlatformAdapter, env: Env, settings: PlatformSettings = {}): string {
  const variable = originVariable(adapter.id);
  const override = env[variable]?.trim();
  if (override) return originOf(override, variable);
  const own = adapter.originSetting === undefined ? undefined : settings[adapter.originSetting];
  if (typeof own === 'string' && own.trim() !== '') {
    const source = adapter.settings.find((setting) => setting.key === adapter.originSetting);
    return originOf(own.trim(), source?.env ?? `platforms.${adapter.id}.${source?.configKey ?? adapter.originSetting}`);
  }
  // A platform on the user's own server has no default: credentials must never go to someone else's.
  if (!adapter.defaultOrigin) throw new XpostError('CONFIG_INVALID', `${adapter.name} needs the address of your server`, { hint: `Set ${variable} or the ${adapter.name} address setting.` });
  return adapter.defaultOrigin;
}

function originOf(value: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new XpostError('CONFIG_INVALID', `${variable} is not a URL: "${value}"`, { hint: 'Use scheme://host[:port][/path], e.g. http://127.0.0.1:4000' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new XpostError('CONFIG_INVALID', `${variable} must be an http(s) URL, not "${value}"`, { hint: 'Use scheme://host[:port][/path].' });
  }
  // A path is kept (a proxy or an emulator serving several platforms under /devto, /hashnode, ...); query and fragment are not part of an address.
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
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

/** Non-secret per-platform settings, as the adapter declares them: the config file, overridden by the environment where a variable is set. */
export function platformSettings(id: PlatformId, env: Env, config: XpostConfig = {}): PlatformSettings {
  const adapter = adapterFor(id);
  const block: Readonly<Record<string, unknown>> = config.platforms?.[adapter.id] ?? {};
  const settings: Record<string, string | boolean | number | undefined> = {};
  for (const setting of adapter.settings) {
    const fromEnv = setting.env ? env[setting.env]?.trim() || undefined : undefined;
    const fromConfig = setting.configKey ? block[setting.configKey] : undefined;
    settings[setting.key] = fromEnv ?? (typeof fromConfig === 'string' || typeof fromConfig === 'boolean' || typeof fromConfig === 'number' ? fromConfig : undefined);
  }
  return settings;
}

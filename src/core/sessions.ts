import { httpTuning, platformOrigin, platformSettings } from '../config/runtime.js';
import { createPacer } from '../http/pacer.js';
import { isXpostError } from '../errors/xpost-error.js';
import type { HttpClient, HttpClientFactory } from '../http/types.js';
import type { PlatformId } from '../platforms/registry.js';
import type { PlatformAdapter, PlatformSession, PlatformSettings } from '../platforms/types.js';
import type { StateStore } from '../state/state-file.js';
import type { RunContext } from './context.js';
import type { RenderSetup } from './render.js';

/** One session per platform: its HTTP client (origin, credentials, retries, pacing) and its remembered account facts. */
export async function openSessions(adapters: PlatformAdapter[], state: StateStore, setup: RenderSetup, ctx: RunContext): Promise<Map<PlatformId, PlatformSession>> {
  const createHttpClient: HttpClientFactory = ctx.createHttpClient ?? (await import('../http/client.js')).createHttpClient;
  const tuning = httpTuning(ctx.env);
  const sessions = new Map<PlatformId, PlatformSession>();
  for (const adapter of adapters) {
    const settings = platformSettings(adapter.id, ctx.env, setup.config);
    const http = createHttpClient({
      platformName: adapter.name,
      origin: platformOrigin(adapter, ctx.env, settings),
      headers: adapter.requestHeaders(ctx.env, settings),
      timeoutMs: tuning.timeoutMs,
      retry: tuning.retry,
      readErrorText: adapter.readErrorText,
      redact: ctx.redact,
      onExchange: (line) => ctx.emit({ type: 'debug', message: line }),
      onRetry: ({ attempt, delayMs, reason }) => ctx.emit({ type: 'retry', file: '', platform: adapter.id, attempt, delayMs, reason }),
    });
    const pacer = adapter.writePacing ? createPacer(adapter.writePacing) : undefined;
    const paced: HttpClient = pacer
      ? { request: async (request) => (request.method === 'GET' ? http.request(request) : pacer.beforeWrite(request.method === 'POST').then(() => http.request(request))) }
      : http;
    sessions.set(adapter.id, {
      http: withPlatformExplanations(paced, adapter, settings),
      env: ctx.env,
      settings,
      account: {
        get: (key) => state.account(adapter.id)[key],
        set: (key, value) => state.setAccount(adapter.id, { [key]: value }),
      },
      downloadImage: async (url, maxBytes) => (await import('../http/download.js')).downloadImage(url, maxBytes, tuning.timeoutMs),
    });
  }
  return sessions;
}

/** Every failed request gets the platform's own explanation and next step, in one place for all adapters. */
export function withPlatformExplanations(http: HttpClient, adapter: PlatformAdapter, settings: PlatformSettings): HttpClient {
  const explain = adapter.explainError;
  if (!explain) return http;
  return {
    request: async (request) => {
      try {
        return await http.request(request);
      } catch (error) {
        throw isXpostError(error) ? explain(error, request, settings) : error;
      }
    },
  };
}

import { withPlatformExplanations } from '../../src/core/sessions.js';
import { createHttpClient } from '../../src/http/client.js';
import { XpostError } from '../../src/errors/xpost-error.js';
import { downloadImage } from '../../src/http/download.js';
import type { PlatformAdapter, PlatformSession, PlatformSettings, RenderedPost } from '../../src/platforms/types.js';

/** A session wired as publishing wires it (the real axios client, the platform's explanations), pointed at a nock-intercepted origin, with fast retries. */
export function sessionFor(
  adapter: PlatformAdapter,
  env: Record<string, string>,
  options: { origin?: string; settings?: PlatformSettings; account?: Record<string, string> } = {},
): PlatformSession & { accountValues: Record<string, string> } {
  const accountValues: Record<string, string> = { ...options.account };
  const settings = options.settings ?? {};
  return {
    http: withPlatformExplanations(
      createHttpClient({
        platformName: adapter.name,
        origin: options.origin ?? adapter.defaultOrigin,
        headers: adapter.requestHeaders(env, settings),
        timeoutMs: 2_000,
        retry: { maxAttempts: 3, baseDelayMs: 1, maxTotalWaitMs: 5_000 },
        readErrorText: adapter.readErrorText,
        sleep: async () => undefined,
      }),
      adapter,
      settings,
    ),
    env,
    settings,
    account: {
      get: (key) => accountValues[key],
      set: async (key, value) => {
        accountValues[key] = value;
      },
    },
    downloadImage: (url, maxBytes) => downloadImage(url, maxBytes, 2_000),
    accountValues,
  };
}

export function renderedPost(overrides: Partial<RenderedPost> = {}): RenderedPost {
  return {
    platform: 'devto',
    title: 'Testing xpost',
    description: 'A post used by the tests',
    body: 'Hello from the **tests**.\n',
    tags: ['testing'],
    canonicalUrl: 'https://blog.example.com/posts/testing-xpost/',
    coverImage: undefined,
    published: true,
    series: undefined,
    slug: 'testing-xpost',
    date: '2026-11-01',
    ...overrides,
  };
}

/** The XpostError a call rejects with; any other outcome fails the test. */
export async function failure(run: () => Promise<unknown>): Promise<XpostError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof XpostError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

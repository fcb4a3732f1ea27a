/**
 * The fake Bluesky and Mastodon accounts the contract suites post as, and the place of a first part,
 * shared so the main and the detail suites of each platform speak of the same account.
 */
import type { PartPlace } from '../../src/platforms/types.js';
import { renderedPost } from './sessions.js';

export const CANONICAL = 'https://blog.example.com/posts/testing-xpost/';

export const BLUESKY = {
  origin: 'https://bsky.social',
  handle: 'xpost-test.bsky.social',
  did: 'did:plc:xposttestemulatedaccount',
  cid: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm',
  key: '3lbq6xyzabc22',
  env: { BLUESKY_HANDLE: 'xpost-test.bsky.social', BLUESKY_APP_PASSWORD: 'test-app-pass-word' },
} as const;

export const MASTODON = {
  origin: 'https://mastodon.example',
  token: 'test-mastodon-token',
  accountId: '109000000000000042',
  key: 'xpost-6f1c2b9e-8a0d-4a43-9a57-0a9f1d3f7c11',
  env: { MASTODON_INSTANCE_URL: 'https://mastodon.example', MASTODON_ACCESS_TOKEN: 'test-mastodon-token' },
} as const;

/** A JWT-shaped token carrying the scope the PDS grants: app passwords get com.atproto.appPass. */
export function blueskyAccessJwt(scope: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ typ: 'at+jwt', alg: 'ES256K' })}.${part({ scope, sub: BLUESKY.did })}.c2lnbmF0dXJl`;
}

/** Where the first part of a thread goes: no root, no parent; Bluesky's post has its canonical URL. */
export function firstPartPlace(platform: 'bluesky' | 'mastodon', overrides: Partial<PartPlace> = {}): PartPlace {
  const post = platform === 'bluesky' ? renderedPost({ platform, canonicalUrl: CANONICAL }) : renderedPost({ platform });
  return { index: 0, key: platform === 'bluesky' ? BLUESKY.key : MASTODON.key, root: undefined, parent: undefined, post, ...overrides };
}

/** A status as the Mastodon API answers it (Status entity), for the test account. */
export function mastodonStatus(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    url: `${MASTODON.origin}/@xpost_tester/${id}`,
    created_at: '2026-11-09T08:00:00.000Z',
    in_reply_to_id: null,
    content: '<p>one</p>',
    visibility: 'public',
    account: { id: MASTODON.accountId, username: 'xpost_tester' },
    ...overrides,
  };
}

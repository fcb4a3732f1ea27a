/**
 * Reads how long a platform asked us to wait: the Retry-After header in seconds or as an HTTP date,
 * or dev.to's JSON body "Rate limit reached, try again in 30 seconds".
 */
export function retryAfterSeconds(headers: Record<string, string>, data: unknown, now: Date = new Date()): number | undefined {
  const header = headers['retry-after']?.trim();
  if (header) {
    if (/^\d+(\.\d+)?$/.test(header)) return Number(header);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
  }
  const text = typeof data === 'string' ? data : typeof data === 'object' && data !== null ? JSON.stringify(data) : '';
  const match = /try again in (\d+) seconds?/i.exec(text);
  if (match?.[1]) return Number(match[1]);
  return rateLimitResetSeconds(headers, now);
}

/** An epoch second count this large is a time, not a delay (atproto's RateLimit-Reset; the IETF draft's is a delay). */
const EPOCH_SECONDS_FLOOR = 1_000_000_000;

/**
 * When the limit's window resets: Bluesky's `ratelimit-reset` (epoch seconds) or Mastodon's
 * `x-ratelimit-reset` (an ISO 8601 time), for 429s that come without Retry-After.
 */
function rateLimitResetSeconds(headers: Record<string, string>, now: Date): number | undefined {
  const reset = (headers['ratelimit-reset'] ?? headers['x-ratelimit-reset'])?.trim();
  if (!reset) return undefined;
  if (/^\d+$/.test(reset)) {
    const value = Number(reset);
    return value >= EPOCH_SECONDS_FLOOR ? Math.max(0, Math.ceil(value - now.getTime() / 1000)) : value;
  }
  const date = Date.parse(reset);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}

/** Exponential backoff with full jitter: a random wait up to base × 2^(attempt−1). */
export function backoffDelayMs(attempt: number, baseDelayMs: number, random: () => number = Math.random): number {
  const ceiling = baseDelayMs * 2 ** (attempt - 1);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

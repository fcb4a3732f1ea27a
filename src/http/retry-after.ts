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
  return match?.[1] ? Number(match[1]) : undefined;
}

/** Exponential backoff with full jitter: a random wait up to base × 2^(attempt−1). */
export function backoffDelayMs(attempt: number, baseDelayMs: number, random: () => number = Math.random): number {
  const ceiling = baseDelayMs * 2 ** (attempt - 1);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

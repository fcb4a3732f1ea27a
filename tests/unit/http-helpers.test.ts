import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/http/redact.js';
import { backoffDelayMs, retryAfterSeconds } from '../../src/http/retry-after.js';

describe('retryAfterSeconds', () => {
  const now = new Date('2026-11-22T10:00:00Z');
  it('reads seconds, an HTTP date, and dev.to\'s JSON message', () => {
    expect(retryAfterSeconds({ 'retry-after': '30' }, undefined, now)).toBe(30);
    expect(retryAfterSeconds({ 'retry-after': 'Sun, 22 Nov 2026 10:00:45 GMT' }, undefined, now)).toBe(45);
    expect(retryAfterSeconds({}, { error: 'Rate limit reached, try again in 12 seconds', status: 429 }, now)).toBe(12);
    expect(retryAfterSeconds({}, 'Retry later\n', now)).toBeUndefined();
  });
});

describe('backoffDelayMs', () => {
  it('doubles per attempt with jitter in the upper half', () => {
    expect(backoffDelayMs(1, 1000, () => 0)).toBe(500);
    expect(backoffDelayMs(3, 1000, () => 1)).toBe(4000);
  });
});

describe('createRedactor', () => {
  it('masks plain, URL-encoded and JSON-escaped forms, longest first', () => {
    const redact = createRedactor(['abc/def+ghi', undefined, 'ab']);
    expect(redact('key=abc/def+ghi and abc%2Fdef%2Bghi')).toBe('key=*** and ***');
    expect(redact('ab stays: too short to be a real secret')).toBe('ab stays: too short to be a real secret');
  });
});

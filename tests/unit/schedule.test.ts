import { afterEach, describe, expect, it } from 'vitest';
import { dueDate, postInstant, type ScheduleRules } from '../../src/core/schedule.js';
import { XpostError } from '../../src/errors/xpost-error.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

const START = '2026-01-05T00:00:00Z';

/** How long after the post's date a delay makes a platform due ("7d", "36h", "90m", "2w", "0"; a bare number is days). */
function parseDuration(text: string | number): number {
  const due = dueDate('devto', START, { config: { devto: text as string }, post: undefined, timeZone: 'UTC' });
  return (due?.getTime() ?? Number.NaN) - Date.parse(START);
}

describe('delays', () => {
  it.each([
    ['7d', 7 * DAY_MS],
    ['36h', 36 * HOUR_MS],
    ['90m', 90 * MINUTE_MS],
    ['2w', 14 * DAY_MS],
    ['0', 0],
    ['1.5d', 36 * HOUR_MS],
    [' 7d ', 7 * DAY_MS],
  ])('reads %j as %i ms', (text, expectedMs) => {
    expect(parseDuration(text)).toBe(expectedMs);
  });

  it('reads a bare number, as text or as a YAML number, as days', () => {
    expect(parseDuration('3')).toBe(3 * DAY_MS);
    expect(parseDuration(3)).toBe(3 * DAY_MS);
    expect(parseDuration(0)).toBe(0);
  });

  it.each(['99999999999999999999w', '3651d', '1e400'])('rejects %j, too long or no number, with CONFIG_INVALID', (text) => {
    const error = thrownBy(() => parseDuration(text));
    expect(error).toBeInstanceOf(XpostError);
    expect((error as XpostError).code).toBe('CONFIG_INVALID');
    expect((error as XpostError).message).toContain(`"${text}"`);
  });

  it.each(['soon', '7x', '-1d', 'd', '', '7 days', '1y'])('rejects %j with CONFIG_INVALID and a hint', (text) => {
    const error = thrownBy(() => parseDuration(text));
    expect(error).toBeInstanceOf(XpostError);
    expect((error as XpostError).code).toBe('CONFIG_INVALID');
    expect((error as XpostError).message).toContain(`"${text}"`);
    expect((error as XpostError).hint).toMatch(/7d/);
  });
});

describe('postInstant', () => {
  it('reads a plain date as midnight UTC when the zone is UTC', () => {
    expect(postInstant('2026-11-02', 'UTC').toISOString()).toBe('2026-11-02T00:00:00.000Z');
  });

  it('reads a plain date as midnight in Asia/Kolkata (+05:30): 18:30Z on the day before', () => {
    expect(postInstant('2026-11-02', 'Asia/Kolkata').toISOString()).toBe('2026-11-01T18:30:00.000Z');
  });

  it.each([
    // Spring forward on 2026-03-08 at 02:00: that midnight is still EST (-05:00), the next one is EDT (-04:00).
    ['2026-03-07', '2026-03-07T05:00:00.000Z'],
    ['2026-03-08', '2026-03-08T05:00:00.000Z'],
    ['2026-03-09', '2026-03-09T04:00:00.000Z'],
    // Fall back on 2026-11-01 at 02:00: that midnight is still EDT (-04:00), the next one is EST (-05:00).
    ['2026-10-31', '2026-10-31T04:00:00.000Z'],
    ['2026-11-01', '2026-11-01T04:00:00.000Z'],
    ['2026-11-02', '2026-11-02T05:00:00.000Z'],
  ])('reads %s as local midnight in America/New_York around a DST change (%s)', (date, expected) => {
    expect(postInstant(date, 'America/New_York').toISOString()).toBe(expected);
  });

  it('reads a plain date as local midnight when a DST change falls at midnight itself (America/Santiago, fall back)', () => {
    // Chile leaves DST at 00:00 on 2026-04-05 (back to 23:00 on the 4th): the day starts at 00:00 -04:00.
    expect(postInstant('2026-04-05', 'America/Santiago').toISOString()).toBe('2026-04-05T04:00:00.000Z');
  });

  it('reads a plain date whose midnight does not exist as the first instant of that day (America/Santiago, spring forward)', () => {
    expect(postInstant('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
  });

  it.each([
    ['2026-11-02T09:30:00Z', '2026-11-02T09:30:00.000Z'],
    ['2026-11-02T09:30:00+02:00', '2026-11-02T07:30:00.000Z'],
    ['2026-11-02T09:30:00.000-05:00', '2026-11-02T14:30:00.000Z'],
  ])('takes a date with a time and offset (%s) as written, whatever the configured zone', (date, expected) => {
    for (const zone of ['UTC', 'Asia/Kolkata', 'America/New_York']) expect(postInstant(date, zone).toISOString()).toBe(expected);
  });

  it.each([
    ['2026-11-02T09:30', 'Europe/Berlin', '2026-11-02T08:30:00.000Z'],
    ['2026-11-02 09:30:15', 'America/New_York', '2026-11-02T14:30:15.000Z'],
    ['2026-07-02T23:05:00.250', 'Asia/Kolkata', '2026-07-02T17:35:00.000Z'],
  ])('reads a date with a time but no offset (%s) on the configured zone\'s clock, to the second', (date, zone, expected) => {
    expect(postInstant(date, zone).toISOString()).toBe(expected);
  });

  describe('a date with a time but no offset', () => {
    const hostZone = process.env['TZ'];
    afterEach(() => {
      if (hostZone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = hostZone;
    });

    it('does not depend on the time zone of the machine running xpost', () => {
      const instants = ['UTC', 'Asia/Tokyo', 'America/Los_Angeles'].map((host) => {
        process.env['TZ'] = host;
        return postInstant('2026-11-02T09:30', 'Europe/Berlin').toISOString();
      });
      expect(new Set(instants).size).toBe(1);
    });
  });

  it('rejects text that is no date with POST_INVALID', () => {
    const error = thrownBy(() => postInstant('next tuesday', 'UTC'));
    expect(error).toBeInstanceOf(XpostError);
    expect((error as XpostError).code).toBe('POST_INVALID');
  });
});

describe('dueDate', () => {
  const rules = (overrides: Partial<ScheduleRules> = {}): ScheduleRules => ({
    config: { devto: '7d', linkedin: '7d', hashnode: '14d', medium: '21d' },
    post: undefined,
    timeZone: 'UTC',
    ...overrides,
  });

  it('adds the configured delay to the post date, per platform', () => {
    expect(dueDate('devto', '2026-11-02', rules())?.toISOString()).toBe('2026-11-09T00:00:00.000Z');
    expect(dueDate('linkedin', '2026-11-02', rules())?.toISOString()).toBe('2026-11-09T00:00:00.000Z');
    expect(dueDate('hashnode', '2026-11-02', rules())?.toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(dueDate('medium', '2026-11-02', rules())?.toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });

  it('counts from local midnight in the configured time zone', () => {
    expect(dueDate('devto', '2026-11-02', rules({ timeZone: 'Asia/Kolkata' }))?.toISOString()).toBe('2026-11-08T18:30:00.000Z');
    expect(dueDate('devto', '2026-11-02', rules({ timeZone: 'America/New_York' }))?.toISOString()).toBe('2026-11-09T05:00:00.000Z');
  });

  it('counts from the exact time when the date has one', () => {
    expect(dueDate('devto', '2026-11-02T15:45:00Z', rules({ timeZone: 'Asia/Kolkata' }))?.toISOString()).toBe('2026-11-09T15:45:00.000Z');
  });

  it('lets the front matter override the config for the platforms it names, and only those', () => {
    const withOverride = rules({ post: { medium: '30d', devto: '36h' } });
    expect(dueDate('medium', '2026-11-02', withOverride)?.toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(dueDate('devto', '2026-11-02', withOverride)?.toISOString()).toBe('2026-11-03T12:00:00.000Z');
    expect(dueDate('hashnode', '2026-11-02', withOverride)?.toISOString()).toBe('2026-11-16T00:00:00.000Z');
  });

  it('makes a platform due on the post date itself with a delay of 0, from the config or the front matter', () => {
    const postDate = postInstant('2026-11-02', 'Asia/Kolkata').toISOString();
    expect(dueDate('devto', '2026-11-02', rules({ timeZone: 'Asia/Kolkata', post: { devto: '0' } }))?.toISOString()).toBe(postDate);
    expect(dueDate('devto', '2026-11-02', rules({ timeZone: 'Asia/Kolkata', config: { devto: '0' } }))?.toISOString()).toBe(postDate);
  });

  it('uses a front matter rule for a platform the config has no rule for', () => {
    expect(dueDate('devto', '2026-11-02', rules({ config: undefined, post: { devto: '2d' } }))?.toISOString()).toBe('2026-11-04T00:00:00.000Z');
  });

  it('is undefined (due at once) without a rule for the platform or without a date', () => {
    expect(dueDate('devto', '2026-11-02', rules({ config: undefined }))).toBeUndefined();
    expect(dueDate('devto', '2026-11-02', rules({ config: { medium: '21d' } }))).toBeUndefined();
    expect(dueDate('devto', '2026-11-02', rules({ config: {}, post: {} }))).toBeUndefined();
    expect(dueDate('devto', undefined, rules())).toBeUndefined();
    expect(dueDate('devto', '', rules({ post: { devto: '7d' } }))).toBeUndefined();
  });
});

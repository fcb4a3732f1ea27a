import { DURATION_PATTERN } from '../config/config-schema.js';
import { XpostError } from '../errors/xpost-error.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "7d", "36h", "90m", "2w", "0" → milliseconds; a bare number is days, like the author's calendar. */
export function parseDuration(text: string | number): number {
  const match = DURATION_PATTERN.exec(String(text).trim());
  if (!match) throw new XpostError('CONFIG_INVALID', `"${text}" is not a duration`, { hint: 'Use 7d, 36h, 90m, 2w or 0.' });
  return Number(match[1]) * UNIT_MS[match[2] ?? 'd']!;
}

/**
 * The instant a post's `date` stands for: a plain date is midnight in the configured time zone
 * (so "2026-11-02" means the author's midnight, not UTC's); a date with a time is taken as written.
 */
export function postInstant(date: string, timeZone: string): Date {
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (!plain) {
    const instant = new Date(date);
    if (Number.isNaN(instant.getTime())) throw new XpostError('POST_INVALID', `"${date}" is not a date`);
    return instant;
  }
  const [year, month, day] = [Number(plain[1]), Number(plain[2]), Number(plain[3])];
  const asUtc = Date.UTC(year, month - 1, day);
  // The zone's offset at that moment; computed twice so a DST change near midnight lands right.
  const first = asUtc - zoneOffsetMs(asUtc, timeZone);
  return new Date(asUtc - zoneOffsetMs(first, timeZone));
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const wallClock = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second'));
  return wallClock - (instant - (instant % 1000));
}

export interface ScheduleRules {
  /** Per platform delay after the post's date, from the config. */
  config: Record<string, string> | undefined;
  /** Per platform delay from the post's own front matter, which wins. */
  post: Record<string, string> | undefined;
  timeZone: string;
}

/** When a platform becomes due for a post, or undefined when it is due at once (no rule or no date). */
export function dueDate(platform: string, postDate: string | undefined, rules: ScheduleRules): Date | undefined {
  const delay = rules.post?.[platform] ?? rules.config?.[platform];
  if (delay === undefined || !postDate) return undefined;
  return new Date(postInstant(postDate, rules.timeZone).getTime() + parseDuration(delay));
}

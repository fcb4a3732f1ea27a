import { DURATION_PATTERN, MAX_DELAY_DAYS, durationDays } from '../config/config-schema.js';
import { XpostError } from '../errors/xpost-error.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DAYS_PER_UNIT: Record<string, number> = { d: 1, w: 7 };

interface Delay {
  amount: number;
  unit: 'w' | 'd' | 'h' | 'm';
}

function parseDelay(text: string | number): Delay {
  const match = DURATION_PATTERN.exec(String(text).trim());
  if (!match) throw new XpostError('CONFIG_INVALID', `"${text}" is not a duration`, { hint: 'Use 7d, 36h, 90m, 2w or 0.' });
  if ((durationDays(String(text)) ?? 0) > MAX_DELAY_DAYS) throw new XpostError('CONFIG_INVALID', `"${text}" is longer than ${MAX_DELAY_DAYS} days (10 years)`, { hint: 'Use a delay such as 7d or 2w.' });
  return { amount: Number(match[1]), unit: (match[2] ?? 'd') as Delay['unit'] };
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * The instant a post's `date` stands for. A date, or a date and time without an offset, is read
 * on the configured time zone's clock (so "2026-11-02" is the author's midnight, whatever the
 * machine's zone); a time with an offset or Z is taken as written.
 */
export function postInstant(date: string, timeZone: string): Date {
  const local = LOCAL_DATE_TIME.exec(date.trim());
  if (local) {
    const [year, month, day, hour = 0, minute = 0, second = 0] = local.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
    return zonedInstant({ year: year!, month: month!, day: day!, hour: hour ?? 0, minute: minute ?? 0, second: second ?? 0 }, timeZone);
  }
  const instant = new Date(date);
  if (Number.isNaN(instant.getTime())) throw new XpostError('POST_INVALID', `"${date}" is not a date`, { hint: 'Use YYYY-MM-DD or an ISO 8601 time.' });
  return instant;
}

/** The instant a zone's clock shows a wall-clock time; a time skipped by a DST change becomes the first one after it. */
function zonedInstant(wall: WallClock, timeZone: string): Date {
  const wanted = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // The offset at the guess, computed twice so a DST change near the time lands right.
  let instant = wanted - zoneOffsetMs(wanted, timeZone);
  instant = wanted - zoneOffsetMs(instant, timeZone);
  const shown = instant + zoneOffsetMs(instant, timeZone);
  if (shown < wanted) instant += wanted - shown;
  return new Date(instant);
}

/** The wall clock a zone shows at an instant, as UTC fields. */
function wallClockAt(instant: number, timeZone: string): WallClock {
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
  return { year: value('year'), month: value('month'), day: value('day'), hour: value('hour'), minute: value('minute'), second: value('second') };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const wall = wallClockAt(instant, timeZone);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - (instant - (((instant % 1000) + 1000) % 1000));
}

export interface ScheduleRules {
  /** Per platform delay after the post's date, from the config. */
  config: Record<string, string> | undefined;
  /** Per platform delay from the post's own front matter, which wins. */
  post: Record<string, string> | undefined;
  timeZone: string;
}

/**
 * When a platform becomes due for a post, or undefined when it is due at once (no rule or no
 * date). Whole days and weeks are calendar days on the zone's clock ("7d" after midnight is
 * midnight a week later, across a DST change too); hours, minutes and fractions are exact.
 */
export function dueDate(platform: string, postDate: string | undefined, rules: ScheduleRules): Date | undefined {
  const text = rules.post?.[platform] ?? rules.config?.[platform];
  if (text === undefined || !postDate) return undefined;
  const start = postInstant(postDate, rules.timeZone);
  const delay = parseDelay(text);
  const daysPerUnit = DAYS_PER_UNIT[delay.unit];
  if (daysPerUnit === undefined || !Number.isInteger(delay.amount)) return new Date(start.getTime() + delay.amount * UNIT_MS[delay.unit]!);
  const wall = wallClockAt(start.getTime(), rules.timeZone);
  const shifted = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + delay.amount * daysPerUnit));
  return zonedInstant({ ...wall, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() }, rules.timeZone);
}

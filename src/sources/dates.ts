/**
 * A date as generators write it: `2026-01-31`, `2026-01-31T10:00:00Z`, Jekyll's `2026-01-31 10:00:00 +0200`
 * and, as Jekyll and Hugo accept, a one-digit hour (`2019-04-25 9:00`) and no seconds.
 */
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:\s*(?:Z|z|[+-]\d{2}(?::?\d{2})?))?$/;

/** Why `YYYY-MM-DD...` text is not a real calendar date and time (2026-02-30, 25:00), as `"text" is ...`; undefined when it is one. */
export function calendarDateProblem(text: string): string | undefined {
  const match = DATE_TEXT.exec(text.trim());
  if (!match) return `"${text}" is not a date; use YYYY-MM-DD or an ISO 8601 time such as 2026-01-31T09:30:00Z`;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)));
  if (month! < 1 || month! > 12) return `"${text}" is not a calendar date (there is no month ${month})`;
  if (day! < 1 || day! > daysInMonth(year!, month!)) return `"${text}" is not a calendar date (${monthName(month!)} ${year} has no day ${day})`;
  if (hour > 23 || minute > 59 || second > 59) return `"${text}" is not a valid time of day`;
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function monthName(month: number): string {
  return new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
}

/** A TOML date value (smol-toml's TomlDate): it knows whether it was a date, a local or an offset time. */
interface TomlDateLike extends Date {
  isDate(): boolean;
  isLocal(): boolean;
}

function isTomlDate(value: Date): value is TomlDateLike {
  return typeof (value as Partial<TomlDateLike>).isDate === 'function';
}

/** `message` reads after the field's name: `field "date" <message>` or `"<text>" is ...`. */
export type DateReading = { ok: true; date: string } | { ok: false; message: string };

/**
 * A front matter date as the text xpost keeps: a date stays `YYYY-MM-DD`, a time stays as written
 * (so the year, month and day are the author's, whatever the offset). TOML dates come as objects.
 */
export function readDateValue(value: unknown): DateReading {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { ok: false, message: 'is not a date' };
    const iso = value.toISOString();
    if (isTomlDate(value)) return { ok: true, date: value.isDate() ? iso : iso.replace(/\.000(?=$|[Z+-])/, '') };
    return { ok: true, date: iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso };
  }
  if (typeof value !== 'string') return { ok: false, message: 'must be a date such as 2026-01-31' };
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const problem = calendarDateProblem(text);
    return problem ? { ok: false, message: problem } : { ok: true, date: withTwoDigitHour(text) };
  }
  if (Number.isNaN(Date.parse(text))) return { ok: false, message: `"${text}" is not a date; use YYYY-MM-DD or an ISO 8601 time` };
  return { ok: true, date: text };
}

/** `2019-04-25 9:00` as `2019-04-25 09:00`: the form every reader of the date (the schedule, the platforms) parses the same way. */
function withTwoDigitHour(text: string): string {
  return text.replace(/^(\d{4}-\d{2}-\d{2}[Tt ])(\d)(?=:)/, (_whole, day: string, hour: string) => `${day}0${hour}`);
}

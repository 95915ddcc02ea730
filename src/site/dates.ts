import type { PlainDate } from '../content/types.js';

/**
 * "Today" as a calendar date in a time zone: which posts are scheduled depends on the site's
 * time zone, never on the machine's TZ.
 */
export function todayIn(timeZone: string, now: Date): PlainDate {
  const parts = wallClock(timeZone, now);
  return `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}` as PlainDate;
}

/**
 * The instant a calendar date starts in a time zone (midnight local time), for feeds, which need
 * instants. Where midnight does not exist (a DST jump at 00:00), this gives the first instant
 * that the zone's offset rule maps near it; the result is deterministic either way.
 */
export function startOfDay(date: PlainDate, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  // Two passes: the offset at the first guess may differ from the one at local midnight.
  let guess = utcMidnight - offsetAt(timeZone, utcMidnight);
  guess = utcMidnight - offsetAt(timeZone, guess);
  return new Date(guess);
}

/**
 * The instant of a post's date-time: as written when it has an offset, else (`2019-03-04T10:00:00`,
 * a local time as Jekyll reads it) that wall-clock time in the site's time zone.
 */
export function instantOf(dateTime: string, timeZone: string): Date {
  if (/(?:Z|[+-]\d{2}:\d{2})$/.test(dateTime)) return new Date(dateTime);
  const local = Date.parse(`${dateTime}Z`);
  let guess = local - offsetAt(timeZone, local);
  guess = local - offsetAt(timeZone, guess);
  return new Date(guess);
}

/** Milliseconds the zone's wall clock is ahead of UTC at an instant. */
function offsetAt(timeZone: string, epochMs: number): number {
  const p = wallClock(timeZone, new Date(epochMs));
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string, at: Date): WallClock {
  // The default zone needs no formatter: the first Intl.DateTimeFormat of a process loads ICU's
  // zone data, a cost every build paid for one date. Same calendar (proleptic Gregorian, year 0 = 1 BC).
  if (timeZone === 'UTC') {
    return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate(), hour: at.getUTCHours(), minute: at.getUTCMinutes(), second: at.getUTCSeconds() };
  }
  let format = formatters.get(timeZone);
  if (!format) {
    // A fixed locale, calendar and numbering system: the result must not depend on LANG.
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, format);
  }
  const out: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  let bc = false;
  for (const part of format.formatToParts(at)) {
    if (part.type === 'era') bc = part.value.startsWith('B');
    else if (part.type in out) out[part.type as keyof WallClock] = Number(part.value);
  }
  if (bc) out.year = 1 - out.year;
  return out;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Dates as Hashmark accepts them: the forms other generators write, each with one meaning; never
 * guessed, never rolled over, never taken from the file system (a file name's date is written text).
 */

const PLAIN = /^(\d{4})-(\d{2})-(\d{2})$/;
// `2019-03-04T10:00:00Z`, `2019-03-04 10:00`, `2019-03-04 10:00:00 +0100` (Jekyll), `... -05:00`.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt]| +)(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)? *(Z|z|UTC|[+-]\d{2}:?\d{2})?$/;
const FILE_DATE = /^(\d{4}-\d{2}-\d{2})[-_]/;
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

export const DATE_FORMS =
  'Write it as YYYY-MM-DD, like `2024-02-05`, or as a date and time, like `2024-02-05 09:30`, `2024-02-05T09:30:00+01:00` or `2024-02-05 09:30:00 +0100`.';

/**
 * `date` is the calendar date as written (an offset never moves a post to another day, as in Jekyll);
 * `dateTime` is RFC 3339, with the offset when one was written, else a local time that feeds read in
 * the site's time zone.
 */
export type ParsedDate = { ok: true; date: string; dateTime?: string } | { ok: false; problem: string; suggestion?: string };

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checkDay(y: string, m: string, d: string): string | undefined {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (year === 0) return 'year 0000 does not exist';
  if (month < 1 || month > 12) return `month ${m} does not exist`;
  const max = daysIn(year, month);
  if (day < 1 || day > max) return `${MONTHS[month - 1]} ${y} has ${max} days`;
  return undefined;
}

function zoneOf(zone: string | undefined): string | undefined {
  if (zone === undefined) return '';
  if (zone === 'Z' || zone === 'z' || zone === 'UTC') return 'Z';
  const digits = zone.replace(':', '');
  if (Number(digits.slice(1, 3)) > 23 || Number(digits.slice(3, 5)) > 59) return undefined;
  return `${digits.slice(0, 3)}:${digits.slice(3, 5)}`;
}

/** Parses a date or date-time in one of the accepted forms (see DATE_FORMS). */
export function parseDate(input: string): ParsedDate {
  const plain = PLAIN.exec(input);
  if (plain) {
    const problem = checkDay(plain[1]!, plain[2]!, plain[3]!);
    return problem ? { ok: false, problem } : { ok: true, date: input };
  }
  const dt = DATE_TIME.exec(input);
  if (dt) {
    const [, y, m, d, hh, mm, ss = '00', fraction = '', rawZone] = dt as unknown as string[];
    const problem = checkDay(y!, m!, d!);
    if (problem) return { ok: false, problem };
    if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return { ok: false, problem: 'the time does not exist' };
    const zone = zoneOf(rawZone);
    if (zone === undefined) return { ok: false, problem: 'the offset does not exist' };
    const date = `${y}-${m}-${d}`;
    return { ok: true, date, dateTime: `${date}T${hh}:${mm}:${ss}${fraction}${zone}` };
  }
  if (/^(?:git )?(?:last modified|created)$/i.test(input)) {
    return { ok: false, problem: 'Eleventy takes that date from the file system or git, which Hashmark never does; write the date itself' };
  }
  return { ok: false, problem: 'it is not in a form Hashmark reads', ...guess(input) };
}

const MONTH_NAME = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$/i;

function monthNumber(word: string): number | undefined {
  const m = MONTH_NAME.exec(word);
  return m ? MONTHS.findIndex((name) => name.slice(0, 3).toLowerCase() === m[1]!.toLowerCase()) + 1 : undefined;
}

function iso(year: number, month: number, day: number): string | undefined {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return checkDay(text.slice(0, 4), text.slice(5, 7), text.slice(8)) ? undefined : text;
}

/** The accepted form of a date written otherwise, when only one reading is possible. */
function guess(input: string): { suggestion?: string; problem?: string } {
  const words = input.replace(/,/g, ' ').trim().split(/\s+/);
  // `March 4, 2019`, `4 March 2019`, `Mar 4 2019`.
  if (words.length === 3) {
    const [a, b, c] = words as [string, string, string];
    const named = monthNumber(a) !== undefined ? { month: monthNumber(a)!, day: b, year: c } : monthNumber(b) !== undefined ? { month: monthNumber(b)!, day: a, year: c } : undefined;
    if (named && /^\d{1,2}(st|nd|rd|th)?$/.test(named.day) && /^\d{4}$/.test(named.year)) {
      const text = iso(Number(named.year), named.month, parseInt(named.day, 10));
      return text ? { suggestion: text } : {};
    }
  }
  // `2019/03/04`, `2019.3.4`, `2019-3-4`: year first is never ambiguous.
  const ymd = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(input.trim());
  if (ymd) {
    const text = iso(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
    return text ? { suggestion: text } : {};
  }
  // `03/04/2019` is March or April depending on the country; only a day over 12 settles it.
  const dmy = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(input.trim());
  if (dmy) {
    const [first, second, year] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
    if (first > 12 && second <= 12) return { suggestion: iso(year, second, first) ?? '' };
    if (second > 12 && first <= 12) return { suggestion: iso(year, first, second) ?? '' };
    if (first <= 12 && second <= 12 && first !== second) {
      return { problem: `it could be ${MONTHS[first - 1]} ${second} or ${MONTHS[second - 1]} ${first}, ${year}, so it is not guessed` };
    }
  }
  return {};
}

/** The hint for a date that is not accepted: its converted form when it can be told, else the forms. */
export function dateHint(parsed: ParsedDate): string {
  return !parsed.ok && parsed.suggestion ? `Write \`${parsed.suggestion}\`. ${DATE_FORMS}` : DATE_FORMS;
}

/**
 * The date a `YYYY-MM-DD-` or `YYYY-MM-DD_` prefix of a file name (or a bundle's folder name) gives,
 * as Jekyll's `_posts/` and Zola read it; undefined without such a prefix.
 */
export function fileNameDate(name: string): ParsedDate | undefined {
  const prefix = FILE_DATE.exec(name);
  return prefix ? parseDate(prefix[1]!) : undefined;
}

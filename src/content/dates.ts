/** Dates as Hashmark accepts them: never guessed, never rolled over, never taken from the file system. */

const PLAIN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

export const DATE_FORMS =
  'Write it as YYYY-MM-DD, like `2024-02-05`, or as an RFC 3339 date-time with an offset, like `2024-02-05T09:30:00+01:00`.';

export type ParsedDate = { ok: true; date: string; dateTime?: string } | { ok: false; problem: string };

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

/** Parses `YYYY-MM-DD` or an RFC 3339 date-time with offset; the calendar date is the one written. */
export function parseDate(input: string): ParsedDate {
  const plain = PLAIN.exec(input);
  if (plain) {
    const problem = checkDay(plain[1]!, plain[2]!, plain[3]!);
    return problem ? { ok: false, problem } : { ok: true, date: input };
  }
  const dt = DATE_TIME.exec(input.length > 10 && input[10] === 't' ? `${input.slice(0, 10)}T${input.slice(11)}` : input);
  if (dt) {
    const problem = checkDay(dt[1]!, dt[2]!, dt[3]!);
    if (problem) return { ok: false, problem };
    if (Number(dt[4]) > 23 || Number(dt[5]) > 59 || Number(dt[6]) > 59) return { ok: false, problem: 'the time does not exist' };
    const zone = dt[8]!;
    if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4, 6)) > 59)) {
      return { ok: false, problem: 'the offset does not exist' };
    }
    return { ok: true, date: input.slice(0, 10), dateTime: `${input.slice(0, 10)}T${input.slice(11).replace('z', 'Z')}` };
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i.test(input)) {
    return { ok: false, problem: 'a date-time needs an offset such as `Z` or `+01:00`, or leave the time out' };
  }
  return { ok: false, problem: 'it is not in the form YYYY-MM-DD' };
}

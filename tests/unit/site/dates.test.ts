import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlainDate } from '../../../src/content/types.js';
import { instantOf } from '../../../src/site/dates.js';
import { startOfDay, todayIn } from '../../../src/site/index.js';

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe('todayIn', () => {
  it('gives the calendar date in the site time zone, not UTC or the machine zone', () => {
    const instant = new Date('2024-03-10T23:30:00Z');
    expect(todayIn('UTC', instant)).toBe('2024-03-10');
    expect(todayIn('Europe/Berlin', instant)).toBe('2024-03-11');
    expect(todayIn('America/Los_Angeles', instant)).toBe('2024-03-10');
    expect(todayIn('Pacific/Kiritimati', new Date('2024-03-10T10:00:00Z'))).toBe('2024-03-11');
  });

  it('does not change with the process TZ', () => {
    const instant = new Date('2024-12-31T22:00:00Z');
    process.env.TZ = 'Asia/Tokyo';
    const a = todayIn('America/New_York', instant);
    process.env.TZ = 'America/Anchorage';
    expect(todayIn('America/New_York', instant)).toBe(a);
    expect(a).toBe('2024-12-31');
  });
});

describe('startOfDay', () => {
  it('gives midnight in the site time zone, across daylight saving time', () => {
    const at = (date: string, zone: string) => startOfDay(date as PlainDate, zone).toISOString();
    expect(at('2024-02-05', 'UTC')).toBe('2024-02-05T00:00:00.000Z');
    expect(at('2024-02-05', 'Europe/Berlin')).toBe('2024-02-04T23:00:00.000Z');
    expect(at('2024-07-05', 'Europe/Berlin')).toBe('2024-07-04T22:00:00.000Z');
    expect(at('2024-03-31', 'Europe/Berlin')).toBe('2024-03-30T23:00:00.000Z');
    expect(at('2024-07-05', 'America/New_York')).toBe('2024-07-05T04:00:00.000Z');
    expect(at('2024-07-05', 'Asia/Kolkata')).toBe('2024-07-04T18:30:00.000Z');
  });

  it('is the same under any process TZ', () => {
    process.env.TZ = 'Pacific/Kiritimati';
    const a = startOfDay('2024-10-27' as PlainDate, 'Europe/London').toISOString();
    process.env.TZ = 'America/Los_Angeles';
    expect(startOfDay('2024-10-27' as PlainDate, 'Europe/London').toISOString()).toBe(a);
    expect(a).toBe('2024-10-26T23:00:00.000Z');
  });
});

describe('the UTC zone, worked out without a formatter', () => {
  // Etc/UTC is the same zone under another name, so it goes through Intl.DateTimeFormat.
  const instants = fc.integer({ min: Date.UTC(-2000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59) }).map((ms) => new Date(ms));

  it('gives the same date as the formatter, BC years and year 0 included', () => {
    fc.assert(
      fc.property(instants, (at) => {
        expect(todayIn('UTC', at)).toBe(todayIn('Etc/UTC', at));
      }),
      { numRuns: 2000 },
    );
    const yearZero = new Date(0);
    yearZero.setUTCFullYear(0, 5, 1);
    expect(todayIn('UTC', yearZero)).toBe('0000-06-01');
    expect(todayIn('Etc/UTC', yearZero)).toBe('0000-06-01');
  });

  it('gives the same instants for dates and local date-times', () => {
    fc.assert(
      fc.property(instants, (at) => {
        const date = todayIn('Etc/UTC', at);
        expect(startOfDay(date, 'UTC').getTime()).toBe(startOfDay(date, 'Etc/UTC').getTime());
        const local = at.toISOString().slice(0, 19);
        if (at.getUTCFullYear() >= 1000) expect(instantOf(local, 'UTC').getTime()).toBe(instantOf(local, 'Etc/UTC').getTime());
      }),
      { numRuns: 1000 },
    );
  });
});

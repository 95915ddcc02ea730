import { afterEach, describe, expect, it } from 'vitest';
import type { PlainDate } from '../../../src/content/types.js';
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

import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateIn,
  dayRangeInstants,
  dayStartInstant,
  daysBetween,
  FIRST_DAY,
  LAST_DAY,
  localDay,
  nextDay,
  todayIn,
  weekStart,
} from './time-zone';

describe('time-zone', () => {
  it('gives the local calendar day of an instant', () => {
    // 23:30 in Berlin (winter, UTC+1) is still that Berlin day; 00:30 is the next one.
    expect(localDay('2026-01-15T22:30:00.000Z', 'Europe/Berlin')).toBe('2026-01-15');
    expect(dateIn('Europe/Berlin', new Date('2026-01-15T23:30:00.000Z'))).toBe('2026-01-16');
    expect(dateIn('America/New_York', new Date('2026-01-16T03:00:00.000Z'))).toBe('2026-01-15');
    const clock = { now: () => new Date('2026-07-01T22:15:00.000Z') };
    expect(todayIn({ config: { tz: 'Europe/Berlin' }, clock })).toBe('2026-07-02');
  });

  it('finds the first instant of a local day, across DST changes and a gap at midnight', () => {
    expect(dayStartInstant('2026-01-15', 'Europe/Berlin')).toBe('2026-01-14T23:00:00.000Z');
    expect(dayStartInstant('2026-03-29', 'Europe/Berlin')).toBe('2026-03-28T23:00:00.000Z'); // spring forward
    expect(dayStartInstant('2026-03-30', 'Europe/Berlin')).toBe('2026-03-29T22:00:00.000Z');
    // Santiago skipped 00:00–01:00 on 2024-09-08: the day starts at 01:00 local.
    expect(dayStartInstant('2024-09-08', 'America/Santiago')).toBe('2024-09-08T04:00:00.000Z');
    // UTC+14: the day starts on the previous UTC date.
    expect(dayRangeInstants('2026-05-01', '2026-05-01', 'Pacific/Kiritimati')).toEqual({
      start: '2026-04-30T10:00:00.000Z',
      end: '2026-05-01T10:00:00.000Z',
    });
  });

  it('does calendar arithmetic on dates', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
    expect(weekStart('2026-03-01')).toBe('2026-02-23'); // a Sunday → the Monday before
    expect(weekStart('2026-02-23')).toBe('2026-02-23');
  });

  it('works to the ends of the calendar a date can name, 0001-01-01 … 9999-12-31', () => {
    // Not Date.UTC's 1900s for years below 100, nor "+010000-01-01" past 9999.
    expect(addDays('0001-01-01', 1)).toBe('0001-01-02');
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(addDays('9999-12-30', 1)).toBe(LAST_DAY);
    expect(() => addDays(LAST_DAY, 1)).toThrow(RangeError);
    expect(() => addDays(FIRST_DAY, -1)).toThrow(RangeError);
    expect(nextDay('9999-12-30')).toBe(LAST_DAY);
    expect(nextDay(LAST_DAY)).toBeNull();
    expect(weekStart('0001-01-07')).toBe('0001-01-01'); // 1 January 1 was a Monday (proleptic Gregorian)
    expect(daysBetween(FIRST_DAY, LAST_DAY)).toBe(3_652_058);
    expect(dayStartInstant('0050-06-01', 'UTC')).toBe('0050-06-01T00:00:00.000Z');
    // The last day has no next day to end at: the range is open above.
    expect(dayRangeInstants('9999-12-01', LAST_DAY, 'UTC')).toEqual({
      start: '9999-12-01T00:00:00.000Z',
      end: null,
    });
    // Local midnight of the first day in zones either side of UTC (their local mean time then).
    expect(localDay(dayStartInstant(FIRST_DAY, 'America/New_York'), 'America/New_York')).toBe(FIRST_DAY);
    expect(dayStartInstant(FIRST_DAY, 'Asia/Tokyo').startsWith('0000-12-31T')).toBe(true);
    expect(localDay(dayStartInstant(FIRST_DAY, 'Asia/Tokyo'), 'Asia/Tokyo')).toBe(FIRST_DAY);
  });
});

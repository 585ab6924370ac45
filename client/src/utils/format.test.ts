import { format } from 'date-fns';
import { enGB } from 'date-fns/locale/en-GB';
import { describe, expect, it } from 'vitest';
import { DATE_ENTRY_FORMAT, formatDate, formatInstant, isoDate, parseIsoDate } from './format';

describe('date formatting', () => {
  it('shows a calendar date day first with the month as a word, as the date field does', () => {
    expect(formatDate('1968-05-14')).toBe('14 May 1968');
    // "Sep", not Intl's en-GB "Sept": the same month names as the date field (date-fns en-GB).
    expect(formatDate('2026-09-05')).toBe('5 Sep 2026');
    expect(formatDate(null)).toBe('—');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('reads the same as the date field (date-fns en-GB) for every month, and years before 1000', () => {
    for (const iso of [
      ...Array.from({ length: 12 }, (_, m) => `2026-${String(m + 1).padStart(2, '0')}-09`),
      '0002-11-28',
    ]) {
      const typed = format(parseIsoDate(iso)!, DATE_ENTRY_FORMAT, { locale: enGB });
      expect(formatDate(iso)).toBe(typed.replace(/^0/, ''));
    }
  });

  it('shows an instant in the same style, with the time', () => {
    const at = new Date(2026, 10, 25, 14, 2).toISOString();
    expect(formatInstant(at)).toBe('25 Nov 2026, 14:02');
    expect(formatInstant(undefined)).toBe('—');
  });

  it('turns YYYY-MM-DD into a local date and back, refusing days that do not exist', () => {
    expect(isoDate(parseIsoDate('2024-02-29')!)).toBe('2024-02-29');
    expect(parseIsoDate('2023-02-29')).toBeNull();
    expect(parseIsoDate('2026-13-01')).toBeNull();
    // A half-typed year is a real (if absurd) date: the date field, not this, refuses it.
    expect(isoDate(parseIsoDate('0002-11-28')!)).toBe('0002-11-28');
  });
});

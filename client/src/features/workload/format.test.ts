import { describe, expect, it } from 'vitest';
import { formatDays, formatHours, formatShortRange } from './format';

describe('workload formatting', () => {
  it('shows durations in days and hours, hours and minutes, or minutes', () => {
    expect(formatHours(null)).toBe('—');
    expect(formatHours(0)).toBe('< 1 min');
    expect(formatHours(0.005)).toBe('< 1 min');
    expect(formatHours(0.01)).toBe('< 1 min');
    expect(formatHours(1 / 60)).toBe('1 min');
    expect(formatHours(0.26)).toBe('16 min');
    expect(formatHours(35 / 60)).toBe('35 min');
    expect(formatHours(1)).toBe('1 h');
    expect(formatHours(4.13)).toBe('4 h 8 min');
    expect(formatHours(23.999)).toBe('1 d');
    expect(formatHours(48.5)).toBe('2 d 1 h');
    expect(formatHours(52)).toBe('2 d 4 h');
    expect(formatHours(96.5)).toBe('4 d 1 h');
    expect(formatHours(72)).toBe('3 d');
  });

  it('never shows a fraction of a day or raw seconds', () => {
    for (const hours of [0.01, 0.5, 2.75, 26, 72.75, 195.5, 1000]) {
      expect(formatHours(hours)).toMatch(/^(< 1 min|\d+ min|\d+ h( \d+ min)?|\d+ d( \d+ h)?)$/);
    }
  });

  it('reads the drill-down days as the same durations', () => {
    expect(formatDays(9.1)).toBe('9 d 2 h');
    expect(formatDays(0)).toBe('< 1 min');
    expect(formatDays(0.1)).toBe('2 h 24 min');
    expect(formatDays(44.1)).toBe('44 d 2 h');
  });

  it('writes week ranges compactly', () => {
    expect(formatShortRange('2026-09-14', '2026-09-20')).toBe('14–20 Sep 2026');
    expect(formatShortRange('2026-09-28', '2026-10-04')).toBe('28 Sep – 4 Oct 2026');
    expect(formatShortRange('2025-12-29', '2026-01-04')).toBe('29 Dec 2025 – 4 Jan 2026');
    expect(formatShortRange('2026-03-18', '2026-03-18')).toBe('18 Mar 2026');
  });
});

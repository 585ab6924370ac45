import { describe, expect, it } from 'vitest';
import { formatHours, formatShortRange } from './format';

describe('workload formatting', () => {
  it('shows durations in the unit a person reads best', () => {
    expect(formatHours(null)).toBe('—');
    expect(formatHours(0)).toBe('< 1 min');
    expect(formatHours(0.26)).toBe('16 min');
    expect(formatHours(4.13)).toBe('4.1 h');
    expect(formatHours(48.5)).toBe('49 h');
    expect(formatHours(96.5)).toBe('4.0 d');
  });

  it('writes week ranges compactly', () => {
    expect(formatShortRange('2026-09-14', '2026-09-20')).toBe('14–20 Sept 2026');
    expect(formatShortRange('2026-09-28', '2026-10-04')).toBe('28 Sept – 4 Oct 2026');
    expect(formatShortRange('2025-12-29', '2026-01-04')).toBe('29 Dec 2025 – 4 Jan 2026');
    expect(formatShortRange('2026-03-18', '2026-03-18')).toBe('18 Mar 2026');
  });
});

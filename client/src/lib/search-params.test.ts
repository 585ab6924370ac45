import { describe, expect, it } from 'vitest';
import { checked, integer, oneOf, searchValidator, text, withFallback } from './search-params';

describe('search validators', () => {
  const validator = searchValidator({
    status: oneOf(['draft', 'signed'] as const),
    who: text({ min: 1, max: 5, trim: true }),
    day: checked((v) => /^\d{4}-\d{2}-\d{2}$/.test(v)),
    page: integer({ min: 2 }),
    n: integer({ min: 1, coerce: true }),
    kind: withFallback(oneOf(['open', 'overdue'] as const), 'open'),
  });
  // The router passes the raw (JSON-decoded) search, whatever its types.
  const validate = validator as unknown as (raw: Record<string, unknown>) => ReturnType<typeof validator>;

  it('keeps valid values and answers every key, undefined when dropped', () => {
    expect(
      validate({ status: 'signed', who: ' ann ', day: '2026-01-02', page: 3, n: '4', kind: 'overdue' }),
    ).toEqual({ status: 'signed', who: 'ann', day: '2026-01-02', page: 3, n: 4, kind: 'overdue' });
    const dropped = validate({
      status: 'bogus',
      who: '',
      day: 'x',
      page: 1,
      n: 'abc',
      kind: 'nope',
      extra: 1,
    });
    expect(dropped).toEqual({
      status: undefined,
      who: undefined,
      day: undefined,
      page: undefined,
      n: undefined,
      kind: 'open',
    });
    // Keys the router would otherwise keep from the raw search are overridden, unknown ones not added.
    expect(Object.keys(dropped).sort()).toEqual(['day', 'kind', 'n', 'page', 'status', 'who']);
  });

  it('refuses non-integers, unsafe integers and wrong types', () => {
    expect(validate({ page: 2.5 }).page).toBeUndefined();
    expect(validate({ page: '3' }).page).toBeUndefined();
    expect(validate({ page: Number.MAX_SAFE_INTEGER + 2 }).page).toBeUndefined();
    expect(validate({ who: 'toolong' }).who).toBeUndefined();
    expect(validate({ who: 42 }).who).toBeUndefined();
  });
});

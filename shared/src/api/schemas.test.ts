import { describe, expect, it } from 'vitest';
import { ageInYears, isFutureDate, isValidDate } from '../dates';
import {
  amendmentSchema,
  evaluationPatchSchema,
  patientCreateSchema,
  patientPatchSchema,
  worklistQuerySchema,
  zodIssuesToItems,
} from './index';

const patient = { mrn: 'MRN-001', name: 'Ada Example', birthDate: '1980-02-29', sex: 'female' };

describe('patient schemas', () => {
  it('accepts a valid patient and trims', () => {
    expect(patientCreateSchema.parse({ ...patient, mrn: '  A1  ', name: ' Ada ' })).toMatchObject({
      mrn: 'A1',
      name: 'Ada',
    });
  });

  it.each([
    [{ mrn: '' }, 'mrn'],
    [{ mrn: 'a'.repeat(33) }, 'mrn'],
    [{ mrn: 'A_1' }, 'mrn'],
    [{ name: '' }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'],
    [{ birthDate: '1981-02-29' }, 'birthDate'],
    [{ birthDate: '29/02/1980' }, 'birthDate'],
    [{ sex: 'f' }, 'sex'],
    [{ extra: true }, 'extra'],
  ])('rejects %j, naming %s', (override, field) => {
    const result = patientCreateSchema.safeParse({ ...patient, ...override });
    expect(result.success).toBe(false);
    if (!result.success) expect(zodIssuesToItems(result.error).map((i) => i.code)).toContain(field);
  });

  it('patch needs at least one field and is strict', () => {
    expect(patientPatchSchema.safeParse({ sex: 'male' }).success).toBe(true);
    expect(patientPatchSchema.safeParse({}).success).toBe(false);
    expect(patientPatchSchema.safeParse({ id: 'x' }).success).toBe(false);
  });
});

describe('other request schemas', () => {
  it('evaluation patch is strict; plan errors name the path', () => {
    expect(evaluationPatchSchema.safeParse({ answers: { 'criteria.urge': true } }).success).toBe(true);
    const bad = evaluationPatchSchema.safeParse({ plan: { custom: ['ok', ''] }, status: 'signed' });
    expect(bad.success).toBe(false);
    if (!bad.success) {
      expect(
        zodIssuesToItems(bad.error)
          .map((i) => i.code)
          .sort(),
      ).toEqual(['plan.custom.1', 'status']);
    }
  });

  it('amendment reason is 1–2000 characters after trimming', () => {
    expect(amendmentSchema.safeParse({ reason: '   ' }).success).toBe(false);
    expect(amendmentSchema.parse({ reason: ' typo ' })).toEqual({ reason: 'typo' });
    expect(amendmentSchema.safeParse({ reason: 'x'.repeat(2001) }).success).toBe(false);
  });

  it('worklist query: defaults, coercion and bounds', () => {
    expect(worklistQuerySchema.parse({})).toEqual({ page: 1, pageSize: 25 });
    expect(
      worklistQuerySchema.parse({ page: '3', pageSize: '100', followUpDue: '1', sort: '-updated' }),
    ).toEqual({
      page: 3,
      pageSize: 100,
      followUpDue: true,
      sort: '-updated',
    });
    expect(worklistQuerySchema.parse({ followUpDue: 'false' }).followUpDue).toBe(false);
    for (const bad of [
      { page: '0' },
      { pageSize: '101' },
      { pageSize: '2.5' },
      { sort: 'age' },
      { status: 'open' },
    ]) {
      expect(worklistQuerySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('dates', () => {
  it('validates calendar dates', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2023-02-29')).toBe(false);
    expect(isValidDate('2023-13-01')).toBe(false);
  });

  it('isFutureDate compares with the given today', () => {
    expect(isFutureDate('2026-06-02', '2026-06-01')).toBe(true);
    expect(isFutureDate('2026-06-01', '2026-06-01')).toBe(false);
  });

  it('ageInYears counts the birthday itself', () => {
    expect(ageInYears('2008-06-01', '2026-05-31')).toBe(17);
    expect(ageInYears('2008-06-01', '2026-06-01')).toBe(18);
    expect(ageInYears('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageInYears('2008-02-29', '2026-03-01')).toBe(18);
  });
});

import { describe, expect, it } from 'vitest';
import { assess } from './assess/assess';
import { applyAnswers } from './apply';
import { getItem } from './items';
import { getWorkup } from './registry';
import { fromCanonical, toCanonical } from './units';

const workup = getWorkup();
const item = (code: string) => {
  const found = getItem(workup, code);
  if (!found) throw new Error(code);
  return found;
};

describe('toCanonical (SPEC §1 conversions)', () => {
  it.each([
    ['lab.ferritin', 80, 'ug/L', 80],
    ['lab.ferritin', 80, 'ng/mL', 80],
    ['lab.iron', 10, 'umol/L', 55.85],
    ['lab.tibc', 50, 'umol/L', 279.25],
    ['lab.hemoglobin', 125, 'g/L', 12.5],
    ['lab.hemoglobin', 8, 'mmol/L', 12.888],
    ['lab.creatinine', 88.4, 'umol/L', 1],
    ['lab.glucoseFasting', 7, 'mmol/L', 126.112],
    ['lab.hba1c', 48, 'mmol/mol', 48 / 10.929 + 2.15],
    ['lab.b12', 147.6, 'pmol/L', 200],
    ['lab.magnesium', 1, 'mmol/L', 2.431],
  ])('%s %d %s → %d canonical', (code, value, unit, expected) => {
    const result = toCanonical(item(code), value, unit);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toBeCloseTo(expected, 9);
  });

  it('HbA1c 47 mmol/mol is 6.45 % unrounded', () => {
    const result = toCanonical(item('lab.hba1c'), 47, 'mmol/mol');
    expect(result).toEqual({ ok: true, value: 47 / 10.929 + 2.15 });
    if (result.ok) expect(result.value).toBeLessThan(6.5);
  });

  it('names the accepted units for an unknown unit', () => {
    expect(toCanonical(item('lab.ferritin'), 1, 'mg')).toEqual({
      ok: false,
      reason: "unknown unit 'mg'; accepted: ng/mL, ug/L",
    });
    expect(toCanonical(item('lab.hemoglobin'), 1, 'mg/dL')).toEqual({
      ok: false,
      reason: "unknown unit 'mg/dL'; accepted: g/dL, g/L, mmol/L",
    });
  });

  it('fromCanonical inverts the conversion', () => {
    expect(fromCanonical(item('lab.hba1c'), 47 / 10.929 + 2.15, 'mmol/mol')).toBeCloseTo(47, 9);
    expect(fromCanonical(item('lab.hemoglobin'), 12.5, 'g/L')).toBeCloseTo(125, 9);
    expect(fromCanonical(item('lab.hemoglobin'), 12.5, 'pounds')).toBeUndefined();
  });
});

describe('units end to end', () => {
  const patient = { sex: 'female' as const, birthDate: '1970-01-01' };

  it('47 mmol/mol HbA1c is stored as 6.45 % and is not diabetic; 48 mmol/mol is', () => {
    for (const [entered, diabetic] of [
      [47, false],
      [48, true],
    ] as const) {
      const result = applyAnswers({
        workup,
        patient,
        answers: {},
        answerMeta: {},
        incoming: { 'lab.hba1c': { value: entered, unit: 'mmol/mol' } },
      });
      if (!result.ok) throw new Error('rejected');
      expect(result.answerMeta['lab.hba1c']).toEqual({ value: entered, unit: 'mmol/mol' });
      const codes = assess(result.answers, patient, '2026-01-01').findings.map((f) => f.code);
      expect(codes.includes('diabetes')).toBe(diabetic);
    }
  });

  it('iron and TIBC in umol/L give the TSAT used by the iron rule', () => {
    // 3.5 / 18 × 100 = 19.44 % (< 20); 3.6 / 18 × 100 = 20 % exactly (not < 20).
    for (const [iron, expected] of [
      [3.5, true],
      [3.6, false],
    ] as const) {
      const result = applyAnswers({
        workup,
        patient,
        answers: {},
        answerMeta: {},
        incoming: {
          'lab.ferritin': { value: 150, unit: 'ug/L' },
          'lab.iron': { value: iron, unit: 'umol/L' },
          'lab.tibc': { value: 18, unit: 'umol/L' },
        },
      });
      if (!result.ok) throw new Error('rejected');
      const treat = assess(result.answers, patient, '2026-01-01').findings.find(
        (f) => f.code === 'iron.treat',
      );
      expect(treat !== undefined).toBe(expected);
      if (treat) expect(treat.evidence.map((e) => e.code)).toEqual(['lab.iron', 'lab.tibc']);
    }
  });
});

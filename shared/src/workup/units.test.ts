import { describe, expect, it } from 'vitest';
import { assess } from './assess/assess';
import { applyAnswers } from './apply';
import { getItem, listItems } from './items';
import { getWorkup } from './registry';
import { parseAnswerValue } from './schema';
import { SECONDS_HINT_BELOW_MS, fromCanonical, secondsHint, toCanonical } from './units';

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
    ['duplex.refluxMs.gsv.left', 1.2, 's', 1200],
    ['duplex.refluxMs.pop.right', 0.5, 's', 500],
    ['duplex.refluxMs.cfv.left', 800, 'ms', 800],
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

describe('reflux times in seconds', () => {
  const patient = { sex: 'female' as const, birthDate: '1970-01-01' };

  it.each([1, 2, 3])('version %i: every reflux item accepts s as well as ms (s × 1000)', (version) => {
    const reflux = listItems(getWorkup(version)).filter((i) => i.baseCode.startsWith('duplex.refluxMs.'));
    expect(reflux).toHaveLength(12);
    for (const i of reflux) {
      expect(i.unit, i.code).toBe('ms');
      expect(i.alternateUnits, i.code).toEqual([{ unit: 's', multiply: 1000 }]);
    }
  });

  it('1.2 s is stored as 1200 ms with what was entered; 10 s is the top of the range, 10.5 s is refused', () => {
    const gsv = item('duplex.refluxMs.gsv.left');
    expect(parseAnswerValue(gsv, { value: 1.2, unit: 's' })).toEqual({
      ok: true,
      value: 1200,
      meta: { value: 1.2, unit: 's' },
    });
    expect(parseAnswerValue(gsv, { value: 10, unit: 's' })).toMatchObject({ ok: true, value: 10000 });
    expect(parseAnswerValue(gsv, { value: 10.5, unit: 's' })).toEqual({
      ok: false,
      reason: 'must be between 0 and 10000 ms (entered 10.5 s = 10500 ms)',
    });
    expect(fromCanonical(gsv, 1200, 's')).toBeCloseTo(1.2, 9);
  });

  it('GSV reflux 1.2 s entered in seconds gives the superficial reflux finding; as 1.2 ms it did not', () => {
    const findingsFor = (raw: unknown) => {
      const result = applyAnswers({
        workup,
        patient,
        answers: {},
        answerMeta: {},
        incoming: { 'duplex.performed': true, 'duplex.refluxMs.gsv.left': raw },
      });
      if (!result.ok) throw new Error('rejected');
      return { result, codes: assess(result.answers, patient, '2026-01-01').findings.map((f) => f.code) };
    };
    const seconds = findingsFor({ value: 1.2, unit: 's' });
    expect(seconds.result.answers['duplex.refluxMs.gsv.left']).toBe(1200);
    expect(seconds.result.answerMeta['duplex.refluxMs.gsv.left']).toEqual({ value: 1.2, unit: 's' });
    expect(seconds.codes).toContain('venous.superficial-reflux');
    expect(findingsFor(1.2).codes).not.toContain('venous.superficial-reflux');
  });

  it(`hints "seconds?" for a time above 0 and below ${SECONDS_HINT_BELOW_MS} ms entered in ms, only`, () => {
    const gsv = item('duplex.refluxMs.gsv.left');
    expect(secondsHint(gsv, 30, undefined)).toBe(30);
    expect(secondsHint(gsv, 1.2, undefined)).toBe(1.2);
    expect(secondsHint(gsv, 0.5, undefined)).toBe(0.5);
    expect(secondsHint(gsv, 49.9, undefined)).toBe(49.9);
    // 0 = no reflux; 50 ms and above are plausible as typed.
    expect(secondsHint(gsv, 0, undefined)).toBeUndefined();
    expect(secondsHint(gsv, 50, undefined)).toBeUndefined();
    expect(secondsHint(gsv, 600, undefined)).toBeUndefined();
    expect(secondsHint(gsv, undefined, undefined)).toBeUndefined();
    // Entered in seconds (0.03 s = 30 ms): the person chose the unit, no hint.
    expect(secondsHint(gsv, 30, { value: 0.03, unit: 's' })).toBeUndefined();
    // Items in other units never hint.
    expect(secondsHint(item('duplex.perfDiameterMm.left'), 3, undefined)).toBeUndefined();
    expect(secondsHint(item('lab.ferritin'), 30, undefined)).toBeUndefined();
  });
});

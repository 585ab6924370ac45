// Boundary tables for the safety and consistency rules (docs/clinical-rules.md): each threshold is tested
// just below, at and just above its cut-off (ABI/TBI, the 56-day IV iron window, WHO haemoglobin by age and
// pregnancy, age 65 for gabapentinoids, ferritin 30 for IV iron in pregnancy, ferritin 45 / 75 for the
// iron-loss work-up).
import { describe, expect, it } from 'vitest';
import type { Answers, PatientContext, Sex } from '../types';
import { assess } from './assess';
import type { Assessment, Suggestion } from './types';
import { CRITERIA_MET, RLS_MODERATE } from './test-fixtures';

/** The evaluation's start date used throughout (a 1st of the month keeps the age arithmetic readable). */
const DATE = '2026-06-01';
const adult: PatientContext = { sex: 'female', birthDate: '1980-01-01' }; // 46 on DATE

const run = (answers: Answers, patient: PatientContext = adult, date = DATE): Assessment =>
  assess(answers, patient, date);
const findingCodes = (a: Assessment) => a.findings.map((f) => f.code);
const findingOf = (a: Assessment, code: string) => a.findings.find((f) => f.code === code);
const suggestionIds = (a: Assessment) => a.findings.flatMap((f) => f.suggestions.map((s) => s.id));
const suggestionOf = (a: Assessment, id: string): Suggestion | undefined =>
  a.findings.flatMap((f) => f.suggestions).find((s) => s.id === id);
const cautionCodes = (a: Assessment, id: string) => suggestionOf(a, id)?.cautions.map((c) => c.code) ?? [];
const suppressedIds = (a: Assessment) => a.suppressed.map((s) => s.id);

/** YYYY-MM-DD `days` after `date` (negative: before). */
function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
/** Birth date making the patient exactly `months` old on DATE (today is the birthday). */
function monthsOld(months: number): string {
  const total = 2026 * 12 + 5 - months; // DATE is June (month index 5)
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}
/** Birth date one day short of `months` old on DATE (so `months - 1` completed months). */
const dayShortOfMonths = (months: number) => monthsOld(months).replace(/-01$/, '-02');
const yearsOld = (years: number) => monthsOld(years * 12);
const dayShortOfYears = (years: number) => dayShortOfMonths(years * 12);

const GABAPENTINOIDS = ['rls.gabapentin', 'rls.gabapentin-enacarbil', 'rls.pregabalin'];
const COMPRESSION = ['venous.compression-stockings', 'rls.pneumatic-compression'];
const IV_IRON = ['iron.iv-fcm', 'iron.iv-lmw-dextran', 'iron.iv-ferumoxytol'];

describe('self-check of the date helpers', () => {
  it('builds birth dates at and a day short of an age', () => {
    expect(monthsOld(6)).toBe('2025-12-01');
    expect(dayShortOfMonths(6)).toBe('2025-12-02');
    expect(yearsOld(65)).toBe('1961-06-01');
    expect(dayShortOfYears(65)).toBe('1961-06-02');
    expect(shiftDays('2026-05-01', -56)).toBe('2026-03-06');
  });
});

describe('ABI < 0.60: compression contraindicated (RABE-2020); ABI ≤ 0.90: PAD', () => {
  // CEAP C3 on the left triggers the stockings (venous.cvi); the RLS criteria trigger pneumatic compression.
  const base: Answers = { ...RLS_MODERATE, 'exam.ceap.left': 'C3' };

  it.each([
    // side, ABI, contraindicated, PAD, compression offered, reduced-compression caution
    ['left', 0.3, true, true, false, false],
    ['left', 0.59, true, true, false, false],
    ['left', 0.6, false, true, true, true],
    ['left', 0.61, false, true, true, true],
    ['left', 0.9, false, true, true, true],
    ['left', 0.91, false, false, true, false],
    ['right', 0.59, true, true, false, false],
    ['right', 0.6, false, true, true, true],
  ] as const)(
    'abi.%s %d → contraindicated %s, PAD %s, compression offered %s, reduced-compression %s',
    (side, abi, contraindicated, pad, offered, reduced) => {
      const other = side === 'left' ? 'right' : 'left';
      const a = run({ ...base, [`abi.${side}`]: abi, [`abi.${other}`]: 1.1 });
      expect(findingCodes(a).includes('arterial.compression-contraindicated')).toBe(contraindicated);
      expect(findingCodes(a).includes('arterial.pad')).toBe(pad);
      for (const id of COMPRESSION) {
        expect(suggestionIds(a).includes(id)).toBe(offered);
        expect(suppressedIds(a).includes(id)).toBe(!offered);
        if (offered) expect(cautionCodes(a, id).includes('reduced-compression')).toBe(reduced);
      }
      if (contraindicated) {
        expect(findingOf(a, 'arterial.compression-contraindicated')?.evidence).toContainEqual(
          expect.objectContaining({ code: `abi.${side}`, value: abi }),
        );
      }
    },
  );
});

describe('TBI ≤ 0.70: PAD (ACC/AHA-PAD-2016)', () => {
  it.each([
    ['left', 0.69, true],
    ['left', 0.7, true],
    ['left', 0.71, false],
    ['right', 0.7, true],
    ['right', 0.71, false],
  ] as const)('tbi.%s %d with normal ABIs → arterial.pad %s', (side, tbi, pad) => {
    const a = run({ 'abi.left': 1.1, 'abi.right': 1.1, [`tbi.${side}`]: tbi });
    expect(findingCodes(a).includes('arterial.pad')).toBe(pad);
    if (pad) {
      expect(findingOf(a, 'arterial.pad')?.evidence).toContainEqual(
        expect.objectContaining({ code: `tbi.${side}`, value: tbi }),
      );
    }
    expect(findingCodes(a)).not.toContain('arterial.compression-contraindicated');
  });

  it('TBI ≤ 0.70 without any ABI still makes arterial.pad', () => {
    expect(findingCodes(run({ 'tbi.right': 0.5 }))).toContain('arterial.pad');
  });
});

describe('ABI > 1.40 with the TBI unanswered: compression suppressed, arterial.tbi suggested', () => {
  const base: Answers = { ...RLS_MODERATE, 'exam.ceap.left': 'C3' };

  it.each([
    // label, ABI/TBI answers, suppressed, arterial.tbi suggested, reduced-compression
    ['ABI 1.40 (not non-compressible)', { 'abi.left': 1.4, 'abi.right': 1.1 }, false, false, false],
    ['ABI 1.41, TBI unanswered', { 'abi.left': 1.41, 'abi.right': 1.1 }, true, true, false],
    ['ABI 1.5, TBI unanswered', { 'abi.left': 1.5, 'abi.right': 1.1 }, true, true, false],
    [
      'ABI 1.5 left, TBI answered on the right only',
      { 'abi.left': 1.5, 'abi.right': 1.1, 'tbi.right': 0.9 },
      true,
      true,
      false,
    ],
    [
      'ABI 1.5 left, TBI 0.9 left',
      { 'abi.left': 1.5, 'abi.right': 1.1, 'tbi.left': 0.9 },
      false,
      false,
      false,
    ],
    [
      'ABI 1.5 left, TBI 0.71 left',
      { 'abi.left': 1.5, 'abi.right': 1.1, 'tbi.left': 0.71 },
      false,
      false,
      false,
    ],
    [
      'ABI 1.5 left, TBI 0.70 left (PAD)',
      { 'abi.left': 1.5, 'abi.right': 1.1, 'tbi.left': 0.7 },
      false,
      false,
      true,
    ],
    [
      'ABI 1.5 both sides, TBI left only',
      { 'abi.left': 1.5, 'abi.right': 1.5, 'tbi.left': 0.9 },
      true,
      true,
      false,
    ],
    [
      'ABI 1.5 both sides, both TBIs',
      { 'abi.left': 1.5, 'abi.right': 1.5, 'tbi.left': 0.9, 'tbi.right': 0.9 },
      false,
      false,
      false,
    ],
  ] as const)(
    '$0 → suppressed $2, arterial.tbi $3, reduced-compression $4',
    (_label, arterial, suppressed, tbi, reduced) => {
      const a = run({ ...base, ...arterial });
      for (const id of COMPRESSION) {
        expect(suggestionIds(a).includes(id)).toBe(!suppressed);
        expect(suppressedIds(a).includes(id)).toBe(suppressed);
        if (!suppressed) expect(cautionCodes(a, id).includes('reduced-compression')).toBe(reduced);
      }
      expect(suggestionIds(a).includes('arterial.tbi')).toBe(tbi);
    },
  );
});

describe('iron.recent-iv: IV iron fewer than 56 days before the draw, or after it (IRLSSG-IRON-2018)', () => {
  const DRAW = '2026-05-01';
  const IV_GIVEN: Answers = { 'ironTherapy.prior': true, 'ironTherapy.route': 'iv' };
  const LABS: Answers = { 'lab.ferritin': 40, 'lab.tsat': 25 }; // iron.treat: oral and IV iron triggered

  it.each([
    // days the infusion came before labs.drawDate (negative: after the draw), recent
    [-30, true],
    [-1, true],
    [0, true],
    [1, true],
    [55, true],
    [56, false],
    [57, false],
    [365, false],
  ])('infusion %i days before labs.drawDate → iron.recent-iv %s', (daysBefore, recent) => {
    const a = run({
      ...IV_GIVEN,
      ...LABS,
      'labs.drawDate': DRAW,
      'ironTherapy.date': shiftDays(DRAW, -daysBefore),
    });
    expect(findingCodes(a).includes('iron.recent-iv')).toBe(recent);
    // iron.treat stays either way; only IV iron goes while the IV iron is recent.
    const treat = findingOf(a, 'iron.treat');
    expect(treat).toBeDefined();
    expect(suggestionIds(a)).toContain('iron.oral-ferrous-sulfate');
    for (const id of IV_IRON) {
      expect(suggestionIds(a).includes(id)).toBe(!recent);
      expect(suppressedIds(a).includes(id)).toBe(recent);
    }
    expect(/not yet interpretable/i.test(treat?.text ?? '')).toBe(recent);
  });

  it.each([
    // days the infusion came before the evaluation's start date (no draw date), recent
    [-1, true],
    [0, true],
    [55, true],
    [56, false],
  ])(
    'no labs.drawDate: infusion %i days before the evaluation date → iron.recent-iv %s',
    (daysBefore, recent) => {
      const a = run({ ...IV_GIVEN, ...LABS, 'ironTherapy.date': shiftDays(DATE, -daysBefore) });
      expect(findingCodes(a).includes('iron.recent-iv')).toBe(recent);
      expect(suggestionIds(a).includes('iron.iv-fcm')).toBe(!recent);
    },
  );

  it('the draw date, when given, is the reference rather than the evaluation date', () => {
    // 59 days before the draw but 151 days before the evaluation: not recent.
    const older = run({
      ...IV_GIVEN,
      ...LABS,
      'labs.drawDate': '2026-03-01',
      'ironTherapy.date': '2026-01-01',
    });
    expect(findingCodes(older)).not.toContain('iron.recent-iv');
    // 10 days before the draw, though 41 days before the evaluation.
    const near = run({ ...IV_GIVEN, ...LABS, 'labs.drawDate': DRAW, 'ironTherapy.date': '2026-04-21' });
    expect(findingCodes(near)).toContain('iron.recent-iv');
    // After an old draw (the ferritin predates the infusion), though 100+ days before the evaluation.
    const after = run({
      ...IV_GIVEN,
      ...LABS,
      'labs.drawDate': '2025-12-01',
      'ironTherapy.date': '2026-01-15',
    });
    expect(findingCodes(after)).toContain('iron.recent-iv');
  });

  it('the finding names the route, the date and the draw date as evidence', () => {
    const given = shiftDays(DRAW, -10);
    const a = run({ ...IV_GIVEN, ...LABS, 'labs.drawDate': DRAW, 'ironTherapy.date': given });
    expect(findingOf(a, 'iron.recent-iv')?.evidence.map((e) => [e.code, e.value])).toEqual([
      ['ironTherapy.route', 'iv'],
      ['ironTherapy.date', given],
      ['labs.drawDate', DRAW],
    ]);
  });

  it('oral iron 10 days before the draw is not recent IV iron', () => {
    const a = run({
      ...LABS,
      'ironTherapy.prior': true,
      'ironTherapy.route': 'oral',
      'labs.drawDate': DRAW,
      'ironTherapy.date': shiftDays(DRAW, -10),
    });
    expect(findingCodes(a)).not.toContain('iron.recent-iv');
    expect(suggestionIds(a)).toContain('iron.iv-fcm');
  });

  it('route IV with the date unanswered: no finding, the date is pending', () => {
    const a = run({ ...IV_GIVEN, ...LABS, 'labs.drawDate': DRAW });
    expect(findingCodes(a)).not.toContain('iron.recent-iv');
    expect(a.pending).toContain('ironTherapy.date');
  });

  it('recent IV iron also removes the IV options of iron.iv-only and of iron.esrd-iv-sucrose', () => {
    const recent: Answers = { ...IV_GIVEN, 'labs.drawDate': DRAW, 'ironTherapy.date': shiftDays(DRAW, -20) };
    const ivOnly = run({ ...recent, 'lab.ferritin': 90, 'lab.tsat': 30 });
    expect(findingCodes(ivOnly)).toEqual(expect.arrayContaining(['iron.iv-only', 'iron.recent-iv']));
    expect(suggestionIds(ivOnly).filter((id) => IV_IRON.includes(id))).toEqual([]);
    const esrd = run({ ...recent, 'lab.ferritin': 150, 'lab.tsat': 10, comorbidities: ['dialysis'] });
    expect(findingCodes(esrd)).toEqual(expect.arrayContaining(['iron.esrd-iv-sucrose', 'iron.recent-iv']));
    expect(suggestionIds(esrd)).not.toContain('iron.esrd-iv-sucrose');
    expect(suppressedIds(esrd)).toContain('iron.esrd-iv-sucrose');
  });
});

describe('anaemia by age (WHO-HB-2024), haemoglobin just below and at each cut-off', () => {
  it.each([
    // label, birth date, sex, haemoglobin g/dL, anaemia
    ['5 months (a day short of 6)', dayShortOfMonths(6), 'female', 5.0, false],
    ['5 months (a day short of 6)', dayShortOfMonths(6), 'female', 10.4, false],
    ['6 months', monthsOld(6), 'female', 10.4, true],
    ['6 months', monthsOld(6), 'female', 10.5, false],
    ['23 months', dayShortOfMonths(24), 'male', 10.4, true],
    ['23 months', dayShortOfMonths(24), 'male', 10.5, false],
    ['23 months', dayShortOfMonths(24), 'male', 10.9, false],
    ['24 months', monthsOld(24), 'male', 10.9, true],
    ['24 months', monthsOld(24), 'male', 11.0, false],
    ['4 years', dayShortOfYears(5), 'female', 10.9, true],
    ['4 years', dayShortOfYears(5), 'female', 11.0, false],
    ['4 years', dayShortOfYears(5), 'female', 11.4, false],
    ['5 years', yearsOld(5), 'female', 11.4, true],
    ['5 years', yearsOld(5), 'female', 11.5, false],
    ['11 years', dayShortOfYears(12), 'male', 11.4, true],
    ['11 years', dayShortOfYears(12), 'male', 11.5, false],
    ['11 years', dayShortOfYears(12), 'male', 11.9, false],
    ['12 years', yearsOld(12), 'male', 11.9, true],
    ['12 years', yearsOld(12), 'male', 12.0, false],
    ['14 years', dayShortOfYears(15), 'male', 11.9, true],
    ['14 years', dayShortOfYears(15), 'male', 12.0, false],
    ['14 years', dayShortOfYears(15), 'male', 12.9, false],
    ['15 years', yearsOld(15), 'male', 12.9, true],
    ['15 years', yearsOld(15), 'male', 13.0, false],
    ['15 years', yearsOld(15), 'female', 11.9, true],
    ['15 years', yearsOld(15), 'female', 12.0, false],
    ['adult', yearsOld(40), 'male', 12.9, true],
    ['adult', yearsOld(40), 'male', 13.0, false],
    ['adult', yearsOld(40), 'female', 11.9, true],
    ['adult', yearsOld(40), 'female', 12.0, false],
    ['adult', yearsOld(40), 'other', 11.9, true],
    ['adult', yearsOld(40), 'other', 12.0, false],
    ['adult', yearsOld(40), 'unknown', 11.9, true],
    ['adult', yearsOld(40), 'unknown', 12.0, false],
  ] as Array<[string, string, Sex, number, boolean]>)(
    '%s (born %s, %s), Hb %d → anemia %s',
    (_label, birthDate, sex, hb, anemia) => {
      const a = run({ 'lab.hemoglobin': hb }, { sex, birthDate });
      expect(findingCodes(a).includes('anemia')).toBe(anemia);
      if (anemia) expect(suggestionIds(a)).toContain('hematology.anemia-workup');
    },
  );

  it('under 6 months: no finding and nothing pending for anaemia', () => {
    const a = run({ 'lab.hemoglobin': 4 }, { sex: 'male', birthDate: monthsOld(2) });
    expect(findingCodes(a)).not.toContain('anemia');
    expect(a.pending).not.toContain('lab.hemoglobin');
  });
});

describe('anaemia in pregnancy: 11.0, or 10.5 in the second trimester (WHO-HB-2024)', () => {
  it.each([
    // trimester (undefined = unanswered), haemoglobin, anaemia
    ['second', 10.4, true],
    ['second', 10.5, false],
    ['second', 10.9, false],
    ['first', 10.5, true],
    ['first', 10.9, true],
    ['first', 11.0, false],
    ['third', 10.5, true],
    ['third', 10.9, true],
    ['third', 11.0, false],
    [undefined, 10.9, true],
    [undefined, 11.0, false],
  ] as Array<[string | undefined, number, boolean]>)(
    'trimester %s, Hb %d → anemia %s',
    (trimester, hb, anemia) => {
      const answers: Answers = { pregnant: true, 'lab.hemoglobin': hb };
      if (trimester !== undefined) answers['pregnancy.trimester'] = trimester;
      expect(findingCodes(run(answers)).includes('anemia')).toBe(anemia);
    },
  );

  it('not pregnant (false or unanswered): the adult female cut-off 12.0 applies', () => {
    expect(findingCodes(run({ pregnant: false, 'lab.hemoglobin': 11.9 }))).toContain('anemia');
    expect(findingCodes(run({ 'lab.hemoglobin': 11.9 }))).toContain('anemia');
  });

  it('pregnancy takes precedence over the age band (14-year-old, first trimester, Hb 11.5)', () => {
    const teen: PatientContext = { sex: 'female', birthDate: yearsOld(14) };
    expect(
      findingCodes(run({ pregnant: true, 'pregnancy.trimester': 'first', 'lab.hemoglobin': 11.5 }, teen)),
    ).not.toContain('anemia');
    expect(findingCodes(run({ 'lab.hemoglobin': 11.5 }, teen))).toContain('anemia');
  });
});

describe('respiratory-depression on gabapentinoids from age 65 (FDA-2019)', () => {
  it.each([
    ['64 (a day short of 65)', dayShortOfYears(65), false],
    ['65 (the birthday)', yearsOld(65), true],
    ['80', yearsOld(80), true],
    ['50', yearsOld(50), false],
  ])('age $0 → respiratory-depression $2 on every gabapentinoid', (_label, birthDate, caution) => {
    const patient: PatientContext = { sex: 'male', birthDate };
    const a = run(RLS_MODERATE, patient);
    for (const id of GABAPENTINOIDS) {
      expect(suggestionIds(a)).toContain(id);
      expect(cautionCodes(a, id).includes('respiratory-depression')).toBe(caution);
    }
    const esrd = run({ ...RLS_MODERATE, 'lab.egfr': 10 }, patient);
    expect(cautionCodes(esrd, 'rls.gabapentin-esrd').includes('respiratory-depression')).toBe(caution);
  });

  it('age alone does not caution the opioid', () => {
    const a = run(
      { ...RLS_MODERATE, 'treatment.refractory': true },
      { sex: 'male', birthDate: yearsOld(70) },
    );
    expect(suggestionIds(a)).toContain('rls.opioid');
    expect(cautionCodes(a, 'rls.opioid')).not.toContain('respiratory-depression');
  });
});

describe('gabapentinoids: adult with rls.criteria-met and irls.total ≥ 11 (AASM-2024)', () => {
  it.each([
    // irls.total, patient, gabapentinoids offered
    [10, adult, false],
    [11, adult, true],
    [40, adult, true],
    [11, { sex: 'male', birthDate: dayShortOfYears(18) }, false],
    [11, { sex: 'male', birthDate: yearsOld(18) }, true],
  ] as Array<[number, PatientContext, boolean]>)(
    'IRLS $0, patient $1 → gabapentinoids $2',
    (total, patient, offered) => {
      const a = run({ ...CRITERIA_MET, 'irls.total': total }, patient);
      for (const id of GABAPENTINOIDS) expect(suggestionIds(a).includes(id)).toBe(offered);
      // Pneumatic compression comes with rls.criteria-met, whatever the severity.
      expect(suggestionIds(a)).toContain('rls.pneumatic-compression');
    },
  );

  it('ESRD: the ESRD gabapentin instead of the others', () => {
    const a = run({ ...RLS_MODERATE, 'lab.egfr': 14.9 });
    expect(suggestionIds(a)).toContain('rls.gabapentin-esrd');
    for (const id of GABAPENTINOIDS) expect(suggestionIds(a)).not.toContain(id);
    const ckd = run({ ...RLS_MODERATE, 'lab.egfr': 15 });
    expect(suggestionIds(ckd)).not.toContain('rls.gabapentin-esrd');
    for (const id of GABAPENTINOIDS) expect(suggestionIds(ckd)).toContain(id);
  });
});

describe('IV iron in pregnancy: only in the second or third trimester with ferritin < 30 (IRLSSG-PREG-2015)', () => {
  it.each([
    // trimester (undefined = unanswered), ferritin, IV iron offered
    ['second', 29, true],
    ['second', 29.9, true],
    ['second', 30, false],
    ['second', 31, false],
    ['third', 29, true],
    ['third', 30, false],
    ['first', 29, false],
    ['first', 5, false],
    [undefined, 29, false],
  ] as Array<[string | undefined, number, boolean]>)(
    'trimester %s, ferritin %d → IV iron %s',
    (trimester, ferritin, iv) => {
      const answers: Answers = { pregnant: true, 'lab.ferritin': ferritin, 'lab.tsat': 30 };
      if (trimester !== undefined) answers['pregnancy.trimester'] = trimester;
      const a = run(answers);
      expect(findingCodes(a)).toContain('iron.treat');
      for (const id of IV_IRON) {
        expect(suggestionIds(a).includes(id)).toBe(iv);
        expect(suppressedIds(a).includes(id)).toBe(!iv);
      }
      // Oral iron first in pregnancy: always offered.
      expect(suggestionIds(a)).toContain('iron.oral-ferrous-sulfate');
    },
  );

  it('not pregnant, ferritin 30: IV iron offered', () => {
    expect(suggestionIds(run({ 'lab.ferritin': 30, 'lab.tsat': 30 }))).toContain('iron.iv-fcm');
  });
});

describe('hematology.iron-loss-workup: ferritin < 45 (AGA-2020), or ≤ 75 with GI blood loss', () => {
  const man: PatientContext = { sex: 'male', birthDate: yearsOld(40) };
  const woman = (years: number, short = false): PatientContext => ({
    sex: 'female',
    birthDate: short ? dayShortOfYears(years) : yearsOld(years),
  });
  const GI: Answers = { ironLoss: ['gi-blood-loss'] };

  it.each([
    // label, patient, extra answers, ferritin, work-up suggested
    ['man 40', man, {}, 44, true],
    ['man 40', man, {}, 44.9, true],
    ['man 40', man, {}, 45, false],
    ['man 40', man, {}, 46, false],
    ['sex other, 40', { sex: 'other', birthDate: yearsOld(40) }, {}, 44, true],
    ['sex unknown, 40', { sex: 'unknown', birthDate: yearsOld(40) }, {}, 44, true],
    ['woman 50 (birthday)', woman(50), {}, 44, true],
    ['woman 50 (birthday)', woman(50), {}, 45, false],
    ['woman 49 (a day short of 50)', woman(50, true), {}, 44, false],
    ['woman 30', woman(30), {}, 10, false],
    ['woman 30, other iron loss', woman(30), { ironLoss: ['heavy-menstrual-bleeding'] }, 10, false],
    ['woman 30, GI blood loss', woman(30), GI, 75, true],
    ['woman 30, GI blood loss', woman(30), GI, 75.1, false],
    ['woman 30, GI blood loss', woman(30), GI, 76, false],
    ['man 40, GI blood loss', man, GI, 75, true],
    ['man 40, GI blood loss', man, GI, 76, false],
    ['boy 10', { sex: 'male', birthDate: yearsOld(10) }, {}, 40, false],
    ['boy 17 (a day short of 18)', { sex: 'male', birthDate: dayShortOfYears(18) }, {}, 40, false],
    ['man 18 (birthday)', { sex: 'male', birthDate: yearsOld(18) }, {}, 40, true],
    ['boy 10, GI blood loss', { sex: 'male', birthDate: yearsOld(10) }, GI, 40, true],
  ] as Array<[string, PatientContext, Answers, number, boolean]>)(
    '$0, ferritin $3 → work-up $4',
    (_label, patient, extra, ferritin, workup) => {
      const a = run({ ...extra, 'lab.ferritin': ferritin, 'lab.tsat': 30 }, patient);
      expect(suggestionIds(a).includes('hematology.iron-loss-workup')).toBe(workup);
    },
  );

  it('ferritin unanswered: no work-up even with GI blood loss', () => {
    expect(suggestionIds(run({ ...GI, 'lab.tsat': 10 }, man))).not.toContain('hematology.iron-loss-workup');
  });
});

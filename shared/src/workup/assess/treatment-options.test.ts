// The plan options added for follow-up and the treatment course (docs/clinical-rules.md): B12 and
// folate supplementation, weight/diet and relaxation, glycaemic control, sclerotherapy, compression for
// symptomatic C2, a dopaminergic agent as a deliberate choice, "continue current treatment" — each at
// the exact boundary of its trigger, with its source and the safety rows that apply to it.
import { describe, expect, it } from 'vitest';
import { getItem } from '../items';
import { getWorkup } from '../registry';
import type { Answers, PatientContext } from '../types';
import { assess } from './assess';
import { suggestionCatalog } from './suggestions';
import { CRITERIA_MET, RLS_MODERATE } from './test-fixtures';
import type { Assessment } from './types';
import { B12_LOW, FOLATE_LOW } from './vitamins';

const DATE = '2026-06-01';
const adult: PatientContext = { sex: 'female', birthDate: '1980-01-01' };
const child: PatientContext = { sex: 'male', birthDate: '2016-06-01' };

const run = (answers: Answers, patient = adult) => assess(answers, patient, DATE);
const findingOf = (a: Assessment, code: string) => a.findings.find((f) => f.code === code);
const idsOf = (a: Assessment, code: string) => findingOf(a, code)?.suggestions.map((s) => s.id) ?? [];
const offered = (a: Assessment) => a.findings.flatMap((f) => f.suggestions.map((s) => s.id));
const suggestion = (a: Assessment, id: string) =>
  a.findings.flatMap((f) => f.suggestions).find((s) => s.id === id);

const DOPAMINERGIC = [
  'rls.dopaminergic.pramipexole',
  'rls.dopaminergic.ropinirole',
  'rls.dopaminergic.rotigotine',
  'rls.dopaminergic.levodopa',
];

describe('B12 and folate supplementation (lower reference limits of the definition)', () => {
  it('the thresholds are the definition’s lower reference limits', () => {
    expect(getItem(getWorkup(), 'lab.b12')?.referenceRange?.low).toBe(B12_LOW);
    expect(getItem(getWorkup(), 'lab.folate')?.referenceRange?.low).toBe(FOLATE_LOW);
  });

  it.each([
    [199.9, true],
    [200, false],
  ])('B12 %d pg/mL → supplementation %s', (b12, low) => {
    const a = run({ 'lab.b12': b12 });
    expect(idsOf(a, 'vitamin.b12-low')).toEqual(low ? ['supplement.b12'] : []);
    expect(findingOf(a, 'neuropathy.suspected') !== undefined).toBe(low); // same cut-off
  });

  it.each([
    [1.79, true],
    [1.8, false],
  ])('folate %d ng/mL → supplementation %s', (folate, low) => {
    expect(idsOf(run({ 'lab.folate': folate }), 'vitamin.folate-low')).toEqual(
      low ? ['supplement.folate'] : [],
    );
  });

  it('not graded: the seed names it, no guideline grades it for RLS', () => {
    for (const id of [
      'supplement.b12',
      'supplement.folate',
      'lifestyle.weight-diet',
      'lifestyle.relaxation',
    ] as const) {
      expect(suggestionCatalog[id]).toMatchObject({ guideline: 'Expert consensus', strength: 'Not graded' });
    }
  });
});

describe('weight and diet advice, relaxation techniques', () => {
  it('offered with the IRLSSG criteria met, not otherwise', () => {
    expect(idsOf(run(CRITERIA_MET), 'rls.criteria-met')).toEqual(
      expect.arrayContaining(['lifestyle.weight-diet', 'lifestyle.relaxation']),
    );
    const notMet = run({ ...CRITERIA_MET, 'criteria.rest': false });
    expect(offered(notMet)).not.toContain('lifestyle.weight-diet');
    expect(offered(notMet)).not.toContain('lifestyle.relaxation');
  });
});

describe('glycaemic control (with the diabetes finding)', () => {
  it.each([
    [6.49, false],
    [6.5, true],
  ])('HbA1c %d % → %s', (hba1c, expected) => {
    expect(offered(run({ 'lab.hba1c': hba1c })).includes('metabolic.glycaemic-control')).toBe(expected);
  });

  it('known diabetes: glycaemic control alone', () => {
    expect(idsOf(run({ comorbidities: ['diabetes'] }), 'diabetes')).toEqual(['metabolic.glycaemic-control']);
    expect(suggestionCatalog['metabolic.glycaemic-control'].guideline).toBe('ADA');
  });
});

describe('sclerotherapy beside ablation (SVS-VV-2022, grade 2C)', () => {
  const venous = (ms: number, ceap: string, marked?: string): Answers => ({
    'duplex.performed': true,
    'duplex.refluxMs.gsv.left': ms,
    'exam.ceap.left': ceap,
    ...(marked ? { 'exam.ceapSymptomatic.left': marked } : {}),
  });

  it.each([
    [500, 'C2', 'symptomatic', false],
    [501, 'C2', 'symptomatic', true],
    [501, 'C1', 'symptomatic', false],
    [501, 'C2', 'asymptomatic', false],
  ])('GSV %d ms, %s %s → %s', (ms, ceap, marked, expected) => {
    const ids = idsOf(run(venous(ms, ceap, marked)), 'venous.superficial-reflux');
    expect(ids.includes('venous.sclerotherapy')).toBe(expected);
    expect(ids.includes('venous.endovenous-ablation')).toBe(expected);
  });

  it('suppressed with ablation in pregnancy, DVT and thrombophlebitis', () => {
    const a = run({ ...venous(900, 'C2', 'symptomatic'), 'duplex.dvt': true });
    expect(offered(a)).not.toContain('venous.sclerotherapy');
    expect(a.suppressed.map((s) => s.id)).toContain('venous.sclerotherapy');
  });
});

describe('compression for symptomatic C2 varicose veins (SVS-VV-2022, grade 2C)', () => {
  it.each([
    ['C2 symptomatic', { 'exam.ceap.left': 'C2', 'exam.ceapSymptomatic.left': 'symptomatic' }, true],
    ['C2r symptomatic', { 'exam.ceap.left': 'C2r', 'exam.ceapSymptomatic.left': 'symptomatic' }, true],
    ['C2 asymptomatic', { 'exam.ceap.left': 'C2', 'exam.ceapSymptomatic.left': 'asymptomatic' }, false],
    ['C2 unmarked, heaviness', { 'exam.ceap.left': 'C2', 'symptoms.venous': ['heaviness'] }, true],
    ['C2 unmarked, cramps only', { 'exam.ceap.left': 'C2', 'symptoms.venous': ['cramps'] }, false],
    ['C1 symptomatic', { 'exam.ceap.left': 'C1', 'exam.ceapSymptomatic.left': 'symptomatic' }, false],
  ] as Array<[string, Answers, boolean]>)('%s → %s', (_label, answers, expected) => {
    expect(idsOf(run(answers), 'venous.cvd').includes('venous.compression-stockings')).toBe(expected);
  });

  it('with C3 on a side the stockings come from venous.cvi only', () => {
    const a = run({
      'exam.ceap.left': 'C2',
      'exam.ceapSymptomatic.left': 'symptomatic',
      'exam.ceap.right': 'C3',
    });
    expect(idsOf(a, 'venous.cvd')).not.toContain('venous.compression-stockings');
    expect(idsOf(a, 'venous.cvi')).toContain('venous.compression-stockings');
  });

  it('the compression rows still apply (ABI < 0.60)', () => {
    const a = run({ 'exam.ceap.left': 'C2', 'exam.ceapSymptomatic.left': 'symptomatic', 'abi.left': 0.55 });
    expect(offered(a)).not.toContain('venous.compression-stockings');
  });
});

describe('a dopaminergic agent as a deliberate choice (AASM-2024: conditional against)', () => {
  it.each([
    [10, false],
    [11, true],
  ])('IRLS %d with the criteria met → offered %s', (total, expected) => {
    const ids = offered(run({ ...CRITERIA_MET, 'irls.total': total }));
    for (const id of DOPAMINERGIC) expect(ids.includes(id), id).toBe(expected);
  });

  it('always with the AASM caution; augmentation features are named', () => {
    const a = run(RLS_MODERATE);
    for (const id of DOPAMINERGIC) {
      expect(
        suggestion(a, id)?.cautions.map((c) => c.code),
        id,
      ).toEqual(['aasm-conditional-against']);
      expect(suggestionCatalog[id as keyof typeof suggestionCatalog].strength).toMatch(
        /^Conditional against/,
      );
    }
    const augmented = run({
      ...RLS_MODERATE,
      'meds.dopaminergic': ['pramipexole'],
      'augmentation.features': ['spread'],
    });
    const cautions = suggestion(augmented, 'rls.dopaminergic.ropinirole')?.cautions ?? [];
    expect(cautions.map((c) => c.code)).toEqual(['already-taking', 'aasm-conditional-against']);
    expect(cautions[1]?.text).toMatch(/Augmentation features are reported \(spread\)/);
  });

  it('not for children, on dialysis, or in pregnancy (suppressed there)', () => {
    expect(offered(run(RLS_MODERATE, child)).filter((id) => DOPAMINERGIC.includes(id))).toEqual([]);
    expect(offered(run({ ...RLS_MODERATE, comorbidities: ['dialysis'] }))).not.toContain(DOPAMINERGIC[0]);
    const pregnant = run({ ...RLS_MODERATE, pregnant: true });
    expect(offered(pregnant).filter((id) => DOPAMINERGIC.includes(id))).toEqual([]);
    expect(pregnant.suppressed.map((s) => s.id)).toEqual(expect.arrayContaining(DOPAMINERGIC));
  });

  it('the lactation caution', () => {
    const a = run({ ...RLS_MODERATE, breastfeeding: true });
    expect(suggestion(a, 'rls.dopaminergic.pramipexole')?.cautions.map((c) => c.code)).toContain('lactation');
  });
});

describe('continue current treatment (treatment.current)', () => {
  it('one option per current medicine, dopaminergic ones with the AASM caution', () => {
    const a = run({ 'meds.current': ['gabapentin', 'iron-oral'], 'meds.dopaminergic': ['ropinirole'] });
    expect(idsOf(a, 'treatment.current')).toEqual([
      'continue.gabapentin',
      'continue.iron-oral',
      'continue.ropinirole',
    ]);
    expect(suggestion(a, 'continue.ropinirole')?.cautions.map((c) => c.code)).toEqual([
      'aasm-conditional-against',
    ]);
    expect(suggestion(a, 'continue.gabapentin')?.cautions).toEqual([]);
  });

  it('no finding without current medicines', () => {
    expect(
      findingOf(run({ 'meds.current': [], 'meds.dopaminergic': [] }), 'treatment.current'),
    ).toBeUndefined();
    expect(findingOf(run({}), 'treatment.current')).toBeUndefined();
  });

  it('continuing a gabapentinoid, an opioid or a dopaminergic agent is suppressed in pregnancy', () => {
    const a = run({
      pregnant: true,
      'meds.current': ['pregabalin', 'opioid', 'z-drug'],
      'meds.dopaminergic': ['levodopa'],
    });
    expect(idsOf(a, 'treatment.current')).toEqual(['continue.z-drug']);
    expect(a.suppressed.map((s) => s.id)).toEqual(
      expect.arrayContaining(['continue.pregabalin', 'continue.opioid', 'continue.levodopa']),
    );
  });

  it.each([
    [44.9, true],
    [45, false],
  ])('continuing oral iron with TSAT %d % → offered %s', (tsat, expected) => {
    const a = run({ 'meds.current': ['iron-oral'], 'lab.tsat': tsat, 'lab.ferritin': 150 });
    expect(offered(a).includes('continue.iron-oral')).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { suggestionCatalog } from './assess/suggestions';
import {
  MEDICATION_FREQUENCIES,
  MEDICATION_UNITS,
  MEDICINE_OPTION_IDS,
  MEDICINE_OPTIONS,
  medicationText,
  medicineOf,
} from './medicines';
import {
  emptyPlan,
  medicationIssues,
  mergePlan,
  normalisePlan,
  planPatchSchema,
  type PlanMedication,
} from './plan';

const line: PlanMedication = {
  id: 'rls.gabapentin',
  dose: 300,
  unit: 'mg',
  frequency: 'at-night',
  startDate: '2026-06-10',
};

function issues(medications: unknown) {
  const parsed = planPatchSchema.safeParse({ medications });
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
}

describe('plan.medications: the patch schema', () => {
  it('accepts a course line; startDate may be null or left out', () => {
    expect(issues([line])).toEqual([]);
    expect(issues([{ ...line, startDate: null }])).toEqual([]);
    const { startDate: _, ...noDate } = line;
    expect(issues([noDate])).toEqual([]);
    expect(issues([])).toEqual([]);
  });

  it.each([
    ['an option that is no medicine', { id: 'lifestyle.exercise' }, 'medications.0.id'],
    ['an unknown id', { id: 'rls.aspirin' }, 'medications.0.id'],
    ['dose 0', { dose: 0 }, 'medications.0.dose'],
    ['a negative dose', { dose: -5 }, 'medications.0.dose'],
    ['a dose as text', { dose: '300' }, 'medications.0.dose'],
    ['a dose above the guard', { dose: 100001 }, 'medications.0.dose'],
    ['an unknown unit', { unit: 'tablet' }, 'medications.0.unit'],
    ['µ written as such', { unit: 'µg' }, 'medications.0.unit'],
    ['an unknown frequency', { frequency: 'hourly' }, 'medications.0.frequency'],
    ['an invalid start date', { startDate: '2026-02-30' }, 'medications.0.startDate'],
    ['an unknown key', { route: 'oral' }, 'medications.0'],
  ])('refuses %s, naming the field', (_label, change, path) => {
    expect(issues([{ ...line, ...change }])).toEqual([path]);
  });

  it('refuses a medicine listed twice and a missing field', () => {
    expect(issues([line, { ...line, dose: 600 }])).toEqual(['medications']);
    const { dose: _, ...noDose } = line;
    expect(issues([noDose])).toEqual(['medications.0.dose']);
  });

  it('the lists the client offers', () => {
    expect(MEDICATION_UNITS).toEqual(['mg', 'ug', 'g', 'mL', 'mg/24h']);
    expect(MEDICATION_FREQUENCIES.map((f) => f.code)).toEqual([
      'once-daily',
      'twice-daily',
      'three-times-daily',
      'at-night',
      'alternate-days',
      'weekly',
      'single-dose',
      'as-needed',
    ]);
  });
});

describe('medicationIssues: against the selected options', () => {
  it('each line must name a selected option, in a unit the medicine is given in', () => {
    expect(medicationIssues(['rls.gabapentin'], [{ id: 'rls.gabapentin', unit: 'mg' }])).toEqual([]);
    expect(
      medicationIssues(
        ['iron.iv-fcm'],
        [
          { id: 'iron.iv-fcm', unit: 'g' },
          { id: 'rls.pregabalin', unit: 'mg' },
        ],
      ),
    ).toEqual([
      { code: 'plan.medications.0.unit', reason: 'must be one of: mg' },
      { code: 'plan.medications.1.id', reason: '"rls.pregabalin" is not selected in the plan' },
    ]);
  });
});

describe('mergePlan with a course', () => {
  const plan = { ...emptyPlan(), selected: ['rls.gabapentin', 'iron.iv-fcm'] };

  it('stores the lines with startDate null when left out', () => {
    const { startDate: _, ...noDate } = line;
    const merged = mergePlan(plan, planPatchSchema.parse({ medications: [noDate] }));
    expect(merged.medications).toEqual([{ ...noDate, startDate: null }]);
  });

  it('deselecting an option drops its line; other fields keep the course', () => {
    const withCourse = mergePlan(plan, planPatchSchema.parse({ medications: [line] }));
    expect(mergePlan(withCourse, { reviewed: true }).medications).toEqual([line]);
    expect(mergePlan(withCourse, { selected: ['iron.iv-fcm'] }).medications).toEqual([]);
  });

  it('a stored plan from before the course reads with an empty one', () => {
    const { medications: _, ...old } = emptyPlan();
    expect(normalisePlan(old)).toEqual(emptyPlan());
  });
});

describe('medicine options', () => {
  it('every medicine option is a suggestion of the catalog, with units', () => {
    for (const id of MEDICINE_OPTION_IDS) {
      expect(suggestionCatalog[id as keyof typeof suggestionCatalog], id).toBeDefined();
      expect(MEDICINE_OPTIONS[id]!.units.length, id).toBeGreaterThan(0);
    }
  });

  it('IV iron is dosed in mg and recorded as iron therapy, never as a current medicine', () => {
    for (const id of ['iron.iv-fcm', 'iron.iv-lmw-dextran', 'iron.iv-ferumoxytol', 'iron.esrd-iv-sucrose']) {
      expect(MEDICINE_OPTIONS[id]).toMatchObject({ units: ['mg'], iron: 'iv' });
      expect(MEDICINE_OPTIONS[id]!.current).toBeUndefined();
    }
  });

  it('options of one medicine share it across visits', () => {
    expect(medicineOf('rls.gabapentin')).toBe('gabapentin');
    expect(medicineOf('continue.gabapentin')).toBe('gabapentin');
    expect(medicineOf('rls.gabapentin-esrd')).toBe('gabapentin');
    expect(medicineOf('rls.dopaminergic.rotigotine')).toBe(medicineOf('continue.rotigotine'));
    expect(medicineOf('iron.iv-fcm')).toBe('iron.iv-fcm');
  });

  it('a course line in words', () => {
    expect(medicationText(line)).toBe('Gabapentin 300 mg at night, from 2026-06-10');
    expect(
      medicationText({
        id: 'supplement.b12',
        dose: 1000,
        unit: 'ug',
        frequency: 'once-daily',
        startDate: null,
      }),
    ).toBe('Vitamin B12 1000 µg once daily');
  });
});

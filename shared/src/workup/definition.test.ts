import { describe, expect, it } from 'vitest';
import { listItems, stageOfCode } from './items';
import { computeProgress } from './progress';
import { signWarnings } from './sign';
import { assess } from './assess/assess';
import { CURRENT_WORKUP_VERSION, WORKUP_ID, WORKUP_VERSIONS, getWorkup } from './registry';
import { STAGE_IDS } from './types';

const workup = getWorkup();
const items = listItems(workup);
const byCode = new Map(items.map((i) => [i.code, i]));

const SPEC_CODES = {
  history: [
    'criteria.urge',
    'criteria.rest',
    'criteria.movementRelief',
    'criteria.eveningWorse',
    'criteria.notMimic',
    'course',
    'clinicallySignificant',
    'irls.total',
    'onsetAge',
    'familyHistory',
    'meds.exacerbating',
    'meds.dopaminergic',
    'substances',
    'pregnant',
    'comorbidities',
  ],
  exam: [
    'exam.vibration',
    'exam.ankleReflex',
    'exam.monofilament',
    'exam.pulses',
    'exam.edema',
    'exam.ceap',
  ].flatMap((c) => [`${c}.left`, `${c}.right`]),
  labs: [
    'lab.ferritin',
    'lab.tsat',
    'lab.iron',
    'lab.tibc',
    'lab.hemoglobin',
    'lab.mcv',
    'lab.creatinine',
    'lab.egfr',
    'lab.glucoseFasting',
    'lab.hba1c',
    'lab.tsh',
    'lab.b12',
    'lab.folate',
    'lab.magnesium',
  ],
  imaging: [
    'duplex.performed',
    ...['gsv', 'ssv', 'cfv', 'fv', 'pop', 'perf'].flatMap((s) => [
      `duplex.refluxMs.${s}.left`,
      `duplex.refluxMs.${s}.right`,
    ]),
    'duplex.perfDiameterMm.left',
    'duplex.perfDiameterMm.right',
    'duplex.dvt',
    'abi.left',
    'abi.right',
    'angiography.performed',
    'angiography.finding',
  ],
} as const;

describe('workup registry', () => {
  it('serves rls-vascular-workup version 3 as the current version and keeps versions 1 and 2', () => {
    expect(WORKUP_ID).toBe('rls-vascular-workup');
    expect(CURRENT_WORKUP_VERSION).toBe(3);
    expect(WORKUP_VERSIONS).toEqual([1, 2, 3]);
    expect(getWorkup(3)).toBe(workup);
    expect(workup).toMatchObject({ id: WORKUP_ID, version: 3 });
    expect(getWorkup(2)).toMatchObject({ id: WORKUP_ID, version: 2 });
    expect(getWorkup(1)).toMatchObject({ id: WORKUP_ID, version: 1 });
    expect(() => getWorkup(99)).toThrow(RangeError);
  });

  it('version 2 keeps every version-1 item unchanged and adds the SPEC §2b items where a clinician expects them', () => {
    const v1 = listItems(getWorkup(1));
    const v2 = listItems(getWorkup(2));
    const v2ByCode = new Map(v2.map((i) => [i.code, i]));
    for (const item of v1) expect(v2ByCode.get(item.code), item.code).toEqual(item);
    const added = v2.filter((i) => !v1.some((o) => o.code === i.code)).map((i) => [i.code, i.stage, i.group]);
    expect(added).toEqual([
      ['mimics', 'history', 'diagnosis'],
      ['meds.current', 'history', 'medications'],
      ['treatment.refractory', 'history', 'medications'],
      ['breastfeeding', 'history', 'reproductive'],
      ['duplex.thrombosisTypes', 'imaging', 'duplex'],
      ['tbi.left', 'imaging', 'abi'],
      ['tbi.right', 'imaging', 'abi'],
    ]);
    const codes = v2.map((i) => i.code);
    expect(codes.indexOf('mimics')).toBe(codes.indexOf('criteria.notMimic') + 1);
    for (const code of [
      'mimics',
      'meds.current',
      'treatment.refractory',
      'breastfeeding',
      'duplex.thrombosisTypes',
      'tbi.left',
    ]) {
      expect(v2ByCode.get(code)?.help, code).toBeTruthy();
    }
    expect(v2ByCode.get('meds.current')?.options?.map((o) => o.code)).toEqual([
      'gabapentin',
      'gabapentin-enacarbil',
      'pregabalin',
      'opioid',
      'benzodiazepine',
      'z-drug',
      'iron-oral',
    ]);
    expect(v2ByCode.get('mimics')?.options?.map((o) => o.code)).toEqual([
      'leg-cramps',
      'positional-discomfort',
      'radiculopathy',
      'akathisia',
      'arthritis',
      'habitual-foot-tapping',
    ]);
    expect(v2ByCode.get('duplex.thrombosisTypes')?.options?.map((o) => o.code)).toEqual([
      'acute-dvt',
      'chronic-post-thrombotic',
      'superficial-thrombophlebitis',
    ]);
    expect(v2ByCode.get('breastfeeding')?.enableWhen).toEqual({ patient: 'sex', op: 'ne', value: 'male' });
    expect(v2ByCode.get('duplex.thrombosisTypes')?.enableWhen).toEqual({
      item: 'duplex.dvt',
      op: 'eq',
      value: true,
    });
    expect(v2ByCode.get('tbi.right')).toMatchObject({ type: 'number', range: { min: 0, max: 2 } });
  });

  it('version 3 is version 2 unchanged plus one free-text note per stage, in a group of its own at the end', () => {
    const v2 = getWorkup(2);
    // Every version-2 group is there, in order and unchanged; each stage ends with its notes group.
    for (const stage of workup.stages) {
      const before = v2.stages.find((s) => s.id === stage.id);
      expect(stage.groups.slice(0, -1), stage.id).toEqual(before?.groups);
      expect(stage.groups.at(-1)).toEqual({
        id: `${stage.id}Notes`,
        label: 'Notes',
        layout: 'list',
        items: [
          {
            code: `notes.${stage.id}`,
            label: expect.stringMatching(/^Notes on the /) as unknown,
            help: 'Free text for the record; not used by the assessment.',
            type: 'text',
            maxLength: 2000,
            note: true,
          },
        ],
      });
    }
    const v2Codes = new Set(listItems(v2).map((i) => i.code));
    expect(items.filter((i) => !v2Codes.has(i.code)).map((i) => [i.code, i.stage, i.type])).toEqual([
      ['notes.history', 'history', 'text'],
      ['notes.exam', 'exam', 'text'],
      ['notes.labs', 'labs', 'text'],
      ['notes.imaging', 'imaging', 'text'],
    ]);
    expect(byCode.get('notes.exam')?.label).toBe('Notes on the examination');
    // The published version 2 itself is not touched by building version 3.
    expect(listItems(v2).some((i) => i.code.startsWith('notes.'))).toBe(false);
    expect(v2.version).toBe(2);
  });

  it('no rule reads a note: the assessment is the same with or without them', () => {
    const patient = { sex: 'female' as const, birthDate: '1970-01-01' };
    const answers = { 'criteria.urge': true, 'lab.ferritin': 40, 'lab.tsat': 15 };
    const noted = { ...answers, ...Object.fromEntries(STAGE_IDS.map((s) => [`notes.${s}`, 'ferritin low'])) };
    expect(assess(noted, patient, '2026-01-01')).toEqual(assess(answers, patient, '2026-01-01'));
  });

  it('is plain JSON (served by GET /api/workflow)', () => {
    expect(JSON.parse(JSON.stringify(workup))).toEqual(workup);
  });

  it('walks history, exam, labs, imaging', () => {
    expect(workup.stages.map((s) => s.id)).toEqual(['history', 'exam', 'labs', 'imaging']);
  });
});

describe('item codes (SPEC §1)', () => {
  it.each(Object.entries(SPEC_CODES))('%s stage holds every SPEC code', (stage, codes) => {
    for (const code of codes) expect(stageOfCode(workup, code), code).toBe(stage);
  });

  it('codes are unique', () => {
    expect(new Set(items.map((i) => i.code)).size).toBe(items.length);
  });

  it('bilateral items are one definition with sides', () => {
    const defs = workup.stages.flatMap((s) => s.groups.flatMap((g) => g.items));
    expect(defs.filter((d) => d.code === 'exam.ceap')).toHaveLength(1);
    expect(defs.find((d) => d.code === 'duplex.refluxMs.gsv')?.sides).toEqual(['left', 'right']);
    expect(byCode.get('exam.ceap.left')).toMatchObject({
      baseCode: 'exam.ceap',
      side: 'left',
      group: 'venous',
    });
  });

  it('groups carry layout hints', () => {
    const groups = workup.stages.flatMap((s) => s.groups);
    expect(groups.find((g) => g.items.some((i) => i.code === 'duplex.refluxMs.gsv'))?.layout).toBe(
      'duplex-grid',
    );
    expect(groups.find((g) => g.items.some((i) => i.code === 'exam.ceap'))?.layout).toBe('bilateral');
  });

  it('option codes match SPEC', () => {
    const options = (code: string) => byCode.get(code)?.options?.map((o) => o.code);
    expect(options('course')).toEqual(['chronic-persistent', 'intermittent']);
    expect(options('meds.exacerbating')).toEqual([
      'sedating-antihistamine',
      'dopamine-antagonist',
      'ssri-snri',
      'mirtazapine',
      'tca',
      'lithium',
    ]);
    expect(options('meds.dopaminergic')).toEqual(['pramipexole', 'ropinirole', 'rotigotine', 'levodopa']);
    expect(options('substances')).toEqual(['caffeine', 'alcohol', 'nicotine']);
    expect(options('comorbidities')).toEqual([
      'ckd',
      'dialysis',
      'diabetes',
      'neuropathy',
      'multiple-sclerosis',
      'parkinson',
      'venous-disease',
      'pad',
      'osa',
      'iron-deficiency-anemia',
    ]);
    expect(options('exam.vibration.left')).toEqual(['normal', 'reduced', 'absent']);
    expect(options('exam.monofilament.right')).toEqual(['normal', 'reduced']);
    expect(options('exam.pulses.left')).toEqual(['normal', 'diminished', 'absent']);
    expect(options('exam.ceap.left')).toEqual([
      'C0',
      'C1',
      'C2',
      'C2r',
      'C3',
      'C4a',
      'C4b',
      'C4c',
      'C5',
      'C6',
      'C6r',
    ]);
  });

  it.each([
    ['lab.ferritin', '2276-4', 'ng/mL'],
    ['lab.tsat', '2502-3', '%'],
    ['lab.iron', '2498-4', 'ug/dL'],
    ['lab.tibc', '2500-7', 'ug/dL'],
    ['lab.hemoglobin', '718-7', 'g/dL'],
    ['lab.mcv', '787-2', 'fL'],
    ['lab.creatinine', '2160-0', 'mg/dL'],
    ['lab.egfr', '98979-8', 'mL/min/{1.73_m2}'],
    ['lab.glucoseFasting', '1558-6', 'mg/dL'],
    ['lab.hba1c', '4548-4', '%'],
    ['lab.tsh', '3016-3', 'm[IU]/L'],
    ['lab.b12', '2132-9', 'pg/mL'],
    ['lab.folate', '2284-8', 'ng/mL'],
    ['lab.magnesium', '19123-9', 'mg/dL'],
  ])('%s: LOINC %s, canonical %s, range from 0 with an upper bound, reference range', (code, loinc, unit) => {
    const item = byCode.get(code);
    expect(item).toMatchObject({ type: 'number', loinc, unit });
    expect(item?.range?.min).toBe(0);
    expect(item?.range?.max).toBeGreaterThan(0);
    expect(item?.referenceRange).toBeDefined();
  });

  it('IRLS: total 0–40 and item scores 0–4 without licensed text', () => {
    expect(byCode.get('irls.total')).toMatchObject({ type: 'integer', range: { min: 0, max: 40 } });
    for (let i = 1; i <= 10; i++) {
      expect(byCode.get(`irls.item${i}`)).toMatchObject({
        type: 'integer',
        label: `IRLS item ${i}`,
        range: { min: 0, max: 4 },
      });
    }
  });

  it('requiredForSign marks exactly the five criteria', () => {
    expect(items.filter((i) => i.requiredForSign).map((i) => i.code)).toEqual([
      'criteria.urge',
      'criteria.rest',
      'criteria.movementRelief',
      'criteria.eveningWorse',
      'criteria.notMimic',
    ]);
  });

  it('enableWhen: pregnant on patient sex, duplex items on duplex.performed', () => {
    expect(byCode.get('pregnant')?.enableWhen).toEqual({ patient: 'sex', op: 'ne', value: 'male' });
    const duplexItems = items.filter(
      (i) => i.code.startsWith('duplex.') && !['duplex.performed', 'duplex.thrombosisTypes'].includes(i.code),
    );
    for (const item of duplexItems) {
      expect(item.enableWhen, item.code).toEqual({ item: 'duplex.performed', op: 'eq', value: true });
    }
    expect(byCode.get('angiography.finding')?.enableWhen).toEqual({
      item: 'angiography.performed',
      op: 'eq',
      value: true,
    });
    expect(byCode.get('exam.ceapSymptomatic.right')?.enableWhen).toEqual({
      item: 'exam.ceap.right',
      op: 'answered',
    });
  });

  it('every choice/multi has options; every enableWhen names a known item', () => {
    for (const item of items) {
      if (item.type === 'choice' || item.type === 'multi')
        expect(item.options?.length, item.code).toBeGreaterThan(0);
      const refs = JSON.stringify(item.enableWhen ?? {}).match(/"item":"([^"]+)"/g) ?? [];
      for (const ref of refs) expect(byCode.has(ref.slice(8, -1)), `${item.code} → ${ref}`).toBe(true);
    }
  });
});

describe('version-3 notes are for the record only', () => {
  const patient = { sex: 'female' as const, birthDate: '1970-01-01' };

  it('count neither in progress nor as unanswered at sign-off', () => {
    const v2 = getWorkup(2);
    expect(computeProgress(workup, patient, {})).toEqual(computeProgress(v2, patient, {}));
    const noted = { 'notes.exam': 'Patient anxious.' };
    expect(computeProgress(workup, patient, noted).exam.answered).toBe(0);
    expect(signWarnings(workup, patient, {}).filter((c) => c.startsWith('notes.'))).toEqual([]);
    expect(signWarnings(workup, patient, {})).toEqual(signWarnings(v2, patient, {}));
  });
});

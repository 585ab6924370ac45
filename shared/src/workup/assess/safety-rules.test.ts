// Safety, consistency and follow-up rules (docs/clinical-rules.md): triggers that are fixed
// (rls.opioid, ablation, thrombosis types, iron in pregnancy, mimic review), every suppression row,
// every caution code, the
// follow-up from plan.selected, and a property-style check that no suppressed option ever shows.
import { describe, expect, it } from 'vitest';
import type { Answers, PatientContext } from '../types';
import { assess } from './assess';
import type { Assessment, Suggestion } from './types';
import { CAUTION_CODES } from './types';
import { CRITERIA_MET, RLS_MODERATE } from './test-fixtures';
import { CAUTIONS, SUPPRESSIONS } from './safety';
import { suggestionCatalog } from './suggestions';

const DATE = '2026-06-01';
const adult: PatientContext = { sex: 'female', birthDate: '1980-01-01' }; // 46 on DATE
const child: PatientContext = { sex: 'male', birthDate: '2016-06-01' }; // 10 on DATE

const run = (
  answers: Answers,
  patient: PatientContext = adult,
  plan?: { selected: readonly string[] } | null,
) => assess(answers, patient, DATE, plan);
const findingCodes = (a: Assessment) => a.findings.map((f) => f.code);
const findingOf = (a: Assessment, code: string) => a.findings.find((f) => f.code === code);
const suggestionIds = (a: Assessment) => a.findings.flatMap((f) => f.suggestions.map((s) => s.id));
const allSuggestions = (a: Assessment): Suggestion[] => a.findings.flatMap((f) => f.suggestions);
const suggestionOf = (a: Assessment, id: string) => allSuggestions(a).find((s) => s.id === id);
const cautionCodes = (a: Assessment, id: string) => suggestionOf(a, id)?.cautions.map((c) => c.code) ?? [];
const suppressedIds = (a: Assessment) => a.suppressed.map((s) => s.id);

// Suggestion classes (the rows of docs/clinical-rules.md, "Suppression").
const GABAPENTINOIDS = [
  'rls.gabapentin',
  'rls.gabapentin-enacarbil',
  'rls.pregabalin',
  'rls.gabapentin-esrd',
];
const GABAPENTINOIDS_NON_ESRD = ['rls.gabapentin', 'rls.gabapentin-enacarbil', 'rls.pregabalin'];
const IV_IRON = ['iron.iv-fcm', 'iron.iv-lmw-dextran', 'iron.iv-ferumoxytol', 'iron.esrd-iv-sucrose'];
const ORAL_IRON = ['iron.oral-ferrous-sulfate', 'iron.child-ferrous-sulfate'];
const COMPRESSION = ['venous.compression-stockings', 'rls.pneumatic-compression'];
const ABLATION = [
  'venous.endovenous-ablation',
  'venous.sclerotherapy',
  'venous.perforator-treatment.left',
  'venous.perforator-treatment.right',
];
const DOPAMINERGIC = [
  'rls.dopaminergic.pramipexole',
  'rls.dopaminergic.ropinirole',
  'rls.dopaminergic.rotigotine',
  'rls.dopaminergic.levodopa',
];
const CONTINUE_DOPAMINERGIC = [
  'continue.pramipexole',
  'continue.ropinirole',
  'continue.rotigotine',
  'continue.levodopa',
];
const CONTINUE_PREGNANCY_UNSAFE = [
  'continue.gabapentin',
  'continue.gabapentin-enacarbil',
  'continue.pregabalin',
  'continue.opioid',
];

describe('rls.opioid: refractory RLS, or likely augmentation on a dopamine agonist (AASM-2024)', () => {
  it.each([
    // label, extra answers, opioid suggested
    [
      'dopamine agonist, no features',
      { 'meds.dopaminergic': ['pramipexole'], 'augmentation.features': [] },
      false,
    ],
    ['dopamine agonist, features unanswered', { 'meds.dopaminergic': ['pramipexole'] }, false],
    [
      'dopamine agonist, one feature (spread)',
      { 'meds.dopaminergic': ['pramipexole'], 'augmentation.features': ['spread'] },
      false,
    ],
    [
      'dopamine agonist, one feature (shorter-effect)',
      { 'meds.dopaminergic': ['ropinirole'], 'augmentation.features': ['shorter-effect'] },
      false,
    ],
    [
      'dopamine agonist, earlier-onset alone',
      { 'meds.dopaminergic': ['ropinirole'], 'augmentation.features': ['earlier-onset'] },
      true,
    ],
    [
      'dopamine agonist, two features',
      { 'meds.dopaminergic': ['rotigotine'], 'augmentation.features': ['spread', 'shorter-latency'] },
      true,
    ],
    [
      'levodopa, three features',
      {
        'meds.dopaminergic': ['levodopa'],
        'augmentation.features': ['spread', 'greater-intensity', 'shorter-effect'],
      },
      true,
    ],
    [
      'two features but no current dopaminergic',
      { 'meds.dopaminergic': [], 'augmentation.features': ['earlier-onset', 'spread'] },
      false,
    ],
    [
      'two features, dopaminergic unanswered',
      { 'augmentation.features': ['earlier-onset', 'spread'] },
      false,
    ],
    ['treatment.refractory true', { 'treatment.refractory': true }, true],
    ['treatment.refractory false', { 'treatment.refractory': false }, false],
    ['nothing', {}, false],
  ] as Array<[string, Answers, boolean]>)('$0 → rls.opioid $2', (_label, extra, opioid) => {
    expect(suggestionIds(run({ ...RLS_MODERATE, ...extra })).includes('rls.opioid')).toBe(opioid);
  });

  const likely: Answers = {
    'meds.dopaminergic': ['pramipexole'],
    'augmentation.features': ['spread', 'shorter-effect'],
  };
  it.each([
    ['refractory', { 'treatment.refractory': true }],
    ['augmentation likely', likely],
  ] as Array<[string, Answers]>)(
    '%s: never in pregnancy, never for a child, never without rls.criteria-met',
    (_label, reason) => {
      expect(suggestionIds(run({ ...RLS_MODERATE, ...reason }))).toContain('rls.opioid');
      expect(suggestionIds(run({ ...RLS_MODERATE, ...reason, pregnant: true }))).not.toContain('rls.opioid');
      expect(
        suggestionIds(run({ ...RLS_MODERATE, ...reason }, { sex: 'male', birthDate: '2009-06-02' })),
      ).not.toContain('rls.opioid'); // 16
      expect(
        suggestionIds(run({ ...RLS_MODERATE, ...reason }, { sex: 'male', birthDate: '2008-06-01' })),
      ).toContain('rls.opioid'); // 18 today
      expect(suggestionIds(run({ ...RLS_MODERATE, ...reason, 'criteria.urge': false }))).not.toContain(
        'rls.opioid',
      );
      const { 'criteria.rest': _unanswered, ...partial } = RLS_MODERATE;
      expect(suggestionIds(run({ ...partial, ...reason }))).not.toContain('rls.opioid');
    },
  );

  it('the option reads as an option and names naloxone and a prescription-monitoring check', () => {
    const opioid = suggestionOf(run({ ...RLS_MODERATE, 'treatment.refractory': true }), 'rls.opioid');
    expect(opioid?.label).toMatch(/^Consider /);
    const text = `${opioid?.label} ${opioid?.note ?? ''}`;
    expect(text).toMatch(/naloxone/i);
    expect(text).toMatch(/prescription[^.]*monitoring/i);
    expect(opioid?.guideline).toBe('AASM-2024');
  });
});

describe('venous.endovenous-ablation: reflux, CEAP ≥ C2 and symptoms on the same side (SVS-VV-2022)', () => {
  const duplex: Answers = { 'duplex.performed': true };
  it.each([
    // label, answers, ablation suggested
    [
      'reflux left, C2 right only',
      { 'duplex.refluxMs.gsv.left': 600, 'exam.ceap.right': 'C2', 'symptoms.venous': ['aching'] },
      false,
    ],
    [
      'reflux left, C1 left, C2 right',
      {
        'duplex.refluxMs.gsv.left': 600,
        'exam.ceap.left': 'C1',
        'exam.ceap.right': 'C2',
        'symptoms.venous': ['aching'],
      },
      false,
    ],
    [
      'reflux left, C2 left',
      { 'duplex.refluxMs.gsv.left': 600, 'exam.ceap.left': 'C2', 'symptoms.venous': ['aching'] },
      true,
    ],
    [
      'reflux right (SSV), C4a right',
      { 'duplex.refluxMs.ssv.right': 501, 'exam.ceap.right': 'C4a', 'symptoms.venous': ['heaviness'] },
      true,
    ],
    [
      'reflux 500 ms (not > 500), C2 left',
      { 'duplex.refluxMs.gsv.left': 500, 'exam.ceap.left': 'C2', 'symptoms.venous': ['aching'] },
      false,
    ],
    [
      'left marked symptomatic, no venous symptoms',
      {
        'duplex.refluxMs.gsv.left': 600,
        'exam.ceap.left': 'C2r',
        'exam.ceapSymptomatic.left': 'symptomatic',
      },
      true,
    ],
    [
      'left marked asymptomatic despite aching',
      {
        'duplex.refluxMs.gsv.left': 600,
        'exam.ceap.left': 'C2',
        'exam.ceapSymptomatic.left': 'asymptomatic',
        'symptoms.venous': ['aching'],
      },
      false,
    ],
    [
      'left unanswered, symptoms.venous unanswered',
      { 'duplex.refluxMs.gsv.left': 600, 'exam.ceap.left': 'C2' },
      false,
    ],
    [
      'left unanswered, symptoms.venous empty',
      { 'duplex.refluxMs.gsv.left': 600, 'exam.ceap.left': 'C2', 'symptoms.venous': [] },
      false,
    ],
    [
      'left unanswered, cramps only',
      { 'duplex.refluxMs.gsv.left': 600, 'exam.ceap.left': 'C2', 'symptoms.venous': ['cramps'] },
      false,
    ],
    [
      'left unanswered, cramps and aching',
      { 'duplex.refluxMs.gsv.left': 600, 'exam.ceap.left': 'C2', 'symptoms.venous': ['cramps', 'aching'] },
      true,
    ],
    [
      'right symptomatic but reflux and C2 only on the asymptomatic left',
      {
        'duplex.refluxMs.gsv.left': 600,
        'exam.ceap.left': 'C2',
        'exam.ceapSymptomatic.left': 'asymptomatic',
        'exam.ceap.right': 'C2',
        'exam.ceapSymptomatic.right': 'symptomatic',
      },
      false,
    ],
    [
      'reflux right, C3 right marked symptomatic',
      {
        'duplex.refluxMs.gsv.right': 900,
        'exam.ceap.right': 'C3',
        'exam.ceapSymptomatic.right': 'symptomatic',
      },
      true,
    ],
  ] as Array<[string, Answers, boolean]>)('$0 → ablation $2', (_label, answers, ablation) => {
    expect(suggestionIds(run({ ...duplex, ...answers })).includes('venous.endovenous-ablation')).toBe(
      ablation,
    );
  });
});

describe('duplex.thrombosisTypes: dvt, post-thrombotic change, superficial thrombophlebitis', () => {
  it.each([
    // types (undefined = unanswered), dvt, post-thrombotic, svt
    [undefined, true, false, false],
    [[], true, false, false],
    [['acute-dvt'], true, false, false],
    [['chronic-post-thrombotic'], false, true, false],
    [['superficial-thrombophlebitis'], false, false, true],
    [['acute-dvt', 'chronic-post-thrombotic'], true, true, false],
    [['chronic-post-thrombotic', 'superficial-thrombophlebitis'], false, true, true],
  ] as Array<[string[] | undefined, boolean, boolean, boolean]>)(
    'types %j → dvt %s, post-thrombotic %s, svt %s',
    (types, dvt, post, svt) => {
      const answers: Answers = { 'duplex.performed': true, 'duplex.dvt': true };
      if (types !== undefined) answers['duplex.thrombosisTypes'] = types;
      const a = run(answers);
      expect(findingCodes(a).includes('dvt')).toBe(dvt);
      expect(suggestionIds(a).includes('referral.dvt')).toBe(dvt);
      expect(findingCodes(a).includes('venous.post-thrombotic')).toBe(post);
      expect(findingCodes(a).includes('venous.svt')).toBe(svt);
      expect(suggestionIds(a).includes('referral.svt')).toBe(svt);
    },
  );

  it('no thrombosis (duplex.dvt false) → none of the three', () => {
    const a = run({ 'duplex.performed': true, 'duplex.dvt': false });
    expect(findingCodes(a)).not.toEqual(expect.arrayContaining(['dvt']));
    expect(
      findingCodes(a).filter((c) => ['dvt', 'venous.post-thrombotic', 'venous.svt'].includes(c)),
    ).toEqual([]);
  });
});

describe('iron.iv-only is never present in pregnancy (IRLSSG-PREG-2015)', () => {
  it.each([
    // pregnant, ferritin, TSAT, expected iron findings
    [false, 80, 30, ['iron.iv-only']],
    [true, 80, 30, []],
    [true, 80, 15, ['iron.treat']],
    [true, 100, 19.9, ['iron.treat']],
    [true, 75, 30, ['iron.treat']],
    [false, 80, 15, ['iron.iv-only']],
  ])('pregnant %s, ferritin %d, TSAT %d → %j', (pregnant, ferritin, tsat, expected) => {
    const a = run({ pregnant, 'pregnancy.trimester': 'second', 'lab.ferritin': ferritin, 'lab.tsat': tsat });
    expect(findingCodes(a).filter((c) => c.startsWith('iron.'))).toEqual(expected);
  });

  it('pregnant, ferritin 80, TSAT 15: oral iron offered, no IV iron (ferritin ≥ 30)', () => {
    const a = run({ pregnant: true, 'pregnancy.trimester': 'third', 'lab.ferritin': 80, 'lab.tsat': 15 });
    expect(suggestionIds(a)).toContain('iron.oral-ferrous-sulfate');
    expect(suggestionIds(a).filter((id) => IV_IRON.includes(id))).toEqual([]);
  });

  // iron.treat here comes from TSAT alone with ferritin 80 (≤ 100), so the trigger offers IV iron and
  // the pregnancy row removes it; the "ferritin > 100: clinician judgement" branch does not apply.
  const pregnant80: Answers = {
    pregnant: true,
    'pregnancy.trimester': 'third',
    'lab.ferritin': 80,
    'lab.tsat': 15,
  };

  it('pregnant, ferritin 80, TSAT 15: the text and the oral-iron note do not claim ferritin > 100', () => {
    const a = run(pregnant80);
    expect(findingOf(a, 'iron.treat')?.text).not.toMatch(/ferritin > 100/);
    expect(suggestionOf(a, 'iron.oral-ferrous-sulfate')?.note ?? '').not.toMatch(/ferritin > 100/);
  });

  it('pregnant, ferritin 80, TSAT 15: IV iron is triggered, then suppressed by the pregnancy row', () => {
    expect(suppressedIds(run(pregnant80))).toEqual(expect.arrayContaining(IV_IRON.slice(0, 3)));
  });
});

describe('rls.mimic-review: criterion 5 marked met beside a conflicting answer (IRLSSG-2014)', () => {
  const MIMICS = [
    'leg-cramps',
    'positional-discomfort',
    'radiculopathy',
    'akathisia',
    'arthritis',
    'habitual-foot-tapping',
  ];

  it.each(MIMICS)('mimics [%s] → review, evidence names mimics', (mimic) => {
    const f = findingOf(run({ ...CRITERIA_MET, mimics: [mimic] }), 'rls.mimic-review');
    expect(f?.evidence.map((e) => e.code)).toEqual(['criteria.notMimic', 'mimics']);
    expect(f?.evidence.find((e) => e.code === 'mimics')?.value).toEqual([mimic]);
  });

  it.each([
    // label, answers, review, conflict evidence codes
    ['no mimics (empty)', { mimics: [] }, false, []],
    [
      'PAD by ABI with claudication',
      { 'abi.left': 0.8, 'symptoms.claudication': true },
      true,
      ['symptoms.claudication'],
    ],
    [
      'PAD by TBI with claudication',
      { 'abi.left': 1.1, 'tbi.left': 0.7, 'symptoms.claudication': true },
      true,
      ['symptoms.claudication'],
    ],
    ['claudication without PAD (ABI 0.91)', { 'abi.left': 0.91, 'symptoms.claudication': true }, false, []],
    ['PAD without claudication', { 'abi.left': 0.8, 'symptoms.claudication': false }, false, []],
    [
      'dopamine antagonist (akathisia)',
      { 'meds.exacerbating': ['dopamine-antagonist'] },
      true,
      ['meds.exacerbating'],
    ],
    ['another exacerbating drug', { 'meds.exacerbating': ['ssri-snri', 'lithium'] }, false, []],
    [
      'all three conflicts',
      {
        mimics: ['arthritis'],
        'abi.right': 0.85,
        'symptoms.claudication': true,
        'meds.exacerbating': ['dopamine-antagonist', 'tca'],
      },
      true,
      ['mimics', 'symptoms.claudication', 'meds.exacerbating'],
    ],
  ] as Array<[string, Answers, boolean, string[]]>)(
    '$0 → review $2, evidence $3',
    (_label, extra, review, conflicts) => {
      const f = findingOf(run({ ...CRITERIA_MET, ...extra }), 'rls.mimic-review');
      expect(f !== undefined).toBe(review);
      if (f) expect(f.evidence.map((e) => e.code)).toEqual(['criteria.notMimic', ...conflicts]);
    },
  );

  it.each([
    ['false', false],
    ['unanswered', undefined],
  ])('criteria.notMimic %s → no review, whatever the conflicts', (_label, notMimic) => {
    const answers: Answers = {
      ...CRITERIA_MET,
      mimics: ['leg-cramps'],
      'abi.left': 0.8,
      'symptoms.claudication': true,
      'meds.exacerbating': ['dopamine-antagonist'],
    };
    if (notMimic === undefined) delete answers['criteria.notMimic'];
    else answers['criteria.notMimic'] = notMimic;
    expect(findingCodes(run(answers))).not.toContain('rls.mimic-review');
  });

  it('the review does not need the other four criteria', () => {
    expect(findingCodes(run({ 'criteria.notMimic': true, mimics: ['radiculopathy'] }))).toContain(
      'rls.mimic-review',
    );
  });
});

describe('suppression rows (SPEC §2b "never suggested while")', () => {
  it('pregnancy: no gabapentinoid, opioid or peroneal nerve stimulation', () => {
    const triggers: Answers = { ...CRITERIA_MET, 'irls.total': 25, 'treatment.refractory': true };
    const control = run(triggers);
    expect(suggestionIds(control)).toEqual(
      expect.arrayContaining([...GABAPENTINOIDS_NON_ESRD, 'rls.opioid', 'rls.peroneal-nerve-stimulation']),
    );
    const a = run({ ...triggers, pregnant: true });
    for (const id of [...GABAPENTINOIDS, 'rls.opioid', 'rls.peroneal-nerve-stimulation']) {
      expect(suggestionIds(a)).not.toContain(id);
    }
    expect(suppressedIds(a)).toEqual(expect.arrayContaining(GABAPENTINOIDS_NON_ESRD));
    // ESRD variant too.
    const esrd = run({ ...triggers, 'lab.egfr': 10 });
    expect(suggestionIds(esrd)).toContain('rls.gabapentin-esrd');
    expect(suggestionIds(run({ ...triggers, 'lab.egfr': 10, pregnant: true }))).not.toContain(
      'rls.gabapentin-esrd',
    );
    // Non-drug options stay.
    expect(suggestionIds(a)).toEqual(
      expect.arrayContaining(['lifestyle.exercise', 'pregnancy.rls-specialist']),
    );
  });

  it.each([
    // label, labs, iv-avoid, IV iron offered, oral iron offered, repeat-studies
    ['TSAT 44.9', { 'lab.ferritin': 40, 'lab.tsat': 44.9 }, false, true, true, false],
    ['TSAT 45', { 'lab.ferritin': 40, 'lab.tsat': 45 }, true, false, false, true],
    [
      'computed TSAT 45 (iron 90 / TIBC 200)',
      { 'lab.ferritin': 40, 'lab.iron': 90, 'lab.tibc': 200 },
      true,
      false,
      false,
      true,
    ],
    ['ferritin 90 (iv-only), TSAT 60', { 'lab.ferritin': 90, 'lab.tsat': 60 }, true, false, false, true],
    ['ferritin 300, TSAT 50', { 'lab.ferritin': 300, 'lab.tsat': 50 }, true, false, false, true],
    ['TSAT 50, ferritin unanswered', { 'lab.tsat': 50 }, true, false, false, true],
  ] as Array<[string, Answers, boolean, boolean, boolean, boolean]>)(
    '$0 → iv-avoid $2, IV iron $3, oral iron $4, iron.repeat-studies $5',
    (_label, labs, avoid, iv, oral, repeat) => {
      const a = run(labs);
      expect(findingCodes(a).includes('iron.iv-avoid')).toBe(avoid);
      expect(suggestionIds(a).some((id) => IV_IRON.includes(id))).toBe(iv);
      expect(suggestionIds(a).some((id) => ORAL_IRON.includes(id))).toBe(oral);
      expect(suggestionIds(a).includes('iron.repeat-studies')).toBe(repeat);
    },
  );

  it('TSAT ≥ 45 suppresses a child’s ferrous sulfate too', () => {
    expect(suggestionIds(run({ 'lab.ferritin': 30, 'lab.tsat': 44 }, child))).toContain(
      'iron.child-ferrous-sulfate',
    );
    const a = run({ 'lab.ferritin': 30, 'lab.tsat': 45 }, child);
    expect(findingCodes(a)).toContain('iron.treat');
    expect(suggestionIds(a)).not.toContain('iron.child-ferrous-sulfate');
    expect(suppressedIds(a)).toContain('iron.child-ferrous-sulfate');
    expect(suggestionIds(a)).toContain('iron.repeat-studies');
  });

  it('IV iron sucrose (ESRD) is suppressed in pregnancy outside the second/third trimester with ferritin < 30', () => {
    const esrd: Answers = { comorbidities: ['dialysis'], 'lab.ferritin': 150, 'lab.tsat': 10 };
    expect(suggestionIds(run(esrd))).toContain('iron.esrd-iv-sucrose');
    expect(suggestionIds(run({ ...esrd, pregnant: true, 'pregnancy.trimester': 'third' }))).not.toContain(
      'iron.esrd-iv-sucrose',
    );
    expect(
      suggestionIds(run({ ...esrd, 'lab.ferritin': 20, pregnant: true, 'pregnancy.trimester': 'third' })),
    ).toContain('iron.esrd-iv-sucrose');
  });

  describe('ablation: never with pregnancy, dvt or venous.svt', () => {
    const ablationAnswers: Answers = {
      'duplex.performed': true,
      'duplex.refluxMs.gsv.left': 800,
      'exam.ceap.left': 'C6',
      'exam.ceapSymptomatic.left': 'symptomatic',
      'duplex.refluxMs.perf.left': 700,
      'duplex.perfDiameterMm.left': 4,
      'duplex.dvt': false,
    };
    it('control: ablation and left perforator treatment are offered', () => {
      expect(suggestionIds(run(ablationAnswers))).toEqual(
        expect.arrayContaining(['venous.endovenous-ablation', 'venous.perforator-treatment.left']),
      );
    });
    it.each([
      ['pregnancy', { pregnant: true }],
      ['acute DVT', { 'duplex.dvt': true, 'duplex.thrombosisTypes': ['acute-dvt'] }],
      ['uncharacterised thrombosis', { 'duplex.dvt': true }],
      [
        'superficial thrombophlebitis',
        { 'duplex.dvt': true, 'duplex.thrombosisTypes': ['superficial-thrombophlebitis'] },
      ],
    ] as Array<[string, Answers]>)('%s → no ablation class option', (_label, extra) => {
      const a = run({ ...ablationAnswers, ...extra });
      expect(suggestionIds(a).filter((id) => ABLATION.includes(id))).toEqual([]);
      expect(suppressedIds(a)).toEqual(
        expect.arrayContaining(['venous.endovenous-ablation', 'venous.perforator-treatment.left']),
      );
    });
    it('chronic post-thrombotic change alone does not suppress ablation', () => {
      const a = run({
        ...ablationAnswers,
        'duplex.dvt': true,
        'duplex.thrombosisTypes': ['chronic-post-thrombotic'],
      });
      expect(suggestionIds(a)).toContain('venous.endovenous-ablation');
    });
    it('right perforator treatment is suppressed too', () => {
      const right: Answers = {
        'duplex.performed': true,
        'duplex.refluxMs.perf.right': 600,
        'duplex.perfDiameterMm.right': 3.5,
        'exam.ceap.right': 'C5',
      };
      expect(suggestionIds(run(right))).toContain('venous.perforator-treatment.right');
      expect(suggestionIds(run({ ...right, pregnant: true }))).not.toContain(
        'venous.perforator-treatment.right',
      );
    });
  });

  describe('compression', () => {
    const compressionAnswers: Answers = { ...RLS_MODERATE, 'exam.ceap.left': 'C3', 'duplex.performed': true };
    it.each([
      // label, extra, pneumatic offered, stockings offered
      ['control', { 'duplex.dvt': false }, true, true],
      ['acute DVT', { 'duplex.dvt': true, 'duplex.thrombosisTypes': ['acute-dvt'] }, false, true],
      ['uncharacterised thrombosis', { 'duplex.dvt': true }, false, true],
      [
        'superficial thrombophlebitis',
        { 'duplex.dvt': true, 'duplex.thrombosisTypes': ['superficial-thrombophlebitis'] },
        false,
        true,
      ],
      [
        'post-thrombotic only',
        { 'duplex.dvt': true, 'duplex.thrombosisTypes': ['chronic-post-thrombotic'] },
        true,
        true,
      ],
      ['ABI 0.59', { 'abi.left': 0.59 }, false, false],
      ['ABI 1.5, TBI unanswered', { 'abi.right': 1.5 }, false, false],
      ['ABI 1.5, TBI answered', { 'abi.right': 1.5, 'tbi.right': 0.8 }, true, true],
    ] as Array<[string, Answers, boolean, boolean]>)(
      '$0 → pneumatic $2, stockings $3',
      (_label, extra, pneumatic, stockings) => {
        const a = run({ ...compressionAnswers, ...extra });
        expect(suggestionIds(a).includes('rls.pneumatic-compression')).toBe(pneumatic);
        expect(suggestionIds(a).includes('venous.compression-stockings')).toBe(stockings);
        expect(suppressedIds(a).includes('rls.pneumatic-compression')).toBe(!pneumatic);
        expect(suppressedIds(a).includes('venous.compression-stockings')).toBe(!stockings);
      },
    );
  });

  it('each suppressed entry gives a reason', () => {
    const a = run({ ...RLS_MODERATE, pregnant: true });
    expect(a.suppressed.length).toBeGreaterThan(0);
    for (const s of a.suppressed) expect(s.reason.length).toBeGreaterThan(0);
  });
});

describe('cautions (SPEC §2b)', () => {
  it('the eight caution codes', () => {
    expect([...CAUTION_CODES].sort()).toEqual(
      [
        'respiratory-depression',
        'reduced-compression',
        'verify-perfusion',
        'already-taking',
        'renal-dose',
        'lactation',
        'no-abrupt-stop',
        'aasm-conditional-against',
      ].sort(),
    );
  });

  it.each([
    // code, answers, patient, option carrying it
    ['respiratory-depression', { ...RLS_MODERATE, comorbidities: ['osa'] }, adult, 'rls.gabapentin'],
    ['reduced-compression', { ...RLS_MODERATE, 'abi.left': 0.7 }, adult, 'rls.pneumatic-compression'],
    [
      'verify-perfusion',
      { ...RLS_MODERATE, comorbidities: ['diabetes'] },
      adult,
      'rls.pneumatic-compression',
    ],
    ['already-taking', { ...RLS_MODERATE, 'meds.current': ['gabapentin'] }, adult, 'rls.pregabalin'],
    ['renal-dose', { ...RLS_MODERATE, comorbidities: ['ckd'] }, adult, 'rls.gabapentin-enacarbil'],
    ['lactation', { ...RLS_MODERATE, breastfeeding: true }, adult, 'rls.gabapentin'],
    ['no-abrupt-stop', { 'meds.exacerbating': ['mirtazapine'] }, adult, 'medication-review.exacerbating'],
  ] as Array<[string, Answers, PatientContext, string]>)('$0 appears on $3', (code, answers, patient, id) => {
    const caution = suggestionOf(run(answers, patient), id)?.cautions.find((c) => c.code === code);
    expect(caution).toBeDefined();
    expect(caution?.text.length).toBeGreaterThan(0);
  });

  it('an option with no caution carries an empty list', () => {
    const a = run(RLS_MODERATE);
    expect(suggestionOf(a, 'lifestyle.exercise')?.cautions).toEqual([]);
    expect(suggestionOf(a, 'rls.gabapentin')?.cautions).toEqual([]);
  });

  describe('respiratory-depression (FDA-2016, FDA-2019)', () => {
    const base: Answers = { ...RLS_MODERATE, 'treatment.refractory': true };
    it.each([
      // label, extra answers, on the gabapentinoids, on the opioid
      ['nothing', {}, false, false],
      ['known OSA', { comorbidities: ['osa'] }, true, true],
      ['witnessed apnoea (screen positive)', { 'sleep.witnessedApnea': true }, true, true],
      [
        'snoring with daytime sleepiness (screen positive)',
        { 'sleep.snoring': true, 'sleep.daytimeSleepiness': true },
        true,
        true,
      ],
      ['snoring alone', { 'sleep.snoring': true, 'sleep.daytimeSleepiness': false }, false, false],
      ['alcohol', { substances: ['alcohol'] }, true, true],
      ['caffeine and nicotine', { substances: ['caffeine', 'nicotine'] }, false, false],
      ['current benzodiazepine', { 'meds.current': ['benzodiazepine'] }, true, true],
      ['current Z-drug', { 'meds.current': ['z-drug'] }, true, true],
      ['current opioid', { 'meds.current': ['opioid'] }, true, false],
      ['current gabapentin', { 'meds.current': ['gabapentin'] }, false, true],
      ['current gabapentin enacarbil', { 'meds.current': ['gabapentin-enacarbil'] }, false, true],
      ['current pregabalin', { 'meds.current': ['pregabalin'] }, false, true],
      ['current oral iron', { 'meds.current': ['iron-oral'] }, false, false],
    ] as Array<[string, Answers, boolean, boolean]>)(
      '$0 → gabapentinoids $2, opioid $3',
      (_label, extra, onGaba, onOpioid) => {
        const a = run({ ...base, ...extra });
        for (const id of GABAPENTINOIDS_NON_ESRD) {
          expect(cautionCodes(a, id).includes('respiratory-depression')).toBe(onGaba);
        }
        expect(suggestionIds(a)).toContain('rls.opioid');
        expect(cautionCodes(a, 'rls.opioid').includes('respiratory-depression')).toBe(onOpioid);
        // Never on a non-drug option.
        expect(cautionCodes(a, 'rls.pneumatic-compression')).not.toContain('respiratory-depression');
      },
    );
  });

  describe('reduced-compression (RABE-2020)', () => {
    const base: Answers = { ...RLS_MODERATE, 'exam.ceap.left': 'C3' };
    it.each([
      ['ABI 1.0', { 'abi.left': 1.0, 'abi.right': 1.0 }, false],
      ['ABI 0.9 (PAD)', { 'abi.left': 0.9, 'abi.right': 1.0 }, true],
      ['ABI 0.6 (PAD, not contraindicated)', { 'abi.left': 0.6, 'abi.right': 1.0 }, true],
      ['TBI 0.7 (PAD)', { 'abi.left': 1.0, 'abi.right': 1.0, 'tbi.right': 0.7 }, true],
    ] as Array<[string, Answers, boolean]>)(
      '$0 → reduced-compression $2 on both compression options',
      (_label, extra, reduced) => {
        const a = run({ ...base, ...extra });
        for (const id of COMPRESSION)
          expect(cautionCodes(a, id).includes('reduced-compression')).toBe(reduced);
      },
    );
  });

  describe('verify-perfusion (RABE-2020)', () => {
    const base: Answers = { ...RLS_MODERATE, 'exam.ceap.left': 'C3' };
    it.each([
      ['no ABI, no risk', {}, false],
      ['no ABI, PAD known', { comorbidities: ['pad'] }, true],
      ['no ABI, diabetes known', { comorbidities: ['diabetes'] }, true],
      ['no ABI, pulses diminished (left)', { 'exam.pulses.left': 'diminished' }, true],
      ['no ABI, pulses absent (right)', { 'exam.pulses.right': 'absent' }, true],
      ['no ABI, pulses normal', { 'exam.pulses.left': 'normal', 'exam.pulses.right': 'normal' }, false],
      ['no ABI, TBI answered, diabetes known', { comorbidities: ['diabetes'], 'tbi.left': 0.9 }, true],
      ['ABI answered on one side, diabetes known', { comorbidities: ['diabetes'], 'abi.right': 1.1 }, false],
      [
        'ABI answered, pulses absent',
        { 'exam.pulses.left': 'absent', 'abi.left': 1.0, 'abi.right': 1.0 },
        false,
      ],
    ] as Array<[string, Answers, boolean]>)('$0 → verify-perfusion $2', (_label, extra, verify) => {
      const a = run({ ...base, ...extra });
      for (const id of COMPRESSION) {
        expect(suggestionIds(a)).toContain(id);
        expect(cautionCodes(a, id).includes('verify-perfusion')).toBe(verify);
      }
    });
  });

  describe('already-taking (AASM-2024)', () => {
    const base: Answers = {
      ...RLS_MODERATE,
      'treatment.refractory': true,
      'lab.ferritin': 40,
      'lab.tsat': 25,
    };
    it.each([
      // meds.current, options with already-taking
      [[], []],
      [['gabapentin'], GABAPENTINOIDS_NON_ESRD],
      [['pregabalin'], GABAPENTINOIDS_NON_ESRD],
      [['gabapentin-enacarbil'], GABAPENTINOIDS_NON_ESRD],
      [['opioid'], ['rls.opioid']],
      [['iron-oral'], ['iron.oral-ferrous-sulfate']],
      [['benzodiazepine', 'z-drug'], []],
    ] as Array<[string[], string[]]>)('meds.current %j → already-taking on %j', (current, expected) => {
      const a = run({ ...base, 'meds.current': current });
      const carrying = allSuggestions(a)
        .filter((s) => s.cautions.some((c) => c.code === 'already-taking'))
        .map((s) => s.id);
      expect([...new Set(carrying)].sort()).toEqual([...expected].sort());
    });

    it('a child already on oral iron: on the child ferrous sulfate', () => {
      const a = run({ 'lab.ferritin': 30, 'meds.current': ['iron-oral'] }, child);
      expect(cautionCodes(a, 'iron.child-ferrous-sulfate')).toContain('already-taking');
    });

    it('ESRD, already on gabapentin: on the ESRD gabapentin', () => {
      const a = run({ ...RLS_MODERATE, comorbidities: ['dialysis'], 'meds.current': ['gabapentin'] });
      expect(cautionCodes(a, 'rls.gabapentin-esrd')).toEqual(
        expect.arrayContaining(['already-taking', 'renal-dose']),
      );
    });
  });

  describe('renal-dose (AASM-2024)', () => {
    it.each([
      // label, extra, renal-dose on the gabapentinoids offered
      ['eGFR 60', { 'lab.egfr': 60 }, false],
      ['eGFR 59.9', { 'lab.egfr': 59.9 }, true],
      ['CKD known', { comorbidities: ['ckd'] }, true],
      ['eGFR 14.9 (ESRD gabapentin)', { 'lab.egfr': 14.9 }, true],
      ['dialysis (ESRD gabapentin)', { comorbidities: ['dialysis'] }, true],
    ] as Array<[string, Answers, boolean]>)('$0 → renal-dose $2', (_label, extra, renal) => {
      const a = run({ ...RLS_MODERATE, 'treatment.refractory': true, ...extra });
      const offered = suggestionIds(a).filter((id) => GABAPENTINOIDS.includes(id));
      expect(offered.length).toBeGreaterThan(0);
      for (const id of offered) expect(cautionCodes(a, id).includes('renal-dose')).toBe(renal);
      expect(cautionCodes(a, 'rls.opioid')).not.toContain('renal-dose');
    });
  });

  describe('lactation (IRLSSG-PREG-2015)', () => {
    it.each([
      ['true', true, true],
      ['false', false, false],
      ['unanswered', undefined, false],
    ])(
      'breastfeeding $0 → lactation $2 on gabapentinoids and the opioid',
      (_label, breastfeeding, lactation) => {
        const answers: Answers = {
          ...RLS_MODERATE,
          'treatment.refractory': true,
          'lab.ferritin': 40,
          'lab.tsat': 25,
        };
        if (breastfeeding !== undefined) answers.breastfeeding = breastfeeding;
        const a = run(answers);
        for (const id of [...GABAPENTINOIDS_NON_ESRD, 'rls.opioid']) {
          expect(cautionCodes(a, id).includes('lactation')).toBe(lactation);
        }
        expect(cautionCodes(a, 'iron.oral-ferrous-sulfate')).not.toContain('lactation');
      },
    );
  });

  describe('no-abrupt-stop (AASM-2024): always on the medication reviews', () => {
    it.each([
      ['medication-review.exacerbating', { 'meds.exacerbating': ['ssri-snri'] }],
      ['medication-review.exacerbating', { 'meds.exacerbating': ['lithium', 'dopamine-antagonist'] }],
      ['rls.dopaminergic-caution', { 'meds.dopaminergic': ['ropinirole'] }],
      [
        'rls.dopaminergic-caution',
        { 'meds.dopaminergic': ['levodopa'], 'augmentation.features': ['spread'] },
      ],
    ] as Array<[string, Answers]>)('%s with %j', (id, answers) => {
      const a = run(answers);
      expect(cautionCodes(a, id)).toEqual(['no-abrupt-stop']);
      expect(cautionCodes(a, 'monitoring.augmentation-screen')).toEqual([]);
    });
  });
});

describe('pregnancy.rls-specialist: with pregnancy when rls.criteria-met (IRLSSG-PREG-2015)', () => {
  it.each([
    ['pregnant, criteria met', { ...CRITERIA_MET, pregnant: true }, true],
    ['pregnant, one criterion false', { ...CRITERIA_MET, 'criteria.urge': false, pregnant: true }, false],
    ['pregnant, criteria unanswered', { pregnant: true }, false],
    ['not pregnant, criteria met', { ...CRITERIA_MET, pregnant: false }, false],
    ['pregnancy unanswered, criteria met', { ...CRITERIA_MET }, false],
  ] as Array<[string, Answers, boolean]>)('$0 → $2', (_label, answers, specialist) => {
    expect(suggestionIds(run(answers)).includes('pregnancy.rls-specialist')).toBe(specialist);
  });
});

describe('assessment.followUp from plan.selected', () => {
  it.each([
    // selected (null/undefined plan), weeks
    [['iron.iv-fcm'], 8],
    [['iron.iv-lmw-dextran'], 8],
    [['iron.iv-ferumoxytol'], 8],
    [['iron.esrd-iv-sucrose'], 8],
    [['iron.oral-ferrous-sulfate'], 12],
    [['iron.child-ferrous-sulfate'], 12],
    [['iron.oral-ferrous-sulfate', 'iron.iv-fcm'], 8],
    [['rls.gabapentin', 'iron.oral-ferrous-sulfate'], 12],
    [['rls.gabapentin', 'lifestyle.exercise'], null],
    [[], null],
  ] as Array<[string[], number | null]>)('selected %j → %s weeks', (selected, weeks) => {
    const a = run({ 'lab.ferritin': 40, 'lab.tsat': 25 }, adult, { selected });
    expect(a.followUp?.weeks ?? null).toBe(weeks);
    if (weeks !== null) expect(a.followUp?.reason).toMatch(/ferritin/i);
  });

  it('IV iron follow-up names the 4-week minimum after an infusion', () => {
    expect(run({}, adult, { selected: ['iron.iv-fcm'] }).followUp?.reason).toMatch(/4 weeks/);
  });

  it.each([
    ['no plan', undefined],
    ['null plan', null],
  ])('%s → null', (_label, plan) => {
    expect(run({ 'lab.ferritin': 40 }, adult, plan).followUp).toBeNull();
  });
});

describe('property: no suggestion a suppression row names appears while its condition holds', () => {
  const has = (a: Assessment, code: string) => findingCodes(a).includes(code);
  /** The suppression table of docs/clinical-rules.md, judged from the findings present and the answers. */
  const ROWS: Array<{ name: string; ids: string[]; holds: (a: Assessment, answers: Answers) => boolean }> = [
    {
      name: 'pregnancy: gabapentinoids, opioid, nerve stimulation, dopaminergic agents (started or continued)',
      ids: [
        ...GABAPENTINOIDS,
        'rls.opioid',
        'rls.peroneal-nerve-stimulation',
        ...DOPAMINERGIC,
        ...CONTINUE_PREGNANCY_UNSAFE,
        ...CONTINUE_DOPAMINERGIC,
      ],
      holds: (a) => has(a, 'pregnancy'),
    },
    {
      name: 'IV iron: iv-avoid or recent-iv',
      ids: IV_IRON,
      holds: (a) => has(a, 'iron.iv-avoid') || has(a, 'iron.recent-iv'),
    },
    {
      name: 'IV iron: pregnancy unless 2nd/3rd trimester with ferritin < 30',
      ids: IV_IRON,
      holds: (a, answers) => {
        const ferritin = answers['lab.ferritin'];
        const trimester = answers['pregnancy.trimester'];
        const allowed =
          (trimester === 'second' || trimester === 'third') && typeof ferritin === 'number' && ferritin < 30;
        return has(a, 'pregnancy') && !allowed;
      },
    },
    {
      name: 'oral iron (started or continued): iv-avoid',
      ids: [...ORAL_IRON, 'continue.iron-oral'],
      holds: (a) => has(a, 'iron.iv-avoid'),
    },
    {
      name: 'ablation: pregnancy, dvt, svt',
      ids: ABLATION,
      holds: (a) => ['pregnancy', 'dvt', 'venous.svt'].some((c) => has(a, c)),
    },
    {
      name: 'pneumatic compression: dvt, svt, ABI < 0.60',
      ids: ['rls.pneumatic-compression'],
      holds: (a) => ['dvt', 'venous.svt', 'arterial.compression-contraindicated'].some((c) => has(a, c)),
    },
    {
      name: 'stockings: ABI < 0.60',
      ids: ['venous.compression-stockings'],
      holds: (a) => has(a, 'arterial.compression-contraindicated'),
    },
    {
      name: 'compression: ABI > 1.40 on a side whose TBI is unanswered',
      ids: COMPRESSION,
      holds: (_a, answers) =>
        (['left', 'right'] as const).some((side) => {
          const abi = answers[`abi.${side}`];
          return typeof abi === 'number' && abi > 1.4 && answers[`tbi.${side}`] === undefined;
        }),
    },
  ];

  /** The cautions of docs/clinical-rules.md: the options each code may sit on. */
  const CAUTION_ON: Record<string, string[]> = {
    'respiratory-depression': ['rls.opioid', ...GABAPENTINOIDS],
    'reduced-compression': COMPRESSION,
    'verify-perfusion': COMPRESSION,
    'already-taking': [...GABAPENTINOIDS, 'rls.opioid', ...ORAL_IRON, ...DOPAMINERGIC],
    'renal-dose': GABAPENTINOIDS,
    lactation: [...GABAPENTINOIDS, 'rls.opioid', ...DOPAMINERGIC],
    'no-abrupt-stop': ['medication-review.exacerbating', 'rls.dopaminergic-caution'],
    'aasm-conditional-against': [...DOPAMINERGIC, ...CONTINUE_DOPAMINERGIC],
  };

  const venousLeft: Answers = {
    'duplex.performed': true,
    'duplex.refluxMs.gsv.left': 900,
    'exam.ceap.left': 'C6',
    'symptoms.venous': ['aching', 'cramps'],
    'duplex.refluxMs.perf.left': 700,
    'duplex.perfDiameterMm.left': 4,
  };
  /** An adult for whom no row holds: every option the rows name is offered. */
  const CONTROL: Answers = {
    ...CRITERIA_MET,
    'irls.total': 15,
    'treatment.refractory': true,
    'lab.ferritin': 40,
    'lab.tsat': 25,
    ...venousLeft,
    'duplex.dvt': false,
    'abi.left': 1.0,
    'abi.right': 1.0,
  };
  const SETS: Array<[string, Answers, PatientContext]> = [
    [
      'pregnant, second trimester, low ferritin, acute DVT, PAD and non-compressible',
      {
        ...CRITERIA_MET,
        'irls.total': 35,
        'treatment.refractory': true,
        'meds.exacerbating': ['tca'],
        'meds.dopaminergic': ['ropinirole'],
        'augmentation.features': ['earlier-onset'],
        substances: ['alcohol'],
        pregnant: true,
        'pregnancy.trimester': 'second',
        comorbidities: ['ckd', 'diabetes', 'osa'],
        ...venousLeft,
        'exam.ceap.right': 'C3',
        'lab.ferritin': 20,
        'lab.tsat': 15,
        'lab.egfr': 10,
        'duplex.dvt': true,
        'abi.left': 0.8,
        'abi.right': 1.5,
      },
      adult,
    ],
    [
      'not pregnant, TSAT 50, ABI 0.55, refractory, augmentation',
      {
        ...CRITERIA_MET,
        'irls.total': 25,
        'treatment.refractory': true,
        'meds.dopaminergic': ['pramipexole'],
        'augmentation.features': ['spread', 'shorter-effect'],
        'meds.current': ['pregabalin', 'iron-oral', 'benzodiazepine'],
        breastfeeding: true,
        ...venousLeft,
        'duplex.dvt': false,
        'lab.ferritin': 40,
        'lab.tsat': 50,
        'abi.left': 0.55,
        'abi.right': 1.0,
      },
      adult,
    ],
    [
      'recent IV iron, iv-only band, thrombophlebitis, non-compressible left without TBI',
      {
        ...CRITERIA_MET,
        'irls.total': 18,
        'ironTherapy.prior': true,
        'ironTherapy.route': 'iv',
        'ironTherapy.date': '2026-05-10',
        'lab.ferritin': 90,
        'lab.tsat': 30,
        ...venousLeft,
        'exam.ceap.left': 'C4a',
        'duplex.dvt': true,
        'duplex.thrombosisTypes': ['superficial-thrombophlebitis'],
        'abi.left': 1.5,
        'abi.right': 1.0,
        'tbi.right': 0.9,
      },
      { sex: 'male', birthDate: '1955-03-03' },
    ],
    [
      'pregnant, third trimester, ferritin 25, post-thrombotic only',
      {
        ...CRITERIA_MET,
        'irls.total': 22,
        pregnant: true,
        'pregnancy.trimester': 'third',
        'lab.ferritin': 25,
        'lab.tsat': 12,
        ...venousLeft,
        'duplex.dvt': true,
        'duplex.thrombosisTypes': ['chronic-post-thrombotic'],
      },
      adult,
    ],
    [
      'pregnant, first trimester, ferritin 20, dialysis',
      {
        ...CRITERIA_MET,
        'irls.total': 30,
        pregnant: true,
        'pregnancy.trimester': 'first',
        comorbidities: ['dialysis'],
        'lab.ferritin': 20,
        'lab.tsat': 10,
        'abi.left': 0.95,
        'abi.right': 1.45,
        'tbi.right': 0.6,
      },
      adult,
    ],
    [
      'dialysis with recent IV iron, both ABIs non-compressible with TBIs',
      {
        ...CRITERIA_MET,
        'irls.total': 22,
        comorbidities: ['dialysis', 'pad'],
        'ironTherapy.prior': true,
        'ironTherapy.route': 'iv',
        'ironTherapy.date': '2026-05-20',
        'labs.drawDate': '2026-05-25',
        'lab.ferritin': 120,
        'lab.tsat': 15,
        'exam.ceap.left': 'C3',
        'abi.left': 1.6,
        'abi.right': 1.6,
        'tbi.left': 0.8,
        'tbi.right': 0.9,
      },
      { sex: 'unknown', birthDate: '1950-01-01' },
    ],
    [
      'child with TSAT 50',
      { ...CRITERIA_MET, 'irls.total': 15, 'lab.ferritin': 30, 'lab.tsat': 50, 'exam.ceap.left': 'C3' },
      child,
    ],
    ['adult control: nothing suppressed', CONTROL, adult],
  ];

  it.each(SETS)('%s', (_label, answers, patient) => {
    const a = run(answers, patient);
    const offered = suggestionIds(a);
    for (const row of ROWS) {
      if (!row.holds(a, answers)) continue;
      expect(
        offered.filter((id) => row.ids.includes(id)),
        row.name,
      ).toEqual([]);
    }
    for (const s of allSuggestions(a)) {
      for (const c of s.cautions) expect(CAUTION_ON[c.code], `${c.code} on ${s.id}`).toContain(s.id);
    }
    // What was suppressed is never offered at the same time.
    for (const id of suppressedIds(a)) expect(offered).not.toContain(id);
  });

  it('every row holds in at least one set, and the control offers what the rows name', () => {
    for (const row of ROWS) {
      expect(
        SETS.some(([, answers, patient]) => row.holds(run(answers, patient), answers)),
        row.name,
      ).toBe(true);
    }
    const a = run(CONTROL, adult);
    expect(ROWS.filter((row) => row.holds(a, CONTROL))).toEqual([]);
    expect(suggestionIds(a)).toEqual(
      expect.arrayContaining([
        ...GABAPENTINOIDS_NON_ESRD,
        'rls.opioid',
        'rls.peroneal-nerve-stimulation',
        'iron.iv-fcm',
        'iron.oral-ferrous-sulfate',
        'venous.endovenous-ablation',
        'venous.sclerotherapy',
        'venous.perforator-treatment.left',
        ...COMPRESSION,
        ...DOPAMINERGIC,
      ]),
    );
  });
});

describe('safety rows name real options', () => {
  it('every option a suppression row or a caution names is in the suggestion catalog', () => {
    const named = [...SUPPRESSIONS.flatMap((r) => r.suggestions), ...CAUTIONS.flatMap((r) => r.on)];
    expect(named.filter((id) => !(id in suggestionCatalog))).toEqual([]);
  });
});

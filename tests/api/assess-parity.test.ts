// The live assessment the workspace shows (client) is what the server stores: the same answer
// fixtures are PATCHed through the API the way the client's autosave sends them and applied the way
// the client applies unsaved edits (client/src/features/workup/state/local-answers.ts → shared
// assess() on client/src/features/workup/state/assessment-date.ts's date, with the plan), and the
// results compared.
import {
  assess,
  computeProgress,
  CURRENT_WORKUP_VERSION,
  getWorkup,
  STAGE_IDS,
  type AnswerMeta,
  type Answers,
  type EvaluationDto,
  type PatientContext,
  type Plan,
  type WorkupDefinition,
} from '@rls/shared';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import type { EvaluationView } from '../../server/src/features/evaluations/model';
import { CRITERIA_MET, createUser, startTestServer, type ApiClient, type TestServer } from './helpers';

const PASSWORD = 'amber meadow falcon 71';

// The server runs in UTC; evaluations start on 10 June 2026, the date the client judges age on too.
const clock = new ManualClock('2026-06-10T09:00:00.000Z');
const START_DATE = '2026-06-10';

type Stored = Pick<EvaluationDto, 'answers' | 'answerMeta' | 'plan'>;
interface Batch {
  answers: Record<string, unknown>;
  plan: Partial<Plan>;
}

/** The client's view of stored answers plus unsaved edits (client/src/features/workup/state/local-answers.ts). */
type LocalView = (
  workup: WorkupDefinition,
  patient: PatientContext,
  stored: Stored,
  batch: Batch,
) => { answers: Answers; answerMeta: AnswerMeta; plan: Plan };
/** What the client's autosave sends for a batch of edits (same file). */
type WithDerivedAnswers = (
  workup: WorkupDefinition,
  patient: PatientContext,
  stored: Pick<Stored, 'answers' | 'answerMeta'>,
  incoming: Record<string, unknown>,
) => Record<string, unknown>;
/** The date the client's live assessment judges age on (client/src/features/workup/state/assessment-date.ts). */
type AssessmentDate = (evaluation: EvaluationView) => string;

// Loaded at run time by path: the tests' TypeScript project does not include client sources, and
// the point is to run the client's own code, not a copy of it.
const clientModule = (file: string) =>
  fileURLToPath(new URL(`../../client/src/features/workup/state/${file}`, import.meta.url));
let localView: LocalView;
let withDerivedAnswers: WithDerivedAnswers;
let assessmentDate: AssessmentDate;

let server: TestServer;
let api: ApiClient;

beforeAll(async () => {
  ({ localView, withDerivedAnswers } = (await import(
    /* @vite-ignore */ clientModule('local-answers.ts')
  )) as {
    localView: LocalView;
    withDerivedAnswers: WithDerivedAnswers;
  });
  ({ assessmentDate } = (await import(/* @vite-ignore */ clientModule('assessment-date.ts'))) as {
    assessmentDate: AssessmentDate;
  });
  server = await startTestServer({ clock });
  await createUser(server.ctx, {
    username: 'parity',
    role: 'clinician',
    name: 'Dr. Par Ity',
    password: PASSWORD,
  });
  api = await server.login('parity', PASSWORD);
});
afterAll(() => server.close());

interface Fixture {
  name: string;
  patient: PatientContext;
  /** Saved one after another, as autosave batches (raw inputs, `{value, unit}` for labs). */
  batches: Record<string, unknown>[];
  /** Then, when given, a plan-only batch selecting these options (the follow-up comes from it). */
  select?: string[];
  /** Finding codes the fixture is about (guards against a fixture that exercises nothing). */
  expects: string[];
  /** Finding codes it must not produce. */
  absent?: string[];
  /** Suggestion ids that must be offered (present) or not (absent) at the end. */
  suggests?: string[];
  suppresses?: string[];
  /** Caution codes some suggestion must carry at the end. */
  cautions?: string[];
  /** `assessment.followUp.weeks` at the end (null: none). */
  followUpWeeks?: number | null;
}

const adult = (sex: PatientContext['sex'] = 'female'): PatientContext => ({ sex, birthDate: '1968-02-14' });

const fixtures: Fixture[] = [
  {
    name: 'iron deficiency by TSAT computed from iron and TIBC in µmol/L, moderate RLS',
    patient: adult(),
    batches: [
      { ...CRITERIA_MET, 'irls.total': 18 },
      {
        'lab.ferritin': 120,
        'lab.iron': { value: 8, unit: 'umol/L' },
        'lab.tibc': { value: 70, unit: 'umol/L' },
      },
    ],
    expects: ['rls.criteria-met', 'irls.moderate', 'iron.treat'],
  },
  {
    name: 'ferritin 75–100 band (IV only), anaemia in a man, entered in g/L',
    patient: adult('male'),
    batches: [
      {
        'lab.ferritin': { value: 90, unit: 'ug/L' },
        'lab.tsat': 25,
        'lab.hemoglobin': { value: 125, unit: 'g/L' },
      },
    ],
    expects: ['iron.iv-only', 'anemia'],
  },
  {
    name: 'dialysis: ESRD iron sucrose, CKD and ESRD, no standard iron finding',
    patient: adult(),
    batches: [{ comorbidities: ['dialysis'], 'lab.ferritin': 150, 'lab.tsat': 15, 'lab.egfr': 9 }],
    expects: ['iron.esrd-iv-sucrose', 'ckd', 'esrd'],
  },
  {
    name: 'HbA1c 47 mmol/mol is 6.45 %: no diabetes; fasting glucose 7.1 mmol/L is',
    patient: adult(),
    batches: [
      { 'lab.hba1c': { value: 47, unit: 'mmol/mol' } },
      { 'lab.glucoseFasting': { value: 7.1, unit: 'mmol/L' } },
    ],
    expects: ['diabetes'],
  },
  {
    name: 'venous reflux, pathologic perforator with C6 ulcer, CEAP ≥ C3, DVT',
    patient: adult(),
    batches: [
      { 'exam.ceap.left': 'C6', 'exam.ceap.right': 'C2' },
      {
        'duplex.performed': true,
        'duplex.dvt': true,
        'duplex.refluxMs.gsv.left': 800,
        'duplex.refluxMs.fv.right': 1200,
        'duplex.refluxMs.perf.left': 600,
        'duplex.perfDiameterMm.left': 3.8,
      },
    ],
    expects: [
      'venous.superficial-reflux',
      'venous.deep-reflux',
      'venous.pathologic-perforator',
      'venous.cvd',
      'venous.cvi',
      'dvt',
    ],
  },
  {
    name: 'duplex switched off clears its answers and findings in the same save',
    patient: adult(),
    batches: [
      { 'duplex.performed': true, 'duplex.refluxMs.gsv.left': 800, 'duplex.dvt': false },
      { 'duplex.performed': false },
    ],
    expects: [],
  },
  {
    name: 'PAD on one side, borderline and non-compressible arteries',
    patient: adult('male'),
    batches: [{ 'abi.left': 0.85, 'abi.right': 1.45 }, { 'abi.left': 0.95 }],
    expects: ['arterial.borderline', 'arterial.noncompressible'],
  },
  {
    name: 'neuropathy, exacerbating drugs and substances, dopaminergic treatment, OSA',
    patient: adult(),
    batches: [
      {
        'exam.vibration.left': 'reduced',
        'meds.exacerbating': ['ssri-snri'],
        substances: ['caffeine'],
        'meds.dopaminergic': ['pramipexole'],
        comorbidities: ['osa'],
        'lab.b12': { value: 120, unit: 'pmol/L' },
      },
    ],
    expects: [
      'neuropathy.suspected',
      'drug-exacerbation',
      'substance-exacerbation',
      'augmentation-risk',
      'sleep.osa',
    ],
  },
  {
    name: 'pregnancy with anaemia below 11.0 g/dL',
    patient: adult(),
    batches: [{ pregnant: true, 'lab.hemoglobin': 10.8, 'lab.ferritin': 60 }],
    expects: ['pregnancy', 'anemia', 'iron.treat'],
  },
  {
    name: 'a child (17 on the evaluation date): ferritin < 50 rule',
    patient: { sex: 'male', birthDate: '2008-06-11' },
    batches: [{ ...CRITERIA_MET, 'irls.total': 25, 'lab.ferritin': 45 }],
    expects: ['rls.criteria-met', 'irls.severe', 'iron.treat'],
  },
  {
    name: 'criteria not met, TSAT ≥ 45 (avoid IV iron)',
    patient: adult(),
    batches: [{ ...CRITERIA_MET, 'criteria.notMimic': false, 'lab.ferritin': 30, 'lab.tsat': 50 }],
    expects: ['rls.criteria-not-met', 'iron.iv-avoid', 'iron.treat'],
    suggests: ['iron.repeat-studies'],
    suppresses: ['iron.oral-ferrous-sulfate', 'iron.iv-fcm'],
  },

  // The safety layer (definition version 2; docs/clinical-rules.md)
  {
    name: '§2b pregnancy, first trimester, low ferritin: oral iron first, no IV iron, no drug therapy',
    patient: adult(),
    batches: [
      { ...CRITERIA_MET, 'irls.total': 24, pregnant: true, 'pregnancy.trimester': 'first' },
      { 'lab.ferritin': 18, 'lab.tsat': 12, 'lab.hemoglobin': 10.8, breastfeeding: false },
    ],
    select: ['iron.oral-ferrous-sulfate'],
    expects: ['pregnancy', 'iron.treat', 'anemia', 'rls.criteria-met', 'irls.severe'],
    suggests: ['iron.oral-ferrous-sulfate', 'pregnancy.rls-specialist'],
    suppresses: ['iron.iv-fcm', 'iron.iv-lmw-dextran', 'iron.iv-ferumoxytol', 'rls.gabapentin', 'rls.opioid'],
    followUpWeeks: 12,
  },
  {
    name: '§2b pregnancy, second trimester, ferritin < 30: IV iron allowed; Hb 10.8 is not anaemia then',
    patient: adult(),
    batches: [
      { pregnant: true, 'pregnancy.trimester': 'second', 'lab.ferritin': 25, 'lab.hemoglobin': 10.8 },
    ],
    select: ['iron.iv-fcm'],
    expects: ['pregnancy', 'iron.treat'],
    absent: ['anemia'],
    suggests: ['iron.iv-fcm'],
    followUpWeeks: 8,
  },
  {
    name: '§2b ABI 0.55 with CEAP C3: compression contraindicated, PAD',
    patient: adult('male'),
    batches: [
      { ...CRITERIA_MET, 'exam.ceap.left': 'C3' },
      { 'abi.left': 0.55, 'abi.right': 1.02 },
    ],
    expects: ['venous.cvi', 'arterial.pad', 'arterial.compression-contraindicated'],
    suppresses: ['venous.compression-stockings', 'rls.pneumatic-compression'],
  },
  {
    name: '§2b CEAP C4a with diabetes: verify perfusion until an ABI is in; ABI 0.75: reduced compression',
    patient: adult('male'),
    batches: [
      { ...CRITERIA_MET, 'exam.ceap.right': 'C4a', comorbidities: ['diabetes'] },
      { 'abi.left': 0.75, 'abi.right': 0.98 },
    ],
    expects: ['venous.cvi', 'arterial.pad', 'diabetes'],
    suggests: ['venous.compression-stockings', 'rls.pneumatic-compression'],
    cautions: ['reduced-compression'],
  },
  {
    name: '§2b non-compressible arteries: compression waits for the TBI, a low TBI is PAD',
    patient: adult('male'),
    batches: [
      { ...CRITERIA_MET, 'exam.ceap.left': 'C3', 'abi.left': 1.5, 'abi.right': 1.1 },
      { 'tbi.left': 0.65 },
    ],
    expects: ['arterial.noncompressible', 'arterial.pad'],
    suggests: ['venous.compression-stockings'],
    cautions: ['reduced-compression'],
  },
  {
    name: '§2b dopamine agonist with two augmentation features, a benzodiazepine and OSA: opioid with cautions',
    patient: adult(),
    batches: [
      { ...CRITERIA_MET, 'irls.total': 27, 'meds.dopaminergic': ['ropinirole'] },
      {
        'augmentation.features': ['spread', 'greater-intensity'],
        'meds.current': ['benzodiazepine', 'gabapentin'],
        comorbidities: ['osa'],
        'meds.exacerbating': ['ssri-snri'],
      },
    ],
    expects: ['augmentation-risk', 'rls.criteria-met', 'sleep.osa', 'drug-exacerbation'],
    suggests: ['rls.opioid', 'rls.dopaminergic-caution', 'rls.gabapentin'],
    cautions: ['respiratory-depression', 'already-taking', 'no-abrupt-stop'],
  },
  {
    name: '§2b refractory RLS in a breastfeeding woman with CKD, 66 years old',
    patient: { sex: 'female', birthDate: '1960-01-20' },
    batches: [
      {
        ...CRITERIA_MET,
        'irls.total': 22,
        'treatment.refractory': true,
        breastfeeding: true,
        'lab.egfr': 48,
      },
    ],
    expects: ['ckd', 'rls.criteria-met'],
    suggests: ['rls.opioid', 'rls.pregabalin'],
    cautions: ['lactation', 'renal-dose', 'respiratory-depression'],
  },
  {
    name: '§2b recent IV iron (fewer than 56 days before the draw): iron.treat stays, no IV iron',
    patient: adult(),
    batches: [
      { 'ironTherapy.prior': true, 'ironTherapy.route': 'iv', 'ironTherapy.date': '2026-05-01' },
      { 'labs.drawDate': '2026-06-01', 'lab.ferritin': 60, 'lab.tsat': 24 },
    ],
    select: ['iron.oral-ferrous-sulfate'],
    expects: ['iron.recent-iv', 'iron.treat'],
    suppresses: ['iron.iv-fcm', 'iron.iv-lmw-dextran', 'iron.iv-ferumoxytol'],
    followUpWeeks: 12,
  },
  {
    name: '§2b mimics, claudication with PAD and a dopamine antagonist against criterion 5',
    patient: adult('male'),
    batches: [
      { ...CRITERIA_MET, mimics: ['leg-cramps', 'radiculopathy'], 'symptoms.claudication': true },
      { 'meds.exacerbating': ['dopamine-antagonist'], 'abi.left': 0.82 },
    ],
    expects: ['rls.mimic-review', 'arterial.pad', 'drug-exacerbation'],
  },
  {
    name: '§2b thrombosis types: superficial thrombophlebitis, chronic post-thrombotic change, no acute DVT',
    patient: adult(),
    batches: [
      { ...CRITERIA_MET, 'exam.ceap.left': 'C4b', 'exam.ceapSymptomatic.left': 'symptomatic' },
      {
        'duplex.performed': true,
        'duplex.dvt': true,
        'duplex.thrombosisTypes': ['chronic-post-thrombotic', 'superficial-thrombophlebitis'],
        'duplex.refluxMs.gsv.left': 900,
      },
    ],
    expects: ['venous.svt', 'venous.post-thrombotic', 'venous.superficial-reflux'],
    absent: ['dvt'],
    suggests: ['referral.svt'],
    suppresses: ['venous.endovenous-ablation', 'rls.pneumatic-compression'],
  },
  {
    name: '§2b IRLS items: the client fills the total in, the server accepts it',
    patient: adult(),
    batches: [
      {
        ...CRITERIA_MET,
        'irls.item1': 3,
        'irls.item2': 3,
        'irls.item3': 2,
        'irls.item4': 2,
        'irls.item5': 2,
      },
      { 'irls.item6': 1, 'irls.item7': 1, 'irls.item8': 1, 'irls.item9': 1, 'irls.item10': 0 },
    ],
    expects: ['irls.moderate'],
  },
  {
    name: '§2b iron-loss workup: a man with ferritin < 45',
    patient: adult('male'),
    batches: [{ 'lab.ferritin': 40, 'lab.tsat': 22, 'meds.current': ['iron-oral'] }],
    expects: ['iron.treat'],
    suggests: ['hematology.iron-loss-workup', 'iron.oral-ferrous-sulfate'],
    cautions: ['already-taking'],
  },
  // Child anaemia by age on the start date (WHO-HB-2024).
  {
    name: '§2b anaemia, 8 months old: Hb 10.4 < 10.5',
    patient: { sex: 'female', birthDate: '2025-10-01' },
    batches: [{ 'lab.hemoglobin': 10.4 }],
    expects: ['anemia'],
  },
  {
    name: '§2b no anaemia cut-off under 6 months: Hb 9.0 at 4 months',
    patient: { sex: 'male', birthDate: '2026-02-01' },
    batches: [{ 'lab.hemoglobin': 9 }],
    expects: [],
    absent: ['anemia'],
  },
  {
    name: '§2b anaemia, 3 years old: Hb 10.9 < 11.0; ferritin < 50 is the child rule',
    patient: { sex: 'male', birthDate: '2023-01-01' },
    batches: [{ 'lab.hemoglobin': 10.9, 'lab.ferritin': 35 }],
    select: ['iron.child-ferrous-sulfate'],
    expects: ['anemia', 'iron.treat'],
    suggests: ['iron.child-ferrous-sulfate'],
    followUpWeeks: 12,
  },
  {
    name: '§2b anaemia, 8 years old: Hb 11.4 < 11.5',
    patient: { sex: 'female', birthDate: '2018-01-01' },
    batches: [{ 'lab.hemoglobin': 11.4 }],
    expects: ['anemia'],
  },
  {
    name: '§2b anaemia, 13 years old: Hb 11.9 < 12.0 (boy)',
    patient: { sex: 'male', birthDate: '2013-01-01' },
    batches: [{ 'lab.hemoglobin': 11.9 }],
    expects: ['anemia'],
  },
  {
    name: '§2b anaemia, 15-year-old boy: Hb 12.9 < 13.0',
    patient: { sex: 'male', birthDate: '2011-01-01' },
    batches: [{ 'lab.hemoglobin': 12.9 }],
    expects: ['anemia'],
  },
  {
    name: '§2b no anaemia, 15-year-old girl: Hb 12.0',
    patient: { sex: 'female', birthDate: '2011-01-01' },
    batches: [{ 'lab.hemoglobin': 12.0 }],
    expects: [],
    absent: ['anemia'],
  },
];

let mrn = 0;

async function startEvaluation(patient: PatientContext): Promise<EvaluationView> {
  mrn += 1;
  const created = await api.post<{ id: string }>('/api/patients', {
    mrn: `PARITY-${mrn}`,
    name: `Parity Patient ${mrn}`,
    ...patient,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const evaluation = await api.post<EvaluationView>(`/api/patients/${created.body.id}/evaluations`, {});
  expect(evaluation.status, JSON.stringify(evaluation.body)).toBe(201);
  return evaluation.body;
}

describe('live assessment (client) = stored assessment (server)', () => {
  it.each(fixtures)('$name', async (fixture) => {
    const { patient, batches } = fixture;
    let stored = await startEvaluation(patient);
    expect(stored.workflowVersion).toBe(CURRENT_WORKUP_VERSION);
    expect(assessmentDate(stored)).toBe(START_DATE);
    const workup = getWorkup(stored.workflowVersion);
    const edits: Batch[] = [
      ...batches.map((answers) => ({ answers, plan: {} })),
      ...(fixture.select ? [{ answers: {}, plan: { selected: fixture.select } }] : []),
    ];
    for (const batch of edits) {
      // What the workspace shows before the save: the stored state with the batch applied.
      const view = localView(workup, patient, stored, batch);
      const live = assess(view.answers, patient, assessmentDate(stored), view.plan);
      const liveProgress = computeProgress(workup, patient, view.answers);

      // What the autosave sends for it.
      const body = {
        ...(Object.keys(batch.answers).length > 0
          ? { answers: withDerivedAnswers(workup, patient, stored, batch.answers) }
          : {}),
        ...(Object.keys(batch.plan).length > 0 ? { plan: batch.plan } : {}),
      };
      const res = await api.patch<EvaluationView>(`/api/evaluations/${stored.id}`, body, {
        headers: { 'If-Match': `"${stored.version}"` },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      stored = res.body;

      expect(view.answers).toEqual(stored.answers);
      expect(view.answerMeta).toEqual(stored.answerMeta);
      expect(view.plan).toEqual(stored.plan);
      expect(live).toEqual(stored.assessment);
      for (const stage of STAGE_IDS) {
        expect(liveProgress[stage]).toEqual({
          answered: stored.progress[stage].answered,
          total: stored.progress[stage].total,
        });
      }
    }
    const codes = stored.assessment.findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(fixture.expects));
    for (const code of fixture.absent ?? []) expect(codes).not.toContain(code);
    const suggestions = stored.assessment.findings.flatMap((f) => f.suggestions);
    const ids = new Set(suggestions.map((s) => s.id));
    for (const id of fixture.suggests ?? []) expect(ids, id).toContain(id);
    for (const id of fixture.suppresses ?? []) expect(ids, id).not.toContain(id);
    const cautionCodes = new Set(suggestions.flatMap((s) => s.cautions.map((c) => c.code)));
    for (const code of fixture.cautions ?? []) expect(cautionCodes, code).toContain(code);
    if (fixture.followUpWeeks !== undefined) {
      expect(stored.assessment.followUp?.weeks ?? null).toBe(fixture.followUpWeeks);
    }
  });

  it('the duplex fixture really cleared the grid on the server', async () => {
    const patient = adult();
    let stored = await startEvaluation(patient);
    for (const batch of fixtures.find((f) => f.name.startsWith('duplex switched off'))!.batches) {
      const res = await api.patch<EvaluationView>(
        `/api/evaluations/${stored.id}`,
        { answers: batch },
        {
          headers: { 'If-Match': `"${stored.version}"` },
        },
      );
      stored = res.body;
    }
    expect(stored.answers).toEqual({ 'duplex.performed': false });
    expect(stored.assessment.findings.map((f) => f.code)).not.toContain('venous.superficial-reflux');
  });
});

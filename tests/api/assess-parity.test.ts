// The live assessment the workspace shows (client) is what the server stores: the same answer
// fixtures are PATCHed through the API and applied the way the client applies unsaved edits
// (client/src/features/workup/state/local-answers.ts → shared assess()), and the results compared.
import {
  assess,
  computeProgress,
  getWorkflow,
  STAGE_IDS,
  type AnswerMeta,
  type Answers,
  type EvaluationDto,
  type PatientContext,
  type WorkupDefinition,
} from '@rls/shared';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import { createUser, startTestServer, type ApiClient, type TestServer } from './helpers';

const PASSWORD = 'amber meadow falcon 71';

// The server runs in UTC; the client judges the patient's age on the same calendar day.
const clock = new ManualClock('2026-06-10T09:00:00.000Z');
const TODAY = '2026-06-10';
const workflow = getWorkflow(1);

/** The client's view of stored answers plus unsaved edits (client/src/features/workup/state/local-answers.ts). */
type LocalView = (
  workflow: WorkupDefinition,
  patient: PatientContext,
  stored: Pick<EvaluationDto, 'answers' | 'answerMeta' | 'plan'>,
  batch: { answers: Record<string, unknown>; plan: object },
) => { answers: Answers; answerMeta: AnswerMeta };

// Loaded at run time by path: the tests' TypeScript project does not include client sources, and
// the point is to run the client's own code, not a copy of it.
const CLIENT_LOCAL_ANSWERS = fileURLToPath(
  new URL('../../client/src/features/workup/state/local-answers.ts', import.meta.url),
);
let localView: LocalView;

let server: TestServer;
let api: ApiClient;

beforeAll(async () => {
  ({ localView } = (await import(/* @vite-ignore */ CLIENT_LOCAL_ANSWERS)) as { localView: LocalView });
  server = await startTestServer({ clock });
  await createUser(server.ctx, { username: 'parity', role: 'clinician', name: 'Dr. Par Ity', password: PASSWORD });
  api = await server.login('parity', PASSWORD);
});
afterAll(() => server.close());

const ALL_CRITERIA = {
  'criteria.urge': true,
  'criteria.rest': true,
  'criteria.movementRelief': true,
  'criteria.eveningWorse': true,
  'criteria.notMimic': true,
};

interface Fixture {
  name: string;
  patient: PatientContext;
  /** Saved one after another, as autosave batches (raw inputs, `{value, unit}` for labs). */
  batches: Record<string, unknown>[];
  /** Finding codes the fixture is about (guards against a fixture that exercises nothing). */
  expects: string[];
}

const adult = (sex: PatientContext['sex'] = 'female'): PatientContext => ({ sex, birthDate: '1968-02-14' });

const fixtures: Fixture[] = [
  {
    name: 'iron deficiency by TSAT computed from iron and TIBC in µmol/L, moderate RLS',
    patient: adult(),
    batches: [
      { ...ALL_CRITERIA, 'irls.total': 18 },
      { 'lab.ferritin': 120, 'lab.iron': { value: 8, unit: 'umol/L' }, 'lab.tibc': { value: 70, unit: 'umol/L' } },
    ],
    expects: ['rls.criteria-met', 'irls.moderate', 'iron.treat'],
  },
  {
    name: 'ferritin 75–100 band (IV only), anaemia in a man, entered in g/L',
    patient: adult('male'),
    batches: [{ 'lab.ferritin': { value: 90, unit: 'ug/L' }, 'lab.tsat': 25, 'lab.hemoglobin': { value: 125, unit: 'g/L' } }],
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
    expects: ['neuropathy.suspected', 'drug-exacerbation', 'substance-exacerbation', 'augmentation-risk', 'sleep.osa'],
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
    batches: [{ ...ALL_CRITERIA, 'irls.total': 25, 'lab.ferritin': 45 }],
    expects: ['rls.criteria-met', 'irls.severe', 'iron.treat'],
  },
  {
    name: 'criteria not met, TSAT ≥ 45 (avoid IV iron)',
    patient: adult(),
    batches: [{ ...ALL_CRITERIA, 'criteria.notMimic': false, 'lab.ferritin': 30, 'lab.tsat': 50 }],
    expects: ['rls.criteria-not-met', 'iron.iv-avoid', 'iron.treat'],
  },
];

let mrn = 0;

async function startEvaluation(patient: PatientContext): Promise<EvaluationDto> {
  mrn += 1;
  const created = await api.post<{ id: string }>('/api/patients', {
    mrn: `PARITY-${mrn}`,
    name: `Parity Patient ${mrn}`,
    ...patient,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const evaluation = await api.post<EvaluationDto>(`/api/patients/${created.body.id}/evaluations`, {});
  expect(evaluation.status, JSON.stringify(evaluation.body)).toBe(201);
  return evaluation.body;
}

describe('live assessment (client) = stored assessment (server)', () => {
  it.each(fixtures)('$name', async ({ patient, batches, expects }) => {
    let stored = await startEvaluation(patient);
    for (const batch of batches) {
      // What the workspace shows before the save: the stored state with the batch applied.
      const view = localView(workflow, patient, stored, { answers: batch, plan: {} });
      const live = assess(view.answers, patient, TODAY);
      const liveProgress = computeProgress(workflow, patient, view.answers);

      const res = await api.patch<EvaluationDto>(`/api/evaluations/${stored.id}`, { answers: batch }, {
        headers: { 'If-Match': `"${stored.version}"` },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      stored = res.body;

      expect(view.answers).toEqual(stored.answers);
      expect(view.answerMeta).toEqual(stored.answerMeta);
      expect(live).toEqual(stored.assessment);
      for (const stage of STAGE_IDS) {
        expect(liveProgress[stage]).toEqual({
          answered: stored.progress[stage].answered,
          total: stored.progress[stage].total,
        });
      }
    }
    const codes = stored.assessment.findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(expects));
  });

  it('the duplex fixture really cleared the grid on the server', async () => {
    const patient = adult();
    let stored = await startEvaluation(patient);
    for (const batch of fixtures.find((f) => f.name.startsWith('duplex switched off'))!.batches) {
      const res = await api.patch<EvaluationDto>(`/api/evaluations/${stored.id}`, { answers: batch }, {
        headers: { 'If-Match': `"${stored.version}"` },
      });
      stored = res.body;
    }
    expect(stored.answers).toEqual({ 'duplex.performed': false });
    expect(stored.assessment.findings.map((f) => f.code)).not.toContain('venous.superficial-reflux');
  });
});


// The safety rules (docs/clinical-rules.md) through the HTTP API: every suppression row and every caution
// code, consistency of entry
// (IRLS total, labs below 0), the follow-up from plan.selected, the start date the rules judge age on,
// and an evaluation started under definition version 1 that is opened after version 2 shipped.
// Written from the rules' contract, not from the code: a failure here is a disagreement between them.
import { CURRENT_WORKUP_VERSION, type HistoryEntry, type PatientDetail, type Suggestion } from '@rls/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import type { EvaluationView } from '../../server/src/features/evaluations/model';
import {
  CRITERIA_MET,
  createUser,
  startTestServer,
  type ApiClient,
  type ErrorBody,
  type TestServer,
} from './helpers';

const PASSWORD = 'amber meadow falcon 71';
// Every evaluation of this file starts on 10 June 2026 (server time zone UTC).
const clock = new ManualClock('2026-06-10T09:00:00.000Z');
const START_DATE = '2026-06-10';

let server: TestServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ clock });
  await createUser(server.ctx, {
    username: 'safe',
    role: 'clinician',
    name: 'Dr. Safe Ty',
    password: PASSWORD,
  });
  api = await server.login('safe', PASSWORD);
});
afterAll(() => server.close());

// --- fixtures -------------------------------------------------------------------------------------

interface PatientInput {
  sex: 'female' | 'male' | 'other' | 'unknown';
  birthDate: string;
}

/** 40 on the start date. */
const ADULT_F: PatientInput = { sex: 'female', birthDate: '1986-03-01' };
const ADULT_M: PatientInput = { sex: 'male', birthDate: '1986-03-01' };
/** 10 on the start date. */
const CHILD: PatientInput = { sex: 'male', birthDate: '2016-01-15' };

/** RLS confirmed, severe (IRLS 25): gabapentinoids, peroneal stimulation, pneumatic compression. */
const RLS = { ...CRITERIA_MET, 'irls.total': 25 };
/** …and refractory: the opioid too. */
const RLS_REFRACTORY = { ...RLS, 'treatment.refractory': true };

const GABAPENTINOIDS = ['rls.gabapentin', 'rls.gabapentin-enacarbil', 'rls.pregabalin'];
const IV_IRON = ['iron.iv-fcm', 'iron.iv-lmw-dextran', 'iron.iv-ferumoxytol'];
const COMPRESSION = ['venous.compression-stockings', 'rls.pneumatic-compression'];
const ABLATION = ['venous.endovenous-ablation', 'venous.perforator-treatment.left'];

/** Symptomatic left leg, CEAP C5, GSV reflux and a pathologic perforator: ablation and perforator treatment. */
const VENOUS_ABLATION = {
  'exam.ceap.left': 'C5',
  'exam.ceapSymptomatic.left': 'symptomatic',
  'duplex.performed': true,
  'duplex.dvt': false,
  'duplex.refluxMs.gsv.left': 800,
  'duplex.refluxMs.perf.left': 600,
  'duplex.perfDiameterMm.left': 4,
};

let mrn = 0;

async function newPatient(patient: PatientInput): Promise<string> {
  mrn += 1;
  const res = await api.post<{ id: string }>('/api/patients', {
    mrn: `SAFE-${String(mrn).padStart(4, '0')}`,
    name: `Safety Patient ${mrn}`,
    ...patient,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function start(patient: PatientInput, client = api): Promise<EvaluationView> {
  const res = await client.post<EvaluationView>(`/api/patients/${await newPatient(patient)}/evaluations`, {});
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

function patch(e: Pick<EvaluationView, 'id' | 'version'>, body: unknown, client = api) {
  return client.patch<EvaluationView & ErrorBody>(`/api/evaluations/${e.id}`, body, {
    headers: { 'If-Match': `"${e.version}"` },
  });
}

async function saved(
  e: Pick<EvaluationView, 'id' | 'version'>,
  body: unknown,
  client = api,
): Promise<EvaluationView> {
  const res = await patch(e, body, client);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** A new evaluation of a new patient with `answers` saved in one PATCH. */
async function evaluate(patient: PatientInput, answers: Record<string, unknown>): Promise<EvaluationView> {
  return saved(await start(patient), { answers });
}

async function stored(id: string): Promise<EvaluationView> {
  const res = await api.get<EvaluationView>(`/api/evaluations/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

// --- reading the assessment -------------------------------------------------------------------------

function findingCodes(e: EvaluationView): string[] {
  return e.assessment.findings.map((f) => f.code);
}

/** Every occurrence of suggestion `id` (an option may be offered by more than one finding). */
function occurrences(e: EvaluationView, id: string): Suggestion[] {
  return e.assessment.findings.flatMap((f) => f.suggestions.filter((s) => s.id === id));
}

function suggested(e: EvaluationView): Set<string> {
  return new Set(e.assessment.findings.flatMap((f) => f.suggestions.map((s) => s.id)));
}

function expectSuggested(e: EvaluationView, ids: readonly string[]): void {
  const have = suggested(e);
  expect(
    ids.filter((id) => !have.has(id)),
    'missing suggestions',
  ).toEqual([]);
}

function expectNotSuggested(e: EvaluationView, ids: readonly string[]): void {
  const have = suggested(e);
  expect(
    ids.filter((id) => have.has(id)),
    'suggestions that must be suppressed',
  ).toEqual([]);
}

/** Every occurrence of each of `ids` is offered and carries (or does not carry) caution `code`. */
function expectCaution(e: EvaluationView, ids: readonly string[], code: string, present = true): void {
  for (const id of ids) {
    const found = occurrences(e, id);
    expect(found.length, `${id} is suggested`).toBeGreaterThan(0);
    for (const s of found) {
      const codes = s.cautions.map((c) => c.code);
      if (present) {
        expect(codes, `${id} carries ${code}`).toContain(code);
        const caution = s.cautions.find((c) => c.code === code)!;
        expect(caution.text.length, `${id}: ${code} has a text`).toBeGreaterThan(10);
      } else {
        expect(codes, `${id} does not carry ${code}`).not.toContain(code);
      }
    }
  }
}

function expectNoCaution(e: EvaluationView, ids: readonly string[], code: string): void {
  expectCaution(e, ids, code, false);
}

// --- suppression ---------------------------------------------------------------------------------------

describe('suppression (SPEC §2b: never suggested while)', () => {
  it('gabapentinoids, rls.opioid and rls.peroneal-nerve-stimulation: never while pregnancy is present', async () => {
    const drugs = [...GABAPENTINOIDS, 'rls.opioid', 'rls.peroneal-nerve-stimulation'];
    const baseline = await evaluate(ADULT_F, { ...RLS_REFRACTORY, pregnant: false });
    expectSuggested(baseline, drugs);

    const pregnant = await evaluate(ADULT_F, {
      ...RLS_REFRACTORY,
      pregnant: true,
      'pregnancy.trimester': 'second',
    });
    expect(findingCodes(pregnant)).toEqual(
      expect.arrayContaining(['pregnancy', 'rls.criteria-met', 'irls.severe']),
    );
    expectNotSuggested(pregnant, drugs);
    // What pregnancy offers instead: the specialist (its trigger in docs/clinical-rules.md).
    expectSuggested(pregnant, ['pregnancy.rls-specialist']);

    // The ESRD gabapentinoid is in the class too.
    const dialysis = { ...RLS, comorbidities: ['dialysis'] };
    expectSuggested(await evaluate(ADULT_F, dialysis), ['rls.gabapentin-esrd']);
    expectNotSuggested(await evaluate(ADULT_F, { ...dialysis, pregnant: true }), ['rls.gabapentin-esrd']);
  });

  it('IV iron: never while iron.iv-avoid (TSAT ≥ 45) is present', async () => {
    const below = await evaluate(ADULT_F, { 'lab.ferritin': 40, 'lab.tsat': 44.9 });
    expect(findingCodes(below)).toContain('iron.treat');
    expect(findingCodes(below)).not.toContain('iron.iv-avoid');
    expectSuggested(below, IV_IRON);

    const at = await evaluate(ADULT_F, { 'lab.ferritin': 40, 'lab.tsat': 45 });
    expect(findingCodes(at)).toEqual(expect.arrayContaining(['iron.treat', 'iron.iv-avoid']));
    expectNotSuggested(at, IV_IRON);
    expectSuggested(at, ['iron.repeat-studies']);

    // The 75–100 band offers IV iron only; TSAT ≥ 45 removes it there too.
    expectSuggested(await evaluate(ADULT_F, { 'lab.ferritin': 90, 'lab.tsat': 30 }), IV_IRON);
    expectNotSuggested(await evaluate(ADULT_F, { 'lab.ferritin': 90, 'lab.tsat': 50 }), IV_IRON);
  });

  it('IV iron: never while iron.recent-iv (IV iron fewer than 56 days before the draw) is present', async () => {
    const labs = { 'lab.ferritin': 40, 'lab.tsat': 25 };
    const iv = (date: string, drawDate?: string) => ({
      ...labs,
      'ironTherapy.prior': true,
      'ironTherapy.route': 'iv',
      'ironTherapy.date': date,
      ...(drawDate ? { 'labs.drawDate': drawDate } : {}),
    });

    // 55 days before the draw: recent. iron.treat stays, oral iron stays, IV iron goes.
    const recent = await evaluate(ADULT_F, iv('2026-04-07', '2026-06-01'));
    expect(findingCodes(recent)).toEqual(expect.arrayContaining(['iron.treat', 'iron.recent-iv']));
    expectNotSuggested(recent, IV_IRON);
    expectSuggested(recent, ['iron.oral-ferrous-sulfate']);

    // 56 days before the draw: no longer recent.
    const old = await evaluate(ADULT_F, iv('2026-04-06', '2026-06-01'));
    expect(findingCodes(old)).not.toContain('iron.recent-iv');
    expectSuggested(old, IV_IRON);

    // After the draw: ferritin is not interpretable either.
    const after = await evaluate(ADULT_F, iv('2026-06-05', '2026-06-01'));
    expect(findingCodes(after)).toContain('iron.recent-iv');
    expectNotSuggested(after, IV_IRON);

    // No draw date: counted back from the evaluation's start date (2026-06-10).
    const byStart = await evaluate(ADULT_F, iv('2026-04-16'));
    expect(findingCodes(byStart)).toContain('iron.recent-iv');
    expectNotSuggested(byStart, IV_IRON);
    const byStartOld = await evaluate(ADULT_F, iv('2026-04-15'));
    expect(findingCodes(byStartOld)).not.toContain('iron.recent-iv');
    expectSuggested(byStartOld, IV_IRON);

    // Oral iron recently: not this finding.
    const oral = await evaluate(ADULT_F, { ...iv('2026-05-20', '2026-06-01'), 'ironTherapy.route': 'oral' });
    expect(findingCodes(oral)).not.toContain('iron.recent-iv');
    expectSuggested(oral, IV_IRON);

    // ESRD iron sucrose is IV iron too.
    const esrd = { comorbidities: ['dialysis'], 'lab.ferritin': 150, 'lab.tsat': 15 };
    expectSuggested(await evaluate(ADULT_F, esrd), ['iron.esrd-iv-sucrose']);
    const esrdRecent = await evaluate(ADULT_F, { ...iv('2026-05-20', '2026-06-01'), ...esrd });
    expect(findingCodes(esrdRecent)).toContain('iron.recent-iv');
    expectNotSuggested(esrdRecent, ['iron.esrd-iv-sucrose']);
  });

  it('IV iron: never in pregnancy unless the trimester is second or third and ferritin < 30', async () => {
    const pregnant = (trimester: string | undefined, ferritin: number) => ({
      pregnant: true,
      ...(trimester ? { 'pregnancy.trimester': trimester } : {}),
      'lab.ferritin': ferritin,
      'lab.tsat': 15,
    });

    const first = await evaluate(ADULT_F, pregnant('first', 20));
    expect(findingCodes(first)).toEqual(expect.arrayContaining(['pregnancy', 'iron.treat']));
    expectNotSuggested(first, IV_IRON);
    expectSuggested(first, ['iron.oral-ferrous-sulfate']); // oral iron first

    expectSuggested(await evaluate(ADULT_F, pregnant('second', 20)), IV_IRON);
    expectSuggested(await evaluate(ADULT_F, pregnant('third', 29.9)), IV_IRON);

    const ferritin30 = await evaluate(ADULT_F, pregnant('second', 30));
    expectNotSuggested(ferritin30, IV_IRON);
    expectSuggested(ferritin30, ['iron.oral-ferrous-sulfate']);

    expectNotSuggested(await evaluate(ADULT_F, pregnant(undefined, 20)), IV_IRON);

    // No IV-only band in pregnancy (iron.iv-only never present), so no IV iron from it.
    const band = await evaluate(ADULT_F, { ...pregnant('third', 90), 'lab.tsat': 30 });
    expect(findingCodes(band)).not.toContain('iron.iv-only');
    expectNotSuggested(band, IV_IRON);

    // ESRD iron sucrose is IV iron too: ferritin 150 is not < 30.
    const esrd = await evaluate(ADULT_F, { ...pregnant('second', 150), comorbidities: ['dialysis'] });
    expect(findingCodes(esrd)).toContain('iron.esrd-iv-sucrose');
    expectNotSuggested(esrd, ['iron.esrd-iv-sucrose']);
  });

  it('oral iron: never while iron.iv-avoid is present (adult and child)', async () => {
    expectSuggested(await evaluate(ADULT_F, { 'lab.ferritin': 40, 'lab.tsat': 44 }), [
      'iron.oral-ferrous-sulfate',
    ]);
    const adult = await evaluate(ADULT_F, { 'lab.ferritin': 40, 'lab.tsat': 45 });
    expect(findingCodes(adult)).toEqual(expect.arrayContaining(['iron.treat', 'iron.iv-avoid']));
    expectNotSuggested(adult, ['iron.oral-ferrous-sulfate', 'iron.child-ferrous-sulfate']);

    expectSuggested(await evaluate(CHILD, { 'lab.ferritin': 30, 'lab.tsat': 30 }), [
      'iron.child-ferrous-sulfate',
    ]);
    const child = await evaluate(CHILD, { 'lab.ferritin': 30, 'lab.tsat': 60 });
    expect(findingCodes(child)).toEqual(expect.arrayContaining(['iron.treat', 'iron.iv-avoid']));
    expectNotSuggested(child, ['iron.child-ferrous-sulfate', 'iron.oral-ferrous-sulfate']);
  });

  it('ablation: never while pregnancy, dvt or venous.svt is present', async () => {
    const baseline = await evaluate(ADULT_F, VENOUS_ABLATION);
    expectSuggested(baseline, ABLATION);

    const pregnant = await evaluate(ADULT_F, { ...VENOUS_ABLATION, pregnant: true });
    expectNotSuggested(pregnant, ABLATION);

    // dvt: thrombosis seen and its type unanswered, empty, or acute.
    for (const types of [undefined, [], ['acute-dvt'], ['acute-dvt', 'chronic-post-thrombotic']]) {
      const e = await evaluate(ADULT_F, {
        ...VENOUS_ABLATION,
        'duplex.dvt': true,
        ...(types ? { 'duplex.thrombosisTypes': types } : {}),
      });
      expect(findingCodes(e), JSON.stringify(types)).toContain('dvt');
      expectNotSuggested(e, ABLATION);
    }

    const svt = await evaluate(ADULT_F, {
      ...VENOUS_ABLATION,
      'duplex.dvt': true,
      'duplex.thrombosisTypes': ['superficial-thrombophlebitis'],
    });
    expect(findingCodes(svt)).toContain('venous.svt');
    expect(findingCodes(svt)).not.toContain('dvt');
    expectNotSuggested(svt, ABLATION);
    expectSuggested(svt, ['referral.svt']);

    // Chronic post-thrombotic change alone is neither dvt nor venous.svt: ablation stays.
    const chronic = await evaluate(ADULT_F, {
      ...VENOUS_ABLATION,
      'duplex.dvt': true,
      'duplex.thrombosisTypes': ['chronic-post-thrombotic'],
    });
    expect(findingCodes(chronic)).toContain('venous.post-thrombotic');
    expect(findingCodes(chronic)).not.toContain('dvt');
    expectSuggested(chronic, ABLATION);
  });

  it('rls.pneumatic-compression: never while dvt, venous.svt or arterial.compression-contraindicated is present', async () => {
    expectSuggested(await evaluate(ADULT_M, CRITERIA_MET), ['rls.pneumatic-compression']);

    const dvt = await evaluate(ADULT_M, { ...CRITERIA_MET, 'duplex.performed': true, 'duplex.dvt': true });
    expect(findingCodes(dvt)).toContain('dvt');
    expectNotSuggested(dvt, ['rls.pneumatic-compression']);
    expectSuggested(dvt, ['referral.dvt']);

    const svt = await evaluate(ADULT_M, {
      ...CRITERIA_MET,
      'duplex.performed': true,
      'duplex.dvt': true,
      'duplex.thrombosisTypes': ['superficial-thrombophlebitis'],
    });
    expect(findingCodes(svt)).toContain('venous.svt');
    expectNotSuggested(svt, ['rls.pneumatic-compression']);

    const severe = await evaluate(ADULT_M, { ...CRITERIA_MET, 'abi.left': 0.59, 'abi.right': 1.1 });
    expect(findingCodes(severe)).toContain('arterial.compression-contraindicated');
    expectNotSuggested(severe, ['rls.pneumatic-compression']);

    const at060 = await evaluate(ADULT_M, { ...CRITERIA_MET, 'abi.left': 0.6, 'abi.right': 1.1 });
    expect(findingCodes(at060)).not.toContain('arterial.compression-contraindicated');
    expectSuggested(at060, ['rls.pneumatic-compression']);
  });

  it('venous.compression-stockings: never while arterial.compression-contraindicated is present', async () => {
    const cvi = { 'exam.ceap.left': 'C3' };
    expectSuggested(await evaluate(ADULT_F, cvi), ['venous.compression-stockings']);

    const severe = await evaluate(ADULT_F, { ...cvi, 'abi.left': 1.05, 'abi.right': 0.55 });
    expect(findingCodes(severe)).toEqual(
      expect.arrayContaining(['venous.cvi', 'arterial.compression-contraindicated']),
    );
    expectNotSuggested(severe, ['venous.compression-stockings']);

    expectSuggested(await evaluate(ADULT_F, { ...cvi, 'abi.left': 1.05, 'abi.right': 0.6 }), [
      'venous.compression-stockings',
    ]);
    // DVT is not in this row: stockings stay (pneumatic compression goes).
    const dvt = await evaluate(ADULT_F, {
      ...cvi,
      ...CRITERIA_MET,
      'duplex.performed': true,
      'duplex.dvt': true,
    });
    expectSuggested(dvt, ['venous.compression-stockings']);
    expectNotSuggested(dvt, ['rls.pneumatic-compression']);
  });

  it('compression: never while arterial.noncompressible is on a side whose TBI is unanswered', async () => {
    const both = { ...CRITERIA_MET, 'exam.ceap.left': 'C3' };
    expectSuggested(await evaluate(ADULT_M, { ...both, 'abi.left': 1.4, 'abi.right': 1.1 }), COMPRESSION);

    const unknown = await evaluate(ADULT_M, { ...both, 'abi.left': 1.45, 'abi.right': 1.1 });
    expect(findingCodes(unknown)).toContain('arterial.noncompressible');
    expectNotSuggested(unknown, COMPRESSION);
    expectSuggested(unknown, ['arterial.tbi']);

    const measured = await evaluate(ADULT_M, {
      ...both,
      'abi.left': 1.45,
      'abi.right': 1.1,
      'tbi.left': 0.85,
    });
    expect(findingCodes(measured)).toContain('arterial.noncompressible');
    expectSuggested(measured, COMPRESSION);

    // The TBI of the other side does not count.
    const otherSide = await evaluate(ADULT_M, {
      ...both,
      'abi.left': 1.1,
      'abi.right': 1.5,
      'tbi.left': 0.9,
    });
    expectNotSuggested(otherSide, COMPRESSION);
  });
});

// --- cautions ---------------------------------------------------------------------------------------------

describe('cautions (SPEC §2b)', () => {
  const OPIOID_AND_GABAPENTINOIDS = ['rls.opioid', ...GABAPENTINOIDS];

  it('respiratory-depression on the opioid and gabapentinoids: OSA (known or screen-positive), alcohol, benzodiazepine or Z-drug', async () => {
    const none = await evaluate(ADULT_F, RLS_REFRACTORY);
    expectNoCaution(none, OPIOID_AND_GABAPENTINOIDS, 'respiratory-depression');

    for (const extra of [
      { comorbidities: ['osa'] },
      { 'sleep.witnessedApnea': true },
      { 'sleep.snoring': true, 'sleep.daytimeSleepiness': true },
      { substances: ['alcohol'] },
      { 'meds.current': ['benzodiazepine'] },
      { 'meds.current': ['z-drug'] },
    ]) {
      const e = await evaluate(ADULT_F, { ...RLS_REFRACTORY, ...extra });
      expectCaution(e, OPIOID_AND_GABAPENTINOIDS, 'respiratory-depression');
    }
    // Snoring alone is not a positive screen; caffeine is not a CNS depressant.
    const snoring = await evaluate(ADULT_F, {
      ...RLS_REFRACTORY,
      'sleep.snoring': true,
      substances: ['caffeine'],
    });
    expectNoCaution(snoring, OPIOID_AND_GABAPENTINOIDS, 'respiratory-depression');

    // The ESRD gabapentinoid too.
    const esrd = await evaluate(ADULT_F, { ...RLS, comorbidities: ['dialysis', 'osa'] });
    expectCaution(esrd, ['rls.gabapentin-esrd'], 'respiratory-depression');
  });

  it('respiratory-depression: the opioid with a current gabapentinoid, a gabapentinoid with a current opioid', async () => {
    const onGabapentinoid = await evaluate(ADULT_F, { ...RLS_REFRACTORY, 'meds.current': ['pregabalin'] });
    expectCaution(onGabapentinoid, ['rls.opioid'], 'respiratory-depression');
    expectNoCaution(onGabapentinoid, GABAPENTINOIDS, 'respiratory-depression');

    const onOpioid = await evaluate(ADULT_F, { ...RLS_REFRACTORY, 'meds.current': ['opioid'] });
    expectCaution(onOpioid, GABAPENTINOIDS, 'respiratory-depression');
    expectNoCaution(onOpioid, ['rls.opioid'], 'respiratory-depression');
  });

  it('respiratory-depression: a gabapentinoid at age 65 or over (on the start date), not the opioid', async () => {
    const at65 = await evaluate({ sex: 'female', birthDate: '1961-06-10' }, RLS_REFRACTORY);
    expectCaution(at65, GABAPENTINOIDS, 'respiratory-depression');
    expectNoCaution(at65, ['rls.opioid'], 'respiratory-depression');

    const at64 = await evaluate({ sex: 'female', birthDate: '1961-06-11' }, RLS_REFRACTORY);
    expectNoCaution(at64, OPIOID_AND_GABAPENTINOIDS, 'respiratory-depression');
  });

  it('reduced-compression on compression: arterial.pad present and arterial.compression-contraindicated not', async () => {
    const base = { ...CRITERIA_MET, 'exam.ceap.left': 'C3' };
    const normal = await evaluate(ADULT_M, { ...base, 'abi.left': 0.91, 'abi.right': 1.1 });
    expect(findingCodes(normal)).not.toContain('arterial.pad');
    expectNoCaution(normal, COMPRESSION, 'reduced-compression');

    for (const abi of [0.9, 0.75, 0.6]) {
      const e = await evaluate(ADULT_M, { ...base, 'abi.left': abi, 'abi.right': 1.1 });
      expect(findingCodes(e), `ABI ${abi}`).toContain('arterial.pad');
      expectCaution(e, COMPRESSION, 'reduced-compression');
    }
    // PAD by TBI ≤ 0.70 with a normal ABI.
    const byTbi = await evaluate(ADULT_M, { ...base, 'abi.left': 1.1, 'abi.right': 1.1, 'tbi.right': 0.7 });
    expect(findingCodes(byTbi)).toContain('arterial.pad');
    expectCaution(byTbi, COMPRESSION, 'reduced-compression');

    const tbiNormal = await evaluate(ADULT_M, {
      ...base,
      'abi.left': 1.1,
      'abi.right': 1.1,
      'tbi.right': 0.71,
    });
    expect(findingCodes(tbiNormal)).not.toContain('arterial.pad');
    expectNoCaution(tbiNormal, COMPRESSION, 'reduced-compression');
  });

  it('verify-perfusion on compression: no ABI answered and PAD or diabetes known, or pulses diminished/absent', async () => {
    const base = { ...CRITERIA_MET, 'exam.ceap.left': 'C3' };
    const none = await evaluate(ADULT_M, {
      ...base,
      'exam.pulses.left': 'normal',
      'exam.pulses.right': 'normal',
    });
    expectNoCaution(none, COMPRESSION, 'verify-perfusion');

    for (const extra of [
      { comorbidities: ['pad'] },
      { comorbidities: ['diabetes'] },
      { 'exam.pulses.left': 'diminished' },
      { 'exam.pulses.right': 'absent' },
    ]) {
      const e = await evaluate(ADULT_M, { ...base, ...extra });
      expectCaution(e, COMPRESSION, 'verify-perfusion');
    }
    // Once an ABI is answered, the perfusion is known.
    const measured = await evaluate(ADULT_M, { ...base, comorbidities: ['diabetes'], 'abi.right': 1.1 });
    expectNoCaution(measured, COMPRESSION, 'verify-perfusion');
  });

  it('already-taking: gabapentinoids (any one counts for the class), the opioid, oral iron', async () => {
    const none = await evaluate(ADULT_F, { ...RLS_REFRACTORY, 'lab.ferritin': 40, 'lab.tsat': 25 });
    expectNoCaution(none, [...OPIOID_AND_GABAPENTINOIDS, 'iron.oral-ferrous-sulfate'], 'already-taking');

    const gabapentin = await evaluate(ADULT_F, { ...RLS_REFRACTORY, 'meds.current': ['gabapentin'] });
    expectCaution(gabapentin, GABAPENTINOIDS, 'already-taking');
    expectNoCaution(gabapentin, ['rls.opioid'], 'already-taking');

    const opioid = await evaluate(ADULT_F, { ...RLS_REFRACTORY, 'meds.current': ['opioid'] });
    expectCaution(opioid, ['rls.opioid'], 'already-taking');
    expectNoCaution(opioid, GABAPENTINOIDS, 'already-taking');

    const iron = await evaluate(ADULT_F, {
      'meds.current': ['iron-oral'],
      'lab.ferritin': 40,
      'lab.tsat': 25,
    });
    expectCaution(iron, ['iron.oral-ferrous-sulfate'], 'already-taking');
    expectNoCaution(iron, IV_IRON, 'already-taking');

    const child = await evaluate(CHILD, { 'meds.current': ['iron-oral'], 'lab.ferritin': 30 });
    expectCaution(child, ['iron.child-ferrous-sulfate'], 'already-taking');
  });

  it('renal-dose on gabapentinoids: ckd present', async () => {
    expectNoCaution(await evaluate(ADULT_F, { ...RLS, 'lab.egfr': 60 }), GABAPENTINOIDS, 'renal-dose');
    const egfr = await evaluate(ADULT_F, { ...RLS, 'lab.egfr': 59 });
    expect(findingCodes(egfr)).toContain('ckd');
    expectCaution(egfr, GABAPENTINOIDS, 'renal-dose');
    expectCaution(await evaluate(ADULT_F, { ...RLS, comorbidities: ['ckd'] }), GABAPENTINOIDS, 'renal-dose');
    expectCaution(
      await evaluate(ADULT_F, { ...RLS, comorbidities: ['dialysis'] }),
      ['rls.gabapentin-esrd'],
      'renal-dose',
    );
  });

  it('lactation on gabapentinoids and the opioid: breastfeeding is true', async () => {
    const no = await evaluate(ADULT_F, { ...RLS_REFRACTORY, breastfeeding: false });
    expectNoCaution(no, OPIOID_AND_GABAPENTINOIDS, 'lactation');
    const yes = await evaluate(ADULT_F, { ...RLS_REFRACTORY, breastfeeding: true });
    expectCaution(yes, OPIOID_AND_GABAPENTINOIDS, 'lactation');
  });

  it('no-abrupt-stop, always, on medication-review.exacerbating and rls.dopaminergic-caution', async () => {
    const e = await evaluate(ADULT_F, {
      'meds.exacerbating': ['ssri-snri'],
      'meds.dopaminergic': ['pramipexole'],
    });
    expect(findingCodes(e)).toEqual(expect.arrayContaining(['drug-exacerbation', 'augmentation-risk']));
    expectCaution(e, ['medication-review.exacerbating', 'rls.dopaminergic-caution'], 'no-abrupt-stop');
  });

  it('an option without a caution carries cautions: []', async () => {
    const e = await evaluate(ADULT_F, { ...CRITERIA_MET, 'lab.ferritin': 40, 'lab.tsat': 25 });
    const all = e.assessment.findings.flatMap((f) => f.suggestions);
    expect(all.length).toBeGreaterThan(0);
    for (const s of all) expect(Array.isArray(s.cautions), s.id).toBe(true);
    expect(occurrences(e, 'iron.iv-fcm')[0]?.cautions).toEqual([]);
  });
});

// --- consistency of entry -----------------------------------------------------------------------------

describe('consistency of entry (SPEC §2b)', () => {
  const TEN = Object.fromEntries(
    [2, 3, 1, 4, 0, 2, 2, 3, 1, 2].map((score, i) => [`irls.item${i + 1}`, score]),
  );

  it('an IRLS total that differs from the sum of the ten items is 422 naming irls.total; nothing is saved', async () => {
    const e = await saved(await start(ADULT_F), { answers: { 'criteria.urge': true } });
    const res = await patch(e, { answers: { ...TEN, 'irls.total': 21, 'criteria.rest': true } });
    expect(res.status).toBe(422);
    expect(res.body.error.details?.items).toEqual([
      {
        code: 'irls.total',
        reason: expect.stringContaining('sum of the ten IRLS item scores (20)') as string,
      },
    ]);
    expect(await stored(e.id)).toEqual(e);

    // Stored items (the total is then their sum), a total sent later: checked on the merged answers.
    const items = await saved(e, { answers: TEN });
    expect(items.answers['irls.total']).toBe(20);
    const later = await patch(items, { answers: { 'irls.total': 19 } });
    expect([later.status, later.body.error.details?.items?.map((i) => i.code)]).toEqual([
      422,
      ['irls.total'],
    ]);
    // An item change with a total that disagrees with the new sum.
    const item = await patch(items, { answers: { 'irls.item4': 3, 'irls.total': 20 } });
    expect([item.status, item.body.error.details?.items?.map((i) => i.code)]).toEqual([422, ['irls.total']]);
    expect(await stored(e.id)).toEqual(items);
    // The same change with the matching total is fine.
    const fixed = await saved(items, { answers: { 'irls.item4': 3, 'irls.total': 19 } });
    expect(fixed.answers['irls.total']).toBe(19);
  });

  it('an item change without a total makes the total the new sum, recorded in the history', async () => {
    const e = await saved(await start(ADULT_F), { answers: { ...TEN, 'irls.total': 20 } });
    const item = await saved(e, { answers: { 'irls.item4': 3 } });
    expect(item.answers['irls.total']).toBe(19);
    const history = await api.get<HistoryEntry[]>(`/api/evaluations/${e.id}/history`);
    expect(history.body.at(-1)?.changes).toEqual([
      { code: 'irls.total', from: 20, to: 19 },
      { code: 'irls.item4', from: 4, to: 3 },
    ]);
    // Clearing an item leaves nine: the total stays what it was until all ten are answered again.
    const nine = await saved(item, { answers: { 'irls.item10': null } });
    expect(nine.answers['irls.total']).toBe(19);
    const typed = await saved(nine, { answers: { 'irls.total': 30 } }); // free while nine are answered
    const ten = await saved(typed, { answers: { 'irls.item10': 4 } });
    expect(ten.answers['irls.total']).toBe(21);
    expect(findingCodes(ten)).toContain('irls.severe');
  });

  it('closes the path to a typed total beside ten items that disagree (35 beside a sum of 20)', async () => {
    // How a tester got "very severe" from items summing to 20: the total typed first, the items after.
    const e = await saved(await start(ADULT_F), { answers: { 'irls.total': 35 } });
    expect(findingCodes(e)).toContain('irls.very-severe');
    const items = await saved(e, { answers: TEN });
    expect(items.answers['irls.total']).toBe(20);
    expect(findingCodes(items)).toContain('irls.moderate');
    expect(findingCodes(items)).not.toContain('irls.very-severe');

    // A record stored before the rule (or by any other writer) with the mismatch: judged on the items.
    const legacy = { ...items.answers, 'irls.total': 35 };
    await server.ctx.db
      .updateTable('evaluations')
      .set({ answers: JSON.stringify(legacy) })
      .where('id', '=', e.id)
      .execute();
    const unrelated = await saved(items, { answers: { 'criteria.urge': true } }); // reassessed, total untouched
    expect(unrelated.answers['irls.total']).toBe(35);
    expect(findingCodes(unrelated)).toContain('irls.moderate');
    expect(findingCodes(unrelated)).not.toContain('irls.very-severe');
    const patient = await api.get<PatientDetail>(`/api/patients/${unrelated.patientId}`);
    expect(patient.body.evaluations[0]?.keyValues.irlsTotal).toBe(20);
  });

  it('a lab value below 0, as entered in any unit or after conversion, is 422 naming the item; nothing is saved', async () => {
    const e = await saved(await start(ADULT_F), { answers: { 'lab.ferritin': 40 } });
    for (const [code, value] of [
      ['lab.ferritin', -1],
      ['lab.hba1c', { value: -5, unit: 'mmol/mol' }], // would convert to +1.69 %
      ['lab.hba1c', { value: -30, unit: 'mmol/mol' }], // converts to −0.59 %
      ['lab.hemoglobin', { value: -10, unit: 'g/L' }],
    ] as const) {
      const res = await patch(e, { answers: { [code]: value, 'lab.tsat': 20 } });
      expect(res.status, JSON.stringify(value)).toBe(422);
      expect(res.body.error.details?.items?.map((i) => i.code)).toEqual([code]);
    }
    expect(await stored(e.id)).toEqual(e);
    // 0 is not below 0: 0 mmol/mol HbA1c is 2.15 %.
    const zero = await saved(e, { answers: { 'lab.hba1c': { value: 0, unit: 'mmol/mol' } } });
    expect(zero.answers['lab.hba1c']).toBeCloseTo(2.15, 10);
  });
});

// --- follow-up --------------------------------------------------------------------------------------------

describe('assessment.followUp from plan.selected (SPEC §2b)', () => {
  it('IV iron 8 weeks, else oral iron 12 weeks, else null; a plan-only save recomputes it', async () => {
    const e = await evaluate(ADULT_F, { ...CRITERIA_MET, 'lab.ferritin': 40, 'lab.tsat': 25 });
    expect(e.assessment.followUp).toBeNull();
    expectSuggested(e, ['iron.oral-ferrous-sulfate', 'iron.iv-fcm']);

    const oral = await saved(e, { plan: { selected: ['iron.oral-ferrous-sulfate', 'lifestyle.exercise'] } });
    expect(oral.assessment.followUp).toEqual({ weeks: 12, reason: expect.any(String) as string });

    const iv = await saved(oral, { plan: { selected: ['iron.oral-ferrous-sulfate', 'iron.iv-fcm'] } });
    expect(iv.assessment.followUp).toEqual({ weeks: 8, reason: expect.any(String) as string });
    expect(iv.assessment.followUp?.reason).toMatch(/4 weeks/);
    expect(await stored(e.id)).toEqual(iv);

    const none = await saved(iv, { plan: { selected: ['lifestyle.exercise'] } });
    expect(none.assessment.followUp).toBeNull();

    // An answer-only save keeps the plan's follow-up; signing keeps it too.
    const ivAgain = await saved(none, { plan: { selected: ['iron.iv-ferumoxytol'], reviewed: true } });
    const answered = await saved(ivAgain, { answers: { 'irls.total': 12 } });
    expect(answered.assessment.followUp?.weeks).toBe(8);
    const sign = await api.post<EvaluationView>(
      `/api/evaluations/${e.id}/sign`,
      {},
      {
        headers: { 'If-Match': `"${answered.version}"` },
      },
    );
    expect(sign.status, JSON.stringify(sign.body)).toBe(200);
    expect(sign.body.assessment.followUp?.weeks).toBe(8);
  });

  it('the child oral iron option counts as oral iron', async () => {
    const e = await evaluate(CHILD, { 'lab.ferritin': 30 });
    const child = await saved(e, { plan: { selected: ['iron.child-ferrous-sulfate'] } });
    expect(child.assessment.followUp?.weeks).toBe(12);
  });

  it('ESRD iron sucrose counts as IV iron', async () => {
    const e = await evaluate(ADULT_F, { comorbidities: ['dialysis'], 'lab.ferritin': 150, 'lab.tsat': 15 });
    const sucrose = await saved(e, { plan: { selected: ['iron.esrd-iv-sucrose'] } });
    expect(sucrose.assessment.followUp?.weeks).toBe(8);
  });
});

// --- definition version 1 after version 2 shipped ---------------------------------------------------------

describe('an evaluation started under definition version 1, opened after version 2 shipped', () => {
  it('keeps version 1: opens, saves v1 answers, refuses v2-only items, signs and reads back', async () => {
    expect(CURRENT_WORKUP_VERSION).toBeGreaterThan(1);
    const created = await saved(await start(ADULT_F), {
      answers: { 'criteria.urge': true, 'lab.ferritin': 40 },
    });
    // As a release before version 2 stored it: workup version 1, an assessment without follow-up
    // and without cautions on its suggestions.
    const legacy = {
      ...created.assessment,
      findings: created.assessment.findings.map((f) => ({
        ...f,
        suggestions: f.suggestions.map(({ cautions: _cautions, ...s }) => s),
      })),
    } as Record<string, unknown>;
    delete legacy.followUp;
    delete legacy.suppressed;
    await server.ctx.db
      .updateTable('evaluations')
      .set({ workflow_version: 1, assessment: JSON.stringify(legacy) })
      .where('id', '=', created.id)
      .execute();

    const opened = await stored(created.id);
    expect(opened.workflowVersion).toBe(1);
    expect(opened.startDate).toBe(START_DATE);
    expect(opened.assessment.followUp).toBeNull();
    expect(opened.assessment.suppressed).toEqual([]);
    expect(opened.assessment.findings.length).toBeGreaterThan(0);
    for (const f of opened.assessment.findings) for (const s of f.suggestions) expect(s.cautions).toEqual([]);
    // The definition it was started under stays published.
    const v1 = await api.get<{ version: number }>('/api/workflow?version=1');
    expect([v1.status, v1.body.version]).toEqual([200, 1]);

    const v1Answer = await saved(opened, { answers: { ...CRITERIA_MET, 'irls.total': 14, 'lab.tsat': 25 } });
    expect(v1Answer.workflowVersion).toBe(1);
    expect(v1Answer.answers['irls.total']).toBe(14);
    expect(v1Answer.assessment.followUp).toBeNull();
    // The rules (and their cautions) apply to the answers a version-1 evaluation holds.
    expectSuggested(v1Answer, ['iron.oral-ferrous-sulfate', ...GABAPENTINOIDS]);

    for (const code of ['meds.current', 'treatment.refractory', 'mimics', 'tbi.left']) {
      const value = code === 'tbi.left' ? 0.8 : code === 'treatment.refractory' ? true : [];
      const v2Only = await patch(v1Answer, { answers: { [code]: value } });
      expect(v2Only.status, code).toBe(422);
      expect(v2Only.body.error.details?.items).toEqual([
        { code, reason: expect.stringContaining('unknown') as string },
      ]);
    }
    expect(await stored(created.id)).toEqual(v1Answer);

    const reviewed = await saved(v1Answer, {
      plan: { selected: ['iron.oral-ferrous-sulfate'], reviewed: true },
    });
    expect(reviewed.assessment.followUp?.weeks).toBe(12);
    const sign = await api.post<EvaluationView>(
      `/api/evaluations/${created.id}/sign`,
      {},
      {
        headers: { 'If-Match': `"${reviewed.version}"` },
      },
    );
    expect(sign.status, JSON.stringify(sign.body)).toBe(200);
    expect(sign.body).toMatchObject({ status: 'signed', workflowVersion: 1, startDate: START_DATE });

    const read = await stored(created.id);
    expect(read).toEqual(sign.body);
    const version = await api.get<EvaluationView>(
      `/api/evaluations/${created.id}/versions/${sign.body.version}`,
    );
    expect(version.status).toBe(200);
    expect(version.body).toEqual(sign.body);
  });

  it("a snapshot signed before version 2 reads in today's shape (startDate, followUp, cautions)", async () => {
    const e = await saved(await start(ADULT_F), {
      answers: { ...CRITERIA_MET, 'lab.ferritin': 40 },
      plan: { reviewed: true },
    });
    const sign = await api.post<EvaluationView>(
      `/api/evaluations/${e.id}/sign`,
      {},
      {
        headers: { 'If-Match': `"${e.version}"` },
      },
    );
    expect(sign.status).toBe(200);
    const { startDate: _startDate, ...old } = sign.body;
    const legacy = {
      ...old,
      workflowVersion: 1,
      assessment: {
        findings: sign.body.assessment.findings.map((f) => ({
          ...f,
          suggestions: f.suggestions.map(({ cautions: _cautions, ...s }) => s),
        })),
        pending: sign.body.assessment.pending,
        pendingByStage: sign.body.assessment.pendingByStage,
      },
    };
    await server.ctx.db
      .updateTable('evaluation_versions')
      .set({ snapshot: JSON.stringify(legacy) })
      .where('evaluation_id', '=', e.id)
      .where('version', '=', sign.body.version)
      .execute();

    const read = await api.get<EvaluationView>(`/api/evaluations/${e.id}/versions/${sign.body.version}`);
    expect(read.status).toBe(200);
    expect(read.body.startDate).toBe(START_DATE);
    expect(read.body.assessment.followUp).toBeNull();
    expect(read.body.assessment.suppressed).toEqual([]);
    for (const f of read.body.assessment.findings)
      for (const s of f.suggestions) expect(s.cautions).toEqual([]);
    expect((await stored(e.id)).startDate).toBe(START_DATE);
  });
});

// --- the start date -------------------------------------------------------------------------------------

describe("age is judged on the evaluation's start date (server time zone)", () => {
  it('a patient who turns 18 after the start stays a child for that evaluation, saves and sign-off alike', async () => {
    const own = new ManualClock('2026-06-10T09:00:00.000Z');
    const srv = await startTestServer({ clock: own });
    try {
      await createUser(srv.ctx, { username: 'ager', role: 'clinician', name: 'Dr. Age', password: PASSWORD });
      let client = await srv.login('ager', PASSWORD);
      const patient = await client.post<{ id: string }>('/api/patients', {
        mrn: 'AGE-1',
        name: 'Turning Eighteen',
        birthDate: '2008-06-12', // 18 on 12 June 2026
        sex: 'male',
      });
      const created = await client.post<EvaluationView>(`/api/patients/${patient.body.id}/evaluations`, {});
      expect(created.body.startDate).toBe('2026-06-10');

      own.set('2026-06-20T09:00:00.000Z'); // 18 by now
      client = await srv.login('ager', PASSWORD);
      const e = await saved(
        created.body,
        { answers: { ...CRITERIA_MET, 'lab.ferritin': 45, 'lab.tsat': 30 } },
        client,
      );
      expect(e.startDate).toBe('2026-06-10');
      expectSuggested(e, ['iron.child-ferrous-sulfate']); // child: ferritin < 50
      expectNotSuggested(e, ['iron.oral-ferrous-sulfate', ...IV_IRON]);

      const reviewed = await saved(e, { plan: { reviewed: true } }, client);
      const sign = await client.post<EvaluationView>(
        `/api/evaluations/${e.id}/sign`,
        {},
        {
          headers: { 'If-Match': `"${reviewed.version}"` },
        },
      );
      expect(sign.status).toBe(200);
      expect(sign.body.assessment).toEqual(reviewed.assessment);

      // The next evaluation starts after the birthday: an adult.
      const next = await client.post<EvaluationView>(`/api/patients/${patient.body.id}/evaluations`, {});
      expect(next.body.startDate).toBe('2026-06-20');
      const adult = await saved(next.body, { answers: { 'lab.ferritin': 45, 'lab.tsat': 30 } }, client);
      expectSuggested(adult, ['iron.oral-ferrous-sulfate', ...IV_IRON]);
      expectNotSuggested(adult, ['iron.child-ferrous-sulfate']);
    } finally {
      await srv.close();
    }
  });

  it('the start date is the calendar date in the server time zone, not in UTC', async () => {
    // 02:00 UTC on 10 June is still 9 June in New York.
    const own = new ManualClock('2026-06-10T02:00:00.000Z');
    const srv = await startTestServer({ clock: own, env: { TZ: 'America/New_York' } });
    try {
      await createUser(srv.ctx, { username: 'tz', role: 'clinician', name: 'Dr. Zone', password: PASSWORD });
      const client = await srv.login('tz', PASSWORD);
      const patient = await client.post<{ id: string }>('/api/patients', {
        mrn: 'TZ-1',
        name: 'Birthday Tomorrow',
        birthDate: '2008-06-10', // 18 on 10 June, 17 on 9 June
        sex: 'female',
      });
      const created = await client.post<EvaluationView>(`/api/patients/${patient.body.id}/evaluations`, {});
      expect(created.body.startedAt).toBe('2026-06-10T02:00:00.000Z');
      expect(created.body.startDate).toBe('2026-06-09');
      const e = await saved(created.body, { answers: { 'lab.ferritin': 45, 'lab.tsat': 30 } }, client);
      expectSuggested(e, ['iron.child-ferrous-sulfate']);
    } finally {
      await srv.close();
    }
  });
});

// Follow-up visits (docs/architecture.md, "Evaluations: one write path"): a new evaluation carries the
// stable history of the latest signed one forward, marked until confirmed; the plan holds a treatment
// course; the patient's trends show what was measured and what the plans started and stopped.
import type { HistoryEntry, PatientDetail, TrendsDto } from '@rls/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import { flushReadAudit } from '../../server/src/features/audit/read-buffer';
import type { EvaluationView } from '../../server/src/features/evaluations/model';
import { createUser, startTestServer, type ApiClient, type ErrorBody, type TestServer } from './helpers';

// The server runs in New York: 02:00 UTC on 11 June is still 10 June there.
const clock = new ManualClock('2026-06-10T14:00:00.000Z');

let server: TestServer;
let doc: ApiClient;
let boss: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ clock, env: { TZ: 'America/New_York' } });
  await createUser(server.ctx, {
    username: 'doc',
    role: 'clinician',
    name: 'Dr. Doc',
    password: 'follow up doctor 1',
  });
  await createUser(server.ctx, {
    username: 'boss',
    role: 'admin',
    name: 'Boss',
    password: 'follow up admin 1',
  });
  doc = await server.login('doc', 'follow up doctor 1');
  boss = await server.login('boss', 'follow up admin 1');
});
afterAll(() => server.close());

/**
 * Moves the clock to `iso` and signs in again: a jump of weeks would end the sessions (30 min idle,
 * docs/decisions/010-sessions-and-throttling.md).
 */
async function moveTo(iso: string): Promise<void> {
  clock.set(iso);
  doc = await server.login('doc', 'follow up doctor 1');
  boss = await server.login('boss', 'follow up admin 1');
}

const CRITERIA = {
  'criteria.urge': true,
  'criteria.rest': true,
  'criteria.movementRelief': true,
  'criteria.eveningWorse': true,
  'criteria.notMimic': true,
};

/** The stable history of the first visit, group by group. */
const STABLE = {
  ...CRITERIA,
  mimics: ['leg-cramps'],
  course: 'chronic-persistent',
  onsetAge: 40,
  familyHistory: true,
  comorbidities: ['diabetes'],
  'meds.exacerbating': ['ssri-snri'],
  'meds.dopaminergic': ['pramipexole'],
  'meds.dopaminergicPast': ['ropinirole'],
  substances: ['caffeine'],
  ironLoss: ['blood-donation'],
};

/** What the first visit measured (never carried). */
const MEASURED = {
  clinicallySignificant: true,
  'irls.total': 24,
  'symptoms.daysPerWeek': 5,
  'sleep.snoring': true,
  'augmentation.features': ['spread'],
  'treatment.refractory': false,
  pregnant: false,
  breastfeeding: false,
  'labs.drawDate': '2026-06-08',
  'lab.ferritin': 40,
  'lab.tsat': 15,
  'lab.hemoglobin': 11.5,
  'lab.egfr': 80,
  'exam.vibration.left': 'normal',
  'exam.ceap.left': 'C2',
  'duplex.performed': true,
  'duplex.dvt': false,
  'duplex.refluxMs.gsv.left': 700,
  'duplex.refluxMs.pop.left': 1200,
  'abi.left': 1.0,
  'abi.right': 1.05,
};

let mrnSeq = 0;
async function newPatient(): Promise<string> {
  mrnSeq += 1;
  const res = await doc.post<{ id: string }>('/api/patients', {
    mrn: `FU-${String(mrnSeq).padStart(4, '0')}`,
    name: `Follow Up ${mrnSeq}`,
    birthDate: '1970-05-05',
    sex: 'female',
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function start(patientId: string, body: unknown = {}): Promise<EvaluationView> {
  const res = await doc.post<EvaluationView>(`/api/patients/${patientId}/evaluations`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function save(e: Pick<EvaluationView, 'id' | 'version'>, body: unknown): Promise<EvaluationView> {
  clock.advance(60_000);
  const res = await doc.patch<EvaluationView>(`/api/evaluations/${e.id}`, body, {
    headers: { 'If-Match': `"${e.version}"` },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

function patchError(e: Pick<EvaluationView, 'id' | 'version'>, body: unknown) {
  return doc.patch<ErrorBody>(`/api/evaluations/${e.id}`, body, {
    headers: { 'If-Match': `"${e.version}"` },
  });
}

async function sign(e: Pick<EvaluationView, 'id' | 'version'>): Promise<EvaluationView> {
  const res = await doc.post<EvaluationView>(
    `/api/evaluations/${e.id}/sign`,
    {},
    {
      headers: { 'If-Match': `"${e.version}"` },
    },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function amend(e: Pick<EvaluationView, 'id'>, reason = 'lab corrected'): Promise<EvaluationView> {
  clock.advance(60_000);
  const res = await doc.post<EvaluationView>(`/api/evaluations/${e.id}/amendments`, { reason });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const history = async (id: string) => (await doc.get<HistoryEntry[]>(`/api/evaluations/${id}/history`)).body;

const PREGABALIN = {
  id: 'rls.pregabalin',
  dose: 75,
  unit: 'mg',
  frequency: 'at-night',
  startDate: '2026-06-10',
};
const IRON_IV = { id: 'iron.iv-fcm', dose: 1000, unit: 'mg', frequency: 'single-dose', startDate: null };

/**
 * A first visit on 10 June, signed at 22:00 New York time (11 June in UTC): stable history,
 * measurements, and a plan with IV iron, pregabalin and a continued benzodiazepine.
 */
async function signedFirstVisit(patientId: string): Promise<EvaluationView> {
  await moveTo('2026-06-10T14:00:00.000Z');
  const e = await start(patientId);
  const v2 = await save(e, { answers: { ...STABLE, ...MEASURED, 'meds.current': ['benzodiazepine'] } });
  const v3 = await save(v2, {
    plan: {
      selected: ['iron.iv-fcm', 'rls.pregabalin', 'continue.benzodiazepine', 'lifestyle.exercise'],
      medications: [IRON_IV, PREGABALIN],
      followUpDate: '2026-08-05',
      reviewed: true,
    },
  });
  await moveTo('2026-06-11T02:00:00.000Z'); // 22:00 on 10 June in New York
  return sign(v3);
}

describe('POST /api/patients/:id/evaluations: carry forward', () => {
  it('a follow-up starts with each stable history group of the latest signed evaluation, marked as carried', async () => {
    const patientId = await newPatient();
    const first = await signedFirstVisit(patientId);
    await moveTo('2026-07-10T14:00:00.000Z');
    const next = await start(patientId);

    expect(next.answers).toEqual({
      ...STABLE,
      // derived from the last plan: pregabalin started, the benzodiazepine continued, IV iron given on the sign date
      'meds.current': ['pregabalin', 'benzodiazepine'],
      'ironTherapy.prior': true,
      'ironTherapy.route': 'iv',
      'ironTherapy.date': '2026-06-10',
    });
    expect(Object.keys(next.answerMeta).sort()).toEqual(Object.keys(next.answers).sort());
    for (const meta of Object.values(next.answerMeta)) expect(meta).toEqual({ carriedFrom: first.id });
    expect(next.plan).toEqual({
      selected: [],
      custom: [],
      followUpDate: null,
      reviewed: false,
      medications: [],
    });
    // The assessment is computed on what was carried.
    expect(next.assessment.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['rls.criteria-met', 'treatment.current', 'augmentation-risk']),
    );
    const treatment = next.assessment.findings.find((f) => f.code === 'treatment.current');
    expect(treatment?.suggestions.map((s) => s.id)).toEqual([
      'continue.pregabalin',
      'continue.benzodiazepine',
      'continue.pramipexole',
    ]);

    // The create is audited as ever, and its history entry lists what was carried and from where.
    const [created] = await history(next.id);
    expect(created).toMatchObject({ version: 1, event: 'create', carriedFrom: first.id });
    expect(created!.changes).toContainEqual({ code: 'familyHistory', from: null, to: true });
    expect(created!.changes).toHaveLength(Object.keys(next.answers).length);
    const audit = await server.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'category', 'before_version', 'after_version'])
      .where('entity_id', '=', next.id)
      .where('action', '=', 'evaluation.create')
      .execute();
    expect(audit).toEqual([
      { action: 'evaluation.create', category: 'evaluation', before_version: null, after_version: 1 },
    ]);
  });

  it('never carries a measurement: labs, IRLS, symptoms, sleep, exam, imaging, pregnancy, breastfeeding', async () => {
    const patientId = await newPatient();
    await signedFirstVisit(patientId);
    const next = await start(patientId);
    for (const code of Object.keys(MEASURED)) expect(next.answers, code).not.toHaveProperty(code);
    const measuredPrefix = /^(lab\.|labs\.|irls\.|exam\.|duplex\.|abi\.|tbi\.|sleep\.|symptoms\.)/;
    expect(Object.keys(next.answers).filter((code) => measuredPrefix.test(code))).toEqual([]);
  });

  it('carries from the latest signed evaluation by sign time: a re-signed amendment counts as latest', async () => {
    const patientId = await newPatient();
    const a = await signedFirstVisit(patientId);
    await moveTo('2026-06-12T14:00:00.000Z');
    const b = await start(patientId);
    const b2 = await save(b, { answers: { onsetAge: 45 }, plan: { reviewed: true } });
    const bSigned = await sign(b2);
    const c = await start(patientId, { carryForward: true });
    expect(c.answers['onsetAge']).toBe(45);
    expect(c.answerMeta['onsetAge']).toEqual({ carriedFrom: bSigned.id });
    await sign(await save(c, { plan: { reviewed: true } }));
    // The first visit is amended and signed again, after the others: it is now the latest signed.
    await moveTo('2026-06-13T14:00:00.000Z');
    const reopened = await amend(a);
    const a2 = await save(reopened, { answers: { onsetAge: 38 } });
    await sign(a2);
    const next = await start(patientId);
    expect(next.answers['onsetAge']).toBe(38);
    expect(next.answerMeta['onsetAge']).toEqual({ carriedFrom: a.id });
  });

  it('saving a carried answer with the same value confirms it: a new version, in the history', async () => {
    const patientId = await newPatient();
    await signedFirstVisit(patientId);
    const next = await start(patientId);
    const confirmed = await save(next, { answers: { familyHistory: true, onsetAge: 41 } });
    expect(confirmed.version).toBe(next.version + 1);
    expect(confirmed.answers['familyHistory']).toBe(true);
    expect(confirmed.answerMeta).not.toHaveProperty('familyHistory');
    expect(confirmed.answerMeta).not.toHaveProperty('onsetAge');
    expect(confirmed.answerMeta['course']).toEqual({ carriedFrom: expect.any(String) as string });
    expect((await history(next.id)).at(-1)?.changes).toEqual([
      { code: 'onsetAge', from: 40, to: 41 },
      { code: 'familyHistory', from: true, to: true },
    ]);
  });

  it('carryForward: false starts blank; a first evaluation has nothing to carry', async () => {
    const patientId = await newPatient();
    const first = await start(patientId);
    expect(first.answers).toEqual({});
    expect((await history(first.id))[0]).not.toHaveProperty('carriedFrom');
    await sign(await save(first, { answers: CRITERIA, plan: { reviewed: true } }));
    const blank = await start(patientId, { carryForward: false });
    expect(blank.answers).toEqual({});
    expect(blank.answerMeta).toEqual({});
  });

  it('422 names a bad carryForward or an unknown key, after 404 and 409', async () => {
    const patientId = await newPatient();
    for (const [body, code] of [
      [{ carryForward: 'yes' }, 'carryForward'],
      [{ carry: true }, 'carry'],
    ] as const) {
      const res = await doc.post<ErrorBody>(`/api/patients/${patientId}/evaluations`, body);
      expect(res.status).toBe(422);
      expect(res.body.error.details?.items?.map((i) => i.code)).toEqual([code]);
    }
    expect((await doc.post('/api/patients/nobody/evaluations', { carry: true })).status).toBe(404);
    await start(patientId);
    expect((await doc.post(`/api/patients/${patientId}/evaluations`, { carry: true })).status).toBe(409);
  });

  it('the iron history: oral iron in the last plan, or the earlier answers copied', async () => {
    const patientId = await newPatient();
    const e = await start(patientId);
    const v2 = await save(e, { answers: { ...CRITERIA, 'lab.ferritin': 30, 'lab.tsat': 18 } });
    const v3 = await save(v2, { plan: { selected: ['iron.oral-ferrous-sulfate'], reviewed: true } });
    await moveTo('2026-07-01T15:00:00.000Z');
    await sign(v3);
    const next = await start(patientId);
    expect(next.answers).toMatchObject({
      'meds.current': ['iron-oral'],
      'ironTherapy.prior': true,
      'ironTherapy.route': 'oral',
      'ironTherapy.date': '2026-07-01',
    });
    // A visit that plans no iron passes the iron history on unchanged.
    await sign(await save(next, { plan: { reviewed: true } }));
    const third = await start(patientId);
    expect(third.answers).toMatchObject({ 'ironTherapy.route': 'oral', 'ironTherapy.date': '2026-07-01' });
    expect(third.answers['meds.current']).toEqual([]);
  });
});

describe('POST /api/evaluations/:id/sign with carried answers', () => {
  it('unconfirmed carried answers are a warning, never a blocker', async () => {
    const patientId = await newPatient();
    await signedFirstVisit(patientId);
    const next = await start(patientId);
    const v2 = await save(next, { answers: { familyHistory: true } });
    const refused = await doc.post<ErrorBody>(
      `/api/evaluations/${next.id}/sign`,
      {},
      {
        headers: { 'If-Match': `"${v2.version}"` },
      },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.details?.items?.map((i) => i.code)).toEqual(['plan.reviewed']);
    const carried = refused.body.error.details?.carried as string[];
    expect(carried).toContain('course');
    expect(carried).toContain('meds.current');
    expect(carried).not.toContain('familyHistory');
    expect(carried).toHaveLength(Object.keys(v2.answerMeta).length);

    const signed = await sign(await save(v2, { plan: { reviewed: true } }));
    expect(signed.status).toBe('signed');
    expect(signed.answerMeta['course']).toEqual({ carriedFrom: expect.any(String) as string });
  });
});

describe('plan.medications: the treatment course', () => {
  async function planned(): Promise<EvaluationView> {
    const e = await start(await newPatient());
    return save(e, { answers: { ...CRITERIA, 'irls.total': 18, 'lab.ferritin': 40, 'lab.tsat': 20 } });
  }

  it.each([
    [
      'an option that is not selected',
      { selected: ['rls.gabapentin'], medications: [PREGABALIN] },
      'plan.medications.0.id',
    ],
    [
      'an option that is no medicine',
      { selected: ['lifestyle.exercise'], medications: [{ ...PREGABALIN, id: 'lifestyle.exercise' }] },
      'plan.medications.0.id',
    ],
    [
      'dose 0',
      { selected: ['rls.pregabalin'], medications: [{ ...PREGABALIN, dose: 0 }] },
      'plan.medications.0.dose',
    ],
    [
      'a negative dose',
      { selected: ['rls.pregabalin'], medications: [{ ...PREGABALIN, dose: -75 }] },
      'plan.medications.0.dose',
    ],
    [
      'an unknown unit',
      { selected: ['rls.pregabalin'], medications: [{ ...PREGABALIN, unit: 'tablet' }] },
      'plan.medications.0.unit',
    ],
    [
      'IV iron in grams',
      { selected: ['iron.iv-fcm'], medications: [{ ...IRON_IV, unit: 'g' }] },
      'plan.medications.0.unit',
    ],
    [
      'an unknown frequency',
      { selected: ['rls.pregabalin'], medications: [{ ...PREGABALIN, frequency: 'hourly' }] },
      'plan.medications.0.frequency',
    ],
    [
      'an invalid start date',
      { selected: ['rls.pregabalin'], medications: [{ ...PREGABALIN, startDate: '2026-13-01' }] },
      'plan.medications.0.startDate',
    ],
    [
      'a medicine twice',
      { selected: ['rls.pregabalin'], medications: [PREGABALIN, PREGABALIN] },
      'plan.medications',
    ],
  ])('422 for %s, naming the field, changing nothing', async (_label, plan, code) => {
    const e = await planned();
    const res = await patchError(e, { plan });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error.details?.items?.map((i) => i.code)).toEqual([code]);
    expect((await doc.get<EvaluationView>(`/api/evaluations/${e.id}`)).body).toEqual(e);
  });

  it('is stored with the plan, read back, in the history; deselecting drops a line; an amendment keeps it all', async () => {
    const e = await planned();
    const v = await save(e, {
      plan: {
        selected: ['rls.pregabalin', 'iron.iv-fcm'],
        medications: [PREGABALIN, { ...IRON_IV, startDate: undefined }],
      },
    });
    expect(v.plan.medications).toEqual([PREGABALIN, IRON_IV]);
    expect((await doc.get<EvaluationView>(`/api/evaluations/${e.id}`)).body.plan.medications).toEqual([
      PREGABALIN,
      IRON_IV,
    ]);
    expect((await history(e.id)).at(-1)?.changes).toEqual([
      { code: 'plan.selected', from: [], to: ['rls.pregabalin', 'iron.iv-fcm'] },
      {
        code: 'plan.medications',
        from: [],
        to: ['Pregabalin 75 mg at night, from 2026-06-10', 'IV ferric carboxymaltose 1000 mg single dose'],
      },
    ]);

    const dropped = await save(v, { plan: { selected: ['rls.pregabalin'], reviewed: true } });
    expect(dropped.plan.medications).toEqual([PREGABALIN]);
    expect((await history(e.id)).at(-1)?.changes).toContainEqual({
      code: 'plan.medications',
      from: ['Pregabalin 75 mg at night, from 2026-06-10', 'IV ferric carboxymaltose 1000 mg single dose'],
      to: ['Pregabalin 75 mg at night, from 2026-06-10'],
    });

    const signed = await sign(dropped);
    expect(signed.plan.medications).toEqual([PREGABALIN]);
    const reopened = await amend(signed, 'dose corrected');
    expect(reopened.plan.medications).toEqual([PREGABALIN]);
    const corrected = await save(reopened, { plan: { medications: [{ ...PREGABALIN, dose: 150 }] } });
    expect(corrected.plan.medications).toEqual([{ ...PREGABALIN, dose: 150 }]);
    const entries = await history(e.id);
    expect(entries.filter((h) => h.changes.some((c) => c.code === 'plan.medications'))).toHaveLength(3);
    expect(entries.at(-1)?.changes).toEqual([
      {
        code: 'plan.medications',
        from: ['Pregabalin 75 mg at night, from 2026-06-10'],
        to: ['Pregabalin 150 mg at night, from 2026-06-10'],
      },
    ]);
    // The version signed before the amendment keeps its course.
    const snapshot = await doc.get<EvaluationView>(`/api/evaluations/${e.id}/versions/${signed.version}`);
    expect(snapshot.body.plan.medications).toEqual([PREGABALIN]);
  });
});

describe('GET /api/patients/:id/trends', () => {
  it('three evaluations, one amended: the amended values, the course starts and stops, augmentation', async () => {
    const patientId = await newPatient();
    await moveTo('2026-06-10T14:00:00.000Z');
    // Visit 1: low iron, severe RLS on pramipexole → IV iron and pregabalin.
    const e1 = await start(patientId);
    const e1a = await save(e1, {
      answers: {
        ...STABLE,
        'augmentation.features': ['spread'],
        'irls.total': 24,
        'labs.drawDate': '2026-06-08',
        'lab.ferritin': 40,
        'lab.iron': 45,
        'lab.tibc': 400,
        'lab.hemoglobin': 11.5,
        'duplex.performed': true,
        'duplex.refluxMs.gsv.left': 700,
        'duplex.refluxMs.pop.left': 1200,
        'abi.left': 0.95,
      },
    });
    await sign(
      await save(e1a, {
        plan: {
          selected: ['iron.iv-fcm', 'rls.pregabalin'],
          medications: [IRON_IV, PREGABALIN],
          reviewed: true,
        },
      }),
    );

    // Visit 2, eight weeks later: iron up, pregabalin continued, B12 low → supplement.
    await moveTo('2026-08-05T14:00:00.000Z');
    const e2 = await start(patientId);
    const e2a = await save(e2, {
      answers: { 'irls.total': 15, 'lab.ferritin': 110, 'lab.tsat': 28, 'lab.b12': 150, 'lab.egfr': 75 },
    });
    const e2Signed = await sign(
      await save(e2a, { plan: { selected: ['continue.pregabalin', 'supplement.b12'], reviewed: true } }),
    );

    // The second visit's ferritin was mistyped: amended while open, the corrected value shows.
    const reopened = await amend(e2Signed);
    const corrected = await save(reopened, { answers: { 'lab.ferritin': 120 } });
    const whileAmending = (await doc.get<TrendsDto>(`/api/patients/${patientId}/trends`)).body;
    expect(whileAmending.series.find((s) => s.code === 'lab.ferritin')?.points.map((p) => p.value)).toEqual([
      40, 120,
    ]);
    await sign(corrected);

    // Visit 3, open: no labs drawn yet, IRLS better, nothing decided in its plan yet.
    await moveTo('2026-11-04T14:00:00.000Z');
    const e3 = await start(patientId);
    await save(e3, { answers: { 'irls.total': 8, 'abi.left': 1.0, 'abi.right': 1.02 } });

    const res = await doc.get<TrendsDto>(`/api/patients/${patientId}/trends`);
    expect(res.status).toBe(200);
    const points = (code: string) =>
      res.body.series.find((s) => s.code === code)?.points.map((p) => [p.evaluationId, p.date, p.value]);
    expect(res.body.series.map((s) => [s.code, s.unit])).toEqual([
      ['lab.ferritin', 'ng/mL'],
      ['lab.tsat', '%'],
      ['lab.hemoglobin', 'g/dL'],
      ['lab.egfr', 'mL/min/{1.73_m2}'],
      ['irls.total', null],
      ['abi.left', '1'],
      ['abi.right', '1'],
      ['reflux.left', 'ms'],
      ['reflux.right', 'ms'],
    ]);
    expect(points('lab.ferritin')).toEqual([
      [e1.id, '2026-06-08', 40], // the draw date
      [e2.id, '2026-08-05', 120], // amended; no draw date: the start date
    ]);
    expect(points('lab.tsat')).toEqual([
      [e1.id, '2026-06-08', 11.25], // computed from iron ÷ TIBC
      [e2.id, '2026-08-05', 28],
    ]);
    expect(points('lab.hemoglobin')).toEqual([[e1.id, '2026-06-08', 11.5]]);
    expect(points('lab.egfr')).toEqual([[e2.id, '2026-08-05', 75]]);
    expect(points('irls.total')).toEqual([
      [e1.id, '2026-06-10', 24],
      [e2.id, '2026-08-05', 15],
      [e3.id, '2026-11-04', 8],
    ]);
    expect(points('abi.left')).toEqual([
      [e1.id, '2026-06-10', 0.95],
      [e3.id, '2026-11-04', 1.0],
    ]);
    expect(points('abi.right')).toEqual([[e3.id, '2026-11-04', 1.02]]);
    expect(points('reflux.left')).toEqual([[e1.id, '2026-06-10', 1200]]);
    expect(points('reflux.right')).toEqual([]);

    expect(res.body.treatments.map((t) => [t.evaluationId, t.date, t.optionId, t.label, t.kind])).toEqual([
      [e1.id, '2026-06-10', 'iron.iv-fcm', 'IV ferric carboxymaltose', 'start'],
      [e1.id, '2026-06-10', 'rls.pregabalin', 'Pregabalin', 'start'],
      // the infusion was a single dose: it ends by design, no "stop" at visit 2
      [e2.id, '2026-08-05', 'supplement.b12', 'Vitamin B12', 'start'],
      // visit 3's plan is not decided yet: it stops nothing
    ]);
    // Visit 2 carried pramipexole and the features are measured afresh (none answered there).
    expect(res.body.augmentation).toEqual([
      { evaluationId: e1.id, date: '2026-06-10', features: ['spread'], dopaminergic: ['pramipexole'] },
      { evaluationId: e2.id, date: '2026-08-05', features: [], dopaminergic: ['pramipexole'] },
      { evaluationId: e3.id, date: '2026-11-04', features: [], dopaminergic: ['pramipexole'] },
    ]);

    // A PHI read: audited against the patient.
    await flushReadAudit(server.ctx);
    const reads = await server.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('patient_id', '=', patientId)
      .where('action', '=', 'patient.read')
      .execute();
    expect(reads.some((r) => (r.detail ?? '').includes('trends'))).toBe(true);
  });

  it('a patient without evaluations has every series, empty', async () => {
    const res = await doc.get<TrendsDto>(`/api/patients/${await newPatient()}/trends`);
    expect(res.status).toBe(200);
    expect(res.body.series).toHaveLength(9);
    expect(res.body.series.every((s) => s.points.length === 0)).toBe(true);
    expect(res.body).toMatchObject({ treatments: [], augmentation: [] });
  });

  it('is 404 for an unknown patient, 403 for an administrator, 401 without a session', async () => {
    const missing = await doc.get<ErrorBody>('/api/patients/nobody/trends');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
    const patientId = await newPatient();
    const forbidden = await boss.get<ErrorBody>(`/api/patients/${patientId}/trends`);
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'forbidden']);
    expect((await server.client().get(`/api/patients/${patientId}/trends`)).status).toBe(401);
  });
});

describe('GET /api/patients/:id: what the next visit is for', () => {
  it('the latest signed evaluation’s follow-up date and iron recheck, due once the date is reached', async () => {
    const patientId = await newPatient();
    expect((await doc.get<PatientDetail>(`/api/patients/${patientId}`)).body.followUp).toBeNull();
    const first = await signedFirstVisit(patientId);
    const detail = (await doc.get<PatientDetail>(`/api/patients/${patientId}`)).body;
    expect(detail.followUp).toEqual({
      evaluationId: first.id,
      date: '2026-08-05',
      due: false,
      weeks: 8,
      reason: expect.stringMatching(/8 weeks after IV iron/) as string,
    });
    // The worklist's "follow-up due" reads the same plan date.
    const due = async () =>
      (
        await doc.get<{ items: { id: string }[] }>('/api/patients?followUpDue=true&pageSize=100')
      ).body.items.some((p) => p.id === patientId);
    expect(await due()).toBe(false);
    await moveTo('2026-08-05T16:00:00.000Z'); // noon on 5 August in New York
    expect((await doc.get<PatientDetail>(`/api/patients/${patientId}`)).body.followUp?.due).toBe(true);
    expect(await due()).toBe(true);
  });
});

describe('discarded drafts and not-done items (issue 13) in follow-up visits', () => {
  it('a discarded draft is left out of the trends, the treatment markers, the follow-up and carry forward', async () => {
    const patientId = await newPatient();
    const first = await signedFirstVisit(patientId);
    const before = (await doc.get<TrendsDto>(`/api/patients/${patientId}/trends`)).body;

    // A follow-up draft with measurements and a decided plan (reviewed: its starts would count), then
    // discarded.
    await moveTo('2026-07-10T14:00:00.000Z');
    const draft = await start(patientId);
    const measured = await save(draft, {
      answers: { onsetAge: 52, 'irls.total': 30, 'lab.ferritin': 99, 'abi.left': 0.7 },
    });
    const decided = await save(measured, {
      plan: { selected: ['continue.pregabalin'], followUpDate: '2026-07-20', reviewed: true },
    });
    const whileOpen = (await doc.get<TrendsDto>(`/api/patients/${patientId}/trends`)).body;
    expect(whileOpen.series.find((s) => s.code === 'lab.ferritin')?.points.map((p) => p.value)).toEqual([
      40, 99,
    ]);
    // Its decided plan no longer holds the IV iron: a stop at the draft while it is open.
    expect(whileOpen.treatments.some((t) => t.evaluationId === decided.id)).toBe(true);
    clock.advance(60_000);
    expect((await doc.delete(`/api/evaluations/${decided.id}`)).status).toBe(204);

    const trends = (await doc.get<TrendsDto>(`/api/patients/${patientId}/trends`)).body;
    expect(trends).toEqual(before);
    const evaluationIds = [
      ...trends.series.flatMap((s) => s.points.map((p) => p.evaluationId)),
      ...trends.treatments.map((t) => t.evaluationId),
      ...trends.augmentation.map((a) => a.evaluationId),
    ];
    expect(new Set(evaluationIds)).toEqual(new Set([first.id]));

    const detail = (await doc.get<PatientDetail>(`/api/patients/${patientId}`)).body;
    expect(detail.evaluations.map((e) => e.id)).toEqual([first.id]);
    expect(detail.followUp).toMatchObject({ evaluationId: first.id, date: '2026-08-05' });

    // The next follow-up starts (no 409) and carries from the signed visit, not from the discarded draft.
    const next = await start(patientId);
    expect(next.answers['onsetAge']).toBe(40);
    expect(next.answerMeta['onsetAge']).toEqual({ carriedFrom: first.id });
  });

  it('an item marked not done is not carried; marking a carried item not done drops its carried mark', async () => {
    const patientId = await newPatient();
    await moveTo('2026-06-10T14:00:00.000Z');
    const e = await start(patientId);
    const { onsetAge: _skipped, ...withoutOnset } = STABLE;
    const v2 = await save(e, {
      answers: withoutOnset,
      notDone: { onsetAge: 'patient cannot remember' },
      plan: { reviewed: true },
    });
    expect(v2.answerMeta['onsetAge']).toEqual({ notDone: 'patient cannot remember' });
    const signed = await sign(v2);

    const next = await start(patientId);
    expect(next.answers).not.toHaveProperty('onsetAge');
    expect(next.answerMeta).not.toHaveProperty('onsetAge');
    for (const meta of Object.values(next.answerMeta)) expect(meta).toEqual({ carriedFrom: signed.id });

    // A carried answer marked not done here: the answer goes, the mark replaces its carried meta, and
    // it is no longer an unconfirmed carried answer (nor an unanswered warning).
    const marked = await save(next, { answers: { course: null }, notDone: { course: 'not asked today' } });
    expect(marked.answers).not.toHaveProperty('course');
    expect(marked.answerMeta['course']).toEqual({ notDone: 'not asked today' });
    expect(marked.answerMeta['familyHistory']).toEqual({ carriedFrom: signed.id });
    const refused = await doc.post<ErrorBody>(
      `/api/evaluations/${marked.id}/sign`,
      {},
      { headers: { 'If-Match': `"${marked.version}"` } },
    );
    expect(refused.status).toBe(422);
    const details = refused.body.error.details as { warnings: string[]; carried: string[] };
    expect(details.carried).toContain('familyHistory');
    expect(details.carried).not.toContain('course');
    expect(details.warnings).not.toContain('course');
  });
});

import { assess, CURRENT_WORKUP_VERSION, getWorkup, signWarnings } from '@rls/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import { flushReadAudit } from '../../server/src/features/audit/read-buffer';
import type { EvaluationView } from '../../server/src/features/evaluations/model';
import type { AssignmentView, HistoryEntry } from '@rls/shared';
import {
  CRITERIA_MET,
  createUser,
  startTestServer,
  type ApiClient,
  type ErrorBody,
  type TestServer,
} from './helpers';

// "Now" is 10 June 2026, 09:00 UTC; the server runs in UTC.
const clock = new ManualClock('2026-06-10T09:00:00.000Z');
const MINUTE = 60_000;

let server: TestServer;
let doc: ApiClient;
let doc2: ApiClient;
let boss: ApiClient;
const userIds: Record<'doc' | 'doc2' | 'boss' | 'retired', string> = {
  doc: '',
  doc2: '',
  boss: '',
  retired: '',
};

beforeAll(async () => {
  server = await startTestServer({ clock });
  const accounts = [
    ['doc', 'clinician', 'Dr. Ada Lovel'],
    ['doc2', 'clinician', 'Dr. Ben Okoro'],
    ['boss', 'admin', 'Casey Admin'],
    ['retired', 'clinician', 'Dr. Retired'],
  ] as const;
  for (const [username, role, name] of accounts) {
    const user = await createUser(server.ctx, { username, role, name, password: 'amber meadow falcon 71' });
    userIds[username] = user.id;
  }
  await server.ctx.db.updateTable('users').set({ active: 0 }).where('id', '=', userIds.retired).execute();
  doc = await server.login('doc', 'amber meadow falcon 71');
  doc2 = await server.login('doc2', 'amber meadow falcon 71');
  boss = await server.login('boss', 'amber meadow falcon 71');
});
afterAll(() => server.close());

let mrnSeq = 0;
async function newPatient(fields: Partial<{ sex: string; birthDate: string }> = {}): Promise<string> {
  mrnSeq += 1;
  const res = await doc.post<{ id: string }>('/api/patients', {
    mrn: `EV-${String(mrnSeq).padStart(4, '0')}`,
    name: `Eval Patient ${mrnSeq}`,
    birthDate: '1970-05-05',
    sex: 'female',
    ...fields,
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function startEvaluation(patientId: string, api = doc): Promise<EvaluationView> {
  const res = await api.post<EvaluationView>(`/api/patients/${patientId}/evaluations`, {});
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

function save(id: string, ifMatch: string | null, body: unknown, api = doc) {
  return api.patch<EvaluationView & ErrorBody>(
    `/api/evaluations/${id}`,
    body,
    ifMatch === null ? {} : { headers: { 'If-Match': ifMatch } },
  );
}

async function saved(id: string, version: number, body: unknown): Promise<EvaluationView> {
  clock.advance(MINUTE);
  const res = await save(id, `"${version}"`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function stored(id: string): Promise<EvaluationView> {
  const res = await doc.get<EvaluationView>(`/api/evaluations/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function changeRows(id: string): Promise<number> {
  const rows = await server.ctx.db
    .selectFrom('evaluation_changes')
    .select('version')
    .where('evaluation_id', '=', id)
    .execute();
  return rows.length;
}

/** A refused request left the evaluation exactly as it was: same body, no new version row. */
async function expectUnchanged(before: EvaluationView): Promise<void> {
  expect(await stored(before.id)).toEqual(before);
  expect(await changeRows(before.id)).toBe(before.version);
}

async function readyToSign(patientId?: string): Promise<EvaluationView> {
  const e = await startEvaluation(patientId ?? (await newPatient()));
  return saved(e.id, e.version, { answers: CRITERIA_MET, plan: { reviewed: true } });
}

async function signed(patientId?: string): Promise<EvaluationView> {
  const e = await readyToSign(patientId);
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

describe('POST /api/patients/:id/evaluations', () => {
  it('creates a draft assigned to the caller (201) with ETag and Location, stored as returned', async () => {
    const patientId = await newPatient();
    const res = await doc.post<EvaluationView>(`/api/patients/${patientId}/evaluations`, {});
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe(`/api/evaluations/${res.body.id}`);
    expect(res.body).toMatchObject({
      patientId,
      status: 'draft',
      workflowVersion: CURRENT_WORKUP_VERSION,
      version: 1,
      assigneeId: userIds.doc,
      assigneeName: 'Dr. Ada Lovel',
      currentStage: 'history',
      answers: {},
      answerMeta: {},
      plan: { selected: [], custom: [], followUpDate: null, reviewed: false },
      signedAt: null,
      signedBy: null,
      amendments: [],
      startedAt: clock.now().toISOString(),
      startDate: '2026-06-10',
    });
    expect(res.body.progress.history).toMatchObject({ answered: 0, firstAt: null, lastAt: null });
    expect(res.body.assessment.pending).toEqual(expect.arrayContaining(['criteria.urge', 'lab.ferritin']));
    expect(await stored(res.body.id)).toEqual(res.body);
  });

  it('refuses a second open evaluation with 409 naming the open one, creating nothing', async () => {
    const patientId = await newPatient();
    const open = await startEvaluation(patientId);
    const res = await doc2.post<ErrorBody>(`/api/patients/${patientId}/evaluations`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('open_evaluation_exists');
    expect(res.body.error.details).toEqual({ evaluationId: open.id });
    const rows = await server.ctx.db
      .selectFrom('evaluations')
      .select('id')
      .where('patient_id', '=', patientId)
      .execute();
    expect(rows.map((r) => r.id)).toEqual([open.id]);
  });

  it('is guarded by the database too: a second open row violates the partial unique index', async () => {
    const patientId = await newPatient();
    const open = await startEvaluation(patientId);
    const row = await server.ctx.db
      .selectFrom('evaluations')
      .selectAll()
      .where('id', '=', open.id)
      .executeTakeFirstOrThrow();
    await expect(
      server.ctx.db
        .insertInto('evaluations')
        .values({ ...row, id: 'another-open-one', status: 'amending' })
        .execute(),
    ).rejects.toThrow(/unique/i);
  });

  it('allows a new evaluation once the previous one is signed', async () => {
    const first = await signed();
    const second = await startEvaluation(first.patientId);
    expect(second.id).not.toBe(first.id);
  });

  it('answers 404 for an unknown patient, 401/403 before anything, and 422 for an unknown body field', async () => {
    expect((await doc.post('/api/patients/nope/evaluations', {})).status).toBe(404);
    const patientId = await newPatient();
    expect((await server.client().post(`/api/patients/${patientId}/evaluations`, {})).status).toBe(401);
    const noCsrf = await doc.post<ErrorBody>(`/api/patients/${patientId}/evaluations`, {}, { csrf: false });
    expect([noCsrf.status, noCsrf.body.error.code]).toEqual([403, 'csrf']);
    const admin = await boss.post<ErrorBody>(`/api/patients/${patientId}/evaluations`, {});
    expect([admin.status, admin.body.error.code]).toEqual([403, 'forbidden']);
    const extra = await doc.post<ErrorBody>(`/api/patients/${patientId}/evaluations`, { status: 'signed' });
    expect(extra.status).toBe(422);
    expect(extra.body.error.details?.items?.map((i) => i.code)).toEqual(['status']);
    const count = await server.ctx.db
      .selectFrom('evaluations')
      .select('id')
      .where('patient_id', '=', patientId)
      .execute();
    expect(count).toHaveLength(0);
  });
});

describe('GET /api/evaluations/:id', () => {
  it('returns the evaluation with a strong ETag of its version', async () => {
    const e = await startEvaluation(await newPatient());
    const res = await doc.get<EvaluationView>(`/api/evaluations/${e.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'id',
        'patientId',
        'status',
        'workflowVersion',
        'version',
        'assigneeId',
        'assigneeName',
        'currentStage',
        'progress',
        'answers',
        'answerMeta',
        'plan',
        'assessment',
        'signedAt',
        'signedBy',
        'signedByName',
        'amendments',
        'startedAt',
        'startDate',
        'updatedAt',
      ].sort(),
    );
  });

  it('is 404 for an unknown id, 401 without a session and 403 for an administrator', async () => {
    const e = await startEvaluation(await newPatient());
    expect((await doc.get('/api/evaluations/unknown')).status).toBe(404);
    expect((await server.client().get(`/api/evaluations/${e.id}`)).status).toBe(401);
    const res = await boss.get<ErrorBody>(`/api/evaluations/${e.id}`);
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain(e.patientId);
  });
});

describe('PATCH /api/evaluations/:id', () => {
  it('stores canonical values with what was entered in answerMeta, and moves stage, progress and ETag', async () => {
    const e = await startEvaluation(await newPatient());
    clock.advance(MINUTE);
    const at = clock.now().toISOString();
    const res = await save(e.id, '"1"', {
      answers: {
        'criteria.urge': true,
        'lab.hba1c': { value: 47, unit: 'mmol/mol' },
        'lab.hemoglobin': { value: 118, unit: 'g/L' },
        'lab.ferritin': { value: 40, unit: 'ng/mL' },
        'lab.iron': { value: 9, unit: 'umol/L' },
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    const body = res.body;
    expect(body.version).toBe(2);
    expect(body.answers['lab.hba1c']).toBeCloseTo(47 / 10.929 + 2.15, 12); // 6.45 %: not diabetic
    expect(body.answers['lab.hemoglobin']).toBeCloseTo(11.8, 12);
    expect(body.answers['lab.iron']).toBeCloseTo(9 * 5.585, 12);
    expect(body.answers['lab.ferritin']).toBe(40);
    expect(body.answerMeta).toEqual({
      'lab.hba1c': { value: 47, unit: 'mmol/mol' },
      'lab.hemoglobin': { value: 118, unit: 'g/L' },
      'lab.iron': { value: 9, unit: 'umol/L' },
    });
    expect(body.assessment.findings.map((f) => f.code)).not.toContain('diabetes');
    expect(body.assessment.findings.map((f) => f.code)).toContain('anemia'); // 11.8 g/dL, female
    expect(body.currentStage).toBe('labs'); // the last answer sent that changed
    expect(body.progress.labs).toMatchObject({ answered: 4, firstAt: at, lastAt: at });
    expect(body.progress.history).toMatchObject({ answered: 1, firstAt: at, lastAt: at });
    expect(body.progress.exam).toMatchObject({ answered: 0, firstAt: null });
    expect(body.updatedAt).toBe(at);
    // Exactly what the shared rules produce for these answers and plan on the start date.
    expect(body.startDate).toBe('2026-06-10');
    expect(body.assessment).toEqual(
      assess(body.answers, { sex: 'female', birthDate: '1970-05-05' }, body.startDate, body.plan),
    );
    expect(await stored(e.id)).toEqual(body);

    const stage = await saved(e.id, 2, { answers: { 'exam.pulses.left': 'normal' } });
    expect(stage.currentStage).toBe('exam');
    expect(stage.progress.labs.lastAt).toBe(at);
    const row = await server.ctx.db
      .selectFrom('evaluations')
      .select(['current_stage', 'version'])
      .where('id', '=', e.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ current_stage: 'exam', version: 3 });
  });

  it('accepts If-Match as a bare number too', async () => {
    const e = await startEvaluation(await newPatient());
    expect((await save(e.id, '1', { answers: { 'criteria.rest': true } })).status).toBe(200);
  });

  it('is 428 without If-Match and changes nothing', async () => {
    const e = await startEvaluation(await newPatient());
    const res = await save(e.id, null, { answers: { 'criteria.urge': true } });
    expect(res.status).toBe(428);
    expect(res.body.error.code).toBe('precondition_required');
    await expectUnchanged(e);
  });

  it('is 412 with the stored evaluation when If-Match is stale, and changes nothing', async () => {
    const e = await startEvaluation(await newPatient());
    const v2 = await saved(e.id, 1, { answers: { 'criteria.urge': true } });
    const res = await save(e.id, '"1"', { answers: { 'criteria.urge': false, 'lab.ferritin': 10 } });
    expect(res.status).toBe(412);
    expect(res.body.error.code).toBe('stale');
    expect(res.body.error.details?.current).toEqual(v2);
    await expectUnchanged(v2);
    // A weak tag never matches (strong comparison).
    expect((await save(e.id, 'W/"2"', { answers: { 'criteria.urge': false } })).status).toBe(412);
  });

  it('lets exactly one of two concurrent saves of the same version through; the other gets 412', async () => {
    const e = await startEvaluation(await newPatient());
    const [a, b] = await Promise.all([
      save(e.id, '"1"', { answers: { 'irls.total': 10 } }),
      save(e.id, '"1"', { answers: { 'irls.total': 30 } }, doc2),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? a.body : b.body;
    const after = await stored(e.id);
    expect(after.version).toBe(2);
    expect(after.answers['irls.total']).toBe(winner.answers['irls.total']);
    expect(await changeRows(e.id)).toBe(2);
  });

  it('refuses the whole batch with 422 listing every invalid item, storing nothing', async () => {
    const e = await startEvaluation(await newPatient({ sex: 'male' }));
    const res = await save(e.id, '"1"', {
      answers: {
        'criteria.urge': true, // valid, but the batch is all or nothing
        'nope.code': 1,
        'criteria.rest': 'yes',
        'irls.total': 41,
        'exam.ceap.left': 'C9',
        'lab.ferritin': { value: 5, unit: 'mg/L' },
        'duplex.refluxMs.gsv.left': 800, // disabled: duplex not performed
        pregnant: false, // disabled for a male patient
        'lab.tsat': -1,
      },
    });
    expect(res.status).toBe(422);
    const items = res.body.error.details?.items ?? [];
    expect(items.map((i) => i.code).sort()).toEqual(
      [
        'nope.code',
        'criteria.rest',
        'irls.total',
        'exam.ceap.left',
        'lab.ferritin',
        'duplex.refluxMs.gsv.left',
        'pregnant',
        'lab.tsat',
      ].sort(),
    );
    const reason = (code: string) => items.find((i) => i.code === code)?.reason ?? '';
    expect(reason('nope.code')).toMatch(/unknown item/);
    expect(reason('irls.total')).toMatch(/40/);
    expect(reason('lab.ferritin')).toMatch(/ng\/mL/);
    expect(reason('lab.ferritin')).toMatch(/ug\/L/);
    expect(reason('duplex.refluxMs.gsv.left')).toMatch(/duplex\.performed/);
    await expectUnchanged(e);
  });

  it('validates the plan: unknown fields and suggestions the findings do not offer are 422', async () => {
    const e = await startEvaluation(await newPatient());
    const v2 = await saved(e.id, 1, { answers: { 'lab.ferritin': 40, 'lab.tsat': 15 } });
    const offered = v2.assessment.findings.flatMap((f) => f.suggestions.map((s) => s.id));
    expect(offered).toContain('iron.oral-ferrous-sulfate');

    const bad = await save(e.id, '"2"', {
      plan: { selected: ['iron.oral-ferrous-sulfate', 'venous.endovenous-ablation'], extra: true },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details?.items?.map((i) => i.code)).toEqual(['plan.extra']);
    const notOffered = await save(e.id, '"2"', {
      plan: { selected: ['iron.oral-ferrous-sulfate', 'venous.endovenous-ablation'] },
    });
    expect(notOffered.status).toBe(422);
    expect(notOffered.body.error.details?.items).toEqual([
      { code: 'plan.selected.1', reason: expect.stringContaining('venous.endovenous-ablation') as string },
    ]);
    const badDate = await save(e.id, '"2"', { plan: { followUpDate: '2026-02-30' } });
    expect(badDate.body.error.details?.items?.map((i) => i.code)).toEqual(['plan.followUpDate']);
    await expectUnchanged(v2);

    const v3 = await saved(e.id, 2, {
      plan: {
        selected: ['iron.oral-ferrous-sulfate'],
        custom: ['Recheck ferritin'],
        followUpDate: '2026-09-01',
      },
    });
    expect(v3.plan).toEqual({
      selected: ['iron.oral-ferrous-sulfate'],
      custom: ['Recheck ferritin'],
      followUpDate: '2026-09-01',
      reviewed: false,
      medications: [],
    });
    // Iron is now replete: the suggestion is no longer offered, but what was selected may stay.
    const v4 = await saved(e.id, 3, { answers: { 'lab.ferritin': 250, 'lab.tsat': 30 } });
    expect(v4.assessment.findings.flatMap((f) => f.suggestions.map((s) => s.id))).not.toContain(
      'iron.oral-ferrous-sulfate',
    );
    const v5 = await saved(e.id, 4, { plan: { selected: ['iron.oral-ferrous-sulfate'], reviewed: true } });
    expect(v5.plan.selected).toEqual(['iron.oral-ferrous-sulfate']);
    const row = await server.ctx.db
      .selectFrom('evaluations')
      .select('follow_up_date')
      .where('id', '=', e.id)
      .executeTakeFirstOrThrow();
    expect(row.follow_up_date).toBe('2026-09-01');
  });

  it('answers 200 with the same version when nothing effectively changes', async () => {
    const e = await startEvaluation(await newPatient());
    const v2 = await saved(e.id, 1, { answers: { 'criteria.urge': true, 'meds.exacerbating': ['tca'] } });
    clock.advance(MINUTE);
    const res = await save(e.id, '"2"', {
      answers: { 'criteria.urge': true, 'meds.exacerbating': ['tca'] },
      plan: { selected: [] },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    expect(res.body).toEqual(v2);
    expect(await changeRows(e.id)).toBe(2);
  });

  it('clears answers a save disables (duplex.performed → false) and records them in the history', async () => {
    const e = await startEvaluation(await newPatient());
    const v2 = await saved(e.id, 1, {
      answers: {
        'duplex.performed': true,
        'duplex.refluxMs.gsv.left': 800,
        'duplex.perfDiameterMm.left': 4,
        'duplex.dvt': false,
        'abi.left': 1.05,
      },
    });
    expect(v2.assessment.findings.map((f) => f.code)).toContain('venous.superficial-reflux');

    const v3 = await saved(e.id, 2, { answers: { 'duplex.performed': false } });
    expect(v3.answers).toEqual({ 'duplex.performed': false, 'abi.left': 1.05 });
    expect(v3.assessment.findings.map((f) => f.code)).not.toContain('venous.superficial-reflux');
    expect(await stored(e.id)).toEqual(v3);

    const history = (await doc.get<HistoryEntry[]>(`/api/evaluations/${e.id}/history`)).body;
    expect(history.at(-1)?.changes).toEqual([
      { code: 'duplex.performed', from: true, to: false },
      { code: 'duplex.dvt', from: false, to: null },
      { code: 'duplex.refluxMs.gsv.left', from: 800, to: null },
      { code: 'duplex.perfDiameterMm.left', from: 4, to: null },
    ]);
  });

  it('null clears an answer and its entered unit', async () => {
    const e = await startEvaluation(await newPatient());
    await saved(e.id, 1, { answers: { 'lab.b12': { value: 150, unit: 'pmol/L' } } });
    const v3 = await saved(e.id, 2, { answers: { 'lab.b12': null } });
    expect(v3.answers).toEqual({});
    expect(v3.answerMeta).toEqual({});
  });

  it('answers 400 to malformed JSON and 413 to a body over 1 MB, changing nothing', async () => {
    const e = await startEvaluation(await newPatient());
    const malformed = await doc.patch<ErrorBody>(`/api/evaluations/${e.id}`, undefined, {
      raw: '{"answers": {',
      headers: { 'If-Match': '"1"' },
    });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'invalid_json']);
    const huge = await save(e.id, '"1"', { answers: { 'angiography.finding': 'x'.repeat(1_100_000) } });
    expect(huge.status).toBe(413);
    await expectUnchanged(e);
  });

  it('checks in the contract order: 401, 403 CSRF, 403 role, 404, 428, 409, 412, 422', async () => {
    const open = await startEvaluation(await newPatient());
    const locked = await signed();
    const body = { answers: { nope: 1 } };
    expect((await server.client().patch(`/api/evaluations/unknown`, body)).status).toBe(401);
    expect((await doc.patch(`/api/evaluations/unknown`, body, { csrf: false })).status).toBe(403);
    const role = await boss.patch<ErrorBody>(`/api/evaluations/${open.id}`, body, {
      headers: { 'If-Match': '"1"' },
    });
    expect([role.status, role.body.error.code]).toEqual([403, 'forbidden']);
    expect((await save('unknown', null, body)).status).toBe(404);
    expect((await save(locked.id, null, body)).status).toBe(428);
    const signedStale = await save(locked.id, '"1"', body);
    expect([signedStale.status, signedStale.body.error.code]).toEqual([409, 'signed']);
    expect((await save(open.id, '"7"', body)).status).toBe(412);
    expect((await save(open.id, '"1"', body)).status).toBe(422);
    await expectUnchanged(open);
    await expectUnchanged(locked);
  });
});

describe('POST /api/evaluations/:id/sign', () => {
  it('is 422 listing the blockers and the warnings until the criteria are answered and the plan reviewed', async () => {
    const e = await startEvaluation(await newPatient());
    const v2 = await saved(e.id, 1, { answers: { 'criteria.urge': true, 'criteria.rest': false } });
    const res = await doc.post<ErrorBody>(
      `/api/evaluations/${e.id}/sign`,
      {},
      { headers: { 'If-Match': '"2"' } },
    );
    expect(res.status).toBe(422);
    expect(res.body.error.details?.items).toEqual([
      { code: 'criteria.movementRelief', reason: expect.any(String) as string },
      { code: 'criteria.eveningWorse', reason: expect.any(String) as string },
      { code: 'criteria.notMimic', reason: expect.any(String) as string },
      { code: 'plan.reviewed', reason: expect.any(String) as string },
    ]);
    const warnings = res.body.error.details?.warnings as string[];
    expect(warnings).toEqual(
      signWarnings(getWorkup(CURRENT_WORKUP_VERSION), { sex: 'female', birthDate: '1970-05-05' }, v2.answers),
    );
    expect(warnings).toContain('lab.ferritin');
    await expectUnchanged(v2);
  });

  it('is 428 without If-Match and 412 when stale, changing nothing', async () => {
    const e = await readyToSign();
    expect((await doc.post(`/api/evaluations/${e.id}/sign`, {})).status).toBe(428);
    const stale = await doc.post<ErrorBody>(
      `/api/evaluations/${e.id}/sign`,
      {},
      { headers: { 'If-Match': '"1"' } },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.error.details?.current).toEqual(e);
    await expectUnchanged(e);
  });

  it('signs and locks: status, signer, stage, a readable snapshot; PATCH and a second sign are 409', async () => {
    const e = await readyToSign();
    clock.advance(MINUTE);
    const res = await doc.post<EvaluationView>(`/api/evaluations/${e.id}/sign`, undefined, {
      headers: { 'If-Match': `"${e.version}"` },
    });
    expect(res.status).toBe(200);
    const version = e.version + 1;
    expect(res.headers.get('etag')).toBe(`"${version}"`);
    expect(res.body).toMatchObject({
      status: 'signed',
      version,
      currentStage: 'signed',
      signedAt: clock.now().toISOString(),
      signedBy: userIds.doc,
      signedByName: 'Dr. Ada Lovel',
    });
    expect(await stored(e.id)).toEqual(res.body);

    const snapshot = await doc.get<EvaluationView>(`/api/evaluations/${e.id}/versions/${version}`);
    expect(snapshot.status).toBe(200);
    expect(snapshot.body).toEqual(res.body);
    expect((await doc.get(`/api/evaluations/${e.id}/versions/${e.version}`)).status).toBe(404); // not a signed version
    expect((await doc.get(`/api/evaluations/${e.id}/versions/abc`)).status).toBe(404);

    const patch = await save(e.id, `"${version}"`, { answers: { 'irls.total': 5 } });
    expect([patch.status, patch.body.error.code]).toEqual([409, 'signed']);
    const again = await doc.post<ErrorBody>(
      `/api/evaluations/${e.id}/sign`,
      {},
      {
        headers: { 'If-Match': `"${version}"` },
      },
    );
    expect(again.status).toBe(409);
    await expectUnchanged(res.body);

    const worklist = await doc.get<{
      items: { id: string; evaluation: { status: string; currentStage: string } }[];
    }>(`/api/patients?query=${encodeURIComponent(`Eval Patient ${mrnSeq}`)}`);
    expect(worklist.body.items[0]?.evaluation).toMatchObject({ status: 'signed', currentStage: 'signed' });
  });
});

describe('POST /api/evaluations/:id/amendments', () => {
  it('is 409 for an evaluation that is not signed, and 422 without a reason, changing nothing', async () => {
    const draft = await startEvaluation(await newPatient());
    const notSigned = await doc.post<ErrorBody>(`/api/evaluations/${draft.id}/amendments`, { reason: 'x' });
    expect([notSigned.status, notSigned.body.error.code]).toEqual([409, 'not_signed']);
    await expectUnchanged(draft);

    const locked = await signed();
    const noReason = await doc.post<ErrorBody>(`/api/evaluations/${locked.id}/amendments`, { reason: '  ' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.details?.items?.map((i) => i.code)).toEqual(['reason']);
    await expectUnchanged(locked);
    expect((await doc.post(`/api/evaluations/unknown/amendments`, { reason: 'x' })).status).toBe(404);
  });

  it('reopens as amending (201); signing again closes it; every signed version stays readable', async () => {
    const first = await signed();
    clock.advance(MINUTE);
    const res = await doc.post<EvaluationView>(`/api/evaluations/${first.id}/amendments`, {
      reason: 'Corrected ferritin from the lab',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe(`"${first.version + 1}"`);
    expect(res.body).toMatchObject({
      id: first.id,
      status: 'amending',
      version: first.version + 1,
      signedAt: null,
      signedBy: null,
      currentStage: 'history',
      amendments: [
        {
          reason: 'Corrected ferritin from the lab',
          by: userIds.doc,
          at: clock.now().toISOString(),
          fromVersion: first.version,
        },
      ],
    });
    expect(await stored(first.id)).toEqual(res.body);

    const edited = await saved(first.id, res.body.version, {
      answers: { 'lab.ferritin': 60, 'lab.tsat': 25 },
    });
    expect(edited.currentStage).toBe('labs');
    const resigned = await doc.post<EvaluationView>(
      `/api/evaluations/${first.id}/sign`,
      {},
      {
        headers: { 'If-Match': `"${edited.version}"` },
      },
    );
    expect(resigned.status).toBe(200);
    expect(resigned.body.status).toBe('signed');

    const v1 = await doc.get<EvaluationView>(`/api/evaluations/${first.id}/versions/${first.version}`);
    const v2 = await doc.get<EvaluationView>(
      `/api/evaluations/${first.id}/versions/${resigned.body.version}`,
    );
    expect(v1.body).toEqual(first);
    expect(v1.body.answers['lab.ferritin']).toBeUndefined();
    expect(v2.body).toEqual(resigned.body);
    expect(v2.body.answers['lab.ferritin']).toBe(60);
    expect(v2.body.amendments).toHaveLength(1);
  });

  it('is 409 naming the open one when the patient already has another open evaluation', async () => {
    const old = await signed();
    const open = await startEvaluation(old.patientId);
    const res = await doc.post<ErrorBody>(`/api/evaluations/${old.id}/amendments`, { reason: 'late result' });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ evaluationId: open.id });
    await expectUnchanged(old);
    await expectUnchanged(open);
  });
});

describe('POST /api/evaluations/:id/assignee', () => {
  it('lets an administrator reassign without seeing clinical content', async () => {
    const e = await startEvaluation(await newPatient());
    const res = await boss.post<AssignmentView>(`/api/evaluations/${e.id}/assignee`, {
      clinicianId: userIds.doc2,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: e.id,
      status: 'draft',
      version: 2,
      currentStage: 'history',
      assigneeId: userIds.doc2,
      assigneeName: 'Dr. Ben Okoro',
      updatedAt: clock.now().toISOString(),
    });
    expect(res.headers.get('etag')).toBe('"2"');
    expect((await stored(e.id)).assigneeId).toBe(userIds.doc2);
    const filtered = await doc.get<{ items: { evaluation: { id: string } }[] }>(
      `/api/patients?assignee=${userIds.doc2}&pageSize=100`,
    );
    expect(filtered.body.items.map((i) => i.evaluation.id)).toContain(e.id);
  });

  it('lets a clinician reassign; re-assigning to the same clinician changes nothing', async () => {
    const e = await startEvaluation(await newPatient());
    const same = await doc.post<AssignmentView>(`/api/evaluations/${e.id}/assignee`, {
      clinicianId: userIds.doc,
    });
    expect(same.status).toBe(200);
    await expectUnchanged(e);
    const res = await doc.post<AssignmentView>(`/api/evaluations/${e.id}/assignee`, {
      clinicianId: userIds.doc2,
    });
    expect(res.body.assigneeId).toBe(userIds.doc2);
  });

  it('is 422 for an inactive clinician, an administrator or an unknown id; 409 when signed; 404', async () => {
    const e = await startEvaluation(await newPatient());
    for (const clinicianId of [userIds.retired, userIds.boss, 'nobody']) {
      const res = await boss.post<ErrorBody>(`/api/evaluations/${e.id}/assignee`, { clinicianId });
      expect(res.status).toBe(422);
      expect(res.body.error.details?.items?.map((i) => i.code)).toEqual(['clinicianId']);
    }
    expect((await boss.post(`/api/evaluations/${e.id}/assignee`, {})).status).toBe(422);
    await expectUnchanged(e);
    const locked = await signed();
    const res = await boss.post<ErrorBody>(`/api/evaluations/${locked.id}/assignee`, {
      clinicianId: userIds.doc2,
    });
    expect(res.status).toBe(409);
    await expectUnchanged(locked);
    expect((await boss.post('/api/evaluations/unknown/assignee', { clinicianId: userIds.doc2 })).status).toBe(
      404,
    );
    expect(
      (await boss.post(`/api/evaluations/${e.id}/assignee`, { clinicianId: userIds.doc2 }, { csrf: false }))
        .status,
    ).toBe(403);
  });
});

describe('GET /api/evaluations/:id/history', () => {
  it('lists one entry per version: create, saves with their changes, reassign, sign, amend', async () => {
    const t0 = clock.now().toISOString();
    const e = await startEvaluation(await newPatient());
    const v2 = await saved(e.id, 1, { answers: { ...CRITERIA_MET, 'irls.total': 24 } });
    clock.advance(MINUTE);
    await boss.post(`/api/evaluations/${e.id}/assignee`, { clinicianId: userIds.doc2 });
    const v4 = await saved(e.id, v2.version + 1, { answers: { 'irls.total': 22 }, plan: { reviewed: true } });
    clock.advance(MINUTE);
    await doc.post(`/api/evaluations/${e.id}/sign`, {}, { headers: { 'If-Match': `"${v4.version}"` } });
    clock.advance(MINUTE);
    await doc2.post(`/api/evaluations/${e.id}/amendments`, { reason: 'typo in IRLS' });

    const res = await doc.get<HistoryEntry[]>(`/api/evaluations/${e.id}/history`);
    expect(res.status).toBe(200);
    const h = res.body;
    expect(h.map((x) => [x.version, x.event ?? 'update'])).toEqual([
      [1, 'create'],
      [2, 'update'],
      [3, 'reassign'],
      [4, 'update'],
      [5, 'sign'],
      [6, 'amend'],
    ]);
    expect(h[0]).toEqual({
      version: 1,
      at: t0,
      by: userIds.doc,
      byName: 'Dr. Ada Lovel',
      changes: [],
      event: 'create',
    });
    expect(h[1]?.changes).toEqual([
      { code: 'criteria.urge', from: null, to: true },
      { code: 'criteria.rest', from: null, to: true },
      { code: 'criteria.movementRelief', from: null, to: true },
      { code: 'criteria.eveningWorse', from: null, to: true },
      { code: 'criteria.notMimic', from: null, to: true },
      { code: 'irls.total', from: null, to: 24 },
    ]);
    expect(h[2]).toMatchObject({
      by: userIds.boss,
      byName: 'Casey Admin',
      changes: [],
      assignee: {
        fromId: userIds.doc,
        fromName: 'Dr. Ada Lovel',
        toId: userIds.doc2,
        toName: 'Dr. Ben Okoro',
      },
    });
    expect(h[3]?.changes).toEqual([
      { code: 'irls.total', from: 24, to: 22 },
      { code: 'plan.reviewed', from: false, to: true },
    ]);
    expect(h[5]).toMatchObject({ by: userIds.doc2, reason: 'typo in IRLS', changes: [] });
    expect(h.every((x, i) => i === 0 || x.at >= h[i - 1]!.at)).toBe(true);

    expect((await doc.get('/api/evaluations/unknown/history')).status).toBe(404);
    expect((await boss.get(`/api/evaluations/${e.id}/history`)).status).toBe(403);
  });
});

describe('audit', () => {
  it('records every change in its transaction with category and versions, and PHI reads, without PHI', async () => {
    const patientId = await newPatient();
    const e = await startEvaluation(patientId);
    await saved(e.id, 1, {
      answers: { 'lab.ferritin': 33, 'exam.edema.left': true },
      plan: { custom: ['Walk daily'] },
    });
    await saved(e.id, 2, { answers: { ...CRITERIA_MET }, plan: { reviewed: true } });
    await doc.post(`/api/evaluations/${e.id}/sign`, {}, { headers: { 'If-Match': '"3"' } });
    await doc.post(`/api/evaluations/${e.id}/amendments`, { reason: 'confidential reason text' });
    await boss.post(`/api/evaluations/${e.id}/assignee`, { clinicianId: userIds.doc2 });
    await doc.get(`/api/evaluations/${e.id}`);
    await flushReadAudit(server.ctx);

    const rows = await server.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', e.id)
      .orderBy('seq')
      .execute();
    const changes = rows.filter((r) => r.action !== 'evaluation.read');
    expect(changes.map((r) => [r.action, r.category, r.before_version, r.after_version, r.username])).toEqual(
      [
        ['evaluation.create', 'evaluation', null, 1, 'doc'],
        ['evaluation.update', 'exam,labs,plan', 1, 2, 'doc'],
        ['evaluation.update', 'history,plan', 2, 3, 'doc'],
        ['evaluation.sign', 'signature', 3, 4, 'doc'],
        ['evaluation.amend', 'amendment', 4, 5, 'doc'],
        ['evaluation.reassign', 'assignment', 5, 6, 'boss'],
      ],
    );
    expect(rows.every((r) => r.patient_id === patientId)).toBe(true);
    expect(rows.some((r) => r.action === 'evaluation.read' && r.username === 'doc')).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/Walk daily|confidential|Eval Patient|EV-0/);
  });
});

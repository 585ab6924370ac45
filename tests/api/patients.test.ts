import { randomUUID } from 'node:crypto';
import { CURRENT_WORKUP_VERSION, type WorklistEvaluation } from '@rls/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import type { EvaluationView } from '../../server/src/features/evaluations/model';
import { insertPatient } from '../../server/src/features/patients/repo';
import type { HistoryEntry, PatientDetail } from '@rls/shared';
import {
  CRITERIA_MET,
  createUser,
  startTestServer,
  type ApiClient,
  type ErrorBody,
  type TestServer,
} from './helpers';

interface Item {
  id: string;
  mrn: string;
  name: string;
  birthDate: string;
  sex: string;
  evaluation: WorklistEvaluation | null;
}
interface Page {
  items: Item[];
  total: number;
  page: number;
  pageSize: number;
}

let server: TestServer;
let api: ApiClient;
let api2: ApiClient;
const ids = { doc: '', doc2: '' };
const clock = new ManualClock('2026-06-10T12:00:00.000Z');

const PATIENTS = [
  { mrn: 'MRN-200001', name: 'Zoe Abbott', birthDate: '1960-01-01', sex: 'female' },
  { mrn: 'MRN-200002', name: 'adam Brook', birthDate: '1970-02-02', sex: 'male' },
  { mrn: 'MRN-200003', name: 'Carla 100% Cruz', birthDate: '1980-03-03', sex: 'other' },
  { mrn: 'MRN-200004', name: 'Dan_Dale', birthDate: '1990-04-04', sex: 'unknown' },
  { mrn: 'XY-77', name: 'Eve Evans', birthDate: '2015-05-05', sex: 'female' },
];

beforeAll(async () => {
  server = await startTestServer({ clock });
  ids.doc = (
    await createUser(server.ctx, {
      username: 'doc',
      role: 'clinician',
      name: 'Dr. Doc',
      password: 'doctor password 1',
    })
  ).id;
  ids.doc2 = (
    await createUser(server.ctx, {
      username: 'doc2',
      role: 'clinician',
      name: 'Dr. Second',
      password: 'second doctor password 2',
    })
  ).id;
  await createUser(server.ctx, {
    username: 'boss',
    role: 'admin',
    name: 'Boss',
    password: 'admin password 1',
  });
  api = await server.login('doc', 'doctor password 1');
  api2 = await server.login('doc2', 'second doctor password 2');
  for (const p of PATIENTS) expect((await api.post('/api/patients', p)).status).toBe(201);
});
afterAll(() => server.close());

describe('GET /api/patients', () => {
  it('lists a page sorted by name, case-insensitively, with the documented item shape', async () => {
    const res = await api.get<Page>('/api/patients');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(5);
    expect(res.body.page).toBe(1);
    expect(res.body.pageSize).toBe(25);
    expect(res.body.items.map((p) => p.name)).toEqual([
      'adam Brook',
      'Carla 100% Cruz',
      'Dan_Dale',
      'Eve Evans',
      'Zoe Abbott',
    ]);
    expect(res.body.items[0]).toEqual({
      id: expect.any(String) as string,
      mrn: 'MRN-200002',
      name: 'adam Brook',
      birthDate: '1970-02-02',
      sex: 'male',
      evaluation: null,
    });
  });

  it('matches query as a case-insensitive substring of name or MRN', async () => {
    const names = async (q: string) =>
      (await api.get<Page>(`/api/patients?query=${encodeURIComponent(q)}`)).body.items.map((p) => p.name);
    expect(await names('BROOK')).toEqual(['adam Brook']);
    expect(await names('mrn-20000')).toHaveLength(4);
    expect(await names('xy-7')).toEqual(['Eve Evans']);
    expect(await names('evans xy')).toEqual(['Eve Evans']); // name and MRN as one string
    expect(await names('  abbott ')).toEqual(['Zoe Abbott']);
    expect(await names('nobody')).toEqual([]);
  });

  it('treats LIKE wildcards in the query literally', async () => {
    const count = async (q: string) =>
      (await api.get<Page>(`/api/patients?query=${encodeURIComponent(q)}`)).body.total;
    expect(await count('%')).toBe(1); // only "Carla 100% Cruz"
    expect(await count('_')).toBe(1); // only "Dan_Dale"
    expect(await count('\\')).toBe(0);
  });

  it('pages with page and pageSize', async () => {
    const page2 = await api.get<Page>('/api/patients?page=2&pageSize=2');
    expect(page2.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page2.body.items.map((p) => p.name)).toEqual(['Dan_Dale', 'Eve Evans']);
    const page3 = await api.get<Page>('/api/patients?page=3&pageSize=2');
    expect(page3.body.items.map((p) => p.name)).toEqual(['Zoe Abbott']);
    expect((await api.get<Page>('/api/patients?pageSize=100')).status).toBe(200);
  });

  it('names the bad parameter with 422', async () => {
    for (const [qs, field] of [
      ['pageSize=101', 'pageSize'],
      ['pageSize=0', 'pageSize'],
      ['page=0', 'page'],
      ['page=abc', 'page'],
      ['sort=age', 'sort'],
    ] as const) {
      const res = await api.get<ErrorBody>(`/api/patients?${qs}`);
      expect(res.status, qs).toBe(422);
      expect(res.body.error.details?.items?.map((i) => i.code)).toEqual([field]);
    }
  });

  it('is 401 without a session and 403 for an administrator', async () => {
    expect((await server.client().get('/api/patients')).status).toBe(401);
    const admin = await server.login('boss', 'admin password 1');
    const res = await admin.get<ErrorBody>('/api/patients');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});

describe('POST /api/patients', () => {
  const valid = { mrn: 'MRN-300001', name: 'New Person', birthDate: '2001-07-08', sex: 'female' };

  it('creates a patient (201) that the worklist then shows', async () => {
    const res = await api.post<Item>('/api/patients', valid);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject(valid);
    const found = await api.get<Page>('/api/patients?query=new%20person');
    expect(found.body.items.map((p) => p.id)).toEqual([res.body.id]);
  });

  it('refuses a duplicate MRN with 409', async () => {
    const res = await api.post<ErrorBody>('/api/patients', { ...valid, name: 'Someone Else' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('duplicate_mrn');
  });

  it('refuses a birth date in the future (by the server clock) but accepts today', async () => {
    const tomorrow = await api.post<ErrorBody>('/api/patients', {
      ...valid,
      mrn: 'MRN-300002',
      birthDate: '2026-06-11',
    });
    expect(tomorrow.status).toBe(422);
    expect(tomorrow.body.error.details?.items?.[0]?.code).toBe('birthDate');
    expect(
      (await api.post('/api/patients', { ...valid, mrn: 'MRN-300003', birthDate: '2026-06-10' })).status,
    ).toBe(201);
  });

  it('lists every invalid field, including unknown ones', async () => {
    const res = await api.post<ErrorBody>('/api/patients', {
      mrn: '',
      name: 'X',
      birthDate: '2020-02-30',
      sex: 'f',
      extra: 1,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details?.items?.map((i) => i.code).sort()).toEqual([
      'birthDate',
      'extra',
      'mrn',
      'sex',
    ]);
  });

  it('needs the CSRF token (403 before validation)', async () => {
    const res = await api.post<ErrorBody>('/api/patients', {}, { csrf: false });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf');
  });

  it('audits the creation with the patient id and no PHI', async () => {
    const rows = await server.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'patient.create')
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.every((r) => r.patient_id && r.username === 'doc' && r.role === 'clinician')).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/MRN-|Zoe|Abbott/);
  });
});

// --- patients with evaluations ----------------------------------------------------------------------

let seq = 0;
async function addPatient(fields: Partial<{ name: string; sex: string; birthDate: string }> = {}) {
  seq += 1;
  const res = await api.post<Item>('/api/patients', {
    mrn: `PT-${String(seq).padStart(5, '0')}`,
    name: `Someone ${seq}`,
    birthDate: '1975-03-03',
    sex: 'female',
    ...fields,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function start(patientId: string, client = api, body: unknown = {}): Promise<EvaluationView> {
  const res = await client.post<EvaluationView>(`/api/patients/${patientId}/evaluations`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function save(
  e: Pick<EvaluationView, 'id' | 'version'>,
  body: unknown,
  client = api,
): Promise<EvaluationView> {
  clock.advance(60_000);
  const res = await client.patch<EvaluationView>(`/api/evaluations/${e.id}`, body, {
    headers: { 'If-Match': `"${e.version}"` },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function sign(e: EvaluationView, client = api): Promise<EvaluationView> {
  const ready = await save(e, { answers: CRITERIA_MET, plan: { reviewed: true } }, client);
  clock.advance(60_000);
  const res = await client.post<EvaluationView>(
    `/api/evaluations/${e.id}/sign`,
    {},
    {
      headers: { 'If-Match': `"${ready.version}"` },
    },
  );
  expect(res.status).toBe(200);
  return res.body;
}

async function detail(id: string): Promise<PatientDetail> {
  const res = await api.get<PatientDetail>(`/api/patients/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('GET /api/patients/:id', () => {
  it('returns the patient with its evaluations newest first and their key values', async () => {
    const p = await addPatient();
    const first = await start(p.id);
    await save(first, {
      answers: { 'lab.ferritin': 38, 'lab.tsat': 14, 'irls.total': 26, 'abi.left': 0.9, 'abi.right': 1.01 },
    });
    const firstSigned = await sign(
      await (async () => (await api.get<EvaluationView>(`/api/evaluations/${first.id}`)).body)(),
    );
    clock.advance(10 * 60_000);
    const second = await start(p.id, api2);
    // TSAT computed from serum iron and TIBC (100 / 400 × 100 = 25 %), as the assessment does.
    await save(
      second,
      { answers: { 'lab.ferritin': 112, 'lab.iron': 100, 'lab.tibc': 400, 'irls.total': 12 } },
      api2,
    );

    const res = await api.get<PatientDetail>(`/api/patients/${p.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toMatchObject({ ...p, version: 1 });
    expect(res.body.evaluations.map((e) => e.id)).toEqual([second.id, first.id]);
    expect(res.body.evaluations[0]).toEqual({
      id: second.id,
      status: 'draft',
      workflowVersion: CURRENT_WORKUP_VERSION,
      startedAt: second.startedAt,
      updatedAt: clock.now().toISOString(),
      signedAt: null,
      signedBy: null,
      signedByName: null,
      assigneeId: ids.doc2,
      assigneeName: 'Dr. Second',
      currentStage: 'history',
      followUpDate: null,
      keyValues: { ferritin: 112, tsat: 25, irlsTotal: 12, abiLeft: null, abiRight: null },
    });
    expect(res.body.evaluations[1]).toMatchObject({
      status: 'signed',
      signedAt: firstSigned.signedAt,
      signedBy: ids.doc,
      signedByName: 'Dr. Doc',
      currentStage: 'signed',
      keyValues: { ferritin: 38, tsat: 14, irlsTotal: 26, abiLeft: 0.9, abiRight: 1.01 },
    });
  });

  it('is 404 for an unknown patient, 401 without a session, 403 for an administrator', async () => {
    const p = await addPatient();
    expect((await api.get('/api/patients/not-a-patient')).status).toBe(404);
    expect((await server.client().get(`/api/patients/${p.id}`)).status).toBe(401);
    const admin = await server.login('boss', 'admin password 1');
    const res = await admin.get(`/api/patients/${p.id}`);
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain(p.name);
  });
});

const valid = () => ({ mrn: 'HUGE-1', name: 'Big Body', birthDate: '1970-01-01', sex: 'female' });

describe('PATCH /api/patients/:id', () => {
  it('edits demographics; the worklist search follows the new name and MRN', async () => {
    const p = await addPatient({ name: 'Original Name' });
    // Searched before the edit too: a repeated search is served from the search cache, which the edit
    // must invalidate.
    expect((await api.get<Page>('/api/patients?query=original%20name')).body.total).toBe(1);
    expect((await api.get<Page>('/api/patients?query=new-4711')).body.total).toBe(0);
    clock.advance(60_000);
    const res = await api.patch<PatientDetail>(`/api/patients/${p.id}`, {
      name: 'Renamed Person',
      mrn: 'NEW-4711',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    expect(res.body).toMatchObject({
      id: p.id,
      name: 'Renamed Person',
      mrn: 'NEW-4711',
      version: 2,
      updatedAt: clock.now().toISOString(),
    });
    expect(await detail(p.id)).toEqual(res.body);
    const byMrn = await api.get<Page>('/api/patients?query=new-4711');
    expect(byMrn.body.items.map((i) => i.id)).toEqual([p.id]);
    expect((await api.get<Page>('/api/patients?query=original%20name')).body.total).toBe(0);
    // If-Match with the current version is honoured; nothing to change answers 200 with the same version.
    const same = await api.patch<PatientDetail>(
      `/api/patients/${p.id}`,
      { name: 'Renamed Person' },
      {
        headers: { 'If-Match': '"2"' },
      },
    );
    expect([same.status, same.body.version]).toEqual([200, 2]);
  });

  it('clears answers a change of sex disables in the open evaluation, in its history; signed ones untouched', async () => {
    const p = await addPatient({ sex: 'female' });
    const old = await start(p.id);
    await save(old, { answers: { pregnant: true } });
    const oldSigned = await sign((await api.get<EvaluationView>(`/api/evaluations/${old.id}`)).body);
    const open = await start(p.id, api, { carryForward: false });
    const v2 = await save(open, {
      // First trimester: anaemia below 11.0 g/dL (the second trimester's cut-off is 10.5, WHO-HB-2024).
      answers: { pregnant: true, 'pregnancy.trimester': 'first', 'lab.hemoglobin': 10.8, 'irls.total': 20 },
    });
    expect(v2.assessment.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['pregnancy', 'anemia']),
    );

    clock.advance(60_000);
    const res = await api.patch<PatientDetail>(`/api/patients/${p.id}`, { sex: 'male' });
    expect(res.status).toBe(200);
    expect(res.body.sex).toBe('male');

    const after = (await api.get<EvaluationView>(`/api/evaluations/${open.id}`)).body;
    expect(after.version).toBe(v2.version + 1);
    expect(after.answers).toEqual({ 'lab.hemoglobin': 10.8, 'irls.total': 20 });
    // 10.8 g/dL is still anaemia for a man (< 13), no longer pregnancy.
    expect(after.assessment.findings.map((f) => f.code)).toContain('anemia');
    expect(after.assessment.findings.map((f) => f.code)).not.toContain('pregnancy');
    const history = (await api.get<HistoryEntry[]>(`/api/evaluations/${open.id}/history`)).body;
    expect(history.at(-1)).toMatchObject({
      version: after.version,
      event: 'demographics',
      by: ids.doc,
      changes: [
        { code: 'pregnant', from: true, to: null },
        { code: 'pregnancy.trimester', from: 'first', to: null },
      ],
    });
    // The signed evaluation is a record: it keeps what was signed.
    expect((await api.get<EvaluationView>(`/api/evaluations/${old.id}`)).body).toEqual(oldSigned);

    const audit = await server.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'category', 'before_version', 'after_version'])
      .where('patient_id', '=', p.id)
      .where('action', 'in', ['patient.update', 'evaluation.update'])
      .orderBy('seq', 'desc')
      .limit(2)
      .execute();
    expect(audit).toEqual([
      {
        action: 'patient.update',
        entity_id: p.id,
        category: 'patient',
        before_version: 1,
        after_version: 2,
      },
      {
        action: 'evaluation.update',
        entity_id: open.id,
        category: 'history',
        before_version: v2.version,
        after_version: v2.version + 1,
      },
    ]);
  });

  it('re-assesses the open evaluation when the birth date makes the patient a child', async () => {
    const p = await addPatient({ birthDate: '1980-01-01' });
    const e = await start(p.id);
    const v2 = await save(e, { answers: { 'lab.ferritin': 60, 'lab.tsat': 30 } });
    expect(v2.assessment.findings.map((f) => f.code)).toContain('iron.treat'); // adult: ferritin ≤ 75
    expect((await api.patch(`/api/patients/${p.id}`, { birthDate: '2015-01-01' })).status).toBe(200);
    const after = (await api.get<EvaluationView>(`/api/evaluations/${e.id}`)).body;
    expect(after.version).toBe(v2.version + 1);
    expect(after.answers).toEqual(v2.answers);
    expect(after.assessment.findings.map((f) => f.code)).not.toContain('iron.treat'); // child: ferritin ≥ 50
  });

  it('refuses a duplicate MRN (409), a stale If-Match (412) and invalid fields (422), changing nothing', async () => {
    const other = await addPatient();
    const p = await addPatient();
    const e = await start(p.id);
    const evaluationBefore = (await api.get<EvaluationView>(`/api/evaluations/${e.id}`)).body;
    const before = await detail(p.id);

    const dup = await api.patch<ErrorBody>(`/api/patients/${p.id}`, { mrn: other.mrn, sex: 'male' });
    expect([dup.status, dup.body.error.code, dup.body.error.details]).toEqual([
      409,
      'duplicate_mrn',
      { field: 'mrn' },
    ]);
    // The duplicate outranks other invalid fields (409 before 422).
    const dupAndBad = await api.patch<ErrorBody>(`/api/patients/${p.id}`, { mrn: other.mrn, sex: 'x' });
    expect(dupAndBad.status).toBe(409);

    const stale = await api.patch<ErrorBody>(
      `/api/patients/${p.id}`,
      { sex: 'male' },
      { headers: { 'If-Match': '"9"' } },
    );
    expect([stale.status, stale.body.error.code]).toEqual([412, 'stale']);
    expect(stale.body.error.details?.current).toEqual(before);

    for (const [body, fields] of [
      [{ birthDate: '2026-06-11' }, ['birthDate']], // tomorrow by the server clock
      [{ sex: 'f', name: '' }, ['name', 'sex']],
      [{}, ['(body)']],
      [{ mrn: 'OK-1', extra: 1 }, ['extra']],
    ] as const) {
      const res = await api.patch<ErrorBody>(`/api/patients/${p.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.details?.items?.map((i) => i.code).sort()).toEqual([...fields].sort());
    }
    const malformed = await api.patch(`/api/patients/${p.id}`, undefined, { raw: '{"sex":' });
    expect(malformed.status).toBe(400);
    const huge = await api.patch<ErrorBody>(`/api/patients/${p.id}`, { name: 'x'.repeat(1_100_000) });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'too_large']);
    const hugeCreate = await api.post('/api/patients', { ...valid(), name: 'x'.repeat(1_100_000) });
    expect(hugeCreate.status).toBe(413);
    expect((await api.get<Page>('/api/patients?query=HUGE-1')).body.total).toBe(0);
    expect((await api.patch(`/api/patients/${p.id}`, { sex: 'male' }, { csrf: false })).status).toBe(403);
    expect((await api.patch('/api/patients/unknown', { sex: 'male' })).status).toBe(404);

    expect(await detail(p.id)).toEqual(before);
    expect((await api.get<EvaluationView>(`/api/evaluations/${e.id}`)).body).toEqual(evaluationBefore);
  });
});

describe('worklist with evaluations', () => {
  const PREFIX = 'Wlx';
  const made: Record<string, { id: string; evaluationId?: string }> = {};

  beforeAll(async () => {
    // Names sort as listed; each patient's open-or-latest evaluation is in a different state.
    const none = await addPatient({ name: `${PREFIX} Alpha` });
    made.none = { id: none.id };

    const hist = await addPatient({ name: `${PREFIX} Bravo` });
    const histE = await start(hist.id);
    await save(histE, { answers: { 'criteria.urge': true } });
    made.history = { id: hist.id, evaluationId: histE.id };

    const labs = await addPatient({ name: `${PREFIX} Charlie` });
    const labsE = await start(labs.id, api2);
    await save(labsE, { answers: { 'criteria.urge': true, 'lab.ferritin': 50 } }, api2);
    made.labs = { id: labs.id, evaluationId: labsE.id };

    const amending = await addPatient({ name: `${PREFIX} Delta` });
    const amendingE = await sign(await start(amending.id));
    clock.advance(60_000);
    expect((await api.post(`/api/evaluations/${amendingE.id}/amendments`, { reason: 'fix' })).status).toBe(
      201,
    );
    made.amending = { id: amending.id, evaluationId: amendingE.id };

    // Signed with a follow-up due today (2026-06-10 by the server clock): due.
    const due = await addPatient({ name: `${PREFIX} Echo` });
    const dueE = await start(due.id, api2);
    await save(dueE, { plan: { followUpDate: '2026-06-10' } }, api2);
    await sign((await api2.get<EvaluationView>(`/api/evaluations/${dueE.id}`)).body, api2);
    made.due = { id: due.id, evaluationId: dueE.id };

    // Signed with a follow-up tomorrow: not due. An older signed evaluation was due long ago.
    const later = await addPatient({ name: `${PREFIX} Foxtrot` });
    const older = await start(later.id);
    await save(older, { plan: { followUpDate: '2026-01-01' } });
    await sign((await api.get<EvaluationView>(`/api/evaluations/${older.id}`)).body);
    const laterE = await start(later.id);
    await save(laterE, { plan: { followUpDate: '2026-06-11' } });
    await sign((await api.get<EvaluationView>(`/api/evaluations/${laterE.id}`)).body);
    made.later = { id: later.id, evaluationId: laterE.id };
  });

  async function names(params: string): Promise<string[]> {
    const res = await api.get<Page>(`/api/patients?query=${PREFIX}&pageSize=100&${params}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.total).toBe(res.body.items.length);
    return res.body.items.map((i) => i.name.slice(PREFIX.length + 1));
  }

  it('shows each patient with its open-or-latest evaluation', async () => {
    const res = await api.get<Page>(`/api/patients?query=${PREFIX}`);
    const byName = new Map(res.body.items.map((i) => [i.name.slice(PREFIX.length + 1), i]));
    expect(byName.get('Alpha')?.evaluation).toBeNull();
    const labs = (await api.get<EvaluationView>(`/api/evaluations/${made.labs!.evaluationId}`)).body;
    expect(byName.get('Charlie')?.evaluation).toEqual({
      id: made.labs!.evaluationId,
      status: 'draft',
      currentStage: 'labs',
      assigneeId: ids.doc2,
      assigneeName: 'Dr. Second',
      followUpDate: null,
      updatedAt: labs.updatedAt,
    });
    expect(byName.get('Delta')?.evaluation).toMatchObject({ status: 'amending', currentStage: 'history' });
    expect(byName.get('Foxtrot')?.evaluation).toMatchObject({
      id: made.later!.evaluationId,
      status: 'signed',
      currentStage: 'signed',
      followUpDate: '2026-06-11',
    });
  });

  it('filters by status, stage, assignee and follow-up due (today included, tomorrow not)', async () => {
    expect(await names('status=draft')).toEqual(['Bravo', 'Charlie']);
    expect(await names('status=amending')).toEqual(['Delta']);
    expect(await names('status=signed')).toEqual(['Echo', 'Foxtrot']);
    expect(await names('status=none')).toEqual(['Alpha']);
    expect(await names('stage=labs')).toEqual(['Charlie']);
    expect(await names('stage=history')).toEqual(['Bravo', 'Delta']);
    expect(await names('stage=signed')).toEqual(['Echo', 'Foxtrot']);
    expect(await names(`assignee=${ids.doc2}`)).toEqual(['Charlie', 'Echo']);
    expect(await names('followUpDue=true')).toEqual(['Echo']);
    expect(await names('followUpDue=false')).toHaveLength(6);
    expect(await names(`status=signed&assignee=${ids.doc}`)).toEqual(['Foxtrot']);
    // Tomorrow Foxtrot's follow-up is due too (a day later every session has idled out: log in again).
    clock.advance(86_400_000);
    api = await server.login('doc', 'doctor password 1');
    expect(await names('followUpDue=1')).toEqual(['Echo', 'Foxtrot']);
    clock.advance(-86_400_000);
    api = await server.login('doc', 'doctor password 1');
    const bad = await api.get<ErrorBody>('/api/patients?status=open&stage=plan');
    expect(bad.status).toBe(422);
    expect(bad.body.error.details?.items?.map((i) => i.code).sort()).toEqual(['stage', 'status']);
  });

  it('sorts by status, last update and follow-up (undated last in both directions)', async () => {
    expect(await names('sort=status')).toEqual(['Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Alpha']);
    expect(await names('sort=-status')).toEqual(['Alpha', 'Echo', 'Foxtrot', 'Delta', 'Bravo', 'Charlie']);
    // Last change: Alpha's record first (created before the others' evaluations), Foxtrot's sign-off last.
    expect(await names('sort=updated')).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot']);
    expect(await names('sort=-updated')).toEqual(['Foxtrot', 'Echo', 'Delta', 'Charlie', 'Bravo', 'Alpha']);
    expect(await names('sort=followUp')).toEqual(['Echo', 'Foxtrot', 'Alpha', 'Bravo', 'Charlie', 'Delta']);
    expect(await names('sort=-followUp')).toEqual(['Foxtrot', 'Echo', 'Alpha', 'Bravo', 'Charlie', 'Delta']);
    expect(await names('sort=-name')).toEqual(['Foxtrot', 'Echo', 'Delta', 'Charlie', 'Bravo', 'Alpha']);
  });

  it('pages every sort with stable totals and no row twice', async () => {
    for (const sort of ['followUp', '-followUp', 'status', '-updated', 'mrn']) {
      const seen: string[] = [];
      for (let page = 1; page <= 4; page++) {
        const res = await api.get<Page>(`/api/patients?query=${PREFIX}&sort=${sort}&pageSize=4&page=${page}`);
        expect(res.body.total, sort).toBe(6);
        seen.push(...res.body.items.map((i) => i.id));
      }
      expect(seen, sort).toEqual((await names(`sort=${sort}`)).map((n) => seen.find((id) => id === idOf(n))));
      expect(new Set(seen).size).toBe(6);
    }
    const filtered = await api.get<Page>(`/api/patients?query=${PREFIX}&status=signed&pageSize=1&page=2`);
    expect(filtered.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(filtered.body.items.map((i) => i.name)).toEqual([`${PREFIX} Foxtrot`]);
  });

  function idOf(name: string): string {
    const key = {
      Alpha: 'none',
      Bravo: 'history',
      Charlie: 'labs',
      Delta: 'amending',
      Echo: 'due',
      Foxtrot: 'later',
    }[name];
    return made[key!]!.id;
  }
});

describe('worklist over many patients', () => {
  const COUNT = 300;

  beforeAll(async () => {
    // Fast path: one multi-row insert, as a bulk import would (the API path is covered above).
    const now = clock.now().toISOString();
    const rows = Array.from({ length: COUNT }, (_, i) => {
      const name = `Bulk ${i % 3 === 0 ? 'Ström' : 'Berg'}${i % 50 === 0 ? '_x%' : ''} ${String(i).padStart(3, '0')}`;
      const mrn = `BLK-${String(i).padStart(4, '0')}`;
      return {
        id: randomUUID(),
        mrn,
        name,
        birth_date: '1960-01-01',
        sex: 'female' as const,
        search_text: `${name} ${mrn}`.toLowerCase(),
        created_at: now,
        updated_at: now,
        created_by: ids.doc,
        worklist_updated_at: now,
      };
    });
    for (let i = 0; i < rows.length; i += 100) {
      await server.ctx.db
        .insertInto('patients')
        .values(rows.slice(i, i + 100))
        .execute();
    }
  });

  it('answers a repeated search with what was written since, through this instance or another', async () => {
    const search = async () => (await api.get<Page>('/api/patients?query=cache%20probe&sort=mrn')).body;
    expect((await search()).total).toBe(0);
    const everyone = async () => (await api.get<Page>('/api/patients?pageSize=5')).body.total;
    const before = await everyone();
    // A create through the API is seen at once.
    const created = await api.post<Item>('/api/patients', {
      mrn: 'CP-2',
      name: 'Cache Probe Two',
      birthDate: '1950-01-01',
      sex: 'male',
    });
    expect(created.status).toBe(201);
    expect((await search()).items.map((i) => i.mrn)).toEqual(['CP-2']);
    // Another instance's create: its own transaction inserts the row and bumps the shared counter.
    await server.ctx.db.transaction().execute(async (trx) => {
      await insertPatient(trx, {
        id: randomUUID(),
        mrn: 'CP-1',
        name: 'Cache Probe One',
        birth_date: '1950-01-01',
        sex: 'female',
        search_text: 'cache probe one cp-1',
        created_at: clock.now().toISOString(),
        updated_at: clock.now().toISOString(),
        created_by: ids.doc,
        worklist_updated_at: clock.now().toISOString(),
      });
    });
    const after = await search();
    expect([after.total, after.items.map((i) => i.mrn)]).toEqual([2, ['CP-1', 'CP-2']]);
    expect(await everyone()).toBe(before + 2);
    // Rows are read fresh: a new evaluation shows in a cached page.
    expect((await api.post(`/api/patients/${created.body.id}/evaluations`, {})).status).toBe(201);
    expect((await search()).items.find((i) => i.mrn === 'CP-2')?.evaluation?.status).toBe('draft');
  });

  it('finds substrings of name or MRN case-insensitively, with totals across pages', async () => {
    const all = await api.get<Page>('/api/patients?query=BULK&pageSize=100');
    expect(all.body.total).toBe(COUNT);
    // Both sides are lower-cased in JS, so case folds beyond ASCII too.
    expect((await api.get<Page>('/api/patients?query=strÖm')).body.total).toBe(100);
    expect((await api.get<Page>('/api/patients?query=blk-01')).body.total).toBe(100); // BLK-0100 … BLK-0199
    expect((await api.get<Page>('/api/patients?query=berg 02')).body.total).toBe(7); // 020–029 minus Ström ones (021,024,027)
    expect((await api.get<Page>('/api/patients?query=_x%25')).body.total).toBe(6); // literal "_x%": 0, 50, …, 250
    expect((await api.get<Page>('/api/patients?query=bulk%20%25')).body.total).toBe(0); // "%" is literal

    const seen = new Set<string>();
    for (let page = 1; page <= 4; page++) {
      const res = await api.get<Page>(`/api/patients?query=bulk&sort=mrn&pageSize=100&page=${page}`);
      expect(res.body).toMatchObject({ total: COUNT, page, pageSize: 100 });
      expect(res.body.items).toHaveLength(page <= 3 ? 100 : 0);
      for (const item of res.body.items) seen.add(item.mrn);
    }
    expect(seen.size).toBe(COUNT);
    const last = await api.get<Page>('/api/patients?query=bulk&sort=-mrn&pageSize=1');
    expect(last.body.items[0]?.mrn).toBe('BLK-0299');
  });
});

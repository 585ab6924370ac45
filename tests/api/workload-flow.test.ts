import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import { checkWorkloadRollups } from '../../server/src/features/workload/check';
import { ensureWorkloadRollups } from '../../server/src/features/workload/rebuild';
import type { WorkloadEvaluationPage, WorkloadSummary } from '@rls/shared';
import { createUser, startTestServer, type ApiClient, type TestServer } from './helpers';

// The workload figures follow real evaluation changes made through the HTTP API: the evaluation
// service calls the rollup hook in each change's transaction, and the rollups always equal a full
// recount. An administrator reassigns from a drill-down list.

const HOUR = 3_600_000;
const clock = new ManualClock('2026-05-04T08:00:00.000Z'); // a Monday

let server: TestServer;
let doc: ApiClient;
let doc2: ApiClient;
let admin: ApiClient;
let docId: string;
let doc2Id: string;
let evaluationId: string;
let etag: string;

async function summary(): Promise<WorkloadSummary> {
  const res = await admin.get<WorkloadSummary>('/api/workload');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function expectConsistent(): Promise<void> {
  const check = await checkWorkloadRollups(server.ctx.db, server.ctx.config.tz);
  expect(check.differences).toEqual([]);
}

const clinicianOf = (s: WorkloadSummary, id: string) => s.clinicians.find((c) => c.id === id)!;

/** Moves time on; sessions idle that long have ended, so everyone signs in again. */
async function advance(ms: number): Promise<void> {
  clock.advance(ms);
  doc = await server.login('doc', 'doctor password 1');
  doc2 = await server.login('doc2', 'doctor password 2');
  admin = await server.login('boss', 'admin password 1');
}

beforeAll(async () => {
  server = await startTestServer({ clock });
  await ensureWorkloadRollups(server.ctx); // as a running server has: from here on, only the hook writes
  docId = (
    await createUser(server.ctx, {
      username: 'doc',
      role: 'clinician',
      name: 'Dr. Doc',
      password: 'doctor password 1',
    })
  ).id;
  doc2Id = (
    await createUser(server.ctx, {
      username: 'doc2',
      role: 'clinician',
      name: 'Dr. Two',
      password: 'doctor password 2',
    })
  ).id;
  await createUser(server.ctx, {
    username: 'boss',
    role: 'admin',
    name: 'Boss',
    password: 'admin password 1',
  });
  doc = await server.login('doc', 'doctor password 1');
  doc2 = await server.login('doc2', 'doctor password 2');
  admin = await server.login('boss', 'admin password 1');

  const patient = await doc.post<{ id: string }>('/api/patients', {
    mrn: 'WLF-0001',
    name: 'Flow Testpatient',
    birthDate: '1961-02-03',
    sex: 'female',
  });
  expect(patient.status).toBe(201);
  const created = await doc.post<{ id: string }>(`/api/patients/${patient.body.id}/evaluations`);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  evaluationId = created.body.id;
  etag = created.headers.get('etag')!;
});
afterAll(() => server?.close());

async function patch(client: ApiClient, body: unknown): Promise<void> {
  const res = await client.patch(`/api/evaluations/${evaluationId}`, body, { headers: { 'if-match': etag } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  etag = res.headers.get('etag')!;
}

describe('workload figures through the evaluation API', () => {
  it('a new evaluation is open, waits in history and counts as started', async () => {
    const s = await summary();
    expect(s.byStatus).toEqual({ draft: 1, amending: 0, signed: 0 });
    expect(s.openByStage.find((x) => x.stage === 'history')?.count).toBe(1);
    expect(s.startedInPeriod).toBe(1);
    expect(clinicianOf(s, docId)).toMatchObject({ open: 1, started: 1 });
    await expectConsistent();
  });

  it('answers move it to the stage last worked in; idle for over a week makes it overdue', async () => {
    await advance(HOUR);
    await patch(doc, {
      answers: {
        'criteria.urge': true,
        'criteria.rest': true,
        'criteria.movementRelief': true,
        'criteria.eveningWorse': true,
        'criteria.notMimic': true,
      },
    });
    await advance(HOUR);
    await patch(doc, { answers: { 'lab.ferritin': 40, 'lab.tsat': 15 } });
    let s = await summary();
    expect(s.openByStage.find((x) => x.stage === 'labs')?.count).toBe(1);
    expect(s.openByStage.find((x) => x.stage === 'history')?.count).toBe(0);
    expect(s.overdue).toBe(0);

    await advance(7 * 24 * HOUR + 1000);
    s = await summary();
    expect(s.overdue).toBe(1);
    const list = await admin.get<WorkloadEvaluationPage>('/api/workload/evaluations?kind=overdue');
    expect(list.body.items.map((r) => r.id)).toEqual([evaluationId]);
    await expectConsistent();
  });

  it('an administrator reassigns from the list; the figures move to the new clinician', async () => {
    const res = await admin.post(`/api/evaluations/${evaluationId}/assignee`, { clinicianId: doc2Id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    etag = res.headers.get('etag')!;
    const s = await summary();
    expect(clinicianOf(s, docId)).toMatchObject({ open: 0, started: 0 });
    expect(clinicianOf(s, doc2Id)).toMatchObject({ open: 1, started: 1, overdue: 0 }); // a reassignment is a change
    expect(s.overdue).toBe(0);
    const list = await admin.get<WorkloadEvaluationPage>(
      `/api/workload/evaluations?kind=clinician&clinician=${doc2Id}`,
    );
    expect(list.body.items.map((r) => [r.id, r.clinician.name])).toEqual([[evaluationId, 'Dr. Two']]);
    await expectConsistent();
  });

  it('sign-off counts as signed with its time to sign and findings; an amendment takes them back', async () => {
    await advance(HOUR);
    await patch(doc2, { plan: { reviewed: true } });
    const signed = await doc2.post(
      `/api/evaluations/${evaluationId}/sign`,
      {},
      { headers: { 'if-match': etag } },
    );
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    let s = await summary();
    expect(s.byStatus).toEqual({ draft: 0, amending: 0, signed: 1 });
    expect(s.signedInPeriod).toBe(1);
    expect(s.hoursToSign.count).toBe(1);
    // 7 d 3 h 0 min 1 s after the start: in the 171–172 h bucket, reported as its midpoint.
    expect(s.hoursToSign).toEqual({ count: 1, median: 171.5, p90: 171.5 });
    expect(s.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['rls.criteria-met', 'iron.treat']));
    // One save per stage: first = last change, in the 0–1 min bucket.
    expect(clinicianOf(s, doc2Id).stageMedianHours).toEqual({
      history: 0.01,
      exam: null,
      labs: 0.01,
      imaging: null,
    });
    await expectConsistent();

    await advance(HOUR);
    const amended = await doc2.post(`/api/evaluations/${evaluationId}/amendments`, {
      reason: 'Ferritin re-tested',
    });
    expect(amended.status, JSON.stringify(amended.body)).toBe(201);
    s = await summary();
    expect(s.byStatus).toEqual({ draft: 0, amending: 1, signed: 0 });
    expect(s.signedInPeriod).toBe(0);
    expect(s.findings).toEqual([]);
    expect(s.openByStage.find((x) => x.stage === 'labs')?.count).toBe(1); // waits where it was last worked on
    await expectConsistent();

    await advance(HOUR);
    etag = amended.headers.get('etag')!;
    await patch(doc2, { answers: { 'lab.ferritin': 120, 'lab.tsat': 30 } });
    const resigned = await doc2.post(
      `/api/evaluations/${evaluationId}/sign`,
      {},
      { headers: { 'if-match': etag } },
    );
    expect(resigned.status, JSON.stringify(resigned.body)).toBe(200);
    s = await summary();
    expect(s.byStatus).toEqual({ draft: 0, amending: 0, signed: 1 });
    expect(s.findings.map((f) => f.code)).not.toContain('iron.treat'); // ferritin 120, TSAT 30 %: no longer indicated
    await expectConsistent();
  });
});

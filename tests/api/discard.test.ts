// Discarding a draft (issue 13): DELETE /api/evaluations/:id on a draft that was never signed → 204.
// The row stays (status discarded, its history, the audit trail) but leaves the worklist, the patient
// page and the open workload counts, and the patient can start a new evaluation.
import type {
  HistoryEntry,
  PatientDetail,
  WorkloadEvaluationPage,
  WorkloadSummary,
  WorklistItem,
} from '@rls/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import type { EvaluationView } from '../../server/src/features/evaluations/model';
import { checkWorkloadRollups } from '../../server/src/features/workload/check';
import { ensureWorkloadRollups } from '../../server/src/features/workload/rebuild';
import {
  CRITERIA_MET,
  createPatient,
  loginAs,
  startEvaluationOf,
  startTestServer,
  type ApiClient,
  type ErrorBody,
  type TestServer,
} from './helpers';

const clock = new ManualClock('2026-06-10T09:00:00.000Z');
let server: TestServer;
let doc: ApiClient;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ clock });
  await ensureWorkloadRollups(server.ctx); // as a running server has: from here on, only the hook writes
  doc = await loginAs(server, { username: 'discarder', role: 'clinician', name: 'Dr. Discard' });
  admin = await loginAs(server, { username: 'overseer', role: 'admin' });
});
afterAll(() => server.close());

function discard(id: string, headers: Record<string, string> = {}) {
  clock.advance(60_000);
  return doc.delete<ErrorBody | null>(`/api/evaluations/${id}`, { headers });
}

async function saved(e: EvaluationView, body: unknown): Promise<EvaluationView> {
  clock.advance(60_000);
  const res = await doc.patch<EvaluationView>(`/api/evaluations/${e.id}`, body, {
    headers: { 'If-Match': `"${e.version}"` },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function signed(e: EvaluationView): Promise<EvaluationView> {
  const ready = await saved(e, { answers: CRITERIA_MET, plan: { reviewed: true } });
  const res = await doc.post<EvaluationView>(
    `/api/evaluations/${e.id}/sign`,
    {},
    {
      headers: { 'If-Match': `"${ready.version}"` },
    },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function summary(): Promise<WorkloadSummary> {
  const res = await admin.get<WorkloadSummary>('/api/workload');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function drillTotal(query: string): Promise<number> {
  const res = await admin.get<WorkloadEvaluationPage>(`/api/workload/evaluations?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.total;
}

async function worklistRow(patientId: string): Promise<WorklistItem | undefined> {
  const res = await doc.get<{ items: WorklistItem[] }>('/api/patients?pageSize=100');
  expect(res.status).toBe(200);
  return res.body.items.find((p) => p.id === patientId);
}

describe('DELETE /api/evaluations/:id', () => {
  it('discards a draft: 204, gone from the worklist and the patient page, kept in the database', async () => {
    const patientId = await createPatient(doc);
    const e = await saved(await startEvaluationOf<EvaluationView>(doc, patientId), {
      answers: { 'lab.ferritin': 22 },
      plan: { followUpDate: '2026-06-20' },
    });
    expect((await worklistRow(patientId))?.evaluation).toMatchObject({ id: e.id, status: 'draft' });

    const res = await discard(e.id);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();

    expect((await worklistRow(patientId))?.evaluation).toBeNull();
    const page = await doc.get<PatientDetail>(`/api/patients/${patientId}`);
    expect(page.body.evaluations).toEqual([]);

    const row = await server.ctx.db
      .selectFrom('evaluations')
      .selectAll()
      .where('id', '=', e.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'discarded',
      version: e.version + 1,
      answers: '{"lab.ferritin":22}',
    });
    // Still readable by id, as discarded, with the discard in its history.
    const view = await doc.get<EvaluationView>(`/api/evaluations/${e.id}`);
    expect(view.body).toMatchObject({ status: 'discarded', version: e.version + 1 });
    const history = await doc.get<HistoryEntry[]>(`/api/evaluations/${e.id}/history`);
    expect(history.body.at(-1)).toMatchObject({ version: e.version + 1, event: 'discard', changes: [] });
  });

  it('leaves the worklist showing the patient’s previous signed evaluation', async () => {
    const patientId = await createPatient(doc);
    const first = await signed(await startEvaluationOf<EvaluationView>(doc, patientId));
    const second = await startEvaluationOf<EvaluationView>(doc, patientId);
    expect((await worklistRow(patientId))?.evaluation?.id).toBe(second.id);
    expect((await discard(second.id)).status).toBe(204);
    expect((await worklistRow(patientId))?.evaluation).toMatchObject({ id: first.id, status: 'signed' });
    const page = await doc.get<PatientDetail>(`/api/patients/${patientId}`);
    expect(page.body.evaluations.map((x) => [x.id, x.status])).toEqual([[first.id, 'signed']]);
  });

  it('lets the patient start a new evaluation', async () => {
    const patientId = await createPatient(doc);
    const e = await startEvaluationOf<EvaluationView>(doc, patientId);
    const blocked = await doc.post<ErrorBody>(`/api/patients/${patientId}/evaluations`, {});
    expect([blocked.status, blocked.body.error.code]).toEqual([409, 'open_evaluation_exists']);
    expect((await discard(e.id)).status).toBe(204);
    const next = await doc.post<EvaluationView>(`/api/patients/${patientId}/evaluations`, {});
    expect(next.status).toBe(201);
    expect(next.body.id).not.toBe(e.id);
    expect((await worklistRow(patientId))?.evaluation).toMatchObject({ id: next.body.id, status: 'draft' });
  });

  it('is 409 for a signed evaluation and for an amendment, changing nothing', async () => {
    const patientId = await createPatient(doc);
    const s = await signed(await startEvaluationOf<EvaluationView>(doc, patientId));
    const onSigned = await discard(s.id);
    expect([onSigned.status, (onSigned.body as ErrorBody).error.code]).toEqual([409, 'not_draft']);
    expect((await doc.get<EvaluationView>(`/api/evaluations/${s.id}`)).body).toEqual(s);

    const amend = await doc.post<EvaluationView>(`/api/evaluations/${s.id}/amendments`, { reason: 'typo' });
    expect(amend.status).toBe(201);
    const onAmending = await discard(s.id);
    expect([onAmending.status, (onAmending.body as ErrorBody).error.code]).toEqual([409, 'not_draft']);
    expect((await doc.get<EvaluationView>(`/api/evaluations/${s.id}`)).body).toEqual(amend.body);
  });

  it('refuses every change of a discarded evaluation with 409 discarded; a second discard too', async () => {
    const e = await startEvaluationOf<EvaluationView>(doc, await createPatient(doc));
    expect((await discard(e.id)).status).toBe(204);
    const version = `"${e.version + 1}"`;
    const again = await discard(e.id);
    expect([again.status, (again.body as ErrorBody).error.code]).toEqual([409, 'discarded']);
    const patch = await doc.patch<ErrorBody>(
      `/api/evaluations/${e.id}`,
      { answers: { 'lab.ferritin': 1 } },
      { headers: { 'If-Match': version } },
    );
    expect([patch.status, patch.body.error.code]).toEqual([409, 'discarded']);
    const sign = await doc.post<ErrorBody>(
      `/api/evaluations/${e.id}/sign`,
      {},
      { headers: { 'If-Match': version } },
    );
    expect([sign.status, sign.body.error.code]).toEqual([409, 'discarded']);
    const amend = await doc.post<ErrorBody>(`/api/evaluations/${e.id}/amendments`, { reason: 'x' });
    expect([amend.status, amend.body.error.code]).toEqual([409, 'not_signed']);
    const reassign = await admin.post<ErrorBody>(`/api/evaluations/${e.id}/assignee`, {
      clinicianId: doc.user!.id,
    });
    expect([reassign.status, reassign.body.error.code]).toEqual([409, 'discarded']);
    const view = await doc.get<EvaluationView>(`/api/evaluations/${e.id}`);
    expect(view.body.version).toBe(e.version + 1);
  });

  it('checks in the contract order: 401, 403 CSRF, 403 role, 404, 409, 412 for a stale If-Match', async () => {
    const e = await startEvaluationOf<EvaluationView>(doc, await createPatient(doc));
    const url = `/api/evaluations/${e.id}`;
    expect((await server.client().delete(url)).status).toBe(401);
    const noCsrf = await doc.delete<ErrorBody>(url, { csrf: false });
    expect([noCsrf.status, noCsrf.body.error.code]).toEqual([403, 'csrf']);
    const byAdmin = await admin.delete<ErrorBody>(url);
    expect([byAdmin.status, byAdmin.body.error.code]).toEqual([403, 'forbidden']);
    expect((await doc.delete('/api/evaluations/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    const stale = await discard(e.id, { 'If-Match': '"99"' });
    expect(stale.status).toBe(412);
    const fresh = await discard(e.id, { 'If-Match': `"${e.version}"` });
    expect(fresh.status).toBe(204);
  });

  it('writes an evaluation.discard audit entry in the same transaction', async () => {
    const e = await startEvaluationOf<EvaluationView>(doc, await createPatient(doc));
    expect((await discard(e.id)).status).toBe(204);
    const rows = await server.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', e.id)
      .where('action', '=', 'evaluation.discard')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      username: 'discarder',
      patient_id: e.patientId,
      entity: 'evaluation',
      category: 'discard',
      outcome: 'success',
      before_version: e.version,
      after_version: e.version + 1,
    });
    const report = await admin.get<{ items: { action: string }[] }>(
      `/api/audit?action=evaluation.discard&patient=${e.patientId}`,
    );
    expect(report.body.items.map((r) => r.action)).toEqual(['evaluation.discard']);
  });
});

describe('the workload after a discard', () => {
  it('leaves the open counts and the follow-ups, stays started, and the rollups equal a recount', async () => {
    const e = await saved(await startEvaluationOf<EvaluationView>(doc, await createPatient(doc)), {
      plan: { followUpDate: '2026-06-24' },
    });
    const before = await summary();
    expect((await discard(e.id)).status).toBe(204);
    const after = await summary();

    expect(after.byStatus.draft).toBe(before.byStatus.draft - 1);
    expect(after.open).toBe(before.open - 1);
    expect(after.openByStage.find((s) => s.stage === 'history')?.count).toBe(
      before.openByStage.find((s) => s.stage === 'history')!.count - 1,
    );
    expect(after.followUps.total).toBe(before.followUps.total - 1);
    expect(after.startedInPeriod).toBe(before.startedInPeriod); // it was started
    const mine = (s: WorkloadSummary) => s.clinicians.find((c) => c.id === doc.user!.id)!;
    expect(mine(after).open).toBe(mine(before).open - 1);

    // Every list explains its figure.
    expect(await drillTotal('kind=open')).toBe(after.open);
    expect(await drillTotal('kind=status&status=draft')).toBe(after.byStatus.draft);
    expect(await drillTotal('kind=stage&stage=history')).toBe(
      after.openByStage.find((s) => s.stage === 'history')!.count,
    );
    expect(await drillTotal('kind=started')).toBe(after.startedInPeriod);
    expect(await drillTotal('kind=followup')).toBe(after.followUps.total);
    const status = await admin.get<ErrorBody>('/api/workload/evaluations?kind=status&status=discarded');
    expect(status.status).toBe(422);

    const check = await checkWorkloadRollups(server.ctx.db, server.ctx.config.tz);
    expect(check.differences).toEqual([]);
    expect(check.ok).toBe(true);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import { keyedChainHash } from '../../server/src/db/audit-chain';
import { flushReadAudit } from '../../server/src/features/audit/read-buffer';
import { verifyAuditChain } from '../../server/src/features/audit/verify';
import { createUser, startTestServer, type ApiClient, type ErrorBody, type TestServer } from './helpers';
import { bundleCli, removeBundle, runCli } from './security-cli';

/** Issue 9: the audit trail — what is recorded, the hash chain, audit:verify, the report and CSV. */

const clock = new ManualClock('2026-03-10T09:00:00.000Z');
const PASSWORD = 'audit password 1';
let server: TestServer;
let doc: ApiClient;
let admin: ApiClient;
let docId: string;
let otherDocId: string;
let patientId: string;
let evaluationId: string;

interface AuditRecord {
  seq: number;
  at: string;
  userId: string | null;
  username: string | null;
  role: string | null;
  patientId: string | null;
  action: string;
  category: string | null;
  outcome: string;
  entity: string | null;
  entityId: string | null;
  beforeVersion: number | null;
  afterVersion: number | null;
  detail: Record<string, unknown> | null;
}
interface AuditPage {
  items: AuditRecord[];
  total: number;
  page: number;
  pageSize: number;
}

async function rows(where: { action?: string; username?: string } = {}) {
  await flushReadAudit(server.ctx);
  let q = server.ctx.db.selectFrom('audit_log').selectAll().orderBy('seq');
  if (where.action) q = q.where('action', '=', where.action);
  if (where.username) q = q.where('username', '=', where.username);
  return q.execute();
}

const ifMatch = (etag: string | null) => ({ headers: { 'if-match': etag ?? '' } });

beforeAll(async () => {
  server = await startTestServer({ clock });
  docId = (
    await createUser(server.ctx, { username: 'doc', role: 'clinician', name: 'Dr Doc', password: PASSWORD })
  ).id;
  otherDocId = (
    await createUser(server.ctx, { username: 'doc2', role: 'clinician', name: 'Dr Two', password: PASSWORD })
  ).id;
  await createUser(server.ctx, { username: 'chief', role: 'admin', name: 'Chief', password: PASSWORD });

  // One day of clinic work, through the API.
  doc = await server.login('doc', PASSWORD);
  await server.client().login('doc', 'wrong password!!');
  const patient = await doc.post<{ id: string }>('/api/patients', {
    mrn: 'AUD-1',
    name: 'Audit Patient',
    birthDate: '1961-04-04',
    sex: 'female',
  });
  patientId = patient.body.id;
  await doc.get(`/api/patients/${patientId}`);
  const created = await doc.post<{ id: string }>(`/api/patients/${patientId}/evaluations`, {});
  evaluationId = created.body.id;
  const read = await doc.get(`/api/evaluations/${evaluationId}`);
  const patched = await doc.patch(
    `/api/evaluations/${evaluationId}`,
    {
      answers: {
        'criteria.urge': true,
        'criteria.rest': true,
        'criteria.movementRelief': true,
        'criteria.eveningWorse': true,
        'criteria.notMimic': true,
        'lab.ferritin': 40,
      },
      plan: { reviewed: true },
    },
    ifMatch(read.headers.get('etag')),
  );
  expect(patched.status).toBe(200);
  const signed = await doc.post(
    `/api/evaluations/${evaluationId}/sign`,
    {},
    ifMatch(patched.headers.get('etag')),
  );
  expect(signed.status).toBe(200);
  expect((await doc.post(`/api/evaluations/${evaluationId}/amendments`, { reason: 'typo' })).status).toBe(
    201,
  );
  expect((await doc.delete('/api/session')).status).toBe(204);
  clock.advance(24 * 60 * 60_000); // the next day
  admin = await server.login('chief', PASSWORD);
  expect(
    (await admin.post(`/api/evaluations/${evaluationId}/assignee`, { clinicianId: otherDocId })).status,
  ).toBe(200);
  expect((await admin.patch(`/api/users/${otherDocId}`, { role: 'admin' })).status).toBe(200);
});
afterAll(() => server.close());

describe('what is recorded', () => {
  it('logins (success and failure) and logouts, with time, user and role', async () => {
    const logins = await rows({ action: 'session.login' });
    expect(logins.find((r) => r.username === 'doc' && r.outcome === 'success')).toMatchObject({
      at: '2026-03-10T09:00:00.000Z',
      user_id: docId,
      role: 'clinician',
      category: 'auth',
    });
    expect(logins.find((r) => r.username === 'doc' && r.outcome === 'failure')).toMatchObject({
      user_id: null,
      detail: JSON.stringify({ reason: 'wrong-password' }),
    });
    expect((await rows({ action: 'session.logout' })).map((r) => r.username)).toEqual(['doc']);
  });

  it('PHI reads, creates, changes, signing, amending and reassignment, each with patient and versions', async () => {
    const all = await rows();
    const one = (action: string) => {
      const found = all.filter((r) => r.action === action);
      expect(found.length, action).toBeGreaterThan(0);
      return found[found.length - 1]!;
    };
    for (const action of ['patient.read', 'evaluation.read']) {
      expect(one(action)).toMatchObject({
        user_id: docId,
        role: 'clinician',
        patient_id: patientId,
        outcome: 'success',
      });
    }
    expect(one('patient.create')).toMatchObject({ patient_id: patientId, username: 'doc' });
    expect(one('evaluation.create')).toMatchObject({ patient_id: patientId, entity_id: evaluationId });
    const update = one('evaluation.update');
    expect(update).toMatchObject({ patient_id: patientId, entity_id: evaluationId });
    expect(update.after_version).toBe(Number(update.before_version) + 1);
    expect(update.category).toMatch(/history/);
    expect(update.category).toMatch(/labs/);
    expect(one('evaluation.sign')).toMatchObject({ patient_id: patientId, username: 'doc' });
    expect(one('evaluation.amend')).toMatchObject({ patient_id: patientId });
    expect(one('evaluation.reassign')).toMatchObject({
      patient_id: patientId,
      username: 'chief',
      role: 'admin',
    });
    // Nothing clinical leaks into the trail: no patient name, MRN or birth date.
    const text = JSON.stringify(all);
    for (const phi of ['Audit Patient', 'AUD-1', '1961-04-04']) expect(text).not.toContain(phi);
  });

  it('privilege changes, with the role before and after', async () => {
    const [change] = await rows({ action: 'user.role-change' });
    expect(change).toMatchObject({
      username: 'chief',
      role: 'admin',
      category: 'admin',
      entity_id: otherDocId,
    });
    expect(JSON.parse(change!.detail!)).toMatchObject({ username: 'doc2', from: 'clinician', to: 'admin' });
  });
});

describe('the hash chain', () => {
  it('numbers records without gaps and links each to the previous hash', async () => {
    const all = await rows();
    expect(all.map((r) => Number(r.seq))).toEqual(all.map((_, i) => i + 1));
    for (const [i, r] of all.entries()) {
      expect(r.prev_hash).toBe(i === 0 ? '0'.repeat(64) : all[i - 1]!.hash);
      expect(r.hash_scheme).toBe(`hmac-sha256:${server.ctx.config.keys.audit.id}`);
      expect(r.hash).toBe(
        keyedChainHash(server.ctx.config.keys.audit.key, r.prev_hash!, { ...r, seq: Number(r.seq) }),
      );
    }
    const head = await server.ctx.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    expect(Number(head.seq)).toBe(all.length);
    expect(head.hash).toBe(all[all.length - 1]!.hash);
    expect((await verifyAuditChain(server.ctx)).ok).toBe(true);
  });

  it('stays linear under concurrent writers', async () => {
    const before = (await rows()).length;
    await Promise.all(Array.from({ length: 20 }, () => server.client().login('doc', 'not it at all')));
    const report = await verifyAuditChain(server.ctx);
    expect(report).toMatchObject({ ok: true, checked: before + 20 });
  });

  it('refuses UPDATE and DELETE of audit records in the database itself', async () => {
    await expect(sql`update audit_log set action = 'x' where seq = 1`.execute(server.ctx.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log where seq = 1`.execute(server.ctx.db)).rejects.toThrow(
      /append-only/,
    );
  });
});

describe('GET /api/audit (administrators)', () => {
  const get = (query: string) => admin.get<AuditPage>(`/api/audit${query}`);

  it('pages newest first by default, with the total', async () => {
    const all = await rows();
    const res = await get('');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(all.length);
    expect(res.body.pageSize).toBe(50);
    expect(res.body.items[0]!.seq).toBe(Math.max(...all.map((r) => Number(r.seq))));
    const page2 = await get('?pageSize=3&page=2');
    const first6 = await get('?pageSize=6');
    expect(page2.body.items.map((i) => i.seq)).toEqual(first6.body.items.slice(3, 6).map((i) => i.seq));
  });

  it('filters by user (name or id), action (exact or prefix*), outcome, patient and dates', async () => {
    const byName = await get('?user=doc&pageSize=500');
    expect(byName.body.total).toBeGreaterThan(5);
    expect(new Set(byName.body.items.map((i) => i.username))).toEqual(new Set(['doc']));
    expect((await get(`?user=${docId}&pageSize=500`)).body.items.every((i) => i.userId === docId)).toBe(true);

    const logins = await get('?action=session.login&pageSize=500');
    expect(new Set(logins.body.items.map((i) => i.action))).toEqual(new Set(['session.login']));
    const session = await get('?action=session.*&pageSize=500');
    expect(new Set(session.body.items.map((i) => i.action))).toEqual(
      new Set(['session.login', 'session.logout']),
    );
    const failed = await get('?action=session.login&outcome=failure&pageSize=500');
    expect(failed.body.items.length).toBeGreaterThan(0);
    expect(failed.body.items.every((i) => i.outcome === 'failure')).toBe(true);

    const patient = await get(`?patient=${patientId}&pageSize=500`);
    expect(patient.body.items.every((i) => i.patientId === patientId)).toBe(true);
    expect(patient.body.items.map((i) => i.action)).toEqual(
      expect.arrayContaining(['patient.read', 'evaluation.sign']),
    );

    const day1 = await get('?from=2026-03-10&to=2026-03-10&pageSize=500');
    const day2 = await get('?from=2026-03-11&pageSize=500');
    expect(day1.body.items.every((i) => i.at.startsWith('2026-03-10'))).toBe(true);
    expect(day2.body.items.every((i) => i.at >= '2026-03-11')).toBe(true);
    expect(day2.body.items.map((i) => i.action)).toEqual(
      expect.arrayContaining(['evaluation.reassign', 'user.role-change']),
    );
    const all = await get('?pageSize=500');
    expect(day1.body.total + day2.body.total).toBe(all.body.total);
  });

  it('sorts by any column, either way', async () => {
    const asc = await get('?action=session.*&sort=user&pageSize=500');
    const names = asc.body.items.map((i) => i.username!);
    expect(names).toEqual([...names].sort());
    const desc = await get('?action=session.*&sort=-action&pageSize=500');
    const actions = desc.body.items.map((i) => i.action);
    expect(actions).toEqual([...actions].sort().reverse());
    const byTime = await get('?sort=at&pageSize=500');
    const times = byTime.body.items.map((i) => i.at);
    expect(times).toEqual([...times].sort());
  });

  it('names a bad filter with 422', async () => {
    const res = await admin.get<ErrorBody>('/api/audit?sort=password&from=yesterday');
    expect(res.status).toBe(422);
    expect(res.body.error.details?.items?.map((i) => i.code).sort()).toEqual(['from', 'sort']);
  });

  it('exports the same rows as CSV, and records the export', async () => {
    const page = await get(`?patient=${patientId}&pageSize=500`);
    const res = await admin.get<string>(`/api/audit.csv?patient=${patientId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-\d{8}-\d{6}\.csv"$/);
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'seq,at,user_id,username,role,patient_id,action,category,outcome,entity,entity_id,before_version,after_version,detail,hash',
    );
    // The export's own record (it names the patient) comes first, newest first like the report.
    expect(lines).toHaveLength(page.body.total + 2);
    expect(lines[1]).toContain(',audit.export,');
    expect(lines.slice(2).map((l) => Number(l.split(',')[0]))).toEqual(page.body.items.map((i) => i.seq));
    // A JSON detail is quoted, its quotes doubled (RFC 4180).
    const reassign = lines.find((l) => l.includes(',evaluation.reassign,'))!;
    expect(reassign).toContain(`,"{""fromAssigneeId"":""${docId}""`);

    const [exported] = await rows({ action: 'audit.export' });
    expect(exported).toMatchObject({
      username: 'chief',
      role: 'admin',
      category: 'audit',
      patient_id: patientId,
    });
    expect(JSON.parse(exported!.detail!)).toMatchObject({ filters: { patient: patientId, sort: '-seq' } });
  });
});

describe('audit:verify', () => {
  // Tampering needs the append-only triggers out of the way, as an attacker with database access would do.
  async function tamper(statement: ReturnType<typeof sql>) {
    const db = server.ctx.db;
    if (server.ctx.dialect === 'sqlite') {
      await sql`drop trigger if exists audit_log_no_update`.execute(db);
      await sql`drop trigger if exists audit_log_no_delete`.execute(db);
    } else {
      await sql`alter table audit_log disable trigger user`.execute(db);
    }
    await statement.execute(db);
  }

  let bundle: string;
  beforeAll(async () => {
    bundle = await bundleCli('audit-verify');
  });
  afterAll(() => removeBundle(bundle));

  async function runVerify(): Promise<{ status: number | null; output: string }> {
    const database = server.ctx.config.database;
    const url = database.kind === 'sqlite' ? `sqlite:${database.filename}` : database.url;
    const result = await runCli(bundle, [], { DATABASE_URL: url });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it('passes on an intact trail, then names a record edited directly in the database (exit 1)', async () => {
    const intact = await runVerify();
    expect(intact.output).toMatch(/Audit trail intact: \d+ records/);
    expect(intact.status).toBe(0);

    const original = await server.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', 5)
      .executeTakeFirstOrThrow();
    await tamper(sql`update audit_log set username = 'someone-else' where seq = 5`);
    const edited = await runVerify();
    expect(edited.status).toBe(1);
    expect(edited.output).toContain('record 5 was altered');

    // Even with its hash recomputed (with the key, which a database-only attacker does not have), the
    // edit shows: the next record no longer links to it.
    const row = await server.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', 5)
      .executeTakeFirstOrThrow();
    await tamper(
      sql`update audit_log set hash = ${keyedChainHash(server.ctx.config.keys.audit.key, row.prev_hash!, { ...row, seq: 5 })} where seq = 5`,
    );
    expect((await verifyAuditChain(server.ctx)).problem).toMatchObject({ kind: 'altered', seq: 5 });

    await tamper(
      sql`update audit_log set username = ${original.username}, hash = ${original.hash} where seq = 5`,
    );
    expect((await verifyAuditChain(server.ctx)).ok).toBe(true);
  });

  it('names a deleted record in the middle', async () => {
    await tamper(sql`delete from audit_log where seq = 7`);
    const deleted = await runVerify();
    expect(deleted.status).toBe(1);
    expect(deleted.output).toContain('record 7 is missing (deleted)');
    expect(await verifyAuditChain(server.ctx)).toMatchObject({
      ok: false,
      checked: 6,
      problem: { kind: 'missing', seq: 7 },
    });
  });
});

describe('audit:verify on a trail cut short', () => {
  it('names records deleted from the end, through the chain head', async () => {
    const other = await startTestServer({ clock });
    try {
      await createUser(other.ctx, { username: 'solo', role: 'clinician', name: 'Solo', password: PASSWORD });
      for (let i = 0; i < 3; i++) await other.client().login('solo', 'wrong wrong wrong');
      expect((await verifyAuditChain(other.ctx)).ok).toBe(true);
      const db = other.ctx.db;
      if (other.ctx.dialect === 'sqlite') await sql`drop trigger audit_log_no_delete`.execute(db);
      else await sql`alter table audit_log disable trigger user`.execute(db);
      await sql`delete from audit_log where seq >= 3`.execute(db);
      expect((await verifyAuditChain(other.ctx)).problem).toEqual({
        kind: 'missing',
        seq: 3,
        message: 'records 3–4 are missing (deleted from the end)',
      });
      await sql`delete from audit_log where seq = 1`.execute(db);
      expect((await verifyAuditChain(other.ctx)).problem).toMatchObject({ kind: 'missing', seq: 1 });
    } finally {
      await other.close();
    }
  });
});

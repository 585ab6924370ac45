// Idempotent creates (issue 17; docs/reliability.md "Idempotent creates"): a create retried with the
// same Idempotency-Key — the network dropped the first answer — returns the first result instead of
// a duplicate or a 409, on every route the OpenAPI document marks; keys are per user, kept 24 hours
// by the server clock, and two concurrent requests with one key create once.
import { randomUUID } from 'node:crypto';
import type { Patient } from '@rls/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import type { EvaluationView } from '../../server/src/features/evaluations/model';
import {
  CRITERIA_MET,
  loginAs,
  startTestServer,
  TEST_PASSWORD,
  type ApiClient,
  type ApiResponse,
  type ErrorBody,
  type TestServer,
} from './helpers';

const HOUR = 3_600_000;
const clock = new ManualClock('2026-06-10T09:00:00.000Z');
let server: TestServer;
let doc: ApiClient;
let doc2: ApiClient;
let mrnSeq = 0;

beforeAll(async () => {
  server = await startTestServer({ clock });
  doc = await loginAs(server, { username: 'idem1', role: 'clinician' });
  doc2 = await loginAs(server, { username: 'idem2', role: 'clinician' });
});
afterAll(() => server.close());

/** Moves the server clock; the sessions (30 min idle) are opened again for the same users. */
async function advance(ms: number): Promise<void> {
  clock.advance(ms);
  doc = await server.login('idem1', TEST_PASSWORD);
  doc2 = await server.login('idem2', TEST_PASSWORD);
}

function newPatientBody() {
  mrnSeq += 1;
  return { mrn: `IDEM-${mrnSeq}`, name: `Idem Patient ${mrnSeq}`, birthDate: '1965-03-04', sex: 'female' };
}

function withKey(key: string) {
  return { headers: { 'Idempotency-Key': key } };
}

async function patientsWithMrn(mrn: string): Promise<number> {
  const rows = await server.ctx.db.selectFrom('patients').select('id').where('mrn', '=', mrn).execute();
  return rows.length;
}

async function auditCount(action: string, entityId?: string): Promise<number> {
  let query = server.ctx.db.selectFrom('audit_log').select('seq').where('action', '=', action);
  if (entityId) query = query.where('entity_id', '=', entityId);
  return (await query.execute()).length;
}

async function keyRows(key: string): Promise<number> {
  return (await server.ctx.db.selectFrom('idempotency_keys').select('key').where('key', '=', key).execute())
    .length;
}

/** The replay is the first answer: status, body, Location and ETag alike. */
function expectSameAnswer(first: ApiResponse, again: ApiResponse): void {
  expect(again.status).toBe(first.status);
  expect(again.body).toEqual(first.body);
  expect(again.headers.get('location')).toBe(first.headers.get('location'));
  expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(first.headers.get('idempotent-replayed')).toBeNull();
}

async function signedEvaluation(): Promise<EvaluationView> {
  const patient = await doc.post<Patient>('/api/patients', newPatientBody());
  const created = await doc.post<EvaluationView>(`/api/patients/${patient.body.id}/evaluations`, {});
  const ready = await doc.patch<EvaluationView>(
    `/api/evaluations/${created.body.id}`,
    { answers: CRITERIA_MET, plan: { reviewed: true } },
    { headers: { 'If-Match': `"${created.body.version}"` } },
  );
  const signed = await doc.post<EvaluationView>(
    `/api/evaluations/${created.body.id}/sign`,
    {},
    { headers: { 'If-Match': `"${ready.body.version}"` } },
  );
  expect(signed.status).toBe(200);
  return signed.body;
}

describe('a retried create returns the first result', () => {
  it('POST /api/patients: the same key and body answers the same 201, same id, one patient', async () => {
    const body = newPatientBody();
    const key = randomUUID();
    const first = await doc.post<Patient>('/api/patients', body, withKey(key));
    expect(first.status).toBe(201);
    clock.advance(5_000);
    const again = await doc.post<Patient>('/api/patients', body, withKey(key));
    expectSameAnswer(first, again);
    // Key order does not matter: the same JSON object is the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expectSameAnswer(first, await doc.post('/api/patients', reordered, withKey(key)));
    expect(await patientsWithMrn(body.mrn)).toBe(1);
    expect(await auditCount('patient.create', first.body.id)).toBe(1);
    // Without the key the same body is what it always was: a duplicate MRN.
    const plain = await doc.post<ErrorBody>('/api/patients', body);
    expect([plain.status, plain.body.error.code]).toEqual([409, 'duplicate_mrn']);
  });

  it('POST /api/patients/:id/evaluations: a retry is the same draft, not 409 open_evaluation_exists', async () => {
    const patient = await doc.post<Patient>('/api/patients', newPatientBody());
    const key = randomUUID();
    const url = `/api/patients/${patient.body.id}/evaluations`;
    const first = await doc.post<EvaluationView>(url, {}, withKey(key));
    expect(first.status).toBe(201);
    expect(first.headers.get('etag')).toBe(`"${first.body.version}"`);
    const again = await doc.post<EvaluationView>(url, {}, withKey(key));
    expectSameAnswer(first, again);
    expect(await auditCount('evaluation.create', first.body.id)).toBe(1);
    const other = await doc.post<ErrorBody>(url, {}, withKey(randomUUID()));
    expect([other.status, other.body.error.code]).toEqual([409, 'open_evaluation_exists']);
  });

  it('POST /api/evaluations/:id/amendments: a retry is the same amendment, not 409 not_signed', async () => {
    const signed = await signedEvaluation();
    const key = randomUUID();
    const url = `/api/evaluations/${signed.id}/amendments`;
    const first = await doc.post<EvaluationView>(url, { reason: 'Lab corrected' }, withKey(key));
    expect(first.status).toBe(201);
    const again = await doc.post<EvaluationView>(url, { reason: 'Lab corrected' }, withKey(key));
    expectSameAnswer(first, again);
    const stored = await doc.get<EvaluationView>(`/api/evaluations/${signed.id}`);
    expect(stored.body.version).toBe(signed.version + 1);
    expect(stored.body.amendments).toHaveLength(1);
  });

  it('a refused create keeps no key: the corrected request with the same key creates', async () => {
    const key = randomUUID();
    const body = newPatientBody();
    const bad = await doc.post<ErrorBody>(
      '/api/patients',
      { ...body, birthDate: '2999-01-01' },
      withKey(key),
    );
    expect(bad.status).toBe(422);
    expect(await keyRows(key)).toBe(0);
    const good = await doc.post<Patient>('/api/patients', body, withKey(key));
    expect(good.status).toBe(201);
    expect(await keyRows(key)).toBe(1);
  });
});

describe('the key is checked', () => {
  it('the same key with another body, or on another route, is 422 idempotency_key_reused', async () => {
    const key = randomUUID();
    const body = newPatientBody();
    const first = await doc.post<Patient>('/api/patients', body, withKey(key));
    expect(first.status).toBe(201);
    const otherBody = newPatientBody();
    const reused = await doc.post<ErrorBody>('/api/patients', otherBody, withKey(key));
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    expect(reused.body.error.message).toMatch(/Idempotency-Key/);
    expect(reused.body.error.details?.items?.map((i) => i.code)).toEqual(['Idempotency-Key']);
    expect(await patientsWithMrn(otherBody.mrn)).toBe(0);

    const elsewhere = await doc.post<ErrorBody>(
      `/api/patients/${first.body.id}/evaluations`,
      {},
      withKey(key),
    );
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([422, 'idempotency_key_reused']);
    const detail = await doc.get<{ evaluations: unknown[] }>(`/api/patients/${first.body.id}`);
    expect(detail.body.evaluations).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['a space', 'a b'],
    ['non-ASCII', 'clé-1'],
    ['a control character', 'a\tb'],
    ['201 characters', 'k'.repeat(201)],
  ])('a key that is %s is 422 naming the header, creating nothing', async (_what, key) => {
    const body = newPatientBody();
    const res = await doc.post<ErrorBody>('/api/patients', body, withKey(key));
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error.code).toBe('invalid');
    expect(res.body.error.message).toMatch(/^Idempotency-Key: /);
    expect(res.body.error.details?.items?.map((i) => i.code)).toEqual(['Idempotency-Key']);
    expect(await patientsWithMrn(body.mrn)).toBe(0);
  });

  it('a key of 200 visible ASCII characters is accepted', async () => {
    const key = `${'~!'.repeat(99)}Zz`;
    expect(key).toHaveLength(200);
    const res = await doc.post('/api/patients', newPatientBody(), withKey(key));
    expect(res.status).toBe(201);
  });

  it('is checked after the session: 401 and 403 CSRF come first', async () => {
    const anonymous = await server.client().post<ErrorBody>('/api/patients', newPatientBody(), withKey(''));
    expect(anonymous.status).toBe(401);
    const noCsrf = await doc.post<ErrorBody>('/api/patients', newPatientBody(), {
      ...withKey(''),
      csrf: false,
    });
    expect([noCsrf.status, noCsrf.body.error.code]).toEqual([403, 'csrf']);
  });

  it('keys are per user: another clinician with the same key creates their own', async () => {
    const key = randomUUID();
    const one = await doc.post<Patient>('/api/patients', newPatientBody(), withKey(key));
    const two = await doc2.post<Patient>('/api/patients', newPatientBody(), withKey(key));
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(two.body.id).not.toBe(one.body.id);
    expect(two.headers.get('idempotent-replayed')).toBeNull();
    // And each one's retry answers their own.
    expect((await doc2.post<Patient>('/api/patients', two.body, withKey(key))).status).toBe(422);
  });
});

describe('keys expire after 24 hours (server clock)', () => {
  it('replays until 24 h have passed; then the key is free again and the old row is deleted', async () => {
    const key = randomUUID();
    const body = newPatientBody();
    const first = await doc.post<Patient>('/api/patients', body, withKey(key));
    expect(first.status).toBe(201);

    await advance(24 * HOUR - 1);
    expectSameAnswer(first, await doc.post('/api/patients', body, withKey(key)));

    await advance(2);
    // The same request is no longer a replay: it is the duplicate MRN it now is.
    const late = await doc.post<ErrorBody>('/api/patients', body, withKey(key));
    expect([late.status, late.body.error.code]).toEqual([409, 'duplicate_mrn']);
    expect(late.headers.get('idempotent-replayed')).toBeNull();
    expect(await keyRows(key)).toBe(0);
    // And the key can name a new create.
    const reusedLater = await doc.post<Patient>('/api/patients', newPatientBody(), withKey(key));
    expect(reusedLater.status).toBe(201);
    expect(reusedLater.body.id).not.toBe(first.body.id);
  });

  it("expired keys of every user are purged lazily by a later request's check", async () => {
    const key = randomUUID();
    expect((await doc2.post('/api/patients', newPatientBody(), withKey(key))).status).toBe(201);
    await advance(25 * HOUR);
    expect(await keyRows(key)).toBe(1);
    expect((await doc.post('/api/patients', newPatientBody(), withKey(randomUUID()))).status).toBe(201);
    expect(await keyRows(key)).toBe(0);
  });
});

describe('concurrent requests with one key create once', () => {
  it('POST /api/patients ×6 at once: every answer is the same 201 with the same id', async () => {
    const key = randomUUID();
    const body = newPatientBody();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => doc.post<Patient>('/api/patients', body, withKey(key))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect(await patientsWithMrn(body.mrn)).toBe(1);
    expect(await auditCount('patient.create', answers[0]!.body.id)).toBe(1);
  });

  it('POST /api/patients/:id/evaluations ×6 at once: one draft, every answer its 201', async () => {
    const patient = await doc.post<Patient>('/api/patients', newPatientBody());
    const key = randomUUID();
    const url = `/api/patients/${patient.body.id}/evaluations`;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => doc.post<EvaluationView>(url, {}, withKey(key))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const rows = await server.ctx.db
      .selectFrom('evaluations')
      .select('id')
      .where('patient_id', '=', patient.body.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('the same key with two different bodies at once: one creates, the other is 422', async () => {
    const key = randomUUID();
    const [a, b] = [newPatientBody(), newPatientBody()];
    const answers = await Promise.all([
      doc.post<Patient | ErrorBody>('/api/patients', a, withKey(key)),
      doc.post<Patient | ErrorBody>('/api/patients', b, withKey(key)),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 422]);
    expect((answers.find((r) => r.status === 422)!.body as ErrorBody).error.code).toBe(
      'idempotency_key_reused',
    );
    expect((await patientsWithMrn(a.mrn)) + (await patientsWithMrn(b.mrn))).toBe(1);
  });
});

describe('the OpenAPI document', () => {
  it('documents the Idempotency-Key header on exactly the creates that accept it', async () => {
    const doc = await server.client().get<{
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    }>('/api/openapi.json');
    const withHeader = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.parameters?.some((p) => p.name === 'Idempotency-Key' && p.in === 'header'))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(withHeader.sort()).toEqual([
      'POST /api/evaluations/{id}/amendments',
      'POST /api/patients',
      'POST /api/patients/{id}/evaluations',
    ]);
  });
});

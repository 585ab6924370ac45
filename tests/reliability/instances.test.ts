// Two server processes on one PostgreSQL database, as behind a load balancer (docs/operations.md,
// docs/decisions/018-many-instances.md): started together on an empty database they migrate and seed
// once; a session, the login throttle, an idempotency key and the workload summary are shared; two
// concurrent saves of one evaluation through both give one 200 and one 412; and the audit trail both
// wrote verifies. PostgreSQL only (RLS_TEST_PG_URL; `npm test` starts a cluster for it): SQLite serves
// one instance.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkloadSummary } from '@rls/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations } from '../../server/src/db/migrations';
import { DEMO_ACCOUNTS } from '../../server/src/demo/accounts';
import {
  Client,
  ensureServerBuilt,
  freshDatabase,
  ServerProcess,
  verifyAuditChain,
  type TestDatabase,
} from './harness';

const pgUrl = process.env.RLS_TEST_PG_URL;

interface EvaluationBody {
  id: string;
  version: number;
  answers: Record<string, unknown>;
}

/** A client of `server` holding the same session as `client` (the same browser, another instance). */
function sameSession(client: Client, server: ServerProcess): Client {
  const other = new Client(server.baseUrl);
  other.cookie = client.cookie;
  other.csrfToken = client.csrfToken;
  other.userId = client.userId;
  return other;
}

describe.runIf(pgUrl)('two server processes on one PostgreSQL database', () => {
  let database: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let logDir: string;

  beforeAll(async () => {
    ensureServerBuilt();
    database = await freshDatabase(pgUrl);
    logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rls-instances-'));
    a = await ServerProcess.create({ database, logFile: path.join(logDir, 'a.log') });
    b = await ServerProcess.create({ database, logFile: path.join(logDir, 'b.log') });
    // Started together on the empty database.
    await Promise.all([a.start(), b.start()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.kill(), b?.kill()]);
    await database?.drop();
    if (logDir) fs.rmSync(logDir, { recursive: true, force: true });
  });

  it('started together on an empty database, they migrated once and seeded the demo clinic once', async () => {
    const migrations = await database.query<{ name: string }>('select name from kysely_migration');
    expect(migrations.map((m) => m.name).sort()).toEqual(Object.keys(listMigrations('postgres')));
    const users = await database.query<{ username: string }>('select username from users');
    expect(users.map((u) => u.username).sort()).toEqual(DEMO_ACCOUNTS.map((u) => u.username).sort());
    const seeds = await database.query(`select seq from audit_log where action = 'demo.seed'`);
    expect(seeds).toHaveLength(1);
    const logs = ['a.log', 'b.log'].map((f) => fs.readFileSync(path.join(logDir, f), 'utf8'));
    expect(logs.join('\n')).not.toMatch(/start-up failed/);
  });

  it('a session made on one instance works on the other; signing out on one ends it on both', async () => {
    const onA = await new Client(a.baseUrl).login('clinician');
    const onB = sameSession(onA, b);
    const session = await onB.request<{ user: { username: string } }>('GET', '/api/session');
    expect(session.status).toBe(200);
    expect(session.body.user.username).toBe('clinician');
    expect((await onB.request('GET', '/api/patients')).status).toBe(200);

    expect((await onB.request('DELETE', '/api/session')).status).toBe(204);
    expect((await onA.request('GET', '/api/session')).status).toBe(401);
  });

  it('concurrent saves of one evaluation through both instances: exactly one 200 and one 412', async () => {
    const onA = await new Client(a.baseUrl).login('clinician');
    const onB = sameSession(onA, b);
    const patient = await onA.request<{ id: string }>('POST', '/api/patients', {
      mrn: `INST-${randomBytes(4).toString('hex')}`,
      name: 'Two Instances',
      birthDate: '1958-03-04',
      sex: 'female',
    });
    expect(patient.status).toBe(201);
    const created = await onB.request<EvaluationBody>(
      'POST',
      `/api/patients/${patient.body.id}/evaluations`,
      {},
    );
    expect(created.status).toBe(201);
    const id = created.body.id;

    let version = created.body.version;
    for (let round = 0; round < 8; round++) {
      const save = (client: Client, text: string) =>
        client.request<EvaluationBody>(
          'PATCH',
          `/api/evaluations/${id}`,
          { answers: { 'notes.history': text } },
          { 'If-Match': `"${version}"` },
        );
      const results = await Promise.all([save(onA, `from A ${round}`), save(onB, `from B ${round}`)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = results.find((r) => r.status === 200)!;
      expect(winner.body.version).toBe(version + 1);
      version = winner.body.version;
      // Both instances read the winner's answer.
      for (const client of [onA, onB]) {
        const read = await client.request<EvaluationBody>('GET', `/api/evaluations/${id}`);
        expect(read.body.version).toBe(version);
        expect(read.body.answers['notes.history']).toBe(winner.body.answers['notes.history']);
      }
    }
  });

  it('the same Idempotency-Key sent to both instances at once creates one patient', async () => {
    const onA = await new Client(a.baseUrl).login('clinician2');
    const onB = sameSession(onA, b);
    const key = randomUUID();
    const body = {
      mrn: `IDEM-${randomBytes(4).toString('hex')}`,
      name: 'Once Only',
      birthDate: '1970-01-02',
      sex: 'male',
    };
    const results = await Promise.all(
      [onA, onB].map((client) =>
        client.request<{ id: string }>('POST', '/api/patients', body, { 'Idempotency-Key': key }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    expect(results[0]!.body.id).toBe(results[1]!.body.id);
    const rows = await database.query('select id from patients where mrn = ?', [body.mrn]);
    expect(rows).toHaveLength(1);
  });

  it('failed logins on one instance count on the other', async () => {
    const username = 'clinician2';
    for (let i = 0; i < 5; i++) {
      const server = i % 2 === 0 ? a : b;
      const res = await new Client(server.baseUrl).request('POST', '/api/session', {
        username,
        password: `wrong password ${i}`,
      });
      expect(res.status).toBe(401);
    }
    // The fifth failure (three on one instance, two on the other) started the backoff, on both.
    for (const server of [a, b]) {
      const res = await new Client(server.baseUrl).request('POST', '/api/session', {
        username,
        password: 'wrong again',
      });
      expect(res.status).toBe(429);
    }
  });

  it('the workload summary on one instance shows a change made through the other at once', async () => {
    // The summary's figures are cached per instance, keyed by a version row every change bumps.
    const admin = await new Client(b.baseUrl).login('admin');
    const summary = async () => {
      const res = await admin.request<WorkloadSummary>('GET', '/api/workload');
      expect(res.status).toBe(200);
      return res.body;
    };
    const before = await summary();
    expect(await summary()).toMatchObject({ startedInPeriod: before.startedInPeriod }); // cached

    const clinician = await new Client(a.baseUrl).login('clinician');
    const patient = await clinician.request<{ id: string }>('POST', '/api/patients', {
      mrn: `WL-${randomBytes(4).toString('hex')}`,
      name: 'Workload Change',
      birthDate: '1966-06-06',
      sex: 'male',
    });
    const started = await clinician.request('POST', `/api/patients/${patient.body.id}/evaluations`, {});
    expect(started.status).toBe(201);

    const after = await summary();
    expect(after.startedInPeriod).toBe(before.startedInPeriod + 1);
    expect(after.byStatus.draft).toBe(before.byStatus.draft + 1);
  });

  it('after both stop, the audit trail they wrote together (changes and buffered reads) verifies', async () => {
    const stops = await Promise.all([a.stop(), b.stop()]);
    expect(stops.map((s) => s.code)).toEqual([0, 0]);
    const chain = verifyAuditChain(database);
    expect(chain.ok, chain.output).toBe(true);
    // Reads were audited on both instances (their buffers were flushed at shutdown).
    const reads = await database.query<{ n: number | string }>(
      `select count(*) as n from audit_log where action = 'evaluation.read'`,
    );
    expect(Number(reads[0]!.n)).toBeGreaterThanOrEqual(16);
    expect(chain.records).toBeGreaterThan(40);
  });
});

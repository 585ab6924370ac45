// From SQLite to PostgreSQL (docs/operations.md): `npm run db:copy -- --to postgres://…` copies a used
// SQLite database into an empty PostgreSQL one; every table then holds the same rows, the audit trail
// verifies, and a server on the copy carries on (sign in, read, save, the chain still verifies). It
// refuses a target that holds data, changing nothing. Needs PostgreSQL (RLS_TEST_PG_URL; `npm test`
// starts a cluster for it).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  ensureServerBuilt,
  freshDatabase,
  runServerCli,
  ServerProcess,
  tableSnapshot,
  verifyAuditChain,
  type TestDatabase,
} from './harness';

const pgUrl = process.env.RLS_TEST_PG_URL;

interface EvaluationBody {
  id: string;
  version: number;
}

describe.runIf(pgUrl)('db:copy from SQLite to PostgreSQL', () => {
  let dir: string;
  let sqlite: TestDatabase;
  let postgres: TestDatabase;
  let evaluationId: string;

  beforeAll(async () => {
    ensureServerBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rls-copy-'));
    sqlite = await freshDatabase();
    postgres = await freshDatabase(pgUrl);
    // A used SQLite database: the demo clinic, sessions, a throttled login, an idempotency key,
    // saves, a sign-off, and buffered reads written at shutdown.
    const server = await ServerProcess.create({ database: sqlite, logFile: path.join(dir, 'sqlite.log') });
    await server.start();
    try {
      const clinician = await new Client(server.baseUrl).login('clinician');
      await new Client(server.baseUrl).request('POST', '/api/session', {
        username: 'admin',
        password: 'not the password',
      });
      const patient = await clinician.request<{ id: string }>(
        'POST',
        '/api/patients',
        {
          mrn: `CP-${randomBytes(3).toString('hex')}`,
          name: 'Copy Me',
          birthDate: '1962-09-10',
          sex: 'male',
        },
        { 'Idempotency-Key': 'copy-test-create' },
      );
      expect(patient.status).toBe(201);
      const evaluation = await clinician.request<EvaluationBody>(
        'POST',
        `/api/patients/${patient.body.id}/evaluations`,
        {},
      );
      evaluationId = evaluation.body.id;
      const saved = await clinician.request<EvaluationBody>(
        'PATCH',
        `/api/evaluations/${evaluationId}`,
        { answers: { 'notes.history': 'copied to PostgreSQL' } },
        { 'If-Match': `"${evaluation.body.version}"` },
      );
      expect(saved.status).toBe(200);
      await clinician.request('GET', `/api/evaluations/${evaluationId}`);
    } finally {
      await server.stop();
    }
  }, 120_000);

  afterAll(async () => {
    await sqlite?.drop();
    await postgres?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table; the row counts match and the audit trail verifies on the copy', async () => {
    const copy = runServerCli('db-copy', ['--to', postgres.url], { DATABASE_URL: sqlite.url });
    expect(copy.status, copy.stdout + copy.stderr).toBe(0);
    expect(copy.stdout).toMatch(/Audit trail verified on the copy: \d+ records/);
    expect(copy.stdout).toMatch(/every table's row count matches the source/);

    // Not only the counts: every row of every table is the same (the migration bookkeeping aside,
    // which records when each side was migrated).
    const { kysely_migration: fromMigrations, ...from } = await tableSnapshot(sqlite);
    const { kysely_migration: toMigrations, ...to } = await tableSnapshot(postgres);
    expect(Object.keys(to)).toEqual(Object.keys(from));
    for (const table of Object.keys(from)) expect(to[table], table).toEqual(from[table]);
    const names = (rows: string[] | undefined) =>
      (rows ?? []).map((r) => (JSON.parse(r) as [string, string][]).find(([key]) => key === 'name')?.[1]);
    expect(names(toMigrations)).toEqual(names(fromMigrations));
    for (const table of ['users', 'patients', 'evaluations', 'audit_log', 'sessions', 'login_throttle']) {
      expect(from[table]!.length, table).toBeGreaterThan(0);
    }
    expect(verifyAuditChain(postgres).ok).toBe(true);
  }, 120_000);

  it('a server on the copy carries on: the accounts, the data and the audit chain', async () => {
    const server = await ServerProcess.create({
      database: postgres,
      logFile: path.join(dir, 'postgres.log'),
    });
    await server.start();
    try {
      const clinician = await new Client(server.baseUrl).login('clinician');
      const evaluation = await clinician.request<EvaluationBody & { answers: Record<string, unknown> }>(
        'GET',
        `/api/evaluations/${evaluationId}`,
      );
      expect(evaluation.status).toBe(200);
      expect(evaluation.body.answers['notes.history']).toBe('copied to PostgreSQL');
      const saved = await clinician.request(
        'PATCH',
        `/api/evaluations/${evaluationId}`,
        { answers: { 'notes.history': 'and saved on PostgreSQL' } },
        { 'If-Match': `"${evaluation.body.version}"` },
      );
      expect(saved.status).toBe(200);
    } finally {
      expect((await server.stop()).code).toBe(0);
    }
    const chain = verifyAuditChain(postgres);
    expect(chain.ok, chain.output).toBe(true);
  }, 120_000);

  it('refuses a target that already holds data, and changes nothing in it', async () => {
    const before = await tableSnapshot(postgres);
    const again = runServerCli('db-copy', ['--to', postgres.url], { DATABASE_URL: sqlite.url });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
    expect(await tableSnapshot(postgres)).toEqual(before);
  }, 60_000);
});

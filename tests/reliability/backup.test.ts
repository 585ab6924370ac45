// Backup → restore → compare (docs/operations.md, "Backups"): `npm run db:backup` while the server
// runs and keeps saving, `npm run db:restore` into a new database, and the restored database holds
// every row of the backup, passes its integrity check and its audit trail verifies. SQLite (online
// backup API), or PostgreSQL (pg_dump/pg_restore) when RLS_TEST_PG_URL is set, like the API tests.
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

describe(`backup and restore (${pgUrl ? 'PostgreSQL: pg_dump / pg_restore' : 'SQLite: online backup'})`, () => {
  let dir: string;
  let source: TestDatabase;
  let server: ServerProcess;
  const restored: TestDatabase[] = [];

  beforeAll(async () => {
    ensureServerBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rls-backup-'));
    source = await freshDatabase(pgUrl);
    server = await ServerProcess.create({ database: source, logFile: path.join(dir, 'server.log') });
    await server.start();
  }, 120_000);

  afterAll(async () => {
    await server?.kill();
    for (const db of [source, ...restored]) await db?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a backup taken while saves go on restores into a new database: one consistent moment of it', async () => {
    const clinician = await new Client(server.baseUrl).login('clinician');
    // Saves keep running while the backup is taken.
    let saving = true;
    let saves = 0;
    const writer = (async () => {
      while (saving) {
        const res = await clinician.request('POST', '/api/patients', {
          mrn: `BK-${randomBytes(4).toString('hex')}`,
          name: 'Backup Writer',
          birthDate: '1971-02-03',
          sex: 'female',
        });
        expect(res.status).toBe(201);
        saves += 1;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const file = path.join(dir, pgUrl ? 'backup.pgdump' : 'backup.sqlite');
    const backup = runServerCli('db-backup', ['--out', file], { DATABASE_URL: source.url });
    saving = false;
    await writer;
    expect(backup.status, backup.stdout + backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`Backup written: ${file}`);
    expect(fs.statSync(file).mode & 0o077).toBe(0); // PHI: readable by its owner only
    expect(saves).toBeGreaterThan(0);

    // Stop the server (its buffered reads written), so the source no longer changes.
    await server.stop();
    const target = await freshDatabase(pgUrl);
    restored.push(target);
    const restore = runServerCli('db-restore', [file], { DATABASE_URL: target.url });
    expect(restore.status, restore.stdout + restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Audit trail intact: \d+ records/);

    // The restored database is sound and its audit trail verifies.
    expect(await target.integrityCheck()).toEqual([]);
    const chain = verifyAuditChain(target);
    expect(chain.ok, chain.output).toBe(true);

    // It holds what the backup saw, as of one moment: the append-only audit trail is a gapless
    // prefix of the source's (and its head matches it: verified above), every restored patient is one
    // of the source's, and some of the writer's patients made it in.
    const auditOf = (db: TestDatabase) =>
      db.query<{ seq: number; hash: string }>('select seq, hash from audit_log order by seq');
    const sourceAudit = await auditOf(source);
    const restoredAudit = await auditOf(target);
    expect(restoredAudit.length).toBeGreaterThan(0);
    expect(restoredAudit.map((r) => [Number(r.seq), r.hash])).toEqual(
      sourceAudit.slice(0, restoredAudit.length).map((r) => [Number(r.seq), r.hash]),
    );
    const sourcePatients = new Set(
      (await source.query<{ id: string }>('select id from patients')).map((r) => r.id),
    );
    const restoredPatients = (await target.query<{ id: string }>('select id from patients')).map((r) => r.id);
    expect(restoredPatients.filter((id) => !sourcePatients.has(id))).toEqual([]);
    expect(restoredPatients.length).toBeGreaterThan(40); // the demo clinic and some of the writer's
  }, 120_000);

  it('a backup of the stopped server restores to the same data, row for row in every table', async () => {
    const file = path.join(dir, pgUrl ? 'quiet.pgdump' : 'quiet.sqlite');
    const backup = runServerCli('db-backup', ['--out', file], { DATABASE_URL: source.url });
    expect(backup.status, backup.stdout + backup.stderr).toBe(0);
    const target = await freshDatabase(pgUrl);
    restored.push(target);
    const restore = runServerCli('db-restore', [file], { DATABASE_URL: target.url });
    expect(restore.status, restore.stdout + restore.stderr).toBe(0);
    const expected = await tableSnapshot(source);
    expect(expected.audit_log!.length).toBeGreaterThan(1);
    expect(await tableSnapshot(target)).toEqual(expected);
  }, 120_000);

  it('restore refuses a database that already holds data unless --force, which replaces it', async () => {
    const file = path.join(dir, pgUrl ? 'backup.pgdump' : 'backup.sqlite');
    const target = restored[0]!;
    const refused = runServerCli('db-restore', [file], { DATABASE_URL: target.url });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--force/);

    // A change after the restore, then --force brings back the backup's data exactly.
    const expected = await tableSnapshot(target);
    await target.query(
      `update patients set name = 'Changed After Restore' where mrn = 'MRN-100234' returning id`,
    );
    expect(await tableSnapshot(target)).not.toEqual(expected);
    const forced = runServerCli('db-restore', [file, '--force'], { DATABASE_URL: target.url });
    expect(forced.status, forced.stdout + forced.stderr).toBe(0);
    expect(await tableSnapshot(target)).toEqual(expected);
  }, 120_000);

  it('backup refuses to overwrite a file, and restore names a file that is not a backup', async () => {
    const file = path.join(dir, pgUrl ? 'backup.pgdump' : 'backup.sqlite');
    const again = runServerCli('db-backup', ['--out', file], { DATABASE_URL: source.url });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already exists');

    const junk = path.join(dir, 'junk.txt');
    fs.writeFileSync(junk, 'not a backup');
    const target = await freshDatabase(pgUrl);
    restored.push(target);
    const restore = runServerCli('db-restore', [junk], { DATABASE_URL: target.url });
    expect(restore.status).toBe(1);
    expect(restore.stderr).toMatch(pgUrl ? /pg_restore failed/ : /not a SQLite database/);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import { loadConfig } from '../../server/src/config';
import { closeContext, createContext, type AppContext } from '../../server/src/context';
import { chainHash, GENESIS_HASH } from '../../server/src/db/audit-chain';
import { appendAudit } from '../../server/src/db/audit-log';
import { listMigrations, migrateToLatest } from '../../server/src/db/migrations';
import { verifyAuditChain } from '../../server/src/features/audit/verify';
import { openSecret } from '../../server/src/features/users/secrets';
import { prepareSecurity } from '../../server/src/security';
import { freshDatabase } from './helpers';

/**
 * Migration 007 on a database that already has an (unkeyed) audit trail and a TOTP secret in clear:
 * the chain continues keyed without a gap and the secret ends up encrypted
 * (docs/decisions/017-security-hardening.md).
 */

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let ctx: AppContext;
let dir: string;
let drop: () => Promise<void>;

// A fresh database of the dialect under test (SQLite, or PostgreSQL with RLS_TEST_PG_URL).
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rls-upgrade-'));
  const database = await freshDatabase(dir);
  drop = database.drop;
  ctx = createContext(loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent' }), {
    clock: new ManualClock('2026-08-05T08:00:00.000Z'),
    logger: pino({ level: 'silent' }),
  });
});
afterEach(async () => {
  await closeContext(ctx);
  await drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A database as release 006 left it: three plain-chained audit records and a user with MFA. */
async function databaseBefore007(): Promise<void> {
  const migrator = new Migrator({
    db: ctx.db,
    provider: { getMigrations: () => Promise.resolve(listMigrations(ctx.dialect)) },
  });
  expect((await migrator.migrateTo('001-initial')).error).toBeUndefined();
  for (const [i, action] of ['session.login', 'patient.create', 'session.logout'].entries()) {
    await ctx.db
      .insertInto('audit_log')
      .values({
        at: `2026-02-0${i + 1}T09:00:00.000Z`,
        user_id: 'u-1',
        username: 'clinician',
        role: 'clinician',
        patient_id: null,
        action,
        category: 'auth',
        outcome: 'success',
        entity: null,
        entity_id: null,
        before_version: null,
        after_version: null,
        detail: null,
      })
      .execute();
  }
  expect((await migrator.migrateTo('006-discarded-status')).error).toBeUndefined(); // 002 chains them
  await ctx.db
    .insertInto('users')
    .values({
      id: 'u-1',
      username: 'clinician',
      name: 'Dr Clinician',
      role: 'clinician',
      password_hash: 'x',
      active: 1,
      mfa_secret: SECRET,
      mfa_enabled: 1,
      recovery_codes: null,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
      password_changed_at: '2026-01-01T00:00:00.000Z',
    })
    .execute();
}

const usersTableText = async () => JSON.stringify(await ctx.db.selectFrom('users').selectAll().execute());

describe('upgrading with the keys (npm start, npm run migrate)', () => {
  it('keeps the plain links, continues keyed from the last plain record, and verifies', async () => {
    await databaseBefore007();
    const before = await ctx.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();

    await migrateToLatest(ctx.db, ctx.dialect, ctx.config.keys);

    const rows = await ctx.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.slice(0, 3).map((r) => [r.hash, r.hash_scheme])).toEqual(
      before.map((r) => [r.hash, 'sha256']),
    );
    const marker = rows[3]!;
    expect(marker).toMatchObject({
      seq: 4,
      action: 'audit.chain-keyed',
      category: 'audit',
      prev_hash: before[2]!.hash,
      hash_scheme: `hmac-sha256:${ctx.config.keys.audit.id}`,
    });
    expect(JSON.parse(marker.detail!)).toEqual({ keyId: ctx.config.keys.audit.id, plainUntil: 3 });

    // Work after the upgrade is keyed and links on.
    await ctx.db
      .transaction()
      .execute((trx) => appendAudit(trx, ctx, { actor: null, action: 'session.login', category: 'auth' }));
    const report = await verifyAuditChain(ctx);
    expect(report).toMatchObject({ ok: true, checked: 5, keyedFrom: { seq: 4 }, problem: null });
  });

  it('encrypts the TOTP secret stored in clear: the users table no longer holds it', async () => {
    await databaseBefore007();
    expect(await usersTableText()).toContain(SECRET);
    await migrateToLatest(ctx.db, ctx.dialect, ctx.config.keys);
    expect(await usersTableText()).not.toContain(SECRET);
    const user = await ctx.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user.mfa_secret_key_id).toBe(ctx.config.keys.secret!.id);
    expect(openSecret(ctx.config.keys, user)).toBe(SECRET);
  });

  it('still shows a rewrite of the plain records: the first keyed record no longer links to them', async () => {
    await databaseBefore007();
    await migrateToLatest(ctx.db, ctx.dialect, ctx.config.keys);
    if (ctx.dialect === 'sqlite') await sql`drop trigger audit_log_no_update`.execute(ctx.db);
    else await sql`alter table audit_log disable trigger user`.execute(ctx.db);
    // Record 2 edited and every plain hash recomputed, as anyone with the database could.
    let prev = GENESIS_HASH;
    for (const row of await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '<=', 3)
      .orderBy('seq')
      .execute()) {
      const seq = Number(row.seq);
      const fields = { ...row, seq, username: seq === 2 ? 'intruder' : row.username };
      const hash = chainHash(prev, fields);
      await ctx.db
        .updateTable('audit_log')
        .set({ username: fields.username, prev_hash: prev, hash })
        .where('seq', '=', seq)
        .execute();
      prev = hash;
    }
    expect((await verifyAuditChain(ctx)).problem).toMatchObject({ kind: 'altered', seq: 3 });
  });
});

describe('upgrading without the keys (a bare migration)', () => {
  it('changes only the schema: the unkeyed trail fails verification, start-up encrypts the secret', async () => {
    await databaseBefore007();
    await migrateToLatest(ctx.db, ctx.dialect);
    expect((await verifyAuditChain(ctx)).problem).toMatchObject({ kind: 'unkeyed', seq: 3 });

    expect(await usersTableText()).toContain(SECRET);
    await prepareSecurity(ctx);
    expect(await usersTableText()).not.toContain(SECRET);
  });
});

import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Keys } from '../../config';

/**
 * Security hardening (issue 17; docs/decisions/017-security-hardening.md):
 * - `audit_log.hash_scheme`: which link hashed a record. Every record written so far keeps its plain
 *   SHA-256 link (`sha256`); from now on records are keyed, `hmac-sha256:<key id>` with RLS_AUDIT_KEY.
 * - `users.mfa_secret_key_id`: the RLS_SECRET_KEY that encrypted `mfa_secret` (AES-256-GCM).
 * - `device_lockouts`: the failed logins of device cookies (features/session/devices.ts).
 *
 * Given the keys (`npm start`, `npm run migrate`, every CLI), it also, in one transaction:
 * - encrypts the TOTP secrets stored in clear (start-up does it later for a run without them);
 * - when the trail has records, appends the first keyed record (`audit.chain-keyed`), linked to the last
 *   plain one: from here on the trail ends in a keyed record, which is what tells a database-only
 *   rewrite (all plain) from a trail that was never keyed. Without keys (tests that migrate a bare
 *   database) it only changes the schema.
 */
export function securityKeys(keys?: Keys): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      // A default fills the existing rows without an UPDATE (the append-only triggers stay quiet).
      await db.schema
        .alterTable('audit_log')
        .addColumn('hash_scheme', 'text', (c) => c.notNull().defaultTo('sha256'))
        .execute();
      await db.schema.alterTable('users').addColumn('mfa_secret_key_id', 'text').execute();
      await db.schema
        .createTable('device_lockouts')
        .addColumn('device_id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('locked_until', 'text')
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('device_lockouts_expires')
        .on('device_lockouts')
        .column('expires_at')
        .execute();

      if (!keys) return;
      // PostgreSQL runs each migration in a transaction already; SQLite's run outside one.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const inTransaction = (fn: (trx: Kysely<any>) => Promise<void>) =>
        db.isTransaction ? fn(db) : db.transaction().execute(fn);
      await inTransaction(async (trx) => {
        if (keys.secret) await encryptClearSecrets(trx, keys.secret);
        await keyTheChain(trx, keys.audit);
      });
    },

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      // Keyed records stay (the trail is append-only): an unkeyed verifier fails from the first of them.
      await db.schema.dropTable('device_lockouts').ifExists().execute();
      await db.schema.alterTable('users').dropColumn('mfa_secret_key_id').execute();
      await db.schema.alterTable('audit_log').dropColumn('hash_scheme').execute();
    },
  };
}

// Frozen copies of what the live code wrote when this migration was released (features/users/secrets.ts
// and db/audit-chain.ts). A migration must not change when the live code does: never edit these.

type KeyConfig = Keys['audit'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function encryptClearSecrets(trx: Kysely<any>, key: KeyConfig): Promise<void> {
  const rows = (await trx
    .selectFrom('users')
    .select(['id', 'mfa_secret'])
    .where('mfa_secret', 'is not', null)
    .where('mfa_secret_key_id', 'is', null)
    .execute()) as { id: string; mfa_secret: string }[];
  for (const row of rows) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.key, iv);
    cipher.setAAD(Buffer.from(`rls-workup users.mfa_secret ${row.id}`));
    const body = Buffer.concat([cipher.update(row.mfa_secret, 'utf8'), cipher.final()]);
    const sealed = [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
    await trx
      .updateTable('users')
      .set({ mfa_secret: sealed, mfa_secret_key_id: key.id })
      .where('id', '=', row.id)
      .where('mfa_secret', '=', row.mfa_secret)
      .execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function keyTheChain(trx: Kysely<any>, key: KeyConfig): Promise<void> {
  // Lock the head like every audit writer: a no-op write (SQLite's write lock, PostgreSQL's row lock).
  await trx
    .updateTable('audit_head')
    .set({ seq: sql`seq` })
    .where('id', '=', 1)
    .execute();
  const head: { seq: number | string; hash: string } | undefined = await trx
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const lastSeq = Number(head?.seq ?? 0);
  if (!head || lastSeq === 0) return; // an empty trail: its first record will be keyed
  const record = {
    seq: lastSeq + 1,
    at: new Date().toISOString(),
    user_id: null,
    username: null,
    role: null,
    patient_id: null,
    action: 'audit.chain-keyed',
    category: 'audit',
    outcome: 'success',
    entity: null,
    entity_id: null,
    before_version: null,
    after_version: null,
    detail: JSON.stringify({ keyId: key.id, plainUntil: lastSeq }),
  };
  const canonical = JSON.stringify({
    action: record.action,
    after_version: record.after_version,
    at: record.at,
    before_version: record.before_version,
    category: record.category,
    detail: record.detail,
    entity: record.entity,
    entity_id: record.entity_id,
    outcome: record.outcome,
    patient_id: record.patient_id,
    role: record.role,
    seq: record.seq,
    user_id: record.user_id,
    username: record.username,
  });
  const hash = createHmac('sha256', key.key)
    .update(head.hash + canonical)
    .digest('hex');
  await trx
    .insertInto('audit_log')
    .values({ ...record, prev_hash: head.hash, hash, hash_scheme: `hmac-sha256:${key.id}` })
    .execute();
  await trx.updateTable('audit_head').set({ seq: record.seq, hash }).where('id', '=', 1).execute();
}

import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { createHash } from 'node:crypto';
import type { DialectName } from '../dialect';

/**
 * Security (issues 8 and 9):
 * - `audit_head`: one row holding the last audit sequence number and hash. Writers lock it
 *   (PostgreSQL `SELECT … FOR UPDATE`, SQLite the write lock) so the chain stays linear with several
 *   app instances; existing audit rows are hash-chained here.
 * - audit_log is append-only: triggers refuse UPDATE, DELETE (and TRUNCATE on PostgreSQL).
 * - login_throttle.consecutive: failures since the last success, for exponential backoff.
 * - users.mfa_last_step: the last TOTP time step accepted (a code cannot be replayed).
 * - sessions.mfa_enrol: 1 while an administrator must enrol a second factor before anything else.
 */
export function security(dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', dialect === 'sqlite' ? 'integer' : 'bigint', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();

      // Chain what is already there, in order.
      let prev = GENESIS_HASH;
      let lastSeq = 0;
      let after = 0;
      for (;;) {
        const rows = (await db
          .selectFrom('audit_log')
          .selectAll()
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(1000)
          .execute()) as (AuditRow & { prev_hash: string | null; hash: string | null })[];
        if (rows.length === 0) break;
        for (const row of rows) {
          const hash = chainHash(prev, row);
          await db
            .updateTable('audit_log')
            .set({ prev_hash: prev, hash })
            .where('seq', '=', row.seq)
            .execute();
          prev = hash;
          lastSeq = Number(row.seq);
        }
        after = lastSeq;
      }
      await db.insertInto('audit_head').values({ id: 1, seq: lastSeq, hash: prev }).execute();

      await db.schema.createIndex('audit_log_action').on('audit_log').column('action').execute();
      await db.schema.createIndex('audit_log_user').on('audit_log').column('user_id').execute();
      await db.schema.createIndex('audit_log_username').on('audit_log').column('username').execute();

      if (dialect === 'sqlite') {
        await sql`create trigger audit_log_no_update before update on audit_log
          begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
        await sql`create trigger audit_log_no_delete before delete on audit_log
          begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
      } else {
        await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
          begin raise exception 'audit_log is append-only'; end $$`.execute(db);
        await sql`create trigger audit_log_no_change before update or delete on audit_log
          for each row execute function audit_log_append_only()`.execute(db);
        await sql`create trigger audit_log_no_truncate before truncate on audit_log
          for each statement execute function audit_log_append_only()`.execute(db);
      }

      await db.schema
        .alterTable('login_throttle')
        .addColumn('consecutive', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('users').addColumn('mfa_last_step', 'integer').execute();
      await db.schema
        .alterTable('sessions')
        .addColumn('mfa_enrol', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      if (dialect === 'sqlite') {
        await sql`drop trigger if exists audit_log_no_update`.execute(db);
        await sql`drop trigger if exists audit_log_no_delete`.execute(db);
      } else {
        await sql`drop trigger if exists audit_log_no_change on audit_log`.execute(db);
        await sql`drop trigger if exists audit_log_no_truncate on audit_log`.execute(db);
        await sql`drop function if exists audit_log_append_only()`.execute(db);
      }
      await db.schema.dropIndex('audit_log_action').ifExists().execute();
      await db.schema.dropIndex('audit_log_user').ifExists().execute();
      await db.schema.dropIndex('audit_log_username').ifExists().execute();
      await db.schema.dropTable('audit_head').ifExists().execute();
      await db.schema.alterTable('sessions').dropColumn('mfa_enrol').execute();
      await db.schema.alterTable('users').dropColumn('mfa_last_step').execute();
      await db.schema.alterTable('login_throttle').dropColumn('consecutive').execute();
    },
  };
}

// A frozen copy of the audit hash chain as this migration wrote it (docs/decisions/012-audit-hash-chain.md).
// A migration must not change when the live code does: never edit these, nor import the live chain.

const GENESIS_HASH = '0'.repeat(64);

/** The audit_log fields a record's hash covers, as they were when this migration ran. */
interface AuditRow {
  seq: number;
  at: string;
  user_id: string | null;
  username: string | null;
  role: string | null;
  patient_id: string | null;
  action: string;
  category: string | null;
  outcome: string;
  entity: string | null;
  entity_id: string | null;
  before_version: number | null;
  after_version: number | null;
  detail: string | null;
}

const num = (v: number | string | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);
const str = (v: string | null | undefined): string | null => (v === undefined ? null : v);

/** `sha256(prev_hash + JSON of the fields, keys in alphabetical order, numbers normalised)`. */
function chainHash(prevHash: string, r: AuditRow): string {
  const canonical = JSON.stringify({
    action: r.action,
    after_version: num(r.after_version),
    at: r.at,
    before_version: num(r.before_version),
    category: str(r.category),
    detail: str(r.detail),
    entity: str(r.entity),
    entity_id: str(r.entity_id),
    outcome: r.outcome,
    patient_id: str(r.patient_id),
    role: str(r.role),
    seq: num(r.seq),
    user_id: str(r.user_id),
    username: str(r.username),
  });
  return createHash('sha256')
    .update(prevHash + canonical)
    .digest('hex');
}

import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { autoIncrementType, type DialectName } from '../dialect';

/**
 * The whole schema of the first release. Times are ISO-UTC text, booleans 0/1, JSON text, ids text UUIDs.
 * Migrations receive `Kysely<any>`: they must not depend on the current schema types.
 */
export function initial(dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('clinician', 'admin')`))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('mfa_secret', 'text')
        .addColumn('mfa_enabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('recovery_codes', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('password_changed_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('mfa_pending', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('login_throttle')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('window_start', 'text', (c) => c.notNull())
        .addColumn('blocked_until', 'text')
        .execute();

      await db.schema
        .createTable('patients')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('mrn', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('birth_date', 'text', (c) => c.notNull())
        .addColumn('sex', 'text', (c) =>
          c.notNull().check(sql`sex in ('female', 'male', 'other', 'unknown')`),
        )
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .execute();
      await db.schema.createIndex('patients_search_text').on('patients').column('search_text').execute();
      await db.schema.createIndex('patients_name').on('patients').column('name').execute();

      await db.schema
        .createTable('evaluations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'amending', 'signed')`))
        .addColumn('workflow_version', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('assignee_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('current_stage', 'text', (c) => c.notNull())
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('answer_meta', 'text', (c) => c.notNull())
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('assessment', 'text', (c) => c.notNull())
        .addColumn('stage_times', 'text', (c) => c.notNull())
        .addColumn('follow_up_date', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('signed_at', 'text')
        .addColumn('signed_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .execute();
      // At most one open (draft or amending) evaluation per patient. Partial indexes exist in both
      // SQLite and PostgreSQL; the predicate is written literally (no parameters in DDL).
      await sql`create unique index evaluations_one_open_per_patient on evaluations (patient_id) where status in ('draft', 'amending')`.execute(
        db,
      );
      await db.schema
        .createIndex('evaluations_assignee_status')
        .on('evaluations')
        .columns(['assignee_id', 'status'])
        .execute();
      await db.schema
        .createIndex('evaluations_patient_started')
        .on('evaluations')
        .columns(['patient_id', 'started_at'])
        .execute();
      await db.schema
        .createIndex('evaluations_status_updated')
        .on('evaluations')
        .columns(['status', 'updated_at'])
        .execute();
      await db.schema
        .createIndex('evaluations_follow_up_date')
        .on('evaluations')
        .column('follow_up_date')
        .execute();

      await db.schema
        .createTable('evaluation_versions')
        .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('snapshot', 'text', (c) => c.notNull())
        .addColumn('signed_at', 'text', (c) => c.notNull())
        .addColumn('signed_by', 'text', (c) => c.notNull().references('users.id'))
        .addPrimaryKeyConstraint('evaluation_versions_pk', ['evaluation_id', 'version'])
        .execute();

      await db.schema
        .createTable('evaluation_changes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('changes', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('evaluation_changes_evaluation_version')
        .on('evaluation_changes')
        .columns(['evaluation_id', 'version'])
        .execute();

      await db.schema
        .createTable('amendments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('from_version', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('amendments_evaluation').on('amendments').column('evaluation_id').execute();

      // No foreign keys: the audit trail outlives the rows it talks about.
      await db.schema
        .createTable('audit_log')
        .addColumn('seq', autoIncrementType(dialect), (c) =>
          dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        )
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('username', 'text')
        .addColumn('role', 'text')
        .addColumn('patient_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('category', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('success', 'failure')`))
        .addColumn('entity', 'text')
        .addColumn('entity_id', 'text')
        .addColumn('before_version', 'integer')
        .addColumn('after_version', 'integer')
        .addColumn('detail', 'text')
        .addColumn('prev_hash', 'text')
        .addColumn('hash', 'text')
        .execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
      await db.schema.createIndex('audit_log_patient').on('audit_log').column('patient_id').execute();
    },

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      for (const table of [
        'audit_log',
        'amendments',
        'evaluation_changes',
        'evaluation_versions',
        'evaluations',
        'patients',
        'login_throttle',
        'sessions',
        'users',
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}

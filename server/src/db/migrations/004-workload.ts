import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../dialect';

/**
 * Administrators' workload summaries (issue 7): rollup tables kept in the same transaction as each
 * evaluation change (server/src/features/workload/rollups.ts), and evaluation indexes for the
 * figures that depend on the clock (overdue, follow-ups due) and for the drill-down lists.
 *
 * The rollups are filled from existing evaluations on first use (`ensureWorkloadRollups`), not here:
 * their days depend on the configured time zone, which a migration does not know.
 */
export function workload(dialect: DialectName): Migration {
  // SQLite: the rollup tables are clustered by their primary key (a day range reads adjacent rows).
  const clustered = dialect === 'sqlite' ? sql`without rowid` : sql``;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('workload_current')
        .addColumn('assignee_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('workload_current_pk', ['assignee_id', 'status', 'stage'])
        .modifyEnd(clustered)
        .execute();

      await db.schema
        .createTable('workload_daily')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('assignee_id', 'text', (c) => c.notNull())
        .addColumn('started', 'integer', (c) => c.notNull())
        .addColumn('signed', 'integer', (c) => c.notNull())
        // JSON {"sign":[bucket,n,…],"history":[…],…}: duration histograms (features/workload/packed.ts).
        .addColumn('durations', 'text', (c) => c.notNull().defaultTo('{}'))
        .addPrimaryKeyConstraint('workload_daily_pk', ['day', 'assignee_id'])
        .modifyEnd(clustered)
        .execute();

      await db.schema
        .createTable('workload_findings')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('finding_code', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('workload_findings_pk', ['day', 'finding_code'])
        .modifyEnd(clustered)
        .execute();

      await db.schema
        .createTable('workload_clinician_findings')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('assignee_id', 'text', (c) => c.notNull())
        .addColumn('finding_code', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('workload_clinician_findings_pk', ['day', 'assignee_id', 'finding_code'])
        .modifyEnd(clustered)
        .execute();

      await db.schema
        .createTable('evaluation_findings')
        .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id'))
        .addColumn('finding_code', 'text', (c) => c.notNull())
        .addColumn('signed_at', 'text', (c) => c.notNull())
        .addColumn('assignee_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('evaluation_findings_pk', ['evaluation_id', 'finding_code'])
        .modifyEnd(clustered)
        .execute();
      await db.schema
        .createIndex('evaluation_findings_code_signed')
        .on('evaluation_findings')
        .columns(['finding_code', 'signed_at', 'evaluation_id', 'assignee_id'])
        .execute();

      await db.schema
        .createTable('workload_meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();

      // Evaluation indexes that answer the clock-dependent figures and the drill-down lists from the
      // index alone: the filter columns, then the list order with `id` as its tie-break, then what
      // the list filters on besides (assignee, stage). A page is chosen in the index; only its 50
      // rows are read from the table.
      // Overdue (open, unchanged since a cutoff) per assignee; open lists, longest untouched first.
      await db.schema
        .createIndex('evaluations_status_updated_assignee')
        .on('evaluations')
        .columns(['status', 'updated_at', 'id', 'assignee_id', 'current_stage'])
        .execute();
      // Started in a period (newest first).
      await db.schema
        .createIndex('evaluations_started_assignee')
        .on('evaluations')
        .columns(['started_at', 'id', 'assignee_id'])
        .execute();
      // Signed in a period (newest first).
      await db.schema
        .createIndex('evaluations_status_signed_assignee')
        .on('evaluations')
        .columns(['status', 'signed_at', 'id', 'assignee_id'])
        .execute();
      // Follow-ups due per day.
      await db.schema
        .createIndex('evaluations_follow_up_assignee')
        .on('evaluations')
        .columns(['follow_up_date', 'id', 'assignee_id'])
        .execute();
    },

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      for (const index of [
        'evaluations_follow_up_assignee',
        'evaluations_status_signed_assignee',
        'evaluations_started_assignee',
        'evaluations_status_updated_assignee',
      ]) {
        await db.schema.dropIndex(index).ifExists().execute();
      }
      for (const table of [
        'workload_meta',
        'evaluation_findings',
        'workload_clinician_findings',
        'workload_findings',
        'workload_daily',
        'workload_current',
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}

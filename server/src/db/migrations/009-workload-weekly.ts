import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../dialect';

/**
 * Workload summaries at scale (issue 18): a weekly rollup level, `workload_weekly` (local ISO week ×
 * assignee), the sum of the week's `workload_daily` rows, kept in the same transaction as each
 * evaluation change (features/workload/rollups.ts). A 52-week summary then reads 52 rows per
 * clinician instead of 364 (docs/decisions/021-workload-weekly-rollups.md).
 *
 * Filled at start-up, not here (`ensureWorkloadRollups`): from the day rows of an upgraded database,
 * or by a full rebuild when the rollups were never built or were built in another time zone.
 */
export function workloadWeekly(dialect: DialectName): Migration {
  const clustered = dialect === 'sqlite' ? sql`without rowid` : sql``;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('workload_weekly')
        .addColumn('week', 'text', (c) => c.notNull())
        .addColumn('assignee_id', 'text', (c) => c.notNull())
        .addColumn('started', 'integer', (c) => c.notNull())
        .addColumn('signed', 'integer', (c) => c.notNull())
        .addColumn('durations', 'text', (c) => c.notNull().defaultTo('{}'))
        .addPrimaryKeyConstraint('workload_weekly_pk', ['week', 'assignee_id'])
        .modifyEnd(clustered)
        .execute();
    },

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      await db.schema.dropTable('workload_weekly').ifExists().execute();
      await db.deleteFrom('workload_meta').where('key', '=', 'levels').execute();
    },
  };
}

import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Workload summary cache (issue 7): one row whose version every rollup change increments in its
 * transaction (features/workload/rollups.ts). Each app instance caches summary figures per version,
 * so a cached figure is never served after the data behind it changed.
 */
export function workloadVersion(): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('workload_version')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      await db.insertInto('workload_version').values({ id: 1, version: 0 }).execute();
    },

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      await db.schema.dropTable('workload_version').ifExists().execute();
    },
  };
}

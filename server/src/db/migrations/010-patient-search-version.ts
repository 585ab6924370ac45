import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * A counter of changes to what the worklist search matches and orders by (a patient's `search_text`
 * and `mrn`): bumped in the transaction of every patient create and demographics edit. Each instance
 * keeps recent search pages in memory under the counter's value, so a repeated search skips the scan
 * of every patient and a change made through any instance invalidates every instance's pages
 * (features/patients/search-cache.ts, docs/decisions/020-server-throughput.md).
 *
 * One row (id 1), written on the first bump: a database copied with db:copy takes the source's row.
 */
export function patientSearchVersion(): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('patient_search_version')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
    },

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      await db.schema.dropTable('patient_search_version').ifExists().execute();
    },
  };
}

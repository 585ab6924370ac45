import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../dialect';

/** The worklist filter columns, carried in the sort indexes so a filter is checked from the index. */
const FILTERS = ['worklist_status', 'worklist_stage', 'worklist_assignee_id', 'worklist_follow_up_date'];

/**
 * Worklist indexes: one per sort order — its key, the tie-breaks, then every filter column and the
 * search text — so any filter with any sort is an index-only scan, in order, that stops after a
 * page, and counts scan one index without touching the table. (Narrow per-filter indexes made
 * SQLite pick them and then look up 13k–50k rows to sort: 200–450 ms at 100k patients.)
 */
const WORKLIST_INDEXES: readonly (readonly [string, readonly string[]])[] = [
  ['patients_wl_name', ['search_text', 'id', ...FILTERS]],
  ['patients_wl_mrn', ['mrn', 'id', ...FILTERS, 'search_text']],
  ['patients_wl_updated', ['worklist_updated_at', 'id', ...FILTERS, 'search_text']],
  ['patients_wl_status_rank', ['worklist_status_rank', 'search_text', 'id', ...FILTERS]],
  ['patients_wl_follow_up', ['worklist_follow_up_date', 'search_text', 'id', ...FILTERS]],
];

/**
 * Evaluations and the worklist (issue 3):
 *
 * - `patients.version`: optimistic concurrency for demographics (ETag / optional If-Match).
 * - The worklist summary of each patient's open-or-latest evaluation, denormalised onto `patients`
 *   and kept in step in the same transaction as every evaluation write (`syncWorklist`, called by
 *   `saveEvaluation`). Every filter and sort of `GET /api/patients` is then one single-table
 *   indexed query: at 100k patients on SQLite each page answers in ≤ 35 ms, where a LEFT JOIN on
 *   the latest evaluation took 100–1600 ms for some counts and sorts.
 *   `worklist_status` is 'none' without an evaluation; `worklist_status_rank` orders draft,
 *   amending, signed, none; `worklist_updated_at` is the evaluation's last change, or the patient's
 *   own when there is none (never null, so the `updated` sort needs no NULLS ordering).
 * - `evaluation_changes.event` (create, update, sign, amend, reassign, demographics) and `detail`
 *   (JSON: amendment reason, assignee before/after): every version of an evaluation has exactly one
 *   change row, enforced by a unique (evaluation_id, version) index.
 */
export function evaluations(_dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      const addPatientColumn = (name: string, type: 'text' | 'integer', notNullDefault?: string | number) =>
        db.schema
          .alterTable('patients')
          .addColumn(name, type, (c) =>
            notNullDefault === undefined ? c : c.notNull().defaultTo(notNullDefault),
          )
          .execute();
      await addPatientColumn('version', 'integer', 1);
      await addPatientColumn('latest_evaluation_id', 'text');
      await addPatientColumn('worklist_status', 'text', 'none');
      await addPatientColumn('worklist_status_rank', 'integer', 3);
      await addPatientColumn('worklist_stage', 'text');
      await addPatientColumn('worklist_assignee_id', 'text');
      await addPatientColumn('worklist_follow_up_date', 'text');
      await addPatientColumn('worklist_updated_at', 'text', '');
      await sql`update patients set worklist_updated_at = updated_at`.execute(db);

      // Patients that already have evaluations: the open one, else the most recently started.
      const rows = (await db
        .selectFrom('evaluations')
        .select([
          'id',
          'patient_id',
          'status',
          'current_stage',
          'assignee_id',
          'follow_up_date',
          'updated_at',
          'started_at',
        ])
        .orderBy('patient_id')
        .orderBy('started_at')
        .execute()) as {
        id: string;
        patient_id: string;
        status: 'draft' | 'amending' | 'signed';
        current_stage: string;
        assignee_id: string;
        follow_up_date: string | null;
        updated_at: string;
      }[];
      const chosen = new Map<string, (typeof rows)[number]>();
      for (const row of rows) {
        const current = chosen.get(row.patient_id);
        if (!current || current.status === 'signed') chosen.set(row.patient_id, row);
      }
      const rank = { draft: 0, amending: 1, signed: 2 } as const;
      for (const e of chosen.values()) {
        await db
          .updateTable('patients')
          .set({
            latest_evaluation_id: e.id,
            worklist_status: e.status,
            worklist_status_rank: rank[e.status],
            worklist_stage: e.current_stage,
            worklist_assignee_id: e.assignee_id,
            worklist_follow_up_date: e.follow_up_date,
            worklist_updated_at: e.updated_at,
          })
          .where('id', '=', e.patient_id)
          .execute();
      }

      // Each filter with the default name order, and each sort; every index ends with `id` (the
      // tie-break), so a page of ids is read from the index alone before the rows are fetched.
      await db.schema.dropIndex('patients_search_text').execute();
      for (const [name, columns] of WORKLIST_INDEXES) {
        await db.schema
          .createIndex(name)
          .on('patients')
          .columns([...columns])
          .execute();
      }

      await db.schema
        .alterTable('evaluation_changes')
        .addColumn('event', 'text', (c) => c.notNull().defaultTo('update'))
        .execute();
      await db.schema.alterTable('evaluation_changes').addColumn('detail', 'text').execute();
      await db.schema.dropIndex('evaluation_changes_evaluation_version').execute();
      await db.schema
        .createIndex('evaluation_changes_evaluation_version')
        .unique()
        .on('evaluation_changes')
        .columns(['evaluation_id', 'version'])
        .execute();
    },

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('evaluation_changes_evaluation_version').execute();
      await db.schema
        .createIndex('evaluation_changes_evaluation_version')
        .on('evaluation_changes')
        .columns(['evaluation_id', 'version'])
        .execute();
      await db.schema.alterTable('evaluation_changes').dropColumn('detail').execute();
      await db.schema.alterTable('evaluation_changes').dropColumn('event').execute();
      for (const [name] of WORKLIST_INDEXES) await db.schema.dropIndex(name).ifExists().execute();
      await db.schema.createIndex('patients_search_text').on('patients').column('search_text').execute();
      for (const column of [
        'worklist_updated_at',
        'worklist_follow_up_date',
        'worklist_assignee_id',
        'worklist_stage',
        'worklist_status_rank',
        'worklist_status',
        'latest_evaluation_id',
        'version',
      ]) {
        await db.schema.alterTable('patients').dropColumn(column).execute();
      }
    },
  };
}

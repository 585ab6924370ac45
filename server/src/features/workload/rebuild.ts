import { sql, type Kysely } from 'kysely';
import { toNumber, type DialectName } from '../../db/dialect';
import type { Database } from '../../db/schema';
import { isEmptyCounts, packCounts } from './packed';
import {
  accumulate,
  bumpRollupVersion,
  contributionOf,
  newTotals,
  splitKey,
  type Contribution,
  type RollupContext,
} from './rollups';
import { workloadDb, type EvaluationRowLite, type WorkloadTables } from './tables';

/**
 * Full recounts: stream every evaluation through `contributionOf` and write the sums — after bulk
 * loads, when the time zone changed, for a database that had evaluations before this feature, and
 * for `workload:check --fix`. check.ts compares the same sums with the stored rollups.
 */

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

const PAGE = 5000;

/**
 * Streams every evaluation (in id order, `PAGE` rows at a time) through `fn`. Reads only what the
 * rollups need; the assessment is read for signed evaluations only.
 */
export async function forEachEvaluation(
  db: Kysely<Database>,
  fn: (rows: EvaluationRowLite[]) => void | Promise<void>,
): Promise<number> {
  let after = '';
  let total = 0;
  for (;;) {
    const rows = await db
      .selectFrom('evaluations')
      .select(['id', 'status', 'assignee_id', 'current_stage', 'started_at', 'signed_at', 'stage_times'])
      .select((eb) =>
        eb.case().when('status', '=', 'signed').then(eb.ref('assessment')).else('{}').end().as('assessment'),
      )
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) return total;
    await fn(rows);
    total += rows.length;
    after = rows[rows.length - 1]!.id;
  }
}

/** The rows of workload_daily that `totals` describe, in key order. */
export function dailyRows(totals: Contribution): WorkloadTables['workload_daily'][] {
  const rows: WorkloadTables['workload_daily'][] = [];
  for (const [key, d] of [...totals.daily].sort(byKey)) {
    if (d.started === 0 && d.signed === 0 && isEmptyCounts(d.durations)) continue;
    const [day, assignee_id] = splitKey(key) as [string, string];
    rows.push({ day, assignee_id, started: d.started, signed: d.signed, durations: packCounts(d.durations) });
  }
  return rows;
}

/** Non-zero counters as rows of a table whose key columns are `columns`, in key order. */
function counterRows(
  map: Map<string, number>,
  columns: readonly string[],
): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  for (const [key, n] of [...map].sort(byKey)) {
    if (n === 0) continue;
    const parts = splitKey(key);
    rows.push({ ...Object.fromEntries(columns.map((c, i) => [c, parts[i]!])), n });
  }
  return rows;
}

const INSERT_CHUNK = 400;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(rows.slice(i, i + INSERT_CHUNK));
}

export interface RebuildResult {
  evaluations: number;
  /** Rows written per table. */
  rows: Record<string, number>;
}

/** Every rollup table, in the order a rebuild empties them. */
const ROLLUP_TABLES = [
  'workload_current',
  'workload_daily',
  'workload_findings',
  'workload_clinician_findings',
  'evaluation_findings',
] as const;

/**
 * Recomputes every rollup table from the evaluations, in one transaction (the tables are never seen
 * half-built). Used after bulk loads, when the time zone changed, and by `workload:check --fix`.
 */
export async function rebuildWorkloadRollups(
  db: Kysely<Database>,
  dialect: DialectName,
  tz: string,
  now: Date,
): Promise<RebuildResult> {
  // SQLite: millions of index inserts need more than the default 2 MB page cache; restored after.
  if (dialect !== 'sqlite') return rebuildInTransaction(db, dialect, tz, now);
  const previous =
    (await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]?.cache_size ?? -2000;
  await sql.raw('pragma cache_size = -262144').execute(db);
  try {
    return await rebuildInTransaction(db, dialect, tz, now);
  } finally {
    await sql.raw(`pragma cache_size = ${toNumber(previous)}`).execute(db);
  }
}

function rebuildInTransaction(
  db: Kysely<Database>,
  dialect: DialectName,
  tz: string,
  now: Date,
): Promise<RebuildResult> {
  return db.transaction().execute(async (trx) => {
    // PostgreSQL: hold evaluation writers off meanwhile, or a change committed during the recount
    // would be counted twice or not at all. (SQLite: the transaction already holds the write lock.)
    if (dialect === 'postgres') await sql`lock table evaluations in share mode`.execute(trx);
    const w = workloadDb(trx);
    for (const table of ROLLUP_TABLES) await w.deleteFrom(table).execute();

    const totals = newTotals();
    let evaluationFindings = 0;
    const evaluations = await forEachEvaluation(trx, async (page) => {
      const findings: WorkloadTables['evaluation_findings'][] = [];
      for (const row of page) {
        const c = contributionOf(row, tz);
        accumulate(totals, c);
        findings.push(...c.signedFindings);
      }
      evaluationFindings += findings.length;
      await insertChunked(findings, (chunk) => w.insertInto('evaluation_findings').values(chunk).execute());
    });

    const current = counterRows(totals.current, ['assignee_id', 'status', 'stage']);
    await insertChunked(current, (chunk) =>
      w
        .insertInto('workload_current')
        .values(chunk as WorkloadTables['workload_current'][])
        .execute(),
    );
    const daily = dailyRows(totals);
    await insertChunked(daily, (chunk) => w.insertInto('workload_daily').values(chunk).execute());
    const findings = counterRows(totals.findings, ['day', 'finding_code']);
    await insertChunked(findings, (chunk) =>
      w
        .insertInto('workload_findings')
        .values(chunk as WorkloadTables['workload_findings'][])
        .execute(),
    );
    const clinicianFindings = counterRows(totals.clinicianFindings, ['day', 'assignee_id', 'finding_code']);
    await insertChunked(clinicianFindings, (chunk) =>
      w
        .insertInto('workload_clinician_findings')
        .values(chunk as WorkloadTables['workload_clinician_findings'][])
        .execute(),
    );

    await bumpRollupVersion(w);
    await w.deleteFrom('workload_meta').where('key', 'in', ['time_zone', 'built_at']).execute();
    await w
      .insertInto('workload_meta')
      .values([
        { key: 'time_zone', value: tz },
        { key: 'built_at', value: now.toISOString() },
      ])
      .execute();

    return {
      evaluations,
      rows: {
        workload_current: current.length,
        workload_daily: daily.length,
        workload_findings: findings.length,
        workload_clinician_findings: clinicianFindings.length,
        evaluation_findings: evaluationFindings,
      },
    };
  });
}

/** The time zone the stored rollups were built in, or null when they were never built. */
export async function rollupTimeZone(db: Kysely<Database>): Promise<string | null> {
  const row = await workloadDb(db)
    .selectFrom('workload_meta')
    .select('value')
    .where('key', '=', 'time_zone')
    .executeTakeFirst();
  return row?.value ?? null;
}

const ensured = new WeakMap<object, Promise<void>>();

/**
 * Builds the rollups once per process when they were never built (a database that had evaluations
 * before this feature, or data loaded without the hook) or were built in another time zone.
 * Cheap after the first call: one small read, memoised per database handle.
 */
export function ensureWorkloadRollups(
  ctx: RollupContext & { db: Kysely<Database>; dialect: DialectName; clock: { now(): Date } },
): Promise<void> {
  let pending = ensured.get(ctx.db);
  if (!pending) {
    pending = (async () => {
      const tz = await rollupTimeZone(ctx.db);
      if (tz !== ctx.config.tz)
        await rebuildWorkloadRollups(ctx.db, ctx.dialect, ctx.config.tz, ctx.clock.now());
    })();
    pending.catch(() => ensured.delete(ctx.db));
    ensured.set(ctx.db, pending);
  }
  return pending;
}

import { sql, type Kysely } from 'kysely';
import { toNumber, type DialectName } from '../../db/dialect';
import type { Database } from '../../db/schema';
import { isEmptyCounts, packCounts } from './packed';
import {
  accumulate,
  bumpRollupVersion,
  contributionOf,
  joinKey,
  newTotals,
  splitKey,
  weeklyOf,
  type Contribution,
  type DailyCounts,
  type RollupContext,
} from './rollups';
import { unpackCounts } from './packed';
import { workloadDb, type EvaluationRowLite, type WorkloadDb, type WorkloadTables } from './tables';

/**
 * Full recounts: stream every evaluation through `contributionOf` and write the sums — after bulk
 * loads, when the time zone changed, for a database that had evaluations before this feature, and
 * for `workload:check --fix`. check.ts compares the same sums with the stored rollups.
 */

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

const PAGE = 5000;

/**
 * The finding codes of a stored assessment as a small assessment (`{"findings":[{"code":…},…]}`),
 * extracted by the database: the rollups need only the codes, and moving every signed assessment
 * (kilobytes each) into JavaScript to parse it was most of a rebuild's time at a million
 * evaluations. One expression per dialect; both read the same JSON text.
 */
function findingCodesOnly(dialect: DialectName) {
  return dialect === 'sqlite'
    ? sql<string>`json_object('findings', (select json_group_array(json_object('code', json_extract(f.value, '$.code'))) from json_each(evaluations.assessment, '$.findings') as f))`
    : sql<string>`json_build_object('findings', (select coalesce(json_agg(json_build_object('code', f->>'code')), '[]'::json) from json_array_elements(evaluations.assessment::json->'findings') as f))::text`;
}

/**
 * Streams every evaluation (in id order, `PAGE` rows at a time) through `fn`. Reads only what the
 * rollups need: of the assessment, the finding codes of signed evaluations. `dialect` given, the
 * database extracts the codes (`findingCodesOnly`); without it the whole assessment is read.
 */
export async function forEachEvaluation(
  db: Kysely<Database>,
  fn: (rows: EvaluationRowLite[]) => void | Promise<void>,
  dialect?: DialectName,
): Promise<number> {
  // Keyset pages in id order; an id range per page keeps each query an index range scan.
  let after = '';
  let total = 0;
  const assessment = dialect ? findingCodesOnly(dialect) : sql.ref<string>('assessment');
  for (;;) {
    const rows = await db
      .selectFrom('evaluations')
      .select(['id', 'status', 'assignee_id', 'current_stage', 'started_at', 'signed_at', 'stage_times'])
      .select((eb) =>
        eb.case().when('status', '=', 'signed').then(assessment).else('{}').end().as('assessment'),
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

/** Counter rows (period start, assignee) of a level, non-empty, in key order. */
function countsRows(counts: Map<string, DailyCounts>): CountsRow[] {
  const rows: CountsRow[] = [];
  for (const [key, d] of [...counts].sort(byKey)) {
    if (d.started === 0 && d.signed === 0 && isEmptyCounts(d.durations)) continue;
    const [period, assignee_id] = splitKey(key) as [string, string];
    rows.push({
      period,
      assignee_id,
      started: d.started,
      signed: d.signed,
      durations: packCounts(d.durations),
    });
  }
  return rows;
}

/** A row of workload_daily (`period` = day) or workload_weekly (`period` = the week's Monday). */
interface CountsRow {
  period: string;
  assignee_id: string;
  started: number;
  signed: number;
  durations: string;
}

/** The rows of workload_daily that `totals` describe, in key order. */
export function dailyRows(totals: Contribution): WorkloadTables['workload_daily'][] {
  return countsRows(totals.daily).map(({ period, ...r }) => ({ day: period, ...r }));
}

/** The rows of workload_weekly that `totals` describe (the sums of their days), in key order. */
export function weeklyRows(totals: Contribution): WorkloadTables['workload_weekly'][] {
  return countsRows(weeklyOf(totals.daily)).map(({ period, ...r }) => ({ week: period, ...r }));
}

/** The counter tables' rows that `totals` (Σ contributionOf over every evaluation) describe. */
export interface RollupRows {
  workload_current: WorkloadTables['workload_current'][];
  workload_daily: WorkloadTables['workload_daily'][];
  workload_weekly: WorkloadTables['workload_weekly'][];
  workload_findings: WorkloadTables['workload_findings'][];
  workload_clinician_findings: WorkloadTables['workload_clinician_findings'][];
}

/**
 * Every counter table's rows from the totals, in key order — what a rebuild writes (and what a bulk
 * loader that accumulated `contributionOf` itself writes, tests/bench/scale-data.ts).
 */
export function rollupRows(totals: Contribution): RollupRows {
  return {
    workload_current: counterRows(totals.current, [
      'assignee_id',
      'status',
      'stage',
    ]) as WorkloadTables['workload_current'][],
    workload_daily: dailyRows(totals),
    workload_weekly: weeklyRows(totals),
    workload_findings: counterRows(totals.findings, [
      'day',
      'finding_code',
    ]) as WorkloadTables['workload_findings'][],
    workload_clinician_findings: counterRows(totals.clinicianFindings, [
      'day',
      'assignee_id',
      'finding_code',
    ]) as WorkloadTables['workload_clinician_findings'][],
  };
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
  'workload_weekly',
  'workload_findings',
  'workload_clinician_findings',
  'evaluation_findings',
] as const;

/** The rollup levels this release builds and reads (`workload_meta.levels`). */
export const ROLLUP_LEVELS = 'day,week';

/** Progress of a long build: `done` of `total` units (evaluations, or day rows). */
export type RollupProgress = (done: number, total: number) => void;

/**
 * Recomputes every rollup table from the evaluations, in one transaction (the tables are never seen
 * half-built). Used after bulk loads, when the time zone changed, and by `workload:check --fix`.
 * `onProgress` is called after each page of evaluations.
 */
export async function rebuildWorkloadRollups(
  db: Kysely<Database>,
  dialect: DialectName,
  tz: string,
  now: Date,
  onProgress?: RollupProgress,
): Promise<RebuildResult> {
  // SQLite: millions of index inserts need more than the default 2 MB page cache; restored after.
  if (dialect !== 'sqlite') return rebuildInTransaction(db, dialect, tz, now, onProgress);
  const previous =
    (await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]?.cache_size ?? -2000;
  await sql.raw('pragma cache_size = -262144').execute(db);
  try {
    return await rebuildInTransaction(db, dialect, tz, now, onProgress);
  } finally {
    await sql.raw(`pragma cache_size = ${toNumber(previous)}`).execute(db);
  }
}

async function countEvaluations(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('evaluations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return toNumber(row.n);
}

/** Records which levels were built, in which zone, when. */
async function writeMeta(w: WorkloadDb, entries: Record<string, string>): Promise<void> {
  const keys = Object.keys(entries);
  await w.deleteFrom('workload_meta').where('key', 'in', keys).execute();
  await w
    .insertInto('workload_meta')
    .values(keys.map((key) => ({ key, value: entries[key]! })))
    .execute();
}

function rebuildInTransaction(
  db: Kysely<Database>,
  dialect: DialectName,
  tz: string,
  now: Date,
  onProgress?: RollupProgress,
): Promise<RebuildResult> {
  return db.transaction().execute(async (trx) => {
    // PostgreSQL: hold evaluation writers off meanwhile, or a change committed during the recount
    // would be counted twice or not at all. (SQLite: the transaction already holds the write lock.)
    if (dialect === 'postgres') await sql`lock table evaluations in share mode`.execute(trx);
    const w = workloadDb(trx);
    for (const table of ROLLUP_TABLES) await w.deleteFrom(table).execute();

    const total = onProgress ? await countEvaluations(trx) : 0;
    onProgress?.(0, total);
    const totals = newTotals();
    let evaluationFindings = 0;
    let done = 0;
    const evaluations = await forEachEvaluation(
      trx,
      async (page) => {
        const findings: WorkloadTables['evaluation_findings'][] = [];
        for (const row of page) {
          const c = contributionOf(row, tz);
          accumulate(totals, c);
          for (const f of c.signedFindings) findings.push(f);
        }
        evaluationFindings += findings.length;
        await insertChunked(findings, (chunk) => w.insertInto('evaluation_findings').values(chunk).execute());
        done += page.length;
        onProgress?.(done, Math.max(total, done));
      },
      dialect,
    );

    const rows = rollupRows(totals);
    await insertChunked(rows.workload_current, (chunk) =>
      w.insertInto('workload_current').values(chunk).execute(),
    );
    await insertChunked(rows.workload_daily, (chunk) =>
      w.insertInto('workload_daily').values(chunk).execute(),
    );
    await insertChunked(rows.workload_weekly, (chunk) =>
      w.insertInto('workload_weekly').values(chunk).execute(),
    );
    await insertChunked(rows.workload_findings, (chunk) =>
      w.insertInto('workload_findings').values(chunk).execute(),
    );
    await insertChunked(rows.workload_clinician_findings, (chunk) =>
      w.insertInto('workload_clinician_findings').values(chunk).execute(),
    );

    await bumpRollupVersion(w);
    await writeMeta(w, { time_zone: tz, built_at: now.toISOString(), levels: ROLLUP_LEVELS });
    onProgress?.(evaluations, evaluations);

    return {
      evaluations,
      rows: {
        ...Object.fromEntries(
          Object.entries(rows).map(([table, r]: [string, unknown[]]) => [table, r.length]),
        ),
        evaluation_findings: evaluationFindings,
      },
    };
  });
}

/**
 * Builds the weekly level from the stored day rows (a database whose rollups predate migration 009):
 * each week is the sum of its days, so no evaluation needs reading. One transaction; PostgreSQL holds
 * evaluation writers off meanwhile, as a full rebuild does. Returns the weekly rows written.
 */
async function buildWeeklyLevel(
  db: Kysely<Database>,
  dialect: DialectName,
  onProgress?: RollupProgress,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`lock table evaluations in share mode`.execute(trx);
    const w = workloadDb(trx);
    await w.deleteFrom('workload_weekly').execute();
    const daily = new Map<string, DailyCounts>();
    const total = onProgress
      ? toNumber(
          (
            await w
              .selectFrom('workload_daily')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        )
      : 0;
    onProgress?.(0, total);
    let done = 0;
    let after: { day: string; assignee_id: string } | null = null;
    for (;;) {
      let q = w
        .selectFrom('workload_daily')
        .select(['day', 'assignee_id', 'started', 'signed', 'durations'])
        .orderBy('day')
        .orderBy('assignee_id')
        .limit(PAGE);
      if (after) {
        const a = after;
        q = q.where((eb) =>
          eb.or([
            eb('day', '>', a.day),
            eb.and([eb('day', '=', a.day), eb('assignee_id', '>', a.assignee_id)]),
          ]),
        );
      }
      const rows = await q.execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        daily.set(joinKey(r.day, r.assignee_id), {
          started: toNumber(r.started),
          signed: toNumber(r.signed),
          durations: unpackCounts(r.durations),
        });
      }
      done += rows.length;
      onProgress?.(done, Math.max(total, done));
      after = rows[rows.length - 1]!;
    }
    const weekly = countsRows(weeklyOf(daily)).map(({ period, ...r }) => ({ week: period, ...r }));
    await insertChunked(weekly, (chunk) => w.insertInto('workload_weekly').values(chunk).execute());
    await bumpRollupVersion(w);
    await writeMeta(w, { levels: ROLLUP_LEVELS });
    onProgress?.(done, done);
    return weekly.length;
  });
}

async function metaValue(db: Kysely<Database>, key: string): Promise<string | null> {
  const row = await workloadDb(db)
    .selectFrom('workload_meta')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value ?? null;
}

/** The time zone the stored rollups were built in, or null when they were never built. */
export function rollupTimeZone(db: Kysely<Database>): Promise<string | null> {
  return metaValue(db, 'time_zone');
}

/** What `ensureWorkloadRollups` is doing, for a progress line (no patient data). */
export interface RollupBuildProgress {
  /** 'all levels' (a full rebuild from the evaluations) or 'weekly level' (from the day rows). */
  what: 'all levels' | 'weekly level';
  done: number;
  total: number;
  /** What `done` and `total` count. */
  unit: 'evaluations' | 'day rows';
}

const ensured = new WeakMap<object, Promise<void>>();

/**
 * Builds what is missing of the rollups, once per process: everything when they were never built (a
 * database that had evaluations before this feature, or data loaded without the hook) or were built
 * in another time zone; the weekly level alone when only it is missing (a database upgraded past
 * migration 009). Cheap after the first call: small reads, memoised per database handle.
 * `onProgress` reports a build as it advances (start-up prints it).
 */
export function ensureWorkloadRollups(
  ctx: RollupContext & { db: Kysely<Database>; dialect: DialectName; clock: { now(): Date } },
  onProgress?: (p: RollupBuildProgress) => void,
): Promise<void> {
  let pending = ensured.get(ctx.db);
  if (!pending) {
    pending = (async () => {
      const tz = await rollupTimeZone(ctx.db);
      if (tz !== ctx.config.tz) {
        await rebuildWorkloadRollups(ctx.db, ctx.dialect, ctx.config.tz, ctx.clock.now(), (done, total) =>
          onProgress?.({ what: 'all levels', done, total, unit: 'evaluations' }),
        );
      } else if ((await metaValue(ctx.db, 'levels')) !== ROLLUP_LEVELS) {
        await buildWeeklyLevel(ctx.db, ctx.dialect, (done, total) =>
          onProgress?.({ what: 'weekly level', done, total, unit: 'day rows' }),
        );
      }
    })();
    pending.catch(() => ensured.delete(ctx.db));
    ensured.set(ctx.db, pending);
  }
  return pending;
}

import { sql, type Kysely, type Transaction } from 'kysely';
import { fromJson, toNumber, type DialectName } from '../../db/dialect';
import type { Database } from '../../db/schema';
import { bucketOf, minutesBetween } from './buckets';
import { addCount, isEmptyCounts, mergeCounts, packCounts, unpackCounts, type DurationCounts } from './packed';
import { TIMED_STAGES, workloadDb, type EvaluationRowLite, type WorkloadDb, type WorkloadTables } from './tables';
import { localDay } from './zoned';

/**
 * Workload rollups: what each evaluation adds to the summary tables, and the one hook the evaluation
 * service calls inside its transaction.
 *
 * Every rollup table is Σ contributionOf(row) over the current evaluation rows. A change therefore
 * applies contributionOf(after) − contributionOf(before), which keeps the tables equal to a full
 * recount whatever the transition (create, answer, sign, amend, reassign) — `checkWorkloadRollups`
 * proves it against the data, `rebuildWorkloadRollups` recomputes everything.
 */

/** Only `config.tz` is read: the zone whose calendar days the rollups count in. */
export interface RollupContext {
  config: { tz: string };
}

export interface DailyCounts {
  started: number;
  signed: number;
  durations: DurationCounts;
}

/** One evaluation's share of the rollups: counter rows keyed by their key columns (joined with \u0001). */
export interface Contribution {
  /** assignee|status|stage → n */
  current: Map<string, number>;
  /** day|assignee → started, signed, duration histograms */
  daily: Map<string, DailyCounts>;
  /** day|code → n */
  findings: Map<string, number>;
  /** day|assignee|code → n */
  clinicianFindings: Map<string, number>;
  /** The evaluation_findings rows of a signed evaluation. */
  signedFindings: WorkloadTables['evaluation_findings'][];
}

const SEP = '\u0001';
export const joinKey = (...parts: (string | number)[]): string => parts.join(SEP);
export const splitKey = (key: string): string[] => key.split(SEP);
const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

interface StageTime {
  firstAt?: string | null;
  lastAt?: string | null;
}

/** Finding codes of a stored assessment (`{findings:[{code}]}`), without duplicates. */
export function findingCodes(assessmentJson: string): string[] {
  const assessment = fromJson<{ findings?: { code?: unknown }[] }>(assessmentJson, {});
  const codes = new Set<string>();
  for (const f of assessment.findings ?? []) if (typeof f.code === 'string') codes.add(f.code);
  return [...codes];
}

/** Minutes between a stage's first and last answer change, per stage that has both. */
export function stageMinutes(stageTimesJson: string): Partial<Record<(typeof TIMED_STAGES)[number], number>> {
  const times = fromJson<Record<string, StageTime | undefined>>(stageTimesJson, {});
  const out: Partial<Record<(typeof TIMED_STAGES)[number], number>> = {};
  for (const stage of TIMED_STAGES) {
    const t = times[stage];
    if (t?.firstAt && t.lastAt) out[stage] = minutesBetween(t.firstAt, t.lastAt);
  }
  return out;
}

function emptyContribution(): Contribution {
  return { current: new Map(), daily: new Map(), findings: new Map(), clinicianFindings: new Map(), signedFindings: [] };
}

function dailyOf(c: Contribution, key: string): DailyCounts {
  let d = c.daily.get(key);
  if (!d) {
    d = { started: 0, signed: 0, durations: new Map() };
    c.daily.set(key, d);
  }
  return d;
}

/** What one evaluation row adds to every rollup table. */
export function contributionOf(row: EvaluationRowLite, tz: string): Contribution {
  const c = emptyContribution();
  const assignee = row.assignee_id;
  c.current.set(joinKey(assignee, row.status, row.current_stage), 1);
  dailyOf(c, joinKey(localDay(row.started_at, tz), assignee)).started += 1;

  if (row.status === 'signed' && row.signed_at) {
    const signDay = localDay(row.signed_at, tz);
    const daily = dailyOf(c, joinKey(signDay, assignee));
    daily.signed += 1;
    addCount(daily.durations, 'sign', bucketOf(minutesBetween(row.started_at, row.signed_at)), 1);
    for (const [stage, minutes] of Object.entries(stageMinutes(row.stage_times))) {
      addCount(daily.durations, stage as (typeof TIMED_STAGES)[number], bucketOf(minutes), 1);
    }
    for (const code of findingCodes(row.assessment)) {
      c.findings.set(joinKey(signDay, code), 1);
      c.clinicianFindings.set(joinKey(signDay, assignee, code), 1);
      c.signedFindings.push({ evaluation_id: row.id, finding_code: code, signed_at: row.signed_at, assignee_id: assignee });
    }
  }
  return c;
}

function addInto(into: Map<string, number>, from: Map<string, number>, sign: 1 | -1): void {
  for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + sign * n);
}

/** Adds the counters of `c` (times `sign`) into the running totals `into` (deltas and full recounts). */
export function accumulate(into: Contribution, c: Contribution, sign: 1 | -1 = 1): void {
  addInto(into.current, c.current, sign);
  for (const [k, d] of c.daily) {
    const target = dailyOf(into, k);
    target.started += sign * d.started;
    target.signed += sign * d.signed;
    mergeCounts(target.durations, d.durations, sign);
  }
  addInto(into.findings, c.findings, sign);
  addInto(into.clinicianFindings, c.clinicianFindings, sign);
}

export function newTotals(): Contribution {
  return emptyContribution();
}

/**
 * THE hook: call it inside the transaction that writes an evaluation, after the write, with the row
 * as it was before (null when created) and as it is now (null if deleted). Uses only `trx`.
 *
 *   await unitOfWork(ctx, actor, audit, async (trx) => {
 *     … update evaluations …
 *     await recordEvaluationTransition(trx, ctx, before, after);
 *   });
 */
export async function recordEvaluationTransition(
  trx: Kysely<Database> | Transaction<Database>,
  ctx: RollupContext,
  before: EvaluationRowLite | null,
  after: EvaluationRowLite | null,
): Promise<void> {
  const tz = ctx.config.tz;
  const delta = emptyContribution();
  const was = before ? contributionOf(before, tz) : emptyContribution();
  const now = after ? contributionOf(after, tz) : emptyContribution();
  accumulate(delta, now, 1);
  accumulate(delta, was, -1);
  const db = workloadDb(trx);
  await applyDelta(db, delta);

  // Per-evaluation rows: replaced when they differ (sign-off, amendment, re-sign, reassignment).
  if (JSON.stringify(was.signedFindings) !== JSON.stringify(now.signedFindings)) {
    const id = (after ?? before)!.id;
    if (was.signedFindings.length > 0) {
      await db.deleteFrom('evaluation_findings').where('evaluation_id', '=', id).execute();
    }
    if (now.signedFindings.length > 0) await db.insertInto('evaluation_findings').values(now.signedFindings).execute();
  }
}

/** Applies the non-zero changes of `delta` (counter rows that reach 0 stay, as 0). */
async function applyDelta(db: WorkloadDb, delta: Contribution): Promise<void> {
  for (const [key, n] of delta.current) {
    if (n === 0) continue;
    const [assignee_id, status, stage] = splitKey(key) as [string, string, string];
    await db
      .insertInto('workload_current')
      .values({ assignee_id, status, stage, n })
      .onConflict((oc) =>
        oc
          .columns(['assignee_id', 'status', 'stage'])
          .doUpdateSet((eb) => ({ n: eb('workload_current.n', '+', eb.ref('excluded.n')) })),
      )
      .execute();
  }
  for (const [key, d] of delta.daily) {
    const durationsChanged = !isEmptyCounts(d.durations);
    if (d.started === 0 && d.signed === 0 && !durationsChanged) continue;
    const [day, assignee_id] = splitKey(key) as [string, string];
    await db
      .insertInto('workload_daily')
      .values({ day, assignee_id, started: 0, signed: 0, durations: '{}' })
      .onConflict((oc) => oc.columns(['day', 'assignee_id']).doNothing())
      .execute();
    // The increment also locks the row (PostgreSQL), so the histogram's read-modify-write below
    // cannot interleave with another transaction's.
    await db
      .updateTable('workload_daily')
      .set((eb) => ({ started: eb('started', '+', d.started), signed: eb('signed', '+', d.signed) }))
      .where('day', '=', day)
      .where('assignee_id', '=', assignee_id)
      .execute();
    if (durationsChanged) {
      const row = await db
        .selectFrom('workload_daily')
        .select('durations')
        .where('day', '=', day)
        .where('assignee_id', '=', assignee_id)
        .executeTakeFirstOrThrow();
      const merged = unpackCounts(row.durations);
      mergeCounts(merged, d.durations);
      await db
        .updateTable('workload_daily')
        .set({ durations: packCounts(merged) })
        .where('day', '=', day)
        .where('assignee_id', '=', assignee_id)
        .execute();
    }
  }
  for (const [key, n] of delta.findings) {
    if (n === 0) continue;
    const [day, finding_code] = splitKey(key) as [string, string];
    await db
      .insertInto('workload_findings')
      .values({ day, finding_code, n })
      .onConflict((oc) =>
        oc.columns(['day', 'finding_code']).doUpdateSet((eb) => ({ n: eb('workload_findings.n', '+', eb.ref('excluded.n')) })),
      )
      .execute();
  }
  for (const [key, n] of delta.clinicianFindings) {
    if (n === 0) continue;
    const [day, assignee_id, finding_code] = splitKey(key) as [string, string, string];
    await db
      .insertInto('workload_clinician_findings')
      .values({ day, assignee_id, finding_code, n })
      .onConflict((oc) =>
        oc
          .columns(['day', 'assignee_id', 'finding_code'])
          .doUpdateSet((eb) => ({ n: eb('workload_clinician_findings.n', '+', eb.ref('excluded.n')) })),
      )
      .execute();
  }
}

// --- full recount ----------------------------------------------------------------------------------

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
      .select((eb) => eb.case().when('status', '=', 'signed').then(eb.ref('assessment')).else('{}').end().as('assessment'))
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
export function counterRows(map: Map<string, number>, columns: readonly string[]): Record<string, string | number>[] {
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
export const ROLLUP_TABLES = [
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
  const previous = (await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]?.cache_size ?? -2000;
  await sql.raw('pragma cache_size = -262144').execute(db);
  try {
    return await rebuildInTransaction(db, dialect, tz, now);
  } finally {
    await sql.raw(`pragma cache_size = ${toNumber(previous)}`).execute(db);
  }
}

function rebuildInTransaction(db: Kysely<Database>, dialect: DialectName, tz: string, now: Date): Promise<RebuildResult> {
  return db.transaction().execute(async (trx) => {
    // PostgreSQL: hold evaluation writers off meanwhile, or a change committed during the recount
    // would be counted twice or not at all. (SQLite: the transaction already holds the write lock.)
    if (dialect === 'postgres') await sql`lock table evaluations in share mode`.execute(trx);
    const w = workloadDb(trx);
    for (const table of ROLLUP_TABLES) await w.deleteFrom(table).execute();

    const totals = emptyContribution();
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
      w.insertInto('workload_current').values(chunk as WorkloadTables['workload_current'][]).execute(),
    );
    const daily = dailyRows(totals);
    await insertChunked(daily, (chunk) => w.insertInto('workload_daily').values(chunk).execute());
    const findings = counterRows(totals.findings, ['day', 'finding_code']);
    await insertChunked(findings, (chunk) =>
      w.insertInto('workload_findings').values(chunk as WorkloadTables['workload_findings'][]).execute(),
    );
    const clinicianFindings = counterRows(totals.clinicianFindings, ['day', 'assignee_id', 'finding_code']);
    await insertChunked(clinicianFindings, (chunk) =>
      w
        .insertInto('workload_clinician_findings')
        .values(chunk as WorkloadTables['workload_clinician_findings'][])
        .execute(),
    );

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
  const row = await workloadDb(db).selectFrom('workload_meta').select('value').where('key', '=', 'time_zone').executeTakeFirst();
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
      if (tz !== ctx.config.tz) await rebuildWorkloadRollups(ctx.db, ctx.dialect, ctx.config.tz, ctx.clock.now());
    })();
    pending.catch(() => ensured.delete(ctx.db));
    ensured.set(ctx.db, pending);
  }
  return pending;
}

import { sql, type Kysely, type Transaction } from 'kysely';
import { fromJson, toNumber } from '../../db/dialect';
import type { Database } from '../../db/schema';
import { bucketOf, minutesBetween } from './buckets';
import {
  addCount,
  isEmptyCounts,
  mergeCounts,
  packCounts,
  unpackCounts,
  type DurationCounts,
} from './packed';
import {
  TIMED_STAGES,
  workloadDb,
  type EvaluationRowLite,
  type WorkloadDb,
  type WorkloadTables,
} from './tables';
import { localDay, weekStart } from '../../time-zone';

/**
 * Workload rollups: what each evaluation adds to the summary tables, and the one hook the evaluation
 * service calls inside its transaction.
 *
 * Every rollup table is Σ contributionOf(row) over the current evaluation rows. A change therefore
 * applies contributionOf(after) − contributionOf(before), which keeps the tables equal to a full
 * recount whatever the transition (create, answer, sign, amend, reassign) — `checkWorkloadRollups`
 * (check.ts) proves it against the data, `rebuildWorkloadRollups` (rebuild.ts) recomputes everything.
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

interface StageTime {
  firstAt?: string | null;
  lastAt?: string | null;
}

/** Finding codes of a stored assessment (`{findings:[{code}]}`), without duplicates. */
function findingCodes(assessmentJson: string): string[] {
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
  return {
    current: new Map(),
    daily: new Map(),
    findings: new Map(),
    clinicianFindings: new Map(),
    signedFindings: [],
  };
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
      c.signedFindings.push({
        evaluation_id: row.id,
        finding_code: code,
        signed_at: row.signed_at,
        assignee_id: assignee,
      });
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
  let changed = await applyDelta(db, delta);

  // Per-evaluation rows: replaced when they differ (sign-off, amendment, re-sign, reassignment).
  if (JSON.stringify(was.signedFindings) !== JSON.stringify(now.signedFindings)) {
    const id = (after ?? before)!.id;
    if (was.signedFindings.length > 0) {
      await db.deleteFrom('evaluation_findings').where('evaluation_id', '=', id).execute();
    }
    if (now.signedFindings.length > 0)
      await db.insertInto('evaluation_findings').values(now.signedFindings).execute();
    changed = true;
  }
  if (changed) await bumpRollupVersion(db);
}

/** Marks every cached summary stale (called in the transaction that changed the rollups). */
export async function bumpRollupVersion(db: WorkloadDb): Promise<void> {
  await db
    .updateTable('workload_version')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}

/** The current rollup version (see workload_version). */
export async function rollupVersion(db: Kysely<Database>): Promise<number> {
  const row = await workloadDb(db)
    .selectFrom('workload_version')
    .select('version')
    .where('id', '=', 1)
    .executeTakeFirst();
  return toNumber(row?.version);
}

/**
 * Entries in key order: concurrent transactions then lock the counter rows they share in the same
 * order and never deadlock (PostgreSQL; two saves moving evaluations between the same two stages in
 * opposite directions did, found by tests/reliability/crash.ts).
 */
function inKeyOrder<V>(map: Map<string, V>): [string, V][] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The two levels of per-period counters: a day, and the ISO week (keyed by its Monday). */
interface CountsLevel {
  table: 'workload_daily' | 'workload_weekly';
  key: 'day' | 'week';
}
const DAILY: CountsLevel = { table: 'workload_daily', key: 'day' };
const WEEKLY: CountsLevel = { table: 'workload_weekly', key: 'week' };

/**
 * The weekly counters of day counters (`day|assignee` → `monday|assignee`): the weekly level is by
 * definition the sum of its days, so a change applies to both levels the same delta.
 */
export function weeklyOf(daily: ReadonlyMap<string, DailyCounts>): Map<string, DailyCounts> {
  const weekly = new Map<string, DailyCounts>();
  for (const [key, d] of daily) {
    const [day, assignee] = splitKey(key) as [string, string];
    const weekKey = joinKey(weekStart(day), assignee);
    let w = weekly.get(weekKey);
    if (!w) {
      w = { started: 0, signed: 0, durations: new Map() };
      weekly.set(weekKey, w);
    }
    w.started += d.started;
    w.signed += d.signed;
    mergeCounts(w.durations, d.durations);
  }
  return weekly;
}

/**
 * Adds one counter delta to the row (`period`, assignee) of a level's table; false when the delta
 * is zero. Plain SQL (the table is chosen at run time); `on conflict` is SQLite's and PostgreSQL's.
 */
async function applyCounts(
  db: WorkloadDb,
  level: CountsLevel,
  period: string,
  assignee: string,
  d: DailyCounts,
): Promise<boolean> {
  const durationsChanged = !isEmptyCounts(d.durations);
  if (d.started === 0 && d.signed === 0 && !durationsChanged) return false;
  const table = sql.table(level.table);
  const key = sql.ref(level.key);
  await sql`insert into ${table} (${key}, assignee_id, started, signed, durations)
    values (${period}, ${assignee}, 0, 0, '{}') on conflict (${key}, assignee_id) do nothing`.execute(db);
  // The increment also locks the row (PostgreSQL), so the histogram's read-modify-write below
  // cannot interleave with another transaction's.
  await sql`update ${table} set started = started + ${d.started}, signed = signed + ${d.signed}
    where ${key} = ${period} and assignee_id = ${assignee}`.execute(db);
  if (durationsChanged) {
    const { rows } = await sql<{ durations: string }>`select durations from ${table}
      where ${key} = ${period} and assignee_id = ${assignee}`.execute(db);
    const merged = unpackCounts(rows[0]?.durations);
    mergeCounts(merged, d.durations);
    await sql`update ${table} set durations = ${packCounts(merged)}
      where ${key} = ${period} and assignee_id = ${assignee}`.execute(db);
  }
  return true;
}

/** Applies the non-zero changes of `delta` (counter rows that reach 0 stay, as 0); true if any. */
async function applyDelta(db: WorkloadDb, delta: Contribution): Promise<boolean> {
  let changed = false;
  for (const [key, n] of inKeyOrder(delta.current)) {
    if (n === 0) continue;
    changed = true;
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
  for (const [key, d] of inKeyOrder(delta.daily)) {
    const [day, assignee_id] = splitKey(key) as [string, string];
    if (await applyCounts(db, DAILY, day, assignee_id, d)) changed = true;
  }
  for (const [key, d] of inKeyOrder(weeklyOf(delta.daily))) {
    const [week, assignee_id] = splitKey(key) as [string, string];
    if (await applyCounts(db, WEEKLY, week, assignee_id, d)) changed = true;
  }
  for (const [key, n] of inKeyOrder(delta.findings)) {
    if (n === 0) continue;
    changed = true;
    const [day, finding_code] = splitKey(key) as [string, string];
    await db
      .insertInto('workload_findings')
      .values({ day, finding_code, n })
      .onConflict((oc) =>
        oc
          .columns(['day', 'finding_code'])
          .doUpdateSet((eb) => ({ n: eb('workload_findings.n', '+', eb.ref('excluded.n')) })),
      )
      .execute();
  }
  for (const [key, n] of delta.clinicianFindings) {
    if (n === 0) continue;
    changed = true;
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
  return changed;
}

import { findingCatalog } from '@rls/shared';
import type { AppContext } from '../../context';
import type { EvaluationStatus } from '../../db/schema';
import { ValidationError } from '../../http/errors';
import {
  displayHistogram,
  histogramCount,
  minutesBetween,
  newHistogram,
  percentileHours,
  roundHours,
  type Histogram,
} from './buckets';
import { drillPage, type DrillFilter, type DrillRowRaw } from './drill-repo';
import {
  currentCounts,
  dailyCounts,
  findUser,
  findingCounts,
  followUpCounts,
  overdueCounts,
  userNames,
} from './repo';
import { addPacked, METRICS, type Metric } from './packed';
import { ensureWorkloadRollups, stageMinutes } from './rollups';
import type { DrillQuery, WorkloadQuery } from './schemas';
import { TIMED_STAGES } from './tables';
import type {
  ClinicianWorkload,
  Percentiles,
  StageHours,
  WeekCount,
  WorkloadEvaluationPage,
  WorkloadEvaluationRow,
  WorkloadSummary,
} from './types';
import { addDays, dayRangeInstants, daysBetween, today, weekStart } from './zoned';

/** The default period: the last 12 weeks, today included. */
export const DEFAULT_PERIOD_DAYS = 84;
/** The longest period a summary covers. */
export const MAX_PERIOD_DAYS = 731;
/** Follow-ups due are shown for this many weeks ahead. */
export const FOLLOW_UP_WEEKS = 8;

const DAY_MS = 86_400_000;

export interface Period {
  from: string;
  to: string;
}

/** from/to with defaults (the last 12 weeks up to today in the server zone); 422 naming the field. */
export function resolvePeriod(ctx: AppContext, query: { from?: string | undefined; to?: string | undefined }): Period {
  const to = query.to ?? today(ctx.clock.now(), ctx.config.tz);
  const from = query.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) {
    throw new ValidationError([{ code: 'from', reason: `must be on or before to (${to})` }]);
  }
  if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS) {
    throw new ValidationError([
      { code: 'from', reason: `the period can be at most ${MAX_PERIOD_DAYS} days; choose a later from date` },
    ]);
  }
  return { from, to };
}

/** 422 on an unknown user id (a typo would otherwise look like a clinician without work). */
async function checkClinician(ctx: AppContext, id: string | undefined): Promise<string | null> {
  if (!id) return null;
  if (!(await findUser(ctx.db, id))) {
    throw new ValidationError([{ code: 'clinician', reason: 'no user has this id' }]);
  }
  return id;
}

function overdueCutoff(ctx: AppContext): string {
  return new Date(ctx.clock.now().getTime() - ctx.config.overdueDays * DAY_MS).toISOString();
}

type Histograms = Record<Metric, Histogram>;

function newHistograms(): Histograms {
  return Object.fromEntries(METRICS.map((m) => [m, newHistogram()])) as Histograms;
}

/** Percentiles of the time to sign and the stage medians, from bucketed histograms (buckets.ts). */
function durationFigures(h: Histograms): { hoursToSign: Percentiles; stageMedianHours: StageHours } {
  const stageMedianHours = {} as StageHours;
  for (const stage of TIMED_STAGES) stageMedianHours[stage] = percentileHours(h[stage], 0.5);
  return {
    hoursToSign: { count: histogramCount(h.sign), median: percentileHours(h.sign, 0.5), p90: percentileHours(h.sign, 0.9) },
    stageMedianHours,
  };
}

/** ISO weeks (Monday–Sunday) overlapping the period, clipped to it. */
function weeksOf(period: Period): WeekCount[] {
  const weeks: WeekCount[] = [];
  for (let start = weekStart(period.from); start <= period.to; start = addDays(start, 7)) {
    const end = addDays(start, 6);
    weeks.push({
      weekStart: start,
      from: start < period.from ? period.from : start,
      to: end > period.to ? period.to : end,
      started: 0,
      signed: 0,
    });
  }
  return weeks;
}

export async function getWorkloadSummary(ctx: AppContext, query: WorkloadQuery): Promise<WorkloadSummary> {
  const period = resolvePeriod(ctx, query);
  const clinician = await checkClinician(ctx, query.clinician);
  await ensureWorkloadRollups(ctx);

  const now = ctx.clock.now();
  const todayDate = today(now, ctx.config.tz);
  const followFrom = todayDate;
  const followTo = addDays(todayDate, FOLLOW_UP_WEEKS * 7 - 1);

  const [current, daily, findings, overdue, followUps] = await Promise.all([
    currentCounts(ctx.db, clinician),
    dailyCounts(ctx.db, period.from, period.to, clinician),
    findingCounts(ctx.db, period.from, period.to, clinician),
    overdueCounts(ctx.db, overdueCutoff(ctx), clinician),
    followUpCounts(ctx.db, followFrom, followTo, clinician),
  ]);

  // Per clinician accumulators.
  interface Acc {
    open: number;
    overdue: number;
    started: number;
    signed: number;
    durations: Histograms;
  }
  const perClinician = new Map<string, Acc>();
  const acc = (id: string): Acc => {
    let a = perClinician.get(id);
    if (!a) {
      a = { open: 0, overdue: 0, started: 0, signed: 0, durations: newHistograms() };
      perClinician.set(id, a);
    }
    return a;
  };

  const byStatus: Record<EvaluationStatus, number> = { draft: 0, amending: 0, signed: 0 };
  const openByStage = new Map<string, number>(TIMED_STAGES.map((s) => [s, 0]));
  for (const row of current) {
    if (row.status in byStatus) byStatus[row.status as EvaluationStatus] += row.n;
    if (row.status === 'draft' || row.status === 'amending') {
      openByStage.set(row.stage, (openByStage.get(row.stage) ?? 0) + row.n);
      acc(row.assignee_id).open += row.n;
    }
  }

  const weekly = weeksOf(period);
  const weekIndex = (day: string) => Math.floor(daysBetween(weekly[0]!.weekStart, day) / 7);
  let startedInPeriod = 0;
  let signedInPeriod = 0;
  for (const row of daily) {
    const week = weekly[weekIndex(row.day)];
    if (week) {
      week.started += row.started;
      week.signed += row.signed;
    }
    startedInPeriod += row.started;
    signedInPeriod += row.signed;
    const a = acc(row.assignee_id);
    a.started += row.started;
    a.signed += row.signed;
    addPacked(a.durations, row.durations);
  }

  const clinicHistograms = newHistograms();
  for (const a of perClinician.values()) {
    for (const m of METRICS) {
      const into = clinicHistograms[m];
      a.durations[m].forEach((n, bucket) => {
        if (n !== 0) into[bucket] = (into[bucket] ?? 0) + n;
      });
    }
  }

  let overdueTotal = 0;
  for (const row of overdue) {
    acc(row.assignee_id).overdue += row.n;
    overdueTotal += row.n;
  }

  // Every active clinician appears (an idle one is information too), plus anyone holding work.
  const users = await ctx.db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('role', '=', 'clinician')
    .where('active', '=', 1)
    .$if(clinician !== null, (q) => q.where('id', '=', clinician!))
    .execute();
  for (const u of users) acc(u.id);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const missing = [...perClinician.keys()].filter((id) => !names.has(id));
  for (const [id, name] of await userNames(ctx.db, missing)) names.set(id, name);

  const clinicians: ClinicianWorkload[] = [...perClinician]
    .map(([id, a]) => ({
      id,
      name: names.get(id) ?? 'Unknown user',
      open: a.open,
      overdue: a.overdue,
      started: a.started,
      signed: a.signed,
      ...durationFigures(a.durations),
    }))
    .sort((x, y) => x.name.localeCompare(y.name, 'en') || x.id.localeCompare(y.id));

  const followWeeks = Array.from({ length: FOLLOW_UP_WEEKS }, (_, i) => ({
    from: addDays(followFrom, i * 7),
    to: addDays(followFrom, i * 7 + 6),
    count: 0,
  }));
  for (const row of followUps) {
    const week = followWeeks[Math.floor(daysBetween(followFrom, row.date) / 7)];
    if (week) week.count += row.n;
  }

  const clinic = durationFigures(clinicHistograms);
  return {
    period: { from: period.from, to: period.to, timeZone: ctx.config.tz, clinicianId: clinician },
    asOf: now.toISOString(),
    today: todayDate,
    overdueDays: ctx.config.overdueDays,
    byStatus,
    open: byStatus.draft + byStatus.amending,
    overdue: overdueTotal,
    startedInPeriod,
    signedInPeriod,
    hoursToSign: clinic.hoursToSign,
    stageMedianHours: clinic.stageMedianHours,
    openByStage: [...openByStage].map(([stage, count]) => ({ stage, count })),
    clinicians,
    weekly,
    followUps: {
      weeks: FOLLOW_UP_WEEKS,
      from: followFrom,
      to: followTo,
      total: followWeeks.reduce((sum, w) => sum + w.count, 0),
      byWeek: followWeeks,
    },
    signDurationHistogram: displayHistogram(clinicHistograms.sign),
    findings: findings
      .map((f) => ({ code: f.code, label: findingCatalog[f.code]?.label ?? f.code, count: f.n }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
  };
}

// --- drill-down lists --------------------------------------------------------------------------------

function need<T>(value: T | undefined, code: string, reason: string): T {
  if (value === undefined) throw new ValidationError([{ code, reason }]);
  return value;
}

function roundDays(ms: number): number {
  return Math.round((ms / DAY_MS) * 10) / 10;
}

function toRow(raw: DrillRowRaw, nowMs: number): WorkloadEvaluationRow {
  const stages = stageMinutes(raw.stage_times);
  const stageHours = {} as StageHours;
  for (const stage of TIMED_STAGES) {
    const minutes = stages[stage];
    stageHours[stage] = minutes === undefined ? null : roundHours(minutes / 60);
  }
  return {
    id: raw.id,
    clinician: { id: raw.assignee_id, name: raw.assignee_name },
    status: raw.status,
    stage: raw.current_stage,
    startedAt: raw.started_at,
    updatedAt: raw.updated_at,
    signedAt: raw.signed_at,
    followUpDate: raw.follow_up_date,
    ageDays: roundDays(nowMs - Date.parse(raw.started_at)),
    idleDays: roundDays(nowMs - Date.parse(raw.updated_at)),
    hoursToSign:
      raw.status === 'signed' && raw.signed_at
        ? roundHours(minutesBetween(raw.started_at, raw.signed_at) / 60)
        : null,
    stageHours,
  };
}

/** The evaluations behind one workload figure (see drill-repo.ts for the predicates). */
export async function getWorkloadEvaluations(ctx: AppContext, q: DrillQuery): Promise<WorkloadEvaluationPage> {
  const clinician = await checkClinician(ctx, q.clinician);
  const tz = ctx.config.tz;
  let filter: DrillFilter;
  const resolved: WorkloadEvaluationPage['filter'] = { kind: q.kind, clinicianId: clinician };

  switch (q.kind) {
    case 'status':
      filter = { kind: 'status', status: need(q.status, 'status', 'is required for kind=status') };
      resolved.status = filter.status;
      break;
    case 'open':
      filter = { kind: 'open' };
      break;
    case 'clinician':
      need(clinician ?? undefined, 'clinician', 'is required for kind=clinician');
      filter = { kind: 'open' };
      break;
    case 'overdue':
      filter = { kind: 'overdue', cutoff: overdueCutoff(ctx) };
      break;
    case 'stage':
      filter = { kind: 'stage', stage: need(q.stage, 'stage', 'is required for kind=stage') };
      resolved.stage = filter.stage;
      break;
    case 'started':
    case 'signed':
    case 'finding': {
      const period = resolvePeriod(ctx, q);
      const { start, end } = dayRangeInstants(period.from, period.to, tz);
      resolved.from = period.from;
      resolved.to = period.to;
      if (q.kind === 'finding') {
        filter = { kind: 'finding', finding: need(q.finding, 'finding', 'is required for kind=finding'), start, end };
        resolved.finding = filter.finding;
      } else {
        filter = { kind: q.kind, start, end };
      }
      break;
    }
    case 'followup': {
      // Default: the follow-up window of the summary (the next weeks from today).
      const todayDate = today(ctx.clock.now(), tz);
      const from = q.from ?? todayDate;
      const to = q.to ?? addDays(todayDate, FOLLOW_UP_WEEKS * 7 - 1);
      if (from > to) throw new ValidationError([{ code: 'from', reason: `must be on or before to (${to})` }]);
      filter = { kind: 'followup', from, to };
      resolved.from = from;
      resolved.to = to;
      break;
    }
  }

  await ensureWorkloadRollups(ctx);
  const { rows, total } = await drillPage(ctx.db, filter, clinician, q.page, q.pageSize);
  const nowMs = ctx.clock.now().getTime();
  return {
    items: rows.map((r) => toRow(r, nowMs)),
    total,
    page: q.page,
    pageSize: q.pageSize,
    filter: resolved,
  };
}

import {
  findingCatalog,
  type ListedStatus,
  type ClinicianWorkload,
  type Percentiles,
  type StageHours,
  type WeekCount,
  type WorkloadQuery,
  type WorkloadSummary,
} from '@rls/shared';
import type { AppContext } from '../../context';
import { displayHistogram, histogramCount, newHistogram, percentileHours, type Histogram } from './buckets';
import { addPacked, METRICS, type Metric } from './packed';
import {
  checkClinician,
  FOLLOW_UP_WEEKS,
  overdueCutoff,
  periodParts,
  resolvePeriod,
  type Period,
} from './period';
import {
  currentCounts,
  dailyCounts,
  findingCounts,
  followUpCounts,
  overdueCounts,
  userNames,
  weeklyCounts,
} from './repo';
import { ensureWorkloadRollups } from './rebuild';
import { rollupVersion } from './rollups';
import { TIMED_STAGES } from './tables';
import { addDays, dateIn, daysBetween, weekStart } from '../../time-zone';

/** GET /api/workload: the summary, from the rollup tables (cached per rollup version) and the clock. */

type Histograms = Record<Metric, Histogram>;

function newHistograms(): Histograms {
  return Object.fromEntries(METRICS.map((m) => [m, newHistogram()])) as Histograms;
}

/** Percentiles of the time to sign and the stage medians, from bucketed histograms (buckets.ts). */
function durationFigures(h: Histograms): { hoursToSign: Percentiles; stageMedianHours: StageHours } {
  const stageMedianHours = {} as StageHours;
  for (const stage of TIMED_STAGES) stageMedianHours[stage] = percentileHours(h[stage], 0.5);
  return {
    hoursToSign: {
      count: histogramCount(h.sign),
      median: percentileHours(h.sign, 0.5),
      p90: percentileHours(h.sign, 0.9),
    },
    stageMedianHours,
  };
}

/**
 * ISO weeks (Monday–Sunday) overlapping the period, clipped to it. Days past the period are never
 * computed: the week of 9999-12-31 ends after the last day a date can name.
 */
function weeksOf(period: Period): WeekCount[] {
  const weeks: WeekCount[] = [];
  for (let start = weekStart(period.from); ; start = addDays(start, 7)) {
    const daysLeft = daysBetween(start, period.to); // from this Monday to the period's last day
    weeks.push({
      weekStart: start,
      from: start < period.from ? period.from : start,
      to: daysLeft >= 6 ? addDays(start, 6) : period.to,
      started: 0,
      signed: 0,
    });
    if (daysLeft < 7) return weeks;
  }
}

/** What the rollup tables say about a period: changes only when the rollups change. */
interface RollupFigures {
  byStatus: Record<ListedStatus, number>;
  openByStage: { stage: string; count: number }[];
  weekly: WeekCount[];
  startedInPeriod: number;
  signedInPeriod: number;
  clinic: { hoursToSign: Percentiles; stageMedianHours: StageHours };
  signDurationHistogram: WorkloadSummary['signDurationHistogram'];
  findings: WorkloadSummary['findings'];
  perClinician: Map<
    string,
    { open: number; started: number; signed: number; hoursToSign: Percentiles; stageMedianHours: StageHours }
  >;
}

async function rollupFigures(
  ctx: AppContext,
  period: Period,
  clinician: string | null,
): Promise<RollupFigures> {
  // Whole weeks from the weekly level, the ragged edges from the day rows (periodParts): the same
  // sums as every day row of the period, from about a seventh of the rows.
  const parts = periodParts(period);
  const [current, findings, weekRows, ...edgeRows] = await Promise.all([
    currentCounts(ctx.db, clinician),
    findingCounts(ctx.db, period.from, period.to, clinician),
    parts.weeks ? weeklyCounts(ctx.db, parts.weeks.from, parts.weeks.to, clinician) : [],
    ...parts.days.map((d) => dailyCounts(ctx.db, d.from, d.to, clinician)),
  ]);
  const daily = [...weekRows, ...edgeRows.flat()];

  interface Acc {
    open: number;
    started: number;
    signed: number;
    durations: Histograms;
  }
  const perClinician = new Map<string, Acc>();
  const acc = (id: string): Acc => {
    let a = perClinician.get(id);
    if (!a) {
      a = { open: 0, started: 0, signed: 0, durations: newHistograms() };
      perClinician.set(id, a);
    }
    return a;
  };

  // Discarded drafts are counted nowhere here (they only stay in the started figures).
  const byStatus: Record<ListedStatus, number> = { draft: 0, amending: 0, signed: 0 };
  const openByStage = new Map<string, number>(TIMED_STAGES.map((s) => [s, 0]));
  for (const row of current) {
    if (row.status in byStatus) byStatus[row.status as ListedStatus] += row.n;
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

  return {
    byStatus,
    openByStage: [...openByStage].map(([stage, count]) => ({ stage, count })),
    weekly,
    startedInPeriod,
    signedInPeriod,
    clinic: durationFigures(clinicHistograms),
    signDurationHistogram: displayHistogram(clinicHistograms.sign),
    findings: findings
      .map((f) => ({ code: f.code, label: findingCatalog[f.code]?.label ?? f.code, count: f.n }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    perClinician: new Map(
      [...perClinician].map(([id, a]) => [
        id,
        { open: a.open, started: a.started, signed: a.signed, ...durationFigures(a.durations) },
      ]),
    ),
  };
}

/**
 * Rollup figures per (period, clinician), kept while the rollup version is unchanged: every
 * evaluation change that moves a figure bumps the version in its transaction, so a cached entry is
 * never served after the data changed — on any app instance, since the version lives in the
 * database. Figures that depend on the clock (overdue, follow-ups due) are never cached.
 */
const CACHE_ENTRIES = 32;
const caches = new WeakMap<object, Map<string, { version: number; figures: RollupFigures }>>();

async function cachedRollupFigures(
  ctx: AppContext,
  period: Period,
  clinician: string | null,
): Promise<RollupFigures> {
  const version = await rollupVersion(ctx.db);
  let cache = caches.get(ctx.db);
  if (!cache) {
    cache = new Map();
    caches.set(ctx.db, cache);
  }
  const key = `${period.from}|${period.to}|${clinician ?? ''}`;
  const hit = cache.get(key);
  if (hit && hit.version === version) {
    cache.delete(key); // most recently used last
    cache.set(key, hit);
    return hit.figures;
  }
  const figures = await rollupFigures(ctx, period, clinician);
  cache.delete(key);
  cache.set(key, { version, figures });
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return figures;
}

/**
 * Every active clinician (an idle one is information too), plus anyone holding work, by name: their
 * rollup figures and overdue count.
 */
async function clinicianWorkloads(
  ctx: AppContext,
  clinician: string | null,
  figures: RollupFigures,
  overdueBy: ReadonlyMap<string, number>,
): Promise<ClinicianWorkload[]> {
  const users = await ctx.db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('role', '=', 'clinician')
    .where('active', '=', 1)
    .$if(clinician !== null, (q) => q.where('id', '=', clinician!))
    .execute();
  const names = new Map(users.map((u) => [u.id, u.name]));
  const ids = new Set([...names.keys(), ...figures.perClinician.keys(), ...overdueBy.keys()]);
  const missing = [...ids].filter((id) => !names.has(id));
  for (const [id, name] of await userNames(ctx.db, missing)) names.set(id, name);

  const none = { open: 0, started: 0, signed: 0, ...durationFigures(newHistograms()) };
  return [...ids]
    .map((id) => {
      const f = figures.perClinician.get(id) ?? none;
      return {
        id,
        name: names.get(id) ?? 'Unknown user',
        open: f.open,
        overdue: overdueBy.get(id) ?? 0,
        started: f.started,
        signed: f.signed,
        hoursToSign: f.hoursToSign,
        stageMedianHours: f.stageMedianHours,
      };
    })
    .sort((x, y) => x.name.localeCompare(y.name, 'en') || x.id.localeCompare(y.id));
}

/** Follow-ups due in the `FOLLOW_UP_WEEKS` weeks from today (`todayDate`…`lastDate`), week by week. */
function followUpsAhead(
  todayDate: string,
  lastDate: string,
  followUps: readonly { date: string; n: number }[],
): WorkloadSummary['followUps'] {
  const byWeek = Array.from({ length: FOLLOW_UP_WEEKS }, (_, i) => ({
    from: addDays(todayDate, i * 7),
    to: addDays(todayDate, i * 7 + 6),
    count: 0,
  }));
  for (const row of followUps) {
    const week = byWeek[Math.floor(daysBetween(todayDate, row.date) / 7)];
    if (week) week.count += row.n;
  }
  return {
    weeks: FOLLOW_UP_WEEKS,
    from: todayDate,
    to: lastDate,
    total: byWeek.reduce((sum, w) => sum + w.count, 0),
    byWeek,
  };
}

export async function getWorkloadSummary(ctx: AppContext, query: WorkloadQuery): Promise<WorkloadSummary> {
  const period = resolvePeriod(ctx, query);
  const clinician = await checkClinician(ctx, query.clinician);
  await ensureWorkloadRollups(ctx);

  const now = ctx.clock.now();
  const todayDate = dateIn(ctx.config.tz, now);
  const followUpsTo = addDays(todayDate, FOLLOW_UP_WEEKS * 7 - 1);
  const figures = await cachedRollupFigures(ctx, period, clinician);
  const [overdue, followUps] = await Promise.all([
    overdueCounts(ctx.db, overdueCutoff(ctx), clinician),
    followUpCounts(ctx.db, todayDate, followUpsTo, clinician),
  ]);
  const overdueBy = new Map(overdue.map((r) => [r.assignee_id, r.n]));
  const clinicians = await clinicianWorkloads(ctx, clinician, figures, overdueBy);

  return {
    period: { from: period.from, to: period.to, timeZone: ctx.config.tz, clinicianId: clinician },
    asOf: now.toISOString(),
    today: todayDate,
    overdueDays: ctx.config.overdueDays,
    byStatus: { ...figures.byStatus },
    open: figures.byStatus.draft + figures.byStatus.amending,
    overdue: overdue.reduce((sum, r) => sum + r.n, 0),
    startedInPeriod: figures.startedInPeriod,
    signedInPeriod: figures.signedInPeriod,
    hoursToSign: figures.clinic.hoursToSign,
    stageMedianHours: figures.clinic.stageMedianHours,
    openByStage: figures.openByStage,
    clinicians,
    weekly: figures.weekly,
    followUps: followUpsAhead(todayDate, followUpsTo, followUps),
    signDurationHistogram: figures.signDurationHistogram,
    findings: figures.findings,
  };
}

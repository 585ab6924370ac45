import type { DrillQuery, StageHours, WorkloadEvaluationPage, WorkloadEvaluationRow } from '@rls/shared';
import type { AppContext } from '../../context';
import { ValidationError } from '../../http/errors';
import { minutesBetween, roundHours } from './buckets';
import { drillPage, type DrillFilter, type DrillRowRaw } from './drill-repo';
import { checkClinician, DAY_MS, FOLLOW_UP_WEEKS, overdueCutoff, resolvePeriod } from './period';
import { ensureWorkloadRollups } from './rebuild';
import { stageMinutes } from './rollups';
import { TIMED_STAGES } from './tables';
import { addDays, dateIn, dayRangeInstants } from '../../time-zone';

/** GET /api/workload/evaluations: the evaluations behind one figure of the summary. */

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
export async function getWorkloadEvaluations(
  ctx: AppContext,
  q: DrillQuery,
): Promise<WorkloadEvaluationPage> {
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
        filter = {
          kind: 'finding',
          finding: need(q.finding, 'finding', 'is required for kind=finding'),
          start,
          end,
        };
        resolved.finding = filter.finding;
      } else {
        filter = { kind: q.kind, start, end };
      }
      break;
    }
    case 'followup': {
      // Default: the follow-up window of the summary (the next weeks from today).
      const todayDate = dateIn(tz, ctx.clock.now());
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

import type { AppContext } from '../../context';
import { ValidationError } from '../../http/errors';
import { findUser } from './repo';
import { addDays, daysBetween, FIRST_DAY, todayIn } from '../../time-zone';

/** The period, clinician and clock inputs shared by the summary and its lists. */

/** The default period: the last 12 weeks, today included. */
const DEFAULT_PERIOD_DAYS = 84;
/** The longest period a summary covers. */
const MAX_PERIOD_DAYS = 731;
/** Follow-ups due are shown for this many weeks ahead. */
export const FOLLOW_UP_WEEKS = 8;

export const DAY_MS = 86_400_000;

export interface Period {
  from: string;
  to: string;
}

/** from/to with defaults (the last 12 weeks up to today in the server zone); 422 naming the field. */
export function resolvePeriod(
  ctx: AppContext,
  query: { from?: string | undefined; to?: string | undefined },
): Period {
  const to = query.to ?? todayIn(ctx);
  // The default start, kept on the calendar (a `to` in the first weeks of year 1 starts at FIRST_DAY).
  const from =
    query.from ??
    (daysBetween(FIRST_DAY, to) >= DEFAULT_PERIOD_DAYS - 1
      ? addDays(to, -(DEFAULT_PERIOD_DAYS - 1))
      : FIRST_DAY);
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

/**
 * A period as the rollup rows that cover it: the whole ISO weeks inside it (`weeks`: the Mondays of
 * the first and last, read from workload_weekly) and the days at its ragged edges (`days`, read from
 * workload_daily) — together exactly the period's days, each once. Without a whole week inside, the
 * period is all days.
 */
export function periodParts(period: Period): { weeks: Period | null; days: Period[] } {
  if (daysBetween(period.from, period.to) < 6) return { weeks: null, days: [period] };
  // The first Monday on or after `from`; the last Sunday on or before `to` (both inside the period,
  // so never past the calendar's ends).
  const firstMonday = addDays(period.from, (7 - ((dayOfWeek(period.from) + 6) % 7)) % 7);
  const lastSunday = addDays(period.to, -(dayOfWeek(period.to) % 7));
  if (firstMonday > period.to || lastSunday < period.from || daysBetween(firstMonday, lastSunday) < 6) {
    return { weeks: null, days: [period] };
  }
  const days: Period[] = [];
  if (period.from < firstMonday) days.push({ from: period.from, to: addDays(firstMonday, -1) });
  if (lastSunday < period.to) days.push({ from: addDays(lastSunday, 1), to: period.to });
  return { weeks: { from: firstMonday, to: addDays(lastSunday, -6) }, days };
}

/** 0 = Sunday … 6 = Saturday. */
function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** 422 on an unknown user id (a typo would otherwise look like a clinician without work). */
export async function checkClinician(ctx: AppContext, id: string | undefined): Promise<string | null> {
  if (!id) return null;
  if (!(await findUser(ctx.db, id))) {
    throw new ValidationError([{ code: 'clinician', reason: 'no user has this id' }]);
  }
  return id;
}

export function overdueCutoff(ctx: AppContext): string {
  return new Date(ctx.clock.now().getTime() - ctx.config.overdueDays * DAY_MS).toISOString();
}

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

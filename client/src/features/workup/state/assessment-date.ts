import type { EvaluationDto } from '@rls/shared';
import { todayIso } from '@/utils/format';

/**
 * The date the rules judge an open evaluation on (age: child or adult). The server recomputes the
 * assessment at each save with its own "today", so the live panel uses today too.
 */
export function assessmentDate(
  _evaluation: Pick<EvaluationDto, 'startedAt'>,
  now: Date = new Date(),
): string {
  return todayIso(now);
}

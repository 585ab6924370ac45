import type { EvaluationDto } from '@rls/shared';

/**
 * The date the rules judge an evaluation on (age: child or adult): its start date, YYYY-MM-DD in the
 * server's time zone, as the server sends it. The server assesses every save and the sign-off on this
 * same date, so the live panel matches what it stores whatever day the evaluation is continued on.
 */
export function assessmentDate(evaluation: Pick<EvaluationDto, 'startDate'>): string {
  return evaluation.startDate;
}

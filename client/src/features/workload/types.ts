// Response types of GET /api/workload and GET /api/workload/evaluations (administrators only); their
// contract is in @rls/shared (shared/src/api/workload.ts). None of them carries patient data.
export type {
  ClinicianWorkload,
  FollowUpWeek,
  WeekCount,
  WorkloadEvaluationPage,
  WorkloadEvaluationRow,
  WorkloadSummary,
} from '@rls/shared';

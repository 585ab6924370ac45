import {
  DRILL_MAX_PAGE_SIZE,
  DRILL_PAGE_SIZE,
  type AssignmentView,
  type AssigneeInput,
  type WorkloadEvaluationPage,
  type WorkloadSummary,
} from '@rls/shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { workloadKeys } from '@/lib/query-keys';
import { toQueryString, type DrillSearch, type WorkloadSearch } from './search-params';

// The filters and the reassign dialog read `GET /api/clinicians`: its factory is in lib/queries.ts.

export { DRILL_PAGE_SIZE };

export const workloadSummaryQueryOptions = (params: WorkloadSearch) =>
  queryOptions({
    queryKey: workloadKeys.summary(params),
    queryFn: ({ signal }) =>
      api<WorkloadSummary>('GET', `/api/workload${toQueryString(params)}`, undefined, { signal }),
  });

export const workloadEvaluationsQueryOptions = (params: DrillSearch) =>
  queryOptions({
    queryKey: workloadKeys.evaluations(params),
    queryFn: ({ signal }) =>
      api<WorkloadEvaluationPage>(
        'GET',
        `/api/workload/evaluations${toQueryString({ ...params, pageSize: DRILL_PAGE_SIZE })}`,
        undefined,
        { signal },
      ),
  });

/** The most rows a CSV export of a list fetches. */
const MAX_EXPORT_ROWS = 20_000;

/** Every row of a drill-down list (for CSV export), page by page, up to MAX_EXPORT_ROWS. */
export async function fetchAllWorkloadEvaluations(
  params: DrillSearch,
): Promise<WorkloadEvaluationPage['items']> {
  const pageSize = DRILL_MAX_PAGE_SIZE;
  const rows: WorkloadEvaluationPage['items'] = [];
  for (let page = 1; rows.length < MAX_EXPORT_ROWS; page++) {
    const res = await api<WorkloadEvaluationPage>(
      'GET',
      `/api/workload/evaluations${toQueryString({ ...params, page, pageSize })}`,
    );
    rows.push(...res.items);
    if (res.items.length < pageSize || rows.length >= res.total) break;
  }
  return rows.slice(0, MAX_EXPORT_ROWS);
}

/** POST /api/evaluations/:id/assignee — administrators may reassign; the figures refresh after. */
export function useReassignEvaluation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ evaluationId, clinicianId }: { evaluationId: string } & AssigneeInput) =>
      api<AssignmentView>('POST', `/api/evaluations/${encodeURIComponent(evaluationId)}/assignee`, {
        clinicianId,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workloadKeys.all }),
  });
}

import type { Clinician } from '@rls/shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { toQueryString, type DrillSearch, type WorkloadSearch } from './search-params';
import type { WorkloadEvaluationPage, WorkloadSummary } from './types';

/** Query keys of the workload feature (a reassignment invalidates all of them). */
export const workloadKeys = {
  all: ['workload'] as const,
  summary: (params: WorkloadSearch) => [...workloadKeys.all, 'summary', params] as const,
  evaluations: (params: object) => [...workloadKeys.all, 'evaluations', params] as const,
};

export const workloadSummaryQueryOptions = (params: WorkloadSearch) =>
  queryOptions({
    queryKey: workloadKeys.summary(params),
    queryFn: ({ signal }) =>
      api<WorkloadSummary>('GET', `/api/workload${toQueryString(params)}`, undefined, { signal }),
  });

export const DRILL_PAGE_SIZE = 50;

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
export const MAX_EXPORT_ROWS = 20_000;

/** Every row of a drill-down list (for CSV export), page by page, up to MAX_EXPORT_ROWS. */
export async function fetchAllWorkloadEvaluations(
  params: DrillSearch,
): Promise<WorkloadEvaluationPage['items']> {
  const pageSize = 500;
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

/** Same key as the worklist's clinician list, so both share one cache entry. */
const clinicianKeys = { all: ['clinicians'] as const };

export const cliniciansQueryOptions = () =>
  queryOptions({
    queryKey: clinicianKeys.all,
    queryFn: ({ signal }) => api<Clinician[]>('GET', '/api/clinicians', undefined, { signal }),
    staleTime: 5 * 60_000,
  });

/** POST /api/evaluations/:id/assignee — administrators may reassign; the figures refresh after. */
export function useReassignEvaluation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ evaluationId, clinicianId }: { evaluationId: string; clinicianId: string }) =>
      api<unknown>('POST', `/api/evaluations/${encodeURIComponent(evaluationId)}/assignee`, { clinicianId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workloadKeys.all }),
  });
}

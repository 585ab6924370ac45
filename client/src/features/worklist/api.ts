import { queryOptions } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { patientKeys } from '@/lib/query-keys';
import type { WorklistPage, WorklistParams } from './types';

// The assignee filter reads `GET /api/clinicians`: its factory is in lib/queries.ts.

/** `{page: 2, query: ''}` → `?page=2`: empty values are left out so equal filters share a cache entry. */
function worklistSearch(params: WorklistParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params) as [string, string | number | boolean | undefined][]) {
    if (value === undefined || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const worklistQueryOptions = (params: WorklistParams = {}) =>
  queryOptions({
    queryKey: patientKeys.list(params),
    queryFn: ({ signal }) =>
      api<WorklistPage>('GET', `/api/patients${worklistSearch(params)}`, undefined, { signal }),
  });

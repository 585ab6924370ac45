import type { AuditPage } from '@rls/shared';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { auditKeys } from '@/lib/query-keys';
import { auditQueryString, type AuditSearch } from './search-params';

export type { AuditPage, AuditRecord } from '@rls/shared';

export const auditQueryOptions = (search: AuditSearch) =>
  queryOptions({
    queryKey: auditKeys.list(search),
    queryFn: ({ signal }) =>
      api<AuditPage>('GET', `/api/audit${auditQueryString(search)}`, undefined, { signal }),
    placeholderData: keepPreviousData,
  });

/** The CSV export of the same filters and sort (the server records the export in the trail). */
export function auditCsvHref(search: AuditSearch): string {
  return `/api/audit.csv${auditQueryString(search, false)}`;
}

import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { auditKeys } from '@/lib/query-keys';
import { auditQueryString, type AuditSearch } from './search-params';

/** One record of the audit trail (`GET /api/audit`). */
export interface AuditRecord {
  seq: number;
  at: string;
  userId: string | null;
  username: string | null;
  role: string | null;
  patientId: string | null;
  action: string;
  category: string | null;
  outcome: 'success' | 'failure';
  entity: string | null;
  entityId: string | null;
  beforeVersion: number | null;
  afterVersion: number | null;
  detail: Record<string, unknown> | null;
}

export interface AuditPage {
  items: AuditRecord[];
  total: number;
  page: number;
  pageSize: number;
}

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

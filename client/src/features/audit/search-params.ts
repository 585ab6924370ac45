import {
  AUDIT_OUTCOMES,
  AUDIT_PAGE_SIZE,
  AUDIT_SORT_KEYS,
  isValidDate,
  type AuditSortKey,
} from '@rls/shared';
import { z } from 'zod';

export { AUDIT_PAGE_SIZE, type AuditSortKey };

/**
 * The audit report's filters, sort and page live in the URL (shareable, reloadable). Nothing in them
 * is PHI: users by username, patients by their opaque id, dates.
 */

// A calendar date the API accepts (YYYY-MM-DD and a real day); anything else is dropped.
const day = z.string().refine(isValidDate).optional().catch(undefined);
const text = z.string().trim().max(200).optional().catch(undefined);

export const auditSearchSchema = z.object({
  from: day,
  to: day,
  user: text,
  patient: text,
  action: text,
  outcome: z.enum(AUDIT_OUTCOMES).optional().catch(undefined),
  sort: z
    .string()
    .refine((v) => (AUDIT_SORT_KEYS as readonly string[]).includes(v.replace(/^-/, '')))
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).optional().catch(undefined),
});

export type AuditSearch = z.infer<typeof auditSearchSchema>;

/** The API query string for a search (empty values left out). `withPage: false` for the CSV export. */
export function auditQueryString(search: AuditSearch, withPage = true): string {
  const params = new URLSearchParams();
  for (const key of ['from', 'to', 'user', 'patient', 'action', 'outcome', 'sort'] as const) {
    const value = search[key];
    if (value) params.set(key, value);
  }
  if (withPage) {
    params.set('page', String(search.page ?? 1));
    params.set('pageSize', String(AUDIT_PAGE_SIZE));
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** Clicking a column header: ascending first, then descending; another column starts ascending. */
export function nextSort(current: string | undefined, key: AuditSortKey): string {
  const active = current ?? '-seq';
  if (active === key) return `-${key}`;
  return key;
}

import {
  AUDIT_OUTCOMES,
  AUDIT_PAGE_SIZE,
  AUDIT_SORT_KEYS,
  isValidDate,
  type AuditSortKey,
} from '@rls/shared';
import { checked, integer, oneOf, searchValidator, text, type SearchOf } from '@/lib/search-params';

export { AUDIT_PAGE_SIZE, type AuditSortKey };

/**
 * The audit report's filters, sort and page live in the URL (shareable, reloadable). Nothing in them
 * is PHI: users by username, patients by their opaque id, dates.
 */

// A calendar date the API accepts (YYYY-MM-DD and a real day); anything else is dropped.
const day = checked(isValidDate);
const filterText = text({ max: 200, trim: true });

const auditSearchShape = {
  from: day,
  to: day,
  user: filterText,
  patient: filterText,
  action: filterText,
  outcome: oneOf(AUDIT_OUTCOMES),
  sort: checked((v) => (AUDIT_SORT_KEYS as readonly string[]).includes(v.replace(/^-/, ''))),
  page: integer({ min: 1, coerce: true }),
};
export const auditSearchSchema = searchValidator(auditSearchShape);

export type AuditSearch = SearchOf<typeof auditSearchShape>;

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

import { DRILL_KINDS, LISTED_STATUSES, isValidDate } from '@rls/shared';
import {
  checked,
  integer,
  oneOf,
  searchValidator,
  text,
  withFallback,
  type SearchOf,
} from '@/lib/search-params';

/**
 * The workload pages' address-bar state: period and clinician of the dashboard, and which list a
 * drill-down shows — shareable, reloadable views. Nothing here is patient data.
 * A value the API would reject is dropped rather than breaking the page (`.catch(undefined)`).
 */

const date = checked(isValidDate);
const id = text({ min: 1, max: 100 });

const workloadSearchShape = { from: date, to: date, clinician: id };
export const workloadSearchSchema = searchValidator(workloadSearchShape);
export type WorkloadSearch = SearchOf<typeof workloadSearchShape>;

const drillSearchShape = {
  kind: withFallback(oneOf(DRILL_KINDS), 'open'),
  status: oneOf(LISTED_STATUSES),
  stage: text({ min: 1, max: 40 }),
  finding: text({ min: 1, max: 80 }),
  from: date,
  to: date,
  clinician: id,
  page: integer({ min: 2 }),
};
export const drillSearchSchema = searchValidator(drillSearchShape);
export type DrillSearch = SearchOf<typeof drillSearchShape>;

/** Query parameters for the API: empty values left out, so equal views share a cache entry. */
export function toQueryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

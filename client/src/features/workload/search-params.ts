import { DRILL_KINDS, LISTED_STATUSES, isValidDate } from '@rls/shared';
import { z } from 'zod';

/**
 * The workload pages' address-bar state: period and clinician of the dashboard, and which list a
 * drill-down shows — shareable, reloadable views. Nothing here is patient data.
 * A value the API would reject is dropped rather than breaking the page (`.catch(undefined)`).
 */

const date = z.string().refine(isValidDate).optional().catch(undefined);
const id = z.string().min(1).max(100).optional().catch(undefined);

export const workloadSearchSchema = z.object({ from: date, to: date, clinician: id });
export type WorkloadSearch = z.infer<typeof workloadSearchSchema>;

export const drillSearchSchema = z.object({
  kind: z.enum(DRILL_KINDS).catch('open'),
  status: z.enum(LISTED_STATUSES).optional().catch(undefined),
  stage: z.string().min(1).max(40).optional().catch(undefined),
  finding: z.string().min(1).max(80).optional().catch(undefined),
  from: date,
  to: date,
  clinician: id,
  page: z.number().int().min(2).optional().catch(undefined),
});
export type DrillSearch = z.infer<typeof drillSearchSchema>;

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

import { WORKLIST_SORTS, worklistQuerySchema, type WorklistSort } from '@rls/shared';
import { z } from 'zod';
import type { WorklistParams } from './types';

export const DEFAULT_PAGE_SIZE = 25;
export const PAGE_SIZES = [10, 25, 50, 100] as const;

const api = worklistQuerySchema.shape;

/**
 * The worklist's address-bar state: filters, sort and paging, so a view can be reloaded and shared.
 * The free-text search (a name or MRN: PHI) is deliberately NOT here; it stays in component state.
 * A value the API would reject is dropped rather than breaking the page (`.catch(undefined)`).
 */
export const worklistSearchSchema = z.object({
  status: api.status.catch(undefined),
  stage: api.stage.catch(undefined),
  assignee: api.assignee.catch(undefined),
  followUpDue: z.literal(true).optional().catch(undefined),
  sort: z.enum(WORKLIST_SORTS).optional().catch(undefined),
  page: z.number().int().min(2).optional().catch(undefined),
  pageSize: z.literal(PAGE_SIZES).optional().catch(undefined),
});

export type WorklistSearch = z.infer<typeof worklistSearchSchema>;

export type WorklistStatusFilter = NonNullable<WorklistSearch['status']>;
export type WorklistStageFilter = NonNullable<WorklistSearch['stage']>;

/** The API request for an address-bar state plus the (debounced) search text. */
export function toWorklistParams(search: WorklistSearch, query = ''): WorklistParams {
  const params: WorklistParams = {};
  const text = query.trim();
  if (text) params.query = text;
  if (search.status) params.status = search.status;
  if (search.stage) params.stage = search.stage;
  if (search.assignee) params.assignee = search.assignee;
  if (search.followUpDue) params.followUpDue = true;
  if (search.sort) params.sort = search.sort;
  if (search.page && search.page > 1) params.page = search.page;
  if (search.pageSize && search.pageSize !== DEFAULT_PAGE_SIZE) params.pageSize = search.pageSize;
  return params;
}

export type SortField = 'name' | 'mrn' | 'status' | 'followUp' | 'updated';
export type SortDirection = 'asc' | 'desc';

/** The server sorts by name when no sort is given. */
const DEFAULT_SORT: WorklistSort = 'name';

export function parseSort(sort: WorklistSort | undefined): { field: SortField; direction: SortDirection } {
  const value = sort ?? DEFAULT_SORT;
  return value.startsWith('-')
    ? { field: value.slice(1) as SortField, direction: 'desc' }
    : { field: value as SortField, direction: 'asc' };
}

/** Which way a column sorts on its first click: most recent activity first, everything else A→Z. */
const firstDirection: Record<SortField, SortDirection> = {
  name: 'asc',
  mrn: 'asc',
  status: 'asc',
  followUp: 'asc',
  updated: 'desc',
};

/** The sort after clicking `field`'s header: toggles the active column, else its first direction. */
export function nextSort(current: WorklistSort | undefined, field: SortField): WorklistSort | undefined {
  const { field: activeField, direction } = parseSort(current);
  const next = activeField === field ? (direction === 'asc' ? 'desc' : 'asc') : firstDirection[field];
  const value: WorklistSort = next === 'desc' ? `-${field}` : field;
  return value === DEFAULT_SORT ? undefined : value;
}

export function hasFilters(search: WorklistSearch): boolean {
  return Boolean(search.status ?? search.stage ?? search.assignee ?? search.followUpDue);
}

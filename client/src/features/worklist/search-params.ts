import { CURRENT_STAGES, LISTED_STATUSES, WORKLIST_SORTS, type WorklistSort } from '@rls/shared';
import { integer, oneOf, searchValidator, text, type SearchOf } from '@/lib/search-params';
import type { WorklistParams } from './types';

export const DEFAULT_PAGE_SIZE = 25;
export const PAGE_SIZES = [10, 25, 50, 100] as const;

/**
 * The worklist's address-bar state: filters, sort and paging, so a view can be reloaded and shared.
 * The free-text search (a name or MRN: PHI) is deliberately NOT here; it stays in component state.
 * A value the API (`worklistQuerySchema` in @rls/shared) would reject is dropped rather than
 * breaking the page.
 */
const worklistSearchShape = {
  status: oneOf([...LISTED_STATUSES, 'none'] as const),
  stage: oneOf(CURRENT_STAGES),
  assignee: text({ min: 1, max: 100, trim: true }),
  followUpDue: oneOf([true] as const),
  sort: oneOf(WORKLIST_SORTS),
  page: integer({ min: 2 }),
  pageSize: oneOf(PAGE_SIZES),
};
export const worklistSearchSchema = searchValidator(worklistSearchShape);

export type WorklistSearch = SearchOf<typeof worklistSearchShape>;

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

import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useState, type ReactNode } from 'react';
import { PageHeader } from '@/components/page-header';
import { QueryError } from '@/components/query-error';
import { LoadingBar } from '@/components/loading-bar';
import { TableSkeleton } from '@/components/loading';
import { afterPaint, markWorklistRows } from '@/lib/perf-marks';
import { worklistQueryOptions } from '../api';
import { useDebouncedValue } from '../hooks/use-debounced-value';
import {
  DEFAULT_PAGE_SIZE,
  PAGE_SIZES,
  hasFilters,
  nextSort,
  toWorklistParams,
  type WorklistSearch,
} from '../search-params';
import { NoPatients, WORKLIST_COLUMNS, WorklistTable } from './worklist-table';
import { WorklistFilters, type FilterPatch } from './worklist-filters';
import { WorklistPagination } from './worklist-pagination';

/** Typing pauses this long before the search is sent. */
const SEARCH_DEBOUNCE_MS = 300;

const countFormat = new Intl.NumberFormat('en-GB');

interface WorklistViewProps {
  /** Filters, sort and paging from the address bar. */
  search: WorklistSearch;
  onSearchChange: (next: WorklistSearch, options?: { replace?: boolean }) => void;
  currentUserId?: string | undefined;
  /** Page actions, e.g. "New patient". */
  actions?: ReactNode;
}

export function WorklistView({ search, onSearchChange, currentUserId, actions }: WorklistViewProps) {
  const [text, setText] = useState('');
  const query = useDebouncedValue(text.trim(), SEARCH_DEBOUNCE_MS);

  // A new search starts at page 1: until the address bar catches up, the old page number is ignored.
  const [queryOfPage, setQueryOfPage] = useState(query);
  const pageIsStale = query !== queryOfPage;
  useEffect(() => {
    if (!pageIsStale) return;
    setQueryOfPage(query);
    if (search.page) onSearchChange({ ...search, page: undefined }, { replace: true });
  }, [pageIsStale, query, search, onSearchChange]);

  const params = toWorklistParams(pageIsStale ? { ...search, page: undefined } : search, query);
  const list = useQuery({ ...worklistQueryOptions(params), placeholderData: keepPreviousData });

  const page = params.page ?? 1;
  const pageSize = params.pageSize ?? DEFAULT_PAGE_SIZE;
  // Rows of other filters must not pass for these: a failed request shows the error alone.
  const failed = list.isError && (list.data === undefined || list.isPlaceholderData);
  const data = failed ? undefined : list.data;
  const showsRows = (data?.items.length ?? 0) > 0;
  // Performance mark: the first time in this page load that patient rows are on screen.
  useLayoutEffect(() => {
    if (showsRows) afterPaint(markWorklistRows);
  }, [showsRows]);

  function changeFilters(patch: FilterPatch) {
    onSearchChange({ ...search, ...patch, page: undefined });
  }

  function goToPage(next: number) {
    onSearchChange({ ...search, page: next > 1 ? next : undefined });
  }

  const description =
    data === undefined ? undefined : (
      <span role="status">
        {`${countFormat.format(data.total)} ${data.total === 1 ? 'patient' : 'patients'}`}
        {hasFilters(search) || query ? ' match' : ''}
      </span>
    );

  return (
    <>
      <PageHeader title="Worklist" description={description} actions={actions} />
      <Paper variant="outlined" sx={{ overflow: 'hidden' }}>
        <WorklistFilters
          filters={search}
          onFiltersChange={changeFilters}
          text={text}
          onTextChange={setText}
          currentUserId={currentUserId}
        />
        {/* A divider (as MUI's Divider draws it). */}
        <Box
          component="hr"
          sx={{ m: 0, flexShrink: 0, border: 0, borderBottom: 1, borderColor: 'divider' }}
        />
        <Box sx={{ height: 4 }}>
          {list.isFetching && data !== undefined ? <LoadingBar label="Loading patients" /> : null}
        </Box>
        {failed ? (
          <Box sx={{ p: 2 }}>
            <QueryError
              error={list.error}
              title="Could not load patients"
              onRetry={() => void list.refetch()}
            />
          </Box>
        ) : data === undefined ? (
          <TableSkeleton columns={WORKLIST_COLUMNS} label="Loading patients" />
        ) : (
          <>
            {list.isError ? (
              <Box sx={{ px: 2, pb: 1 }}>
                <QueryError
                  error={list.error}
                  title="Could not refresh the list"
                  onRetry={() => void list.refetch()}
                />
              </Box>
            ) : null}
            <WorklistTable
              items={data.items}
              sort={search.sort}
              onSortChange={(field) =>
                onSearchChange({ ...search, sort: nextSort(search.sort, field), page: undefined })
              }
              busy={list.isPlaceholderData}
              empty={
                data.total > 0 && page > 1 ? (
                  <NoPatients>
                    <Typography variant="body2" color="textSecondary" sx={{ mb: 1 }}>
                      This page is past the end of the list.
                    </Typography>
                    <Button variant="outlined" onClick={() => goToPage(1)}>
                      Go to the first page
                    </Button>
                  </NoPatients>
                ) : hasFilters(search) || query ? (
                  <NoPatients>
                    <Typography variant="body2" color="textSecondary">
                      Try another spelling, or clear the filters.
                    </Typography>
                  </NoPatients>
                ) : undefined
              }
            />
            <WorklistPagination
              count={data.total}
              page={page}
              pageSize={pageSize}
              pageSizes={PAGE_SIZES}
              onPageChange={goToPage}
              onPageSizeChange={(size) =>
                onSearchChange({
                  ...search,
                  pageSize: size === DEFAULT_PAGE_SIZE ? undefined : (size as WorklistSearch['pageSize']),
                  page: undefined,
                })
              }
            />
          </>
        )}
      </Paper>
    </>
  );
}

import { createFileRoute } from '@tanstack/react-router';
import { useCallback } from 'react';
import { PageHeader } from '@/components/page-header';
import { RouteError } from '@/components/query-error';
import { NewPatientButton } from '@/features/patients/components/new-patient-button';
import { worklistQueryOptions } from '@/features/worklist/api';
import { cliniciansQueryOptions } from '@/lib/queries';
import { WorklistTableSkeleton } from '@/features/worklist/components/worklist-table';
import { WorklistView } from '@/features/worklist/components/worklist-view';
import {
  toWorklistParams,
  worklistSearchSchema,
  type WorklistSearch,
} from '@/features/worklist/search-params';
import { pageTitle } from '@/utils/page-title';

export const Route = createFileRoute('/_auth/_clinician/worklist')({
  // Filters, sort and page live in the address bar; the free-text search never does (PHI).
  validateSearch: worklistSearchSchema,
  loaderDeps: ({ search }) => search,
  head: () => pageTitle('Worklist'),
  // Loaders warm the cache and return nothing: PHI stays in the query cache, which sign-out clears.
  loader: async ({ context, deps, cause }) => {
    void context.queryClient.prefetchQuery(cliniciansQueryOptions());
    const options = worklistQueryOptions(toWorklistParams(deps));
    // Paging and filtering happen on the page itself, which keeps its rows while the next ones load;
    // only a first visit (or a retry after a failed one) waits here.
    const failed = context.queryClient.getQueryState(options.queryKey)?.status === 'error';
    if (cause === 'stay' && !failed) return;
    await context.queryClient.ensureQueryData(options);
  },
  pendingComponent: () => (
    <>
      <PageHeader title="Worklist" />
      <WorklistTableSkeleton />
    </>
  ),
  errorComponent: (props) => (
    <>
      <PageHeader title="Worklist" />
      <RouteError {...props} />
    </>
  ),
  component: WorklistPage,
});

function WorklistPage() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const { user } = Route.useRouteContext();
  const onSearchChange = useCallback(
    (next: WorklistSearch, options?: { replace?: boolean }) =>
      void navigate({ search: next, replace: options?.replace ?? false }),
    [navigate],
  );

  return (
    <WorklistView
      search={search}
      onSearchChange={onSearchChange}
      currentUserId={user.id}
      actions={<NewPatientButton />}
    />
  );
}

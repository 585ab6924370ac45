import { createFileRoute } from '@tanstack/react-router';
import { useCallback } from 'react';
import { PageHeader } from '@/components/page-header';
import { RouteError } from '@/components/query-error';
import { workloadEvaluationsQueryOptions } from '@/features/workload/api';
import { cliniciansQueryOptions } from '@/lib/queries';
import { DrillList } from '@/features/workload/components/drill-list';
import { drillSearchSchema } from '@/features/workload/search-params';
import { pageTitle } from '@/utils/page-title';

/** /workload/evaluations — the list behind a workload figure (not nested in the dashboard's layout). */
export const Route = createFileRoute('/_auth/_admin/workload_/evaluations')({
  validateSearch: drillSearchSchema,
  loaderDeps: ({ search }) => search,
  head: () => pageTitle('Workload list'),
  loader: async ({ context, deps, cause }) => {
    void context.queryClient.prefetchQuery(cliniciansQueryOptions());
    if (cause === 'stay') return;
    await context.queryClient.ensureQueryData(workloadEvaluationsQueryOptions(deps));
  },
  errorComponent: (props) => (
    <>
      <PageHeader title="Workload list" />
      <RouteError {...props} />
    </>
  ),
  component: DrillPage,
});

function DrillPage() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const onPageChange = useCallback(
    (page: number) => void navigate({ search: { ...search, page: page > 1 ? page : undefined } }),
    [navigate, search],
  );
  return <DrillList search={search} onPageChange={onPageChange} />;
}

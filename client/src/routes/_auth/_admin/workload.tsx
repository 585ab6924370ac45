import { createFileRoute } from '@tanstack/react-router';
import { useCallback } from 'react';
import { PageHeader } from '@/components/page-header';
import { RouteError } from '@/components/query-error';
import { workloadSummaryQueryOptions } from '@/features/workload/api';
import { cliniciansQueryOptions } from '@/lib/queries';
import { WorkloadDashboard } from '@/features/workload/components/workload-dashboard';
import { workloadSearchSchema, type WorkloadSearch } from '@/features/workload/search-params';
import { pageTitle } from '@/utils/page-title';

// The component (and with it @mui/x-charts) is split into a lazily loaded chunk by the router
// plugin; validateSearch and the loader import nothing from the chart modules.
export const Route = createFileRoute('/_auth/_admin/workload')({
  validateSearch: workloadSearchSchema,
  loaderDeps: ({ search }) => search,
  head: () => pageTitle('Workload'),
  loader: async ({ context, deps, cause }) => {
    void context.queryClient.prefetchQuery(cliniciansQueryOptions());
    // Filter changes on the page keep the previous figures visible while the new ones load.
    if (cause === 'stay') return;
    await context.queryClient.ensureQueryData(workloadSummaryQueryOptions(deps));
  },
  errorComponent: (props) => (
    <>
      <PageHeader title="Workload" />
      <RouteError {...props} />
    </>
  ),
  component: WorkloadPage,
});

function WorkloadPage() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const onSearchChange = useCallback((next: WorkloadSearch) => void navigate({ search: next }), [navigate]);
  return <WorkloadDashboard search={search} onSearchChange={onSearchChange} />;
}

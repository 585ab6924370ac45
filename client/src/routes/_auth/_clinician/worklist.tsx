import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { PageHeader } from '@/components/page-header';
import { RouteError } from '@/components/query-error';
import { worklistQueryOptions } from '@/features/worklist/api';
import { WorklistTable, WorklistTableSkeleton } from '@/features/worklist/components/worklist-table';
import { pageTitle } from '@/utils/page-title';

export const Route = createFileRoute('/_auth/_clinician/worklist')({
  head: () => pageTitle('Worklist'),
  // Loaders warm the cache and return nothing: PHI stays in the query cache, which sign-out clears.
  loader: async ({ context }) => {
    await context.queryClient.ensureQueryData(worklistQueryOptions());
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
  const { data } = useSuspenseQuery(worklistQueryOptions());
  return (
    <>
      <PageHeader
        title="Worklist"
        description={`${data.total} ${data.total === 1 ? 'patient' : 'patients'}`}
      />
      <WorklistTable items={data.items} />
    </>
  );
}

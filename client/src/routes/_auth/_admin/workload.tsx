import { createFileRoute } from '@tanstack/react-router';
import { PageHeader } from '@/components/page-header';
import { pageTitle } from '@/utils/page-title';

export const Route = createFileRoute('/_auth/_admin/workload')({
  head: () => pageTitle('Workload'),
  component: WorkloadPage,
});

function WorkloadPage() {
  return <PageHeader title="Workload dashboard" />;
}

import { useSuspenseQuery } from '@tanstack/react-query';
import { Outlet, createFileRoute } from '@tanstack/react-router';
import { PageHeader } from '@/components/page-header';
import { RouteError } from '@/components/query-error';
import { FhirDownload } from '@/features/print/fhir-download';
import { PrintLink } from '@/features/print/print-link';
import { HistoryButton } from '@/features/signoff/history-dialog';
import { evaluationQueryOptions } from '@/features/workup/api';
import { WorkspaceLayout } from '@/features/workup/components/workspace-layout';
import { WorkspaceProvider } from '@/features/workup/workspace-context';
import { pageTitle } from '@/utils/page-title';
import { patientQueryOptions } from '@/lib/queries';

/**
 * The evaluation workspace: loads the evaluation and its patient (whose sex and birth date the rules
 * need), then renders the header, the stepper, the live assessment and the step (child route).
 * The header's history, print and FHIR download buttons belong to the signoff and print features,
 * composed in here.
 */
export const Route = createFileRoute('/_auth/_clinician/evaluations/$evaluationId')({
  head: () => pageTitle('Evaluation'),
  // Loaders warm the cache and return nothing: PHI stays in the query cache, which sign-out clears.
  loader: async ({ context, params }) => {
    const evaluation = await context.queryClient.ensureQueryData(evaluationQueryOptions(params.evaluationId));
    await context.queryClient.ensureQueryData(patientQueryOptions(evaluation.patientId));
  },
  errorComponent: (props) => (
    <>
      <PageHeader title="Evaluation" />
      <RouteError {...props} />
    </>
  ),
  component: EvaluationWorkspace,
});

function EvaluationWorkspace() {
  const { evaluationId } = Route.useParams();
  const { data: evaluation } = useSuspenseQuery(evaluationQueryOptions(evaluationId));
  const { data: patient } = useSuspenseQuery(patientQueryOptions(evaluation.patientId));
  return (
    <WorkspaceProvider key={evaluationId} evaluation={evaluation} patient={patient}>
      <WorkspaceLayout
        actions={
          <>
            <HistoryButton
              evaluationId={evaluation.id}
              workflowVersion={evaluation.workflowVersion}
              size="small"
            />
            <PrintLink evaluationId={evaluation.id} size="small" />
            <FhirDownload evaluationId={evaluation.id} size="small" />
          </>
        }
      >
        <Outlet />
      </WorkspaceLayout>
    </WorkspaceProvider>
  );
}

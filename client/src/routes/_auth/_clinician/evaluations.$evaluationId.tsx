import { useSuspenseQuery } from '@tanstack/react-query';
import { Outlet, createFileRoute } from '@tanstack/react-router';
import { PageHeader } from '@/components/page-header';
import { RouteError } from '@/components/query-error';
import { evaluationPatientQueryOptions, evaluationQueryOptions } from '@/features/workup/api';
import { WorkspaceLayout } from '@/features/workup/components/workspace-layout';
import { WorkspaceProvider } from '@/features/workup/workspace-context';
import { pageTitle } from '@/utils/page-title';

/**
 * The evaluation workspace: loads the evaluation and its patient (whose sex and birth date the rules
 * need), then renders the header, the stepper, the live assessment and the step (child route).
 */
export const Route = createFileRoute('/_auth/_clinician/evaluations/$evaluationId')({
  head: () => pageTitle('Evaluation'),
  // Loaders warm the cache and return nothing: PHI stays in the query cache, which sign-out clears.
  loader: async ({ context, params }) => {
    const evaluation = await context.queryClient.ensureQueryData(evaluationQueryOptions(params.evaluationId));
    await context.queryClient.ensureQueryData(evaluationPatientQueryOptions(evaluation.patientId));
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
  const { data: patient } = useSuspenseQuery(evaluationPatientQueryOptions(evaluation.patientId));
  return (
    <WorkspaceProvider key={evaluationId} evaluation={evaluation} patient={patient}>
      <WorkspaceLayout>
        <Outlet />
      </WorkspaceLayout>
    </WorkspaceProvider>
  );
}

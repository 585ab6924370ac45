import { createFileRoute, notFound } from '@tanstack/react-router';
import { StepView } from '@/features/workup/components/step-view';
import { isWorkspaceStep, stepLabels } from '@/features/workup/steps';
import { pageTitle } from '@/utils/page-title';

/** One step of the workspace: /evaluations/<id>/<history|exam|labs|imaging|assessment|plan|sign>. */
export const Route = createFileRoute('/_auth/_clinician/evaluations/$evaluationId/$step')({
  beforeLoad: ({ params }) => {
    if (!isWorkspaceStep(params.step)) throw notFound();
  },
  head: ({ params }) => pageTitle(isWorkspaceStep(params.step) ? `${stepLabels[params.step]} · Evaluation` : 'Evaluation'),
  component: StepPage,
});

function StepPage() {
  const { step } = Route.useParams();
  return isWorkspaceStep(step) ? <StepView step={step} /> : null;
}

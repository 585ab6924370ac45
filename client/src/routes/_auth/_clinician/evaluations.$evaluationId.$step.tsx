import { createFileRoute, notFound } from '@tanstack/react-router';
import { PlanStep } from '@/features/plan/plan-step';
import { SignStep } from '@/features/signoff/sign-step';
import { StepView } from '@/features/workup/components/step-view';
import { isWorkspaceStep, stepLabels } from '@/features/workup/steps';
import { useWorkspace } from '@/features/workup/workspace-context';
import { pageTitle } from '@/utils/page-title';

/** One step of the workspace: /evaluations/<id>/<history|exam|labs|imaging|assessment|plan|sign>. */
export const Route = createFileRoute('/_auth/_clinician/evaluations/$evaluationId/$step')({
  beforeLoad: ({ params }) => {
    if (!isWorkspaceStep(params.step)) throw notFound();
  },
  head: ({ params }) =>
    pageTitle(isWorkspaceStep(params.step) ? `${stepLabels[params.step]} · Evaluation` : 'Evaluation'),
  component: StepPage,
});

/** The workup feature renders the stages and the assessment; the plan and sign-off features are composed in here. */
function StepPage() {
  const { step } = Route.useParams();
  if (!isWorkspaceStep(step)) return null;
  return (
    <StepView step={step}>
      {step === 'plan' ? <WorkspacePlanStep /> : step === 'sign' ? <WorkspaceSignStep /> : null}
    </StepView>
  );
}

/** The plan step on the workspace's live (also unsaved) assessment and plan. */
function WorkspacePlanStep() {
  const { evaluation, assessment, view, readOnly, setPlan } = useWorkspace();
  return (
    <PlanStep
      evaluation={evaluation}
      assessment={assessment}
      plan={view.plan}
      onPlanChange={setPlan}
      readOnly={readOnly}
    />
  );
}

/** Sign-off; `flush` saves pending edits before signing. */
function WorkspaceSignStep() {
  const { evaluation, readOnly, flush } = useWorkspace();
  return <SignStep evaluation={evaluation} flush={flush} readOnly={readOnly} />;
}

import Typography from '@mui/material/Typography';
import { PlanStep } from '../../plan/plan-step';
import { SignStep } from '../../signoff/sign-step';
import { StageForm } from '../renderer/stage-form';
import { isStageStep, stepLabels, type WorkspaceStep } from '../steps';
import { useWorkspace } from '../workspace-context';
import { AssessmentOverview } from './assessment-panel';

/** The content of one step: a checklist stage, the full assessment, the plan or sign-off. */
export function StepView({ step }: { step: WorkspaceStep }) {
  const { workflow, evaluation, assessment, view, readOnly, setPlan, flush } = useWorkspace();

  if (step === 'assessment') return <AssessmentOverview />;

  let title: string = stepLabels[step];
  let content;
  if (isStageStep(step)) {
    title = workflow.stages.find((s) => s.id === step)?.label ?? title;
    content = <StageForm stage={step} />;
  } else if (step === 'plan') {
    content = (
      <PlanStep
        evaluation={evaluation}
        assessment={assessment}
        plan={view.plan}
        onPlanChange={setPlan}
        readOnly={readOnly}
      />
    );
  } else {
    content = <SignStep evaluation={evaluation} flush={flush} readOnly={readOnly} />;
  }

  return (
    <section aria-labelledby="step-heading">
      <Typography variant="h2" id="step-heading" sx={{ mb: 1.5 }}>
        {title}
      </Typography>
      {content}
    </section>
  );
}

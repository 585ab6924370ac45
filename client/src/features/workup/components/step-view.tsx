import Typography from '@mui/material/Typography';
import { useLayoutEffect, type ReactNode } from 'react';
import { endStageSwitch } from '@/lib/perf-marks';
import { StageForm } from '../renderer/stage-form';
import { isStageStep, stepLabels, type WorkspaceStep } from '../steps';
import { useWorkspace } from '../workspace-context';
import { AssessmentOverview } from './assessment-panel';

export interface StepViewProps {
  step: WorkspaceStep;
  /**
   * The content of a step this feature does not own — the plan and sign-off are other features, which
   * the route composes in (features never import each other, client/README.md). Stage steps and the
   * assessment render their own content and ignore it.
   */
  children?: ReactNode;
}

/** The content of one step under its heading: a checklist stage, the full assessment, or `children`. */
export function StepView({ step, children }: StepViewProps) {
  const { workup } = useWorkspace();
  // Performance measure: a click on a step (WorkupStepper) until this step is painted.
  useLayoutEffect(() => endStageSwitch(), [step]);

  if (step === 'assessment') return <AssessmentOverview />;

  let title: string = stepLabels[step];
  let content = children;
  if (isStageStep(step)) {
    title = workup.stages.find((s) => s.id === step)?.label ?? title;
    content = <StageForm stage={step} />;
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

import Typography from '@mui/material/Typography';
import { Activity, useLayoutEffect, useState, type ReactNode } from 'react';
import { endStageSwitch } from '@/lib/perf-marks';
import { StageForm } from '../renderer/stage-form';
import { isStageStep, stepLabels, type WorkspaceStep } from '../steps';
import type { StageId } from '@rls/shared';
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
  // Stages already opened stay mounted, hidden (React Activity: no effects, updates at idle
  // priority), also under the assessment, plan and sign steps, so going back to one shows it without building
  // its fields again (docs/decisions/019-client-performance.md).
  const [visited, setVisited] = useState<readonly StageId[]>([]);
  if (isStageStep(step) && !visited.includes(step)) setVisited([...visited, step]);
  // Performance measure: a click on a step (WorkupStepper) until this step is painted.
  useLayoutEffect(() => endStageSwitch(), [step]);

  let title: string = stepLabels[step];
  if (isStageStep(step)) title = workup.stages.find((s) => s.id === step)?.label ?? title;
  const content = (
    <>
      {isStageStep(step) ? null : children}
      {visited.map((stage) => (
        <Activity key={stage} mode={stage === step ? 'visible' : 'hidden'}>
          <StageForm stage={stage} />
        </Activity>
      ))}
    </>
  );

  // The assessment has its own heading and sections; the other steps' section stays mounted under it.
  const assessment = step === 'assessment';
  return (
    <>
      {assessment ? <AssessmentOverview /> : null}
      <Activity mode={assessment ? 'hidden' : 'visible'}>
        <section aria-labelledby="step-heading">
          <Typography variant="h2" id="step-heading" sx={{ mb: 1.5 }}>
            {title}
          </Typography>
          {content}
        </section>
      </Activity>
    </>
  );
}

import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import Box from '@mui/material/Box';
import { alpha, styled } from '@mui/material/styles';
import { createLink } from '@tanstack/react-router';
import { memo, useDeferredValue, useMemo, type MouseEvent } from 'react';
import { visuallyHidden } from '@/components/visually-hidden';
import { startStageSwitch } from '@/lib/perf-marks';
import { isStageStep, stepLabels, WORKSPACE_STEPS, type WorkspaceStep } from '../steps';
import { useWorkspace, type Workspace } from '../workspace-context';

const StepAnchor = styled('a')(({ theme }) => ({
  display: 'flex',
  alignItems: 'center',
  gap: theme.spacing(1),
  padding: theme.spacing(0.75, 1.5, 0.75, 1),
  borderRadius: theme.shape.borderRadius,
  color: theme.palette.text.primary,
  textDecoration: 'none',
  whiteSpace: 'nowrap',
  border: `1px solid ${theme.palette.divider}`,
  backgroundColor: theme.palette.background.paper,
  '&:hover': { backgroundColor: alpha(theme.palette.primary.main, 0.06) },
  '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: 2 },
  '&[data-status="active"]': {
    borderColor: theme.palette.primary.main,
    backgroundColor: alpha(theme.palette.primary.main, 0.1),
    boxShadow: `inset 0 -3px 0 ${theme.palette.primary.main}`,
  },
}));

const StepLink = createLink(StepAnchor);

/** A plain click on another step than the current one starts the `rls:stage-switch` measure. */
function onStepClick(event: MouseEvent<HTMLAnchorElement>) {
  const plain = event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
  if (plain && event.currentTarget.dataset.status !== 'active') startStageSwitch();
}

interface StepState {
  caption: string;
  complete: boolean;
}

function useStepStates(): Record<WorkspaceStep, StepState> {
  const { progress, assessment, view, evaluation } = useWorkspace();
  return useMemo(
    () => stepStates(progress, assessment, view.plan.reviewed, evaluation.status),
    [progress, assessment, view.plan.reviewed, evaluation.status],
  );
}

function stepStates(
  progress: Workspace['progress'],
  assessment: Workspace['assessment'],
  reviewed: boolean,
  status: Workspace['evaluation']['status'],
): Record<WorkspaceStep, StepState> {
  const states = {} as Record<WorkspaceStep, StepState>;
  for (const step of WORKSPACE_STEPS) {
    if (isStageStep(step)) {
      const { answered, total } = progress[step];
      states[step] = { caption: `${answered}/${total}`, complete: total > 0 && answered === total };
    }
  }
  const findings = assessment.findings.length;
  states.assessment = {
    caption: `${findings} ${findings === 1 ? 'finding' : 'findings'}`,
    complete: assessment.pending.length === 0,
  };
  states.plan = { caption: reviewed ? 'Reviewed' : 'Not reviewed', complete: reviewed };
  states.sign = {
    caption: status === 'signed' ? 'Signed' : status === 'amending' ? 'Amending' : 'Not signed',
    complete: status === 'signed',
  };
  return states;
}

/** History → Exam → Labs → Imaging → Assessment → Plan → Sign: links, any step at any time. */
export function WorkupStepper() {
  const { evaluation } = useWorkspace();
  const states = useStepStates();
  // Captions only change in text: compare by content so typing does not re-render the links.
  const key = JSON.stringify(states);
  const deferredKey = useDeferredValue(key);
  return <StepperView evaluationId={evaluation.id} statesKey={deferredKey} />;
}

const StepperView = memo(function StepperView({
  evaluationId,
  statesKey,
}: {
  evaluationId: string;
  statesKey: string;
}) {
  const states = JSON.parse(statesKey) as Record<WorkspaceStep, StepState>;
  return (
    <Box component="nav" aria-label="Workup steps">
      <Box
        component="ol"
        sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.75, listStyle: 'none', p: 0, m: 0 }}
      >
        {WORKSPACE_STEPS.map((step, index) => {
          const state = states[step];
          return (
            <li key={step}>
              <StepLink
                to="/evaluations/$evaluationId/$step"
                params={{ evaluationId, step }}
                onClick={onStepClick}
              >
                <Box
                  aria-hidden
                  sx={{
                    width: 24,
                    height: 24,
                    display: 'grid',
                    placeItems: 'center',
                    borderRadius: '50%',
                    fontSize: '0.8rem',
                    fontWeight: 700,
                    color: state.complete ? 'success.main' : 'primary.contrastText',
                    bgcolor: state.complete ? 'transparent' : 'secondary.main',
                  }}
                >
                  {state.complete ? <CheckCircleIcon sx={{ fontSize: 24 }} /> : index + 1}
                </Box>
                <Box component="span" sx={{ display: 'flex', flexDirection: 'column', lineHeight: 1.2 }}>
                  <Box component="span" sx={{ fontWeight: 600, fontSize: '0.9rem' }}>
                    {stepLabels[step]}
                  </Box>
                  <Box component="span" sx={{ fontSize: '0.75rem', color: 'text.secondary' }}>
                    {state.caption}
                    {state.complete ? (
                      <Box component="span" sx={visuallyHidden}>
                        , complete
                      </Box>
                    ) : null}
                  </Box>
                </Box>
              </StepLink>
            </li>
          );
        })}
      </Box>
    </Box>
  );
});

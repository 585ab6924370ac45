import ViewSidebarOutlinedIcon from '@mui/icons-material/ViewSidebarOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import type { Theme } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import type { EvaluationDto, PatientDetail } from '@rls/shared';
import { memo, useState, type ReactNode } from 'react';
import { useMeasuredHeight } from '@/components/use-measured-height';
import { APP_BAR_BOTTOM } from '@/components/layouts/app-shell';
import { PageHeader } from '@/components/page-header';
import { formatDateTime } from '@/utils/evaluation-format';
import { ageInYears, formatDate } from '@/utils/format';
import { sexLabels, statusLabels } from '@/utils/labels';
import { mrnText } from '@/utils/mrn';
import { cliniciansQueryOptions } from '@/lib/queries';
import { ConflictDialog } from '../autosave/conflict-dialog';
import { LeaveGuard } from '../autosave/leave-guard';
import { SaveStatus } from '../autosave/save-status';
import { isStageStep, isWorkspaceStep } from '../steps';
import { useWorkspace } from '../workspace-context';
import { AssessmentPanel } from './assessment-panel';
import { WorkupStepper } from './workup-stepper';

/** "Signed by <name> on <date>": the signer's name from the patient's evaluation list or the clinicians. */
function SignedBanner() {
  const { evaluation, patient } = useWorkspace();
  const clinicians = useQuery({ ...cliniciansQueryOptions(), enabled: evaluation.status === 'signed' });
  if (evaluation.status !== 'signed') return null;
  const summary = patient.evaluations.find((e) => e.id === evaluation.id);
  const name =
    summary?.signedByName ??
    clinicians.data?.find((c) => c.id === evaluation.signedBy)?.name ??
    (clinicians.isPending ? '…' : 'unknown user');
  return (
    <Alert severity="success" sx={{ mb: 2 }}>
      Signed by {name} on {formatDateTime(evaluation.signedAt)}. This evaluation is read-only.
    </Alert>
  );
}

function WorkspaceHeader({ actions }: { actions: ReactNode }) {
  const { evaluation, patient } = useWorkspace();
  return <HeaderView evaluation={evaluation} patient={patient} actions={actions} />;
}

/** Re-renders only when the stored evaluation or the patient changes, not on every keystroke. */
const HeaderView = memo(function HeaderView({
  evaluation,
  patient,
  actions,
}: {
  evaluation: EvaluationDto;
  patient: PatientDetail;
  actions: ReactNode;
}) {
  const age = ageInYears(patient.birthDate);
  return (
    <PageHeader
      title={patient.name}
      description={
        <Box
          component="span"
          sx={{ display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 1.5 }}
        >
          <span>{mrnText(patient.mrn)}</span>
          <span>
            Born {formatDate(patient.birthDate)}
            {age !== null ? ` (${age} y)` : ''}
          </span>
          <span>{sexLabels[patient.sex]}</span>
          <span>Evaluation started {formatDate(evaluation.startedAt.slice(0, 10))}</span>
          <Chip
            component="span"
            label={statusLabels[evaluation.status]}
            color={
              evaluation.status === 'signed'
                ? 'success'
                : evaluation.status === 'amending'
                  ? 'warning'
                  : 'default'
            }
            variant="outlined"
          />
        </Box>
      }
      actions={actions}
    />
  );
});

/** The steps bar's usual height on wide screens, until it is measured. */
const STEPS_BAR_HEIGHT = 80;
const PANEL_ID = 'live-assessment';

export interface WorkspaceLayoutProps {
  /**
   * The header's buttons (history, print): other features', composed in by the route (features never
   * import each other, client/README.md).
   */
  actions: ReactNode;
  /** The step. */
  children: ReactNode;
}

/**
 * Header, save status, stepper, then the step beside the live assessment. The assessment is a side
 * column that stays in view while a long stage scrolls, so what the answers produce is visible while
 * typing. It starts open on wide screens (≥ 1200 px) and closed on narrower ones (a 1024 px screen
 * keeps the form's full width), and "Show / Hide assessment" opens or closes it at any width. The
 * 'assessment' step is the full-width assessment itself.
 */
export function WorkspaceLayout({ actions, children }: WorkspaceLayoutProps) {
  const params = useParams({ strict: false });
  const fullWidth = params.step === 'assessment';
  const stage =
    params.step !== undefined && isWorkspaceStep(params.step) && isStageStep(params.step)
      ? params.step
      : undefined;
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('lg'), { noSsr: true });
  // Chosen with the toggle, for the rest of this visit (never stored); until then by screen width.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const open = chosen ?? !narrow;
  const showPanel = open && !fullWidth;
  const [barRef, barHeight] = useMeasuredHeight(STEPS_BAR_HEIGHT);
  // Under the app bar, whose height changes while the offline banner shows (app-shell.tsx).
  const panelTop = `calc(${APP_BAR_BOTTOM} + ${barHeight + 8}px)`;
  return (
    <>
      <WorkspaceHeader actions={actions} />
      <SignedBanner />
      {/* From 900 px up the steps, the save status and the toggle stay in view while a stage scrolls. */}
      <Box
        ref={barRef}
        sx={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          justifyContent: 'space-between',
          columnGap: 2,
          rowGap: 0.5,
          mb: 1,
          position: { md: 'sticky' },
          top: { md: APP_BAR_BOTTOM },
          zIndex: (theme) => theme.zIndex.appBar - 1,
          bgcolor: 'background.default',
          py: { md: 1 },
        }}
      >
        <WorkupStepper />
        <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 1, ml: 'auto' }}>
          <SaveStatus />
          {fullWidth ? null : (
            <Button
              size="small"
              variant={showPanel ? 'outlined' : 'contained'}
              startIcon={<ViewSidebarOutlinedIcon aria-hidden />}
              aria-expanded={showPanel}
              aria-controls={showPanel ? PANEL_ID : undefined}
              onClick={() => setChosen(!open)}
              sx={{ whiteSpace: 'nowrap' }}
            >
              {showPanel ? 'Hide assessment' : 'Show assessment'}
            </Button>
          )}
        </Box>
      </Box>
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          alignItems: 'start',
          gridTemplateColumns: showPanel
            ? { xs: '1fr', md: 'minmax(0, 1fr) 320px', lg: 'minmax(0, 1fr) 380px' }
            : '1fr',
        }}
      >
        <Box sx={{ minWidth: 0 }}>{children}</Box>
        {showPanel ? (
          <Box
            component="aside"
            id={PANEL_ID}
            aria-label="Live assessment"
            // It scrolls on its own beside the form: keyboard users focus it to scroll.
            tabIndex={0}
            sx={{
              // On a phone it opens above the step, where the toggle is.
              order: { xs: -1, md: 0 },
              position: { md: 'sticky' },
              top: { md: panelTop },
              maxHeight: { md: `calc(100vh - ${APP_BAR_BOTTOM} - ${barHeight + 24}px)` },
              overflowY: { md: 'auto' },
            }}
          >
            <AssessmentPanel stage={stage} />
          </Box>
        ) : null}
      </Box>
      <ConflictDialog />
      <LeaveGuard />
    </>
  );
}

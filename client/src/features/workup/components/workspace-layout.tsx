import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import type { EvaluationDto, PatientDetail } from '@rls/shared';
import { memo, type ReactNode } from 'react';
import { PageHeader } from '@/components/page-header';
import { formatDateTime } from '@/utils/evaluation-format';
import { ageInYears, formatDate } from '@/utils/format';
import { sexLabels, statusLabels } from '@/utils/labels';
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
          <span>MRN {patient.mrn}</span>
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

/** The app bar (dense toolbar) and the sticky steps bar on wide screens, in px. */
const APP_BAR_HEIGHT = 56;
const STEPS_BAR_HEIGHT = 80;

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
 * Header, save status, stepper, then the step beside the live assessment (right column on wide
 * screens, below on narrow ones). The 'assessment' step is the full-width assessment itself.
 */
export function WorkspaceLayout({ actions, children }: WorkspaceLayoutProps) {
  const params = useParams({ strict: false });
  const fullWidth = params.step === 'assessment';
  const stage =
    params.step !== undefined && isWorkspaceStep(params.step) && isStageStep(params.step)
      ? params.step
      : undefined;
  return (
    <>
      <WorkspaceHeader actions={actions} />
      <SignedBanner />
      {/* On wide screens the steps and the save status stay in view while a long stage scrolls. */}
      <Box
        sx={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          justifyContent: 'space-between',
          columnGap: 2,
          mb: 2,
          position: { lg: 'sticky' },
          top: { lg: APP_BAR_HEIGHT },
          zIndex: (theme) => theme.zIndex.appBar - 1,
          bgcolor: 'background.default',
          py: { lg: 1 },
        }}
      >
        <WorkupStepper />
        <SaveStatus />
      </Box>
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          alignItems: 'start',
          gridTemplateColumns: fullWidth ? '1fr' : { xs: '1fr', lg: 'minmax(0, 1fr) 380px' },
        }}
      >
        <Box sx={{ minWidth: 0 }}>{children}</Box>
        {fullWidth ? null : (
          <Box
            component="aside"
            aria-label="Live assessment"
            // It scrolls on its own on wide screens: keyboard users focus it to scroll.
            tabIndex={0}
            sx={{
              position: { lg: 'sticky' },
              top: { lg: APP_BAR_HEIGHT + STEPS_BAR_HEIGHT },
              maxHeight: { lg: `calc(100vh - ${APP_BAR_HEIGHT + STEPS_BAR_HEIGHT + 16}px)` },
              overflowY: { lg: 'auto' },
            }}
          >
            <AssessmentPanel stage={stage} />
          </Box>
        )}
      </Box>
      <ConflictDialog />
      <LeaveGuard />
    </>
  );
}

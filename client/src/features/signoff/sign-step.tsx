import EditNoteIcon from '@mui/icons-material/EditNote';
import PrintIcon from '@mui/icons-material/Print';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { getWorkflow } from '@rls/shared';
import type { EvaluationDto } from '@rls/shared';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ButtonLink } from '@/components/link';
import { errorMessage } from '@/components/query-error';
import { formatDateTime } from '@/utils/evaluation-format';
import { evaluationPatientQueryOptions, historyQueryOptions } from './api';
import { AmendDialog } from './components/amend-dialog';
import { AmendmentList } from './components/amendment-list';
import { BlockersList } from './components/blockers-list';
import { SignDialog } from './components/sign-dialog';
import { VersionsList } from './components/versions-list';
import { WarningsList } from './components/warnings-list';
import { HistoryButton } from './history-dialog';
import { blockersOf, warningsByStage, type BlockerView } from './sign-rules';
import { useUserNames } from './use-user-names';

export interface SignStepProps {
  evaluation: EvaluationDto;
  /** Saves pending edits; resolves with the latest saved evaluation. */
  flush: () => Promise<EvaluationDto>;
  readOnly: boolean;
}

/**
 * Sign-off: what blocks signing (with links to fix it), what is merely unanswered, the confirmation
 * dialog; once signed, who signed when, "Amend", the signed versions and the change history.
 */
export function SignStep({ evaluation, flush, readOnly }: SignStepProps) {
  const workflow = getWorkflow(evaluation.workflowVersion);
  const patient = useQuery(evaluationPatientQueryOptions(evaluation.patientId));
  const history = useQuery(historyQueryOptions(evaluation.id));
  const nameOf = useUserNames(history.data, patient.data);

  const [preparing, setPreparing] = useState(false);
  const [prepareError, setPrepareError] = useState<unknown>(null);
  const [blockedBy, setBlockedBy] = useState<BlockerView[]>([]);
  const [toSign, setToSign] = useState<EvaluationDto | null>(null);
  const [amendOpen, setAmendOpen] = useState(false);
  const [justChanged, setJustChanged] = useState<string | null>(null);
  const blockersRef = useRef<HTMLElement>(null);

  const blockers = blockersOf(workflow, evaluation);
  const warningGroups = patient.isSuccess ? warningsByStage(workflow, patient.data, evaluation) : [];
  const warningCount = warningGroups.reduce((sum, group) => sum + group.codes.length, 0);
  const signed = evaluation.status === 'signed';
  const canSign = !signed && !readOnly;

  /** Saves pending edits first, so the dialog summarises (and the server signs) what is stored. */
  const startSigning = async () => {
    setPrepareError(null);
    setBlockedBy([]);
    setJustChanged(null);
    setPreparing(true);
    try {
      const saved = await flush();
      const stillBlocked = blockersOf(workflow, saved);
      if (stillBlocked.length > 0) {
        setBlockedBy(stillBlocked);
        blockersRef.current?.focus();
      } else {
        setToSign(saved);
      }
    } catch (error) {
      setPrepareError(error);
    } finally {
      setPreparing(false);
    }
  };

  return (
    <Stack spacing={3}>
      {justChanged ? (
        <Alert severity="success" role="status" onClose={() => setJustChanged(null)}>
          {justChanged}
        </Alert>
      ) : null}

      {signed ? (
        <Alert
          severity="success"
          icon={false}
          action={
            <Button
              color="inherit"
              variant="outlined"
              startIcon={<EditNoteIcon aria-hidden />}
              onClick={() => setAmendOpen(true)}
            >
              Amend
            </Button>
          }
        >
          <AlertTitle sx={{ mb: 0 }}>
            Signed by {signerName(evaluation, nameOf)} on {formatDateTime(evaluation.signedAt)}
          </AlertTitle>
          Version {evaluation.version} is locked. To change it, amend it with a reason; this version stays
          readable.
        </Alert>
      ) : evaluation.status === 'amending' ? (
        <AmendingNotice evaluation={evaluation} nameOf={nameOf} />
      ) : null}

      {signed ? null : (
        <Box
          component="section"
          aria-labelledby="sign-blockers-heading"
          ref={blockersRef}
          tabIndex={-1}
          sx={{ '&:focus': { outline: 'none' } }}
        >
          <Typography variant="h3" id="sign-blockers-heading" sx={{ mb: 1 }}>
            Required before signing
          </Typography>
          {blockedBy.length > 0 ? (
            <Alert severity="error" sx={{ mb: 1 }}>
              Signing is blocked: {blockedBy.map((b) => b.label).join(', ')}.
            </Alert>
          ) : null}
          <BlockersList evaluationId={evaluation.id} blockers={blockers} />
        </Box>
      )}

      {signed ? null : (
        <Box component="section" aria-labelledby="sign-warnings-heading">
          <Typography variant="h3" id="sign-warnings-heading" sx={{ mb: 0.5 }}>
            Not answered
          </Typography>
          <Typography variant="body2" color="textSecondary" sx={{ mb: 1 }}>
            These do not block signing. Leave them empty when they do not apply.
          </Typography>
          {patient.isSuccess ? (
            <WarningsList evaluationId={evaluation.id} groups={warningGroups} />
          ) : patient.isError ? (
            <Alert severity="warning">
              Could not load the patient to list unanswered items: {errorMessage(patient.error)}
            </Alert>
          ) : (
            <Typography color="textSecondary">Loading…</Typography>
          )}
        </Box>
      )}

      {canSign ? (
        <Paper
          variant="outlined"
          sx={{ p: 2, display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center' }}
        >
          <Button variant="contained" size="large" onClick={() => void startSigning()} loading={preparing}>
            Sign evaluation
          </Button>
          <Typography variant="body2" color="textSecondary" sx={{ flex: '1 1 240px' }}>
            You will see a summary of the findings and plan before the evaluation is signed.
          </Typography>
          {prepareError ? (
            <Alert severity="error" sx={{ flexBasis: '100%' }}>
              Your last changes could not be saved, so signing cannot start: {errorMessage(prepareError)}
            </Alert>
          ) : null}
        </Paper>
      ) : null}

      <Box component="section" aria-labelledby="sign-record-heading">
        <Typography variant="h3" id="sign-record-heading" sx={{ mb: 1 }}>
          Record
        </Typography>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mb: 2 }}>
          <HistoryButton evaluationId={evaluation.id} workflowVersion={evaluation.workflowVersion} />
          <ButtonLink
            to="/evaluations/$evaluationId/print"
            params={{ evaluationId: evaluation.id }}
            variant="outlined"
            startIcon={<PrintIcon aria-hidden />}
          >
            Print view
          </ButtonLink>
        </Box>
        <VersionsList evaluation={evaluation} history={history.data} nameOf={nameOf} />
        <AmendmentList amendments={evaluation.amendments} nameOf={nameOf} />
      </Box>

      {toSign ? (
        <SignDialog
          open
          evaluation={toSign}
          workflow={workflow}
          warningCount={warningCount}
          flush={flush}
          onClose={() => setToSign(null)}
          onSigned={(result) => {
            setToSign(null);
            setJustChanged(`Signed version ${result.version}.`);
          }}
        />
      ) : null}
      <AmendDialog
        evaluationId={evaluation.id}
        open={amendOpen}
        onClose={() => setAmendOpen(false)}
        onAmended={() => {
          setAmendOpen(false);
          setJustChanged('The evaluation is open for amendment. Sign it again when the changes are done.');
        }}
      />
    </Stack>
  );
}

/** The signer's name: the API sends `signedByName` with the evaluation; else look the id up. */
export function signerName(evaluation: EvaluationDto, nameOf: (userId: string | null) => string): string {
  const sent = (evaluation as EvaluationDto & { signedByName?: string | null }).signedByName;
  return sent ?? nameOf(evaluation.signedBy);
}

function AmendingNotice({
  evaluation,
  nameOf,
}: {
  evaluation: EvaluationDto;
  nameOf: (userId: string | null) => string;
}) {
  const latest = evaluation.amendments.at(-1);
  return (
    <Alert severity="warning">
      <AlertTitle>Amending signed version {latest?.fromVersion ?? ''}</AlertTitle>
      {latest
        ? `Reopened by ${nameOf(latest.by)} on ${formatDateTime(latest.at)} — reason: ${latest.reason}. `
        : null}
      Sign again to close the amendment.
    </Alert>
  );
}

import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import EventRepeatIcon from '@mui/icons-material/EventRepeat';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { EvaluationCreateInput } from '@rls/shared';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ButtonLink } from '@/components/link';
import { errorMessage } from '@/components/query-error';
import { isApiError } from '@/lib/api-client';
import { formatDate, localDateOf } from '@/utils/format';
import { useStartEvaluation } from '../api';
import { resumeStep } from '../evaluation-path';
import type { PatientDetail } from '../types';
import { DiscardDraftDialog } from './discard-draft-dialog';

/**
 * "Continue evaluation" while one is open (draft or amending), with "Discard draft" for a draft that
 * was never signed; else "Start follow-up" (carrying the stable history forward) with "Start blank"
 * beside it once an evaluation is signed, or "Start evaluation" for a patient seen for the first time.
 */
export function EvaluationAction({ patient }: { patient: PatientDetail }) {
  const navigate = useNavigate();
  const start = useStartEvaluation(patient.id);
  const [confirming, setConfirming] = useState(false);
  const [discarded, setDiscarded] = useState(false);
  const open = patient.evaluations.find((e) => e.status === 'draft' || e.status === 'amending');

  if (open) {
    return (
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', justifyContent: 'flex-end' }}>
        {open.status === 'draft' ? (
          <>
            <Button
              color="error"
              variant="outlined"
              startIcon={<DeleteOutlineIcon aria-hidden />}
              onClick={() => setConfirming(true)}
            >
              Discard draft
            </Button>
            <DiscardDraftDialog
              draft={open}
              open={confirming}
              onClose={() => setConfirming(false)}
              onDiscarded={() => {
                setConfirming(false);
                setDiscarded(true);
              }}
            />
          </>
        ) : null}
        <ButtonLink
          to="/evaluations/$evaluationId/$step"
          params={{ evaluationId: open.id, step: resumeStep(open.currentStage) }}
          variant="contained"
          startIcon={<PlayArrowIcon aria-hidden />}
        >
          {open.status === 'amending' ? 'Continue amendment' : 'Continue evaluation'}
        </ButtonLink>
      </Stack>
    );
  }

  // Someone else opened one meanwhile: the refreshed patient shows "Continue" instead.
  const alreadyOpen = isApiError(start.error, 409);
  // The one a follow-up carries from: the latest signed (by signing time, as the server chooses it).
  const lastSigned = patient.evaluations
    .filter((e) => e.status === 'signed' && e.signedAt)
    .reduce<PatientDetail['evaluations'][number] | undefined>(
      (latest, e) => (!latest || e.signedAt! > latest.signedAt! ? e : latest),
      undefined,
    );
  const signedOn = lastSigned?.signedAt ? localDateOf(lastSigned.signedAt) : null;
  const starting = (carryForward: boolean) =>
    start.isPending && start.variables?.carryForward === carryForward;

  const startWith = (input: EvaluationCreateInput) =>
    start.mutate(input, {
      onSuccess: (evaluation) =>
        void navigate({
          to: '/evaluations/$evaluationId/$step',
          params: { evaluationId: evaluation.id, step: 'history' },
        }),
    });

  return (
    <Stack spacing={1} sx={{ alignItems: 'flex-end', maxWidth: 420 }}>
      {lastSigned ? (
        <>
          <Stack direction="row" spacing={1}>
            <Button
              variant="outlined"
              disabled={start.isPending}
              loading={starting(false)}
              onClick={() => startWith({ carryForward: false })}
              aria-describedby="start-follow-up-help"
            >
              Start blank
            </Button>
            <Button
              variant="contained"
              startIcon={<EventRepeatIcon aria-hidden />}
              disabled={start.isPending}
              loading={starting(true)}
              loadingPosition="start"
              onClick={() => startWith({ carryForward: true })}
              aria-describedby="start-follow-up-help"
            >
              Start follow-up
            </Button>
          </Stack>
          <Typography
            id="start-follow-up-help"
            variant="body2"
            color="textSecondary"
            sx={{ textAlign: 'right' }}
          >
            A follow-up carries the stable history and current treatment from the evaluation signed{' '}
            {formatDate(signedOn)} for you to confirm; labs, scores and the examination start empty.
          </Typography>
        </>
      ) : (
        <Button
          variant="contained"
          startIcon={<AddIcon aria-hidden />}
          loading={start.isPending}
          loadingPosition="start"
          onClick={() => startWith({})}
        >
          Start evaluation
        </Button>
      )}
      {discarded ? (
        <Alert severity="success" role="status" onClose={() => setDiscarded(false)}>
          Draft discarded.
        </Alert>
      ) : null}
      {start.isError && !alreadyOpen ? (
        <Alert severity="error" role="alert" onClose={() => start.reset()}>
          Could not start the evaluation: {errorMessage(start.error)}
        </Alert>
      ) : null}
    </Stack>
  );
}

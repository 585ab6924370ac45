import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ButtonLink } from '@/components/link';
import { errorMessage } from '@/components/query-error';
import { isApiError } from '@/lib/api-client';
import { useStartEvaluation } from '../api';
import { resumeStep } from '../evaluation-path';
import type { PatientDetail } from '../types';
import { DiscardDraftDialog } from './discard-draft-dialog';

/**
 * "Continue evaluation" while one is open (draft or amending), with "Discard draft" for a draft that
 * was never signed; else "Start evaluation".
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

  return (
    <Stack spacing={1} sx={{ alignItems: 'flex-end' }}>
      <Button
        variant="contained"
        startIcon={<AddIcon aria-hidden />}
        loading={start.isPending}
        loadingPosition="start"
        onClick={() =>
          start.mutate(undefined, {
            onSuccess: (evaluation) =>
              void navigate({
                to: '/evaluations/$evaluationId/$step',
                params: { evaluationId: evaluation.id, step: 'history' },
              }),
          })
        }
      >
        Start evaluation
      </Button>
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

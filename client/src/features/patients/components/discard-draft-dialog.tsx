import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { errorMessage } from '@/components/query-error';
import { formatInstantDate } from '@/utils/format';
import { stageLabels } from '@/utils/labels';
import { useDiscardEvaluation } from '../api';
import type { PatientEvaluationSummary } from '../types';

interface DiscardDraftDialogProps {
  draft: PatientEvaluationSummary;
  open: boolean;
  onClose: () => void;
  onDiscarded: () => void;
}

/**
 * Confirms discarding an open draft, naming what goes with it: every answer, not-done mark and plan
 * entry of that draft. The record stays in the audit trail (the server keeps it as discarded); the
 * page then offers "Start evaluation" again.
 */
export function DiscardDraftDialog({ draft, open, onClose, onDiscarded }: DiscardDraftDialogProps) {
  const discard = useDiscardEvaluation();

  const close = () => {
    if (discard.isPending) return;
    discard.reset();
    onClose();
  };

  const stage = draft.currentStage === 'signed' ? null : stageLabels[draft.currentStage];
  return (
    <Dialog
      open={open}
      onClose={close}
      fullWidth
      maxWidth="sm"
      aria-labelledby="discard-draft-title"
      aria-describedby="discard-draft-description"
    >
      <DialogTitle id="discard-draft-title">Discard this draft?</DialogTitle>
      <DialogContent>
        <DialogContentText id="discard-draft-description">
          The draft evaluation started {formatInstantDate(draft.startedAt)}
          {draft.assigneeName ? ` and assigned to ${draft.assigneeName}` : ''}
          {stage ? `, waiting in ${stage},` : ''} is discarded with everything entered in it: its answers,
          not-done marks and plan. It leaves this page and the worklist, and cannot be reopened; the audit
          trail keeps a record that it was discarded.
        </DialogContentText>
        {discard.isError ? (
          <Alert severity="error" role="alert" sx={{ mt: 2 }}>
            Could not discard the draft: {errorMessage(discard.error)}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={discard.isPending}>
          Keep draft
        </Button>
        <Button
          color="error"
          variant="contained"
          loading={discard.isPending}
          onClick={() => discard.mutate(draft.id, { onSuccess: onDiscarded })}
        >
          Discard draft
        </Button>
      </DialogActions>
    </Dialog>
  );
}

import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { amendmentSchema } from '@rls/shared';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '@/components/query-error';
import { useAmendEvaluation } from '../api';

interface AmendDialogProps {
  evaluationId: string;
  open: boolean;
  onClose: () => void;
  onAmended: () => void;
}

const REASON_MAX = 2000;

/** Asks why a signed evaluation is reopened (required, kept with the record), then reopens it. */
export function AmendDialog({ evaluationId, open, onClose, onAmended }: AmendDialogProps) {
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const amend = useAmendEvaluation(evaluationId);

  const close = () => {
    if (amend.isPending) return;
    setFieldError(null);
    amend.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = amendmentSchema.safeParse({ reason });
    if (!parsed.success) {
      setFieldError(
        reason.trim() ? `At most ${REASON_MAX} characters.` : 'Enter the reason for the amendment.',
      );
      return;
    }
    amend.mutate(parsed.data.reason, {
      onSuccess: () => {
        setReason('');
        onAmended();
      },
    });
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      fullWidth
      maxWidth="sm"
      aria-labelledby="amend-dialog-title"
      aria-describedby="amend-dialog-description"
    >
      <DialogTitle id="amend-dialog-title">Amend signed evaluation</DialogTitle>
      <Box component="form" onSubmit={submit} noValidate>
        <DialogContent>
          <DialogContentText id="amend-dialog-description" sx={{ mb: 2 }}>
            The evaluation reopens for changes and must be signed again. The signed version stays readable,
            and the reason is kept with the record.
          </DialogContentText>
          {amend.isError ? (
            <Alert severity="error" sx={{ mb: 2 }}>
              {errorMessage(amend.error)}
            </Alert>
          ) : null}
          <TextField
            label="Reason for amendment"
            required
            autoFocus
            multiline
            minRows={3}
            value={reason}
            error={fieldError !== null}
            helperText={fieldError ?? 'e.g. "Duplex report received: corrected reflux times".'}
            onChange={(event) => {
              setReason(event.target.value);
              if (fieldError) setFieldError(null);
            }}
            slotProps={{ htmlInput: { maxLength: REASON_MAX } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={amend.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" loading={amend.isPending}>
            Start amendment
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}

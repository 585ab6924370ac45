import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '@/components/query-error';
import { fieldErrorsOf, sentence } from '@/lib/field-errors';
import { useConfirmEnrolment, type Enrolment } from '../api';

interface EnrolmentStepsProps {
  enrolment: Enrolment;
  onEnabled: (recoveryCodes: string[]) => void;
  onCancel: () => void;
}

/** "1234ABCD…" → "1234 ABCD …" for reading aloud or typing. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/** Scan the QR code (or type the key), then confirm with the first code the app shows. */
export function EnrolmentSteps({ enrolment, onEnabled, onCancel }: EnrolmentStepsProps) {
  const confirm = useConfirmEnrolment();
  const [code, setCode] = useState('');
  const fieldError = sentence(fieldErrorsOf(confirm.error).code);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    confirm.mutate(code.trim(), {
      onSuccess: (result) => onEnabled(result.recoveryCodes),
      onError: () => setCode(''),
    });
  }

  return (
    <Stack spacing={2}>
      <Typography variant="body2">
        1. Scan this QR code with an authenticator app (for example Google Authenticator, Microsoft
        Authenticator or FreeOTP).
      </Typography>
      <Box
        component="img"
        src={enrolment.qrDataUrl}
        alt="QR code to add RLS Workup to your authenticator app"
        sx={{ width: 220, height: 220, border: 1, borderColor: 'divider', borderRadius: 1 }}
      />
      <Typography variant="body2">
        Cannot scan? Enter this key in the app instead:{' '}
        <Box component="code" sx={{ fontSize: '0.95rem', wordBreak: 'break-all' }} aria-label="Setup key">
          {grouped(enrolment.secret)}
        </Box>
      </Typography>
      <Stack
        component="form"
        noValidate
        onSubmit={handleSubmit}
        spacing={2}
        aria-label="Confirm two-factor set-up"
      >
        <Typography variant="body2">2. Enter the 6-digit code the app now shows.</Typography>
        {confirm.isError && !fieldError ? (
          <Alert severity="error" role="alert">
            {errorMessage(confirm.error)}
          </Alert>
        ) : null}
        <TextField
          label="Code from the app"
          name="code"
          autoComplete="one-time-code"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          error={Boolean(fieldError)}
          helperText={fieldError}
          slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 8 } }}
          sx={{ maxWidth: 240 }}
          required
        />
        <Stack direction="row" spacing={1}>
          <Button type="submit" variant="contained" loading={confirm.isPending} disabled={code.trim() === ''}>
            Turn on
          </Button>
          <Button onClick={onCancel}>Cancel</Button>
        </Stack>
      </Stack>
    </Stack>
  );
}

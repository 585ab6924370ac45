import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { PageLoading } from '@/components/loading';
import { QueryError, errorMessage } from '@/components/query-error';
import { fieldErrorsOf, sentence } from '@/lib/field-errors';
import {
  accountQueryOptions,
  useDisableMfa,
  useRenewRecoveryCodes,
  useStartEnrolment,
  type AccountInfo,
  type Enrolment,
} from '../api';
import { EnrolmentSteps } from './enrolment';
import { RecoveryCodes } from './recovery-codes';

/**
 * The "Two-factor authentication" part of the account page: set it up (QR code, first code,
 * recovery codes), renew recovery codes, or turn it off (unless the clinic requires it).
 */
export function TwoFactorSection() {
  const account = useQuery(accountQueryOptions());
  const start = useStartEnrolment();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [newCodes, setNewCodes] = useState<string[] | null>(null);

  let body;
  if (account.isPending) body = <PageLoading />;
  else if (account.isError)
    body = <QueryError error={account.error} onRetry={() => void account.refetch()} />;
  else if (newCodes) body = <RecoveryCodes codes={newCodes} onDone={() => setNewCodes(null)} />;
  else if (enrolment) {
    body = (
      <EnrolmentSteps
        enrolment={enrolment}
        onEnabled={(codes) => {
          setEnrolment(null);
          setNewCodes(codes);
        }}
        onCancel={() => setEnrolment(null)}
      />
    );
  } else if (account.data.mfaEnabled) {
    body = <ManageTwoFactor account={account.data} onNewCodes={setNewCodes} />;
  } else {
    body = (
      <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
        {account.data.mfaRequired ? (
          <Alert severity="warning" role="status">
            This clinic requires administrators to use two-factor authentication. Set it up to continue.
          </Alert>
        ) : null}
        <Typography variant="body2">
          Besides your password, sign-in will ask for a code from an app on your phone.
        </Typography>
        {start.isError ? <Alert severity="error">{errorMessage(start.error)}</Alert> : null}
        <Button
          variant="contained"
          loading={start.isPending}
          onClick={() => start.mutate(undefined, { onSuccess: setEnrolment })}
        >
          Set up two-factor authentication
        </Button>
      </Stack>
    );
  }

  const enabled = account.data?.mfaEnabled ?? false;
  return (
    <Paper component="section" variant="outlined" aria-labelledby="mfa-title" sx={{ p: 3 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 2 }}>
        <Typography id="mfa-title" variant="h2">
          Two-factor authentication
        </Typography>
        {account.data ? (
          <Chip size="small" color={enabled ? 'success' : 'default'} label={enabled ? 'On' : 'Off'} />
        ) : null}
      </Stack>
      {body}
    </Paper>
  );
}

function ManageTwoFactor({
  account,
  onNewCodes,
}: {
  account: AccountInfo;
  onNewCodes: (codes: string[]) => void;
}) {
  const renew = useRenewRecoveryCodes();
  const disable = useDisableMfa();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const codeError = sentence(fieldErrorsOf(renew.error).code);
  const passwordError = sentence(fieldErrorsOf(disable.error).password);

  function handleRenew(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    renew.mutate(code.trim(), {
      onSuccess: (result) => {
        setCode('');
        onNewCodes(result.recoveryCodes);
      },
    });
  }

  function handleDisable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    disable.mutate(password, { onSettled: () => setPassword('') });
  }

  return (
    <Stack spacing={3}>
      <Typography variant="body2">
        Sign-in asks for a code from your authenticator app. Recovery codes left:{' '}
        <strong>{account.recoveryCodesLeft}</strong>
        {account.recoveryCodesLeft <= 2 ? ' — make new ones soon.' : '.'}
      </Typography>

      <Box component="form" noValidate onSubmit={handleRenew} aria-label="New recovery codes">
        <Typography variant="h3" sx={{ mb: 1 }}>
          New recovery codes
        </Typography>
        <Typography variant="body2" color="textSecondary" sx={{ mb: 1.5 }}>
          Makes 10 new codes; the old ones stop working.
        </Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: 'flex-start' }}>
          <TextField
            label="Code from the app"
            name="code"
            size="small"
            autoComplete="one-time-code"
            value={code}
            onChange={(event) => setCode(event.target.value)}
            error={Boolean(codeError)}
            helperText={codeError}
            slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 8 } }}
          />
          <Button type="submit" variant="outlined" loading={renew.isPending} disabled={code.trim() === ''}>
            Make new codes
          </Button>
        </Stack>
        {renew.isError && !codeError ? (
          <Alert severity="error" sx={{ mt: 1 }}>
            {errorMessage(renew.error)}
          </Alert>
        ) : null}
      </Box>

      <Divider />

      {account.mfaRequired ? (
        <Typography variant="body2" color="textSecondary">
          Administrators must use two-factor authentication here, so it cannot be turned off.
        </Typography>
      ) : (
        <Box
          component="form"
          noValidate
          onSubmit={handleDisable}
          aria-label="Turn off two-factor authentication"
        >
          <Typography variant="h3" sx={{ mb: 1 }}>
            Turn off
          </Typography>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: 'flex-start' }}>
            <TextField
              label="Your password"
              name="password"
              type="password"
              size="small"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              error={Boolean(passwordError)}
              helperText={passwordError}
            />
            <Button
              type="submit"
              color="error"
              variant="outlined"
              loading={disable.isPending}
              disabled={password === ''}
            >
              Turn off two-factor authentication
            </Button>
          </Stack>
          {disable.isError && !passwordError ? (
            <Alert severity="error" sx={{ mt: 1 }}>
              {errorMessage(disable.error)}
            </Alert>
          ) : null}
        </Box>
      )}
    </Stack>
  );
}

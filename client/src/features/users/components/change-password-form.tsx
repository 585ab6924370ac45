import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '@/components/query-error';
import { fieldErrorsOf, sentence } from '@/lib/field-errors';
import { PASSWORD_RULES, useChangeOwnPassword } from '../api';

/** The account page's "Password" section: current password, new password twice. */
export function ChangePasswordForm() {
  const change = useChangeOwnPassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const server = fieldErrorsOf(change.error);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const differs = next !== repeat;
    setMismatch(differs);
    if (differs) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setRepeat('');
        },
        onError: () => setCurrent(''),
      },
    );
  }

  const ended = change.data?.revokedSessions ?? 0;
  return (
    <Paper component="section" variant="outlined" aria-labelledby="password-title" sx={{ p: 3 }}>
      <Typography id="password-title" variant="h2" sx={{ mb: 2 }}>
        Password
      </Typography>
      <Stack
        component="form"
        noValidate
        onSubmit={handleSubmit}
        spacing={2}
        sx={{ maxWidth: 420 }}
        aria-label="Change password"
      >
        {change.isSuccess ? (
          <Alert severity="success" role="status">
            Password changed.{' '}
            {ended > 0 ? `You were signed out on ${ended} other device${ended === 1 ? '' : 's'}.` : ''}
          </Alert>
        ) : null}
        {change.isError && Object.keys(server).length === 0 ? (
          <Alert severity="error" role="alert">
            {errorMessage(change.error)}
          </Alert>
        ) : null}
        <TextField
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
          error={Boolean(server.currentPassword)}
          helperText={sentence(server.currentPassword)}
          required
        />
        <TextField
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(event) => setNext(event.target.value)}
          error={Boolean(server.newPassword)}
          helperText={sentence(server.newPassword) ?? PASSWORD_RULES}
          required
        />
        <TextField
          label="Repeat the new password"
          name="repeatPassword"
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(event) => setRepeat(event.target.value)}
          error={mismatch}
          helperText={mismatch ? 'The two new passwords differ.' : undefined}
          required
        />
        <div>
          <Button
            type="submit"
            variant="contained"
            loading={change.isPending}
            disabled={current === '' || next === '' || repeat === ''}
          >
            Change password
          </Button>
        </div>
      </Stack>
    </Paper>
  );
}

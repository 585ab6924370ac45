import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '@/components/query-error';
import { fieldErrorsOf, sentence } from '@/lib/field-errors';
import type { Role } from '@rls/shared';
import { roleLabels } from '@/utils/labels';
import { PASSWORD_RULES, useResetMfa, useResetPassword, useUpdateUser, type UserSummary } from '../api';

export type UserAction = 'edit' | 'toggle-active' | 'reset-password' | 'reset-mfa';

interface ActionDialogProps {
  user: UserSummary;
  onClose: (message?: string) => void;
}

interface EditUserDialogProps extends ActionDialogProps {
  /** The signed-in administrator editing themselves: the role cannot change. */
  isSelf: boolean;
}

/** Name and role. A role change is a privilege change: audited, and the user's sessions end. */
export function EditUserDialog({ user, isSelf, onClose }: EditUserDialogProps) {
  const update = useUpdateUser();
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<Role>(user.role);
  const server = fieldErrorsOf(update.error);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const patch = {
      ...(name.trim() !== user.name ? { name: name.trim() } : {}),
      ...(role !== user.role ? { role } : {}),
    };
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    update.mutate({ id: user.id, patch }, { onSuccess: () => onClose(`Saved ${user.username}.`) });
  }

  return (
    <Dialog open onClose={() => onClose()} aria-labelledby="edit-user-title" fullWidth maxWidth="sm">
      <form noValidate onSubmit={handleSubmit}>
        <DialogTitle id="edit-user-title">Edit {user.username}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {update.isError && Object.keys(server).length === 0 ? (
              <Alert severity="error">{errorMessage(update.error)}</Alert>
            ) : null}
            <TextField
              label="Full name"
              name="name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              error={Boolean(server.name)}
              helperText={sentence(server.name)}
              required
            />
            <TextField
              select
              label="Role"
              name="role"
              value={role}
              onChange={(event) => setRole(event.target.value as Role)}
              disabled={isSelf}
              helperText={isSelf ? 'Another administrator can change your role.' : undefined}
            >
              {(['clinician', 'admin'] as const).map((r) => (
                <MenuItem key={r} value={r}>
                  {roleLabels[r]}
                </MenuItem>
              ))}
            </TextField>
            {role !== user.role ? (
              <Alert severity="warning" role="status">
                Changing the role ends {user.name}’s sessions: they sign in again with the new role.
              </Alert>
            ) : null}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => onClose()}>Cancel</Button>
          <Button type="submit" variant="contained" loading={update.isPending}>
            Save
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** Disable (ends every session, login refused) or enable again. */
export function ToggleActiveDialog({ user, onClose }: ActionDialogProps) {
  const update = useUpdateUser();
  const disabling = user.active;
  return (
    <Dialog open onClose={() => onClose()} aria-labelledby="toggle-user-title">
      <DialogTitle id="toggle-user-title">
        {disabling ? `Disable ${user.username}?` : `Enable ${user.username}?`}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {disabling
            ? `${user.name} is signed out everywhere at once and cannot sign in until enabled again. Their records stay.`
            : `${user.name} can sign in again with their current password.`}
        </DialogContentText>
        {update.isError ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            {errorMessage(update.error)}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose()}>Cancel</Button>
        <Button
          variant="contained"
          color={disabling ? 'error' : 'primary'}
          loading={update.isPending}
          onClick={() =>
            update.mutate(
              { id: user.id, patch: { active: !disabling } },
              {
                onSuccess: () =>
                  onClose(disabling ? `Disabled ${user.username}.` : `Enabled ${user.username}.`),
              },
            )
          }
        >
          {disabling ? 'Disable' : 'Enable'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** A new password set by an administrator; the user's sessions end. */
export function ResetPasswordDialog({ user, onClose }: ActionDialogProps) {
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const server = fieldErrorsOf(reset.error);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    reset.mutate(
      { id: user.id, password },
      { onSuccess: () => onClose(`New password set for ${user.username}.`) },
    );
  }

  return (
    <Dialog open onClose={() => onClose()} aria-labelledby="reset-password-title" fullWidth maxWidth="sm">
      <form noValidate onSubmit={handleSubmit}>
        <DialogTitle id="reset-password-title">Reset the password of {user.username}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <DialogContentText>
              {user.name} is signed out everywhere; give them the new password in person.
            </DialogContentText>
            {reset.isError && Object.keys(server).length === 0 ? (
              <Alert severity="error">{errorMessage(reset.error)}</Alert>
            ) : null}
            <TextField
              label="New password"
              name="password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              error={Boolean(server.password)}
              helperText={sentence(server.password) ?? PASSWORD_RULES}
              required
              autoFocus
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => onClose()}>Cancel</Button>
          <Button type="submit" variant="contained" loading={reset.isPending} disabled={password === ''}>
            Set password
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** Removes the user's second factor (lost phone); they sign in with the password alone. */
export function ResetMfaDialog({ user, onClose }: ActionDialogProps) {
  const reset = useResetMfa();
  return (
    <Dialog open onClose={() => onClose()} aria-labelledby="reset-mfa-title">
      <DialogTitle id="reset-mfa-title">Remove two-factor authentication of {user.username}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Only after checking it is really {user.name} asking. They are signed out everywhere and sign in with
          their password alone until they set up a new authenticator.
        </DialogContentText>
        {reset.isError ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            {errorMessage(reset.error)}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose()}>Cancel</Button>
        <Button
          variant="contained"
          color="error"
          loading={reset.isPending}
          onClick={() =>
            reset.mutate(user.id, {
              onSuccess: () => onClose(`Two-factor authentication removed for ${user.username}.`),
            })
          }
        >
          Remove
        </Button>
      </DialogActions>
    </Dialog>
  );
}

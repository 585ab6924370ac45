import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '@/components/query-error';
import { isApiError } from '@/lib/api-client';
import { fieldErrorsOf, sentence } from '@/lib/field-errors';
import type { Role } from '@rls/shared';
import { roleLabels } from '@/utils/labels';
import { PASSWORD_RULES, useCreateUser } from '../api';

interface NewUserDialogProps {
  open: boolean;
  onClose: () => void;
  onCreated: (username: string) => void;
}

/** "Add user": username, full name, role and a first password (the server checks the rules). */
export function NewUserDialog({ open, onClose, onCreated }: NewUserDialogProps) {
  const create = useCreateUser();
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('clinician');
  const [password, setPassword] = useState('');
  const server = fieldErrorsOf(create.error);
  if (isApiError(create.error, 409)) server.username = 'is already taken';

  function close() {
    create.reset();
    setUsername('');
    setName('');
    setRole('clinician');
    setPassword('');
    onClose();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(
      { username: username.trim(), name: name.trim(), role, password },
      {
        onSuccess: (user) => {
          onCreated(user.username);
          close();
        },
      },
    );
  }

  const otherError = create.isError && Object.keys(server).length === 0;
  return (
    <Dialog open={open} onClose={close} aria-labelledby="new-user-title" fullWidth maxWidth="sm">
      <form noValidate onSubmit={handleSubmit}>
        <DialogTitle id="new-user-title">Add user</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {otherError ? <Alert severity="error">{errorMessage(create.error)}</Alert> : null}
            <TextField
              label="Username"
              name="username"
              autoComplete="off"
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              error={Boolean(server.username)}
              helperText={sentence(server.username) ?? 'Letters, digits, dot, dash or underscore.'}
              required
              autoFocus
            />
            <TextField
              label="Full name"
              name="name"
              autoComplete="off"
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
              error={Boolean(server.role)}
              helperText={sentence(server.role)}
            >
              {(['clinician', 'admin'] as const).map((r) => (
                <MenuItem key={r} value={r}>
                  {roleLabels[r]}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              label="First password"
              name="password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              error={Boolean(server.password)}
              helperText={sentence(server.password) ?? `${PASSWORD_RULES} Give it to the user in person.`}
              required
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="contained" loading={create.isPending}>
            Add user
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

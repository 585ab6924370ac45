import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '@/components/query-error';
import { useLogin } from '../api';
import type { Session } from '@/types/api';

interface LoginFormProps {
  onSignedIn: (session: Session) => void | Promise<void>;
}

type FieldErrors = Partial<Record<'username' | 'password', string>>;

export function LoginForm({ onSignedIn }: LoginFormProps) {
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const passwordRef = useRef<HTMLInputElement>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors = {};
    if (!username.trim()) errors.username = 'Enter your username.';
    if (!password) errors.password = 'Enter your password.';
    setFieldErrors(errors);
    if (errors.username || errors.password) return;

    login.mutate(
      { username: username.trim(), password },
      {
        onSuccess: (session) => void onSignedIn(session),
        onError: () => {
          setPassword('');
          passwordRef.current?.focus();
        },
      },
    );
  }

  return (
    <Stack component="form" noValidate onSubmit={handleSubmit} spacing={2} aria-label="Sign in">
      {login.isError ? (
        <Alert severity="error" role="alert">
          {errorMessage(login.error)}
        </Alert>
      ) : null}
      <TextField
        label="Username"
        name="username"
        autoComplete="username"
        autoFocus
        size="medium"
        value={username}
        onChange={(event) => setUsername(event.target.value)}
        error={Boolean(fieldErrors.username)}
        helperText={fieldErrors.username}
        required
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        size="medium"
        inputRef={passwordRef}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={Boolean(fieldErrors.password)}
        helperText={fieldErrors.password}
        required
      />
      <Button
        type="submit"
        variant="contained"
        size="large"
        loading={login.isPending}
        loadingPosition="start"
      >
        Sign in
      </Button>
    </Stack>
  );
}

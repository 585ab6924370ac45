import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '@/components/query-error';
import { isApiError } from '@/lib/api-client';
import { isSecondFactorRequired, useLogin, useSecondFactor } from '../api';
import type { Session } from '@/types/api';

interface LoginFormProps {
  onSignedIn: (session: Session) => void | Promise<void>;
}

type FieldErrors = Partial<Record<'username' | 'password' | 'code', string>>;

/**
 * Sign-in in one or two steps: username and password, then — for users with two-factor
 * authentication — the 6-digit code from their authenticator app (or a one-time recovery code).
 */
export function LoginForm({ onSignedIn }: LoginFormProps) {
  const login = useLogin();
  const secondFactor = useSecondFactor();
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const passwordRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

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
        onSuccess: (result) => {
          setPassword('');
          if (isSecondFactorRequired(result)) {
            setStep('code');
            return;
          }
          void onSignedIn(result);
        },
        onError: () => {
          setPassword('');
          passwordRef.current?.focus();
        },
      },
    );
  }

  function handleCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!code.trim()) {
      setFieldErrors({ code: 'Enter the code from your authenticator app.' });
      return;
    }
    setFieldErrors({});
    secondFactor.mutate(code.trim(), {
      onSuccess: (session) => void onSignedIn(session),
      onError: (error) => {
        setCode('');
        codeRef.current?.focus();
        // The pending login lapsed (after 5 minutes): start again from the password.
        if (isApiError(error, 401) && error.code === 'unauthenticated') {
          login.reset();
          setStep('password');
        }
      },
    });
  }

  if (step === 'code') {
    return (
      <Stack
        component="form"
        noValidate
        onSubmit={handleCode}
        spacing={2}
        aria-label="Two-factor authentication"
      >
        {secondFactor.isError ? (
          <Alert severity="error" role="alert">
            {errorMessage(secondFactor.error)}
          </Alert>
        ) : null}
        <Typography variant="body2">
          Enter the 6-digit code from your authenticator app. Lost your phone? Enter one of your recovery
          codes instead.
        </Typography>
        <TextField
          label="Authentication code"
          name="code"
          autoComplete="one-time-code"
          inputRef={codeRef}
          autoFocus
          value={code}
          onChange={(event) => setCode(event.target.value)}
          error={Boolean(fieldErrors.code)}
          helperText={fieldErrors.code}
          slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
          required
        />
        <Button
          type="submit"
          variant="contained"
          size="large"
          loading={secondFactor.isPending}
          loadingPosition="start"
        >
          Verify
        </Button>
        <Button
          variant="text"
          onClick={() => {
            secondFactor.reset();
            login.reset();
            setCode('');
            setStep('password');
          }}
        >
          Use another account
        </Button>
      </Stack>
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

import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '@/components/query-error';
import { TextInput } from '@/components/text-input';
import { isApiError } from '@/lib/api-client';
import { isSecondFactorRequired, useLogin, useSecondFactor } from '../api';
import type { Session } from '@rls/shared';

interface LoginFormProps {
  onSignedIn: (session: Session) => void | Promise<void>;
}

type FieldErrors = Partial<Record<'username' | 'password', string>>;

/**
 * Sign-in in one or two steps: username and password, then — for users with two-factor
 * authentication — the 6-digit code from their authenticator app (or a one-time recovery code).
 */
export function LoginForm({ onSignedIn }: LoginFormProps) {
  const login = useLogin();
  const secondFactor = useSecondFactor();
  const [step, setStep] = useState<'password' | 'code'>('password');
  // Kept across the steps: back from the code step, the username is still filled in.
  const [username, setUsername] = useState('');

  if (step === 'code') {
    return (
      <SecondFactorForm
        secondFactor={secondFactor}
        onSignedIn={onSignedIn}
        onRestart={() => {
          login.reset();
          setStep('password');
        }}
      />
    );
  }
  return (
    <PasswordForm
      login={login}
      username={username}
      onUsernameChange={setUsername}
      onSignedIn={onSignedIn}
      onSecondFactor={() => setStep('code')}
    />
  );
}

function credentialErrors(username: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!username.trim()) errors.username = 'Enter your username.';
  if (!password) errors.password = 'Enter your password.';
  return errors;
}

/** Why the last attempt failed, as the server words it. */
function MutationError({ mutation }: { mutation: { isError: boolean; error: unknown } }) {
  return mutation.isError ? (
    <Alert severity="error" role="alert">
      {errorMessage(mutation.error)}
    </Alert>
  ) : null;
}

function PasswordForm({
  login,
  username,
  onUsernameChange,
  onSignedIn,
  onSecondFactor,
}: {
  login: ReturnType<typeof useLogin>;
  username: string;
  onUsernameChange: (username: string) => void;
  onSignedIn: LoginFormProps['onSignedIn'];
  onSecondFactor: () => void;
}) {
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const passwordRef = useRef<HTMLInputElement>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors = credentialErrors(username, password);
    setFieldErrors(errors);
    if (errors.username || errors.password) return;

    login.mutate(
      { username: username.trim(), password },
      {
        onSuccess: (result) => {
          setPassword('');
          if (isSecondFactorRequired(result)) onSecondFactor();
          else void onSignedIn(result);
        },
        onError: () => {
          setPassword('');
          passwordRef.current?.focus();
        },
      },
    );
  }

  return (
    <Stack component="form" noValidate onSubmit={handleSubmit} spacing={2} aria-label="Sign in">
      <MutationError mutation={login} />
      <TextInput
        label="Username"
        name="username"
        autoComplete="username"
        autoFocus
        size="medium"
        value={username}
        onChange={(event) => onUsernameChange(event.target.value)}
        error={Boolean(fieldErrors.username)}
        helperText={fieldErrors.username}
        required
      />
      <TextInput
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

/** The second step; `onRestart` goes back to the password (another account, or the login lapsed). */
function SecondFactorForm({
  secondFactor,
  onSignedIn,
  onRestart,
}: {
  secondFactor: ReturnType<typeof useSecondFactor>;
  onSignedIn: LoginFormProps['onSignedIn'];
  onRestart: () => void;
}) {
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const codeRef = useRef<HTMLInputElement>(null);

  function handleCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!code.trim()) {
      setFieldError('Enter the code from your authenticator app.');
      return;
    }
    setFieldError(undefined);
    secondFactor.mutate(code.trim(), {
      onSuccess: (session) => void onSignedIn(session),
      onError: (error) => {
        setCode('');
        codeRef.current?.focus();
        // The pending login lapsed (after 5 minutes): start again from the password.
        if (isApiError(error, 401) && error.code === 'unauthenticated') onRestart();
      },
    });
  }

  return (
    <Stack
      component="form"
      noValidate
      onSubmit={handleCode}
      spacing={2}
      aria-label="Two-factor authentication"
    >
      <MutationError mutation={secondFactor} />
      <Typography variant="body2">
        Enter the 6-digit code from your authenticator app. Lost your phone? Enter one of your recovery codes
        instead.
      </Typography>
      <TextInput
        label="Authentication code"
        name="code"
        autoComplete="one-time-code"
        inputRef={codeRef}
        autoFocus
        value={code}
        onChange={(event) => setCode(event.target.value)}
        error={Boolean(fieldError)}
        helperText={fieldError}
        inputProps={{ spellCheck: false, autoCapitalize: 'none' }}
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
          setCode('');
          onRestart();
        }}
      >
        Use another account
      </Button>
    </Stack>
  );
}

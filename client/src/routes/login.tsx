import MonitorHeartOutlinedIcon from '@mui/icons-material/MonitorHeartOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { createFileRoute, redirect, useRouter } from '@tanstack/react-router';
import { MAIN_CONTENT_ID } from '@/components/skip-link';
import { sessionQueryOptions } from '@/features/auth/api';
import { DemoBanner } from '@/features/auth/components/demo-banner';
import { LoginForm } from '@/features/auth/components/login-form';
import { isSafeRedirect } from '@/features/auth/guards';
import { checked, oneOf, searchValidator } from '@/lib/search-params';
import { useHasUnsavedWork } from '@/lib/unsaved-work';
import { APP_NAME, pageTitle } from '@/utils/page-title';

const loginSearchSchema = searchValidator({
  /** Same-origin path to return to after signing in. */
  redirect: checked(isSafeRedirect),
  reason: oneOf(['session-ended', 'signed-out'] as const),
});

const reasonMessages = {
  'session-ended': { severity: 'warning', text: 'Your session ended. Sign in again to continue.' },
  'signed-out': { severity: 'success', text: 'You have signed out.' },
} as const;

/** The session ended with edits still waiting (features/workup keeps them in memory). */
const keptWorkMessage = {
  severity: 'warning',
  text: 'Signed out — your unsaved changes are kept; sign in again to save them. Signing in as someone else discards them.',
} as const;

export const Route = createFileRoute('/login')({
  validateSearch: loginSearchSchema,
  beforeLoad: async ({ context, search }) => {
    const session = await context.queryClient.ensureQueryData(sessionQueryOptions());
    if (session) throw redirect({ href: search.redirect ?? '/' });
  },
  head: () => pageTitle('Sign in'),
  component: LoginPage,
});

function LoginPage() {
  const router = useRouter();
  const navigate = Route.useNavigate();
  const { redirect: redirectTo, reason } = Route.useSearch();
  const keptWork = useHasUnsavedWork();
  const notice = keptWork ? keptWorkMessage : reason ? reasonMessages[reason] : null;

  async function handleSignedIn() {
    if (redirectTo) router.history.push(redirectTo);
    else await navigate({ to: '/' });
  }

  return (
    <Box
      component="main"
      id={MAIN_CONTENT_ID}
      tabIndex={-1}
      sx={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        px: 2,
        py: 6,
        '&:focus': { outline: 'none' },
      }}
    >
      <Stack spacing={2} sx={{ width: '100%', maxWidth: 420 }}>
        <Paper variant="outlined" sx={{ p: { xs: 3, sm: 4 } }}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', color: 'primary.main', mb: 3 }}>
            <MonitorHeartOutlinedIcon aria-hidden />
            <Typography component="p" sx={{ fontWeight: 700, fontSize: '1.1rem' }}>
              {APP_NAME}
            </Typography>
          </Stack>
          <Typography variant="h1" sx={{ mb: 0.5 }}>
            Sign in
          </Typography>
          <Typography variant="body2" color="textSecondary" sx={{ mb: 3 }}>
            Restless legs syndrome workup for vascular medicine.
          </Typography>
          {notice ? (
            <Alert severity={notice.severity} role="status" sx={{ mb: 2 }}>
              {notice.text}
            </Alert>
          ) : null}
          <LoginForm onSignedIn={handleSignedIn} />
        </Paper>
        <DemoBanner />
      </Stack>
    </Box>
  );
}

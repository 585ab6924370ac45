import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Outlet, createFileRoute, redirect } from '@tanstack/react-router';
import { navigation } from '@/app/navigation';
import { AppShell } from '@/components/layouts/app-shell';
import { errorMessage } from '@/components/query-error';
import { UNSAVED_CHANGES, sessionQueryOptions, useLogout } from '@/features/auth/api';
import { isApiError } from '@/lib/api-client';
import { roleLabels } from '@/utils/labels';

/** Everything behind sign-in. Children read the user from route context (`context.user`). */
export const Route = createFileRoute('/_auth')({
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQueryOptions());
    if (!session) throw redirect({ to: '/login', search: { redirect: location.href } });
    // RLS_REQUIRE_ADMIN_MFA: an administrator without a second factor sets one up before anything else.
    if (session.mfaEnrolmentRequired && location.pathname !== '/account') throw redirect({ to: '/account' });
    return { user: session.user };
  },
  component: AuthenticatedLayout,
});

function AuthenticatedLayout() {
  const { data: session } = useSuspenseQuery(sessionQueryOptions());
  const logout = useLogout();
  // Signing out clears the session before leaving this layout.
  if (!session) return null;
  const { user } = session;

  return (
    <AppShell
      user={{ name: user.name, roleLabel: roleLabels[user.role] }}
      nav={navigation[user.role]}
      onLogout={() => logout.mutate()}
      loggingOut={logout.isPending}
      notice={
        logout.isError ? (
          <Alert
            severity="error"
            square
            onClose={() => logout.reset()}
            action={
              isApiError(logout.error) && logout.error.code === UNSAVED_CHANGES ? (
                <Button color="inherit" size="small" onClick={() => logout.mutate({ discardUnsaved: true })}>
                  Sign out anyway
                </Button>
              ) : undefined
            }
          >
            Could not sign out: {errorMessage(logout.error)}
          </Alert>
        ) : null
      }
    >
      <Outlet />
    </AppShell>
  );
}

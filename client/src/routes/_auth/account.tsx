import Stack from '@mui/material/Stack';
import { createFileRoute } from '@tanstack/react-router';
import { PageHeader } from '@/components/page-header';
import { TwoFactorSection } from '@/features/mfa/components/two-factor-section';
import { accountQueryOptions } from '@/features/mfa/api';
import { ChangePasswordForm } from '@/features/users/components/change-password-form';
import { roleLabels } from '@/utils/labels';
import { pageTitle } from '@/utils/page-title';

/** Every signed-in user's own account: password and two-factor authentication. */
export const Route = createFileRoute('/_auth/account')({
  head: () => pageTitle('Account'),
  loader: ({ context }) => context.queryClient.ensureQueryData(accountQueryOptions()),
  component: AccountPage,
});

function AccountPage() {
  const { user } = Route.useRouteContext();
  return (
    <Stack spacing={3} sx={{ maxWidth: 760 }}>
      <PageHeader
        title="Account"
        description={`${user.name} · ${user.username} · ${roleLabels[user.role]}`}
      />
      <TwoFactorSection />
      <ChangePasswordForm />
    </Stack>
  );
}

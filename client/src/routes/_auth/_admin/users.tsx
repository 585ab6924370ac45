import { createFileRoute } from '@tanstack/react-router';
import { usersQueryOptions } from '@/features/users/api';
import { UsersPage } from '@/features/users/components/users-page';
import { pageTitle } from '@/utils/page-title';

export const Route = createFileRoute('/_auth/_admin/users')({
  head: () => pageTitle('Users'),
  loader: ({ context }) => context.queryClient.ensureQueryData(usersQueryOptions()),
  component: UsersRoute,
});

function UsersRoute() {
  const { user } = Route.useRouteContext();
  return <UsersPage currentUserId={user.id} />;
}

import { HeadContent, Outlet, createRootRouteWithContext } from '@tanstack/react-router';
import type { RouterContext } from '@/app/router';
import { SkipLink } from '@/components/skip-link';
import { SessionEndedListener } from '@/features/auth/components/session-ended-listener';
import { APP_NAME } from '@/utils/page-title';

export const Route = createRootRouteWithContext<RouterContext>()({
  head: () => ({ meta: [{ title: APP_NAME }] }),
  component: RootLayout,
});

function RootLayout() {
  return (
    <>
      <HeadContent />
      <SkipLink />
      <SessionEndedListener />
      <Outlet />
    </>
  );
}

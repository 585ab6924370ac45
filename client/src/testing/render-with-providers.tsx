import type { Session } from '@rls/shared';
import { QueryClient } from '@tanstack/react-query';
import {
  Outlet,
  RouterProvider,
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
} from '@tanstack/react-router';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Suspense, type ReactNode } from 'react';
import { AppProvider } from '@/app/provider';
import { PageLoading } from '@/components/loading';
import { setCsrfToken } from '@/lib/api-client';
import { sessionKeys } from '@/lib/query-keys';

/** A query client for one test: no retries, so a failed request shows at once. */
export function createTestQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}

/**
 * Renders ONE component with the app's providers (theme, query client) inside a bare router whose
 * only route shows it at any path, so links, `useNavigate` and `useRouter` work and
 * `router.state.location` tells where a navigation went. With `session`, the user is signed in the way
 * the app's sign-in guard leaves it (session cached, CSRF token set) without a `GET /api/session`.
 *
 * Much cheaper than `renderApp`: no guards, loaders, app shell or other pages. Use `renderApp` when
 * the test is about routes, guards, loaders or the address bar.
 */
export function renderWithProviders(
  ui: ReactNode,
  { path = '/', session }: { path?: string; session?: Session } = {},
) {
  const queryClient = createTestQueryClient();
  if (session) {
    queryClient.setQueryData(sessionKeys.all, session);
    setCsrfToken(session.csrfToken);
  }
  const rootRoute = createRootRoute({ component: Outlet });
  const anyPath = createRoute({
    getParentRoute: () => rootRoute,
    path: '$',
    // Route loaders fill the cache before a page renders; here a component's suspense query waits.
    component: () => <Suspense fallback={<PageLoading />}>{ui}</Suspense>,
  });
  const router = createRouter({
    routeTree: rootRoute.addChildren([anyPath]),
    history: createMemoryHistory({ initialEntries: [path] }),
  });
  const user = userEvent.setup();
  const view = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...view, user, router, queryClient };
}

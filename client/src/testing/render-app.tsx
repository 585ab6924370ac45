import { RouterProvider, createMemoryHistory } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AppProvider } from '@/app/provider';
import { createAppRouter } from '@/app/router';
import { createTestQueryClient } from './render-with-providers';

/**
 * Renders the whole app (real routes, guards, loaders, theme) at `path`, with fetch mocked by the
 * caller. For a test of one component, `renderWithProviders` is much cheaper.
 */
export function renderApp(path: string) {
  const queryClient = createTestQueryClient();
  const history = createMemoryHistory({ initialEntries: [path] });
  const router = createAppRouter({ queryClient, history });
  const user = userEvent.setup();
  const view = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...view, user, router, queryClient };
}

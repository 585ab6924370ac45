import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { getCsrfToken, onSessionRestored } from '@/lib/api-client';
import { patientKeys } from '@/lib/query-keys';
import { errorResponse, jsonResponse, mockApi } from '@/testing/fetch-mock';
import { adminSession, clinicianSession, worklistPage } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const demoOff = () => jsonResponse(200, { demo: false });

describe('session', () => {
  it('sends a visitor who is not signed in to the sign-in page', async () => {
    const { requests } = mockApi({
      'GET /api/session': () => errorResponse(401, 'unauthenticated', 'Sign in to continue.'),
      'GET /api/demo': demoOff,
    });
    const { router } = renderApp('/worklist');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(requests.some((r) => r.path === '/api/patients')).toBe(false);
    // A 401 from the session check itself is "not signed in", not "session ended".
    expect(screen.queryByText(/your session ended/i)).not.toBeInTheDocument();
  });

  it('returns to sign-in in-app with a clear message when the session ends mid-work, keeping memory caches', async () => {
    let sessionAlive = true;
    mockApi({
      'GET /api/session': () =>
        sessionAlive
          ? jsonResponse(200, clinicianSession)
          : errorResponse(401, 'unauthenticated', 'Sign in.'),
      'GET /api/demo': demoOff,
      'GET /api/patients': () =>
        sessionAlive ? jsonResponse(200, worklistPage) : errorResponse(401, 'unauthenticated', 'Sign in.'),
    });
    const { router, queryClient } = renderApp('/worklist');
    await screen.findByRole('cell', { name: 'MRN-000101' });

    sessionAlive = false;
    await queryClient.refetchQueries({ queryKey: patientKeys.all });

    expect(await screen.findByText('Your session ended. Sign in again to continue.')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toMatchObject({ reason: 'session-ended', redirect: '/worklist' });
    // The sign-in page shows nothing of the previous work…
    expect(screen.queryByText('Jordan Ellis')).not.toBeInTheDocument();
    // …which stays in memory (no reload), for the same user to carry on.
    expect(queryClient.getQueriesData({ queryKey: patientKeys.lists() }).length).toBeGreaterThan(0);
  }, 20_000);

  it('takes the same user back to their page with their work, after signing in again', async () => {
    let sessionAlive = true;
    const { requests } = mockApi({
      'GET /api/session': () =>
        sessionAlive
          ? jsonResponse(200, clinicianSession)
          : errorResponse(401, 'unauthenticated', 'Sign in.'),
      'GET /api/demo': demoOff,
      'GET /api/patients': () =>
        sessionAlive ? jsonResponse(200, worklistPage) : errorResponse(401, 'unauthenticated', 'Sign in.'),
      'POST /api/session': () => {
        sessionAlive = true;
        return jsonResponse(200, { ...clinicianSession, csrfToken: 'csrf-new' });
      },
    });
    const restored = vi.fn();
    const unsubscribe = onSessionRestored(restored);
    const { user, router, queryClient } = renderApp('/worklist');
    await screen.findByRole('cell', { name: 'MRN-000101' });
    sessionAlive = false;
    await queryClient.refetchQueries({ queryKey: patientKeys.all });
    await screen.findByText('Your session ended. Sign in again to continue.');
    const before = requests.length;

    await user.type(screen.getByLabelText(/username/i), 'clinician');
    await user.type(screen.getByLabelText(/password/i), 'rls-demo-2026');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('cell', { name: 'MRN-000101' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/worklist');
    expect(restored).toHaveBeenCalledTimes(1);
    expect(getCsrfToken()).toBe('csrf-new');
    // No page reload: the app was never re-initialised (no second GET /api/session).
    expect(
      requests.slice(before).filter((r) => r.path === '/api/session' && r.method === 'GET'),
    ).toHaveLength(0);
    unsubscribe();
  }, 20_000);

  it('clears everything the previous user saw when someone else signs in', async () => {
    let sessionAlive = true;
    mockApi({
      'GET /api/session': () =>
        sessionAlive
          ? jsonResponse(200, clinicianSession)
          : errorResponse(401, 'unauthenticated', 'Sign in.'),
      'GET /api/demo': demoOff,
      'GET /api/patients': () =>
        sessionAlive ? jsonResponse(200, worklistPage) : errorResponse(401, 'unauthenticated', 'Sign in.'),
      'POST /api/session': () => jsonResponse(200, adminSession),
    });
    const restored = vi.fn();
    const unsubscribe = onSessionRestored(restored);
    const { user, queryClient } = renderApp('/worklist');
    await screen.findByRole('cell', { name: 'MRN-000101' });
    sessionAlive = false;
    await queryClient.refetchQueries({ queryKey: patientKeys.all });
    await screen.findByText('Your session ended. Sign in again to continue.');

    await user.type(screen.getByLabelText(/username/i), 'admin');
    await user.type(screen.getByLabelText(/password/i), 'rls-demo-2026');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(queryClient.getQueriesData({ queryKey: patientKeys.all })).toHaveLength(0));
    expect(restored).not.toHaveBeenCalled();
    unsubscribe();
  }, 20_000);

  it('logs out with the CSRF token, clears cached patients and shows the sign-in page', async () => {
    let signedIn = true;
    const { requests } = mockApi({
      'GET /api/session': () =>
        signedIn ? jsonResponse(200, clinicianSession) : errorResponse(401, 'x', 'Sign in.'),
      'GET /api/demo': demoOff,
      'GET /api/patients': () => jsonResponse(200, worklistPage),
      'DELETE /api/session': () => {
        signedIn = false;
        return jsonResponse(204);
      },
    });
    const { user, router, queryClient } = renderApp('/worklist');
    await screen.findByRole('cell', { name: 'MRN-000101' });

    await user.click(screen.getByRole('button', { name: 'Log out' }));

    expect(await screen.findByText('You have signed out.')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    const logout = requests.find((r) => r.method === 'DELETE');
    expect(logout?.headers.get('X-CSRF-Token')).toBe(clinicianSession.csrfToken);
    expect(queryClient.getQueriesData({ queryKey: patientKeys.all })).toHaveLength(0);
  });

  it('keeps the user signed in and says so when logging out fails', async () => {
    mockApi({
      'GET /api/session': () => jsonResponse(200, clinicianSession),
      'GET /api/patients': () => jsonResponse(200, worklistPage),
      'DELETE /api/session': () =>
        errorResponse(503, 'unavailable', 'The service is restarting. Try again shortly.'),
    });
    const { user, router } = renderApp('/worklist');
    await screen.findByRole('cell', { name: 'MRN-000101' });

    await user.click(screen.getByRole('button', { name: 'Log out' }));

    expect(await screen.findByText(/The service is restarting/)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/worklist');
  });

  it('sends an administrator to the workload dashboard, with admin navigation only', async () => {
    mockApi({ 'GET /api/session': () => jsonResponse(200, adminSession) });
    const { router } = renderApp('/');

    expect(await screen.findByRole('heading', { level: 1, name: 'Workload' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/workload');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Workload' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Worklist' })).not.toBeInTheDocument();
    expect(screen.getByText('Administrator')).toBeInTheDocument();
  });

  it('does not let an administrator open the clinical worklist', async () => {
    const { requests } = mockApi({ 'GET /api/session': () => jsonResponse(200, adminSession) });
    const { router } = renderApp('/worklist');

    await screen.findByRole('heading', { name: 'Workload' });
    expect(router.state.location.pathname).toBe('/workload');
    expect(requests.some((r) => r.path === '/api/patients')).toBe(false);
  });

  it('sends a clinician away from admin pages to the worklist', async () => {
    mockApi({
      'GET /api/session': () => jsonResponse(200, clinicianSession),
      'GET /api/patients': () => jsonResponse(200, worklistPage),
    });
    const { router } = renderApp('/workload');

    await screen.findByRole('heading', { name: 'Worklist' });
    await waitFor(() => expect(router.state.location.pathname).toBe('/worklist'));
  });

  it('sends a signed-in user who opens /login to their start page', async () => {
    mockApi({
      'GET /api/session': () => jsonResponse(200, clinicianSession),
      'GET /api/patients': () => jsonResponse(200, worklistPage),
    });
    const { router } = renderApp('/login');

    await screen.findByRole('heading', { name: 'Worklist' });
    expect(router.state.location.pathname).toBe('/worklist');
  });

  it('ignores a redirect to another site', async () => {
    mockApi({
      'GET /api/session': () => errorResponse(401, 'unauthenticated', 'Sign in.'),
      'GET /api/demo': demoOff,
    });
    const { router } = renderApp('/login?redirect=%22%2F%2Fevil.example%2Fx%22');

    await screen.findByRole('heading', { name: 'Sign in' });
    expect(router.state.location.search).toEqual({});
  });
});

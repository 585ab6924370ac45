import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { errorResponse, jsonResponse, mockApi } from '@/testing/fetch-mock';
import { clinicianSession, worklistPage } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { renderWithProviders } from '@/testing/render-with-providers';
import { DemoBanner } from './components/demo-banner';
import { LoginForm } from './components/login-form';

const notSignedIn = () => errorResponse(401, 'unauthenticated', 'Sign in to continue.');

describe('login page', () => {
  it('shows the server message when the credentials are wrong, and keeps the user on the page', async () => {
    const { requests } = mockApi({
      'POST /api/session': () => errorResponse(401, 'invalid_credentials', 'Incorrect username or password.'),
    });
    const onSignedIn = vi.fn();
    const { user, router } = renderWithProviders(<LoginForm onSignedIn={onSignedIn} />, { path: '/login' });

    await user.type(await screen.findByLabelText(/username/i), 'clinician');
    await user.type(screen.getByLabelText(/password/i), 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Incorrect username or password.');
    expect(router.state.location.pathname).toBe('/login');
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(screen.getByLabelText(/password/i)).toHaveValue('');
    const login = requests.find((r) => r.method === 'POST' && r.path === '/api/session');
    expect(login?.body).toEqual({ username: 'clinician', password: 'wrong-password' });
  });

  it('asks for both fields before calling the server', async () => {
    const { requests } = mockApi({});
    const { user } = renderWithProviders(<LoginForm onSignedIn={vi.fn()} />, { path: '/login' });

    await user.click(await screen.findByRole('button', { name: 'Sign in' }));

    expect(screen.getByText('Enter your username.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('lists the demo accounts and password when the server runs with demo data', async () => {
    mockApi({
      'GET /api/demo': () =>
        jsonResponse(200, {
          demo: true,
          accounts: [
            { username: 'clinician', role: 'clinician' },
            { username: 'admin', role: 'admin' },
          ],
          password: 'rls-demo-2026',
        }),
    });
    renderWithProviders(<DemoBanner />, { path: '/login' });

    const banner = await screen.findByRole('region', { name: 'Demo data' });
    expect(within(banner).getByText('clinician')).toBeInTheDocument();
    expect(within(banner).getByText('Clinician')).toBeInTheDocument();
    expect(within(banner).getByText('admin')).toBeInTheDocument();
    expect(within(banner).getByText('Administrator')).toBeInTheDocument();
    expect(within(banner).getByText('rls-demo-2026')).toBeInTheDocument();
  });

  it('shows no demo banner when the server is not in demo mode', async () => {
    mockApi({
      'GET /api/demo': () => jsonResponse(200, { demo: false }),
    });
    renderWithProviders(<DemoBanner />, { path: '/login' });

    await waitFor(() => expect(fetch).toHaveBeenCalledWith('/api/demo', expect.anything()));
    expect(screen.queryByText('Demo data')).not.toBeInTheDocument();
  });

  it('signs in a clinician and lands on the worklist with their name in the top bar', async () => {
    let signedIn = false;
    const { requests } = mockApi({
      'GET /api/session': () => (signedIn ? jsonResponse(200, clinicianSession) : notSignedIn()),
      'GET /api/demo': () => jsonResponse(200, { demo: false }),
      'POST /api/session': () => {
        signedIn = true;
        return jsonResponse(200, clinicianSession);
      },
      'GET /api/patients': () => jsonResponse(200, worklistPage),
    });
    const { user, router } = renderApp('/login');

    await user.type(await screen.findByLabelText(/username/i), 'clinician');
    await user.type(screen.getByLabelText(/password/i), 'correct-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Worklist' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/worklist');
    expect(screen.getByRole('cell', { name: 'MRN-000101' })).toBeInTheDocument();
    expect(screen.getByText('Dr. Ana Ferreira', { selector: 'header p' })).toBeInTheDocument();
    expect(
      within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Worklist' }),
    ).toHaveAttribute('aria-current', 'page');
    await waitFor(() => expect(document.title).toBe('Worklist · RLS Workup'));
    // Reading the worklist is a GET: no CSRF header needed, but cookies go along.
    const list = requests.find((r) => r.path === '/api/patients');
    expect(list?.method).toBe('GET');
  });

  it('returns to the page that asked for sign-in', async () => {
    let signedIn = false;
    mockApi({
      'GET /api/session': () => (signedIn ? jsonResponse(200, clinicianSession) : notSignedIn()),
      'GET /api/demo': () => jsonResponse(200, { demo: false }),
      'POST /api/session': () => {
        signedIn = true;
        return jsonResponse(200, clinicianSession);
      },
      'GET /api/patients': () => jsonResponse(200, worklistPage),
    });
    const { user, router } = renderApp('/worklist');

    await screen.findByRole('heading', { name: 'Sign in' });
    expect(router.state.location.search).toEqual({ redirect: '/worklist' });

    await user.type(screen.getByLabelText(/username/i), 'clinician');
    await user.type(screen.getByLabelText(/password/i), 'correct-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Worklist' })).toBeInTheDocument();
  });
});

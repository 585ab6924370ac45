import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { hasUnsavedWork } from '@/lib/unsaved-work';
import { errorResponse, jsonResponse, mockApi, type MockRequest } from '@/testing/fetch-mock';
import { clinicianSession, worklistPage } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { evaluationFixture, fakeEvaluationServer, workspacePatient } from '../test-fixtures';

// Unsaved edits outlive the workspace (autosave-store.ts): a session that ends mid-typing, the same
// user signing in again, someone else signing in, and logging out with edits still waiting.

const SAVE_WAIT = { timeout: 10_000 };
const KEPT = 'Signed out — your unsaved changes are kept; sign in again to save them.';
const otherClinician = {
  user: { id: 'u-other', username: 'clinician2', name: 'Dr. Lee Novak', role: 'clinician' as const },
  csrfToken: 'csrf-other',
};

function setup(signInAs = clinicianSession) {
  const server = fakeEvaluationServer(evaluationFixture());
  let sessionAlive = true;
  let networkDown = false;
  let hold: Promise<void> | null = null;
  const api = mockApi({
    'GET /api/session': () =>
      sessionAlive ? jsonResponse(200, clinicianSession) : errorResponse(401, 'unauthenticated', 'Sign in.'),
    'POST /api/session': () => {
      sessionAlive = true;
      return jsonResponse(200, signInAs);
    },
    'DELETE /api/session': () => {
      sessionAlive = false;
      return jsonResponse(204);
    },
    'GET /api/demo': () => jsonResponse(200, { demo: false }),
    'GET /api/patients': () => jsonResponse(200, worklistPage),
    'GET /api/health': () => jsonResponse(200, { status: 'ok' }),
    'GET /api/evaluations/e1': () =>
      sessionAlive ? server.get() : errorResponse(401, 'unauthenticated', 'Sign in.'),
    'GET /api/patients/p1': () => jsonResponse(200, workspacePatient),
    'PATCH /api/evaluations/e1': async (request: MockRequest) => {
      if (networkDown) throw new TypeError('Failed to fetch');
      if (hold) await hold;
      return sessionAlive
        ? server.patch(request)
        : errorResponse(401, 'unauthenticated', 'Your session ended.');
    },
    'GET /api/clinicians': () => jsonResponse(200, [{ id: 'u-clin', name: 'Dr. Ana Ferreira' }]),
  });
  const patches = () => api.requests.filter((r) => r.method === 'PATCH');
  return {
    server,
    requests: api.requests,
    patches,
    endSession: () => {
      sessionAlive = false;
    },
    /** Saves wait for the returned release function. */
    holdSaves: () => {
      let release = () => {};
      hold = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        hold = null;
        release();
      };
    },
    /** Saves fail at the network level (the rest still answers). */
    failSaves: () => {
      networkDown = true;
    },
  };
}

async function signIn(user: ReturnType<typeof renderApp>['user'], username: string) {
  await user.type(screen.getByLabelText(/username/i), username);
  await user.type(screen.getByLabelText(/password/i), 'rls-demo-2026');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('unsaved edits across the session', { timeout: 60_000 }, () => {
  it('keeps edits typed as the session ends, and saves them in order once the same user signs in again', async () => {
    const { server, patches, endSession, holdSaves } = setup();
    const { user, router } = renderApp('/evaluations/e1/labs');
    // The first save is on its way while the clinician types on; the session ends before it arrives.
    const releaseFirst = holdSaves();
    await user.type(await screen.findByLabelText('Ferritin'), '40');
    await user.type(screen.getByLabelText('Transferrin saturation (TSAT)'), '15');
    endSession();
    releaseFirst();

    // The save gets 401: the sign-in page says the edits are kept, and whose they are.
    expect(await screen.findByText(new RegExp(`^${KEPT}`), {}, SAVE_WAIT)).toHaveTextContent(
      'Signing in as someone else discards them.',
    );
    expect(router.state.location.pathname).toBe('/login');
    expect(hasUnsavedWork()).toBe(true);
    const refused = patches().length;
    expect(refused).toBeGreaterThan(0);

    const releaseSaves = holdSaves();
    await signIn(user, 'clinician');

    // Back in the workspace, the values are on screen while their save is still on its way; they are
    // sent with the new CSRF token.
    expect(await screen.findByLabelText('Ferritin')).toHaveValue('40');
    expect(screen.getByLabelText('Transferrin saturation (TSAT)')).toHaveValue('15');
    expect(screen.getByText('Saving…')).toBeInTheDocument();
    releaseSaves();
    await waitFor(
      () => expect(server.state.current.answers).toMatchObject({ 'lab.ferritin': 40, 'lab.tsat': 15 }),
      SAVE_WAIT,
    );
    const resent = patches().slice(refused);
    expect(resent[0]!.body).toEqual({ answers: { 'lab.ferritin': 40, 'lab.tsat': 15 } });
    expect(resent[0]!.headers.get('X-CSRF-Token')).toBe(clinicianSession.csrfToken);
    expect(
      await screen.findByText(/^(All changes saved|Saved \d\d:\d\d)$/, {}, SAVE_WAIT),
    ).toBeInTheDocument();
    expect(hasUnsavedWork()).toBe(false);
  });

  it('drops them when someone else signs in: they were the other person’s', async () => {
    const { server, patches, endSession } = setup(otherClinician);
    const { user } = renderApp('/evaluations/e1/labs');
    await user.type(await screen.findByLabelText('Ferritin'), '40');
    endSession();
    await screen.findByText(new RegExp(`^${KEPT}`), {}, SAVE_WAIT);
    const before = patches().length;

    await signIn(user, 'clinician2');

    // The other clinician sees the evaluation as stored, without the previous person's edit.
    expect(await screen.findByLabelText('Ferritin')).toHaveValue('');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(patches()).toHaveLength(before);
    expect(server.state.current.answers['lab.ferritin']).toBeUndefined();
    expect(hasUnsavedWork()).toBe(false);
  });

  it('saves waiting edits before logging out', async () => {
    const { server, requests } = setup();
    const { user } = renderApp('/evaluations/e1/labs');
    await user.type(await screen.findByLabelText('Ferritin'), '40');
    // At once, before autosave's own delay.
    await user.click(screen.getByRole('button', { name: 'Log out' }));

    expect(await screen.findByText('You have signed out.')).toBeInTheDocument();
    expect(server.state.current.answers['lab.ferritin']).toBe(40);
    const order = requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    expect(order).toEqual(['PATCH /api/evaluations/e1', 'DELETE /api/session']);
  });

  it('does not log out while edits cannot be saved, unless asked to discard them', async () => {
    const { requests, failSaves } = setup();
    const { user } = renderApp('/evaluations/e1/labs');
    failSaves();
    await user.type(await screen.findByLabelText('Ferritin'), '40');
    await user.click(screen.getByRole('button', { name: 'Log out' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not sign out: Your latest changes could not be saved (The server could not be reached',
    );
    expect(screen.getByLabelText('Ferritin')).toHaveValue('40');
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Sign out anyway' }));
    expect(await screen.findByText('You have signed out.')).toBeInTheDocument();
    expect(hasUnsavedWork()).toBe(false);
  });
});

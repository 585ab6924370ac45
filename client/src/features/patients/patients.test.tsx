import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorResponse, jsonResponse, mockApi, type MockRequest } from '@/testing/fetch-mock';
import { clinicianSession, worklistPage } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { renderWithProviders } from '@/testing/render-with-providers';
import { noTrends } from '@/testing/trend-fixtures';
import { NewPatientButton } from './components/new-patient-button';
import { followedUpPatient, newPatient } from './test-fixtures';
import type { PatientDetail } from './types';

type Handler = (request: MockRequest) => Response | Promise<Response>;

function setup(path: string, routes: Record<string, Handler> = {}) {
  const api = mockApi({
    'GET /api/session': () => jsonResponse(200, clinicianSession),
    'GET /api/clinicians': () => jsonResponse(200, [{ id: 'u-clin', name: 'Dr. Ana Ferreira' }]),
    'GET /api/patients': () => jsonResponse(200, worklistPage),
    [`GET /api/patients/${followedUpPatient.id}`]: () => jsonResponse(200, followedUpPatient),
    [`GET /api/patients/${followedUpPatient.id}/trends`]: () => jsonResponse(200, noTrends),
    [`GET /api/patients/${newPatient.id}`]: () => jsonResponse(200, newPatient),
    ...routes,
  });
  return { ...renderApp(path), ...api };
}

/** The "New patient" button and its dialog alone, as on the worklist. */
function setupNewPatient(routes: Record<string, Handler> = {}) {
  const api = mockApi(routes);
  return {
    ...renderWithProviders(<NewPatientButton />, { path: '/worklist', session: clinicianSession }),
    ...api,
  };
}

async function openNewPatientDialog(user: ReturnType<typeof setup>['user']) {
  await user.click(await screen.findByRole('button', { name: 'New patient' }));
  return screen.findByRole('dialog', { name: 'New patient' });
}

async function fillNewPatient(user: ReturnType<typeof setup>['user'], dialog: HTMLElement) {
  // Pasting is typing without a render per keystroke (MUI fields are slow in jsdom).
  await user.click(within(dialog).getByRole('textbox', { name: 'MRN' }));
  await user.paste('MRN-000909');
  await user.click(within(dialog).getByRole('textbox', { name: 'Full name' }));
  await user.paste('Robin Hale');
  const birthDate = within(dialog).getByRole('group', { name: /Birth date/ });
  await user.click(within(birthDate).getByRole('spinbutton', { name: 'Day' }));
  await user.keyboard('01071980');
  // Leaving the date field (here for Sex) is what puts the date in the form.
  await user.click(within(dialog).getByRole('combobox', { name: 'Sex' }));
  await user.click(await screen.findByRole('option', { name: 'Male' }));
}

// MUI dialogs and menus render slowly in jsdom on a busy machine.
describe('new patient', { timeout: 30_000 }, () => {
  it('saves the patient and opens their page', async () => {
    const { user, router, requests } = setup('/worklist', {
      'POST /api/patients': () => jsonResponse(201, { ...newPatient, evaluations: undefined }),
    });
    const dialog = await openNewPatientDialog(user);

    await fillNewPatient(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Add patient' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/patients/p9'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Robin Hale' })).toBeInTheDocument();
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({
      mrn: 'MRN-000909',
      name: 'Robin Hale',
      birthDate: '1980-07-01',
      sex: 'male',
    });
    expect(post?.headers.get('X-CSRF-Token')).toBe('csrf-clinician');
    // A create carries an idempotency key (lib/idempotency.ts).
    expect(post?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('checks the fields with the shared schema before sending anything', async () => {
    const { user, requests } = setupNewPatient();
    const dialog = await openNewPatientDialog(user);

    await user.type(within(dialog).getByRole('textbox', { name: 'MRN' }), 'MRN 12/3');
    await user.click(within(dialog).getByRole('button', { name: 'Add patient' }));

    expect(within(dialog).getByRole('textbox', { name: 'MRN' })).toHaveAccessibleDescription(
      'MRN may contain only letters, digits and hyphens',
    );
    expect(within(dialog).getByRole('textbox', { name: 'Full name' })).toHaveAccessibleDescription(
      'Enter the name',
    );
    expect(within(dialog).getByRole('group', { name: /Birth date/ })).toHaveAccessibleDescription(
      'Enter the birth date',
    );
    expect(within(dialog).getByText('Choose the sex')).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('does not save a half-typed birth date: the field says why and keeps the cursor there', async () => {
    const { user, requests } = setupNewPatient();
    const dialog = await openNewPatientDialog(user);
    await fillNewPatient(user, dialog);

    const birthDate = within(dialog).getByRole('group', { name: /Birth date/ });
    await user.click(within(birthDate).getByRole('spinbutton', { name: 'Year' }));
    await user.keyboard('{Backspace}');
    await user.click(within(dialog).getByRole('button', { name: 'Add patient' }));

    expect(birthDate).toHaveAccessibleDescription(
      'Incomplete date: enter day, month and year. The date stays 1 Jul 1980.',
    );
    expect(within(birthDate).getByRole('spinbutton', { name: 'Day' })).toHaveFocus();
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('shows a duplicate MRN (409) on the MRN field and keeps what was typed', async () => {
    const { user, router } = setupNewPatient({
      'POST /api/patients': () =>
        errorResponse(409, 'duplicate_mrn', 'A patient with this MRN (MRN-000909) already exists.', {
          field: 'mrn',
        }),
    });
    const dialog = await openNewPatientDialog(user);

    await fillNewPatient(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Add patient' }));

    const mrn = within(dialog).getByRole('textbox', { name: 'MRN' });
    await waitFor(() => expect(mrn).toHaveAccessibleDescription('A patient with this MRN already exists'));
    expect(mrn).toHaveAttribute('aria-invalid', 'true');
    expect(mrn).toHaveValue('MRN-000909');
    expect(within(dialog).getByRole('textbox', { name: 'Full name' })).toHaveValue('Robin Hale');
    expect(router.state.location.pathname).toBe('/worklist');
  });

  it('shows a 422 on the birth date field it names', async () => {
    const { user } = setupNewPatient({
      'POST /api/patients': () =>
        errorResponse(422, 'invalid', 'birthDate: The birth date cannot be in the future.', {
          items: [{ code: 'birthDate', reason: 'The birth date cannot be in the future.' }],
        }),
    });
    const dialog = await openNewPatientDialog(user);

    await fillNewPatient(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Add patient' }));

    const birthDate = within(dialog).getByRole('group', { name: /Birth date/ });
    await waitFor(() =>
      expect(birthDate).toHaveAccessibleDescription('The birth date cannot be in the future.'),
    );
    expect(birthDate).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByRole('textbox', { name: 'MRN' })).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('shows other failures above the form', async () => {
    const { user } = setupNewPatient({
      'POST /api/patients': () => errorResponse(500, 'internal', 'Something went wrong on the server.'),
    });
    const dialog = await openNewPatientDialog(user);

    await fillNewPatient(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Add patient' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Something went wrong on the server.');
  });
});

describe('patient page', { timeout: 30_000 }, () => {
  it('shows demographics, the evaluations and the change between the last two', async () => {
    setup('/patients/p1');

    expect(await screen.findByRole('heading', { level: 1, name: 'Jordan Ellis' })).toBeInTheDocument();
    const demographics = screen.getByRole('region', { name: 'Demographics' });
    expect(demographics).toHaveTextContent('MRN-000101');
    expect(demographics).toHaveTextContent('12 Mar 1956');
    expect(demographics).toHaveTextContent('Female');

    const comparison = screen.getByRole('region', { name: 'Change since the previous evaluation' });
    const lines = within(comparison)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(lines).toEqual([
      'Ferritin 38 → 112 ng/mL (+74)',
      'TSAT 14.2 → 27.5 % (+13.3)',
      'IRLS total 24 → 12 · severe → moderate (−12)',
      'ABI left 0.93 → 0.88 (−0.05)',
      'ABI right 1.02 → not recorded',
    ]);

    const table = screen.getByRole('table', { name: 'Evaluations' });
    const [, latest, previous] = within(table).getAllByRole('row');
    expect(latest).toHaveTextContent('Draft');
    expect(latest).toHaveTextContent('Labs');
    expect(within(latest!).getByRole('link', { name: 'Open' })).toHaveAttribute(
      'href',
      '/evaluations/e2/history',
    );
    expect(previous).toHaveTextContent('Signed');
    expect(previous).toHaveTextContent('Dr. Ana Ferreira');
    expect(previous).toHaveTextContent('1 May 2026');
    expect(within(previous!).getByRole('link', { name: 'View' })).toHaveAttribute(
      'href',
      '/evaluations/e1/history',
    );

    // The open draft is continued where it was left, not started again.
    expect(screen.getByRole('link', { name: 'Continue evaluation' })).toHaveAttribute(
      'href',
      '/evaluations/e2/labs',
    );
    expect(screen.queryByRole('button', { name: 'Start evaluation' })).not.toBeInTheDocument();
  });

  it('hides the comparison until two evaluations have values', async () => {
    const oneWithValues: PatientDetail = {
      ...followedUpPatient,
      evaluations: [followedUpPatient.evaluations[1]!],
    };
    setup('/patients/p1', { 'GET /api/patients/p1': () => jsonResponse(200, oneWithValues) });

    await screen.findByRole('heading', { level: 1, name: 'Jordan Ellis' });
    expect(
      screen.queryByRole('region', { name: 'Change since the previous evaluation' }),
    ).not.toBeInTheDocument();
  });

  it('starts an evaluation and opens it, retrying a lost answer with the same idempotency key', async () => {
    let lost = 1;
    const { user, router, requests } = setup('/patients/p9', {
      'POST /api/patients/p9/evaluations': () => {
        // The server created it, but the answer never arrived: the retry gets the same evaluation.
        if (lost-- > 0) throw new TypeError('Failed to fetch');
        return jsonResponse(201, { id: 'e-new', patientId: 'p9', status: 'draft' });
      },
      // The workspace (another feature) loads the evaluation next; its content is not under test here.
      'GET /api/evaluations/e-new': () => errorResponse(404, 'not_found', 'Not found.'),
    });
    expect(await screen.findByText('No evaluations yet')).toBeInTheDocument();
    // A first evaluation: nothing to carry forward, no follow-up choice offered.
    expect(screen.queryByRole('button', { name: 'Start blank' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Trends' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Start evaluation' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/evaluations/e-new/history'));
    const posts = requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.path, r.body])).toEqual([
      ['/api/patients/p9/evaluations', {}],
      ['/api/patients/p9/evaluations', {}],
    ]);
    expect(posts[0]!.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[1]!.headers.get('Idempotency-Key')).toBe(posts[0]!.headers.get('Idempotency-Key'));
  });

  it('says why an evaluation could not be started', async () => {
    const { user } = setup('/patients/p9', {
      'POST /api/patients/p9/evaluations': () =>
        errorResponse(500, 'internal', 'Something went wrong on the server.'),
    });

    await user.click(await screen.findByRole('button', { name: 'Start evaluation' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not start the evaluation: Something went wrong on the server.',
    );
  });

  it('edits demographics, sending only what changed, and warns what a sex change clears', async () => {
    let saved: PatientDetail = followedUpPatient;
    const { user, requests } = setup('/patients/p1', {
      'GET /api/patients/p1': () => jsonResponse(200, saved),
      'PATCH /api/patients/p1': (request) => {
        saved = { ...saved, ...(request.body as Partial<PatientDetail>), version: saved.version + 1 };
        return jsonResponse(200, saved);
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit patient details' });
    expect(within(dialog).getByRole('textbox', { name: 'MRN' })).toHaveValue('MRN-000101');
    expect(within(dialog).queryByText(/clears these answers/)).not.toBeInTheDocument();

    await user.click(within(dialog).getByRole('combobox', { name: 'Sex' }));
    await user.click(await screen.findByRole('option', { name: 'Male' }));
    expect(
      within(dialog).getByText(/Changing sex to Male clears these answers in the open evaluation/),
    ).toHaveTextContent('Currently pregnant');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const patch = requests.find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({ sex: 'male' });
    expect(patch?.headers.get('If-Match')).toBe('"1"');
    await waitFor(() =>
      expect(screen.getByRole('region', { name: 'Demographics' })).toHaveTextContent('Male'),
    );
  });

  it('does not overwrite a change someone else saved meanwhile (412)', async () => {
    const { user } = setup('/patients/p1', {
      'PATCH /api/patients/p1': () =>
        errorResponse(412, 'stale', 'Someone else changed this patient after you opened it.', {
          current: { ...followedUpPatient, version: 2 },
        }),
    });

    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit patient details' });
    await user.click(within(dialog).getByRole('textbox', { name: 'Full name' }));
    await user.paste(' Jr');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Someone else changed this patient after you opened it.',
    );
    expect(within(dialog).getByRole('textbox', { name: 'Full name' })).toHaveValue('Jordan Ellis Jr');
  });

  it('cancels an edit without saving', async () => {
    const { user, requests } = setup('/patients/p1');

    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit patient details' });
    await user.clear(within(dialog).getByRole('textbox', { name: 'Full name' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Full name' }), 'Someone Else');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(requests.some((r) => r.method === 'PATCH')).toBe(false);
    expect(screen.getByRole('heading', { level: 1, name: 'Jordan Ellis' })).toBeInTheDocument();
  });

  it('shows a not-found page for an unknown patient', async () => {
    setup('/patients/nope', {
      'GET /api/patients/nope': () => errorResponse(404, 'not_found', 'Patient not found.'),
    });

    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });

  it('shows a failed load with a retry that loads the patient', async () => {
    let failing = true;
    const { user } = setup('/patients/p1', {
      'GET /api/patients/p1': () =>
        failing
          ? errorResponse(503, 'unavailable', 'The database is busy.')
          : jsonResponse(200, followedUpPatient),
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The database is busy.');
    failing = false;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));

    // The router shows the loading state for at least its `pendingMinMs` (500 ms) on a retry.
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Jordan Ellis' }, { timeout: 3000 }),
    ).toBeInTheDocument();
  });
});

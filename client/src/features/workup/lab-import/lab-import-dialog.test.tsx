import type { EvaluationDto, LabImportResult } from '@rls/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorResponse, jsonResponse, mockApi, type MockRequest } from '@/testing/fetch-mock';
import { clinicianSession } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { evaluationFixture, fakeEvaluationServer, workspacePatient } from '../test-fixtures';

// The labs stage's import: a CSV or FHIR file (or pasted text) → preview (nothing written) → apply with
// If-Match through the workspace's save path. Fictitious values only.

const CSV =
  'loinc,value,unit,date\n718-7,135,g/L,2026-11-18\n2276-4,32,ng/mL,2026-11-18\n9999-9,5,mg/dL,2026-11-18\n';

/** What the server previews for CSV above on an evaluation whose ferritin was 40. */
const PREVIEW: LabImportResult = {
  applied: false,
  filled: [
    {
      code: 'lab.hemoglobin',
      loinc: '718-7',
      value: 13.5,
      unit: 'g/dL',
      entered: { value: 135, unit: 'g/L' },
      previous: null,
      effective: '2026-11-18',
    },
    {
      code: 'lab.ferritin',
      loinc: '2276-4',
      value: 32,
      unit: 'ng/mL',
      entered: { value: 32, unit: 'ng/mL' },
      previous: 40,
      effective: '2026-11-18',
    },
  ],
  skipped: [
    {
      row: 3,
      loinc: '9999-9',
      reason: 'unknown-code',
      message: 'LOINC 9999-9 is not a lab of this workup.',
    },
  ],
};

type Handler = (request: MockRequest) => Response | Promise<Response>;

function setup(initial: EvaluationDto, importHandler?: Handler) {
  const server = fakeEvaluationServer(initial);
  // Apply stores the previewed answers like a PATCH (same If-Match check), and answers as the server does.
  const defaultImport: Handler = async (request) => {
    if (request.url.searchParams.get('preview') === 'true') return jsonResponse(200, PREVIEW);
    const saved = server.patch({
      ...request,
      body: { answers: { 'lab.hemoglobin': { value: 135, unit: 'g/L' }, 'lab.ferritin': 32 } },
    });
    if (!saved.ok) return saved;
    const evaluation = (await saved.json()) as EvaluationDto;
    return jsonResponse(200, { ...PREVIEW, applied: true, evaluation }, { ETag: `"${evaluation.version}"` });
  };
  const api = mockApi({
    'GET /api/session': () => jsonResponse(200, clinicianSession),
    'GET /api/evaluations/e1': () => server.get(),
    'GET /api/patients/p1': () => jsonResponse(200, workspacePatient),
    'PATCH /api/evaluations/e1': (request) => server.patch(request),
    'GET /api/clinicians': () => jsonResponse(200, [{ id: 'u-clin', name: 'Dr. Ana Ferreira' }]),
    'POST /api/evaluations/e1/labs/import': importHandler ?? defaultImport,
  });
  const imports = () => api.requests.filter((r) => r.path === '/api/evaluations/e1/labs/import');
  return { server, api, imports };
}

async function openDialog(user: ReturnType<typeof renderApp>['user']) {
  await user.click(await screen.findByRole('button', { name: 'Import lab results' }));
  return screen.findByRole('dialog', { name: 'Import lab results' });
}

async function pasteAndPreview(
  user: ReturnType<typeof renderApp>['user'],
  dialog: HTMLElement,
  text: string,
) {
  const field = within(dialog).getByRole('textbox', { name: 'Or paste the results' });
  await user.click(field);
  await user.paste(text);
  await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
}

describe('lab import', { timeout: 60_000 }, () => {
  it('previews what a CSV fills and skips, then applies it with If-Match and shows the stored values', async () => {
    const { imports, server } = setup(evaluationFixture({ answers: { 'lab.ferritin': 40 } }));
    const { user } = renderApp('/evaluations/e1/labs');
    const dialog = await openDialog(user);

    await pasteAndPreview(user, dialog, CSV);

    const table = await within(dialog).findByRole('table', { name: 'Results to fill' });
    const hb = within(table).getByRole('row', { name: /Haemoglobin/ });
    expect(
      within(hb)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['135 g/L', '13.5 g/dLconverted from g/L', 'empty', '18 Nov 2026']);
    const ferritin = within(table).getByRole('row', { name: /Ferritin/ });
    expect(ferritin).toHaveTextContent('40 ng/mLwill be replaced');
    expect(
      within(dialog).getByText(
        '2 results will be filled (1 replaces a value already entered); 1 row is skipped.',
      ),
    ).toHaveFocus();
    const skipped = within(dialog).getByRole('region', { name: 'Not imported (1)' });
    expect(skipped).toHaveTextContent('Row 3 (LOINC 9999-9): LOINC 9999-9 is not a lab of this workup.');

    // The preview was sent as CSV, in memory, without If-Match; nothing was stored.
    const [preview] = imports();
    expect(preview?.url.searchParams.get('preview')).toBe('true');
    expect(preview?.headers.get('Content-Type')).toBe('text/csv');
    expect(preview?.headers.get('If-Match')).toBeNull();
    expect(preview?.headers.get('X-CSRF-Token')).toBe(clinicianSession.csrfToken);
    expect(preview?.body).toBe(CSV);
    expect(server.state.current.version).toBe(3);

    await user.click(within(dialog).getByRole('button', { name: 'Apply 2 results' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const apply = imports()[1];
    expect(apply?.url.searchParams.get('preview')).toBeNull();
    expect(apply?.headers.get('If-Match')).toBe('"3"');
    expect(apply?.headers.get('Content-Type')).toBe('text/csv');
    // The fields show the stored values at once (no refetch): as entered, with the canonical value.
    expect(screen.getByLabelText('Haemoglobin')).toHaveValue('135');
    expect(screen.getByText(/^= 13\.5 g\/dL/)).toBeInTheDocument();
    expect(screen.getByLabelText('Ferritin')).toHaveValue('32');
    // Announced politely (a live region present from the start).
    expect(screen.getByText('Imported 2 lab results; 1 row was skipped. They are saved.')).toHaveAttribute(
      'role',
      'status',
    );
    expect(screen.getByText('All changes saved')).toBeInTheDocument();
  });

  it('saves unsaved edits first, so the preview and the If-Match are of what is stored', async () => {
    const { imports, server, api } = setup(evaluationFixture());
    const { user } = renderApp('/evaluations/e1/labs');
    await user.type(await screen.findByLabelText('Ferritin'), '40');
    const dialog = await openDialog(user);

    await pasteAndPreview(user, dialog, CSV);
    await within(dialog).findByRole('table', { name: 'Results to fill' });

    const patchIndex = api.requests.findIndex((r) => r.method === 'PATCH');
    const previewIndex = api.requests.findIndex((r) => r.path.endsWith('/labs/import'));
    expect(patchIndex).toBeGreaterThanOrEqual(0);
    expect(patchIndex).toBeLessThan(previewIndex);
    expect(server.state.current.answers['lab.ferritin']).toBe(40);

    await user.click(within(dialog).getByRole('button', { name: 'Apply 2 results' }));
    await waitFor(() => expect(imports()).toHaveLength(2));
    expect(imports()[1]?.headers.get('If-Match')).toBe('"4"');
  });

  it('sends a chosen FHIR file as application/fhir+json', async () => {
    const { imports } = setup(evaluationFixture());
    const { user } = renderApp('/evaluations/e1/labs');
    const dialog = await openDialog(user);
    const bundle = JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [] });
    const input = dialog.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error('no file input');

    await user.upload(input, new File([bundle], 'results.json', { type: 'application/json' }));

    expect(await within(dialog).findByText('results.json')).toBeInTheDocument();
    expect(within(dialog).queryByRole('textbox', { name: 'Or paste the results' })).not.toBeInTheDocument();
    expect(within(dialog).getByText('Read as FHIR JSON (Bundle of Observations).')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    await within(dialog).findByRole('table', { name: 'Results to fill' });
    expect(imports()[0]?.headers.get('Content-Type')).toBe('application/fhir+json');
    expect(imports()[0]?.body).toEqual(JSON.parse(bundle));
    expect(within(dialog).getByText(/^From results\.json, read as FHIR JSON/)).toBeInTheDocument();
  });

  it('says when nothing can be imported, listing each skipped row with its reason', async () => {
    setup(evaluationFixture(), () =>
      errorResponse(422, 'nothing_to_import', 'No row could be imported.', {
        skipped: [
          {
            row: 1,
            loinc: '2276-4',
            reason: 'unknown-unit',
            message: 'Unit "mmol/L" is not known for Ferritin.',
          },
          { row: 2, loinc: null, reason: 'not-a-number', message: 'The value "high" is not a number.' },
        ],
      }),
    );
    const { user } = renderApp('/evaluations/e1/labs');
    const dialog = await openDialog(user);

    await pasteAndPreview(user, dialog, '2276-4,5,mmol/L\nxx,high,g/L\n');

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Nothing to import');
    expect(alert).toHaveTextContent(
      'No result in this file can fill a lab of this workup. Nothing was changed.',
    );
    expect(alert).toHaveTextContent('Row 1 (LOINC 2276-4): Unit "mmol/L" is not known for Ferritin.');
    expect(alert).toHaveTextContent('Row 2: The value "high" is not a number.');
    expect(alert).toHaveFocus();
    expect(within(dialog).queryByRole('button', { name: /^Apply/ })).not.toBeInTheDocument();
    // The text stays, to be corrected and previewed again.
    expect(within(dialog).getByRole('textbox', { name: 'Or paste the results' })).toHaveValue(
      '2276-4,5,mmol/L\nxx,high,g/L\n',
    );
  });

  it('shows a preview that fills nothing as such, with no Apply', async () => {
    setup(evaluationFixture(), () =>
      jsonResponse(200, {
        applied: false,
        filled: [],
        skipped: [
          {
            row: 1,
            loinc: '9999-9',
            reason: 'unknown-code',
            message: 'LOINC 9999-9 is not a lab of this workup.',
          },
          { row: 2, loinc: '2276-4', reason: 'not-a-number', message: 'The value "high" is not a number.' },
        ],
      } satisfies LabImportResult),
    );
    const { user } = renderApp('/evaluations/e1/labs');
    const dialog = await openDialog(user);

    await pasteAndPreview(user, dialog, 'loinc,value,unit\n9999-9,5,mg/dL\n2276-4,high,ng/mL\n');

    expect(await within(dialog).findByText('Nothing can be imported: all 2 rows are skipped.')).toHaveFocus();
    expect(within(dialog).queryByRole('table')).not.toBeInTheDocument();
    expect(within(dialog).getByRole('region', { name: 'Not imported (2)' })).toHaveTextContent(
      'Row 2 (LOINC 2276-4): The value "high" is not a number.',
    );
    expect(within(dialog).queryByRole('button', { name: /^Apply/ })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Back' }));
    expect(within(dialog).getByRole('textbox', { name: 'Or paste the results' })).toHaveValue(
      'loinc,value,unit\n9999-9,5,mg/dL\n2276-4,high,ng/mL\n',
    );
  });

  it('names what is wrong with a file the server cannot read', async () => {
    setup(evaluationFixture(), () =>
      errorResponse(422, 'invalid', '(header): has no loinc column', {
        items: [
          {
            code: '(header)',
            reason:
              'has no loinc column: the first line must be the header loinc,value,unit (and optionally date)',
          },
        ],
      }),
    );
    const { user } = renderApp('/evaluations/e1/labs');
    const dialog = await openDialog(user);

    await pasteAndPreview(user, dialog, '718-7,13,g/dL\n');

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('The file could not be read');
    expect(alert).toHaveTextContent(
      'The header line has no loinc column: the first line must be the header loinc,value,unit (and optionally date). Nothing was changed.',
    );
  });

  it.each([
    [413, 'payload_too_large', 'The request body is too large.', 'The file is too large'],
    [
      400,
      'bad_request',
      'The FHIR JSON could not be parsed: Unexpected end of input.',
      'The file could not be read',
    ],
  ])('shows a %i with the server’s message', async (status, code, message, title) => {
    setup(evaluationFixture(), () => errorResponse(status, code, message));
    const { user } = renderApp('/evaluations/e1/labs');
    const dialog = await openDialog(user);

    await pasteAndPreview(user, dialog, '{"resourceType": "Bundle"');

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(title);
    expect(alert).toHaveTextContent(message);
  });

  it('refuses a file over the size limit without reading or sending it', async () => {
    const { imports } = setup(evaluationFixture());
    const { user } = renderApp('/evaluations/e1/labs');
    const dialog = await openDialog(user);
    const input = dialog.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error('no file input');

    await user.upload(input, new File(['x'.repeat(1024 * 1024 + 1)], 'everything.csv', { type: 'text/csv' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('everything.csv is 1.0 MB; the import takes files up to 1.0 MB.');
    expect(within(dialog).getByRole('button', { name: 'Preview' })).toBeDisabled();
    expect(imports()).toHaveLength(0);
  });

  it('after a 412 on apply, takes the stored evaluation and previews again before applying', async () => {
    let previews = 0;
    let applies = 0;
    const theirs = evaluationFixture({ version: 4, answers: { 'lab.ferritin': 55 } });
    setup(evaluationFixture({ answers: { 'lab.ferritin': 40 } }), (request) => {
      if (request.url.searchParams.get('preview') === 'true') {
        previews += 1;
        const ferritin = previews === 1 ? 40 : 55;
        return jsonResponse(200, {
          ...PREVIEW,
          filled: PREVIEW.filled.map((f) => (f.code === 'lab.ferritin' ? { ...f, previous: ferritin } : f)),
        });
      }
      applies += 1;
      return errorResponse(412, 'stale', 'Someone else changed this evaluation.', { current: theirs });
    });
    const { user } = renderApp('/evaluations/e1/labs');
    const dialog = await openDialog(user);
    await pasteAndPreview(user, dialog, CSV);
    await within(dialog).findByRole('table', { name: 'Results to fill' });

    await user.click(within(dialog).getByRole('button', { name: 'Apply 2 results' }));

    expect(
      await within(dialog).findByText(/Someone else saved this evaluation while you were reviewing/),
    ).toBeVisible();
    const ferritin = within(dialog).getByRole('row', { name: /Ferritin/ });
    expect(ferritin).toHaveTextContent('55 ng/mL');
    expect(applies).toBe(1);
    expect(previews).toBe(2);
    // The workspace shows their value meanwhile.
    expect(screen.getByLabelText('Ferritin')).toHaveValue('55');
  });

  it('says the evaluation was signed when apply answers 409', async () => {
    setup(evaluationFixture(), (request) =>
      request.url.searchParams.get('preview') === 'true'
        ? jsonResponse(200, PREVIEW)
        : errorResponse(409, 'signed', 'This evaluation is signed.'),
    );
    const { user } = renderApp('/evaluations/e1/labs');
    const dialog = await openDialog(user);
    await pasteAndPreview(user, dialog, CSV);
    await user.click(await within(dialog).findByRole('button', { name: 'Apply 2 results' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('This evaluation is signed');
    expect(alert).toHaveTextContent('Nothing was changed. To correct a signed evaluation, amend it.');
  });

  it('cannot be used on a signed evaluation', async () => {
    setup(
      evaluationFixture({
        status: 'signed',
        currentStage: 'signed',
        signedAt: '2026-11-21T10:00:00.000Z',
        signedBy: 'u-clin',
      }),
    );
    renderApp('/evaluations/e1/labs');

    expect(await screen.findByRole('button', { name: 'Import lab results' })).toBeDisabled();
    expect(screen.getByText('Signed: results can no longer be imported.')).toBeInTheDocument();
  });
});

import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockApi } from '@/testing/fetch-mock';
import { clinicianSession } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { evaluationFixture, fakeEvaluationServer, workspacePatient } from '../test-fixtures';

function setup(answers = {}) {
  const server = fakeEvaluationServer(evaluationFixture({ answers }));
  mockApi({
    'GET /api/session': () => jsonResponse(200, clinicianSession),
    'GET /api/evaluations/e1': () => server.get(),
    'GET /api/patients/p1': () => jsonResponse(200, workspacePatient),
    'PATCH /api/evaluations/e1': (request) => server.patch(request),
    'GET /api/clinicians': () => jsonResponse(200, [{ id: 'u-clin', name: 'Dr. Ana Ferreira' }]),
  });
}

// Whole-app renders of large stages are slow in jsdom.
describe('workspace layout', { timeout: 60_000 }, () => {
  it('names the MRN once in the header: "MRN-000101", not "MRN MRN-000101"', async () => {
    setup();
    renderApp('/evaluations/e1/exam');

    expect(await screen.findByRole('heading', { level: 1, name: 'Jordan Ellis' })).toBeInTheDocument();
    expect(screen.getByText('MRN-000101')).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('MRN MRN-');
  });

  it('"Still needed in Labs" lists only the labs the assessment waits for, by label', async () => {
    // Nothing answered: the neuropathy check waits for the exam's neurological items AND vitamin B12.
    setup();
    renderApp('/evaluations/e1/labs');

    const needed = await screen.findByRole('region', { name: 'Still needed in Labs' });
    const lines = within(needed)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(lines).toContain('Vitamin B12 — for the neuropathy check');
    expect(lines).toContain('Haemoglobin — for the anaemia check');
    // Only this stage's items: no exam or history item, no rule's reason text, no code.
    expect(needed).not.toHaveTextContent(/Vibration|Ankle reflex|monofilament|Comorbidities/);
    expect(needed).not.toHaveTextContent(/missing|pending|lab\.|neuropathy\.suspected/);

    // The other stages' items are under "Why incomplete", each under its own stage.
    const assessment = screen.getByRole('region', { name: 'Assessment' });
    const exam = within(assessment).getByRole('heading', { level: 4, name: 'Exam' }).parentElement!;
    expect(exam).toHaveTextContent(
      'Vibration sense (128 Hz, hallux) (left and right), Ankle reflex (left and right), 10-g monofilament (left and right) — for the neuropathy check',
    );
    expect(exam).not.toHaveTextContent('B12');
  });

  it('never shows a finding code where the assessment waits (venous reflux on the duplex)', async () => {
    setup({ 'duplex.performed': true });
    renderApp('/evaluations/e1/imaging');

    const needed = await screen.findByRole('region', { name: 'Still needed in Imaging' });
    expect(needed).toHaveTextContent('GSV (left and right), SSV (left and right)');
    expect(needed).toHaveTextContent('for venous findings');
    expect(screen.getByRole('region', { name: 'Assessment' })).not.toHaveTextContent(
      /venous\.|superficial-reflux|duplex\.refluxMs/,
    );
  });

  it('hides and shows the live assessment with a toggle', async () => {
    setup();
    const { user } = renderApp('/evaluations/e1/history');

    const hide = await screen.findByRole('button', { name: 'Hide assessment' });
    expect(hide).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('complementary', { name: 'Live assessment' })).toBeInTheDocument();

    await user.click(hide);
    expect(screen.queryByRole('complementary', { name: 'Live assessment' })).not.toBeInTheDocument();
    const show = screen.getByRole('button', { name: 'Show assessment' });
    expect(show).toHaveAttribute('aria-expanded', 'false');

    await user.click(show);
    expect(screen.getByRole('complementary', { name: 'Live assessment' })).toBeInTheDocument();
    expect(
      within(screen.getByRole('complementary')).getByRole('region', { name: 'Assessment' }),
    ).toBeVisible();
  });
});

import { suggestionCatalog } from '@rls/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ALL_CRITERIA_YES, IRON_AND_VENOUS, makeEvaluation } from '@/testing/evaluation-fixtures';
import { errorResponse, jsonResponse } from '@/testing/fetch-mock';
import type { HistoryEntry } from './api';
import { CLINICIAN, ready, renderSign } from './test-fixtures';

describe('sign step', { timeout: 30_000 }, () => {
  it('lists what blocks signing, each a link to the step that fixes it', async () => {
    const answers = { ...IRON_AND_VENOUS };
    delete answers['criteria.urge'];
    delete answers['criteria.notMimic'];
    renderSign(makeEvaluation({ answers, plan: { reviewed: false } }));

    const list = await screen.findByRole('list', { name: 'Blocks signing' });
    const links = within(list).getAllByRole('link');
    expect(links.map((l) => [l.textContent, l.getAttribute('href')])).toEqual([
      ['Urge to move the legs', '/evaluations/e-1/history'],
      ['Not solely explained by another condition', '/evaluations/e-1/history'],
      ['Plan reviewed', '/evaluations/e-1/plan'],
    ]);
    expect(list).toHaveTextContent('IRLSSG criterion must be answered before signing');
  });

  it('lists unanswered items that do not block, collapsed by stage', async () => {
    const { user } = renderSign(ready());

    expect(await screen.findByText('Nothing blocks signing', { exact: false })).toBeInTheDocument();
    const labs = await screen.findByRole('button', { name: /Labs \d+ not answered/ });
    expect(labs).toHaveAttribute('aria-expanded', 'false');
    await user.click(labs);
    expect(labs).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('Haemoglobin')).toBeVisible();
    // Answered items are not listed.
    expect(screen.queryByText('Ferritin')).not.toBeInTheDocument();
  });

  it('warns about carried answers nobody confirmed, by stage, without blocking the signature', async () => {
    const { user } = renderSign(
      ready({
        answers: { ...IRON_AND_VENOUS, familyHistory: true, comorbidities: ['diabetes'] },
        answerMeta: {
          'criteria.urge': { carriedFrom: 'e-0' },
          familyHistory: { carriedFrom: 'e-0' },
          comorbidities: { carriedFrom: 'e-0' },
          // Confirmed (saved in this visit): no mark left.
          'criteria.rest': {},
        },
      }),
    );

    const carried = await screen.findByRole('region', { name: 'Carried forward, not confirmed' });
    expect(carried).toHaveTextContent(
      '3 answers were carried from the previous evaluation and not confirmed',
    );
    const list = within(carried).getByRole('list', { name: 'Unconfirmed carried answers' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['History: Urge to move the legs, Family history of RLS, Known comorbidities Go to History']);
    expect(within(list).getByRole('link', { name: 'Go to History' })).toHaveAttribute(
      'href',
      '/evaluations/e-1/history',
    );
    // A warning, not a blocker.
    expect(screen.getByText('Nothing blocks signing', { exact: false })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Sign evaluation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign this evaluation?' });
    expect(dialog).toHaveTextContent('3 answers carried from the previous evaluation are not confirmed.');
    expect(within(dialog).getByRole('button', { name: 'Sign' })).toBeEnabled();
  });

  it('shows both warnings: carried answers not confirmed, and unanswered items except those marked not done', async () => {
    const evaluation = ready({
      answers: { ...IRON_AND_VENOUS, familyHistory: true },
      answerMeta: { familyHistory: { carriedFrom: 'e-0' }, 'lab.hemoglobin': { notDone: 'not drawn' } },
    });
    const { user } = renderSign(evaluation);

    const carried = await screen.findByRole('region', { name: 'Carried forward, not confirmed' });
    expect(within(carried).getByRole('list', { name: 'Unconfirmed carried answers' })).toHaveTextContent(
      'Family history of RLS',
    );
    const labs = await screen.findByRole('button', { name: /Labs \d+ not answered/ });
    await user.click(labs);
    // Marked not done: addressed, so not among the unanswered.
    expect(screen.queryByText('Haemoglobin')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Sign evaluation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign this evaluation?' });
    expect(dialog).toHaveTextContent('1 answer carried from the previous evaluation is not confirmed.');
    expect(dialog).toHaveTextContent(/\d+ items? (is|are) not answered/);
  });

  it('shows no carried-answers warning once every carried answer is confirmed', async () => {
    renderSign(ready({ answerMeta: { 'criteria.urge': {} } }));
    expect(await screen.findByText('Nothing blocks signing', { exact: false })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Carried forward, not confirmed' })).not.toBeInTheDocument();
  });

  it('saves pending edits, confirms with a summary, signs with If-Match and shows who signed', async () => {
    const saved = ready({ version: 8 });
    const signedAt = '2026-11-20T10:15:00.000Z';
    const { api, flush, user } = renderSign(ready({ version: 7 }), {
      flush: () => Promise.resolve(saved),
      routes: {
        'POST /api/evaluations/e-1/sign': () =>
          jsonResponse(200, {
            ...saved,
            version: 9,
            status: 'signed',
            signedAt,
            signedBy: CLINICIAN.id,
            currentStage: 'signed',
          }),
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Sign evaluation' }));
    expect(flush).toHaveBeenCalledTimes(1);

    const dialog = await screen.findByRole('dialog', { name: 'Sign this evaluation?' });
    expect(within(dialog).getByRole('heading', { name: 'Findings' })).toBeInTheDocument();
    expect(dialog).toHaveTextContent('Iron treatment indicated');
    expect(dialog).toHaveTextContent('Chronic venous insufficiency (CEAP ≥ C3)');
    expect(dialog).toHaveTextContent(suggestionCatalog['iron.iv-fcm'].label);
    expect(dialog).toHaveTextContent('Leg elevation');
    expect(dialog).toHaveTextContent('Follow-up: 12 Feb 2027');

    await user.click(within(dialog).getByRole('button', { name: 'Sign' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(flush).toHaveBeenCalledTimes(2);
    const signCall = api.requests.find((r) => r.method === 'POST');
    expect(signCall?.path).toBe('/api/evaluations/e-1/sign');
    expect(signCall?.headers.get('If-Match')).toBe('"8"');
    expect(signCall?.headers.get('X-CSRF-Token')).toBe('csrf-clinician');

    expect(await screen.findByText(/Signed by Dr\. Ana Ferreira on 20 Nov 2026/)).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Evaluation signed.');
    expect(screen.getByRole('button', { name: 'Amend' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sign evaluation' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Signed 20 Nov 2026 (original)' })).toHaveAttribute(
      'href',
      '/evaluations/e-1/versions/9',
    );
    // The record's save counter (9) is in the link's URL only, never on screen.
    expect(document.body).not.toHaveTextContent(/version \d/i);
  });

  it('warns in the dialog about a selected option carrying a caution, without blocking the signature', async () => {
    // Alcohol use and a gabapentinoid: respiratory depression (FDA-2019). IV iron was ticked earlier,
    // but the ferritin is normal now: no longer suggested.
    const evaluation = ready({
      answers: {
        ...ALL_CRITERIA_YES,
        'irls.total': 24,
        'lab.ferritin': 180,
        'lab.tsat': 30,
        substances: ['alcohol'],
      },
      plan: { selected: ['rls.gabapentin', 'iron.iv-fcm', 'lifestyle.avoid-substances'], reviewed: true },
    });
    const gabapentin = evaluation.assessment.findings
      .flatMap((f) => f.suggestions)
      .find((s) => s.id === 'rls.gabapentin');
    const caution = gabapentin?.cautions.find((c) => c.code === 'respiratory-depression');
    expect(caution).toBeDefined();
    const { user } = renderSign(evaluation, {
      routes: {
        'POST /api/evaluations/e-1/sign': () => jsonResponse(200, { ...evaluation, status: 'signed' }),
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Sign evaluation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign this evaluation?' });
    const warnings = within(dialog).getByRole('region', {
      name: 'Check the selected options before signing',
    });
    expect(warnings).toHaveTextContent('Warnings, not blockers');
    const cautioned = within(warnings).getByRole('list', { name: 'Selected options with cautions' });
    // One option with one caution: the option label, then the caution's title and text.
    expect(cautioned).toHaveTextContent(`${gabapentin!.label}Caution: ${caution!.text}`);
    // Options without a caution are not listed there.
    expect(cautioned).not.toHaveTextContent(suggestionCatalog['lifestyle.avoid-substances'].label);
    // The option the answers no longer suggest is named as well.
    expect(
      within(warnings).getByRole('list', { name: /no longer suggested for the current answers/ }),
    ).toHaveTextContent(suggestionCatalog['iron.iv-fcm'].label);
    // A warning, not a blocker.
    expect(within(dialog).getByRole('button', { name: 'Sign' })).toBeEnabled();
  });

  it('shows no caution warning when no selected option carries one', async () => {
    const { user } = renderSign(ready({ plan: { selected: ['iron.iv-fcm'], reviewed: true } }));
    await user.click(await screen.findByRole('button', { name: 'Sign evaluation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign this evaluation?' });
    expect(
      within(dialog).queryByRole('region', { name: /Check the selected options/ }),
    ).not.toBeInTheDocument();
  });

  it("shows the server's items when it refuses to sign (422)", async () => {
    const { user } = renderSign(ready(), {
      routes: {
        'POST /api/evaluations/e-1/sign': () =>
          errorResponse(422, 'sign_blocked', 'The evaluation cannot be signed yet.', {
            items: [{ code: 'criteria.rest', reason: 'IRLSSG criterion must be answered before signing' }],
            warnings: [],
          }),
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Sign evaluation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign this evaluation?' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('The evaluation cannot be signed yet.');
    expect(alert).toHaveTextContent(
      'Starts or worsens at rest — IRLSSG criterion must be answered before signing',
    );
    expect(screen.queryByText(/Signed by/)).not.toBeInTheDocument();
  });

  it('does not open the confirmation while the saved evaluation still has blockers', async () => {
    const unsaved = ready();
    const stored = { ...unsaved, plan: { ...unsaved.plan, reviewed: false } };
    const { user } = renderSign(unsaved, { flush: () => Promise.resolve(stored) });

    await user.click(await screen.findByRole('button', { name: 'Sign evaluation' }));
    expect(await screen.findByText(/Signing is blocked/)).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('asks for a reason before amending, then reopens the evaluation', async () => {
    const signed = ready({
      status: 'signed',
      version: 9,
      signedAt: '2026-11-20T10:15:00.000Z',
      signedBy: CLINICIAN.id,
    });
    const { api, user } = renderSign(signed, {
      history: [
        {
          version: 9,
          at: '2026-11-20T10:15:00.000Z',
          by: CLINICIAN.id,
          byName: CLINICIAN.name,
          event: 'sign',
          changes: [],
        },
      ],
      routes: {
        'POST /api/evaluations/e-1/amendments': (request) =>
          jsonResponse(201, {
            ...signed,
            status: 'amending',
            version: 10,
            signedAt: null,
            signedBy: null,
            amendments: [
              {
                id: 'a1',
                reason: (request.body as { reason: string }).reason,
                by: CLINICIAN.id,
                at: '2026-11-21T08:00:00.000Z',
                fromVersion: 9,
              },
            ],
          }),
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Amend' }));
    const dialog = await screen.findByRole('dialog', { name: 'Amend signed evaluation' });
    const reason = within(dialog).getByRole('textbox', { name: 'Reason for amendment' });
    expect(reason).toBeRequired();

    await user.click(within(dialog).getByRole('button', { name: 'Start amendment' }));
    expect(reason).toHaveAccessibleDescription('Enter the reason for the amendment.');
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);

    await user.type(reason, 'Duplex report received: corrected reflux');
    await user.click(within(dialog).getByRole('button', { name: 'Start amendment' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const post = api.requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ reason: 'Duplex report received: corrected reflux' });
    // Opening an amendment is a create: sent with an idempotency key (lib/idempotency.ts).
    expect(post?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await screen.findByText('Amendment 1 in progress')).toBeInTheDocument();
    expect(screen.getByText(/Started from: Signed 20 Nov 2026 \(original\)\./)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign evaluation' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Signed 20 Nov 2026 (original)' })).toHaveAttribute(
      'href',
      '/evaluations/e-1/versions/9',
    );
    expect(screen.getByRole('list', { name: 'Amendments' })).toHaveTextContent(
      'Amendment 1, opened 21 Nov 2026, 08:00 by Dr. Ana Ferreira: Duplex report received: corrected reflux',
    );
    expect(document.body).not.toHaveTextContent(/version \d/i);
  });

  it('shows the change history with item labels, units and who changed what', async () => {
    const history: HistoryEntry[] = [
      {
        version: 1,
        at: '2026-11-20T09:00:00.000Z',
        by: CLINICIAN.id,
        byName: CLINICIAN.name,
        event: 'create',
        changes: [],
      },
      {
        version: 2,
        at: '2026-11-20T09:05:00.000Z',
        by: CLINICIAN.id,
        byName: CLINICIAN.name,
        changes: [
          { code: 'lab.ferritin', from: null, to: 40 },
          { code: 'exam.ceap.left', from: 'C2', to: 'C3' },
          { code: 'lab.b12', from: 310, to: null, notDone: { from: null, to: 'Patient declined' } },
        ],
      },
      {
        version: 3,
        at: '2026-11-20T09:06:00.000Z',
        by: CLINICIAN.id,
        byName: CLINICIAN.name,
        changes: [{ code: 'plan.reviewed', from: false, to: true }],
      },
      {
        version: 4,
        at: '2026-11-20T09:07:00.000Z',
        by: CLINICIAN.id,
        byName: CLINICIAN.name,
        // The server records the treatment course as one line of words per medicine (medicationText).
        changes: [
          {
            code: 'plan.medications',
            from: [],
            to: [
              'IV ferric carboxymaltose 1000 mg single dose, from 2026-12-01',
              'Gabapentin 300 mg at night',
            ],
          },
        ],
      },
    ];
    const { user } = renderSign(ready({ answers: ALL_CRITERIA_YES }), { history });

    await user.click(await screen.findByRole('button', { name: 'Change history' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change history' });
    const table = await within(dialog).findByRole('table', { name: 'Change history' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      [
        expect.stringContaining('20 Nov 2026'),
        CLINICIAN.name,
        'Plan: treatment course',
        'None',
        'IV ferric carboxymaltose 1000 mg single dose, from 1 Dec 2026; Gabapentin 300 mg at night',
      ],
      [expect.stringContaining('20 Nov 2026'), CLINICIAN.name, 'Plan reviewed', 'No', 'Yes'],
      [expect.stringContaining('20 Nov 2026'), CLINICIAN.name, 'Ferritin', '—', '40 ng/mL'],
      ['CEAP clinical class (left)', 'C2 — varicose veins', 'C3 — oedema'],
      ['Vitamin B12', '310 pg/mL', 'not done — Patient declined'],
      [expect.stringContaining('20 Nov 2026'), CLINICIAN.name, 'Evaluation started'],
    ]);
  });
});

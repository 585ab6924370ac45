import { suggestionCatalog, type Amendment, type EvaluationDto } from '@rls/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { IRON_AND_VENOUS, fixturePatient } from '@/testing/evaluation-fixtures';
import { errorResponse, jsonResponse, mockApi } from '@/testing/fetch-mock';
import { clinicianSession } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import type { HistoryEntry } from './api';
import { CLINICIAN, ready, renderSign } from './test-fixtures';

// Signed versions are named by their signature ("Signed 14 Nov 2026 (original)", "Amendment 1 —
// 20 Nov 2026"), never by the record's save counter; re-signing an amendment shows what it changes.

const ORIGINAL_SIGNED_AT = '2026-11-14T16:30:00.000Z';
const AMENDMENT_SIGNED_AT = '2026-11-20T10:15:00.000Z';

const amendment: Amendment = {
  id: 'a1',
  reason: 'Duplex report received: corrected reflux',
  by: CLINICIAN.id,
  at: '2026-11-18T08:00:00.000Z',
  fromVersion: 9,
};

const entry = (version: number, at: string, rest: Partial<HistoryEntry> = {}): HistoryEntry => ({
  version,
  at,
  by: CLINICIAN.id,
  byName: CLINICIAN.name,
  changes: [],
  ...rest,
});

/** Started 14 Nov, signed (version 9), amended on 18 Nov, signed again on 20 Nov (version 12). */
const HISTORY: HistoryEntry[] = [
  entry(1, '2026-11-14T09:00:00.000Z', { event: 'create' }),
  entry(9, ORIGINAL_SIGNED_AT, { event: 'sign' }),
  entry(10, amendment.at, { event: 'amend', reason: amendment.reason }),
  entry(11, '2026-11-18T08:20:00.000Z', { changes: [{ code: 'lab.ferritin', from: 40, to: 25 }] }),
  entry(12, AMENDMENT_SIGNED_AT, { event: 'sign' }),
];

const SIGNED_PLAN = {
  selected: ['iron.iv-fcm'],
  custom: ['Leg elevation'],
  followUpDate: '2027-02-12',
  reviewed: true,
  medications: [],
};

/** The original signature (version 9), as `GET …/versions/9` returns it. */
const originalSnapshot = ready({
  status: 'signed',
  currentStage: 'signed',
  version: 9,
  signedAt: ORIGINAL_SIGNED_AT,
  signedBy: CLINICIAN.id,
  signedByName: CLINICIAN.name,
  plan: SIGNED_PLAN,
});

/** Amendment 1, signed (version 12): the evaluation as it reads now. */
const amendedAndSigned = ready({
  status: 'signed',
  currentStage: 'signed',
  version: 12,
  answers: { ...IRON_AND_VENOUS, 'lab.ferritin': 25 },
  signedAt: AMENDMENT_SIGNED_AT,
  signedBy: CLINICIAN.id,
  signedByName: CLINICIAN.name,
  amendments: [amendment],
});

/** Amendment 1 open (version 11), with `init` as its saved changes. */
const amending = (init: Partial<EvaluationDto> = {}) =>
  ready({
    status: 'amending',
    currentStage: 'labs',
    version: 11,
    amendments: [amendment],
    plan: SIGNED_PLAN,
    ...init,
  });

describe('signed versions', { timeout: 30_000 }, () => {
  it('names each signed version by its signature, never by the save counter', async () => {
    const { user } = renderSign(amendedAndSigned, { history: HISTORY });

    const list = await screen.findByRole('list', { name: 'Signed versions' });
    await waitFor(() => expect(list).toHaveTextContent('Signed 14 Nov 2026 (original)'));
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      'Signed 14 Nov 2026 (original) · Dr. Ana Ferreira',
      'Amendment 1 — 20 Nov 2026 · Dr. Ana Ferreira · current',
    ]);
    expect(
      within(list)
        .getAllByRole('link')
        .map((l) => [l.textContent, l.getAttribute('href')]),
    ).toEqual([
      ['Signed 14 Nov 2026 (original)', '/evaluations/e-1/versions/9'],
      ['Amendment 1 — 20 Nov 2026', '/evaluations/e-1/versions/12'],
    ]);
    expect(screen.getByText('Amendment 1 signed by Dr. Ana Ferreira on 20 Nov 2026, 10:15')).toBeVisible();
    expect(screen.getByRole('list', { name: 'Amendments' })).toHaveTextContent(
      'Amendment 1, opened 18 Nov 2026, 08:00 by Dr. Ana Ferreira: Duplex report received',
    );
    // The counters (9, 12) are only in the links' URLs.
    expect(document.body).not.toHaveTextContent(/version \d/i);

    await user.click(screen.getByRole('button', { name: 'Change history' }));
    const table = await within(await screen.findByRole('dialog', { name: 'Change history' })).findByRole(
      'table',
      { name: 'Change history' },
    );
    const events = within(table)
      .getAllByRole('cell')
      .map((c) => c.textContent)
      .filter((t) => /signed|opened|started/i.test(t ?? ''));
    expect(events).toEqual([
      'Amendment 1 signed',
      'Amendment 1 opened — reason: Duplex report received: corrected reflux',
      'Signed (original)',
      'Evaluation started',
    ]);
    expect(table).not.toHaveTextContent(/version \d/i);
  });

  it('names the signed version without its date until the history has loaded', async () => {
    renderSign(amendedAndSigned, {
      routes: { 'GET /api/evaluations/e-1/history': () => errorResponse(500, 'internal', 'Unavailable.') },
    });
    const list = await screen.findByRole('list', { name: 'Signed versions' });
    expect(
      within(list)
        .getAllByRole('link')
        .map((l) => l.textContent),
    ).toEqual(['Signed (original)', 'Amendment 1 — 20 Nov 2026']);
  });

  it('opens a signed version as its signature names it', async () => {
    mockApi({
      'GET /api/session': () => jsonResponse(200, clinicianSession),
      'GET /api/evaluations/e-1/versions/12': () => jsonResponse(200, amendedAndSigned),
      'GET /api/evaluations/e-1/history': () => jsonResponse(200, HISTORY),
      'GET /api/patients/p-1': () => jsonResponse(200, { ...fixturePatient, evaluations: [] }),
      'GET /api/clinicians': () => jsonResponse(200, [CLINICIAN]),
    });
    renderApp('/evaluations/e-1/versions/12');

    await screen.findByRole('article', { name: 'RLS workup report' });
    expect(
      screen.getByText(
        'Amendment 1 — 20 Nov 2026: the record as Dr. Ana Ferreira signed it on 20 Nov 2026, 10:15, a read-only snapshot. Later amendments do not change it.',
      ),
    ).toBeVisible();
    await waitFor(() => expect(document.title).toMatch(/^Signed version\b/));
    expect(document.title).not.toMatch(/\d/);
  });
});

describe('re-signing an amendment', { timeout: 30_000 }, () => {
  it('lists what the amendment changes, item by item as people read them, before signing', async () => {
    const evaluation = amending({
      answers: { ...IRON_AND_VENOUS, 'lab.ferritin': 25, 'exam.ceap.left': 'C4a' },
      answerMeta: { 'lab.ferritin': { value: 25, unit: 'ug/L' } },
      plan: { ...SIGNED_PLAN, selected: ['iron.iv-fcm', 'venous.compression-stockings'], custom: [] },
    });
    const { api, user } = renderSign(evaluation, {
      history: HISTORY.slice(0, 4),
      routes: {
        'GET /api/evaluations/e-1/versions/9': () => jsonResponse(200, originalSnapshot),
        'POST /api/evaluations/e-1/sign': () =>
          jsonResponse(200, {
            ...evaluation,
            status: 'signed',
            currentStage: 'signed',
            version: 12,
            signedAt: AMENDMENT_SIGNED_AT,
            signedBy: CLINICIAN.id,
            signedByName: CLINICIAN.name,
          }),
      },
    });
    expect(await screen.findByText('Amendment 1 in progress')).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Sign evaluation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign amendment 1?' });
    const section = within(dialog).getByRole('region', { name: 'What amendment 1 changes' });
    expect(section).toHaveTextContent('Reason: Duplex report received: corrected reflux');
    const changes = await within(section).findByRole('list', { name: 'Changes since the signed version' });
    expect(section).toHaveTextContent('Compared with: Signed 14 Nov 2026 (original)');
    expect(
      within(changes)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      // Walk order: exam before labs; the unchanged answers are not listed.
      'CEAP clinical class (left): C3 — oedema → C4a — pigmentation or eczema',
      'Ferritin: 40 ng/mL → 25 ng/mL (entered 25 µg/L)',
      `Plan: added ${suggestionCatalog['venous.compression-stockings'].label}`,
      'Plan: removed Leg elevation',
    ]);
    expect(dialog).not.toHaveTextContent(/version \d/i);

    await user.click(within(dialog).getByRole('button', { name: 'Sign' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.requests.find((r) => r.method === 'POST')?.headers.get('If-Match')).toBe('"11"');
    expect(screen.getByRole('status')).toHaveTextContent('Amendment 1 signed.');
  });

  it('lists a changed follow-up date and an answer marked not done', async () => {
    const answers = { ...IRON_AND_VENOUS };
    delete answers['lab.tsat'];
    const evaluation = amending({
      answers,
      answerMeta: { 'lab.tsat': { notDone: 'sample haemolysed' } },
      plan: { ...SIGNED_PLAN, followUpDate: null },
    });
    const { user } = renderSign(evaluation, {
      routes: { 'GET /api/evaluations/e-1/versions/9': () => jsonResponse(200, originalSnapshot) },
    });

    await user.click(await screen.findByRole('button', { name: 'Sign evaluation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign amendment 1?' });
    const changes = await within(dialog).findByRole('list', { name: 'Changes since the signed version' });
    expect(
      within(changes)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Transferrin saturation (TSAT): 15 % → not done — sample haemolysed',
      'Follow-up: 12 Feb 2027 → none planned',
    ]);
  });

  it('says so when the amendment changes nothing', async () => {
    const { user } = renderSign(amending(), {
      routes: { 'GET /api/evaluations/e-1/versions/9': () => jsonResponse(200, originalSnapshot) },
    });

    await user.click(await screen.findByRole('button', { name: 'Sign evaluation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign amendment 1?' });
    expect(
      await within(dialog).findByText(
        'Nothing has changed: the answers and the plan are as they were signed.',
      ),
    ).toBeVisible();
    expect(
      within(dialog).queryByRole('list', { name: 'Changes since the signed version' }),
    ).not.toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Sign' })).toBeEnabled();
  });

  it('still lets the amendment be signed when the signed version cannot be loaded', async () => {
    const { user } = renderSign(amending(), {
      routes: {
        'GET /api/evaluations/e-1/versions/9': () => errorResponse(500, 'internal', 'The server failed.'),
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Sign evaluation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign amendment 1?' });
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Could not load the signed version to compare with',
    );
    expect(within(dialog).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Sign' })).toBeEnabled();
  });

  it('asks "Sign this evaluation?" without an amendment section for a first signature', async () => {
    const { user } = renderSign(ready());
    await user.click(await screen.findByRole('button', { name: 'Sign evaluation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign this evaluation?' });
    expect(within(dialog).queryByRole('region', { name: /What amendment/ })).not.toBeInTheDocument();
  });
});

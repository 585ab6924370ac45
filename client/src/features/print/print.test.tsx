import {
  suggestionCatalog,
  type PatientDetail,
  type PatientEvaluationSummary,
  type TrendsDto,
} from '@rls/shared';
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ALL_CRITERIA_YES, fixturePatient, makeEvaluation } from '@/testing/evaluation-fixtures';
import { jsonResponse, mockApi } from '@/testing/fetch-mock';
import { clinicianSession } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { ironRecheckTrends, noTrends } from '@/testing/trend-fixtures';

const CLINICIAN = { id: 'u-clin', name: 'Dr. Ana Ferreira' };

const printedPatient: PatientDetail = { ...fixturePatient, version: 1, evaluations: [], followUp: null };

/** An evaluation of the patient's list, started at `startedAt`. */
function summaryOf(id: string, startedAt: string): PatientEvaluationSummary {
  return {
    id,
    status: 'signed',
    workflowVersion: 1,
    startedAt,
    updatedAt: startedAt,
    signedAt: startedAt,
    signedBy: CLINICIAN.id,
    signedByName: CLINICIAN.name,
    assigneeId: CLINICIAN.id,
    assigneeName: CLINICIAN.name,
    currentStage: 'signed',
    followUpDate: null,
    keyValues: { ferritin: null, tsat: null, irlsTotal: null, abiLeft: null, abiRight: null },
  };
}

function mockEvaluation(
  evaluation = makeEvaluation(),
  trends: TrendsDto = noTrends,
  patient = printedPatient,
) {
  return mockApi({
    'GET /api/patients/p-1/trends': () => jsonResponse(200, trends),
    'GET /api/session': () => jsonResponse(200, clinicianSession),
    'GET /api/evaluations/e-1': () => jsonResponse(200, evaluation, { ETag: `"${evaluation.version}"` }),
    'GET /api/evaluations/e-1/history': () => jsonResponse(200, []),
    'GET /api/evaluations/e-1/versions/9': () => jsonResponse(200, evaluation),
    'GET /api/patients/p-1': () => jsonResponse(200, patient),
    'GET /api/clinicians': () => jsonResponse(200, [CLINICIAN]),
  });
}

describe('print view', { timeout: 30_000 }, () => {
  it('prints patient, findings with evidence, key values, plan and an empty signature line, without app chrome', async () => {
    mockEvaluation(
      makeEvaluation({
        answerMeta: { 'lab.ferritin': { value: 40, unit: 'ug/L' } },
        plan: {
          selected: ['iron.iv-fcm', 'venous.compression-stockings'],
          custom: ['Recheck ferritin and TSAT in 12 weeks'],
          followUpDate: '2027-02-12',
          reviewed: true,
        },
      }),
    );
    renderApp('/evaluations/e-1/print');

    const doc = await screen.findByRole('article', { name: 'RLS workup report' });
    // No app shell on paper.
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Log out' })).not.toBeInTheDocument();

    const patient = within(doc).getByRole('region', { name: 'Patient' });
    expect(patient).toHaveTextContent('Robin Vale');
    expect(patient).toHaveTextContent('MRN-000777');
    expect(patient).toHaveTextContent('9 Apr 1968 (58 y)');
    expect(patient).toHaveTextContent('Female');

    const findings = within(doc).getByRole('region', { name: 'Findings' });
    expect(within(findings).getByRole('heading', { name: 'Iron treatment indicated' })).toBeInTheDocument();
    expect(findings).toHaveTextContent('Evidence: Ferritin 40 ng/mL; Transferrin saturation (TSAT) 15 %');
    expect(findings).toHaveTextContent('Evidence: GSV (left) 800 ms');

    const values = within(doc).getByRole('table', { name: 'Key values' });
    const row = (name: string) => within(values).getByRole('rowheader', { name }).closest('tr')!;
    expect(row('IRLS total score')).toHaveTextContent('24 / 40 (severe)');
    expect(row('Ferritin')).toHaveTextContent('40 ng/mL (entered 40 µg/L)');
    expect(row('Ferritin')).toHaveTextContent('F 24–307, M 24–336');
    expect(row('Transferrin saturation (TSAT)')).toHaveTextContent('15 %');
    expect(row('Transferrin saturation (TSAT)')).toHaveTextContent('20–50 %');
    expect(row('Transferrin saturation (TSAT)')).toHaveTextContent('L (low)');
    const indices = within(doc).getByRole('table', { name: 'Ankle- and toe-brachial index' });
    const abi = within(indices).getByRole('rowheader', { name: 'ABI' }).closest('tr')!;
    expect(Array.from(abi.cells).map((c) => c.textContent)).toEqual(['ABI', '1.05', '1.05', '1.00–1.40']);

    const plan = within(doc).getByRole('region', { name: 'Plan' });
    const fcm = suggestionCatalog['iron.iv-fcm'];
    expect(plan).toHaveTextContent(`${fcm.label} — ${fcm.guideline}, ${fcm.strength}`);
    expect(plan).toHaveTextContent(suggestionCatalog['venous.compression-stockings'].label);
    expect(plan).toHaveTextContent('Recheck ferritin and TSAT in 12 weeks');
    expect(plan).toHaveTextContent('Follow-up12 Feb 2027');

    const signature = within(doc).getByRole('region', { name: 'Signature' });
    expect(signature).toHaveTextContent('Not signed');
    expect(signature).toHaveTextContent('Signature');
    expect(signature).toHaveTextContent('Date');
  });

  it('prints the treatment course under its option and the trends up to this evaluation', async () => {
    // The recheck of 5 Dec 2026 is printed as e-1; the first visit (e1) came before it, e3 after it.
    const trends: TrendsDto = {
      ...ironRecheckTrends,
      series: ironRecheckTrends.series.map((s) =>
        s.code === 'lab.ferritin'
          ? {
              ...s,
              points: [
                { evaluationId: 'e1', date: '2026-10-09', value: 38 },
                { evaluationId: 'e-1', date: '2026-12-05', value: 112.4 },
                { evaluationId: 'e3', date: '2027-03-01', value: 190 },
              ],
            }
          : { ...s, points: [] },
      ),
      treatments: ironRecheckTrends.treatments.filter((t) => t.evaluationId === 'e1'),
      augmentation: [],
    };
    const patient: PatientDetail = {
      ...printedPatient,
      evaluations: [
        summaryOf('e3', '2027-03-01T09:00:00.000Z'),
        summaryOf('e-1', '2026-12-05T09:00:00.000Z'),
        summaryOf('e1', '2026-10-12T09:00:00.000Z'),
      ],
    };
    mockEvaluation(
      makeEvaluation({
        startedAt: '2026-12-05T09:00:00.000Z',
        startDate: '2026-12-05',
        plan: {
          selected: ['iron.iv-fcm'],
          medications: [
            { id: 'iron.iv-fcm', dose: 1000, unit: 'mg', frequency: 'single-dose', startDate: '2026-12-07' },
          ],
        },
      }),
      trends,
      patient,
    );
    renderApp('/evaluations/e-1/print');

    const doc = await screen.findByRole('article', { name: 'RLS workup report' });
    const plan = within(doc).getByRole('region', { name: 'Plan' });
    expect(plan).toHaveTextContent('Course: 1000 mg single dose, from 7 Dec 2026');

    const table = await within(doc).findByRole('table', { name: 'Trends' });
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Date', 'Ferritin (ng/mL)', 'Treatment changes'],
      ['9 Oct 2026', '38', '—'],
      ['12 Oct 2026', '—', 'Started IV ferric carboxymaltose'],
      ['5 Dec 2026', '112', '—'],
    ]);
  });

  it('prints TSAT computed from serum iron and TIBC, and flags the ABI against 1.00–1.40', async () => {
    mockEvaluation(
      makeEvaluation({
        answers: {
          ...ALL_CRITERIA_YES,
          'irls.total': 0,
          'lab.iron': 50,
          'lab.tibc': 300,
          'abi.left': 0.85,
          'abi.right': 1.5,
        },
      }),
    );
    renderApp('/evaluations/e-1/print');

    const doc = await screen.findByRole('article', { name: 'RLS workup report' });
    const values = within(doc).getByRole('table', { name: 'Key values' });
    const cells = (name: string) =>
      Array.from(within(values).getByRole('rowheader', { name }).closest('tr')!.cells).map(
        (cell) => cell.textContent,
      );
    expect(cells('IRLS total score')).toEqual(['IRLS total score', '0 / 40 (no symptoms)', '', '']);
    expect(cells('Serum iron')).toEqual(['Serum iron', '50 µg/dL', '50–150 µg/dL', '']);
    expect(cells('Transferrin saturation (TSAT)')).toEqual([
      'Transferrin saturation (TSAT)',
      '16.7 % (computed from serum iron and TIBC)',
      '20–50 %',
      'L (low)',
    ]);
    const indices = within(doc).getByRole('table', { name: 'Ankle- and toe-brachial index' });
    expect(
      Array.from(within(indices).getByRole('rowheader', { name: 'ABI' }).closest('tr')!.cells).map(
        (cell) => cell.textContent,
      ),
    ).toEqual(['ABI', '0.85 L (low)', '1.5 H (high)', '1.00–1.40']);
  });

  it('prints the duplex reflux table beside the ABI, pathologic values marked by the venous thresholds', async () => {
    mockEvaluation(
      makeEvaluation({
        workflowVersion: 2,
        answers: {
          ...ALL_CRITERIA_YES,
          'duplex.performed': true,
          'duplex.dvt': false,
          // SVS-VV-2022: superficial > 500 ms, deep > 1000 ms, perforator ≥ 500 ms and ≥ 3.5 mm.
          'duplex.refluxMs.gsv.left': 800,
          'duplex.refluxMs.gsv.right': 500,
          'duplex.refluxMs.ssv.left': 0,
          'duplex.refluxMs.cfv.right': 1200,
          'duplex.refluxMs.fv.left': 900,
          'duplex.refluxMs.perf.right': 500,
          'duplex.perfDiameterMm.right': 3.5,
          'duplex.perfDiameterMm.left': 2.1,
          'abi.left': 0.85,
          'abi.right': 1.1,
          'tbi.left': 0.6,
        },
      }),
    );
    renderApp('/evaluations/e-1/print');

    const doc = await screen.findByRole('article', { name: 'RLS workup report' });
    const vascular = within(doc).getByRole('region', { name: 'Vascular studies' });
    const duplex = within(vascular).getByRole('table', { name: 'Venous duplex: reflux time' });
    const cells = (table: HTMLElement, name: string) =>
      Array.from(within(table).getByRole('rowheader', { name }).closest('tr')!.cells).map(
        (cell) => cell.textContent,
      );
    expect(
      within(duplex)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Segment', 'Left', 'Right']);
    expect(cells(duplex, 'GSV')).toEqual(['GSV', '800 ms ▲ (pathologic)', '500 ms']);
    expect(cells(duplex, 'SSV')).toEqual(['SSV', '0 ms', '—']);
    expect(cells(duplex, 'CFV')).toEqual(['CFV', '—', '1200 ms ▲ (pathologic)']);
    expect(cells(duplex, 'FV')).toEqual(['FV', '900 ms', '—']);
    expect(cells(duplex, 'Perforator')).toEqual(['Perforator', '—', '500 ms ▲ (pathologic)']);
    expect(cells(duplex, 'Perforator diameter')).toEqual([
      'Perforator diameter',
      '2.1 mm',
      '3.5 mm ▲ (pathologic)',
    ]);
    expect(vascular).toHaveTextContent('GSV, SSV > 500 ms; CFV, FV, popliteal > 1000 ms');
    expect(vascular).toHaveTextContent('Thrombosis seen: No');

    const indices = within(vascular).getByRole('table', { name: 'Ankle- and toe-brachial index' });
    expect(cells(indices, 'ABI')).toEqual(['ABI', '0.85 L (low)', '1.1', '1.00–1.40']);
    expect(cells(indices, 'TBI')).toEqual(['TBI', '0.6 L (low)', '—', '> 0.70']);
  });

  it('says when no duplex was performed', async () => {
    mockEvaluation(makeEvaluation({ answers: { ...ALL_CRITERIA_YES, 'duplex.performed': false } }));
    renderApp('/evaluations/e-1/print');

    const doc = await screen.findByRole('article', { name: 'RLS workup report' });
    const vascular = within(doc).getByRole('region', { name: 'Vascular studies' });
    expect(
      within(vascular).queryByRole('table', { name: 'Venous duplex: reflux time' }),
    ).not.toBeInTheDocument();
    expect(vascular).toHaveTextContent('Venous duplex: reflux timeNot performed.');
  });

  it('prints who signed and the amendment notes; the Print button opens the print dialog', async () => {
    const print = vi.fn();
    vi.stubGlobal('print', print);
    mockEvaluation(
      makeEvaluation({
        status: 'signed',
        version: 12,
        signedAt: '2026-11-22T10:15:00.000Z',
        signedBy: CLINICIAN.id,
        amendments: [
          {
            id: 'a1',
            reason: 'Duplex report received',
            by: CLINICIAN.id,
            at: '2026-11-21T08:00:00.000Z',
            fromVersion: 9,
          },
        ],
      }),
    );
    const { user } = renderApp('/evaluations/e-1/print');

    const doc = await screen.findByRole('article', { name: 'RLS workup report' });
    const signature = within(doc).getByRole('region', { name: 'Signature' });
    expect(await within(signature).findByText('Dr. Ana Ferreira')).toBeInTheDocument();
    expect(signature).toHaveTextContent('on 22 Nov 2026');
    expect(signature).not.toHaveTextContent('Not signed');
    expect(within(doc).getByRole('region', { name: 'Amendment notes' })).toHaveTextContent(
      'Amendment 1, opened 21 Nov 2026, 08:00 by Dr. Ana Ferreira — reason: Duplex report received',
    );

    await user.click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledTimes(1);
  });

  it('prints each selected option with its cautions; never "None" as a guideline', async () => {
    const evaluation = makeEvaluation({
      answers: { ...ALL_CRITERIA_YES, 'irls.total': 24, substances: ['alcohol'] },
      plan: { selected: ['rls.gabapentin', 'lifestyle.exercise'], reviewed: true },
    });
    const caution = evaluation.assessment.findings
      .flatMap((f) => f.suggestions)
      .find((s) => s.id === 'rls.gabapentin')
      ?.cautions.find((c) => c.code === 'respiratory-depression');
    expect(caution).toBeDefined();
    mockEvaluation(evaluation);
    renderApp('/evaluations/e-1/print');

    const doc = await screen.findByRole('article', { name: 'RLS workup report' });
    const plan = within(doc).getByRole('region', { name: 'Plan' });
    const gabapentin = suggestionCatalog['rls.gabapentin'].label;
    expect(within(plan).getByRole('list', { name: `Cautions for ${gabapentin}` })).toHaveTextContent(
      `Caution: ${caution!.text}`,
    );
    expect(plan).toHaveTextContent(suggestionCatalog['lifestyle.exercise'].label);
    expect(plan).not.toHaveTextContent(/None ?[,·]/);
  });

  it('prints an older stored assessment: no cautions or follow-up, "None" guidelines left out', async () => {
    const evaluation = makeEvaluation({
      plan: { selected: ['iron.iv-fcm', 'lifestyle.exercise'], reviewed: true },
    });
    // As stored before definition v2: no `cautions` on suggestions, no `followUp`, ungraded options
    // with the guideline 'None'.
    const { followUp: _followUp, ...older } = evaluation.assessment;
    const stored = {
      ...evaluation,
      assessment: {
        ...older,
        findings: older.findings.map((f) => ({
          ...f,
          suggestions: f.suggestions.map(({ cautions: _cautions, ...s }) =>
            s.id === 'lifestyle.exercise' ? { ...s, guideline: 'None', strength: 'Not graded' } : s,
          ),
        })),
      },
    };
    mockEvaluation(stored as unknown as typeof evaluation);
    renderApp('/evaluations/e-1/print');

    const doc = await screen.findByRole('article', { name: 'RLS workup report' });
    const plan = within(doc).getByRole('region', { name: 'Plan' });
    expect(plan).toHaveTextContent(suggestionCatalog['iron.iv-fcm'].label);
    expect(plan).toHaveTextContent(`${suggestionCatalog['lifestyle.exercise'].label} — Not graded`);
    expect(plan).not.toHaveTextContent(/None ?[,·]/);
    expect(within(plan).queryByRole('list', { name: /Cautions/ })).not.toBeInTheDocument();
  });

  it('shows a signed version read-only with every recorded answer', async () => {
    mockEvaluation(
      makeEvaluation({
        status: 'signed',
        version: 9,
        signedAt: '2026-11-20T10:15:00.000Z',
        signedBy: 'u-clin',
        answerMeta: { 'lab.b12': { notDone: 'Patient declined' } },
      }),
    );
    renderApp('/evaluations/e-1/versions/9');

    const doc = await screen.findByRole('article', { name: 'RLS workup report' });
    expect(screen.getByText(/signed it on .*, a read-only snapshot/)).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Include all recorded answers' })).toBeChecked();
    const answers = within(doc).getByRole('region', { name: 'Recorded answers' });
    expect(answers).toHaveTextContent('Urge to move the legsYes');
    expect(answers).toHaveTextContent('CEAP clinical class (left)C3 — oedema');
    expect(answers).toHaveTextContent('Venous duplex performedYes');
    expect(answers).toHaveTextContent('Vitamin B12not done — Patient declined');
    // The signature names the signed version, never the autosave counter.
    expect(doc).toHaveTextContent('(Signed 20 Nov 2026 (original))');
    expect(doc).not.toHaveTextContent(/record version/);
    // Nothing on the page edits the record.
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  });
});

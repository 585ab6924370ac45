import { CURRENT_WORKUP_VERSION, emptyPlan, suggestionCatalog, type EvaluationDto } from '@rls/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { errorResponse, jsonResponse, mockApi, type MockRequest } from '@/testing/fetch-mock';
import { clinicianSession, worklistPage } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import {
  evaluationFixture,
  fakeEvaluationServer,
  store,
  workspacePatient,
  type PatchBody,
} from './test-fixtures';

// Autosave waits ~800 ms after the last edit; a retry waits 1 s more.
const SAVE_WAIT = { timeout: 10_000 };

function setup(
  initial: EvaluationDto,
  extra: Record<string, (r: MockRequest) => Response | Promise<Response>> = {},
) {
  const server = fakeEvaluationServer(initial);
  const api = mockApi({
    'GET /api/session': () => jsonResponse(200, clinicianSession),
    'GET /api/evaluations/e1': () => server.get(),
    'GET /api/patients/p1': () => jsonResponse(200, workspacePatient),
    'PATCH /api/evaluations/e1': (request) => server.patch(request),
    'GET /api/clinicians': () => jsonResponse(200, [{ id: 'u-clin', name: 'Dr. Ana Ferreira' }]),
    ...extra,
  });
  const patches = () => api.requests.filter((r) => r.method === 'PATCH');
  return { server, api, patches };
}

const assessmentRegion = () => screen.getByRole('region', { name: 'Assessment' });

const ALL_CRITERIA = {
  'criteria.urge': true,
  'criteria.rest': true,
  'criteria.movementRelief': true,
  'criteria.eveningWorse': true,
  'criteria.notMimic': true,
};

// Whole-app renders of large stages are slow in jsdom.
describe('evaluation workspace', { timeout: 60_000 }, () => {
  it('shows the seven steps with their completion, the step and the live assessment', async () => {
    setup(evaluationFixture({ answers: { 'criteria.urge': true, 'criteria.rest': true } }));
    const { user, router } = renderApp('/evaluations/e1/history');

    const nav = await screen.findByRole('navigation', { name: 'Workup steps' });
    const links = within(nav).getAllByRole('link');
    expect(
      links.map((l) => l.textContent?.replace(/\d+\/\d+|\d+ findings?|Not reviewed|Not signed/, '').trim()),
    ).toEqual(['1History', '2Exam', '3Labs', '4Imaging', '5Assessment', '6Plan', '7Sign']);
    expect(within(nav).getByRole('link', { name: /^History/ })).toHaveTextContent(/2\/\d+/);
    expect(screen.getByRole('heading', { level: 2, name: 'History' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Jordan Ellis' })).toBeInTheDocument();
    expect(within(assessmentRegion()).getByText('Why incomplete')).toBeInTheDocument();
    // What the stage still needs, by item label (not the rules' reason text).
    expect(
      within(screen.getByRole('region', { name: 'Still needed in History' })).getByText(
        /^Relieved by movement, Evening or night predominance, Not solely explained by another condition/,
      ),
    ).toHaveTextContent('— for the diagnosis');

    await user.click(within(nav).getByRole('link', { name: /^Labs/ }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Laboratory' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/evaluations/e1/labs');
  });

  it('opens an evaluation at its current stage', async () => {
    setup(evaluationFixture({ currentStage: 'imaging' }));
    const { router } = renderApp('/evaluations/e1');
    expect(await screen.findByRole('heading', { level: 2, name: 'Imaging' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/evaluations/e1/imaging');
  });

  it('updates the assessment as values are typed, then saves them in ONE request', async () => {
    const { patches, server } = setup(evaluationFixture());
    renderApp('/evaluations/e1/labs');
    const ferritin = await screen.findByLabelText('Ferritin');

    // Typing in jsdom is slow: control the clock so the three edits are "quick".
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // Testing Library flushes its own setTimeout(0) through `jest` when it sees fake timers.
    vi.stubGlobal('jest', { advanceTimersByTime: (ms: number) => vi.advanceTimersByTime(ms) });
    try {
      const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
      await user.type(ferritin, '40');
      // Live: the finding appears before anything is saved.
      expect(within(assessmentRegion()).getByText('Iron treatment indicated')).toBeInTheDocument();
      expect(within(assessmentRegion()).getByText(/Ferritin 40 ng\/mL/)).toBeInTheDocument();
      await user.type(screen.getByLabelText('Transferrin saturation (TSAT)'), '15');
      await user.type(screen.getByLabelText('Haemoglobin'), '11.5');
      expect(screen.getByText('Saving…')).toBeInTheDocument();

      await vi.advanceTimersByTimeAsync(799);
      expect(patches()).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(patches()).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(100);
    } finally {
      vi.useRealTimers();
    }
    await waitFor(() => expect(screen.getByText(/^Saved \d\d:\d\d$/)).toBeInTheDocument(), SAVE_WAIT);
    expect(patches()).toHaveLength(1);
    expect((patches()[0]!.body as PatchBody).answers).toEqual({
      'lab.ferritin': 40,
      'lab.tsat': 15,
      'lab.hemoglobin': 11.5,
    });
    expect(patches()[0]!.headers.get('If-Match')).toBe('"3"');
    expect(server.state.current.answers).toMatchObject({
      'lab.ferritin': 40,
      'lab.tsat': 15,
      'lab.hemoglobin': 11.5,
    });
    expect(server.state.current.version).toBe(4);
  });

  it('sends a lab entered in another unit as value and unit, stored canonical', async () => {
    const { patches, server } = setup(evaluationFixture());
    const { user } = renderApp('/evaluations/e1/labs');
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Unit for HbA1c' }), 'mmol/mol');
    await user.type(screen.getByLabelText('HbA1c'), '47');
    await waitFor(() => expect(server.state.current.answers['lab.hba1c']).toBeCloseTo(6.45, 2), SAVE_WAIT);
    expect((patches().at(-1)!.body as PatchBody).answers).toEqual({
      'lab.hba1c': { value: 47, unit: 'mmol/mol' },
    });
    expect(server.state.current.answerMeta['lab.hba1c']).toEqual({ value: 47, unit: 'mmol/mol' });
    // Choosing the unit of an empty field sends nothing.
    expect(patches().every((p) => (p.body as PatchBody).answers?.['lab.hba1c'] !== null)).toBe(true);
    // 47 mmol/mol = 6.45 %: below the 6.5 % threshold, so no diabetes finding (ADA).
    expect(within(assessmentRegion()).queryByText('Diabetes')).not.toBeInTheDocument();
  });

  it('hides the duplex grid when "duplex performed" is No and the save clears its answers', async () => {
    const { patches, server } = setup(
      evaluationFixture({
        answers: {
          'duplex.performed': true,
          'duplex.dvt': false,
          'duplex.refluxMs.gsv.left': 800,
          'duplex.perfDiameterMm.right': 3.8,
          'abi.left': 1.05,
        },
      }),
    );
    const { user } = renderApp('/evaluations/e1/imaging');

    const grid = await screen.findByRole('table', { name: 'Reflux duration and perforator diameter' });
    expect(within(grid).getByRole('textbox', { name: 'GSV Left' })).toHaveValue('800');

    const performed = screen.getByRole('radiogroup', { name: 'Venous duplex performed' });
    await user.click(within(performed).getByRole('radio', { name: 'No' }));

    expect(
      screen.queryByRole('table', { name: 'Reflux duration and perforator diameter' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByRole('radiogroup', { name: 'Thrombosis seen' })).not.toBeInTheDocument();
    expect(screen.getByText('Shown when “Venous duplex performed” is Yes.')).toBeInTheDocument();

    await waitFor(() => expect(patches()).toHaveLength(1), SAVE_WAIT);
    expect((patches()[0]!.body as PatchBody).answers).toEqual({
      'duplex.performed': false,
      'duplex.dvt': null,
      'duplex.refluxMs.gsv.left': null,
      'duplex.perfDiameterMm.right': null,
    });
    expect(server.state.current.answers).toEqual({ 'duplex.performed': false, 'abi.left': 1.05 });
  });

  it('says "Offline — will retry" when the network fails, then saves everything after the backoff', async () => {
    let failures = 1;
    const { patches, server } = setup(evaluationFixture(), {
      'PATCH /api/evaluations/e1': (request) => {
        if (failures > 0) {
          failures -= 1;
          throw new TypeError('Failed to fetch');
        }
        return fakePatch(request);
      },
    });
    const fakePatch = server.patch;
    const { user } = renderApp('/evaluations/e1/labs');

    await user.type(await screen.findByLabelText('Ferritin'), '40');
    expect(await screen.findByText('Offline — will retry', {}, SAVE_WAIT)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText(/^Saved \d\d:\d\d$/)).toBeInTheDocument(), SAVE_WAIT);

    expect(patches()).toHaveLength(2);
    expect(patches()[1]!.body).toEqual(patches()[0]!.body);
    expect(server.state.current.answers['lab.ferritin']).toBe(40);
  });

  it('shows the server reason when a save is refused (422)', async () => {
    setup(evaluationFixture(), {
      'PATCH /api/evaluations/e1': () =>
        errorResponse(422, 'invalid', 'Some answers are invalid.', {
          items: [{ code: 'lab.ferritin', reason: 'must be between 0 and 100000 ng/mL' }],
        }),
    });
    const { user } = renderApp('/evaluations/e1/labs');
    await user.type(await screen.findByLabelText('Ferritin'), '40');
    expect(
      await screen.findByText("Couldn't save — Ferritin: must be between 0 and 100000 ng/mL", {}, SAVE_WAIT),
    ).toBeInTheDocument();
  });

  it('on a conflict shows both values and resends mine with the new version when I keep mine', async () => {
    const initial = evaluationFixture({ answers: { 'lab.ferritin': 30 } });
    const { patches, server } = setup(initial);
    const { user } = renderApp('/evaluations/e1/labs');
    const ferritin = await screen.findByLabelText('Ferritin');

    // Someone else stores ferritin 55 and TSAT 18 meanwhile.
    server.state.current = store(initial, { 'lab.ferritin': 55, 'lab.tsat': 18 });

    await user.clear(ferritin);
    await user.type(ferritin, '40');

    const dialog = await screen.findByRole(
      'dialog',
      { name: 'Someone else changed this evaluation' },
      SAVE_WAIT,
    );
    const row = within(dialog).getByRole('row', { name: /Ferritin/ });
    expect(within(row).getByText('55 ng/mL')).toBeInTheDocument();
    expect(within(row).getByText('40 ng/mL')).toBeInTheDocument();
    expect(within(dialog).getByText(/Transferrin saturation \(TSAT\): — → 18 %/)).toBeInTheDocument();
    const save = within(dialog).getByRole('button', { name: 'Save my choices' });
    expect(save).toBeDisabled();

    await user.click(within(row).getByRole('radio', { name: 'Keep mine' }));
    await user.click(save);

    await waitFor(() => expect(patches()).toHaveLength(2), SAVE_WAIT);
    expect(patches()[1]!.headers.get('If-Match')).toBe('"4"');
    expect((patches()[1]!.body as PatchBody).answers).toEqual({ 'lab.ferritin': 40 });
    await waitFor(() => expect(server.state.current.answers).toEqual({ 'lab.ferritin': 40, 'lab.tsat': 18 }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // Their TSAT is on screen now.
    expect(screen.getByLabelText('Transferrin saturation (TSAT)')).toHaveValue('18');
  });

  it('on a conflict over a mark shows "not done" as my value, and keeping it stores the mark', async () => {
    const initial = evaluationFixture({ answers: { 'lab.ferritin': 30 } });
    const { patches, server } = setup(initial);
    const { user } = renderApp('/evaluations/e1/labs');
    await screen.findByLabelText('Ferritin');
    // Someone else stores ferritin 55 meanwhile.
    server.state.current = store(initial, { 'lab.ferritin': 55 });

    await user.click(screen.getByRole('button', { name: 'Mark Ferritin not done' }));
    await user.click(screen.getByRole('button', { name: 'Not available' }));

    const dialog = await screen.findByRole(
      'dialog',
      { name: 'Someone else changed this evaluation' },
      SAVE_WAIT,
    );
    const row = within(dialog).getByRole('row', { name: /Ferritin/ });
    expect(within(row).getByText('55 ng/mL')).toBeInTheDocument();
    expect(within(row).getByText('not done — not available')).toBeInTheDocument();
    await user.click(within(row).getByRole('radio', { name: 'Keep mine' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save my choices' }));

    await waitFor(() => expect(patches()).toHaveLength(2), SAVE_WAIT);
    expect(patches()[1]!.body).toEqual({
      answers: { 'lab.ferritin': null },
      notDone: { 'lab.ferritin': 'not available' },
    });
    await waitFor(() =>
      expect(server.state.current.answerMeta['lab.ferritin']).toEqual({ notDone: 'not available' }),
    );
    expect(server.state.current.answers['lab.ferritin']).toBeUndefined();
    expect(screen.getByText('Not done — not available')).toBeInTheDocument();
  });

  it('saves plan changes made in the Plan step through the same autosave', async () => {
    const { patches, server } = setup(evaluationFixture());
    const { user } = renderApp('/evaluations/e1/plan');
    await user.click(await screen.findByRole('switch', { name: 'Plan reviewed' }));
    const steps = screen.getByRole('navigation', { name: 'Workup steps' });
    // The stepper shows the unsaved state at once.
    await waitFor(() =>
      expect(within(steps).getByRole('link', { name: /^Plan/ })).toHaveTextContent('Reviewed'),
    );
    await waitFor(() => expect(server.state.current.plan.reviewed).toBe(true), SAVE_WAIT);
    expect((patches()[0]!.body as PatchBody).plan).toEqual({ reviewed: true });
    expect((patches()[0]!.body as PatchBody).answers).toBeUndefined();
  });

  it('saves the treatment course of a ticked medicine in the plan PATCH', async () => {
    const { patches, server } = setup(
      evaluationFixture({
        answers: { ...ALL_CRITERIA, 'lab.ferritin': 40, 'lab.tsat': 15 },
        plan: { ...emptyPlan(), selected: ['iron.iv-fcm'] },
      }),
    );
    const { user } = renderApp('/evaluations/e1/plan');
    const course = await screen.findByRole('group', { name: 'Treatment course: IV ferric carboxymaltose' });

    await user.type(within(course).getByRole('textbox', { name: 'Dose' }), '1000');
    await user.selectOptions(within(course).getByRole('combobox', { name: 'Frequency' }), 'single dose');

    const line = { id: 'iron.iv-fcm', dose: 1000, unit: 'mg', frequency: 'single-dose', startDate: null };
    await waitFor(() => expect(server.state.current.plan.medications).toEqual([line]), SAVE_WAIT);
    // Nothing is sent before the line is complete; then the course goes with the plan.
    expect(patches().map((p) => p.body)).toEqual([{ plan: { medications: [line] } }]);
  });

  it('fills the IRLS total from its ten items, read-only, and sends it in the same save as the item', async () => {
    const nine = { 1: 3, 2: 3, 3: 2, 4: 2, 5: 3, 6: 2, 7: 1, 8: 2, 9: 3 };
    const items = Object.fromEntries(Object.entries(nine).map(([n, v]) => [`irls.item${n}`, v]));
    const { patches, server } = setup(evaluationFixture({ answers: { ...items, 'irls.total': 20 } }));
    const { user } = renderApp('/evaluations/e1/history');
    const severity = await screen.findByRole('region', { name: 'Severity (IRLS)' });
    const total = within(severity).getByRole('textbox', { name: 'IRLS total score' });

    // Nine of ten answered: the total is typed.
    expect(total).not.toHaveAttribute('readonly');
    expect(total).toHaveValue('20');

    await user.type(within(severity).getByRole('textbox', { name: 'IRLS item 10' }), '2');
    // 23 = 3+3+2+2+3+2+1+2+3+2, shown at once, read-only, saying why.
    expect(total).toHaveValue('23');
    expect(total).toHaveAttribute('readonly');
    expect(total).toHaveAccessibleDescription(expect.stringContaining('Computed from the ten item scores'));
    await waitFor(() => expect(patches()).toHaveLength(1), SAVE_WAIT);
    expect((patches()[0]!.body as PatchBody).answers).toEqual({ 'irls.item10': 2, 'irls.total': 23 });
    await waitFor(() => expect(server.state.current.answers['irls.total']).toBe(23), SAVE_WAIT);

    // Typing in the read-only total changes nothing.
    await user.type(total, '9');
    expect(total).toHaveValue('23');

    // An item changes: the total follows, in the same request.
    const item3 = within(severity).getByRole('textbox', { name: 'IRLS item 3' });
    await user.clear(item3);
    await user.type(item3, '4');
    expect(total).toHaveValue('25');
    await waitFor(() => expect(server.state.current.answers['irls.total']).toBe(25), SAVE_WAIT);
    // The fake server applies answers with the shared applyAnswers, which refuses an inconsistent total.
    expect((patches().at(-1)!.body as PatchBody).answers).toMatchObject({
      'irls.item3': 4,
      'irls.total': 25,
    });

    // Fewer than ten answered again: the total is typed again (and keeps its value).
    await user.clear(item3);
    expect(total).not.toHaveAttribute('readonly');
    expect(total).toHaveValue('25');
  });

  it('shows the cautions of the suggestions in the assessment panel', async () => {
    const evaluation = evaluationFixture({
      workflowVersion: 2,
      answers: {
        ...ALL_CRITERIA,
        'irls.total': 24,
        'lab.ferritin': 40,
        'lab.tsat': 15,
        'meds.current': ['iron-oral'],
      },
    });
    const caution = evaluation.assessment.findings
      .flatMap((f) => f.suggestions)
      .find((s) => s.id === 'iron.oral-ferrous-sulfate')
      ?.cautions.find((c) => c.code === 'already-taking');
    expect(caution).toBeDefined();
    setup(evaluation);
    renderApp('/evaluations/e1/labs');
    const panel = await screen.findByRole('region', { name: 'Assessment' });
    const oral = suggestionCatalog['iron.oral-ferrous-sulfate'].label;
    expect(within(panel).getByRole('list', { name: `Cautions for ${oral}` })).toHaveTextContent(
      `Caution: ${caution!.text}`,
    );
  });

  it('suggests a follow-up once oral iron is ticked; "Use this" sets the date and autosaves it', async () => {
    const { patches, server } = setup(
      evaluationFixture({ answers: { ...ALL_CRITERIA, 'lab.ferritin': 40, 'lab.tsat': 15 } }),
    );
    const { user } = renderApp('/evaluations/e1/plan');
    await screen.findByRole('heading', { name: 'Follow-up and review' });
    expect(screen.queryByText(/Suggested follow-up/)).not.toBeInTheDocument();

    // The live assessment reads the plan: ticking oral iron brings the 12-week suggestion.
    await user.click(
      screen.getByRole('checkbox', { name: suggestionCatalog['iron.oral-ferrous-sulfate'].label }),
    );
    const suggestion = screen.getByRole('group', { name: /^Suggested follow-up in 12 weeks/ });
    await user.click(within(suggestion).getByRole('button', { name: 'Use this' }));
    // Started 2026-11-20: + 12 weeks.
    expect(screen.getByRole('group', { name: 'Follow-up date' })).toHaveTextContent(/12 Feb 2027/);
    await waitFor(() => expect(server.state.current.plan.followUpDate).toBe('2027-02-12'), SAVE_WAIT);
    expect((patches().at(-1)!.body as PatchBody).plan).toMatchObject({ followUpDate: '2027-02-12' });
    expect(server.state.current.assessment.followUp?.weeks).toBe(12);
  });

  it('replaces a total typed early by the sum once the tenth IRLS item is answered, with its band', async () => {
    const { server } = setup(evaluationFixture({ answers: { 'irls.total': 31 } }));
    const { user } = renderApp('/evaluations/e1/history');
    const severity = await screen.findByRole('region', { name: 'Severity (IRLS)' });
    const total = within(severity).getByRole('textbox', { name: 'IRLS total score' });
    expect(total).toHaveValue('31');
    expect(within(severity).getByText('Very severe RLS')).toBeInTheDocument();

    // Ten items of 2 each: 20, moderate (11–20). Until the tenth, the typed 31 stands.
    for (let n = 1; n <= 10; n += 1) {
      if (n === 10) expect(total).toHaveValue('31');
      await user.type(within(severity).getByRole('textbox', { name: `IRLS item ${n}` }), '2');
    }
    expect(total).toHaveValue('20');
    expect(total).toHaveAttribute('readonly');
    expect(within(severity).getByText('Moderate RLS')).toBeInTheDocument();
    expect(within(severity).queryByText('Very severe RLS')).not.toBeInTheDocument();
    await waitFor(() => expect(server.state.current.answers['irls.total']).toBe(20), SAVE_WAIT);

    // One item changes (2 → 4): 22, severe.
    const item1 = within(severity).getByRole('textbox', { name: 'IRLS item 1' });
    await user.clear(item1);
    await user.type(item1, '4');
    expect(total).toHaveValue('22');
    expect(within(severity).getByText('Severe RLS')).toBeInTheDocument();
    await waitFor(() => expect(server.state.current.answers['irls.total']).toBe(22), SAVE_WAIT);
  });

  it('reflux typed in seconds ("GSV 1.2 s") is sent with its unit, stored as 1200 ms and gives the reflux finding', async () => {
    const { patches, server } = setup(
      evaluationFixture({ workflowVersion: CURRENT_WORKUP_VERSION, answers: { 'duplex.performed': true } }),
    );
    const { user } = renderApp('/evaluations/e1/imaging');
    const grid = await screen.findByRole('table', { name: 'Reflux duration and perforator diameter' });
    await user.click(
      within(screen.getByRole('group', { name: 'Times in' })).getByRole('button', { name: 's' }),
    );
    await user.type(within(grid).getByRole('textbox', { name: 'GSV Left' }), '1.2');

    // Live, before the save: 1200 ms > 500 ms is superficial reflux (SVS-VV-2022).
    expect(within(assessmentRegion()).getByText('Superficial venous reflux')).toBeInTheDocument();
    await waitFor(
      () => expect(server.state.current.answers['duplex.refluxMs.gsv.left']).toBe(1200),
      SAVE_WAIT,
    );
    expect((patches().at(-1)!.body as PatchBody).answers).toEqual({
      'duplex.refluxMs.gsv.left': { value: 1.2, unit: 's' },
    });
    expect(server.state.current.answerMeta['duplex.refluxMs.gsv.left']).toEqual({ value: 1.2, unit: 's' });
    expect(within(grid).getByRole('textbox', { name: 'GSV Left' })).toHaveValue('1.2');
  });

  it('marks an item not done with a reason, saves the mark, and undoes it', async () => {
    const { patches, server } = setup(evaluationFixture({ answers: { 'lab.ferritin': 40 } }));
    const { user } = renderApp('/evaluations/e1/labs');
    const ferritin = await screen.findByLabelText('Ferritin');
    expect(ferritin).toHaveValue('40');
    const steps = screen.getByRole('navigation', { name: 'Workup steps' });
    const labsProgress = () => within(steps).getByRole('link', { name: /^Labs/ }).textContent;
    expect(labsProgress()).toMatch(/1\/\d+/);

    await user.click(screen.getByRole('button', { name: 'Mark Ferritin not done' }));
    const dialog = screen.getByRole('dialog', { name: 'Mark “Ferritin” not done' });
    expect(dialog).toHaveTextContent('the answer entered is removed');
    await user.click(within(dialog).getByRole('button', { name: 'Patient declined' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const field = document.querySelector('[data-code="lab.ferritin"]') as HTMLElement;
    expect(within(field).getByText('Not done — patient declined')).toBeInTheDocument();
    expect(screen.queryByLabelText('Ferritin')).not.toBeInTheDocument();
    // Still addressed: the stage count does not drop.
    expect(labsProgress()).toMatch(/1\/\d+/);

    await waitFor(() => expect(server.state.current.answerMeta['lab.ferritin']).toBeDefined(), SAVE_WAIT);
    expect(patches().at(-1)!.body).toEqual({
      answers: { 'lab.ferritin': null },
      notDone: { 'lab.ferritin': 'patient declined' },
    });
    expect(server.state.current.answers['lab.ferritin']).toBeUndefined();
    expect(server.state.current.answerMeta['lab.ferritin']).toEqual({ notDone: 'patient declined' });

    // A reason of one's own, on another item.
    await user.click(screen.getByRole('button', { name: 'Mark Vitamin B12 not done' }));
    const other = screen.getByRole('dialog', { name: 'Mark “Vitamin B12” not done' });
    expect(other).not.toHaveTextContent('the answer entered is removed');
    await user.type(within(other).getByRole('textbox', { name: 'Other reason' }), 'sample haemolysed');
    await user.click(within(other).getByRole('button', { name: 'Mark not done' }));
    expect(screen.getByText('Not done — sample haemolysed')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Undo not done for Ferritin' }));
    expect(screen.getByLabelText('Ferritin')).toHaveValue('');
    expect(screen.queryByText('Not done — patient declined')).not.toBeInTheDocument();
    await waitFor(() => expect(server.state.current.answerMeta['lab.ferritin']).toBeUndefined(), SAVE_WAIT);
    expect(patches().at(-1)!.body).toMatchObject({ notDone: { 'lab.ferritin': null } });
    expect(server.state.current.answerMeta['lab.b12']).toEqual({ notDone: 'sample haemolysed' });
  });

  it('offers "not done" on every item but the IRLSSG criteria', async () => {
    setup(evaluationFixture());
    renderApp('/evaluations/e1/history');
    await screen.findByRole('heading', { level: 2, name: 'History' });
    expect(screen.getByRole('button', { name: 'Mark Family history of RLS not done' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mark IRLS total score not done' })).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Mark Urge to move the legs not done' }),
    ).not.toBeInTheDocument();
  });

  it('shows a duplex cell marked not done as text in the grid, and a signed one without undo', async () => {
    setup(
      evaluationFixture({
        status: 'signed',
        currentStage: 'signed',
        signedAt: '2026-11-21T14:02:00.000Z',
        signedBy: 'u-clin',
        answers: { 'duplex.performed': true, 'lab.ferritin': 40 },
        answerMeta: { 'duplex.refluxMs.gsv.left': { notDone: 'not available' } },
      }),
    );
    renderApp('/evaluations/e1/imaging');
    const grid = await screen.findByRole('table', { name: 'Reflux duration and perforator diameter' });
    const cell = grid.querySelector('[data-code="duplex.refluxMs.gsv.left"]') as HTMLElement;
    expect(cell).toHaveTextContent('not done — not available');
    expect(within(grid).queryByRole('textbox', { name: 'GSV Left' })).not.toBeInTheDocument();
    expect(within(grid).getByRole('textbox', { name: 'GSV Right' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: /^Undo not done/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Mark .* not done$/ })).not.toBeInTheDocument();
  });

  it.each([
    ['history', 'Notes on the history'],
    ['exam', 'Notes on the examination'],
    ['labs', 'Notes on the laboratory results'],
    ['imaging', 'Notes on the imaging'],
  ])(
    'version 3: the %s stage ends with a free-text note, a text area that autosaves',
    async (stage, label) => {
      const { patches, server } = setup(evaluationFixture({ workflowVersion: CURRENT_WORKUP_VERSION }));
      const { user } = renderApp(`/evaluations/e1/${stage}`);
      const note = await screen.findByRole('textbox', { name: label });
      expect(note.tagName).toBe('TEXTAREA');
      expect(note).toHaveAttribute('maxlength', '2000');
      // In a "Notes" section of its own, the last of the stage.
      const section = screen.getByRole('region', { name: 'Notes' });
      expect(section).toContainElement(note);
      expect(section.nextElementSibling).toBeNull();
      expect(section.previousElementSibling?.tagName).toBe('SECTION');
      // A note is not a question: it is never "not done".
      expect(screen.queryByRole('button', { name: `Mark ${label} not done` })).not.toBeInTheDocument();
      await user.type(note, 'Calm.{Enter}Tall.');
      await waitFor(
        () => expect(server.state.current.answers[`notes.${stage}`]).toBe('Calm.\nTall.'),
        SAVE_WAIT,
      );
      expect(patches().at(-1)!.body).toEqual({ answers: { [`notes.${stage}`]: 'Calm.\nTall.' } });
    },
  );

  it('is operable by keyboard alone, in visual order, without positive tabindex', async () => {
    const { patches, server } = setup(evaluationFixture());
    const { user } = renderApp('/evaluations/e1/imaging');
    const group = await screen.findByRole('radiogroup', { name: 'Venous duplex performed' });
    expect(document.querySelectorAll('[tabindex]:not([tabindex="0"]):not([tabindex="-1"])')).toHaveLength(0);

    // Tab from the top of the page to the first field of the step.
    const yes = within(group).getByRole('radio', { name: 'Yes' });
    for (let i = 0; i < 40 && document.activeElement !== yes; i += 1) await user.tab();
    expect(yes).toHaveFocus();
    await user.keyboard(' ');
    expect(yes).toBeChecked();

    // The grid it enables comes next in tab order: its first help button, then GSV left.
    const gsvLeft = await screen.findByRole('textbox', { name: 'GSV Left' });
    for (let i = 0; i < 10 && document.activeElement !== gsvLeft; i += 1) await user.tab();
    expect(gsvLeft).toHaveFocus();
    await user.keyboard('800');
    await user.tab();
    expect(screen.getByRole('textbox', { name: 'GSV Right' })).toHaveFocus();

    await waitFor(
      () => expect(server.state.current.answers['duplex.refluxMs.gsv.left']).toBe(800),
      SAVE_WAIT,
    );
    expect(patches().length).toBeGreaterThan(0);
  });

  it('renders a signed evaluation read-only with who signed it', async () => {
    setup(
      evaluationFixture({
        status: 'signed',
        currentStage: 'signed',
        signedAt: '2026-11-21T14:02:00.000Z',
        signedBy: 'u-clin',
        answers: { 'lab.ferritin': 40 },
      }),
    );
    renderApp('/evaluations/e1/labs');
    expect(
      await screen.findByText(/^Signed by Dr\. Ana Ferreira on 21 Nov 2026/, {}, SAVE_WAIT),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Ferritin')).toBeDisabled();
    expect(screen.getByLabelText('Ferritin')).toHaveValue('40');
  });

  it('keeps unsaved edits when leaving the workspace and saves them meanwhile; asks only for values it cannot save', async () => {
    let reachable = false;
    const { patches, server } = setup(evaluationFixture(), {
      'GET /api/patients': () => jsonResponse(200, worklistPage),
      'GET /api/health': () => jsonResponse(200, { status: 'ok' }),
      'PATCH /api/evaluations/e1': (request) => {
        if (!reachable) throw new TypeError('Failed to fetch');
        return fakePatch(request);
      },
    });
    const fakePatch = server.patch;
    const { user, router } = renderApp('/evaluations/e1/labs');
    await user.type(await screen.findByLabelText('Ferritin'), '40');
    expect(await screen.findByText('Offline — will retry', {}, SAVE_WAIT)).toBeInTheDocument();

    // Leaving loses nothing, so nothing asks; the banner says the change is kept.
    await user.click(screen.getByRole('link', { name: 'Worklist' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Worklist' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      screen.getByText(
        "Offline — the server can't be reached. Your unsaved changes are kept and will be saved when it is back.",
      ),
    ).toBeInTheDocument();

    // Back in the workspace, the edit is still there, and is saved once the server answers.
    await router.navigate({
      to: '/evaluations/$evaluationId/$step',
      params: { evaluationId: 'e1', step: 'labs' },
    });
    expect(await screen.findByLabelText('Ferritin')).toHaveValue('40');
    reachable = true;
    await waitFor(() => expect(server.state.current.answers['lab.ferritin']).toBe(40), {
      timeout: 15_000,
    });
    await waitFor(() => expect(screen.queryByText(/^Offline/)).not.toBeInTheDocument(), SAVE_WAIT);
    expect(patches().at(-1)!.body).toEqual({ answers: { 'lab.ferritin': 40 } });

    // A value that fails validation is never queued: leaving would lose it, so that asks first.
    await user.type(screen.getByLabelText('Ferritin'), '0000000');
    await user.click(screen.getByRole('link', { name: 'Worklist' }));
    const dialog = await screen.findByRole('dialog', { name: 'Leave with unsaved changes?' });
    expect(dialog).toHaveTextContent('Some values you typed are invalid and cannot be saved');
    await user.click(within(dialog).getByRole('button', { name: 'Stay' }));
    expect(router.state.location.pathname).toBe('/evaluations/e1/labs');

    // Moving between steps of the same evaluation never asks.
    const steps = screen.getByRole('navigation', { name: 'Workup steps' });
    await user.click(within(steps).getByRole('link', { name: /^Imaging/ }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Imaging' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  }, 60_000);
});

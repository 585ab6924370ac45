// Not done (issue 13): PATCH /api/evaluations/:id {notDone: {code: reason | null}} marks an item that
// was not done with a short reason, kept in answerMeta[code].notDone. The item is then addressed:
// it counts in progress and leaves the pending list; the history shows the mark.
import type { HistoryEntry } from '@rls/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import type { EvaluationView } from '../../server/src/features/evaluations/model';
import {
  createPatient,
  loginAs,
  startEvaluationOf,
  type ApiClient,
  type ErrorBody,
  type TestServer,
  startTestServer,
} from './helpers';

const clock = new ManualClock('2026-06-10T09:00:00.000Z');
let server: TestServer;
let doc: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ clock });
  doc = await loginAs(server, { username: 'marker', role: 'clinician', name: 'Dr. Marker' });
});
afterAll(() => server.close());

async function draft(): Promise<EvaluationView> {
  return startEvaluationOf<EvaluationView>(doc, await createPatient(doc));
}

function patch(e: Pick<EvaluationView, 'id' | 'version'>, body: unknown) {
  clock.advance(60_000);
  return doc.patch<EvaluationView & ErrorBody>(`/api/evaluations/${e.id}`, body, {
    headers: { 'If-Match': `"${e.version}"` },
  });
}

async function saved(e: Pick<EvaluationView, 'id' | 'version'>, body: unknown): Promise<EvaluationView> {
  const res = await patch(e, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function stored(id: string): Promise<EvaluationView> {
  const res = await doc.get<EvaluationView>(`/api/evaluations/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** A refused save left the evaluation as it was. */
async function expectUnchanged(before: EvaluationView): Promise<void> {
  expect(await stored(before.id)).toEqual(before);
}

function invalidItems(res: { status: number; body: ErrorBody }) {
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  expect(res.body.error.code).toBe('invalid');
  return res.body.error.details?.items ?? [];
}

describe('marking an item not done', () => {
  it('stores the trimmed reason in answerMeta, counts the item as addressed and stops waiting for it', async () => {
    const e = await draft();
    expect(e.assessment.pending).toContain('lab.ferritin');
    const labsWaiting = e.assessment.pendingByStage.labs.flatMap((p) => p.waitingFor);
    expect(labsWaiting).toContain('lab.ferritin');

    const marked = await saved(e, { notDone: { 'lab.ferritin': '  not drawn: lab closed  ' } });
    expect(marked.version).toBe(e.version + 1);
    expect(marked.answers).toEqual({});
    expect(marked.answerMeta).toEqual({ 'lab.ferritin': { notDone: 'not drawn: lab closed' } });
    expect(marked.progress.labs.answered).toBe(e.progress.labs.answered + 1);
    expect(marked.progress.labs.total).toBe(e.progress.labs.total);
    expect(marked.progress.labs.lastAt).toBe(clock.now().toISOString());
    expect(marked.currentStage).toBe('labs');
    expect(marked.assessment.pending).not.toContain('lab.ferritin');
    expect(JSON.stringify(marked.assessment.pendingByStage)).not.toContain('lab.ferritin');
    expect(await stored(e.id)).toEqual(marked);
  });

  it('drops a pending entry once everything it waits for is marked', async () => {
    const e = await draft();
    const entry = e.assessment.pendingByStage.labs[0]!;
    expect(entry.waitingFor.length).toBeGreaterThan(0);
    const notDone = Object.fromEntries(entry.waitingFor.map((code) => [code, 'not available']));
    const marked = await saved(e, { notDone });
    expect(marked.assessment.pendingByStage.labs.map((p) => p.code)).not.toContain(entry.code);
    for (const code of entry.waitingFor) expect(marked.assessment.pending).not.toContain(code);
  });

  it('is cleared with null, and the history shows the mark set, changed and cleared', async () => {
    const e = await draft();
    const marked = await saved(e, { notDone: { 'lab.ferritin': 'not drawn' } });
    const changed = await saved(marked, { notDone: { 'lab.ferritin': 'sample haemolysed' } });
    const cleared = await saved(changed, { notDone: { 'lab.ferritin': null } });
    expect(cleared.answerMeta).toEqual({});
    expect(cleared.progress.labs.answered).toBe(e.progress.labs.answered);
    expect(cleared.assessment.pending).toContain('lab.ferritin');
    // Clearing a mark that is not there changes nothing: same version.
    const again = await saved(cleared, { notDone: { 'lab.ferritin': null } });
    expect(again.version).toBe(cleared.version);

    const history = await doc.get<HistoryEntry[]>(`/api/evaluations/${e.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.slice(1).map((h) => [h.version, h.changes])).toEqual([
      [
        marked.version,
        [{ code: 'lab.ferritin', from: null, to: null, notDone: { from: null, to: 'not drawn' } }],
      ],
      [
        changed.version,
        [
          {
            code: 'lab.ferritin',
            from: null,
            to: null,
            notDone: { from: 'not drawn', to: 'sample haemolysed' },
          },
        ],
      ],
      [
        cleared.version,
        [{ code: 'lab.ferritin', from: null, to: null, notDone: { from: 'sample haemolysed', to: null } }],
      ],
    ]);
  });

  it('goes with answers and the plan in one save; an answer replaces a mark when the mark is cleared', async () => {
    const e = await draft();
    const both = await saved(e, {
      answers: { 'lab.tsat': 18 },
      notDone: { 'lab.ferritin': 'not drawn' },
      plan: { custom: ['recheck iron'] },
    });
    expect(both.answers).toEqual({ 'lab.tsat': 18 });
    expect(both.answerMeta).toEqual({ 'lab.ferritin': { notDone: 'not drawn' } });
    expect(both.plan.custom).toEqual(['recheck iron']);

    const answered = await saved(both, {
      answers: { 'lab.ferritin': { value: 40, unit: 'ug/L' } },
      notDone: { 'lab.ferritin': null },
    });
    expect(answered.answers['lab.ferritin']).toBe(40);
    expect(answered.answerMeta).toEqual({ 'lab.ferritin': { value: 40, unit: 'ug/L' } });
    const history = await doc.get<HistoryEntry[]>(`/api/evaluations/${e.id}/history`);
    expect(history.body.at(-1)?.changes).toEqual([
      { code: 'lab.ferritin', from: null, to: 40, notDone: { from: 'not drawn', to: null } },
    ]);
  });
});

describe('refusals (422 naming the item; nothing is saved)', () => {
  it('an item cannot hold an answer and a mark, whichever came first', async () => {
    const answered = await saved(await draft(), { answers: { 'lab.ferritin': 40 } });
    const markAnswered = await patch(answered, { notDone: { 'lab.ferritin': 'not drawn' } });
    expect(invalidItems(markAnswered)).toEqual([
      {
        code: 'lab.ferritin',
        reason: expect.stringContaining('both an answer and a not-done mark') as string,
      },
    ]);
    await expectUnchanged(answered);

    const marked = await saved(await draft(), { notDone: { 'lab.ferritin': 'not drawn' } });
    const answerMarked = await patch(marked, { answers: { 'lab.ferritin': 40 } });
    expect(invalidItems(answerMarked).map((i) => i.code)).toEqual(['lab.ferritin']);
    await expectUnchanged(marked);

    const bothAtOnce = await patch(marked, {
      answers: { 'lab.tsat': 20 },
      notDone: { 'lab.tsat': 'not drawn' },
    });
    expect(invalidItems(bothAtOnce).map((i) => i.code)).toEqual(['lab.tsat']);
    await expectUnchanged(marked);
  });

  it('the IRLSSG criteria (required for sign-off) cannot be marked not done', async () => {
    const e = await draft();
    const res = await patch(e, { notDone: { 'criteria.urge': 'patient could not say' } });
    expect(invalidItems(res)).toEqual([
      {
        code: 'criteria.urge',
        reason: 'cannot be marked not done: an IRLSSG criterion must be answered before signing',
      },
    ]);
    await expectUnchanged(e);
  });

  it.each([
    ['', 'a not-done reason is required'],
    ['    ', 'a not-done reason is required'],
    ['x'.repeat(201), 'at most 200 characters'],
    [17, 'must be text, or null to clear'],
    [['a'], 'must be text, or null to clear'],
  ])('a reason of %j', async (reason, message) => {
    const e = await draft();
    const items = invalidItems(await patch(e, { notDone: { 'lab.ferritin': reason } }));
    expect(items).toEqual([{ code: 'lab.ferritin', reason: expect.stringContaining(message) as string }]);
    await expectUnchanged(e);
  });

  it('an unknown code, a disabled item, and a notDone that is not an object', async () => {
    const e = await draft();
    expect(invalidItems(await patch(e, { notDone: { 'lab.nonsense': 'x' } }))).toEqual([
      { code: 'lab.nonsense', reason: 'unknown item code' },
    ]);
    const disabled = invalidItems(await patch(e, { notDone: { 'duplex.dvt': 'not seen' } }));
    expect(disabled).toEqual([
      { code: 'duplex.dvt', reason: expect.stringContaining('not enabled') as string },
    ]);
    expect(invalidItems(await patch(e, { notDone: ['lab.ferritin'] })).map((i) => i.code)).toEqual([
      'notDone',
    ]);
    expect(invalidItems(await patch(e, { notDone: 'lab.ferritin' })).map((i) => i.code)).toEqual(['notDone']);
    await expectUnchanged(e);
  });
});

describe('marks follow enableWhen and sign-off', () => {
  it('a mark on an item a save disables is cleared with it, in the same version', async () => {
    const e = await saved(await draft(), { answers: { 'duplex.performed': true } });
    const marked = await saved(e, { notDone: { 'duplex.dvt': 'not imaged: bandaged leg' } });
    const off = await saved(marked, { answers: { 'duplex.performed': false } });
    expect(off.answerMeta).toEqual({});
    const history = await doc.get<HistoryEntry[]>(`/api/evaluations/${e.id}/history`);
    expect(history.body.at(-1)?.changes).toEqual([
      { code: 'duplex.performed', from: true, to: false },
      { code: 'duplex.dvt', from: null, to: null, notDone: { from: 'not imaged: bandaged leg', to: null } },
    ]);
  });

  it('an item marked not done is no "unanswered" warning at sign-off', async () => {
    const e = await draft();
    const sign = (v: EvaluationView) =>
      doc.post<ErrorBody>(`/api/evaluations/${v.id}/sign`, {}, { headers: { 'If-Match': `"${v.version}"` } });
    const before = await sign(e);
    expect(before.status).toBe(422);
    expect(before.body.error.details?.warnings).toContain('lab.ferritin');
    const marked = await saved(e, { notDone: { 'lab.ferritin': 'not drawn' } });
    const after = await sign(marked);
    expect(after.status).toBe(422); // the criteria are still missing
    expect(after.body.error.details?.warnings).not.toContain('lab.ferritin');
  });
});

import type { EvaluationDto } from '@rls/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, emitSessionRestored } from '@/lib/api-client';
import { discardUnsavedWork, hasUnsavedWork } from '@/lib/unsaved-work';
import { errorResponse, jsonResponse, mockApi, type MockRequest } from '@/testing/fetch-mock';
import { evaluationFixture, fakeEvaluationServer } from '../test-fixtures';
import { autosaveQueueFor, showAutosaveQueue, type QueueBindings } from './autosave-store';

function bindings(onSaved: (saved: EvaluationDto) => void = () => {}): QueueBindings {
  return {
    prepare: (batch) => batch,
    sameValue: (_code, mine, stored) => JSON.stringify(mine) === JSON.stringify(stored),
    onSaved,
    onFailed: () => {},
  };
}

function setup() {
  const server = fakeEvaluationServer(evaluationFixture());
  let answer: 'ok' | 'network' | 'unauthenticated' = 'ok';
  const { requests } = mockApi({
    'PATCH /api/evaluations/e1': (request: MockRequest) => {
      if (answer === 'network') throw new TypeError('Failed to fetch');
      if (answer === 'unauthenticated') return errorResponse(401, 'unauthenticated', 'Sign in.');
      return server.patch(request);
    },
    'GET /api/patients': () =>
      answer === 'unauthenticated'
        ? errorResponse(401, 'unauthenticated', 'Sign in.')
        : jsonResponse(200, { items: [] }),
  });
  const patches = () => requests.filter((r) => r.method === 'PATCH');
  return {
    server,
    patches,
    answerWith: (next: typeof answer) => {
      answer = next;
    },
  };
}

/** A workspace showing the queue until the returned function is called. */
function mount(evaluation = evaluationFixture()) {
  const b = bindings();
  const queue = autosaveQueueFor(evaluation, b);
  const unmount = showAutosaveQueue(queue, b);
  return { queue, unmount };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  discardUnsavedWork();
  vi.useRealTimers();
});

describe('autosave store', () => {
  it('gives a remounted workspace the same queue, with its unsaved edits in order', async () => {
    const { patches, answerWith } = setup();
    answerWith('network');
    const first = mount();
    first.queue.edit({ answers: { 'lab.ferritin': 40 } });
    first.queue.edit({ answers: { 'lab.tsat': 15 } });
    first.unmount();
    expect(hasUnsavedWork()).toBe(true);

    const again = mount();
    expect(again.queue).toBe(first.queue);
    again.queue.edit({ answers: { 'lab.ferritin': 41 } });
    expect(again.queue.getSnapshot().unsaved.answers).toEqual({ 'lab.ferritin': 41, 'lab.tsat': 15 });
    again.unmount();

    // Unmounted, it goes on saving (with backoff) until the server answers.
    await vi.advanceTimersByTimeAsync(3000);
    answerWith('ok');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(patches().at(-1)!.body).toEqual({ answers: { 'lab.ferritin': 41, 'lab.tsat': 15 } });
    expect(hasUnsavedWork()).toBe(false);
    // Idle and shown nowhere: forgotten, so the next workspace starts from the stored evaluation.
    expect(mount().queue).not.toBe(first.queue);
  });

  it('pauses every queue on a 401 from any call, and resumes when the same user is back', async () => {
    const { server, patches, answerWith } = setup();
    const { queue } = mount();
    queue.edit({ answers: { 'lab.ferritin': 40 } });
    answerWith('unauthenticated');
    // Another screen's request finds the session ended before autosave's delay elapsed.
    await api('GET', '/api/patients').catch(() => undefined);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(patches()).toHaveLength(0);
    expect(queue.getSnapshot().status).toEqual({ kind: 'signed-out' });

    answerWith('ok');
    emitSessionRestored();
    await vi.advanceTimersByTimeAsync(0);
    expect(patches()).toHaveLength(1);
    expect(server.state.current.answers['lab.ferritin']).toBe(40);
    expect(queue.getSnapshot().status.kind).toBe('saved');
  });

  it('keeps what its own refused save carried when that save gets the 401', async () => {
    const { server, patches, answerWith } = setup();
    const { queue } = mount();
    answerWith('unauthenticated');
    queue.edit({ answers: { 'lab.ferritin': 40 } });
    await vi.advanceTimersByTimeAsync(800);
    expect(patches()).toHaveLength(1);
    queue.edit({ answers: { 'lab.tsat': 15 } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(patches()).toHaveLength(1);

    answerWith('ok');
    emitSessionRestored();
    await vi.advanceTimersByTimeAsync(0);
    expect(patches()[1]!.body).toEqual({ answers: { 'lab.ferritin': 40, 'lab.tsat': 15 } });
    expect(server.state.current.answers).toMatchObject({ 'lab.ferritin': 40, 'lab.tsat': 15 });
  });

  it('drops every kept edit when someone else signs in or the user logs out', async () => {
    const { patches, answerWith } = setup();
    const { queue, unmount } = mount();
    answerWith('unauthenticated');
    queue.edit({ answers: { 'lab.ferritin': 40 } });
    await vi.advanceTimersByTimeAsync(800);
    unmount();

    discardUnsavedWork();
    expect(hasUnsavedWork()).toBe(false);
    answerWith('ok');
    emitSessionRestored();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(patches()).toHaveLength(1);
    const next = mount().queue;
    expect(next).not.toBe(queue);
    expect(next.getSnapshot().hasUnsaved).toBe(false);
  });

  it('retries at once when the browser comes back online, not at the end of its backoff', async () => {
    const { patches, answerWith, server } = setup();
    const { queue } = mount();
    answerWith('network');
    queue.edit({ answers: { 'lab.ferritin': 40 } });
    await vi.advanceTimersByTimeAsync(800);
    // Two failures: the next retry is 2–4 s away.
    await vi.advanceTimersByTimeAsync(1000);
    expect(patches()).toHaveLength(2);
    expect(queue.getSnapshot().status).toMatchObject({ kind: 'offline', attempt: 2 });

    answerWith('ok');
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(patches()).toHaveLength(3);
    expect(server.state.current.answers['lab.ferritin']).toBe(40);
  });
});

import type { EvaluationDto } from '@rls/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api-client';
import { backoffDelay } from '@/lib/backoff';
import { evaluationFixture, store } from '../test-fixtures';
import { AutosaveQueue } from './autosave-queue';
import type { EditBatch } from './edit-batch';

interface Call {
  batch: EditBatch;
  ifMatch: string;
  resolve: (saved: EvaluationDto) => void;
  reject: (error: unknown) => void;
}

/** A queue whose `send` calls wait until the test resolves or rejects them. */
function setup(initial = evaluationFixture({ version: 3 })) {
  const calls: Call[] = [];
  const send = vi.fn(
    (batch: EditBatch, ifMatch: string) =>
      new Promise<EvaluationDto>((resolve, reject) => calls.push({ batch, ifMatch, resolve, reject })),
  );
  const onSaved = vi.fn();
  // No jitter: the backoff is exactly 1 s, 2 s, 4 s… (the jitter has its own test).
  const queue = new AutosaveQueue({ initial, send, onSaved, random: () => 1 });
  return { queue, send, calls, onSaved };
}

/** Lets resolved promises run their callbacks. */
async function settle() {
  await vi.advanceTimersByTimeAsync(0);
}

function savedFrom(base: EvaluationDto, call: Call): EvaluationDto {
  const answers = { ...base.answers };
  for (const [code, value] of Object.entries(call.batch.answers)) {
    if (value === null) delete answers[code];
    else answers[code] = value as never;
  }
  return store(base, answers, base.answerMeta, call.batch.plan);
}

const networkError = () =>
  new ApiError({ status: 0, code: 'network_error', message: 'The server could not be reached.' });

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('AutosaveQueue batching', () => {
  it('sends three quick edits as ONE request, 800 ms after the last edit', async () => {
    const { queue, send, calls } = setup();
    queue.edit({ answers: { 'criteria.urge': true } });
    await vi.advanceTimersByTimeAsync(300);
    queue.edit({ answers: { 'irls.total': 24 } });
    await vi.advanceTimersByTimeAsync(300);
    queue.edit({ answers: { 'lab.ferritin': 40 } });

    await vi.advanceTimersByTimeAsync(799);
    expect(send).not.toHaveBeenCalled();
    expect(queue.getSnapshot().status.kind).toBe('saving');
    expect(queue.getSnapshot().hasUnsaved).toBe(true);

    await vi.advanceTimersByTimeAsync(1);
    expect(send).toHaveBeenCalledTimes(1);
    expect(calls[0]!.batch).toEqual({
      answers: { 'criteria.urge': true, 'irls.total': 24, 'lab.ferritin': 40 },
      notDone: {},
      plan: {},
    });
    expect(calls[0]!.ifMatch).toBe('"3"');
  });

  it('keeps only the latest value of a code edited twice', async () => {
    const { queue, calls } = setup();
    queue.edit({ answers: { 'irls.total': 2 } });
    queue.edit({ answers: { 'irls.total': 24 } });
    queue.edit({ plan: { reviewed: true } });
    queue.edit({ plan: { reviewed: false } });
    await vi.advanceTimersByTimeAsync(800);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.batch).toEqual({
      answers: { 'irls.total': 24 },
      notDone: {},
      plan: { reviewed: false },
    });
  });

  it('sends at the latest 3 s after the first edit while edits keep coming', async () => {
    const { queue, send } = setup();
    for (let i = 0; i < 6; i += 1) {
      queue.edit({ answers: { 'irls.total': i } });
      await vi.advanceTimersByTimeAsync(500);
    }
    // 6 edits, 500 ms apart: the debounce never elapsed, the max wait did at 3000 ms.
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('puts edits made during a request into the NEXT request, with the new If-Match', async () => {
    const { queue, calls, onSaved } = setup();
    queue.edit({ answers: { 'lab.ferritin': 40 } });
    await vi.advanceTimersByTimeAsync(800);
    expect(calls).toHaveLength(1);

    queue.edit({ answers: { 'lab.tsat': 15 } });
    await vi.advanceTimersByTimeAsync(800);
    // The first request has not answered: nothing more is sent yet.
    expect(calls).toHaveLength(1);

    const first = savedFrom(evaluationFixture({ version: 3 }), calls[0]!);
    calls[0]!.resolve(first);
    await settle();

    expect(onSaved).toHaveBeenCalledWith(first);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.ifMatch).toBe('"4"');
    expect(calls[1]!.batch.answers).toEqual({ 'lab.tsat': 15 });

    calls[1]!.resolve(savedFrom(first, calls[1]!));
    await settle();
    const snapshot = queue.getSnapshot();
    expect(snapshot.status.kind).toBe('saved');
    expect(snapshot.hasUnsaved).toBe(false);
    expect(snapshot.server.version).toBe(5);
    expect(snapshot.server.answers).toMatchObject({ 'lab.ferritin': 40, 'lab.tsat': 15 });
  });

  it('shows in-flight and pending edits as unsaved until stored', async () => {
    const { queue, calls } = setup();
    queue.edit({ answers: { 'lab.ferritin': 40 } });
    await vi.advanceTimersByTimeAsync(800);
    queue.edit({ answers: { 'lab.ferritin': 41, 'lab.tsat': 15 } });
    expect(queue.getSnapshot().unsaved.answers).toEqual({ 'lab.ferritin': 41, 'lab.tsat': 15 });
    calls[0]!.resolve(savedFrom(evaluationFixture({ version: 3 }), calls[0]!));
    await settle();
    expect(queue.getSnapshot().unsaved.answers).toEqual({ 'lab.ferritin': 41, 'lab.tsat': 15 });
  });
});

describe('AutosaveQueue retries', () => {
  it('goes offline on a network failure and retries with backoff without losing an edit', async () => {
    const { queue, calls } = setup();
    queue.edit({ answers: { 'lab.ferritin': 40 } });
    await vi.advanceTimersByTimeAsync(800);
    calls[0]!.reject(networkError());
    await settle();
    expect(queue.getSnapshot().status).toMatchObject({ kind: 'offline', attempt: 1 });
    expect(queue.getSnapshot().unsaved.answers).toEqual({ 'lab.ferritin': 40 });

    // An edit while offline joins the retried batch, whose backoff is kept.
    queue.edit({ answers: { 'lab.tsat': 15 } });
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.batch.answers).toEqual({ 'lab.ferritin': 40, 'lab.tsat': 15 });
    expect(calls[1]!.ifMatch).toBe('"3"');

    // Second failure: 2 s; third: 4 s.
    calls[1]!.reject(networkError());
    await settle();
    expect(queue.getSnapshot().status).toMatchObject({ kind: 'offline', attempt: 2 });
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);

    calls[2]!.resolve(savedFrom(evaluationFixture({ version: 3 }), calls[2]!));
    await settle();
    const snapshot = queue.getSnapshot();
    expect(snapshot.status.kind).toBe('saved');
    expect(snapshot.server.answers).toMatchObject({ 'lab.ferritin': 40, 'lab.tsat': 15 });
    expect(snapshot.hasUnsaved).toBe(false);
  });

  it('doubles the backoff from 1 s up to a 30 s cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map((n) => backoffDelay(n, { random: () => 1 }))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('jitters each backoff within its upper half, never past the cap', () => {
    expect([1, 2, 6, 10].map((n) => backoffDelay(n, { random: () => 0 }))).toEqual([500, 1000, 15000, 15000]);
    for (let i = 0; i < 200; i += 1) {
      const delay = backoffDelay(7);
      expect(delay).toBeGreaterThanOrEqual(15_000);
      expect(delay).toBeLessThanOrEqual(30_000);
    }
  });

  it('retries at once when asked (the browser came back online)', async () => {
    const { queue, calls } = setup();
    queue.edit({ answers: { 'lab.ferritin': 40 } });
    await vi.advanceTimersByTimeAsync(800);
    calls[0]!.reject(networkError());
    await settle();
    queue.retryNow();
    expect(calls).toHaveLength(2);
  });

  it('retries a 5xx but not a 422, which waits for the next edit', async () => {
    const { queue, calls } = setup();
    queue.edit({ answers: { 'lab.ferritin': 40 } });
    await vi.advanceTimersByTimeAsync(800);
    calls[0]!.reject(new ApiError({ status: 503, code: 'unavailable', message: 'Down for a moment.' }));
    await settle();
    expect(queue.getSnapshot().status).toMatchObject({ kind: 'retrying', message: 'Down for a moment.' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(2);

    calls[1]!.reject(
      new ApiError({
        status: 422,
        code: 'invalid',
        message: 'Some answers are invalid.',
        details: { items: [{ code: 'lab.ferritin', reason: 'must be at most 100000 ng/mL' }] },
      }),
    );
    await settle();
    expect(queue.getSnapshot().status).toEqual({
      kind: 'invalid',
      message: 'Some answers are invalid.',
      items: [{ code: 'lab.ferritin', reason: 'must be at most 100000 ng/mL' }],
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(2);
    // The refused value is still there (nothing is silently dropped) until replaced.
    expect(queue.getSnapshot().unsaved.answers).toEqual({ 'lab.ferritin': 40 });

    queue.edit({ answers: { 'lab.ferritin': 41 } });
    await vi.advanceTimersByTimeAsync(800);
    expect(calls).toHaveLength(3);
    expect(calls[2]!.batch.answers).toEqual({ 'lab.ferritin': 41 });
  });

  it('flush sends at once and resolves with the stored evaluation', async () => {
    const { queue, calls } = setup();
    queue.edit({ plan: { reviewed: true } });
    const flushed = queue.flush();
    expect(calls).toHaveLength(1);
    const saved = savedFrom(evaluationFixture({ version: 3 }), calls[0]!);
    calls[0]!.resolve(saved);
    await expect(flushed).resolves.toBe(saved);
    await expect(queue.flush()).resolves.toBe(saved);
  });

  it('flush rejects when the save fails', async () => {
    const { queue, calls } = setup();
    queue.edit({ plan: { reviewed: true } });
    const flushed = queue.flush();
    calls[0]!.reject(networkError());
    await expect(flushed).rejects.toMatchObject({ status: 0 });
  });
});

describe('AutosaveQueue conflicts (412)', () => {
  const base = evaluationFixture({ version: 3, answers: { 'lab.ferritin': 30, 'irls.total': 10 } });

  function conflictError(current: EvaluationDto) {
    return new ApiError({ status: 412, code: 'stale', message: 'Changed meanwhile.', details: { current } });
  }

  it('takes their changes of items we did not touch and resends ours with the new version', async () => {
    const { queue, calls } = setup(base);
    queue.edit({ answers: { 'lab.tsat': 15 } });
    await vi.advanceTimersByTimeAsync(800);
    const theirs = store(base, { ...base.answers, 'irls.total': 12 });
    calls[0]!.reject(conflictError(theirs));
    await settle();

    expect(queue.getSnapshot().conflict).toBeNull();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.ifMatch).toBe('"4"');
    expect(calls[1]!.batch.answers).toEqual({ 'lab.tsat': 15 });
    expect(queue.getSnapshot().server.answers['irls.total']).toBe(12);
  });

  it('asks about items both changed, then resends the chosen values with the new version', async () => {
    const { queue, calls } = setup(base);
    queue.edit({ answers: { 'lab.ferritin': 40, 'irls.total': 24 } });
    await vi.advanceTimersByTimeAsync(800);
    const theirs = store(base, { 'lab.ferritin': 55, 'irls.total': 24, 'lab.tsat': 18 });
    calls[0]!.reject(conflictError(theirs));
    await settle();

    const { conflict, status } = queue.getSnapshot();
    expect(status.kind).toBe('conflict');
    // irls.total: both set 24, no conflict. ferritin: 55 vs 40. tsat: only they changed it.
    expect(conflict?.items).toEqual([
      { key: 'answers:lab.ferritin', kind: 'answer', code: 'lab.ferritin', base: 30, theirs: 55, mine: 40 },
    ]);
    expect(conflict?.otherChanges).toEqual([{ kind: 'answer', code: 'lab.tsat', from: null, to: 18 }]);
    // Nothing is sent while the user decides, even after a while.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);

    queue.resolveConflict({ 'answers:lab.ferritin': 'mine' });
    expect(calls).toHaveLength(2);
    expect(calls[1]!.ifMatch).toBe('"4"');
    expect(calls[1]!.batch.answers).toEqual({ 'lab.ferritin': 40, 'irls.total': 24 });
  });

  it('drops our value of an item when the user keeps theirs', async () => {
    const { queue, calls } = setup(base);
    queue.edit({ answers: { 'lab.ferritin': 40, 'lab.tsat': 15 } });
    await vi.advanceTimersByTimeAsync(800);
    calls[0]!.reject(conflictError(store(base, { ...base.answers, 'lab.ferritin': 55 })));
    await settle();
    queue.resolveConflict({ 'answers:lab.ferritin': 'theirs' });
    expect(calls[1]!.batch.answers).toEqual({ 'lab.tsat': 15 });
    expect(queue.getSnapshot().server.answers['lab.ferritin']).toBe(55);
  });
});

describe('AutosaveQueue not-done marks', () => {
  const base = evaluationFixture({ version: 3, answers: { 'lab.ferritin': 30 } });

  function conflictError(current: EvaluationDto) {
    return new ApiError({ status: 412, code: 'stale', message: 'Changed meanwhile.', details: { current } });
  }

  it('batches marks by item code with answers, the latest value of each winning', async () => {
    const { queue, calls } = setup(base);
    queue.edit({ notDone: { 'lab.b12': 'not available' } });
    queue.edit({ notDone: { 'lab.ferritin': 'patient declined' }, answers: { 'lab.ferritin': null } });
    queue.edit({ notDone: { 'lab.b12': null } });
    expect(queue.getSnapshot().hasUnsaved).toBe(true);
    await vi.advanceTimersByTimeAsync(800);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.batch).toEqual({
      answers: { 'lab.ferritin': null },
      notDone: { 'lab.b12': null, 'lab.ferritin': 'patient declined' },
      plan: {},
    });
  });

  it('a 422 on a mark keeps it until discarded, then drops the mark and its answer edit', async () => {
    const { queue, calls } = setup(base);
    queue.edit({ notDone: { 'lab.ferritin': 'x' }, answers: { 'lab.ferritin': null, 'lab.tsat': 15 } });
    await vi.advanceTimersByTimeAsync(800);
    calls[0]!.reject(
      new ApiError({
        status: 422,
        code: 'invalid',
        message: 'Some answers are invalid.',
        details: { items: [{ code: 'lab.ferritin', reason: 'refused' }] },
      }),
    );
    await settle();
    expect(queue.getSnapshot().unsaved.notDone).toEqual({ 'lab.ferritin': 'x' });
    queue.discardInvalid();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.batch).toEqual({ answers: { 'lab.tsat': 15 }, notDone: {}, plan: {} });
  });

  it('asks when they answered an item we marked not done; keeping theirs drops our mark', async () => {
    const { queue, calls } = setup(base);
    queue.edit({ notDone: { 'lab.ferritin': 'not available' }, answers: { 'lab.ferritin': null } });
    await vi.advanceTimersByTimeAsync(800);
    calls[0]!.reject(conflictError(store(base, { 'lab.ferritin': 55 })));
    await settle();
    expect(queue.getSnapshot().conflict?.items).toEqual([
      {
        key: 'answers:lab.ferritin',
        kind: 'answer',
        code: 'lab.ferritin',
        base: 30,
        theirs: 55,
        mine: null,
        mineNotDone: 'not available',
      },
    ]);
    queue.resolveConflict({ 'answers:lab.ferritin': 'theirs' });
    expect(queue.getSnapshot().hasUnsaved).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('takes a mark they made on an item we did not touch, and lists it', async () => {
    const { queue, calls } = setup(base);
    queue.edit({ answers: { 'lab.tsat': 15 } });
    await vi.advanceTimersByTimeAsync(800);
    const theirs = store(base, base.answers, { 'lab.b12': { notDone: 'not available' } });
    calls[0]!.reject(conflictError(theirs));
    await settle();
    expect(queue.getSnapshot().conflict).toBeNull();
    expect(calls[1]!.batch.answers).toEqual({ 'lab.tsat': 15 });
    expect(queue.getSnapshot().server.answerMeta['lab.b12']).toEqual({ notDone: 'not available' });
  });
});

describe('AutosaveQueue adopting newer server state', () => {
  it('takes a newer evaluation only while nothing is unsaved', async () => {
    const base = evaluationFixture({ version: 3 });
    const { queue, calls } = setup(base);
    queue.adopt(store(base, { 'irls.total': 5 }));
    expect(queue.getSnapshot().server.version).toBe(4);

    queue.edit({ answers: { 'lab.ferritin': 40 } });
    queue.adopt(store(store(base, { 'irls.total': 5 }), { 'irls.total': 6 }));
    expect(queue.getSnapshot().server.version).toBe(4);
    await vi.advanceTimersByTimeAsync(800);
    expect(calls[0]!.ifMatch).toBe('"4"');
  });
});

describe('AutosaveQueue when the session ends (401)', () => {
  const unauthenticated = () => new ApiError({ status: 401, code: 'unauthenticated', message: 'Sign in.' });

  it('keeps every edit, sends nothing while signed out, then sends them all on resume', async () => {
    const { queue, calls } = setup();
    queue.edit({ answers: { 'lab.ferritin': 40 } });
    await vi.advanceTimersByTimeAsync(800);
    calls[0]!.reject(unauthenticated());
    await settle();
    expect(queue.getSnapshot().status).toEqual({ kind: 'signed-out' });
    expect(queue.getSnapshot().unsaved.answers).toEqual({ 'lab.ferritin': 40 });

    // Edits made meanwhile are queued (the newest value of a code wins), never sent, never retried.
    queue.edit({ answers: { 'lab.tsat': 15 } });
    queue.edit({ answers: { 'lab.ferritin': 41 } });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toHaveLength(1);
    expect(queue.getSnapshot().status).toEqual({ kind: 'signed-out' });
    queue.retryNow();
    expect(calls).toHaveLength(1);

    queue.resume();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.batch.answers).toEqual({ 'lab.ferritin': 41, 'lab.tsat': 15 });
    expect(calls[1]!.ifMatch).toBe('"3"');
    calls[1]!.resolve(savedFrom(evaluationFixture({ version: 3 }), calls[1]!));
    await settle();
    expect(queue.getSnapshot().status.kind).toBe('saved');
    expect(queue.getSnapshot().server.answers).toMatchObject({ 'lab.ferritin': 41, 'lab.tsat': 15 });
  });

  it('pauses when another call found the session ended, and a flush says so', async () => {
    const { queue, calls } = setup();
    queue.edit({ answers: { 'lab.ferritin': 40 } });
    queue.pause();
    expect(queue.getSnapshot().status).toEqual({ kind: 'signed-out' });
    await expect(queue.flush()).rejects.toMatchObject({ status: 401, code: 'signed_out' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(0);
    expect(queue.getSnapshot().unsaved.answers).toEqual({ 'lab.ferritin': 40 });
  });

  it('keeps an in-flight batch that succeeds, and holds the edits after it until resumed', async () => {
    const { queue, calls } = setup();
    queue.edit({ answers: { 'lab.ferritin': 40 } });
    await vi.advanceTimersByTimeAsync(800);
    queue.edit({ answers: { 'lab.tsat': 15 } });
    queue.pause();
    calls[0]!.resolve(savedFrom(evaluationFixture({ version: 3 }), calls[0]!));
    await settle();
    expect(queue.getSnapshot().server.version).toBe(4);
    expect(queue.getSnapshot().status).toEqual({ kind: 'signed-out' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
    queue.resume();
    expect(calls[1]!.ifMatch).toBe('"4"');
    expect(calls[1]!.batch.answers).toEqual({ 'lab.tsat': 15 });
  });

  it('dispose forgets the edits and ignores an answer still in flight', async () => {
    const { queue, calls, onSaved } = setup();
    queue.edit({ answers: { 'lab.ferritin': 40 } });
    await vi.advanceTimersByTimeAsync(800);
    queue.edit({ answers: { 'lab.tsat': 15 } });
    queue.dispose();
    expect(queue.getSnapshot().hasUnsaved).toBe(false);
    calls[0]!.resolve(savedFrom(evaluationFixture({ version: 3 }), calls[0]!));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onSaved).not.toHaveBeenCalled();
    expect(calls).toHaveLength(1);
    expect(queue.isIdle()).toBe(true);
  });
});

describe('AutosaveQueue order across failures', () => {
  it('keeps the last value of each item and sends one batch at a time with the version before it', async () => {
    const { queue, calls } = setup();
    queue.edit({ answers: { 'lab.ferritin': 1 } });
    await vi.advanceTimersByTimeAsync(800);
    // Typed while the first request is in flight, which then fails (server killed).
    queue.edit({ answers: { 'lab.ferritin': 2, 'lab.tsat': 10 } });
    calls[0]!.reject(networkError());
    await settle();
    queue.edit({ answers: { 'lab.ferritin': 3 } });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(2);
    // The older value never overtakes the newer one.
    expect(calls[1]!.batch.answers).toEqual({ 'lab.ferritin': 3, 'lab.tsat': 10 });
    expect(calls[1]!.ifMatch).toBe('"3"');

    // One request at a time: an edit now waits for the answer, however long.
    queue.edit({ answers: { 'lab.b12': 300 } });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(2);
    const v4 = savedFrom(evaluationFixture({ version: 3 }), calls[1]!);
    calls[1]!.resolve(v4);
    await settle();
    expect(calls).toHaveLength(3);
    expect(calls[2]!.batch.answers).toEqual({ 'lab.b12': 300 });
    expect(calls[2]!.ifMatch).toBe('"4"');

    // A 503 (server shutting down) is retried with the same batch and version.
    calls[2]!.reject(new ApiError({ status: 503, code: 'unavailable', message: 'Restarting.' }));
    await settle();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(4);
    expect(calls[3]!.batch.answers).toEqual({ 'lab.b12': 300 });
    expect(calls[3]!.ifMatch).toBe('"4"');
    calls[3]!.resolve(savedFrom(v4, calls[3]!));
    await settle();

    const snapshot = queue.getSnapshot();
    expect(snapshot.hasUnsaved).toBe(false);
    expect(snapshot.server.version).toBe(5);
    expect(snapshot.server.answers).toMatchObject({ 'lab.ferritin': 3, 'lab.tsat': 10, 'lab.b12': 300 });
  });

  it('a save stored before its answer was lost comes back as 412 and is resent without asking', async () => {
    const { queue, calls } = setup(evaluationFixture({ version: 3, answers: { 'lab.ferritin': 30 } }));
    queue.edit({ answers: { 'lab.ferritin': 40 } });
    await vi.advanceTimersByTimeAsync(800);
    // The server stored it (version 4), then died before answering.
    const storedMeanwhile = savedFrom(
      evaluationFixture({ version: 3, answers: { 'lab.ferritin': 30 } }),
      calls[0]!,
    );
    calls[0]!.reject(networkError());
    await settle();
    await vi.advanceTimersByTimeAsync(1000);
    calls[1]!.reject(
      new ApiError({
        status: 412,
        code: 'stale',
        message: 'Changed.',
        details: { current: storedMeanwhile },
      }),
    );
    await settle();
    // Its own value is no conflict: resent on top of version 4, no dialog.
    expect(queue.getSnapshot().conflict).toBeNull();
    expect(calls).toHaveLength(3);
    expect(calls[2]!.ifMatch).toBe('"4"');
    calls[2]!.resolve(savedFrom(storedMeanwhile, calls[2]!));
    await settle();
    expect(queue.getSnapshot().server.answers['lab.ferritin']).toBe(40);
  });
});

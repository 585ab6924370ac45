/**
 * The autosave queues of the evaluations being edited, by evaluation id, outside React: a workspace
 * that unmounts (another page, or the sign-in page after the session ended) and mounts again finds
 * the same queue, with its unsaved edits in the order they were made. Memory only — never browser
 * storage, which would keep PHI on the device (client/README.md).
 *
 * - A queue is made when a workspace first opens the evaluation, and forgotten once nothing is waiting
 *   in it and no workspace shows it. While no workspace shows it, it keeps saving.
 * - The session ended (a 401 anywhere): every queue pauses, keeping its edits. The same user signed in
 *   again (`onSessionRestored`): they resume, oldest edits first. Another user signed in, or log out:
 *   they are dropped (`discardUnsavedWork`, lib/unsaved-work.ts) — the edits are the other person's.
 * - The API reachable again (lib/connection.ts): every queue retries at once instead of waiting for its
 *   backoff.
 */
import type { EvaluationDto } from '@rls/shared';
import { onSessionEnded, onSessionRestored } from '@/lib/api-client';
import { onReconnected } from '@/lib/connection';
import { registerUnsavedWork } from '@/lib/unsaved-work';
import { patchEvaluation } from '../api';
import { AutosaveQueue, type AutosaveOptions } from './autosave-queue';

/** What a queue needs from the workspace showing it; the last one shown keeps serving it. */
export type QueueBindings = Required<Pick<AutosaveOptions, 'prepare' | 'sameValue' | 'onSaved' | 'onFailed'>>;

interface Entry {
  id: string;
  queue: AutosaveQueue;
  bindings: QueueBindings;
  /** Workspaces showing the queue now. */
  views: number;
  unsubscribe: () => void;
  discarded: boolean;
}

const entries = new Map<string, Entry>();
const entryOf = new WeakMap<AutosaveQueue, Entry>();

const unsavedWork = registerUnsavedWork({
  hasUnsaved: () => [...entries.values()].some((e) => e.queue.getSnapshot().hasUnsaved),
  saveAll: async () => {
    await Promise.all(
      [...entries.values()].filter((e) => e.queue.getSnapshot().hasUnsaved).map((e) => e.queue.flush()),
    );
  },
  discardAll,
});

function keep(entry: Entry): void {
  entries.set(entry.id, entry);
  entry.unsubscribe = entry.queue.subscribe(() => {
    unsavedWork.changed();
    forgetIfDone(entry);
  });
}

function forgetIfDone(entry: Entry): void {
  if (entry.views > 0 || !entry.queue.isIdle() || entries.get(entry.id) !== entry) return;
  entry.unsubscribe();
  entries.delete(entry.id);
}

/**
 * The queue of `evaluation`: the kept one, or a new one starting from `evaluation`. Safe to call
 * during render (the same id always gives the same queue until it is forgotten).
 */
export function autosaveQueueFor(evaluation: EvaluationDto, bindings: QueueBindings): AutosaveQueue {
  const id = evaluation.id;
  const existing = entries.get(id);
  if (existing) return existing.queue;
  const entry = { id, bindings, views: 0, unsubscribe: () => undefined, discarded: false } as Entry;
  entry.queue = new AutosaveQueue({
    initial: evaluation,
    send: (batch, ifMatch) => patchEvaluation(id, batch, ifMatch),
    prepare: (batch, server) => entry.bindings.prepare(batch, server),
    sameValue: (code, mine, stored) => entry.bindings.sameValue(code, mine, stored),
    onSaved: (saved) => entry.bindings.onSaved(saved),
    onFailed: (error) => entry.bindings.onFailed(error),
    isOnline: () => typeof navigator === 'undefined' || navigator.onLine !== false,
  });
  entryOf.set(entry.queue, entry);
  keep(entry);
  return entry.queue;
}

/**
 * A workspace shows `queue` (call from an effect): it serves the queue from now on. Returns the
 * cleanup, after which an idle queue nobody shows is forgotten.
 */
export function showAutosaveQueue(queue: AutosaveQueue, bindings: QueueBindings): () => void {
  const entry = entryOf.get(queue);
  if (!entry || entry.discarded) return () => undefined;
  // Forgotten while idle between render and effect (e.g. React's development double effects): keep it
  // again unless another queue of the evaluation took its place.
  if (entries.get(entry.id) !== entry) {
    if (entries.has(entry.id)) return () => undefined;
    keep(entry);
  }
  entry.views += 1;
  entry.bindings = bindings;
  return () => {
    entry.views -= 1;
    forgetIfDone(entry);
  };
}

function discardAll(): void {
  const all = [...entries.values()];
  entries.clear();
  for (const entry of all) {
    entry.discarded = true;
    entry.unsubscribe();
    entry.queue.dispose();
  }
  unsavedWork.changed();
}

onSessionEnded(() => {
  for (const entry of entries.values()) entry.queue.pause();
});

onSessionRestored(() => {
  for (const entry of entries.values()) entry.queue.resume();
});

onReconnected(() => {
  for (const entry of entries.values()) entry.queue.retryNow();
});

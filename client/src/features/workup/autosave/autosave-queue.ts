/**
 * Autosave of one evaluation, as a plain state machine (no React, unit-testable with fake timers).
 *
 * - Edits are queued by key (an item's answer or not-done mark, or a plan field): a later edit of the
 *   same key replaces the earlier value, so nothing is reordered and each batch carries the newest
 *   value of each key.
 * - A batch is sent ~800 ms after the last edit, and at the latest ~3 s after the first unsent edit:
 *   never a request per keystroke.
 * - One request at a time. Edits made while a request is in flight wait for the NEXT batch, which is
 *   sent after the in-flight one resolves, with the new `If-Match` version.
 * - Network failures (and 5xx / 429) put the batch back under newer edits and retry with exponential
 *   backoff (1 s, 2 s, 4 s… capped at 30 s, jittered: lib/backoff.ts); nothing is lost.
 * - 401 (the session ended) pauses the queue with every edit kept: `resume()` once the same user has
 *   signed in again, `dispose()` when someone else signs in or the user logs out (autosave-store.ts).
 * - 412 (someone else saved first): changes of keys we did not touch are taken from the server;
 *   keys both sides changed become a conflict the user resolves per key ("mine" / "theirs").
 * - 422 pauses saving with the server's reasons until the next edit (or a discard).
 */
import type { EvaluationDto } from '@rls/shared';
import { ApiError } from '@/lib/api-client';
import { backoffDelay } from '@/lib/backoff';
import {
  PLAN_FIELDS,
  emptyBatch,
  isEmptyBatch,
  mergeBatches,
  type EditBatch,
  type PlanField,
} from './edit-batch';

export interface InvalidItem {
  code: string;
  reason: string;
}

export type SaveStatus =
  /** Nothing waiting; `at` is the time of the last save made in this session. */
  | { kind: 'saved'; at: Date | null }
  /** Edits waiting for the debounce, or a request in flight. */
  | { kind: 'saving' }
  /** The server could not be reached; retries on its own. */
  | { kind: 'offline'; attempt: number; retryAt: number }
  /** The server failed (5xx, 429); retries on its own. */
  | { kind: 'retrying'; message: string; attempt: number; retryAt: number }
  /** 422: the batch was refused; saving waits for the next edit. */
  | { kind: 'invalid'; message: string; items: InvalidItem[] }
  /** 412 with changes on both sides: waiting for `resolveConflict`. */
  | { kind: 'conflict' }
  /** Refused for good (e.g. 409 signed, 403): not retried. */
  | { kind: 'failed'; message: string; status: number }
  /** The session ended (401): edits are kept, nothing is sent until `resume()`. */
  | { kind: 'signed-out' };

export interface ConflictItem {
  /** `answers:<code>` or `plan:<field>`. */
  key: string;
  kind: 'answer' | 'plan';
  /** Item code or plan field. */
  code: string;
  /** Stored value before either change. */
  base: unknown;
  /** Their stored value (an item marked not done has none: see their `answerMeta`). */
  theirs: unknown;
  /** Our unsaved raw value (null when we marked the item not done). */
  mine: unknown;
  /** Our unsaved not-done reason, when we marked the item not done. */
  mineNotDone?: string;
}

export interface OtherChange {
  kind: 'answer' | 'plan';
  code: string;
  from: unknown;
  to: unknown;
}

export interface Conflict {
  /** Keys both sides changed, to different values. */
  items: ConflictItem[];
  /** What they changed that we did not touch (taken as is). */
  otherChanges: OtherChange[];
  /** Their evaluation (the new base). */
  current: EvaluationDto;
}

export type ConflictChoice = 'mine' | 'theirs';

export interface AutosaveSnapshot {
  /** The last stored evaluation this queue knows. */
  server: EvaluationDto;
  /** In-flight ⊕ pending edits (pending wins): what the screen shows on top of `server`. */
  unsaved: EditBatch;
  hasUnsaved: boolean;
  status: SaveStatus;
  conflict: Conflict | null;
}

/** What `send` throws: an `ApiError`-like object. `status` 0 means the network failed. */
export interface SendError {
  status: number;
  code?: string;
  message: string;
  details?: unknown;
}

export interface AutosaveOptions {
  initial: EvaluationDto;
  /** Stores a batch; resolves with the stored evaluation, throws a `SendError`. */
  send: (batch: EditBatch, ifMatch: string) => Promise<EvaluationDto>;
  /** Prepares a batch for sending against `server` (e.g. adds nulls for answers a change disables). */
  prepare?: (batch: EditBatch, server: EvaluationDto) => EditBatch;
  /** Whether two answer values are the same once stored (raw input vs stored canonical value). */
  sameValue?: (code: string, mine: unknown, stored: unknown) => boolean;
  /** Called after every successful save. */
  onSaved?: (evaluation: EvaluationDto) => void;
  /** Called when a save fails for good (e.g. 409 signed), so the caller can reload. */
  onFailed?: (error: SendError) => void;
  isOnline?: () => boolean;
  debounceMs?: number;
  maxWaitMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Jitter of the backoff (lib/backoff.ts); tests pass `() => 1` for the exact doubling. */
  random?: () => number;
  now?: () => Date;
}

type Timer = ReturnType<typeof setTimeout>;

interface Waiter {
  resolve: (evaluation: EvaluationDto) => void;
  reject: (error: unknown) => void;
}

function signedOutError(): ApiError {
  return new ApiError({
    status: 401,
    code: 'signed_out',
    message: 'You are signed out: your unsaved changes are kept. Sign in again to save them.',
  });
}

function isSendError(error: unknown): error is SendError {
  return typeof error === 'object' && error !== null && typeof (error as SendError).status === 'number';
}

function toSendError(error: unknown): SendError {
  if (isSendError(error)) return error;
  return { status: -1, message: error instanceof Error ? error.message : 'The change could not be saved.' };
}

function jsonEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function defaultSameValue(_code: string, mine: unknown, stored: unknown): boolean {
  return jsonEqual(mine, stored);
}

function markOf(evaluation: EvaluationDto, code: string): string | null {
  return Object.hasOwn(evaluation.answerMeta, code) ? (evaluation.answerMeta[code]?.notDone ?? null) : null;
}

function currentOf(error: SendError): EvaluationDto | undefined {
  const details = error.details as { current?: EvaluationDto } | undefined;
  return details?.current && typeof details.current.version === 'number' ? details.current : undefined;
}

function invalidItemsOf(error: SendError): InvalidItem[] {
  const items = (error.details as { items?: unknown } | undefined)?.items;
  if (!Array.isArray(items)) return [];
  return items.filter(
    (i): i is InvalidItem =>
      typeof i === 'object' && i !== null && typeof (i as InvalidItem).code === 'string',
  );
}

/** Compares our unsaved edits with what someone else stored since `base`. */
function detectConflict(
  base: EvaluationDto,
  current: EvaluationDto,
  mine: EditBatch,
  sameValue: (code: string, mine: unknown, stored: unknown) => boolean = defaultSameValue,
): Conflict {
  const items: ConflictItem[] = [];
  const otherChanges: OtherChange[] = [];

  // An item is its answer and its not-done mark: a change of either is a change of the item.
  for (const code of new Set([...Object.keys(mine.answers), ...Object.keys(mine.notDone)])) {
    const before = base.answers[code] ?? null;
    const theirs = current.answers[code] ?? null;
    const markBefore = markOf(base, code);
    const theirMark = markOf(current, code);
    if (jsonEqual(before, theirs) && markBefore === theirMark) continue; // they did not change it
    // What the item holds once ours is stored: a mark clears the answer, an answer clears the mark.
    const myMark = code in mine.notDone ? (mine.notDone[code] ?? null) : undefined;
    const myAnswer = code in mine.answers ? mine.answers[code] : typeof myMark === 'string' ? null : before;
    const myFinalMark =
      myMark !== undefined ? myMark : myAnswer !== null && code in mine.answers ? null : markBefore;
    if (sameValue(code, myAnswer, theirs) && myFinalMark === theirMark) continue; // the same change
    items.push({
      key: `answers:${code}`,
      kind: 'answer',
      code,
      base: before,
      theirs,
      mine: myAnswer,
      ...(typeof myFinalMark === 'string' ? { mineNotDone: myFinalMark } : {}),
    });
  }
  for (const field of PLAN_FIELDS) {
    if (!(field in mine.plan)) continue;
    const before = base.plan[field];
    const theirs = current.plan[field];
    if (jsonEqual(before, theirs) || jsonEqual(mine.plan[field], theirs)) continue;
    items.push({
      key: `plan:${field}`,
      kind: 'plan',
      code: field,
      base: before,
      theirs,
      mine: mine.plan[field],
    });
  }

  const codes = new Set([
    ...Object.keys(base.answers),
    ...Object.keys(current.answers),
    ...Object.keys(base.answerMeta),
    ...Object.keys(current.answerMeta),
  ]);
  for (const code of codes) {
    if (code in mine.answers || code in mine.notDone) continue;
    const from = base.answers[code] ?? null;
    const to = current.answers[code] ?? null;
    if (!jsonEqual(from, to) || markOf(base, code) !== markOf(current, code)) {
      otherChanges.push({ kind: 'answer', code, from, to });
    }
  }
  for (const field of PLAN_FIELDS) {
    if (field in mine.plan) continue;
    if (!jsonEqual(base.plan[field], current.plan[field])) {
      otherChanges.push({ kind: 'plan', code: field, from: base.plan[field], to: current.plan[field] });
    }
  }
  return { items, otherChanges, current };
}

export class AutosaveQueue {
  private server: EvaluationDto;
  private pending: EditBatch = emptyBatch();
  /** The user's edits of the request in flight (before `prepare`), restored under newer edits on failure. */
  private inFlight: EditBatch | null = null;
  private sendAfterInFlight = false;
  private status: SaveStatus = { kind: 'saved', at: null };
  private conflict: Conflict | null = null;
  private attempt = 0;
  private lastSavedAt: Date | null = null;
  private debounceTimer: Timer | null = null;
  private maxWaitTimer: Timer | null = null;
  private retryTimer: Timer | null = null;
  private waiters: Waiter[] = [];
  private listeners = new Set<() => void>();
  private snapshot: AutosaveSnapshot;
  /** The session ended: edits are kept and queued, nothing is sent until `resume()`. */
  private paused = false;
  /** Dropped (another user signed in, or log out): answers still in flight are ignored. */
  private disposed = false;

  private readonly opts: Required<
    Pick<AutosaveOptions, 'debounceMs' | 'maxWaitMs' | 'backoffBaseMs' | 'backoffCapMs'>
  > &
    AutosaveOptions;

  constructor(options: AutosaveOptions) {
    this.opts = { debounceMs: 800, maxWaitMs: 3000, backoffBaseMs: 1000, backoffCapMs: 30_000, ...options };
    this.server = options.initial;
    this.snapshot = this.buildSnapshot();
  }

  // --- reading ----------------------------------------------------------------------------------

  getSnapshot = (): AutosaveSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  // --- editing ----------------------------------------------------------------------------------

  /** Queues edits; a later edit of the same key replaces the earlier one. */
  edit(change: Partial<EditBatch>): void {
    this.pending = mergeBatches(this.pending, {
      answers: change.answers ?? {},
      notDone: change.notDone ?? {},
      plan: change.plan ?? {},
    });
    // After a refusal the user is fixing what was refused: try again with the corrected batch.
    if (this.status.kind === 'invalid' || this.status.kind === 'failed' || this.status.kind === 'saved') {
      this.status = { kind: this.paused ? 'signed-out' : 'saving' };
    }
    this.schedule();
    this.emit();
  }

  /** Sends everything now and resolves once all of it is stored (rejects if a save fails). */
  flush(): Promise<EvaluationDto> {
    if (this.conflict) {
      return Promise.reject(
        new ApiError({
          status: 412,
          code: 'conflict_pending',
          message: 'Someone else changed the same items: choose what to keep first.',
        }),
      );
    }
    if (!this.inFlight && isEmptyBatch(this.pending)) return Promise.resolve(this.server);
    const promise = new Promise<EvaluationDto>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.sendNow();
    return promise;
  }

  /** Retry at once (the browser came back online, or the user asked). */
  retryNow(): void {
    if (this.paused || this.disposed || this.conflict) return;
    this.clearTimer('retryTimer');
    if (!isEmptyBatch(this.pending) && !this.inFlight) this.sendNow();
  }

  /** Applies the user's per-key choices after a 412 and sends the result with the new version. */
  resolveConflict(choices: Record<string, ConflictChoice>): void {
    const conflict = this.conflict;
    if (!conflict) return;
    const pending: EditBatch = {
      answers: { ...this.pending.answers },
      notDone: { ...this.pending.notDone },
      plan: { ...this.pending.plan },
    };
    for (const item of conflict.items) {
      if ((choices[item.key] ?? 'mine') !== 'theirs') continue;
      if (item.kind === 'answer') {
        delete pending.answers[item.code];
        delete pending.notDone[item.code];
      } else delete pending.plan[item.code as PlanField];
    }
    this.pending = pending;
    this.conflict = null;
    this.status = this.paused && !isEmptyBatch(pending) ? { kind: 'signed-out' } : { kind: 'saving' };
    this.emit();
    this.sendNow();
  }

  /** Drops the refused items of a 422 from the queue and saves the rest. */
  discardInvalid(): void {
    if (this.status.kind !== 'invalid') return;
    const answers = { ...this.pending.answers };
    const notDone = { ...this.pending.notDone };
    const plan = { ...this.pending.plan };
    for (const { code } of this.status.items) {
      delete answers[code];
      delete notDone[code];
      // Plan errors name the field path, e.g. `plan.custom.2`.
      const [prefix, field] = code.split('.');
      if (prefix === 'plan' && (PLAN_FIELDS as readonly string[]).includes(field ?? '')) {
        delete plan[field as PlanField];
      }
    }
    // Without item reasons nothing can be singled out: the whole refused batch goes.
    this.pending = this.status.items.length === 0 ? emptyBatch() : { answers, notDone, plan };
    this.status =
      this.paused && !isEmptyBatch(this.pending)
        ? { kind: 'signed-out' }
        : { kind: 'saved', at: this.lastSavedAt };
    this.emit();
    if (!isEmptyBatch(this.pending)) this.sendNow();
  }

  /**
   * A newer evaluation read from the server (a refetch, sign-off, an amendment). Taken only while
   * nothing is unsaved: otherwise our next save gets a 412 and goes through conflict resolution.
   */
  adopt(evaluation: EvaluationDto): void {
    if (this.inFlight || this.conflict) return;
    if (evaluation.version === this.server.version && evaluation.status === this.server.status) return;
    if (evaluation.version < this.server.version) return;
    if (!isEmptyBatch(this.pending)) {
      // Unsaved edits are only dropped when the server refused them for good (e.g. the evaluation
      // was signed meanwhile); the "Couldn't save" status stays on screen to say so.
      if (this.status.kind !== 'failed') return;
      this.pending = emptyBatch();
      this.clearTimer('debounceTimer');
      this.clearTimer('maxWaitTimer');
    }
    this.server = evaluation;
    this.emit();
  }

  /**
   * The session ended: keep every edit (in flight ones come back when their request fails), send
   * nothing. A `flush` waiting is told why.
   */
  pause(): void {
    if (this.paused || this.disposed) return;
    this.paused = true;
    this.clearTimer('debounceTimer');
    this.clearTimer('maxWaitTimer');
    this.clearTimer('retryTimer');
    this.attempt = 0;
    if (!this.inFlight && !isEmptyBatch(this.pending) && !this.conflict) this.status = { kind: 'signed-out' };
    this.emit();
  }

  /** The same user signed in again: send what was kept, in the order it was made. */
  resume(): void {
    if (!this.paused || this.disposed) return;
    this.paused = false;
    if (this.conflict) return;
    if (this.inFlight) {
      this.status = { kind: 'saving' };
      this.emit();
      return;
    }
    if (isEmptyBatch(this.pending)) {
      this.settle();
      return;
    }
    this.status = { kind: 'saving' };
    this.emit();
    this.sendNow();
  }

  /** Forgets everything (another user signed in, or log out): nothing more is sent or reported. */
  dispose(): void {
    if (this.disposed) return;
    this.rejectWaiters(
      new ApiError({ status: 401, code: 'discarded', message: 'The unsaved changes were discarded.' }),
    );
    this.disposed = true;
    this.clearTimer('debounceTimer');
    this.clearTimer('maxWaitTimer');
    this.clearTimer('retryTimer');
    this.pending = emptyBatch();
    this.inFlight = null;
    this.conflict = null;
    this.status = { kind: 'saved', at: this.lastSavedAt };
    this.emit();
    this.listeners.clear();
  }

  /** Whether nothing is waiting, in flight or asking the user: the queue may be forgotten. */
  isIdle(): boolean {
    return !this.inFlight && !this.conflict && isEmptyBatch(this.pending) && this.waiters.length === 0;
  }

  // --- internals --------------------------------------------------------------------------------

  private schedule(): void {
    if (this.conflict || this.paused || this.disposed) return;
    this.clearTimer('debounceTimer');
    this.debounceTimer = setTimeout(() => this.onTimer(), this.opts.debounceMs);
    this.maxWaitTimer ??= setTimeout(() => this.onTimer(), this.opts.maxWaitMs);
  }

  private onTimer(): void {
    // A pending retry keeps its backoff: edits join the batch it will send.
    if (this.retryTimer) {
      this.clearTimer('debounceTimer');
      this.clearTimer('maxWaitTimer');
      return;
    }
    this.sendNow();
  }

  private sendNow(): void {
    if (this.disposed) return;
    this.clearTimer('debounceTimer');
    this.clearTimer('maxWaitTimer');
    if (this.conflict) return;
    if (this.inFlight) {
      this.sendAfterInFlight = true;
      return;
    }
    this.clearTimer('retryTimer');
    if (isEmptyBatch(this.pending)) {
      this.settle();
      return;
    }
    if (this.paused) {
      this.rejectWaiters(signedOutError());
      this.status = { kind: 'signed-out' };
      this.emit();
      return;
    }
    if (this.opts.isOnline && !this.opts.isOnline()) {
      this.fail({ status: 0, code: 'offline', message: 'You are offline.' }, false);
      return;
    }

    const batch = this.pending;
    this.pending = emptyBatch();
    this.inFlight = batch;
    this.sendAfterInFlight = false;
    if (this.status.kind !== 'offline' && this.status.kind !== 'retrying') this.status = { kind: 'saving' };
    this.emit();

    const base = this.server;
    const prepared = this.opts.prepare ? this.opts.prepare(batch, base) : batch;
    this.opts.send(prepared, `"${base.version}"`).then(
      (saved) => this.onSent(saved),
      (error: unknown) => this.onSendFailed(toSendError(error)),
    );
  }

  private onSent(saved: EvaluationDto): void {
    if (this.disposed) return;
    this.server = saved;
    this.inFlight = null;
    this.attempt = 0;
    this.lastSavedAt = this.opts.now ? this.opts.now() : new Date();
    this.opts.onSaved?.(saved);
    if (isEmptyBatch(this.pending)) {
      this.settle();
      return;
    }
    if (this.paused) {
      // Another request found the session ended while this one was in flight.
      this.status = { kind: 'signed-out' };
      this.rejectWaiters(signedOutError());
      this.emit();
      return;
    }
    this.status = { kind: 'saving' };
    this.emit();
    // Send the next batch now if its timer already fired (or a flush waits); otherwise the
    // debounce started by its edits still runs.
    if (this.sendAfterInFlight || this.waiters.length > 0 || (!this.debounceTimer && !this.maxWaitTimer)) {
      this.sendNow();
    }
  }

  private onSendFailed(error: SendError): void {
    if (this.disposed) return;
    const sent = this.inFlight ?? emptyBatch();
    this.inFlight = null;
    this.sendAfterInFlight = false;
    // Nothing is lost: the refused batch goes back under the edits made since.
    this.pending = mergeBatches(sent, this.pending);

    if (error.status === 401 || this.paused) {
      // The session ended (api-client has announced it): keep everything until the same user is back.
      this.paused = true;
      this.attempt = 0;
      this.clearTimer('retryTimer');
      this.rejectWaiters(error.status === 401 ? error : signedOutError());
      this.status = this.conflict ? { kind: 'conflict' } : { kind: 'signed-out' };
      this.emit();
      return;
    }

    if (error.status === 412) {
      const current = currentOf(error);
      if (current) {
        this.rejectWaiters(error);
        this.handleConflict(current);
        return;
      }
    }
    const retryable = error.status === 0 || error.status === 429 || error.status >= 500;
    this.fail(error, !retryable);
  }

  private handleConflict(current: EvaluationDto): void {
    const conflict = detectConflict(this.server, current, this.pending, this.opts.sameValue);
    this.server = current;
    this.attempt = 0;
    if (conflict.items.length === 0) {
      // Only keys we did not touch changed: take theirs and resend ours on top.
      this.status = { kind: 'saving' };
      this.emit();
      this.sendNow();
      return;
    }
    this.conflict = conflict;
    this.status = { kind: 'conflict' };
    this.emit();
  }

  private fail(error: SendError, permanent: boolean): void {
    this.rejectWaiters(error);
    if (permanent) {
      this.status =
        error.status === 422
          ? { kind: 'invalid', message: error.message, items: invalidItemsOf(error) }
          : { kind: 'failed', message: error.message, status: error.status };
      this.emit();
      if (error.status !== 422) this.opts.onFailed?.(error);
      return;
    }
    this.attempt += 1;
    const delay = backoffDelay(this.attempt, {
      baseMs: this.opts.backoffBaseMs,
      capMs: this.opts.backoffCapMs,
      random: this.opts.random,
    });
    const retryAt = Date.now() + delay;
    this.status =
      error.status === 0
        ? { kind: 'offline', attempt: this.attempt, retryAt }
        : { kind: 'retrying', message: error.message, attempt: this.attempt, retryAt };
    this.clearTimer('retryTimer');
    if (!this.paused && !this.disposed) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.sendNow();
      }, delay);
    }
    this.emit();
  }

  private settle(): void {
    this.status = { kind: 'saved', at: this.lastSavedAt };
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.resolve(this.server);
    this.emit();
  }

  private rejectWaiters(error: unknown): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  private clearTimer(name: 'debounceTimer' | 'maxWaitTimer' | 'retryTimer'): void {
    const timer = this[name];
    if (timer) clearTimeout(timer);
    this[name] = null;
  }

  private buildSnapshot(): AutosaveSnapshot {
    const unsaved = this.inFlight ? mergeBatches(this.inFlight, this.pending) : this.pending;
    return {
      server: this.server,
      unsaved,
      hasUnsaved: !isEmptyBatch(unsaved),
      status: this.status,
      conflict: this.conflict,
    };
  }

  private emit(): void {
    this.snapshot = this.buildSnapshot();
    for (const listener of this.listeners) listener();
  }
}

/**
 * Exponential backoff with "equal jitter", shared by every client retry (autosave, the reachability
 * probe of `connection.ts`, idempotent creates): the delay before retry number `attempt` (1-based)
 * doubles from `baseMs` up to `capMs`, then a random part of its upper half is taken away, so many
 * windows that lost the server at the same moment do not all come back at the same instant.
 *
 * `random` (in [0, 1)) is injectable: tests pass `() => 1` for the exact doubling (1 s, 2 s, 4 s…).
 */
export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}

export function backoffDelay(
  attempt: number,
  { baseMs = 1000, capMs = 30_000, random = Math.random }: BackoffOptions = {},
): number {
  const full = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), capMs);
  return Math.round(full / 2 + (full / 2) * random());
}

import type { Amendment } from '@rls/shared';
import { formatInstantDate } from './format';

// Signed versions as people name them: "Signed 14 Nov 2026 (original)", "Amendment 1 — 20 Nov 2026".
// The record's `version` is the autosave/ETag counter (docs/architecture.md, "Data flow of one save"):
// it stays in URLs and If-Match headers and is never shown. Read by sign-off and the printout alike.

/**
 * Which signature a signed version is: 0 for the original, n for the one that closed amendment n
 * (the amendments opened before it was signed).
 */
export function amendmentNumber(
  amendments: readonly Pick<Amendment, 'fromVersion'>[],
  version: number,
): number {
  return amendments.filter((a) => a.fromVersion < version).length;
}

/**
 * `Signed 14 Nov 2026 (original)` or `Amendment 1 — 20 Nov 2026`; without the date when it is not
 * known (yet): `Signed (original)`, `Amendment 1`.
 */
export function signedVersionLabel(number: number, signedAt: string | null | undefined): string {
  if (number === 0)
    return signedAt ? `Signed ${formatInstantDate(signedAt)} (original)` : 'Signed (original)';
  return signedAt ? `Amendment ${number} — ${formatInstantDate(signedAt)}` : `Amendment ${number}`;
}

/** The label of a signed evaluation or snapshot (its amendments are those opened before it was signed). */
export function evaluationVersionLabel(evaluation: {
  amendments: readonly Pick<Amendment, 'fromVersion'>[];
  version: number;
  signedAt: string | null;
}): string {
  return signedVersionLabel(amendmentNumber(evaluation.amendments, evaluation.version), evaluation.signedAt);
}

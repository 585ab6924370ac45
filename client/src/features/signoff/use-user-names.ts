import { useQuery } from '@tanstack/react-query';
import { cliniciansQueryOptions } from '@/lib/queries';
import type { HistoryEntry } from './api';

interface PatientWithSigners {
  evaluations?: { signedBy?: string | null; signedByName?: string | null }[];
}

/**
 * Display names of users referenced by id (signer, amendment author), from what is already known:
 * history entries (`byName`), the patient's evaluation list (`signedByName`) and active clinicians.
 */
export function useUserNames(
  history: readonly HistoryEntry[] | undefined,
  patient: PatientWithSigners | undefined,
) {
  const clinicians = useQuery(cliniciansQueryOptions());
  const names = new Map<string, string>();
  for (const c of clinicians.data ?? []) names.set(c.id, c.name);
  for (const e of patient?.evaluations ?? [])
    if (e.signedBy && e.signedByName) names.set(e.signedBy, e.signedByName);
  for (const h of history ?? []) if (h.byName) names.set(h.by, h.byName);
  return (userId: string | null | undefined): string =>
    userId ? (names.get(userId) ?? (clinicians.isPending ? '…' : 'unknown user')) : '—';
}

import type { EvaluationDto, HistoryEntry } from '@rls/shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '@/lib/api-client';
import { IdempotentCreate } from '@/lib/idempotency';
import { evaluationKeys, patientKeys } from '@/lib/query-keys';

export type { HistoryEntry };

// Sign-off also reads `GET /api/patients/:id` (the signer's name, the demographics that decide which
// items are enabled): its factory is `patientQueryOptions` in lib/queries.ts.

const evaluationPath = (id: string) => `/api/evaluations/${encodeURIComponent(id)}`;

/** `GET /api/evaluations/:id/history`: a saved change, or an event (create, sign, amend…), per version. */
export const historyQueryOptions = (evaluationId: string) =>
  queryOptions({
    queryKey: evaluationKeys.history(evaluationId),
    queryFn: ({ signal }) =>
      api<HistoryEntry[]>('GET', `${evaluationPath(evaluationId)}/history`, undefined, { signal }),
  });

/** A signed snapshot (`GET /api/evaluations/:id/versions/:version`); it never changes. */
export const versionQueryOptions = (evaluationId: string, version: number) =>
  queryOptions({
    queryKey: evaluationKeys.version(evaluationId, version),
    queryFn: ({ signal }) =>
      api<EvaluationDto>('GET', `${evaluationPath(evaluationId)}/versions/${version}`, undefined, { signal }),
    staleTime: Infinity,
  });

/** After a sign-off or amendment: the workspace shows the new state; lists and history refresh. */
function useStoreEvaluation() {
  const queryClient = useQueryClient();
  return async (evaluation: EvaluationDto) => {
    queryClient.setQueryData(evaluationKeys.detail(evaluation.id), evaluation);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: evaluationKeys.history(evaluation.id) }),
      queryClient.invalidateQueries({ queryKey: patientKeys.all }),
    ]);
  };
}

/** `POST /api/evaluations/:id/sign` with `If-Match` of the version the clinician reviewed. */
export function useSignEvaluation(evaluationId: string) {
  const store = useStoreEvaluation();
  return useMutation({
    mutationFn: (version: number) =>
      api<EvaluationDto>('POST', `${evaluationPath(evaluationId)}/sign`, {}, { ifMatch: `"${version}"` }),
    onSuccess: store,
  });
}

/**
 * `POST /api/evaluations/:id/amendments {reason}`: reopens the signed evaluation as `amending`. Sent with
 * an `Idempotency-Key`: a retry after a lost answer gets the amendment it opened, not a 409.
 */
export function useAmendEvaluation(evaluationId: string) {
  const store = useStoreEvaluation();
  const [create] = useState(() => new IdempotentCreate());
  return useMutation({
    mutationFn: (reason: string) =>
      create.post<EvaluationDto>(`${evaluationPath(evaluationId)}/amendments`, { reason }),
    onSuccess: store,
  });
}

import type {
  EvaluationCreateInput,
  EvaluationDto,
  Patient,
  PatientCreateInput,
  PatientDetail,
  PatientPatchInput,
} from '@rls/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, isApiError } from '@/lib/api-client';
import { IdempotentCreate } from '@/lib/idempotency';
import { evaluationKeys, patientKeys } from '@/lib/query-keys';

// `GET /api/patients/:id` is read by several features: its factory is `patientQueryOptions` in
// lib/queries.ts.

/** `POST /api/patients` with an `Idempotency-Key`: a retry after a lost answer never adds the patient twice. */
export function useCreatePatient() {
  const queryClient = useQueryClient();
  const [create] = useState(() => new IdempotentCreate());
  return useMutation({
    mutationFn: (input: PatientCreateInput) => create.post<Patient>('/api/patients', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: patientKeys.lists() }),
  });
}

export function useUpdatePatient(patientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    /** `version` is the one the form was opened with: a stale edit gets 412 instead of overwriting. */
    mutationFn: ({ patch, version }: { patch: PatientPatchInput; version: number }) =>
      api<PatientDetail>('PATCH', `/api/patients/${encodeURIComponent(patientId)}`, patch, {
        ifMatch: `"${version}"`,
      }),
    onSuccess: (patient) => {
      queryClient.setQueryData(patientKeys.detail(patientId), patient);
      // A sex change can clear answers of the open evaluation: refresh lists and evaluations too.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: patientKeys.all }),
        queryClient.invalidateQueries({ queryKey: evaluationKeys.all }),
      ]);
    },
    onError: (error) => {
      if (isApiError(error, 412))
        void queryClient.invalidateQueries({ queryKey: patientKeys.detail(patientId) });
    },
  });
}

/**
 * Starts a draft evaluation assigned to the caller; 409 `{details:{evaluationId}}` if one is open.
 * `carryForward: false` starts blank; by default the server carries the stable history from the latest
 * signed evaluation (a follow-up).
 * Sent with an `Idempotency-Key`, so a retry after a lost answer gets the evaluation it created.
 */
export function useStartEvaluation(patientId: string) {
  const queryClient = useQueryClient();
  const [create] = useState(() => new IdempotentCreate());
  return useMutation({
    mutationFn: (input: EvaluationCreateInput = {}) =>
      create.post<EvaluationDto>(`/api/patients/${encodeURIComponent(patientId)}/evaluations`, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: patientKeys.all }),
  });
}

/**
 * Discards a draft that was never signed (`DELETE /api/evaluations/:id`, 204). The server keeps it
 * (status discarded) but leaves it out of the patient's evaluations, trends and follow-up and the
 * worklist: refresh them all (`patientKeys.all`), and the evaluation itself wherever it is cached.
 */
export function useDiscardEvaluation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (evaluationId: string) =>
      api<void>('DELETE', `/api/evaluations/${encodeURIComponent(evaluationId)}`),
    onSettled: (_data, _error, evaluationId) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: patientKeys.all }),
        queryClient.invalidateQueries({ queryKey: evaluationKeys.detail(evaluationId) }),
      ]),
  });
}

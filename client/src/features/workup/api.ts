import type { EvaluationDto, Patient, Plan } from '@rls/shared';
import { queryOptions } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { clinicianKeys, evaluationKeys, patientKeys } from '@/lib/query-keys';
import type { EditBatch } from './autosave/edit-batch';

/** `GET /api/patients/:id`: the workspace reads the demographics the rules need (sex, birth date). */
export type PatientWithEvaluations = Patient & { evaluations?: unknown[] };

export interface ClinicianSummary {
  id: string;
  name: string;
}

export const evaluationQueryOptions = (evaluationId: string) =>
  queryOptions({
    queryKey: evaluationKeys.detail(evaluationId),
    queryFn: ({ signal }) =>
      api<EvaluationDto>('GET', `/api/evaluations/${encodeURIComponent(evaluationId)}`, undefined, {
        signal,
      }),
  });

/** Same key and response as the patient page, so both share one cache entry. */
export const evaluationPatientQueryOptions = (patientId: string) =>
  queryOptions({
    queryKey: patientKeys.detail(patientId),
    queryFn: ({ signal }) =>
      api<PatientWithEvaluations>('GET', `/api/patients/${encodeURIComponent(patientId)}`, undefined, {
        signal,
      }),
  });

export const cliniciansQueryOptions = () =>
  queryOptions({
    queryKey: clinicianKeys.all,
    queryFn: ({ signal }) => api<ClinicianSummary[]>('GET', '/api/clinicians', undefined, { signal }),
    staleTime: 5 * 60_000,
  });

/** `PATCH /api/evaluations/:id` with the batch's non-empty parts. */
export function patchEvaluation(
  evaluationId: string,
  batch: EditBatch,
  ifMatch: string,
): Promise<EvaluationDto> {
  const body: { answers?: Record<string, unknown>; plan?: Partial<Plan> } = {};
  if (Object.keys(batch.answers).length > 0) body.answers = batch.answers;
  if (Object.keys(batch.plan).length > 0) body.plan = batch.plan;
  return api<EvaluationDto>('PATCH', `/api/evaluations/${encodeURIComponent(evaluationId)}`, body, {
    ifMatch,
  });
}

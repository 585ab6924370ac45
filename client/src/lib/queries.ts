import type { Clinician, PatientDetail, TrendsDto } from '@rls/shared';
import { queryOptions } from '@tanstack/react-query';
import { api } from './api-client';
import { clinicianKeys, patientKeys } from './query-keys';

/**
 * Query-options factories of the endpoints more than one feature reads (features never import each
 * other). Every other endpoint has its one factory in its feature's `api.ts`.
 */

/** `GET /api/clinicians`: active clinicians by name (assignment, filters, signers' names). */
export const cliniciansQueryOptions = () =>
  queryOptions({
    queryKey: clinicianKeys.all,
    queryFn: ({ signal }) => api<Clinician[]>('GET', '/api/clinicians', undefined, { signal }),
    staleTime: 5 * 60_000,
  });

/**
 * `GET /api/patients/:id`: the patient with its evaluations, newest first (the patient page, and
 * the demographics an evaluation's rules read: sex, birth date).
 */
export const patientQueryOptions = (patientId: string) =>
  queryOptions({
    queryKey: patientKeys.detail(patientId),
    queryFn: ({ signal }) =>
      api<PatientDetail>('GET', `/api/patients/${encodeURIComponent(patientId)}`, undefined, { signal }),
  });

/**
 * `GET /api/patients/:id/trends`: measured values, treatment starts and stops and augmentation across
 * the patient's evaluations (the patient page's charts and table, the printout's trends table).
 */
export const patientTrendsQueryOptions = (patientId: string) =>
  queryOptions({
    queryKey: patientKeys.trends(patientId),
    queryFn: ({ signal }) =>
      api<TrendsDto>('GET', `/api/patients/${encodeURIComponent(patientId)}/trends`, undefined, { signal }),
  });

// The API types of `GET /api/patients/:id` (their contract: @rls/shared, shared/src/api/patients.ts).
export type { KeyValues as EvaluationKeyValues, PatientDetail, PatientEvaluationSummary } from '@rls/shared';

/** The demographic fields a clinician enters and edits. */
export type PatientField = 'mrn' | 'name' | 'birthDate' | 'sex';

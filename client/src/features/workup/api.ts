import type { EvaluationDto, EvaluationPatchInput, LabImportResult } from '@rls/shared';
import { queryOptions } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { evaluationKeys } from '@/lib/query-keys';
import type { EditBatch } from './autosave/edit-batch';

// The workspace also reads `GET /api/patients/:id` (demographics the rules need) and
// `GET /api/clinicians`: their factories are in lib/queries.ts.

export const evaluationQueryOptions = (evaluationId: string) =>
  queryOptions({
    queryKey: evaluationKeys.detail(evaluationId),
    queryFn: ({ signal }) =>
      api<EvaluationDto>('GET', `/api/evaluations/${encodeURIComponent(evaluationId)}`, undefined, {
        signal,
      }),
  });

/** `PATCH /api/evaluations/:id` with the batch's non-empty parts. */
export function patchEvaluation(
  evaluationId: string,
  batch: EditBatch,
  ifMatch: string,
): Promise<EvaluationDto> {
  const body: EvaluationPatchInput = {};
  if (Object.keys(batch.answers).length > 0) body.answers = batch.answers;
  if (Object.keys(batch.notDone).length > 0) body.notDone = batch.notDone;
  if (Object.keys(batch.plan).length > 0) body.plan = batch.plan;
  return api<EvaluationDto>('PATCH', `/api/evaluations/${encodeURIComponent(evaluationId)}`, body, {
    ifMatch,
  });
}

/** How lab results to import are written; the endpoint reads each from its `Content-Type`. */
export type LabImportFormat = 'fhir' | 'csv';

const LAB_IMPORT_CONTENT_TYPES: Record<LabImportFormat, string> = {
  fhir: 'application/fhir+json',
  csv: 'text/csv',
};

/**
 * `POST /api/evaluations/:id/labs/import`: with `preview`, what the results would fill and what they
 * skip (nothing is written); with `ifMatch`, stores them like a save (the evaluation comes back with
 * its new version, which is its `ETag`).
 */
export function importLabs(
  evaluationId: string,
  upload: { text: string; format: LabImportFormat },
  mode: { preview: true } | { ifMatch: string },
): Promise<LabImportResult> {
  const preview = 'preview' in mode;
  return api<LabImportResult>(
    'POST',
    `/api/evaluations/${encodeURIComponent(evaluationId)}/labs/import${preview ? '?preview=true' : ''}`,
    upload.text,
    { contentType: LAB_IMPORT_CONTENT_TYPES[upload.format], ...(preview ? {} : { ifMatch: mode.ifMatch }) },
  );
}

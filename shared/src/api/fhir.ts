import { z } from 'zod';
import { evaluationSchema, type EvaluationDto } from './evaluations';
import { booleanParam, int, type Check, type Same } from './fields';

/**
 * Contracts of the FHIR R4 endpoints (docs/fhir.md):
 * - `GET /api/evaluations/:id/fhir`, `GET /api/evaluations/:id/versions/:version/fhir`: a FHIR R4
 *   `Bundle` (`application/fhir+json`, downloaded as `rls-evaluation-<id>[-v<version>].json`);
 * - `GET /api/workflow/fhir[?version=N]`: the definition as a FHIR `Questionnaire`;
 * - `POST /api/evaluations/:id/labs/import[?preview=true]`: lab results from a FHIR `Bundle` of
 *   `Observation`s (or one `Observation`), or from a CSV `loinc,value,unit[,date]`.
 */

/** Why an imported row was not used (never guessed). */
export const LAB_IMPORT_SKIP_REASONS = [
  'unknown-code',
  'unknown-unit',
  'not-a-number',
  'out-of-range',
  'duplicate',
  'not-a-result',
] as const;
export type LabImportSkipReason = (typeof LAB_IMPORT_SKIP_REASONS)[number];

/** `?preview=true`: compute what would be filled, write nothing. */
export const labImportQuerySchema = z.strictObject({
  preview: booleanParam
    .optional()
    .meta({ description: 'true: compute what would be filled and write nothing (no If-Match needed)' }),
});
export type LabImportQuery = z.infer<typeof labImportQuerySchema>;

export interface LabImportFilled {
  /** workup item code filled (e.g. 'labs.ferritin') */
  code: string;
  loinc: string;
  /** stored value in the item's canonical unit */
  value: number;
  /** canonical unit (UCUM) */
  unit: string;
  /** as it arrived */
  entered: { value: number; unit: string };
  /** value the item held before (null = empty) */
  previous: number | null;
  /** YYYY-MM-DD when the row/Observation carried a date */
  effective?: string;
}

export interface LabImportSkipped {
  /** 1-based CSV data row or Bundle entry index */
  row: number;
  loinc: string | null;
  reason: LabImportSkipReason;
  /** human-readable, e.g. 'Unit "mmol/L" is not known for Ferritin' */
  message: string;
}

export interface LabImportResult {
  /** false for a preview */
  applied: boolean;
  filled: LabImportFilled[];
  skipped: LabImportSkipped[];
  /** the saved evaluation when applied (its ETag in the response header, as for any save) */
  evaluation?: EvaluationDto;
  /**
   * Whose results the file says these are: 'matched' when it names the evaluation patient's MRN;
   * 'not-stated' when it names no MRN the server can compare (a CSV, or Observations without a
   * subject). A file naming another patient is refused (422 wrong_patient).
   */
  patientMatch?: 'matched' | 'not-stated';
}

const labImportFilledSchema = z.object({
  code: z.string().meta({ description: "workup item code filled (e.g. 'labs.ferritin')" }),
  loinc: z.string(),
  value: z.number().meta({ description: "stored value in the item's canonical unit" }),
  unit: z.string().meta({ description: 'canonical unit (UCUM)' }),
  entered: z.object({ value: z.number(), unit: z.string() }).meta({ description: 'as it arrived' }),
  previous: z.number().nullable().meta({ description: 'value the item held before (null = empty)' }),
  effective: z
    .string()
    .optional()
    .meta({ format: 'date', description: 'YYYY-MM-DD when the row or Observation carried a date' }),
});

export const labImportSkippedSchema = z.object({
  row: int.meta({ description: '1-based CSV data row or Bundle entry index' }),
  loinc: z.string().nullable(),
  reason: z.enum(LAB_IMPORT_SKIP_REASONS),
  message: z.string(),
});

export const labImportResultSchema = z
  .object({
    applied: z.boolean().meta({ description: 'false for a preview' }),
    filled: z.array(labImportFilledSchema),
    skipped: z.array(labImportSkippedSchema),
    evaluation: evaluationSchema
      .optional()
      .meta({ description: 'the saved evaluation when applied (ETag header as for any save)' }),
    patientMatch: z
      .enum(['matched', 'not-stated'])
      .optional()
      .meta({
        description:
          "matched: the file names the patient's MRN; not-stated: it names no MRN to compare (a CSV, or " +
          'Observations without a subject). A file naming another patient is refused (422 wrong_patient).',
      }),
  })
  .meta({ id: 'LabImportResult' });

// The schemas above describe the interfaces the client codes against: the build fails when they drift.
export type FhirSchemasMatchContract = [Check<Same<z.infer<typeof labImportResultSchema>, LabImportResult>>];

// --- documentation schemas (OpenAPI): FHIR resources are described, not re-specified --------------

/** `GET /api/evaluations/:id/fhir` and `…/versions/:version/fhir` (application/fhir+json). */
export const fhirBundleSchema = z
  .object({
    resourceType: z.literal('Bundle'),
    type: z.literal('document'),
    identifier: z.object({ system: z.string(), value: z.string() }),
    timestamp: z.string(),
    entry: z.array(z.object({ fullUrl: z.string(), resource: z.record(z.string(), z.unknown()) })),
  })
  .catchall(z.unknown())
  .meta({
    id: 'FhirBundle',
    description:
      'A FHIR R4 document Bundle: Composition first, then Patient, Practitioner(s), Encounter, ' +
      'QuestionnaireResponse, Observations (laboratory, exam, imaging, survey), DiagnosticReports, ' +
      'Condition, CarePlan and MedicationRequests; every reference is the urn:uuid fullUrl of an entry ' +
      '(docs/fhir.md).',
  });

/** `GET /api/workflow/fhir[?version=N]` (application/fhir+json). */
export const fhirQuestionnaireSchema = z
  .object({
    resourceType: z.literal('Questionnaire'),
    url: z.string(),
    version: z.string(),
    status: z.string(),
    item: z.array(z.record(z.string(), z.unknown())),
  })
  .catchall(z.unknown())
  .meta({
    id: 'FhirQuestionnaire',
    description:
      'The workup definition as a FHIR R4 Questionnaire: a group per stage and per group, questions whose ' +
      'linkId is the item code (docs/fhir.md).',
  });

/** The JSON body of `POST /api/evaluations/:id/labs/import`: a Bundle of Observations, or one Observation. */
export const labImportFhirBodySchema = z
  .object({
    resourceType: z.enum(['Bundle', 'Observation']),
    entry: z
      .array(z.object({ resource: z.record(z.string(), z.unknown()).optional() }).catchall(z.unknown()))
      .max(500)
      .optional(),
  })
  .catchall(z.unknown())
  .meta({
    id: 'LabImportFhir',
    description:
      'A FHIR R4 Bundle (any type) whose Observation entries are read — other resources are ignored — or one ' +
      'Observation. Used: status final/amended/corrected, category laboratory (when given), a LOINC coding ' +
      'of a lab item, valueQuantity without comparator, its UCUM code (or unit), effective[x]. At most 500 entries.',
  });

/** The CSV body of the import (text/csv). */
export const labImportCsvBodySchema = z.string().meta({
  description:
    'UTF-8 CSV (a BOM and CRLF line ends are accepted), header row required: loinc,value,unit[,date] ' +
    '(any order and case; other columns ignored). value: a plain decimal number; unit: UCUM as the ' +
    'definition accepts it; date: YYYY-MM-DD (or an ISO date-time). At most 500 rows.',
});

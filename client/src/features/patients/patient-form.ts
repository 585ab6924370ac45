import {
  isFutureDate,
  patientCreateSchema,
  type PatientCreateInput,
  type PatientPatchInput,
  type Sex,
} from '@rls/shared';
import { errorMessage } from '@/components/query-error';
import { isApiError } from '@/lib/api-client';
import type { PatientField } from './types';

/** What the demographics form holds while it is edited (`sex` is empty until chosen). */
export interface PatientFormValues {
  mrn: string;
  name: string;
  /** YYYY-MM-DD committed by the date field (complete and valid), or empty */
  birthDate: string;
  sex: Sex | '';
}

export type PatientFieldErrors = Partial<Record<PatientField, string>>;

export const emptyPatientForm: PatientFormValues = { mrn: '', name: '', birthDate: '', sex: '' };

const DUPLICATE_MRN_MESSAGE = 'A patient with this MRN already exists';

const FIELDS: readonly PatientField[] = ['mrn', 'name', 'birthDate', 'sex'];

function isField(value: unknown): value is PatientField {
  return typeof value === 'string' && (FIELDS as readonly string[]).includes(value);
}

function sentence(text: string): string {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** Messages for an empty field, friendlier than the schema's format messages. */
const missing: Record<PatientField, string> = {
  mrn: 'Enter the MRN',
  name: 'Enter the name',
  birthDate: 'Enter the birth date',
  sex: 'Choose the sex',
};

/**
 * Checks the form with the same zod schema as the server (`patientCreateSchema`), plus the server's
 * "birth date not in the future" rule against this device's `today`.
 */
export function validatePatientForm(
  values: PatientFormValues,
  today: string,
): { ok: true; data: PatientCreateInput } | { ok: false; errors: PatientFieldErrors } {
  const result = patientCreateSchema.safeParse(values);
  const errors: PatientFieldErrors = {};
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path[0];
      if (!isField(field) || errors[field]) continue;
      errors[field] = values[field].trim() === '' ? missing[field] : sentence(issue.message);
    }
  }
  if (!errors.birthDate && values.birthDate && isFutureDate(values.birthDate, today)) {
    errors.birthDate = 'The birth date cannot be in the future';
  }
  if (!result.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, data: result.data };
}

/** The fields that differ from the saved patient (what `PATCH /api/patients/:id` needs). */
export function patientChanges(saved: PatientCreateInput, edited: PatientCreateInput): PatientPatchInput {
  const patch: PatientPatchInput = {};
  if (edited.mrn !== saved.mrn) patch.mrn = edited.mrn;
  if (edited.name !== saved.name) patch.name = edited.name;
  if (edited.birthDate !== saved.birthDate) patch.birthDate = edited.birthDate;
  if (edited.sex !== saved.sex) patch.sex = edited.sex;
  return patch;
}

/**
 * A failed save → messages on the fields they concern: 409 duplicate MRN on the MRN field, 422 items
 * by their `code` (the field name). Whatever names no field is returned as `message` for the form.
 */
export function serverFieldErrors(error: unknown): { fields: PatientFieldErrors; message?: string } {
  if (!isApiError(error)) return { fields: {}, message: errorMessage(error) };
  const details = (typeof error.details === 'object' && error.details !== null ? error.details : {}) as {
    field?: unknown;
    items?: unknown;
  };

  if (error.status === 409 && (error.code === 'duplicate_mrn' || details.field === 'mrn')) {
    return { fields: { mrn: DUPLICATE_MRN_MESSAGE } };
  }

  if (error.status === 422 && Array.isArray(details.items)) {
    const fields: PatientFieldErrors = {};
    const other: string[] = [];
    for (const item of details.items as { code?: unknown; reason?: unknown }[]) {
      const reason = typeof item.reason === 'string' ? sentence(item.reason) : 'Invalid value';
      if (isField(item.code)) fields[item.code] ??= reason;
      else other.push(reason);
    }
    if (Object.keys(fields).length > 0)
      return { fields, message: other.length > 0 ? other.join(' ') : undefined };
  }

  return { fields: {}, message: error.message };
}

import { randomUUID } from 'node:crypto';
import {
  isFutureDate,
  type Page,
  type Patient,
  type PatientCreateInput,
  type WorklistItem,
  type WorklistQuery,
} from '@rls/shared';
import type { AppContext } from '../../context';
import { isUniqueViolation } from '../../db/dialect';
import type { PatientRow } from '../../db/schema';
import { unitOfWork, type Actor } from '../../db/unit-of-work';
import { ConflictError, ValidationError } from '../../http/errors';
import { findPatientByMrn, insertPatient, listPatients, searchTextOf } from './repo';

export function toPatientDto(row: PatientRow): Patient {
  return {
    id: row.id,
    mrn: row.mrn,
    name: row.name,
    birthDate: row.birth_date,
    sex: row.sex,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A worklist page. `evaluation` (the patient's latest) is joined in by the evaluation feature. */
export async function getWorklist(ctx: AppContext, query: WorklistQuery): Promise<Page<WorklistItem>> {
  const { rows, total } = await listPatients(ctx.db, query);
  return {
    items: rows.map((r) => ({
      id: r.id,
      mrn: r.mrn,
      name: r.name,
      birthDate: r.birth_date,
      sex: r.sex,
      evaluation: null,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Today's date (YYYY-MM-DD) in the server time zone. */
export function todayIn(ctx: AppContext): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: ctx.config.tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(ctx.clock.now());
}

function duplicateMrn(mrn: string): ConflictError {
  return new ConflictError(`A patient with MRN ${mrn} already exists.`, { field: 'mrn' }, 'duplicate_mrn');
}

export async function createPatient(
  ctx: AppContext,
  actor: Actor,
  input: PatientCreateInput,
): Promise<Patient> {
  if (isFutureDate(input.birthDate, todayIn(ctx))) {
    throw new ValidationError([{ code: 'birthDate', reason: 'The birth date cannot be in the future.' }]);
  }
  const now = ctx.clock.now().toISOString();
  const row: PatientRow = {
    id: randomUUID(),
    mrn: input.mrn,
    name: input.name,
    birth_date: input.birthDate,
    sex: input.sex,
    search_text: searchTextOf(input.name, input.mrn),
    created_at: now,
    updated_at: now,
    created_by: actor.id,
  };
  try {
    await unitOfWork(
      ctx,
      actor,
      {
        action: 'patient.create',
        category: 'patient',
        patientId: row.id,
        entity: 'patient',
        entityId: row.id,
      },
      async (trx) => {
        if (await findPatientByMrn(trx, row.mrn)) throw duplicateMrn(row.mrn);
        await insertPatient(trx, row);
      },
    );
  } catch (err) {
    if (isUniqueViolation(err, 'mrn')) throw duplicateMrn(row.mrn);
    throw err;
  }
  return toPatientDto(row);
}

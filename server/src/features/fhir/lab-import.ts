import {
  acceptedUnits,
  isIsoInstant,
  isValidDate,
  listItems,
  notDoneOf,
  parseAnswerValue,
  unitLabel,
  type AnswerMeta,
  type Answers,
  type InvalidItem,
  type LabImportFilled,
  type LabImportSkipped,
  type LabImportSkipReason,
  type WorkupDefinition,
  type WorkupItem,
} from '@rls/shared';
import { IDENTIFIER_TYPE, LOINC, MRN_SYSTEM, UCUM } from './codes';

/**
 * Lab results arriving as a FHIR Bundle of Observations (or one Observation) or as a CSV
 * `loinc,value,unit[,date]`, matched to the labs stage by LOINC code and converted with the units the
 * definition already accepts (`alternateUnits`, the same `parseAnswerValue` a save uses). Nothing is
 * guessed: a row whose code, unit or number is not known exactly is skipped with its reason, and two
 * different results for one test are both skipped. A FHIR input that says the results are another
 * patient's (an MRN or birth date that is not the evaluation patient's) is refused as a whole
 * (`matchPatient`). Pure (docs/fhir.md, "Lab import").
 */

/** Rows (CSV data lines or Bundle entries) one import may hold. */
export const MAX_IMPORT_ROWS = 500;

/** One result as read from the input, before it is matched to an item. */
export interface ImportRow {
  /** 1-based CSV data row (the line after the header is 1) or Bundle entry index. */
  row: number;
  loinc: string | null;
  /** Set when the row was refused while reading (status, category, value or date). */
  skip?: { reason: LabImportSkipReason; message: string };
  value?: number;
  /** The unit as it arrived (a UCUM code, or the unit text). */
  unit?: string;
  /** YYYY-MM-DD */
  effective?: string;
  /** How the row names the test when it has no usable LOINC code (for the message). */
  name?: string;
}

/**
 * One thing a FHIR input says about whose results these are (checked by `matchPatient`): an MRN (an
 * identifier of a Patient entry, or the logical `Observation.subject.identifier`), a birth date, or a
 * subject that is not a patient at all (a Group, a Device…).
 */
export type PatientClaim = { entry: number } & (
  | { kind: 'mrn'; field: 'Patient.identifier' | 'Observation.subject.identifier'; value: string }
  | { kind: 'birthDate'; field: 'Patient.birthDate'; value: string }
  | { kind: 'not-a-patient'; field: 'Observation.subject'; value: string }
);

export type ParsedImport =
  | { ok: true; format: 'fhir' | 'csv'; rows: ImportRow[]; patient: PatientClaim[] }
  | { ok: false; items: InvalidItem[] };

const invalid = (code: string, reason: string): ParsedImport => ({ ok: false, items: [{ code, reason }] });

const LOINC_RE = /^\d{1,7}-\d$/;
const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** YYYY-MM-DD of a date or date-time, undefined when absent, null when not a full valid date. */
function dateOf(raw: unknown): string | undefined | null {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  if (isValidDate(text)) return text;
  if (text.length > 10 && isIsoInstant(text)) return text.slice(0, 10);
  return null;
}

// --- CSV ----------------------------------------------------------------------------------------

/** RFC 4180 records: commas, double quotes ("" inside quotes), CRLF / LF / CR line ends. */
function csvRecords(text: string): { records: string[][]; unterminated: boolean } {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return { records, unterminated: quoted };
}

const HEADER_HINT = 'the first line must be the header loinc,value,unit (and optionally date)';

/** A CSV with the header `loinc,value,unit[,date]` (any order, any case; other columns ignored). */
export function parseLabCsv(input: string): ParsedImport {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  if (text.includes('\u0000')) return invalid('(body)', 'must not contain the NUL character');
  const { records, unterminated } = csvRecords(text);
  if (unterminated) return invalid('(body)', 'a quoted field is not closed (a " is missing)');
  const headerAt = records.findIndex((r) => r.some((f) => f.trim() !== ''));
  if (headerAt < 0) return invalid('(body)', `is empty: ${HEADER_HINT}`);
  const header = records[headerAt]!.map((h) => h.trim().toLowerCase());
  const column: Record<string, number> = {};
  for (const [i, name] of header.entries()) {
    if (name === '') continue;
    if (column[name] !== undefined) return invalid(`(header).${name}`, 'the column appears twice');
    column[name] = i;
  }
  const missing = ['loinc', 'value', 'unit'].filter((c) => column[c] === undefined);
  if (missing.length > 0) {
    return invalid('(header)', `has no ${missing.join(', ')} column: ${HEADER_HINT}`);
  }
  const data = records.slice(headerAt + 1);
  while (data.length > 0 && data.at(-1)!.every((f) => f.trim() === '')) data.pop();
  if (data.length > MAX_IMPORT_ROWS) {
    return invalid('(body)', `has ${data.length} rows; at most ${MAX_IMPORT_ROWS} can be imported at once`);
  }

  const rows: ImportRow[] = [];
  data.forEach((record, i) => {
    if (record.every((f) => f.trim() === '')) return; // a blank line is not a row (but keeps its number)
    const cell = (name: string) => {
      const at = column[name];
      return at === undefined ? '' : (record[at] ?? '').trim();
    };
    const code = cell('loinc');
    const row: ImportRow = { row: i + 1, loinc: code === '' ? null : code };
    const rawValue = cell('value');
    const effective = dateOf(cell('date'));
    if (effective === null) {
      row.skip = {
        reason: 'not-a-result',
        message: `Date "${cell('date')}" is not a valid date (YYYY-MM-DD)`,
      };
    } else if (rawValue === '') {
      row.skip = { reason: 'not-a-number', message: 'No value' };
    } else if (!NUMBER_RE.test(rawValue) || !Number.isFinite(Number(rawValue))) {
      row.skip = { reason: 'not-a-number', message: `Value "${rawValue}" is not a number` };
    } else {
      row.value = Number(rawValue);
    }
    if (effective) row.effective = effective;
    const unit = cell('unit');
    if (unit !== '') row.unit = unit;
    rows.push(row);
  });
  return { ok: true, format: 'csv', rows, patient: [] };
}

// --- FHIR ---------------------------------------------------------------------------------------

const RESULT_STATUSES = new Set(['final', 'amended', 'corrected']);

function codingsOf(concept: unknown): Record<string, unknown>[] {
  if (!isRecord(concept) || !Array.isArray(concept.coding)) return [];
  return concept.coding.filter(isRecord);
}

/** How an Observation names its test, for a message when no LOINC code matches. */
function nameOf(code: unknown): string | undefined {
  if (isRecord(code) && typeof code.text === 'string' && code.text.trim() !== '') return code.text.trim();
  const shown = codingsOf(code).find((c) => typeof c.display === 'string' && c.display.trim() !== '');
  return shown ? (shown.display as string).trim() : undefined;
}

function observationRow(
  resource: Record<string, unknown>,
  row: number,
  loincs: ReadonlySet<string>,
): ImportRow {
  const codes = codingsOf(resource.code)
    .filter((c) => c.system === LOINC && typeof c.code === 'string')
    .map((c) => (c.code as string).trim());
  const loinc = codes.find((c) => loincs.has(c)) ?? codes[0] ?? null;
  const out: ImportRow = { row, loinc };
  const name = nameOf(resource.code);
  if (name) out.name = name;
  const skip = (reason: LabImportSkipReason, message: string) => ({ ...out, skip: { reason, message } });

  const status = typeof resource.status === 'string' ? resource.status : undefined;
  if (!status || !RESULT_STATUSES.has(status)) {
    return skip(
      'not-a-result',
      `Status "${status ?? 'none'}": only final, amended or corrected results are imported`,
    );
  }
  if (Array.isArray(resource.category)) {
    const categories = resource.category.flatMap(codingsOf);
    const lab = categories.some((c) => c.code === 'laboratory');
    if (categories.length > 0 && !lab) {
      const shown = categories.map((c) => String(c.code)).join(', ');
      return skip('not-a-result', `Not a laboratory result (category ${shown})`);
    }
  }
  const effective = dateOf(
    resource.effectiveDateTime ??
      resource.effectiveInstant ??
      (isRecord(resource.effectivePeriod) ? resource.effectivePeriod.start : undefined),
  );
  if (effective) out.effective = effective;

  const quantity = resource.valueQuantity;
  if (!isRecord(quantity)) {
    if (resource.dataAbsentReason !== undefined)
      return skip('not-a-result', 'No value: the result is marked absent');
    const other = Object.keys(resource).find((k) => k.startsWith('value'));
    if (other) return skip('not-a-number', `The value is not a quantity (${other})`);
    return skip('not-a-result', 'No value');
  }
  if (typeof quantity.value !== 'number' || !Number.isFinite(quantity.value)) {
    return skip('not-a-number', 'The value is not a number');
  }
  if (quantity.comparator !== undefined) {
    const comparator = typeof quantity.comparator === 'string' ? quantity.comparator : '?';
    return skip('not-a-number', `Value "${comparator}${quantity.value}" is not an exact number`);
  }
  out.value = quantity.value;
  const code =
    typeof quantity.code === 'string' && (quantity.system === UCUM || quantity.system === undefined);
  const unit = code ? quantity.code : quantity.unit;
  if (typeof unit === 'string' && unit.trim() !== '') out.unit = unit.trim();
  return out;
}

// --- whose results ------------------------------------------------------------------------------

/** The v2-0203 type codes of an identifier (`MR`, `SS`…); none when it has no such type. */
function identifierTypes(identifier: Record<string, unknown>): string[] {
  return codingsOf(identifier.type)
    .filter((c) => c.system === IDENTIFIER_TYPE && typeof c.code === 'string')
    .map((c) => c.code as string);
}

/**
 * The MRN an identifier states, or undefined. Every identifier is taken as an MRN (and so compared)
 * unless its v2-0203 type says it is another kind (`SS`, `DL`, `PPN`…): a file that names its patient
 * by an identifier the import cannot place is refused rather than trusted.
 */
function mrnOf(identifier: unknown): string | undefined {
  if (!isRecord(identifier) || typeof identifier.value !== 'string') return undefined;
  const value = identifier.value.trim();
  if (value === '') return undefined;
  if (identifier.system === MRN_SYSTEM) return value;
  const types = identifierTypes(identifier);
  return types.length === 0 || types.includes('MR') ? value : undefined;
}

const FHIR_DATE_RE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

/** A FHIR date of any precision (YYYY, YYYY-MM, YYYY-MM-DD) that exists. */
function isFhirDate(text: string): boolean {
  if (!FHIR_DATE_RE.test(text)) return false;
  if (text.length === 10) return isValidDate(text);
  if (text.length === 7) return Number(text.slice(5)) >= 1 && Number(text.slice(5)) <= 12;
  return true;
}

/** What a Patient resource says about who it is; an item when its birth date cannot be read. */
function patientClaims(
  resource: Record<string, unknown>,
  entry: number,
): { claims: PatientClaim[] } | { item: InvalidItem } {
  const claims: PatientClaim[] = [];
  for (const identifier of Array.isArray(resource.identifier) ? resource.identifier : []) {
    const value = mrnOf(identifier);
    if (value !== undefined) claims.push({ entry, kind: 'mrn', field: 'Patient.identifier', value });
  }
  const birthDate = resource.birthDate;
  if (birthDate !== undefined) {
    if (typeof birthDate !== 'string' || !isFhirDate(birthDate.trim())) {
      return {
        item: {
          code: 'Patient.birthDate',
          reason: `(entry ${entry}) is not a date (YYYY-MM-DD, or YYYY-MM or YYYY)`,
        },
      };
    }
    claims.push({ entry, kind: 'birthDate', field: 'Patient.birthDate', value: birthDate.trim() });
  }
  return { claims };
}

/** `Type/id`, `<base>/Type/id` or `…/_history/n`: the resource type a literal reference names. */
const TYPED_REFERENCE_RE = /(?:^|\/)([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[^/]+)?$/;

/**
 * What an Observation says about its subject: the logical `subject.identifier` as an MRN, its
 * contained Patients, and a subject that is not a Patient (by `subject.type`, the resource it refers
 * to in the Bundle or among its contained resources, or the type its reference names).
 */
function subjectClaims(
  resource: Record<string, unknown>,
  entry: number,
  byUrl: ReadonlyMap<string, Record<string, unknown>>,
): { claims: PatientClaim[] } | { item: InvalidItem } {
  const claims: PatientClaim[] = [];
  const contained = (Array.isArray(resource.contained) ? resource.contained : []).filter(isRecord);
  for (const patient of contained.filter((r) => r.resourceType === 'Patient')) {
    const read = patientClaims(patient, entry);
    if ('item' in read) return read;
    claims.push(...read.claims);
  }
  const subject = resource.subject;
  if (subject === undefined) return { claims };
  if (!isRecord(subject)) {
    return { item: { code: 'Observation.subject', reason: `(entry ${entry}) must be a Reference` } };
  }
  const mrn = mrnOf(subject.identifier);
  if (mrn !== undefined) {
    claims.push({ entry, kind: 'mrn', field: 'Observation.subject.identifier', value: mrn });
  }
  const reference = typeof subject.reference === 'string' ? subject.reference.trim() : '';
  const target = reference.startsWith('#')
    ? contained.find((r) => r.id === reference.slice(1))
    : byUrl.get(reference);
  const types = [
    // `type` is a URI: `Patient`, or http://hl7.org/fhir/StructureDefinition/Patient
    typeof subject.type === 'string' ? subject.type.split('/').pop() : undefined,
    typeof target?.resourceType === 'string' ? target.resourceType : undefined,
    TYPED_REFERENCE_RE.exec(reference)?.[1],
  ];
  const other = types.find((t) => t !== undefined && t !== 'Patient');
  if (other) claims.push({ entry, kind: 'not-a-patient', field: 'Observation.subject', value: other });
  return { claims };
}

export type PatientMatch =
  | { ok: true; patientMatch: 'matched' | 'not-stated' }
  | { ok: false; field: PatientClaim['field']; entry: number; message: string };

/** A stated birth date of any precision agrees with a full one when it is its start (1970-05 of 1970-05-05). */
function sameBirthDate(stated: string, birthDate: string): boolean {
  return birthDate === stated || birthDate.startsWith(`${stated}-`);
}

/**
 * Whether what the input says about its patient agrees with the evaluation's patient: every MRN it
 * states must be the patient's (compared as the app compares MRNs: exactly, as stored, trimmed), every
 * birth date the patient's, and every subject a patient. 'matched' when at least one MRN was the
 * patient's, 'not-stated' when none was stated. Messages name the field, never the other patient.
 */
export function matchPatient(
  claims: readonly PatientClaim[],
  patient: { mrn: string; birthDate: string },
): PatientMatch {
  for (const claim of claims) {
    const at = `${claim.field} (entry ${claim.entry})`;
    const refuse = (message: string): PatientMatch => ({
      ok: false,
      field: claim.field,
      entry: claim.entry,
      message: `${at}: ${message}`,
    });
    if (claim.kind === 'not-a-patient') {
      // The type is echoed only when it reads as a FHIR resource type (it comes from the file).
      const type = /^[A-Z][A-Za-z]{1,63}$/.test(claim.value) ? ` (${claim.value})` : '';
      return refuse(`the results are not this patient's: their subject is not a patient${type}.`);
    }
    if (claim.kind === 'mrn' && claim.value !== patient.mrn.trim()) {
      return refuse("the results belong to a different patient: the file's MRN is not this patient's.");
    }
    if (claim.kind === 'birthDate' && !sameBirthDate(claim.value, patient.birthDate)) {
      return refuse(
        "the results belong to a different patient: the file's birth date is not this patient's.",
      );
    }
  }
  return { ok: true, patientMatch: claims.some((c) => c.kind === 'mrn') ? 'matched' : 'not-stated' };
}

// --- FHIR input ---------------------------------------------------------------------------------

/**
 * A FHIR Bundle of Observations or a single Observation: the Observations as rows (other resources
 * are ignored), and what the Patient entries and the Observations' subjects say about whose results
 * they are (`matchPatient`).
 */
export function parseLabFhir(body: unknown, workup: WorkupDefinition): ParsedImport {
  if (!isRecord(body)) {
    return invalid('(body)', 'must be a FHIR Bundle or Observation (JSON), or a CSV file (text/csv)');
  }
  const loincs = new Set(labItems(workup).map((i) => i.loinc!));
  let resources: Array<{ entry: number; resource: Record<string, unknown> }>;
  const byUrl = new Map<string, Record<string, unknown>>();
  if (body.resourceType === 'Observation') {
    resources = [{ entry: 1, resource: body }];
  } else {
    if (body.resourceType !== 'Bundle') return invalid('resourceType', 'must be Bundle or Observation');
    if (body.entry !== undefined && !Array.isArray(body.entry)) return invalid('entry', 'must be a list');
    const entries = (body.entry ?? []) as unknown[];
    if (entries.length > MAX_IMPORT_ROWS) {
      return invalid(
        'entry',
        `has ${entries.length} entries; at most ${MAX_IMPORT_ROWS} can be imported at once`,
      );
    }
    resources = [];
    entries.forEach((entry, i) => {
      if (!isRecord(entry) || !isRecord(entry.resource)) return;
      const resource = entry.resource;
      resources.push({ entry: i + 1, resource });
      if (typeof entry.fullUrl === 'string' && entry.fullUrl !== '') byUrl.set(entry.fullUrl, resource);
    });
  }

  const rows: ImportRow[] = [];
  const patient: PatientClaim[] = [];
  for (const { entry, resource } of resources) {
    let read: ReturnType<typeof patientClaims> | undefined;
    if (resource.resourceType === 'Patient') read = patientClaims(resource, entry);
    else if (resource.resourceType === 'Observation') {
      rows.push(observationRow(resource, entry, loincs));
      read = subjectClaims(resource, entry, byUrl);
    }
    if (read && 'item' in read) return { ok: false, items: [read.item] };
    if (read) patient.push(...read.claims);
  }
  return { ok: true, format: 'fhir', rows, patient };
}

// --- matching -----------------------------------------------------------------------------------

/** The lab items of a definition that carry a LOINC code and a unit. */
function labItems(workup: WorkupDefinition): WorkupItem[] {
  return listItems(workup).filter((i) => i.stage === 'labs' && i.loinc && i.unit && i.type === 'number');
}

/**
 * The accepted unit `unit` names, or undefined. Exact UCUM first; then the same code with `l` for
 * litre written `L` (UCUM defines both), µ written `u`, or the unit as the app prints it (`µg/dL`,
 * `mIU/L`). Nothing else: `mg/dl` is mg/dL, but `mmol` is never read as `mg`.
 */
export function resolveUnit(
  item: Pick<WorkupItem, 'unit' | 'alternateUnits'>,
  unit: string,
): string | undefined {
  const accepted = acceptedUnits(item);
  const text = unit.trim();
  if (accepted.includes(text)) return text;
  const normal = text.replace(/[µμ]/g, 'u').replace(/(^|\/)([munpfcd]?)l(?=$|[^A-Za-z])/g, '$1$2L');
  if (accepted.includes(normal)) return normal;
  return accepted.find((u) => unitLabel(u) === text && unitLabel(u) !== '');
}

export interface LabImportPlan {
  filled: LabImportFilled[];
  skipped: LabImportSkipped[];
  /** The answers of the save: item code → `{value, unit}` as arrived (the save converts and records it). */
  answers: Record<string, { value: number; unit: string }>;
  /** Items marked not done that a result now fills: their mark is cleared in the same save. */
  clearNotDone: string[];
}

/** Matches read rows to the labs stage of `workup`, against the evaluation's current answers. */
export function planLabImport(
  workup: WorkupDefinition,
  current: { answers: Answers; answerMeta: AnswerMeta },
  rows: readonly ImportRow[],
): LabImportPlan {
  const byLoinc = new Map(labItems(workup).map((i) => [i.loinc!, i]));
  const skipped: LabImportSkipped[] = [];
  const candidates: Array<{ row: ImportRow; item: WorkupItem; unit: string; canonical: number }> = [];
  const skip = (row: ImportRow, reason: LabImportSkipReason, message: string) =>
    skipped.push({ row: row.row, loinc: row.loinc, reason, message });

  for (const row of rows) {
    const item = row.loinc ? byLoinc.get(row.loinc) : undefined;
    // Not a result at all (its status, category or value says so): that reason comes first.
    if (row.skip?.reason === 'not-a-result') {
      const named = item?.label ?? row.name;
      skip(row, row.skip.reason, named ? `${named}: ${row.skip.message}` : row.skip.message);
      continue;
    }
    if (!item) {
      const named = row.name ? ` (${row.name})` : '';
      if (row.loinc === null) skip(row, 'unknown-code', `No LOINC code${named}`);
      else if (!LOINC_RE.test(row.loinc)) skip(row, 'unknown-code', `"${row.loinc}" is not a LOINC code`);
      else skip(row, 'unknown-code', `LOINC ${row.loinc}${named} is not a test of the laboratory stage`);
      continue;
    }
    if (row.skip) {
      skip(row, row.skip.reason, `${item.label}: ${row.skip.message}`);
      continue;
    }
    if (row.unit === undefined) {
      skip(row, 'unknown-unit', `No unit given for ${item.label} (accepted: ${unitList(item)})`);
      continue;
    }
    const unit = resolveUnit(item, row.unit);
    if (!unit) {
      skip(
        row,
        'unknown-unit',
        `Unit "${row.unit}" is not known for ${item.label} (accepted: ${unitList(item)})`,
      );
      continue;
    }
    const parsed = parseAnswerValue(item, { value: row.value!, unit });
    if (!parsed.ok || typeof parsed.value !== 'number') {
      const reason = parsed.ok ? 'must be a number' : parsed.reason;
      skip(row, 'out-of-range', `${item.label} ${row.value} ${row.unit}: ${reason}`);
      continue;
    }
    candidates.push({ row, item, unit, canonical: parsed.value });
  }

  const filled: LabImportFilled[] = [];
  const answers: LabImportPlan['answers'] = {};
  const clearNotDone: string[] = [];
  const byCode = new Map<string, typeof candidates>();
  for (const c of candidates) byCode.set(c.item.code, [...(byCode.get(c.item.code) ?? []), c]);
  for (const [code, group] of byCode) {
    const first = group[0]!;
    const rowsOf = group.map((c) => c.row.row).join(', ');
    if (group.some((c) => c.canonical !== first.canonical)) {
      for (const c of group) {
        skip(
          c.row,
          'duplicate',
          `${first.item.label} has ${group.length} different results (rows ${rowsOf}): import one of them`,
        );
      }
      continue;
    }
    for (const c of group.slice(1)) {
      skip(c.row, 'duplicate', `Same ${first.item.label} result as row ${first.row.row}`);
    }
    const previous = current.answers[code];
    filled.push({
      code,
      loinc: first.item.loinc!,
      value: first.canonical,
      unit: first.item.unit!,
      entered: { value: first.row.value!, unit: first.row.unit! },
      previous: typeof previous === 'number' ? previous : null,
      ...(first.row.effective ? { effective: first.row.effective } : {}),
    });
    answers[code] = { value: first.row.value!, unit: first.unit };
    if (notDoneOf(current.answerMeta, code) !== undefined) clearNotDone.push(code);
  }
  const order = new Map(listItems(workup).map((item, i) => [item.code, i]));
  filled.sort((a, b) => order.get(a.code)! - order.get(b.code)!);
  skipped.sort((a, b) => a.row - b.row);
  return { filled, skipped, answers, clearNotDone };
}

function unitList(item: WorkupItem): string {
  return acceptedUnits(item).join(', ');
}

/**
 * What the lab import dialog reads and says, without React: the format of a file or pasted text, and
 * the error messages of the import endpoint (`POST /api/evaluations/:id/labs/import`).
 */
import type { EvaluationDto, InvalidItem, LabImportSkipped, WorkupDefinition } from '@rls/shared';
import { isApiError } from '@/lib/api-client';
import { itemLabel } from '@/utils/evaluation-format';
import type { LabImportFormat } from '../api';

/**
 * The largest file read into memory: the server takes bodies up to 1 MB (server/src/http/body.ts);
 * a bigger file is refused here before it is read.
 */
export const MAX_IMPORT_BYTES = 1024 * 1024;

/** What is imported: the text (read in memory, never stored) and where it came from. */
export interface LabUpload {
  text: string;
  format: LabImportFormat;
  /** The file's name; null for pasted text. */
  fileName: string | null;
}

/**
 * FHIR JSON (a Bundle or an Observation) starts with `{`; a CSV (`loinc,value,unit[,date]`) never
 * does. The content decides, not the file name, so a `.txt` export or a mislabelled file is still
 * sent with the Content-Type that matches what is in it.
 */
function formatOf(text: string): LabImportFormat {
  return text.trimStart().startsWith('{') ? 'fhir' : 'csv';
}

/** The text to send: a leading byte-order mark (spreadsheet CSV exports) removed. */
export function uploadOf(text: string, fileName: string | null): LabUpload {
  const clean = text.replace(/^\uFEFF/, '');
  return { text: clean, format: formatOf(clean), fileName };
}

export const FORMAT_LABELS: Record<LabImportFormat, string> = {
  fhir: 'FHIR JSON (Bundle of Observations)',
  csv: 'CSV (loinc,value,unit[,date])',
};

/** "Row 3" of a CSV, "Entry 3" of a Bundle. */
export function rowLabel(format: LabImportFormat, row: number): string {
  return `${format === 'csv' ? 'Row' : 'Entry'} ${row}`;
}

/** A file size as people read it: `812 bytes`, `14 KB`, `1.2 MB`. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function isSkipped(value: unknown): value is LabImportSkipped {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as LabImportSkipped).row === 'number' &&
    typeof (value as LabImportSkipped).message === 'string'
  );
}

/** The rows a 422 `nothing_to_import` lists in its details (`{skipped: [...]}`). */
function skippedOf(details: unknown): LabImportSkipped[] {
  const list = Array.isArray(details)
    ? (details as unknown[])
    : (details as { skipped?: unknown } | undefined)?.skipped;
  return Array.isArray(list) ? list.filter(isSkipped) : [];
}

/** The evaluation a 412 carries in `details.current` (someone else saved first). */
export function currentOf(error: unknown): EvaluationDto | undefined {
  if (!isApiError(error, 412)) return undefined;
  const current = (error.details as { current?: EvaluationDto } | undefined)?.current;
  return current && typeof current.version === 'number' ? current : undefined;
}

/** What went wrong, for the dialog: a message a clinician can act on, and the rows skipped if any. */
export interface ImportProblem {
  title: string;
  message: string;
  skipped: LabImportSkipped[];
}

export const SIGNED_PROBLEM: ImportProblem = {
  title: 'This evaluation is signed',
  message:
    'It was signed meanwhile, so results can no longer be imported into it. Nothing was changed. To correct a signed evaluation, amend it.',
  skipped: [],
};

/** What a 422 `invalid` names, in words: `The header line has no loinc column: …`. */
function invalidText(items: InvalidItem[], workup?: WorkupDefinition): string | null {
  if (items.length === 0) return null;
  const subject = (code: string): string => {
    if (code === '(body)') return 'The file';
    if (code === '(header)') return 'The header line';
    if (code.startsWith('(header).')) return `The header’s “${code.slice('(header).'.length)}” column`;
    if (code === 'resourceType' || code === 'entry') return `The FHIR “${code}”`;
    return workup ? `${itemLabel(workup, code)}:` : `${code}:`;
  };
  return items.map((item) => `${subject(item.code)} ${item.reason}.`.replace(/\.\.$/, '.')).join(' ');
}

function invalidItemsOf(details: unknown): InvalidItem[] {
  const items = (details as { items?: unknown } | undefined)?.items;
  if (!Array.isArray(items)) return [];
  return items.filter(
    (i): i is InvalidItem =>
      typeof i === 'object' && i !== null && typeof (i as InvalidItem).code === 'string',
  );
}

/** The problem of a failed preview or apply; `workup` names the items a refused value belongs to. */
export function problemOf(error: unknown, workup?: WorkupDefinition): ImportProblem {
  if (!isApiError(error)) {
    return {
      title: 'The import failed',
      message: 'Something went wrong. Try again, and contact support if it keeps happening.',
      skipped: [],
    };
  }
  const server = error.message;
  switch (error.status) {
    case 422:
      if (error.code === 'nothing_to_import') {
        return {
          title: 'Nothing to import',
          message: 'No result in this file can fill a lab of this workup. Nothing was changed.',
          skipped: skippedOf(error.details),
        };
      }
      {
        const items = invalidItemsOf(error.details);
        const aboutFile = items.some(
          (i) => i.code.startsWith('(') || i.code === 'resourceType' || i.code === 'entry',
        );
        return {
          title: aboutFile ? 'The file could not be read' : 'The results were refused',
          message: `${invalidText(items, workup) ?? server} Nothing was changed.`,
          skipped: skippedOf(error.details),
        };
      }
    case 413:
      return {
        title: 'The file is too large',
        message: `${server} Import a file of at most ${sizeText(MAX_IMPORT_BYTES)}, e.g. only this visit’s results.`,
        skipped: [],
      };
    case 400:
    case 415:
      return { title: 'The file could not be read', message: server, skipped: [] };
    case 409:
      return SIGNED_PROBLEM;
    default:
      return { title: 'The import failed', message: server, skipped: [] };
  }
}

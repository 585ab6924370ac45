/**
 * CSV export of the workload tables, built in the browser (RFC 4180: comma-separated, CRLF line
 * ends, a field quoted when it holds a comma, quote, CR or LF, quotes doubled). A leading =, +, -
 * or @ is prefixed with an apostrophe so a spreadsheet never runs a cell as a formula.
 */

import { saveBlob } from '@/lib/download';

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvValue;
}

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Offers `csv` as a file download (a UTF-8 BOM lets spreadsheet programs detect the encoding). */
export function downloadCsv(filename: string, csv: string): void {
  saveBlob(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }), filename);
}

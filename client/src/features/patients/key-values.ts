import { irlsBand, type IrlsBand } from '@rls/shared';
import type { EvaluationKeyValues, PatientEvaluationSummary } from './types';

type KeyValue = keyof EvaluationKeyValues;

interface Measure {
  key: KeyValue;
  label: string;
  /** Display unit after the value (values are stored in the item's canonical unit). */
  unit: string;
  /** Decimal places shown, as the workup definition displays the item. */
  decimals: number;
}

/** Values that show whether treatment worked, in the order a clinician reads them. */
const MEASURES: readonly Measure[] = [
  { key: 'ferritin', label: 'Ferritin', unit: 'ng/mL', decimals: 0 },
  { key: 'tsat', label: 'TSAT', unit: '%', decimals: 1 },
  { key: 'irlsTotal', label: 'IRLS total', unit: '', decimals: 0 },
  { key: 'abiLeft', label: 'ABI left', unit: '', decimals: 2 },
  { key: 'abiRight', label: 'ABI right', unit: '', decimals: 2 },
];

interface ComparisonRow {
  key: KeyValue;
  label: string;
  previous: string | null;
  latest: string | null;
  unit: string;
  /** Signed change, e.g. `+74`, `−0.05`, `no change`; null when either value is missing. */
  change: string | null;
  /** For the IRLS total: severity band before and after (e.g. severe → moderate). */
  bands?: { previous: IrlsBand | null; latest: IrlsBand | null };
  /** The whole line as one sentence, e.g. `Ferritin 38 → 112 ng/mL (+74)`. */
  text: string;
}

export interface Comparison {
  previous: PatientEvaluationSummary;
  latest: PatientEvaluationSummary;
  rows: ComparisonRow[];
}

function hasAnyValue(evaluation: PatientEvaluationSummary): boolean {
  return MEASURES.some(
    ({ key }) => evaluation.keyValues[key] !== null && evaluation.keyValues[key] !== undefined,
  );
}

function format(value: number, decimals: number): string {
  return new Intl.NumberFormat('en-GB', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value);
}

function formatChange(delta: number, decimals: number): string {
  // Round first, so a change smaller than the display precision reads as no change.
  const rounded = Number(delta.toFixed(decimals));
  if (rounded === 0) return 'no change';
  return `${rounded > 0 ? '+' : '−'}${format(Math.abs(rounded), decimals)}`;
}

/**
 * The last two evaluations that recorded any key value (evaluations come newest first), compared
 * measure by measure. Differences use the unrounded canonical values; only display is rounded.
 * Null when fewer than two evaluations have values.
 */
export function compareKeyValues(evaluations: readonly PatientEvaluationSummary[]): Comparison | null {
  const withValues = evaluations.filter(hasAnyValue);
  const [latest, previous] = withValues;
  if (!latest || !previous) return null;

  const rows: ComparisonRow[] = [];
  for (const measure of MEASURES) {
    const before = previous.keyValues[measure.key] ?? null;
    const after = latest.keyValues[measure.key] ?? null;
    if (before === null && after === null) continue;
    const prevText = before === null ? null : format(before, measure.decimals);
    const latestText = after === null ? null : format(after, measure.decimals);
    const change = before !== null && after !== null ? formatChange(after - before, measure.decimals) : null;
    const unit = measure.unit ? ` ${measure.unit}` : '';
    const text =
      `${measure.label} ${prevText ?? 'not recorded'} → ${latestText ?? 'not recorded'}` +
      `${latestText !== null ? unit : ''}${change ? ` (${change})` : ''}`;
    rows.push({
      key: measure.key,
      label: measure.label,
      previous: prevText,
      latest: latestText,
      unit: measure.unit,
      change,
      ...(measure.key === 'irlsTotal'
        ? {
            bands: {
              previous: before === null ? null : irlsBand(before),
              latest: after === null ? null : irlsBand(after),
            },
          }
        : {}),
      text,
    });
  }
  return { previous, latest, rows };
}

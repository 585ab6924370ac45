/**
 * Display helpers of the renderer. Stored values read through the app's shared formatting
 * (`@/utils/evaluation-format`); this adds what only editing needs: numbers as typed, range hints and
 * raw inputs such as `{ value, unit }`.
 */
import type { AnswerMeta, AnswerValue, WorkupDefinition, WorkupItem } from '@rls/shared';
import { formatAnswer, unitLabel } from '@/utils/evaluation-format';

/** A number as it goes back into an input: no float noise (0.1 + 0.2 → 0.3), no rounding otherwise. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** `0–40`, `≥ 0`, `0–10000 ms`: the accepted range of a numeric item. */
export function rangeHint(item: Pick<WorkupItem, 'range' | 'unit'>): string | undefined {
  const { min, max } = item.range ?? {};
  const unit = unitLabel(item.unit);
  const suffix = unit ? ` ${unit}` : '';
  if (min !== undefined && max !== undefined) return `${min}–${max}${suffix}`;
  if (min !== undefined) return `≥ ${min}${suffix}`;
  if (max !== undefined) return `≤ ${max}${suffix}`;
  return undefined;
}

/** What a quantity in this canonical unit is called, for "<name> in: ms | s" (times; else values). */
export function quantityName(unit: string | undefined): string {
  return unit === 'ms' || unit === 's' || unit === 'min' || unit === 'h' ? 'Times' : 'Values';
}

function isQuantity(value: unknown): value is { value: number; unit: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { value?: unknown }).value === 'number' &&
    typeof (value as { unit?: unknown }).unit === 'string'
  );
}

/**
 * A value as text: a stored answer (with what was entered in another unit), a plan field
 * (`plan.<field>`) or a raw input not yet stored (e.g. `{ value: 5, unit: 'umol/L' }`).
 */
export function formatValue(
  workup: WorkupDefinition,
  code: string,
  value: unknown,
  entered?: AnswerMeta[string],
): string {
  if (isQuantity(value)) return `${formatNumber(value.value)} ${unitLabel(value.unit)}`.trim();
  return formatAnswer(workup, code, (value ?? null) as AnswerValue | null, entered);
}

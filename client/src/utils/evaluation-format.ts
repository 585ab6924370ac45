import { enteredOf, getItem, suggestionCatalog, unitLabel } from '@rls/shared';
import type { AnswerMeta, AnswerValue, WorkupDefinition, WorkupItem } from '@rls/shared';
import { formatDate, formatInstant } from './format';

// How stored evaluation values read on screen and on paper. Values stay canonical; this is display only.

export { unitLabel };

const PLAN_LABELS: Record<string, string> = {
  'plan.selected': 'Plan: selected options',
  'plan.custom': 'Plan: own items',
  'plan.followUpDate': 'Plan: follow-up date',
  'plan.reviewed': 'Plan reviewed',
  'plan.medications': 'Plan: treatment course',
};

const SIDE_LABELS = { left: 'left', right: 'right' } as const;

/** `lab.ferritin` → `Ferritin`; `exam.ceap.left` → `CEAP clinical class (left)`; unknown codes as-is. */
export function itemLabel(workup: WorkupDefinition, code: string): string {
  const planLabel = PLAN_LABELS[code];
  if (planLabel) return planLabel;
  const item = getItem(workup, code);
  if (!item) return code;
  return item.side ? `${item.label} (${SIDE_LABELS[item.side]})` : item.label;
}

/** Rounds for display only (values are stored unrounded): `40.0` → `40`, `1.046` → `1.05`. */
function formatNumber(value: number, decimals = 2): string {
  return String(Number(value.toFixed(decimals)));
}

/** A number with its unit: `40 ng/mL`, `1.05` (ABI has no unit), `800 ms`. */
export function formatQuantity(item: WorkupItem | undefined, value: number): string {
  const unit = unitLabel(item?.unit);
  const text = formatNumber(value, item?.decimals ?? 2);
  if (!unit) return text;
  return unit === '%' ? `${text} %` : `${text} ${unit}`;
}

function suggestionLabel(id: string): string {
  return (suggestionCatalog as Record<string, { label: string } | undefined>)[id]?.label ?? id;
}

/** An item marked not done, as a person reads it: `not done — patient declined`. */
export function notDoneText(reason: string): string {
  return reason.trim() === '' ? 'not done' : `not done — ${reason.trim()}`;
}

/**
 * A stored value as text, with option labels, units and Yes/No; `—` when empty. `meta` (what was
 * entered in another unit) is added in brackets: `40 ng/mL (entered 40 ug/L)`.
 */
export function formatAnswer(
  workup: WorkupDefinition,
  code: string,
  value: AnswerValue | null | undefined,
  meta?: AnswerMeta[string],
): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
    if (meta?.notDone !== undefined) return notDoneText(meta.notDone);
    return value === undefined || value === null ? '—' : 'None';
  }
  if (code === 'plan.selected' && Array.isArray(value)) return value.map(suggestionLabel).join('; ');
  if (code === 'plan.custom' && Array.isArray(value)) return value.join('; ');
  // The history records each course line in words with an ISO start date (`from 2026-06-10`).
  if (code === 'plan.medications' && Array.isArray(value)) {
    return value.map((line) => line.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => formatDate(d))).join('; ');
  }
  if (code === 'plan.followUpDate' && typeof value === 'string') return formatDate(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';

  const item = getItem(workup, code);
  if (typeof value === 'number') {
    const text = formatQuantity(item, value);
    const entered = enteredOf(meta);
    if (entered && entered.unit !== item?.unit)
      return `${text} (entered ${entered.value} ${unitLabel(entered.unit)})`;
    return text;
  }
  const optionLabel = (c: string) => item?.options?.find((o) => o.code === c)?.label ?? c;
  if (Array.isArray(value)) return value.map(optionLabel).join(', ');
  if (item?.type === 'date') return formatDate(value);
  return optionLabel(value);
}

/** ISO-UTC time → `25 Nov 2026, 14:02` in the device's time zone; `—` when absent. */
export function formatDateTime(value: string | null | undefined): string {
  return formatInstant(value);
}

/** A suggestion's guideline for display; suggestions without a graded source carry 'None'. */
export function guidelineLabel(suggestion: { guideline?: string }): string | undefined {
  return suggestion.guideline && suggestion.guideline !== 'None' ? suggestion.guideline : undefined;
}

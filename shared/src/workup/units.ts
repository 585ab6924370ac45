import type { AlternateUnit, AnswerMetaEntry, EnteredValue, WorkupItem } from './types';

/**
 * Unit conversion to an item's canonical UCUM unit (its `alternateUnits`): ug/L = ng/mL; iron/TIBC
 * umol/L × 5.585; haemoglobin g/L ÷ 10, mmol/L × 1.611; creatinine umol/L ÷ 88.4; glucose
 * mmol/L × 18.016; HbA1c mmol/mol ÷ 10.929 + 2.15 (47 mmol/mol → 6.45 %); B12 pmol/L ÷ 0.738;
 * magnesium mmol/L × 2.431; duplex reflux time s × 1000 (ms). Results are not rounded.
 */
export function applyConversion(value: number, conversion: AlternateUnit): number {
  let result = value;
  if (conversion.multiply !== undefined) result *= conversion.multiply;
  if (conversion.divide !== undefined) result /= conversion.divide;
  if (conversion.add !== undefined) result += conversion.add;
  return result;
}

/** Units an item accepts, canonical first. */
export function acceptedUnits(item: Pick<WorkupItem, 'unit' | 'alternateUnits'>): string[] {
  if (!item.unit) return [];
  return [item.unit, ...(item.alternateUnits ?? []).map((u) => u.unit)];
}

export type ConversionResult = { ok: true; value: number } | { ok: false; reason: string };

/** Converts `value` entered in `unit` to the item's canonical unit. */
export function toCanonical(
  item: Pick<WorkupItem, 'unit' | 'alternateUnits'>,
  value: number,
  unit: string,
): ConversionResult {
  if (item.unit === undefined) return { ok: false, reason: 'this item has no unit' };
  if (unit === item.unit) return { ok: true, value };
  const conversion = item.alternateUnits?.find((u) => u.unit === unit);
  if (!conversion) {
    return { ok: false, reason: `unknown unit '${unit}'; accepted: ${acceptedUnits(item).join(', ')}` };
  }
  return { ok: true, value: applyConversion(value, conversion) };
}

/** Inverse of `toCanonical`, for showing a canonical value in an alternate unit. */
export function fromCanonical(
  item: Pick<WorkupItem, 'unit' | 'alternateUnits'>,
  value: number,
  unit: string,
): number | undefined {
  if (unit === item.unit) return value;
  const c = item.alternateUnits?.find((u) => u.unit === unit);
  if (!c) return undefined;
  let result = value;
  if (c.add !== undefined) result -= c.add;
  if (c.divide !== undefined) result *= c.divide;
  if (c.multiply !== undefined) result /= c.multiply;
  return result;
}

/** The entered form of a number kept in an item's `answerMeta` entry, when there is one. */
export function enteredOf(entry: AnswerMetaEntry | undefined): EnteredValue | undefined {
  return entry?.value !== undefined && entry.unit !== undefined
    ? { value: entry.value, unit: entry.unit }
    : undefined;
}

/**
 * Reflux times a duplex report gives lie in the hundreds of milliseconds or above (pathologic from
 * >500 ms superficial / >1000 ms deep, docs/clinical-rules.md); reports written in seconds give
 * 0.5–10 s. A time entered in ms strictly between 0 and this bound (0 itself means "no reflux") is
 * more likely seconds typed into the ms field: "GSV reflux 1.2 s" stored as 1.2 ms shows no reflux.
 */
export const SECONDS_HINT_BELOW_MS = 50;

/**
 * The value to offer as seconds when a time stored in ms looks like seconds typed into the ms field
 * (0 < value < `SECONDS_HINT_BELOW_MS` ms, entered in ms, the item accepting `s`); undefined
 * otherwise. A hint for the person entering, never a correction made on their behalf.
 */
export function secondsHint(
  item: Pick<WorkupItem, 'unit' | 'alternateUnits'>,
  value: unknown,
  entered: EnteredValue | undefined,
): number | undefined {
  if (item.unit !== 'ms' || !acceptedUnits(item).includes('s')) return undefined;
  if (typeof value !== 'number' || (entered !== undefined && entered.unit !== 'ms')) return undefined;
  return value > 0 && value < SECONDS_HINT_BELOW_MS ? value : undefined;
}

// How clinical values read on screen and on paper — reference ranges, H/L flags, IRLS bands, TSAT and
// units — in one wording for the workup renderer, the print view and the patient page. Pure: the
// ranges come from the workup definition, the thresholds from the rule files (assess/), never restated.
import { ABI_NORMAL_MAX, ABI_NORMAL_MIN, formatIndex } from './assess/arterial';
import { irlsBand, type IrlsBand } from './assess/criteria';
import { tsatOf as assessedTsatOf } from './assess/iron';
import {
  DEEP_REFLUX_MS,
  PERFORATOR_DIAMETER_MM,
  PERFORATOR_REFLUX_MS,
  SUPERFICIAL_REFLUX_MS,
  refluxSegmentKind,
} from './assess/venous';
import type { Answers, ReferenceRange, WorkupItem } from './types';

const UNIT_LABELS: Readonly<Record<string, string>> = {
  'ug/dL': 'µg/dL',
  'ug/L': 'µg/L',
  'umol/L': 'µmol/L',
  'mL/min/{1.73_m2}': 'mL/min/1.73 m²',
  'm[IU]/L': 'mIU/L',
  a: 'years',
  'd/wk': 'days/week',
  'h/d': 'h/day',
  '1': '',
};

/** UCUM code → how a clinician writes it (`ug/dL` → `µg/dL`; dimensionless → ''). */
export function unitLabel(unit: string | undefined): string {
  if (!unit) return '';
  return UNIT_LABELS[unit] ?? unit;
}

/**
 * The reference range as a clinician reads it: the definition's own wording when it has one
 * (sex-specific ranges, a note on the cut-off), else the bounds with the unit — `50–150 µg/dL`,
 * `≥ 60 mL/min/1.73 m²`, `≤ 5.7 %` (bounds are inclusive, as `labFlag` reads them). Undefined when the
 * item has no reference range.
 */
export function referenceRangeText(item: Pick<WorkupItem, 'referenceRange' | 'unit'>): string | undefined {
  const range = item.referenceRange;
  if (!range) return undefined;
  if (range.text) return range.text;
  const unit = unitLabel(item.unit);
  const suffix = unit ? ` ${unit}` : '';
  const { low, high } = range;
  if (low !== undefined && high !== undefined) return `${low}–${high}${suffix}`;
  if (low !== undefined) return `≥ ${low}${suffix}`;
  if (high !== undefined) return `≤ ${high}${suffix}`;
  return undefined;
}

export type LabFlag = 'L' | 'H';

/**
 * 'L' below / 'H' above the item's reference range (the bounds themselves are in range); undefined
 * otherwise or when the value is not a number. Display only: findings come from the rules.
 */
export function labFlag(item: Pick<WorkupItem, 'referenceRange'>, value: unknown): LabFlag | undefined {
  if (typeof value !== 'number' || !item.referenceRange) return undefined;
  const { low, high } = item.referenceRange;
  if (low !== undefined && value < low) return 'L';
  if (high !== undefined && value > high) return 'H';
  return undefined;
}

/** Normal ABI, 1.00–1.40 (ACC/AHA-PAD-2016): the reference the print view shows beside each side's ABI. */
export const ABI_REFERENCE_RANGE: Readonly<ReferenceRange> = {
  low: ABI_NORMAL_MIN,
  high: ABI_NORMAL_MAX,
  text: `${formatIndex(ABI_NORMAL_MIN)}–${formatIndex(ABI_NORMAL_MAX)}`,
};

/** Each IRLS band in words, lower case to sit inside a sentence (`24 / 40 (severe)`). */
export const IRLS_BAND_LABELS: Readonly<Record<IrlsBand, string>> = {
  none: 'no symptoms',
  mild: 'mild',
  moderate: 'moderate',
  severe: 'severe',
  'very-severe': 'very severe',
};

/** IRLS total → its band in words (bands: `irlsBand`, docs/clinical-rules.md). */
export function irlsBandLabel(total: number): string {
  return IRLS_BAND_LABELS[irlsBand(total)];
}

export interface DisplayedTsat {
  /** %, unrounded. */
  value: number;
  /** Computed from serum iron and TIBC because TSAT itself was not entered. */
  computed: boolean;
}

/**
 * TSAT as the iron rules read it (`assess/iron.ts`): as entered, else serum iron ÷ TIBC × 100 when
 * both are given. Undefined when neither.
 */
export function tsatOf(answers: Answers): DisplayedTsat | undefined {
  // The iron rules' TSAT reads the answers only; the patient and date of the context play no part.
  const tsat = assessedTsatOf({ answers });
  return tsat && { value: tsat.value, computed: tsat.computed };
}

/** The duplex's pathologic thresholds in words (SVS-VV-2022, the venous rules' own numbers). */
export const DUPLEX_PATHOLOGIC_TEXT = `GSV, SSV > ${SUPERFICIAL_REFLUX_MS} ms; CFV, FV, popliteal > ${DEEP_REFLUX_MS} ms; perforator ≥ ${PERFORATOR_REFLUX_MS} ms with diameter ≥ ${PERFORATOR_DIAMETER_MM} mm`;

/**
 * A duplex value past the venous rules' threshold (`assess/venous.ts`, SVS-VV-2022): reflux of GSV or
 * SSV above 500 ms, of CFV, FV or popliteal above 1000 ms, perforator reflux at or above 500 ms, a
 * perforator diameter at or above 3.5 mm. Display only (a perforator finding needs both on one side).
 */
export function isPathologicDuplexValue(code: string, value: unknown): boolean {
  if (typeof value !== 'number') return false;
  const reflux = /^duplex\.refluxMs\.([a-z]+)\.(left|right)$/.exec(code);
  if (reflux) {
    switch (refluxSegmentKind(reflux[1]!)) {
      case 'superficial':
        return value > SUPERFICIAL_REFLUX_MS;
      case 'deep':
        return value > DEEP_REFLUX_MS;
      case 'perforator':
        return value >= PERFORATOR_REFLUX_MS;
      default:
        return false;
    }
  }
  return /^duplex\.perfDiameterMm\.(left|right)$/.test(code) && value >= PERFORATOR_DIAMETER_MM;
}

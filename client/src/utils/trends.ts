import { getItem, getWorkup, unitLabel } from '@rls/shared';
import type { TrendCode, TrendsDto } from '@rls/shared';

// How the trends of `GET /api/patients/:id/trends` read on screen and on paper: labels, units and
// decimals of each series, and the rows of the trends table (one per measurement date and visit). The
// patient page's charts and the printout both read them; the values stay as the server sends them.

type TrendSeries = TrendsDto['series'][number];
type TreatmentMarker = TrendsDto['treatments'][number];
type AugmentationEntry = TrendsDto['augmentation'][number];

interface SeriesDisplay {
  /** Column header and legend, without the unit. */
  label: string;
  /** Decimal places shown (values stay unrounded). */
  decimals: number;
}

const SERIES_DISPLAY: Readonly<Record<TrendCode, SeriesDisplay>> = {
  'lab.ferritin': { label: 'Ferritin', decimals: 0 },
  'lab.tsat': { label: 'TSAT', decimals: 1 },
  'lab.hemoglobin': { label: 'Haemoglobin', decimals: 1 },
  'lab.egfr': { label: 'eGFR', decimals: 0 },
  'irls.total': { label: 'IRLS total', decimals: 0 },
  'abi.left': { label: 'ABI left', decimals: 2 },
  'abi.right': { label: 'ABI right', decimals: 2 },
  'reflux.left': { label: 'Longest reflux left', decimals: 0 },
  'reflux.right': { label: 'Longest reflux right', decimals: 0 },
};

export function seriesLabel(code: TrendCode): string {
  return SERIES_DISPLAY[code].label;
}

/** The unit as people read it (`ng/mL`, `%`, `mL/min/1.73 m²`); empty for ABI and the IRLS score. */
export function seriesUnit(series: Pick<TrendSeries, 'unit'>): string {
  return series.unit ? unitLabel(series.unit) : '';
}

/** `Ferritin (ng/mL)`, `IRLS total (0–40)`, `ABI left`. */
export function seriesHeader(series: Pick<TrendSeries, 'code' | 'unit'>): string {
  const unit = series.code === 'irls.total' ? '0–40' : seriesUnit(series);
  return unit ? `${seriesLabel(series.code)} (${unit})` : seriesLabel(series.code);
}

const numberFormats = new Map<number, Intl.NumberFormat>();

/** A value rounded for display only: `112`, `27.5`, `0.88`. */
export function formatTrendValue(code: TrendCode, value: number): string {
  const decimals = SERIES_DISPLAY[code].decimals;
  let format = numberFormats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-GB', { maximumFractionDigits: decimals, useGrouping: false });
    numberFormats.set(decimals, format);
  }
  return format.format(value);
}

/** An option label of a multi-choice item of the current definition, else the code. */
function optionLabel(itemCode: string, code: string): string {
  return getItem(getWorkup(), itemCode)?.options?.find((o) => o.code === code)?.label ?? code;
}

/** `Pramipexole`, `Earlier daily onset`: the augmentation entry's codes as labels. */
export function augmentationText(entry: Pick<AugmentationEntry, 'features' | 'dopaminergic'>): {
  on: string;
  features: string;
} {
  return {
    on: entry.dopaminergic.map((c) => optionLabel('meds.dopaminergic', c)).join(', '),
    features:
      entry.features.length > 0
        ? entry.features.map((c) => optionLabel('augmentation.features', c)).join(', ')
        : 'no augmentation features recorded',
  };
}

/** `On Pramipexole: Earlier daily onset, Spread to other body parts`. */
export function augmentationLine(entry: Pick<AugmentationEntry, 'features' | 'dopaminergic'>): string {
  const text = augmentationText(entry);
  return `On ${text.on}: ${text.features}`;
}

/** `Started IV ferric carboxymaltose`, `Stopped Pramipexole`. */
export function treatmentText(marker: Pick<TreatmentMarker, 'kind' | 'label'>): string {
  return `${marker.kind === 'start' ? 'Started' : 'Stopped'} ${marker.label}`;
}

interface TrendRow {
  key: string;
  evaluationId: string;
  /** YYYY-MM-DD */
  date: string;
  values: Partial<Record<TrendCode, number>>;
  treatments: TreatmentMarker[];
  augmentation: AugmentationEntry | null;
}

export interface TrendTable {
  /** Series with at least one value, in the server's order. */
  columns: TrendSeries[];
  /** One row per date and visit (labs carry their draw date), oldest first. */
  rows: TrendRow[];
  /** Whether any row has treatment changes / augmentation features (the column is left out otherwise). */
  hasTreatments: boolean;
  hasAugmentation: boolean;
}

/**
 * The trends as a table: a row per measurement date and visit, a column per measured series. Rows of
 * one date follow `visitOrder` (evaluation ids, oldest first) when given.
 */
export function trendTable(trends: TrendsDto, visitOrder: readonly string[] = []): TrendTable {
  const rows = new Map<string, TrendRow>();
  const rowOf = (evaluationId: string, date: string): TrendRow => {
    const key = `${date}|${evaluationId}`;
    let row = rows.get(key);
    if (!row) {
      row = { key, evaluationId, date, values: {}, treatments: [], augmentation: null };
      rows.set(key, row);
    }
    return row;
  };
  const columns = trends.series.filter((s) => s.points.length > 0);
  for (const series of columns) {
    for (const point of series.points)
      rowOf(point.evaluationId, point.date).values[series.code] = point.value;
  }
  for (const marker of trends.treatments) rowOf(marker.evaluationId, marker.date).treatments.push(marker);
  for (const entry of trends.augmentation) rowOf(entry.evaluationId, entry.date).augmentation = entry;
  const visit = (id: string) => {
    const at = visitOrder.indexOf(id);
    return at < 0 ? visitOrder.length : at;
  };
  const order = [...rows.values()];
  // Stable: rows of one date without a known order keep the order they were met in.
  order.sort((a, b) => a.date.localeCompare(b.date) || visit(a.evaluationId) - visit(b.evaluationId));
  return {
    columns,
    rows: order,
    hasTreatments: trends.treatments.length > 0,
    hasAugmentation: trends.augmentation.length > 0,
  };
}

/** Whether any series has a value. */
export function hasTrendValues(trends: TrendsDto): boolean {
  return trends.series.some((s) => s.points.length > 0);
}

/**
 * The trends as they stood at one evaluation: only what the evaluations in `evaluationIds` recorded
 * (a printout of an earlier visit shows no later values).
 */
export function trendsOf(trends: TrendsDto, evaluationIds: ReadonlySet<string>): TrendsDto {
  return {
    series: trends.series.map((s) => ({
      ...s,
      points: s.points.filter((p) => evaluationIds.has(p.evaluationId)),
    })),
    treatments: trends.treatments.filter((t) => evaluationIds.has(t.evaluationId)),
    augmentation: trends.augmentation.filter((a) => evaluationIds.has(a.evaluationId)),
  };
}

import type { Histogram } from './buckets';
import { TIMED_STAGES } from './tables';

/**
 * The duration histograms of one (day, clinician) packed into one text column of workload_daily:
 * `{"sign":[bucket,n,bucket,n,…],"history":[…],…}` — metrics in a fixed order, buckets ascending,
 * no zero counts, no empty metrics (`{}` when there is nothing). One row per clinician-day however
 * many buckets are used, so a 12-week summary reads a few thousand small rows, not one row per
 * bucket. The form is canonical: the consistency check compares the text.
 */

export const METRICS = ['sign', ...TIMED_STAGES] as const;
export type Metric = (typeof METRICS)[number];

/** Sparse counts: metric → bucket → n (n may be negative inside a delta). */
export type DurationCounts = Map<Metric, Map<number, number>>;

export function addCount(counts: DurationCounts, metric: Metric, bucket: number, n: number): void {
  let m = counts.get(metric);
  if (!m) {
    m = new Map();
    counts.set(metric, m);
  }
  m.set(bucket, (m.get(bucket) ?? 0) + n);
}

/** Adds `from` (times `sign`) into `into`. */
export function mergeCounts(into: DurationCounts, from: DurationCounts, sign: 1 | -1 = 1): void {
  for (const [metric, buckets] of from) {
    for (const [bucket, n] of buckets) addCount(into, metric, bucket, sign * n);
  }
}

export function isEmptyCounts(counts: DurationCounts): boolean {
  for (const buckets of counts.values()) for (const n of buckets.values()) if (n !== 0) return false;
  return true;
}

export function packCounts(counts: DurationCounts): string {
  const out: Record<string, number[]> = {};
  for (const metric of METRICS) {
    const buckets = counts.get(metric);
    if (!buckets) continue;
    const flat: number[] = [];
    for (const bucket of [...buckets.keys()].sort((a, b) => a - b)) {
      const n = buckets.get(bucket)!;
      if (n !== 0) flat.push(bucket, n);
    }
    if (flat.length > 0) out[metric] = flat;
  }
  return JSON.stringify(out);
}

export function unpackCounts(text: string | null | undefined): DurationCounts {
  const counts: DurationCounts = new Map();
  if (!text) return counts;
  const parsed = JSON.parse(text) as Partial<Record<Metric, number[]>>;
  for (const metric of METRICS) {
    const flat = parsed[metric];
    if (!flat) continue;
    for (let i = 0; i + 1 < flat.length; i += 2) addCount(counts, metric, flat[i]!, flat[i + 1]!);
  }
  return counts;
}

/** Adds a packed text straight into dense histograms (the summary's hot path: no Maps). */
export function addPacked(into: Record<Metric, Histogram>, text: string): void {
  if (text === '{}' || text === '') return;
  const parsed = JSON.parse(text) as Partial<Record<Metric, number[]>>;
  for (const metric of METRICS) {
    const flat = parsed[metric];
    if (!flat) continue;
    const histogram = into[metric];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const bucket = flat[i]!;
      histogram[bucket] = (histogram[bucket] ?? 0) + flat[i + 1]!;
    }
  }
}

/**
 * Duration histograms with fixed buckets, so percentiles can be summed from rollups in any SQL
 * dialect (no percentile_cont) and stay close to exact. A duration in minutes falls into one bucket:
 *
 *   0 – 1 h      1-minute buckets      (a value is off by at most 30 s)
 *   1 h – 48 h   15-minute buckets     (≤ 7.5 min)
 *   48 h – 30 d  1-hour buckets        (≤ 30 min)
 *   30 d – 365 d 1-day buckets         (≤ 12 h)
 *   ≥ 365 d      one overflow bucket   (reported as 365 d)
 *
 * A percentile is the nearest-rank percentile of the bucket midpoints (rank ⌈p·n⌉; for an even
 * count the median is the lower middle): anyone can recompute it exactly from a list of durations
 * with `bucketOf` and `bucketMidpointMinutes`.
 */

interface Band {
  /** First bucket number of the band. */
  first: number;
  fromMinutes: number;
  toMinutes: number;
  width: number;
}

const BANDS: readonly Band[] = (() => {
  const spec: [number, number, number][] = [
    [0, 60, 1],
    [60, 48 * 60, 15],
    [48 * 60, 30 * 1440, 60],
    [30 * 1440, 365 * 1440, 1440],
  ];
  let first = 0;
  return spec.map(([fromMinutes, toMinutes, width]) => {
    const band = { first, fromMinutes, toMinutes, width };
    first += (toMinutes - fromMinutes) / width;
    return band;
  });
})();

const LAST_BAND = BANDS[BANDS.length - 1]!;
/** The overflow bucket (≥ 365 days); buckets are 0 … OVERFLOW_BUCKET. */
const OVERFLOW_BUCKET = LAST_BAND.first + (LAST_BAND.toMinutes - LAST_BAND.fromMinutes) / LAST_BAND.width;

/** The bucket of a duration in minutes (negative durations count as 0). */
export function bucketOf(minutes: number): number {
  const m = Math.max(0, minutes);
  for (const band of BANDS) {
    if (m < band.toMinutes) return band.first + Math.floor((m - band.fromMinutes) / band.width);
  }
  return OVERFLOW_BUCKET;
}

/** `[from, to)` of a bucket in minutes; the overflow bucket has `to` = Infinity. */
function bucketRangeMinutes(bucket: number): { from: number; to: number } {
  if (bucket >= OVERFLOW_BUCKET) return { from: LAST_BAND.toMinutes, to: Infinity };
  for (let i = BANDS.length - 1; i >= 0; i--) {
    const band = BANDS[i]!;
    if (bucket >= band.first) {
      const from = band.fromMinutes + (bucket - band.first) * band.width;
      return { from, to: from + band.width };
    }
  }
  throw new Error(`bad bucket ${bucket}`);
}

/** The value a bucket stands for: its midpoint (the overflow bucket: its lower bound). */
export function bucketMidpointMinutes(bucket: number): number {
  const { from, to } = bucketRangeMinutes(bucket);
  return to === Infinity ? from : (from + to) / 2;
}

/** Minutes between two ISO instants. */
export function minutesBetween(fromIso: string, toIso: string): number {
  return (Date.parse(toIso) - Date.parse(fromIso)) / 60_000;
}

export function roundHours(hours: number): number {
  return Math.round(hours * 100) / 100;
}

/** Counts per bucket (index = bucket). */
export type Histogram = Int32Array;

export function newHistogram(): Histogram {
  return new Int32Array(OVERFLOW_BUCKET + 1);
}

/** Nearest-rank percentile (`p` in (0, 1]) in hours (0.01) from a histogram; null when empty. */
export function percentileHours(histogram: Histogram, p: number): number | null {
  let total = 0;
  for (const n of histogram) total += n;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    seen += histogram[bucket]!;
    if (seen >= rank) return roundHours(bucketMidpointMinutes(bucket) / 60);
  }
  return null;
}

export function histogramCount(histogram: Histogram): number {
  let total = 0;
  for (const n of histogram) total += n;
  return total;
}

/** Bars of the time-to-sign chart, in hours; their edges fall on bucket edges. */
const DISPLAY_EDGES_HOURS: readonly number[] = [0, 1, 2, 4, 8, 24, 48, 72, 168, 336, 720];

/** Folds a histogram into the display bars `[{fromHours, toHours (null = open), count}]`. */
export function displayHistogram(
  histogram: Histogram,
): { fromHours: number; toHours: number | null; count: number }[] {
  const bars = DISPLAY_EDGES_HOURS.map((from, i) => ({
    fromHours: from,
    toHours: DISPLAY_EDGES_HOURS[i + 1] ?? null,
    count: 0,
  }));
  histogram.forEach((n, bucket) => {
    if (n === 0) return;
    const startHours = bucketRangeMinutes(bucket).from / 60;
    let index = bars.length - 1;
    while (index > 0 && startHours < bars[index]!.fromHours) index--;
    bars[index]!.count += n;
  });
  return bars;
}

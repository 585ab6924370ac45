import type { Kysely } from 'kysely';
import { toNumber } from '../../db/dialect';
import type { Database } from '../../db/schema';
import { dailyRows, forEachEvaluation, rollupTimeZone, weeklyRows } from './rebuild';
import { accumulate, contributionOf, joinKey, newTotals, splitKey } from './rollups';
import { workloadDb, type WorkloadTables } from './tables';

/**
 * Compares every rollup table with a full recount from the evaluations and reports the differences.
 * Counter rows holding 0 count as absent. Run by `npm run workload:check` (add `--fix` to rebuild).
 */

interface RollupDifference {
  table: string;
  /** The row's key columns, e.g. `{day, assignee_id}`. */
  key: Record<string, string | number>;
  expected: number | string;
  actual: number | string;
}

export interface CheckResult {
  ok: boolean;
  evaluations: number;
  /** The zone the stored rollups were built in (null: never built). */
  storedTimeZone: string | null;
  timeZone: string;
  differenceCount: number;
  /** The first `limit` differences. */
  differences: RollupDifference[];
}

type Report = (d: RollupDifference) => void;

/** A workload_daily or workload_weekly row, its day or week as `period` (counts as the driver returns them). */
interface CountsRowOf {
  period: string;
  assignee_id: string;
  started: number | string;
  signed: number | string;
  durations: string;
}

function compareCounters(
  table: string,
  columns: readonly string[],
  expected: Map<string, number>,
  actual: Map<string, number>,
  report: Report,
): void {
  const keyOf = (key: string) => Object.fromEntries(splitKey(key).map((v, i) => [columns[i]!, v]));
  for (const [key, want] of expected) {
    const have = actual.get(key) ?? 0;
    if (want !== have) report({ table, key: keyOf(key), expected: want, actual: have });
  }
  for (const [key, have] of actual) {
    if (have !== 0 && !expected.has(key)) report({ table, key: keyOf(key), expected: 0, actual: have });
  }
}

/** Per-evaluation rows: expected and stored, keyed; values compared as text. */
function compareRows(
  table: string,
  expected: Map<string, string>,
  stored: Map<string, string>,
  report: Report,
): void {
  const keyOf = (key: string): Record<string, string> => {
    const [evaluation_id = '', finding_code] = splitKey(key);
    return finding_code === undefined ? { evaluation_id } : { evaluation_id, finding_code };
  };
  for (const [key, want] of expected) {
    const have = stored.get(key);
    if (have !== want) report({ table, key: keyOf(key), expected: want, actual: have ?? '(none)' });
  }
  for (const [key, have] of stored) {
    if (!expected.has(key)) report({ table, key: keyOf(key), expected: '(none)', actual: have });
  }
}

const findingText = (r: WorkloadTables['evaluation_findings']) => `${r.signed_at} ${r.assignee_id}`;

export async function checkWorkloadRollups(
  db: Kysely<Database>,
  tz: string,
  limit = 100,
): Promise<CheckResult> {
  const w = workloadDb(db);
  const differences: RollupDifference[] = [];
  let differenceCount = 0;
  const report: Report = (d) => {
    differenceCount += 1;
    if (differences.length < limit) differences.push(d);
  };

  // Counters are summed over all evaluations; per-evaluation rows are compared page by page, over
  // consecutive id ranges (so rows of evaluations that no longer exist are found too).
  const totals = newTotals();
  let previousLast: string | null = null;
  const comparePage = async (
    first: string | null,
    last: string | null,
    rows: ReturnType<typeof contributionOf>[],
  ) => {
    const expectedFindings = new Map<string, string>();
    for (const c of rows) {
      for (const f of c.signedFindings)
        expectedFindings.set(joinKey(f.evaluation_id, f.finding_code), findingText(f));
    }
    let findingQuery = w.selectFrom('evaluation_findings').selectAll();
    if (first !== null) findingQuery = findingQuery.where('evaluation_id', '>', first);
    if (last !== null) findingQuery = findingQuery.where('evaluation_id', '<=', last);
    const storedFindings = new Map(
      (await findingQuery.execute()).map((r) => [joinKey(r.evaluation_id, r.finding_code), findingText(r)]),
    );
    compareRows('evaluation_findings', expectedFindings, storedFindings, report);
  };

  const evaluations = await forEachEvaluation(db, async (page) => {
    const contributions = page.map((row) => contributionOf(row, tz));
    for (const c of contributions) accumulate(totals, c);
    const last = page[page.length - 1]!.id;
    await comparePage(previousLast, last, contributions);
    previousLast = last;
  });
  await comparePage(previousLast, null, []); // rows after the last evaluation (or of an empty table)

  const current = new Map<string, number>();
  for (const r of await w.selectFrom('workload_current').selectAll().execute()) {
    current.set(joinKey(r.assignee_id, r.status, r.stage), toNumber(r.n));
  }
  compareCounters('workload_current', ['assignee_id', 'status', 'stage'], totals.current, current, report);

  // workload_daily and workload_weekly: started, signed and the packed duration histograms
  // (canonical text). The weekly level is checked against the same recount, so it equals its days.
  const compareCounts = (
    table: string,
    keyColumn: 'day' | 'week',
    expectedRows: CountsRowOf[],
    storedRows: CountsRowOf[],
  ) => {
    const keyOf = (r: CountsRowOf) => joinKey(r.period, r.assignee_id);
    const expected = new Map(expectedRows.map((r) => [keyOf(r), r]));
    const stored = new Map(
      storedRows
        .filter((r) => toNumber(r.started) !== 0 || toNumber(r.signed) !== 0 || r.durations !== '{}')
        .map((r) => [keyOf(r), r]),
    );
    for (const key of new Set([...expected.keys(), ...stored.keys()])) {
      const want = expected.get(key);
      const have = stored.get(key);
      const [period = '', assignee_id = ''] = splitKey(key);
      for (const column of ['started', 'signed', 'durations'] as const) {
        const empty = column === 'durations' ? '{}' : 0;
        const expectedValue = want
          ? column === 'durations'
            ? want.durations
            : toNumber(want[column])
          : empty;
        const actual = have ? (column === 'durations' ? have.durations : toNumber(have[column])) : empty;
        if (expectedValue !== actual)
          report({
            table: `${table}.${column}`,
            key: { [keyColumn]: period, assignee_id },
            expected: expectedValue,
            actual,
          });
      }
    }
  };
  compareCounts(
    'workload_daily',
    'day',
    dailyRows(totals).map(({ day, ...r }) => ({ period: day, ...r })),
    (await w.selectFrom('workload_daily').selectAll().execute()).map(({ day, ...r }) => ({
      period: day,
      ...r,
    })),
  );
  compareCounts(
    'workload_weekly',
    'week',
    weeklyRows(totals).map(({ week, ...r }) => ({ period: week, ...r })),
    (await w.selectFrom('workload_weekly').selectAll().execute()).map(({ week, ...r }) => ({
      period: week,
      ...r,
    })),
  );

  const findings = new Map<string, number>();
  for (const r of await w.selectFrom('workload_findings').selectAll().execute()) {
    findings.set(joinKey(r.day, r.finding_code), toNumber(r.n));
  }
  compareCounters('workload_findings', ['day', 'finding_code'], totals.findings, findings, report);

  const clinicianFindings = new Map<string, number>();
  for (const r of await w.selectFrom('workload_clinician_findings').selectAll().execute()) {
    clinicianFindings.set(joinKey(r.day, r.assignee_id, r.finding_code), toNumber(r.n));
  }
  compareCounters(
    'workload_clinician_findings',
    ['day', 'assignee_id', 'finding_code'],
    totals.clinicianFindings,
    clinicianFindings,
    report,
  );

  const storedTimeZone = await rollupTimeZone(db);
  if (storedTimeZone !== null && storedTimeZone !== tz) {
    report({ table: 'workload_meta', key: { key: 'time_zone' }, expected: tz, actual: storedTimeZone });
  }

  return {
    ok: differenceCount === 0,
    evaluations,
    storedTimeZone,
    timeZone: tz,
    differenceCount,
    differences,
  };
}

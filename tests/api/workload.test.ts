import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import { bucketMidpointMinutes, bucketOf } from '../../server/src/features/workload/buckets';
import { checkWorkloadRollups } from '../../server/src/features/workload/check';
import { ensureWorkloadRollups, rebuildWorkloadRollups } from '../../server/src/features/workload/rebuild';
import { workloadDb } from '../../server/src/features/workload/tables';
import type { WorkloadEvaluationPage, WorkloadEvaluationRow, WorkloadSummary } from '@rls/shared';
import { createUser, startTestServer, type ApiClient, type ErrorBody, type TestServer } from './helpers';
import { WorkloadFixture } from './workload-fixtures';

// A clinic with known evaluations in known states and times, in a time zone that is not UTC so
// local-day boundaries matter. "Now" is Wednesday 18 March 2026, 13:00 in Berlin (UTC+1).
const NOW = '2026-03-18T12:00:00.000Z';
const TZ = 'Europe/Berlin';

let server: TestServer;
let admin: ApiClient;
const ids: Record<string, string> = {};
const users: Record<'a' | 'b' | 'c' | 'idle', string> = { a: '', b: '', c: '', idle: '' };

/** Start → sign-off of a listed evaluation in exact minutes. */
function signMinutes(row: WorkloadEvaluationRow): number {
  return (Date.parse(row.signedAt!) - Date.parse(row.startedAt)) / 60_000;
}

/** Every row of a drill-down list, page by page (small pages, so paging is exercised too). */
async function list(
  params: Record<string, string>,
): Promise<{ rows: WorkloadEvaluationRow[]; total: number }> {
  const rows: WorkloadEvaluationRow[] = [];
  let total = -1;
  for (let page = 1; page < 100; page++) {
    const search = new URLSearchParams({ ...params, page: String(page), pageSize: '3' });
    const res = await admin.get<WorkloadEvaluationPage>(`/api/workload/evaluations?${search}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (total === -1) total = res.body.total;
    expect(res.body.total).toBe(total);
    rows.push(...res.body.items);
    if (res.body.items.length < 3) break;
  }
  expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length); // no row on two pages
  expect(rows.length).toBe(total);
  return { rows, total };
}

async function summary(query = ''): Promise<WorkloadSummary> {
  const res = await admin.get<WorkloadSummary>(`/api/workload${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** Nearest-rank percentile of the bucket midpoints, in hours (0.01) — the documented definition. */
function percentile(minutes: number[], p: number): number | null {
  if (minutes.length === 0) return null;
  const mids = minutes.map((m) => bucketMidpointMinutes(bucketOf(m))).sort((x, y) => x - y);
  return Math.round((mids[Math.max(1, Math.ceil(p * mids.length)) - 1]! / 60) * 100) / 100;
}

beforeAll(async () => {
  const clock = new ManualClock(NOW);
  server = await startTestServer({ clock, env: { TZ } });
  // What a running server has done before evaluations arrive: rollups built (empty) for its zone.
  // From here on only the hook maintains them.
  await ensureWorkloadRollups(server.ctx);
  const clinician = (username: string, name: string) =>
    createUser(server.ctx, { username, role: 'clinician', name, password: `${username} password 1` });
  users.a = (await clinician('aortiz', 'Dr. Ana Ortiz')).id;
  users.b = (await clinician('bcole', 'Dr. Ben Cole')).id;
  users.c = (await clinician('lpark', 'Dr. Lena Park')).id;
  users.idle = (await clinician('iquinn', 'Dr. Ivo Quinn')).id;
  await createUser(server.ctx, {
    username: 'boss',
    role: 'admin',
    name: 'Boss',
    password: 'boss password 1',
  });
  admin = await server.login('boss', 'boss password 1');

  const f = new WorkloadFixture(server.ctx);
  const { a, b, c } = users;
  // Open work.
  ids.aFresh = await f.add({
    assignee: a,
    startedAt: '2026-03-17T09:00:00.000Z',
    updatedAt: '2026-03-17T10:00:00.000Z',
  });
  ids.aStale = await f.add({
    assignee: a,
    startedAt: '2026-03-01T09:00:00.000Z',
    stage: 'labs',
    updatedAt: '2026-03-05T09:00:00.000Z',
  });
  // Unchanged for 7 days and 1 second: overdue. Exactly 7 days: not yet.
  ids.aAmendOverdue = await f.add({
    assignee: a,
    status: 'amending',
    stage: 'exam',
    startedAt: '2026-01-10T09:00:00.000Z',
    updatedAt: '2026-03-11T11:59:59.000Z',
  });
  ids.bSevenDays = await f.add({
    assignee: b,
    stage: 'imaging',
    startedAt: '2026-03-10T09:00:00.000Z',
    updatedAt: '2026-03-11T12:00:00.000Z',
  });
  ids.bStale = await f.add({
    assignee: b,
    stage: 'exam',
    startedAt: '2026-02-01T09:00:00.000Z',
    updatedAt: '2026-02-02T09:00:00.000Z',
  });
  ids.cNew = await f.add({ assignee: c, startedAt: '2026-03-18T08:00:00.000Z' });
  ids.bAmendOld = await f.add({
    assignee: b,
    status: 'amending',
    stage: 'labs',
    startedAt: '2025-11-01T09:00:00.000Z',
    updatedAt: '2026-03-16T09:00:00.000Z',
  });

  // Signed work.
  ids.a4h = await f.add({
    assignee: a,
    status: 'signed',
    startedAt: '2026-03-02T08:00:00.000Z',
    signedAt: '2026-03-02T12:00:00.000Z',
    stageTimes: {
      history: { firstAt: '2026-03-02T08:00:00.000Z', lastAt: '2026-03-02T08:30:00.000Z' },
      exam: { firstAt: '2026-03-02T08:30:00.000Z', lastAt: '2026-03-02T09:00:00.000Z' },
      labs: { firstAt: '2026-03-02T10:00:00.000Z', lastAt: '2026-03-02T11:00:00.000Z' },
      imaging: { firstAt: '2026-03-02T11:00:00.000Z', lastAt: '2026-03-02T11:45:00.000Z' },
    },
    findings: ['rls.criteria-met', 'iron.treat'],
    followUpDate: '2026-04-15',
  });
  ids.a48h = await f.add({
    assignee: a,
    status: 'signed',
    startedAt: '2026-02-20T08:00:00.000Z',
    signedAt: '2026-02-22T08:00:00.000Z',
    stageTimes: {
      history: { firstAt: '2026-02-20T08:00:00.000Z', lastAt: '2026-02-20T09:10:00.000Z' },
      labs: { firstAt: '2026-02-21T08:00:00.000Z', lastAt: '2026-02-22T07:30:00.000Z' },
    },
    findings: ['rls.criteria-met', 'venous.cvd'],
    followUpDate: '2026-03-18', // today: in the first week
  });
  ids.a90m = await f.add({
    assignee: a,
    status: 'signed',
    startedAt: '2026-01-05T09:00:00.000Z',
    signedAt: '2026-01-05T10:30:00.000Z',
    stageTimes: { history: { firstAt: '2026-01-05T09:00:00.000Z', lastAt: '2026-01-05T09:20:00.000Z' } },
    findings: ['rls.criteria-met', 'iron.treat', 'anemia'],
    followUpDate: '2026-05-12', // the 56th day from today: the last day of the 8-week window
  });
  ids.b96h = await f.add({
    assignee: b,
    status: 'signed',
    startedAt: '2026-03-09T10:00:00.000Z',
    signedAt: '2026-03-13T10:00:00.000Z',
    findings: ['rls.criteria-not-met'],
    followUpDate: '2026-05-13', // one day after the window
  });
  // The default period is the last 12 weeks: 25 Dec – 18 Mar. Signed at 00:30 Berlin on 25 Dec
  // (23:30 UTC on the 24th): inside it; started at 23:00 Berlin on the 24th: outside it.
  ids.bBerlinEdge = await f.add({
    assignee: b,
    status: 'signed',
    startedAt: '2025-12-24T22:00:00.000Z',
    signedAt: '2025-12-24T23:30:00.000Z',
    findings: ['iron.treat'],
  });
  // Signed at 23:30 Berlin on 24 Dec: before the period.
  ids.bBefore = await f.add({
    assignee: b,
    status: 'signed',
    startedAt: '2025-10-01T08:00:00.000Z',
    signedAt: '2025-12-24T22:30:00.000Z',
    findings: ['dvt'],
  });
  ids.c52h = await f.add({
    assignee: c,
    status: 'signed',
    startedAt: '2026-03-16T07:00:00.000Z',
    signedAt: '2026-03-18T11:00:00.000Z',
    findings: ['rls.criteria-met', 'iron.treat', 'venous.cvd', 'arterial.pad'],
    followUpDate: '2026-03-17', // yesterday: not "coming"
  });
  ids.c20m = await f.add({
    assignee: c,
    status: 'signed',
    startedAt: '2026-03-18T10:00:00.000Z',
    signedAt: '2026-03-18T10:20:00.000Z',
  });
  ids.aOld = await f.add({
    assignee: a,
    status: 'signed',
    startedAt: '2025-06-01T08:00:00.000Z',
    signedAt: '2025-06-02T08:00:00.000Z',
    findings: ['pregnancy'],
  });

  // Transitions through the hook: signed → amended (waits in labs, overdue for a while) → signed again.
  ids.aResigned = await f.add({
    assignee: a,
    status: 'signed',
    startedAt: '2026-02-10T08:00:00.000Z',
    signedAt: '2026-02-11T08:00:00.000Z',
    findings: ['rls.criteria-met', 'drug-exacerbation'],
  });
  await f.update(ids.aResigned, {
    status: 'amending',
    current_stage: 'labs',
    signed_at: null,
    updated_at: '2026-02-12T08:00:00.000Z',
  });
  await f.update(ids.aResigned, {
    status: 'signed',
    current_stage: 'signed',
    signed_at: '2026-03-04T09:00:00.000Z',
    updated_at: '2026-03-04T09:00:00.000Z',
    findings: ['rls.criteria-met', 'iron.treat'],
  });
  // A reassignment moves the open evaluation (and its "started") from B to C.
  ids.reassigned = await f.add({
    assignee: b,
    stage: 'history',
    startedAt: '2026-03-12T09:00:00.000Z',
    updatedAt: '2026-03-15T09:00:00.000Z',
  });
  await f.update(ids.reassigned, { assignee_id: c, updated_at: '2026-03-16T09:00:00.000Z' });
});
afterAll(() => server?.close());

describe('GET /api/workload — every figure reconciles with its list', () => {
  it('has the figures the clinic was built with', async () => {
    const s = await summary();
    expect(s.period).toEqual({ from: '2025-12-25', to: '2026-03-18', timeZone: TZ, clinicianId: null });
    expect(s.today).toBe('2026-03-18');
    expect(s.overdueDays).toBe(7);
    expect(s.byStatus).toEqual({ draft: 6, amending: 2, signed: 10 });
    expect(s.open).toBe(8);
    expect(s.overdue).toBe(3);
    expect(s.signedInPeriod).toBe(8);
    expect(s.startedInPeriod).toBe(14);
    expect(s.openByStage).toEqual([
      { stage: 'history', count: 3 },
      { stage: 'exam', count: 2 },
      { stage: 'labs', count: 2 },
      { stage: 'imaging', count: 1 },
    ]);
    expect(s.followUps.total).toBe(3);
    expect(s.findings.find((f) => f.code === 'iron.treat')).toEqual({
      code: 'iron.treat',
      label: 'Iron treatment indicated',
      count: 5,
    });
    expect(s.findings.some((f) => f.code === 'dvt' || f.code === 'pregnancy' || f.code === 'diabetes')).toBe(
      false,
    );
    expect(s.findings.some((f) => f.code === 'drug-exacerbation')).toBe(false); // replaced at re-sign
    const byName = Object.fromEntries(s.clinicians.map((c) => [c.name, c]));
    expect(Object.keys(byName)).toEqual(['Dr. Ana Ortiz', 'Dr. Ben Cole', 'Dr. Ivo Quinn', 'Dr. Lena Park']);
    expect(byName['Dr. Ivo Quinn']).toMatchObject({ open: 0, overdue: 0, started: 0, signed: 0 });
    expect(byName['Dr. Ana Ortiz']).toMatchObject({ open: 3, overdue: 2, started: 7, signed: 4 });
    expect(byName['Dr. Lena Park']).toMatchObject({ open: 2, overdue: 0, started: 4, signed: 2 });
    expect(byName['Dr. Ben Cole']).toMatchObject({ open: 3, overdue: 1, started: 3, signed: 2 });
    // 20 min, 1.5 h, 1.5 h, 4 h, 48 h, 52 h, 96 h, 529 h: median (the lower middle) 4 h, p90 529 h,
    // each reported as the midpoint of its bucket (4 h 00–4 h 15; 529–530 h).
    expect(s.hoursToSign).toEqual({ count: 8, median: 4.13, p90: 529.5 });
  });

  it('counts of status, open, overdue and stage equal their lists', async () => {
    const s = await summary();
    for (const status of ['draft', 'amending', 'signed'] as const) {
      const { rows, total } = await list({ kind: 'status', status });
      expect(total, status).toBe(s.byStatus[status]);
      expect(rows.every((r) => r.status === status)).toBe(true);
    }
    const open = await list({ kind: 'open' });
    expect(open.total).toBe(s.open);
    expect(open.rows.every((r) => r.status !== 'signed')).toBe(true);

    const overdue = await list({ kind: 'overdue' });
    expect(overdue.total).toBe(s.overdue);
    expect(overdue.rows.map((r) => r.id).sort()).toEqual([ids.aStale, ids.aAmendOverdue, ids.bStale].sort());
    expect(overdue.rows.every((r) => r.idleDays >= 7 && r.status !== 'signed')).toBe(true);
    // Longest untouched first.
    expect(overdue.rows.map((r) => r.id)).toEqual([ids.bStale, ids.aStale, ids.aAmendOverdue]);

    let stageSum = 0;
    for (const { stage, count } of s.openByStage) {
      const { rows, total } = await list({ kind: 'stage', stage });
      expect(total, stage).toBe(count);
      expect(rows.every((r) => r.stage === stage && r.status !== 'signed')).toBe(true);
      stageSum += count;
    }
    expect(stageSum).toBe(s.open);
  });

  it('per-clinician figures equal their lists and add up to the clinic totals', async () => {
    const s = await summary();
    for (const c of s.clinicians) {
      const open = await list({ kind: 'clinician', clinician: c.id });
      expect(open.total, c.name).toBe(c.open);
      expect(open.rows.every((r) => r.clinician.id === c.id && r.clinician.name === c.name)).toBe(true);
      expect((await list({ kind: 'overdue', clinician: c.id })).total).toBe(c.overdue);
      expect((await list({ kind: 'started', clinician: c.id })).total).toBe(c.started);

      const signed = await list({ kind: 'signed', clinician: c.id });
      expect(signed.total).toBe(c.signed);
      const minutes = signed.rows.map(signMinutes);
      expect(c.hoursToSign).toEqual({
        count: minutes.length,
        median: percentile(minutes, 0.5),
        p90: percentile(minutes, 0.9),
      });
      for (const stage of ['history', 'exam', 'labs', 'imaging'] as const) {
        const stageMinutes = signed.rows
          .map((r) => r.stageHours[stage])
          .filter((h): h is number => h !== null)
          .map((h) => h * 60);
        const median = percentile(stageMinutes, 0.5);
        if (median === null) expect(c.stageMedianHours[stage]).toBeNull();
        else expect(c.stageMedianHours[stage]).toBeCloseTo(median, 1);
      }
    }
    const sum = (key: 'open' | 'overdue' | 'signed' | 'started') =>
      s.clinicians.reduce((n, c) => n + c[key], 0);
    expect(sum('open')).toBe(s.open);
    expect(sum('overdue')).toBe(s.overdue);
    expect(sum('signed')).toBe(s.signedInPeriod);
    expect(sum('started')).toBe(s.startedInPeriod);
  });

  it('signed in the period: its list gives the percentiles, histogram and stage medians', async () => {
    const s = await summary();
    const signed = await list({ kind: 'signed' });
    expect(signed.total).toBe(s.signedInPeriod);
    expect(signed.rows.map((r) => r.id)).toContain(ids.bBerlinEdge);
    expect(signed.rows.map((r) => r.id)).not.toContain(ids.bBefore);
    const minutes = signed.rows.map(signMinutes);
    expect(s.hoursToSign).toEqual({
      count: 8,
      median: percentile(minutes, 0.5),
      p90: percentile(minutes, 0.9),
    });
    // The re-signed evaluation counts from its start to its last sign-off (22 days + 1 h).
    expect(signed.rows.find((r) => r.id === ids.aResigned)?.hoursToSign).toBe(529);
    const hours = minutes.map((m) => m / 60);

    for (const bar of s.signDurationHistogram) {
      const inBar = hours.filter((h) => h >= bar.fromHours && (bar.toHours === null || h < bar.toHours));
      expect(bar.count, `${bar.fromHours}–${bar.toHours ?? ''} h`).toBe(inBar.length);
    }
    expect(s.signDurationHistogram.reduce((n, b) => n + b.count, 0)).toBe(s.signedInPeriod);
    expect(s.stageMedianHours.imaging).toBeCloseTo(0.75, 1); // one evaluation: 45 min
  });

  it('weekly started and signed equal the lists of each week', async () => {
    const s = await summary();
    expect(s.weekly[0]).toMatchObject({ weekStart: '2025-12-22', from: '2025-12-25', to: '2025-12-28' });
    expect(s.weekly.at(-1)).toMatchObject({ weekStart: '2026-03-16', from: '2026-03-16', to: '2026-03-18' });
    let started = 0;
    let signedTotal = 0;
    for (const week of s.weekly) {
      expect((await list({ kind: 'started', from: week.from, to: week.to })).total, week.from).toBe(
        week.started,
      );
      expect((await list({ kind: 'signed', from: week.from, to: week.to })).total, week.from).toBe(
        week.signed,
      );
      started += week.started;
      signedTotal += week.signed;
    }
    expect(started).toBe(s.startedInPeriod);
    expect(signedTotal).toBe(s.signedInPeriod);
    expect((await list({ kind: 'started' })).total).toBe(s.startedInPeriod);
    // The Berlin-midnight sign-off falls in the first (partial) week.
    expect(s.weekly[0]!.signed).toBe(1);
  });

  it('follow-ups due per coming week equal their lists', async () => {
    const s = await summary();
    expect(s.followUps).toMatchObject({ weeks: 8, from: '2026-03-18', to: '2026-05-12' });
    for (const week of s.followUps.byWeek) {
      const { rows, total } = await list({ kind: 'followup', from: week.from, to: week.to });
      expect(total, week.from).toBe(week.count);
      expect(rows.every((r) => r.followUpDate! >= week.from && r.followUpDate! <= week.to)).toBe(true);
    }
    expect((await list({ kind: 'followup' })).total).toBe(s.followUps.total);
    expect(s.followUps.byWeek[0]!.count).toBe(1);
    expect(s.followUps.byWeek[7]!.count).toBe(1);
  });

  it('finding counts among signed evaluations equal their lists', async () => {
    const s = await summary();
    expect(s.findings.length).toBeGreaterThan(3);
    for (const f of s.findings) {
      const { rows, total } = await list({ kind: 'finding', finding: f.code });
      expect(total, f.code).toBe(f.count);
      expect(rows.every((r) => r.status === 'signed')).toBe(true);
    }
    expect((await list({ kind: 'finding', finding: 'dvt' })).total).toBe(0);
  });

  it('a clinician filter and an explicit period restrict every figure', async () => {
    const s = await summary(`?from=2026-03-01&to=2026-03-15&clinician=${users.a}`);
    expect(s.period).toEqual({ from: '2026-03-01', to: '2026-03-15', timeZone: TZ, clinicianId: users.a });
    expect(s.clinicians.map((c) => c.id)).toEqual([users.a]);
    expect(s.byStatus).toEqual({ draft: 2, amending: 1, signed: 5 });
    expect(s.signedInPeriod).toBe(2); // 2 March and the re-sign on 4 March
    const q = { clinician: users.a, from: '2026-03-01', to: '2026-03-15' };
    expect((await list({ kind: 'signed', ...q })).total).toBe(s.signedInPeriod);
    expect((await list({ kind: 'started', ...q })).total).toBe(s.startedInPeriod);
    expect((await list({ kind: 'open', clinician: users.a })).total).toBe(s.open);
    expect((await list({ kind: 'overdue', clinician: users.a })).total).toBe(s.overdue);
    for (const f of s.findings) {
      expect((await list({ kind: 'finding', finding: f.code, ...q })).total, f.code).toBe(f.count);
    }
  });

  it('overdue follows the clock', async () => {
    const clock = server.ctx.clock as ManualClock;
    try {
      clock.set('2026-03-18T12:00:01.000Z'); // B's evaluation is now unchanged for 7 days and 1 s
      const s = await summary();
      expect(s.overdue).toBe(4);
      expect((await list({ kind: 'overdue' })).rows.map((r) => r.id)).toContain(ids.bSevenDays);
    } finally {
      clock.set(NOW);
    }
  });
});

describe('workload rollups', () => {
  it('kept through the hook, they equal a full recount', async () => {
    const result = await checkWorkloadRollups(server.ctx.db, TZ);
    expect(result.differences).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.evaluations).toBe(18);
  });

  it('the check reports a corrupted rollup, and a rebuild repairs it', async () => {
    const w = workloadDb(server.ctx.db);
    const before = await summary();
    await w
      .updateTable('workload_daily')
      .set((eb) => ({ signed: eb('signed', '+', 2) }))
      .where('day', '=', '2026-03-02')
      .execute();
    await w
      .deleteFrom('evaluation_findings')
      .where('evaluation_id', '=', ids.c52h!)
      .where('finding_code', '=', 'arterial.pad')
      .execute();
    await w
      .updateTable('workload_daily')
      .set({ durations: '{"sign":[1,1]}' })
      .where('day', '=', '2026-03-02')
      .execute();

    const broken = await checkWorkloadRollups(server.ctx.db, TZ);
    expect(broken.ok).toBe(false);
    expect(broken.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          table: 'workload_daily.signed',
          key: { day: '2026-03-02', assignee_id: users.a },
          expected: 1,
          actual: 3,
        }),
        expect.objectContaining({
          table: 'evaluation_findings',
          key: { evaluation_id: ids.c52h, finding_code: 'arterial.pad' },
          actual: '(none)',
        }),
        expect.objectContaining({
          table: 'workload_daily.durations',
          key: { day: '2026-03-02', assignee_id: users.a },
          actual: '{"sign":[1,1]}',
        }),
      ]),
    );
    expect(broken.differenceCount).toBe(3);

    await rebuildWorkloadRollups(server.ctx.db, server.ctx.dialect, TZ, new Date(NOW));
    expect((await checkWorkloadRollups(server.ctx.db, TZ)).ok).toBe(true);
    expect(await summary()).toEqual(before);
  });

  it('rebuilding in another time zone moves the day boundaries', async () => {
    try {
      await rebuildWorkloadRollups(server.ctx.db, server.ctx.dialect, 'UTC', new Date(NOW));
      expect((await checkWorkloadRollups(server.ctx.db, TZ)).ok).toBe(false);
      expect((await checkWorkloadRollups(server.ctx.db, 'UTC')).ok).toBe(true);
    } finally {
      await rebuildWorkloadRollups(server.ctx.db, server.ctx.dialect, TZ, new Date(NOW));
    }
  });
});

describe('GET /api/workload — access and input', () => {
  it('is for administrators only', async () => {
    expect((await server.client().get('/api/workload')).status).toBe(401);
    const clinician = await server.login('aortiz', 'aortiz password 1');
    for (const path of ['/api/workload', '/api/workload/evaluations?kind=open']) {
      const res = await clinician.get<ErrorBody>(path);
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });

  it('422 names the field of a bad date, period or parameter', async () => {
    const cases: [string, string][] = [
      ['?from=2026-02-30', 'from'],
      ['?to=18.03.2026', 'to'],
      ['?from=2026-03-10&to=2026-03-01', 'from'],
      ['?from=2020-01-01&to=2026-03-01', 'from'],
      ['?clinician=no-such-user', 'clinician'],
      ['?color=red', 'color'],
    ];
    for (const [query, field] of cases) {
      const res = await admin.get<ErrorBody>(`/api/workload${query}`);
      expect(res.status, query).toBe(422);
      expect(
        res.body.error.details?.items?.map((i) => i.code),
        query,
      ).toEqual([field]);
    }
    const drill = await admin.get<ErrorBody>('/api/workload/evaluations?kind=stage');
    expect(drill.status).toBe(422);
    expect(drill.body.error.details?.items?.[0]?.code).toBe('stage');
    const kind = await admin.get<ErrorBody>('/api/workload/evaluations?kind=everything');
    expect(kind.status).toBe(422);
    expect(kind.body.error.details?.items?.[0]?.code).toBe('kind');
  });

  it('shows no patient data: no demo or fixture patient name, MRN, birth date or id in any response', async () => {
    const demoServer = await startTestServer({ clock: new ManualClock(NOW), seedDemo: true });
    try {
      const { db } = demoServer.ctx;
      const demoAdmin = await demoServer.login('admin');
      const clinicianId = (
        await db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'clinician')
          .executeTakeFirstOrThrow()
      ).id;
      // Work for demo patients (whatever the demo seed already holds), open and signed.
      const demoFixture = new WorkloadFixture(demoServer.ctx);
      const demo = await db.selectFrom('patients').select(['id', 'name', 'mrn', 'birth_date']).execute();
      expect(demo.length).toBeGreaterThanOrEqual(40);
      for (const [i, p] of demo.slice(0, 6).entries()) {
        const open = await db
          .selectFrom('evaluations')
          .select('id')
          .where('patient_id', '=', p.id)
          .where('status', '!=', 'signed')
          .executeTakeFirst();
        if (open) continue;
        await demoFixture.add(
          i % 2 === 0
            ? { assignee: clinicianId, patientId: p.id, startedAt: '2026-03-01T09:00:00.000Z', stage: 'exam' }
            : {
                assignee: clinicianId,
                patientId: p.id,
                status: 'signed',
                startedAt: '2026-03-02T09:00:00.000Z',
                signedAt: '2026-03-03T09:00:00.000Z',
                findings: ['iron.treat'],
                followUpDate: '2026-04-01',
              },
        );
      }

      const bodies: string[] = [];
      const get = async (path: string) => {
        const res = await demoAdmin.get(path);
        expect(res.status, path).toBe(200);
        bodies.push(JSON.stringify(res.body));
      };
      await get('/api/workload');
      await get('/api/workload?from=2025-06-01&to=2026-03-18');
      for (const kind of ['open', 'overdue', 'started', 'signed', 'followup']) {
        await get(`/api/workload/evaluations?kind=${kind}&pageSize=500`);
      }
      await get('/api/workload/evaluations?kind=status&status=signed&pageSize=500');
      await get('/api/workload/evaluations?kind=stage&stage=exam&pageSize=500');
      await get('/api/workload/evaluations?kind=finding&finding=iron.treat&pageSize=500');
      const text = bodies.join('\n').toLowerCase();
      const listed = await db.selectFrom('evaluations').select('id').execute();
      expect(listed.some((e) => text.includes(e.id))).toBe(true); // the lists are not empty
      for (const p of demo) {
        expect(text).not.toContain(p.name.toLowerCase());
        expect(text).not.toContain(p.mrn.toLowerCase());
        expect(text).not.toContain(p.id);
        expect(text).not.toContain(p.birth_date);
      }
      expect(text).not.toContain('"answers"');
      expect(text).not.toContain('evidence');
    } finally {
      await demoServer.close();
    }
  });
});

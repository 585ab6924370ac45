import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { WorkloadSummary } from '@rls/shared';
import { ManualClock } from '../../server/src/clock';
import { closeContext, createContext } from '../../server/src/context';
import { checkWorkloadRollups } from '../../server/src/features/workload/check';
import {
  unpackCounts,
  packCounts,
  mergeCounts,
  type DurationCounts,
} from '../../server/src/features/workload/packed';
import { periodParts } from '../../server/src/features/workload/period';
import { ensureWorkloadRollups } from '../../server/src/features/workload/rebuild';
import { dailyCounts, weeklyCounts, type DailyRow } from '../../server/src/features/workload/repo';
import { workloadDb } from '../../server/src/features/workload/tables';
import { prepareDatabase } from '../../server/src/startup';
import { addDays } from '../../server/src/time-zone';
import { createUser, startTestServer, type ApiClient, type TestServer } from './helpers';
import { WorkloadFixture } from './workload-fixtures';

// The weekly rollup level (migration 009): a summary reads whole weeks from workload_weekly and only
// the ragged edges of its period from workload_daily. These tests prove the two add up to exactly
// what the day rows say, for periods starting and ending on every weekday, and that a database
// upgraded with day rollups but no weekly level gets it built at start-up.
const NOW = '2026-03-18T12:00:00.000Z'; // a Wednesday
const TZ = 'Europe/Berlin';

let server: TestServer;
let admin: ApiClient;
const clinicians: string[] = [];

/** A deterministic spread of evaluations over ~13 weeks, at hours that cross the local midnight. */
function* schedule(): Generator<{ i: number; startMs: number }> {
  const base = Date.parse('2025-12-15T00:00:00.000Z');
  for (let i = 0; i < 90; i++) {
    // Every day of the period gets some (weekends included), at varied hours, 22:30–23:30 UTC too.
    const day = (i * 37) % 92;
    const minute = ((i * 211) % 1440) + (i % 3 === 0 ? 1380 : 0);
    yield { i, startMs: base + day * 86_400_000 + (minute % 1440) * 60_000 };
  }
}

beforeAll(async () => {
  server = await startTestServer({ clock: new ManualClock(NOW), env: { TZ } });
  await ensureWorkloadRollups(server.ctx);
  for (const name of ['wa', 'wb', 'wc']) {
    const user = await createUser(server.ctx, {
      username: name,
      role: 'clinician',
      name: `Dr. ${name}`,
      password: `${name} password 1`,
    });
    clinicians.push(user.id);
  }
  await createUser(server.ctx, {
    username: 'wboss',
    role: 'admin',
    name: 'Boss',
    password: 'boss password 1',
  });
  admin = await server.login('wboss', 'boss password 1');

  const f = new WorkloadFixture(server.ctx);
  const iso = (ms: number) => new Date(ms).toISOString();
  for (const { i, startMs } of schedule()) {
    const assignee = clinicians[i % 3]!;
    const signMs = startMs + (20 + ((i * 53) % 3000)) * 60_000;
    if (i % 5 === 4) {
      await f.add({ assignee, startedAt: iso(startMs), updatedAt: iso(startMs + 60_000) });
      continue;
    }
    await f.add({
      assignee,
      status: 'signed',
      startedAt: iso(startMs),
      signedAt: iso(signMs),
      stageTimes: {
        history: { firstAt: iso(startMs + 60_000), lastAt: iso(startMs + (2 + (i % 7)) * 60_000) },
        labs: { firstAt: iso(startMs + 10 * 60_000), lastAt: iso(startMs + (15 + (i % 40)) * 60_000) },
      },
      findings: i % 2 ? ['rls.criteria-met', 'arterial.pad'] : ['rls.criteria-met'],
    });
  }
});

afterAll(async () => {
  await server.close();
});

/** Per assignee: started, signed and the merged duration histograms (canonical text). */
function fold(rows: DailyRow[]): Map<string, { started: number; signed: number; durations: string }> {
  const acc = new Map<string, { started: number; signed: number; durations: DurationCounts }>();
  for (const r of rows) {
    let a = acc.get(r.assignee_id);
    if (!a) acc.set(r.assignee_id, (a = { started: 0, signed: 0, durations: new Map() }));
    a.started += r.started;
    a.signed += r.signed;
    mergeCounts(a.durations, unpackCounts(r.durations));
  }
  return new Map(
    [...acc].map(([id, a]) => [
      id,
      { started: a.started, signed: a.signed, durations: packCounts(a.durations) },
    ]),
  );
}

/** Periods starting on each weekday and lasting 1 day to ~11 weeks, over the fixture's range. */
function raggedPeriods(): { from: string; to: string }[] {
  const periods: { from: string; to: string }[] = [];
  for (let start = 0; start < 7; start++) {
    for (const length of [1, 6, 7, 8, 13, 14, 15, 20, 29, 48, 77]) {
      const from = addDays('2025-12-15', start * 3 + (length % 5)); // 2025-12-15 is a Monday
      periods.push({ from, to: addDays(from, length - 1) });
    }
  }
  return periods;
}

describe('weekly rollup level', () => {
  it('splits a period into whole weeks and edge days covering each of its days exactly once', () => {
    for (const period of raggedPeriods()) {
      const { weeks, days } = periodParts(period);
      const covered: string[] = [];
      for (const d of days) for (let x = d.from; x <= d.to; x = addDays(x, 1)) covered.push(x);
      if (weeks) {
        for (let w = weeks.from; w <= weeks.to; w = addDays(w, 7)) {
          expect(new Date(`${w}T00:00:00Z`).getUTCDay(), `${w} is a Monday`).toBe(1);
          for (let k = 0; k < 7; k++) covered.push(addDays(w, k));
        }
      }
      const expected: string[] = [];
      for (let x = period.from; x <= period.to; x = addDays(x, 1)) expected.push(x);
      expect(covered.sort(), JSON.stringify(period)).toEqual(expected);
      // With whole weeks inside, the edges are at most 6 days on either side.
      if (weeks) for (const d of days) expect(d.to <= addDays(d.from, 5), JSON.stringify(d)).toBe(true);
    }
    expect(periodParts({ from: '2026-03-09', to: '2026-03-15' })).toEqual({
      weeks: { from: '2026-03-09', to: '2026-03-09' },
      days: [],
    });
    expect(periodParts({ from: '2026-03-10', to: '2026-03-16' })).toEqual({
      weeks: null,
      days: [{ from: '2026-03-10', to: '2026-03-16' }],
    });
    expect(periodParts({ from: '9999-12-27', to: '9999-12-31' }).weeks).toBeNull();
  });

  it('whole weeks from the weekly level plus edge days equal every day row of the period', async () => {
    let withWeeks = 0;
    for (const period of raggedPeriods()) {
      const { weeks, days } = periodParts(period);
      const parts: DailyRow[] = [];
      if (weeks) {
        withWeeks += 1;
        parts.push(...(await weeklyCounts(server.ctx.db, weeks.from, weeks.to, null)));
      }
      for (const d of days) parts.push(...(await dailyCounts(server.ctx.db, d.from, d.to, null)));
      const all = await dailyCounts(server.ctx.db, period.from, period.to, null);
      expect(fold(parts), JSON.stringify(period)).toEqual(fold(all));
    }
    expect(withWeeks).toBeGreaterThan(40);
    // The fixture is not trivially empty where it is compared.
    const all = fold(await dailyCounts(server.ctx.db, '2025-12-15', '2026-03-18', null));
    expect([...all.values()].reduce((n, a) => n + a.signed, 0)).toBe(72);
  });

  it('the summary of a ragged period shows each week and clinician as its day rows add up', async () => {
    for (const period of [
      { from: '2025-12-17', to: '2026-03-04' }, // Wednesday → Wednesday
      { from: '2025-12-21', to: '2026-02-28' }, // Sunday → Saturday
      { from: '2026-01-05', to: '2026-02-15' }, // whole weeks only
    ]) {
      const res = await admin.get<WorkloadSummary>(`/api/workload?from=${period.from}&to=${period.to}`);
      expect(res.status).toBe(200);
      const s = res.body;
      for (const week of s.weekly) {
        const rows = await dailyCounts(server.ctx.db, week.from, week.to, null);
        expect(week.started, week.from).toBe(rows.reduce((n, r) => n + r.started, 0));
        expect(week.signed, week.from).toBe(rows.reduce((n, r) => n + r.signed, 0));
      }
      const byClinician = fold(await dailyCounts(server.ctx.db, period.from, period.to, null));
      for (const c of s.clinicians) {
        expect(c.started).toBe(byClinician.get(c.id)?.started ?? 0);
        expect(c.signed).toBe(byClinician.get(c.id)?.signed ?? 0);
      }
      expect(s.startedInPeriod).toBe([...byClinician.values()].reduce((n, a) => n + a.started, 0));
    }
  });

  it('is kept by the hook, checked by workload:check, and a corrupted week is reported', async () => {
    expect((await checkWorkloadRollups(server.ctx.db, TZ)).ok).toBe(true);
    const w = workloadDb(server.ctx.db);
    const row = await w.selectFrom('workload_weekly').selectAll().orderBy('week').executeTakeFirstOrThrow();
    await w
      .updateTable('workload_weekly')
      .set({ started: row.started + 1 })
      .where('week', '=', row.week)
      .where('assignee_id', '=', row.assignee_id)
      .execute();
    try {
      const broken = await checkWorkloadRollups(server.ctx.db, TZ);
      expect(broken.differences).toEqual([
        {
          table: 'workload_weekly.started',
          key: { week: row.week, assignee_id: row.assignee_id },
          expected: row.started,
          actual: row.started + 1,
        },
      ]);
    } finally {
      await w
        .updateTable('workload_weekly')
        .set({ started: row.started })
        .where('week', '=', row.week)
        .where('assignee_id', '=', row.assignee_id)
        .execute();
    }
  });

  it('a database with day rollups but no weekly level gets it built at start-up, with a progress line', async () => {
    const before = await admin.get<WorkloadSummary>('/api/workload?from=2025-12-17&to=2026-03-04');
    const w = workloadDb(server.ctx.db);
    const weeklyBefore = await w
      .selectFrom('workload_weekly')
      .selectAll()
      .orderBy('week')
      .orderBy('assignee_id')
      .execute();
    expect(weeklyBefore.length).toBeGreaterThan(20);
    // As migration 009 leaves an upgraded database: an empty weekly table, no `levels` mark.
    await w.deleteFrom('workload_weekly').execute();
    await w.deleteFrom('workload_meta').where('key', '=', 'levels').execute();

    // A new process on the same database: its start-up builds the level before it would listen.
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const ctx = createContext(server.ctx.config, { logger, clock: server.ctx.clock });
    try {
      await prepareDatabase(ctx);
    } finally {
      await closeContext(ctx);
    }
    const weeklyAfter = await w
      .selectFrom('workload_weekly')
      .selectAll()
      .orderBy('week')
      .orderBy('assignee_id')
      .execute();
    expect(weeklyAfter).toEqual(weeklyBefore);
    expect((await checkWorkloadRollups(server.ctx.db, TZ)).ok).toBe(true);
    const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^workload rollups: building weekly level … 0% \(0\/\d+ day rows\)$/),
        expect.stringMatching(/^workload rollups: built weekly level … 100% \((\d+)\/\1 day rows\)$/),
      ]),
    );
    // No patient data in what start-up logs.
    const patients = await server.ctx.db.selectFrom('patients').select(['name', 'mrn']).execute();
    for (const p of patients) for (const line of lines) expect(line).not.toContain(p.mrn);

    const after = await admin.get<WorkloadSummary>('/api/workload?from=2025-12-17&to=2026-03-04');
    expect({ ...after.body, asOf: '' }).toEqual({ ...before.body, asOf: '' });
  });
});

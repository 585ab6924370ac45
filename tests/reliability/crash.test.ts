// A short run of the crash test (tests/reliability/crash.ts; docs/reliability.md): the real server
// process is SIGKILLed a few times under concurrent saves and creates, and every acknowledged save and
// create must be stored, the history gapless, the database intact and the audit chain valid. The long
// runs (≥ 100 kills, SQLite and PostgreSQL) are `npm run reliability:crash`. On PostgreSQL when
// RLS_TEST_PG_URL is set, like the API tests.
import { expect, it } from 'vitest';
import { formatReport, runCrashTest } from './crash';

it('loses no acknowledged save or create across SIGKILLs of the server', async () => {
  const report = await runCrashTest({
    kills: 4,
    evaluations: 4,
    writers: 4,
    creators: 2,
    minMs: 300,
    maxMs: 1200,
    seed: 17,
    ...(process.env.RLS_TEST_PG_URL ? { postgresUrl: process.env.RLS_TEST_PG_URL } : {}),
  });
  expect(report.problems, formatReport(report)).toEqual([]);
  expect(report.lost).toBe(0);
  expect(report.kills).toBe(4);
  // The run did test something: saves were answered, some were cut off by a kill, creates were made.
  expect(report.acknowledgedSaves).toBeGreaterThan(20);
  expect(report.acknowledgedCreates).toBeGreaterThan(0);
  expect(report.auditRecords).toBeGreaterThan(report.acknowledgedSaves);
}, 60_000);

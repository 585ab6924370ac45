import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ManualClock } from '../../clock';
import { loadConfig } from '../../config';
import { closeContext, createContext, type AppContext } from '../../context';
import type { EvaluationStatus } from '../schema';
import { listMigrations, migrateToLatest } from './index';

let ctx: AppContext;

beforeEach(() => {
  ctx = createContext(loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' }), {
    clock: new ManualClock('2026-03-01T08:00:00.000Z'),
    logger: pino({ level: 'silent' }),
  });
});

afterEach(async () => {
  await closeContext(ctx);
});

const AT = '2026-02-01T09:00:00.000Z';

function evaluationRow(id: string, status: EvaluationStatus) {
  return {
    id,
    patient_id: 'p-1',
    status,
    workflow_version: 2,
    version: 2,
    assignee_id: 'u-1',
    current_stage: 'history',
    answers: '{"lab.ferritin":22}',
    answer_meta: '{}',
    plan: '{}',
    assessment: '{"findings":[]}',
    stage_times: '{}',
    follow_up_date: null,
    started_at: AT,
    updated_at: AT,
    signed_at: null,
    signed_by: null,
    created_by: 'u-1',
  };
}

async function indexesOfEvaluations(): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    select name from sqlite_master where type = 'index' and tbl_name = 'evaluations' order by name`.execute(
    ctx.db,
  );
  return rows.rows.map((r) => r.name);
}

it('lets evaluations be discarded, keeping every row, index and foreign key of the table it rebuilds', async () => {
  const migrator = new Migrator({
    db: ctx.db,
    provider: { getMigrations: () => Promise.resolve(listMigrations(ctx.dialect)) },
  });
  expect((await migrator.migrateTo('005-workload-version')).error).toBeUndefined();
  const db = ctx.db;
  await db
    .insertInto('users')
    .values({
      id: 'u-1',
      username: 'doc',
      name: 'Doc',
      role: 'clinician',
      password_hash: 'x',
      active: 1,
      mfa_enabled: 0,
      created_at: AT,
      updated_at: AT,
      password_changed_at: AT,
    })
    .execute();
  await db
    .insertInto('patients')
    .values({
      id: 'p-1',
      mrn: 'M-1',
      name: 'P',
      birth_date: '1970-01-01',
      sex: 'female',
      search_text: 'p m-1',
      created_at: AT,
      updated_at: AT,
      created_by: 'u-1',
      worklist_updated_at: AT,
    })
    .execute();
  await db.insertInto('evaluations').values(evaluationRow('e-1', 'draft')).execute();
  await db
    .insertInto('evaluation_changes')
    .values({
      id: 'c-1',
      evaluation_id: 'e-1',
      version: 1,
      at: AT,
      by: 'u-1',
      changes: '[]',
      event: 'create',
    })
    .execute();
  // Before: the CHECK refuses the new status.
  await expect(
    db.updateTable('evaluations').set({ status: 'discarded' }).where('id', '=', 'e-1').execute(),
  ).rejects.toThrow(/CHECK constraint/);
  const indexesBefore = await indexesOfEvaluations();

  const upTo006 = await migrator.migrateTo('006-discarded-status');
  expect(upTo006.results?.map((r) => r.migrationName)).toEqual(['006-discarded-status']);

  expect(await db.selectFrom('evaluations').selectAll().execute()).toEqual([evaluationRow('e-1', 'draft')]);
  expect(await indexesOfEvaluations()).toEqual(indexesBefore);
  await db.updateTable('evaluations').set({ status: 'discarded' }).where('id', '=', 'e-1').execute();
  await expect(
    db
      .updateTable('evaluations')
      .set({ status: 'deleted' as EvaluationStatus })
      .where('id', '=', 'e-1')
      .execute(),
  ).rejects.toThrow(/CHECK constraint/);
  // Foreign keys are on again and still point at the rebuilt table.
  expect(
    (await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(ctx.db)).rows[0]?.foreign_keys,
  ).toBe(1);
  await expect(
    db
      .insertInto('evaluation_changes')
      .values({ id: 'c-2', evaluation_id: 'nope', version: 1, at: AT, by: 'u-1', changes: '[]' })
      .execute(),
  ).rejects.toThrow(/FOREIGN KEY/);
  await db
    .insertInto('evaluation_changes')
    .values({
      id: 'c-3',
      evaluation_id: 'e-1',
      version: 3,
      at: AT,
      by: 'u-1',
      changes: '[]',
      event: 'discard',
    })
    .execute();
  // A discarded draft no longer holds the patient's one open evaluation.
  await db.insertInto('evaluations').values(evaluationRow('e-2', 'draft')).execute();
  await expect(db.insertInto('evaluations').values(evaluationRow('e-3', 'draft')).execute()).rejects.toThrow(
    /UNIQUE/,
  );
});

it('migrates back: the CHECK lists the three statuses again', async () => {
  await migrateToLatest(ctx.db, ctx.dialect);
  const migrator = new Migrator({
    db: ctx.db,
    provider: { getMigrations: () => Promise.resolve(listMigrations(ctx.dialect)) },
  });
  expect((await migrator.migrateTo('005-workload-version')).error).toBeUndefined();
  const table = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'table' and name = 'evaluations'`.execute(ctx.db);
  expect(table.rows[0]?.sql).toContain("check (status in ('draft', 'amending', 'signed'))");
});

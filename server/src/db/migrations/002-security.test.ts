import { Migrator } from 'kysely/migration';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ManualClock } from '../../clock';
import { loadConfig } from '../../config';
import { closeContext, createContext, type AppContext } from '../../context';
import { chainHash, GENESIS_HASH } from '../audit-chain';
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

it('chains the audit rows written before it exactly as the live hash chain does', async () => {
  const migrator = new Migrator({
    db: ctx.db,
    provider: { getMigrations: () => Promise.resolve(listMigrations(ctx.dialect)) },
  });
  expect((await migrator.migrateTo('001-initial')).error).toBeUndefined();
  await ctx.db
    .insertInto('audit_log')
    .values([
      {
        at: '2026-02-01T09:00:00.000Z',
        user_id: null,
        username: 'someone',
        role: null,
        patient_id: null,
        action: 'session.login',
        category: 'auth',
        outcome: 'failure',
        entity: null,
        entity_id: null,
        before_version: null,
        after_version: null,
        detail: null,
      },
      {
        at: '2026-02-01T09:05:00.000Z',
        user_id: 'u-1',
        username: 'clinician',
        role: 'clinician',
        patient_id: 'p-1',
        action: 'evaluation.update',
        category: 'history',
        outcome: 'success',
        entity: 'evaluation',
        entity_id: 'e-1',
        before_version: 1,
        after_version: 2,
        detail: '{"codes":["h1"]}',
      },
    ])
    .execute();

  await migrateToLatest(ctx.db, ctx.dialect);

  const rows = await ctx.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  expect(rows).toHaveLength(2);
  let prev = GENESIS_HASH;
  for (const row of rows) {
    expect(row.prev_hash).toBe(prev);
    expect(row.hash).toBe(chainHash(prev, row));
    prev = row.hash!;
  }
  const head = await ctx.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
  expect({ seq: Number(head.seq), hash: head.hash }).toEqual({ seq: 2, hash: prev });
});

import { sql } from 'kysely';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { closeContext, createContext, type AppContext } from '../../context';
import { listMigrations, migrateToLatest } from './index';

let ctx: AppContext;
beforeEach(() => {
  ctx = createContext(loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' }), {
    logger: pino({ level: 'silent' }),
  });
});
afterEach(() => closeContext(ctx));

it('applies every migration once; a second run applies none', async () => {
  expect((await migrateToLatest(ctx.db, ctx.dialect)).applied).toEqual(Object.keys(listMigrations('sqlite')));
  expect((await migrateToLatest(ctx.db, ctx.dialect)).applied).toEqual([]);
});

it('refuses a database migrated by a newer release, naming the unknown migration', async () => {
  await migrateToLatest(ctx.db, ctx.dialect);
  // What a newer release's migration leaves behind.
  await sql`insert into kysely_migration (name, timestamp) values ('999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(
    ctx.db,
  );
  await expect(migrateToLatest(ctx.db, ctx.dialect)).rejects.toThrow(
    'The database was migrated by a newer release of RLS Workup (migration "999-from-the-future" is unknown to this one)',
  );
});

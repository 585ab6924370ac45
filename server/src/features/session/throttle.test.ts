import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock';
import { loadConfig } from '../../config';
import { closeContext, createContext, type AppContext } from '../../context';
import { migrateToLatest } from '../../db/migrations';
import {
  ACCOUNT_POLICY,
  WINDOW_MS,
  blockMs,
  blockedFor,
  clearFailures,
  recordFailure,
  type ThrottlePolicy,
} from './throttle';

describe('blockMs', () => {
  const now = 1_000_000_000;
  it('is 0 for the first 4 failures in a row, then doubles from 1 s up to 30 s', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) =>
      blockMs(ACCOUNT_POLICY, { failures: n, consecutive: n, windowStart: now }, now),
    );
    expect(waits).toEqual([0, 0, 0, 0, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('blocks until the end of the hour once 100 failures fall in it', () => {
    const windowStart = now - 20 * 60_000;
    expect(blockMs(ACCOUNT_POLICY, { failures: 100, consecutive: 1, windowStart }, now)).toBe(40 * 60_000);
    expect(blockMs(ACCOUNT_POLICY, { failures: 99, consecutive: 1, windowStart }, now)).toBe(0);
  });
});

describe('recordFailure (database counters)', () => {
  let ctx: AppContext;
  const clock = new ManualClock('2026-02-02T10:00:00.000Z');
  const noBackoff: ThrottlePolicy = {
    hourlyLimit: 100,
    backoffAfter: null,
    backoffBaseMs: 0,
    backoffCapMs: 0,
  };

  beforeEach(async () => {
    ctx = createContext(loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' }), {
      clock,
      logger: pino({ level: 'silent' }),
    });
    await migrateToLatest(ctx.db, ctx.dialect);
  });
  afterEach(() => closeContext(ctx));

  const fail = (key: string, policy: ThrottlePolicy, times = 1) =>
    ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < times; i++) await recordFailure(trx, ctx, key, policy);
    });

  it('allows 100 failures an hour, then blocks until the window ends — never for good', async () => {
    await fail('user:x', noBackoff, 99);
    expect(await blockedFor(ctx, ['user:x'])).toBeNull();
    clock.advance(10 * 60_000);
    await fail('user:x', noBackoff);
    expect(await blockedFor(ctx, ['user:x'])).toBe(50 * 60);
    clock.advance(50 * 60_000);
    expect(await blockedFor(ctx, ['user:x'])).toBeNull();
    // A new window counts from 1 again.
    await fail('user:x', noBackoff);
    const row = await ctx.db
      .selectFrom('login_throttle')
      .selectAll()
      .where('key', '=', 'user:x')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ failures: 1, window_start: clock.now().toISOString() });
    expect(Date.parse(row.window_start) - Date.parse('2026-02-02T10:00:00.000Z')).toBe(WINDOW_MS);
  });

  it('counts consecutive failures across windows until a success clears them', async () => {
    await fail('user:y', ACCOUNT_POLICY, 5);
    expect(await blockedFor(ctx, ['user:y'])).toBe(1);
    await ctx.db.transaction().execute((trx) => clearFailures(trx, 'user:y'));
    expect(await blockedFor(ctx, ['user:y'])).toBeNull();
    await fail('user:y', ACCOUNT_POLICY, 4);
    expect(await blockedFor(ctx, ['user:y'])).toBeNull();
  });

  it('reports the longest block among several keys', async () => {
    await fail('user:z', ACCOUNT_POLICY, 7); // 4 s
    await fail('ip:1', noBackoff, 100); // the rest of the hour
    expect(await blockedFor(ctx, ['user:z'])).toBe(4);
    expect(await blockedFor(ctx, ['user:z', 'ip:1'])).toBe(3600);
  });
});

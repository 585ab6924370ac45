import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { Database } from '../../db/schema';

/**
 * Login throttling (SPEC §3: 429 with Retry-After). Failures are counted per username and per
 * client address inside a fixed window; reaching the limit blocks that key until the block ends.
 */
const WINDOW_MS = 15 * 60_000;
const BLOCK_MS = 15 * 60_000;
const LIMITS = { user: 5, ip: 50 } as const;

export interface ThrottleKeys {
  user: string;
  ip: string;
}

export function throttleKeys(username: string, ip: string | undefined): ThrottleKeys {
  return { user: `user:${username.toLowerCase().slice(0, 100)}`, ip: `ip:${ip ?? 'unknown'}` };
}

/** Seconds until a blocked key may try again, or null when not blocked. */
export async function blockedFor(ctx: AppContext, keys: ThrottleKeys): Promise<number | null> {
  const now = ctx.clock.now().getTime();
  const rows = await ctx.db
    .selectFrom('login_throttle')
    .select(['blocked_until'])
    .where('key', 'in', [keys.user, keys.ip])
    .execute();
  let until = 0;
  for (const row of rows) {
    if (row.blocked_until) until = Math.max(until, Date.parse(row.blocked_until));
  }
  return until > now ? Math.ceil((until - now) / 1000) : null;
}

/** Counts one failed login against both keys (inside the caller's transaction). */
export async function recordLoginFailure(
  trx: Kysely<Database>,
  ctx: AppContext,
  keys: ThrottleKeys,
): Promise<void> {
  const nowDate = ctx.clock.now();
  const now = nowDate.getTime();
  const nowIso = nowDate.toISOString();
  for (const [kind, key] of [
    ['user', keys.user],
    ['ip', keys.ip],
  ] as const) {
    const row = await trx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
    const fresh = !row || now - Date.parse(row.window_start) >= WINDOW_MS;
    const failures = fresh ? 1 : row.failures + 1;
    const values = {
      key,
      failures,
      window_start: fresh ? nowIso : row.window_start,
      blocked_until:
        failures >= LIMITS[kind] ? new Date(now + BLOCK_MS).toISOString() : (row?.blocked_until ?? null),
    };
    await trx
      .insertInto('login_throttle')
      .values(values)
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: values.failures,
          window_start: values.window_start,
          blocked_until: values.blocked_until,
        }),
      )
      .execute();
  }
  // Forget stale keys so usernames typed by strangers do not pile up.
  const cutoff = new Date(now - 24 * 60 * 60_000).toISOString();
  await trx
    .deleteFrom('login_throttle')
    .where('window_start', '<', cutoff)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', nowIso)]))
    .execute();
}

/** A successful login clears the username's failures (the address keeps its count). */
export async function clearUserFailures(trx: Kysely<Database>, keys: ThrottleKeys): Promise<void> {
  await trx.deleteFrom('login_throttle').where('key', '=', keys.user).execute();
}

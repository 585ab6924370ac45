import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { Database } from '../../db/schema';
import { TooManyRequestsError } from '../../http/errors';

/**
 * Throttling of password and second-factor guesses (issue 8; docs/decisions/010-sessions-and-throttling.md).
 * Counters live in the `login_throttle` table so every app instance sees the same numbers.
 *
 * Per key, two limits:
 * - a fixed one-hour window: at most `hourlyLimit` failures, then the key waits for the window's end;
 * - after `backoffAfter` failures in a row, each further failure blocks the key for an exponentially
 *   growing time (1 s, 2 s, 4 s … capped).
 * Nothing is permanent: every block ends by itself within the hour, so an attacker cannot lock a
 * user out for good. A blocked attempt is answered 429 with Retry-After and is not checked at all.
 */
export interface ThrottlePolicy {
  hourlyLimit: number;
  /** Consecutive failures before the backoff starts; null for none. */
  backoffAfter: number | null;
  backoffBaseMs: number;
  backoffCapMs: number;
}

export const WINDOW_MS = 60 * 60_000;

/**
 * Per account: password guesses at login from browsers without a device cookie for the account (keyed
 * by username, `accountKey`; devices.ts throttles the others), the current-password check inside a
 * session (keyed by user id, `reauthKey`: a counter of its own, so failed logins elsewhere never block a
 * logged-in user's password change — docs/decisions/017-security-hardening.md) and second-factor codes,
 * TOTP or recovery (keyed by user id, `secondFactorKey`), all with the same limits.
 */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  hourlyLimit: 100,
  backoffAfter: 5,
  backoffBaseMs: 1000,
  backoffCapMs: 30_000,
};

/** Per client address: many users may share one (a clinic's NAT), so only an hourly cap. */
export const ADDRESS_POLICY: ThrottlePolicy = {
  hourlyLimit: 200,
  backoffAfter: null,
  backoffBaseMs: 0,
  backoffCapMs: 0,
};

export const accountKey = (username: string) => `user:${username.trim().toLowerCase().slice(0, 100)}`;
export const addressKey = (ip: string | undefined) => `ip:${ip ?? 'unknown'}`;
export const secondFactorKey = (userId: string) => `mfa:${userId}`;
export const reauthKey = (userId: string) => `reauth:${userId}`;

/** How long a key is blocked after a failure with these counts (0 = not blocked). */
export function blockMs(
  policy: ThrottlePolicy,
  counts: { failures: number; consecutive: number; windowStart: number },
  now: number,
): number {
  let until = now;
  if (counts.failures >= policy.hourlyLimit) until = Math.max(until, counts.windowStart + WINDOW_MS);
  if (policy.backoffAfter !== null && counts.consecutive >= policy.backoffAfter) {
    const step = counts.consecutive - policy.backoffAfter;
    until = Math.max(
      until,
      now + Math.min(policy.backoffBaseMs * 2 ** Math.min(step, 30), policy.backoffCapMs),
    );
  }
  return until - now;
}

/** Seconds until the most blocked of `keys` may try again, or null when none is blocked. */
export async function blockedFor(ctx: AppContext, keys: readonly string[]): Promise<number | null> {
  const now = ctx.clock.now().getTime();
  const rows = await ctx.db
    .selectFrom('login_throttle')
    .select(['blocked_until'])
    .where('key', 'in', [...keys])
    .execute();
  let until = 0;
  for (const row of rows) {
    if (row.blocked_until) until = Math.max(until, Date.parse(row.blocked_until));
  }
  return until > now ? Math.ceil((until - now) / 1000) : null;
}

/** 429 with Retry-After when any key is blocked. */
export async function assertNotBlocked(
  ctx: AppContext,
  keys: readonly string[],
  what = 'failed attempts',
): Promise<void> {
  const seconds = await blockedFor(ctx, keys);
  if (seconds === null) return;
  throw new TooManyRequestsError(`Too many ${what}. Try again in ${describeWait(seconds)}.`, seconds);
}

export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * Counts one failure against `key` (inside the caller's transaction). The increment is one atomic
 * upsert, so concurrent failures on several instances are all counted.
 */
export async function recordFailure(
  trx: Kysely<Database>,
  ctx: AppContext,
  key: string,
  policy: ThrottlePolicy,
): Promise<void> {
  const nowDate = ctx.clock.now();
  const now = nowDate.getTime();
  const nowIso = nowDate.toISOString();
  const windowCutoff = new Date(now - WINDOW_MS).toISOString();
  const row = await trx
    .insertInto('login_throttle')
    .values({ key, failures: 1, window_start: nowIso, blocked_until: null, consecutive: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when login_throttle.window_start <= ${windowCutoff} then 1 else login_throttle.failures + 1 end`,
        window_start: sql<string>`case when login_throttle.window_start <= ${windowCutoff} then ${nowIso} else login_throttle.window_start end`,
        consecutive: sql<number>`login_throttle.consecutive + 1`,
      }),
    )
    .returning(['failures', 'window_start', 'consecutive', 'blocked_until'])
    .executeTakeFirstOrThrow();

  const ms = blockMs(
    policy,
    {
      failures: Number(row.failures),
      consecutive: Number(row.consecutive),
      windowStart: Date.parse(row.window_start),
    },
    now,
  );
  const current = row.blocked_until ? Date.parse(row.blocked_until) : 0;
  if (ms > 0 && now + ms > current) {
    await trx
      .updateTable('login_throttle')
      .set({ blocked_until: new Date(now + ms).toISOString() })
      .where('key', '=', key)
      .execute();
  }

  // Forget stale keys so usernames typed by strangers do not pile up.
  const staleCutoff = new Date(now - 24 * 60 * 60_000).toISOString();
  await trx
    .deleteFrom('login_throttle')
    .where('window_start', '<', staleCutoff)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', nowIso)]))
    .execute();
}

/** A success forgets the key's failures (an account or second-factor key; never an address). */
export async function clearFailures(trx: Kysely<Database>, key: string): Promise<void> {
  await trx.deleteFrom('login_throttle').where('key', '=', key).execute();
}

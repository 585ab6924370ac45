import type { LoginInput } from '@rls/shared';
import type { AppContext } from '../../context';
import { unitOfWork } from '../../db/unit-of-work';
import { TooManyRequestsError, UnauthenticatedError } from '../../http/errors';
import type { AuthState, SessionUser } from '../../http/types';
import { appendAudit } from '../audit/repo';
import { findUserByUsername } from '../users/repo';
import { verifyDummyPassword, verifyPassword } from '../users/passwords';
import { findSessionWithUser, insertSession, revokeSession, touchSession } from './repo';
import { blockedFor, clearUserFailures, recordLoginFailure, throttleKeys } from './throttle';
import { newToken, sessionIdOf } from './tokens';

export interface LoginResult {
  /** The raw session token for the cookie; only its SHA-256 is stored. */
  token: string;
  user: SessionUser;
  csrfToken: string;
}

const WRONG_CREDENTIALS = 'Wrong username or password.';

/**
 * Checks the credentials and opens a session. Unknown users and wrong passwords fail the same way
 * and take the same time. A session token the browser already held is revoked (no fixation).
 */
export async function login(
  ctx: AppContext,
  input: LoginInput,
  meta: { ip?: string; previousToken?: string },
): Promise<LoginResult> {
  const username = input.username.toLowerCase();
  const keys = throttleKeys(username, meta.ip);
  const retryAfter = await blockedFor(ctx, keys);
  if (retryAfter !== null) {
    await ctx.db.transaction().execute((trx) =>
      appendAudit(trx, ctx, {
        actor: null,
        username: username.slice(0, 100),
        action: 'session.login',
        category: 'auth',
        outcome: 'failure',
        detail: { reason: 'throttled' },
      }),
    );
    const minutes = Math.ceil(retryAfter / 60);
    throw new TooManyRequestsError(
      `Too many failed logins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      retryAfter,
    );
  }

  // argon2 runs before any transaction (slow work inside one would stall every request).
  const user = await findUserByUsername(ctx.db, username);
  const ok =
    user && user.active === 1
      ? await verifyPassword(user.password_hash, input.password)
      : await verifyDummyPassword(input.password);

  if (!user || user.active !== 1 || !ok) {
    await ctx.db.transaction().execute(async (trx) => {
      await recordLoginFailure(trx, ctx, keys);
      await appendAudit(trx, ctx, {
        actor: null,
        username: username.slice(0, 100),
        action: 'session.login',
        category: 'auth',
        outcome: 'failure',
        entity: user ? 'user' : null,
        entityId: user?.id ?? null,
        detail: { reason: !user ? 'unknown-user' : user.active !== 1 ? 'inactive' : 'wrong-password' },
      });
    });
    throw new UnauthenticatedError(WRONG_CREDENTIALS, 'invalid_credentials');
  }

  const token = newToken();
  const csrfToken = newToken();
  const now = ctx.clock.now().toISOString();
  const actor = { id: user.id, username: user.username, role: user.role };
  await unitOfWork(
    ctx,
    actor,
    { action: 'session.login', category: 'auth', entity: 'user', entityId: user.id },
    async (trx) => {
      if (meta.previousToken) await revokeSession(trx, sessionIdOf(meta.previousToken), now);
      await clearUserFailures(trx, keys);
      await insertSession(trx, {
        id: sessionIdOf(token),
        userId: user.id,
        csrfToken,
        now,
        mfaPending: false,
      });
    },
  );
  return {
    token,
    csrfToken,
    user: { id: user.id, username: user.username, name: user.name, role: user.role },
  };
}

/**
 * The live session for a cookie token, or null. Ends sessions past the idle (30 min) or absolute
 * (12 h) limit, and refreshes `last_seen_at` at most once a minute.
 */
export async function resolveSession(ctx: AppContext, token: string): Promise<AuthState | null> {
  const id = sessionIdOf(token);
  const row = await findSessionWithUser(ctx.db, id);
  if (!row || row.revoked_at !== null || row.active !== 1) return null;

  const nowDate = ctx.clock.now();
  const now = nowDate.getTime();
  const { idleTimeoutMs, absoluteTimeoutMs, touchIntervalMs } = ctx.config.session;
  const idle = now - Date.parse(row.last_seen_at);
  const age = now - Date.parse(row.created_at);
  if (idle > idleTimeoutMs || age > absoluteTimeoutMs) {
    const actor = { id: row.user_id, username: row.username, role: row.role };
    await unitOfWork(
      ctx,
      actor,
      {
        action: 'session.expire',
        category: 'auth',
        entity: 'user',
        entityId: row.user_id,
        detail: { reason: age > absoluteTimeoutMs ? 'absolute' : 'idle' },
      },
      (trx) => revokeSession(trx, id, nowDate.toISOString()),
    );
    return null;
  }
  if (idle >= touchIntervalMs) await touchSession(ctx.db, id, nowDate.toISOString());

  return {
    sessionId: id,
    csrfToken: row.csrf_token,
    mfaPending: row.mfa_pending === 1,
    user: { id: row.user_id, username: row.username, name: row.name, role: row.role },
  };
}

/** Ends the session (idempotent). */
export async function logout(ctx: AppContext, auth: AuthState): Promise<void> {
  const actor = { id: auth.user.id, username: auth.user.username, role: auth.user.role };
  await unitOfWork(
    ctx,
    actor,
    { action: 'session.logout', category: 'auth', entity: 'user', entityId: auth.user.id },
    (trx) => revokeSession(trx, auth.sessionId, ctx.clock.now().toISOString()),
  );
}

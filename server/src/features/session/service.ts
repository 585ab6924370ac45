import type { LoginInput } from '@rls/shared';
import type { AppContext } from '../../context';
import { fromJson } from '../../db/dialect';
import { recordAudit, unitOfWork } from '../../db/unit-of-work';
import { ConflictError, TooManyRequestsError, UnauthenticatedError } from '../../http/errors';
import type { AuthState, SessionUser } from '../../http/types';
import { appendAudit } from '../../db/audit-log';
import { looksLikeTotp, useRecoveryCode, verifyTotp } from '../users/mfa';
import { openSecret } from '../users/secrets';
import { verifyDummyPassword, verifyPassword } from '../users/passwords';
import { findUserById, findUserByUsername, setMfaLastStep, setRecoveryCodes } from '../users/repo';
import { findSessionWithUser, insertSession, revokeSession, touchSession } from './repo';
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  accountKey,
  addressKey,
  blockedFor,
  clearFailures,
  describeWait,
  recordFailure,
  secondFactorKey,
} from './throttle';
import { clearDeviceFailures, deviceFor, deviceState, recordDeviceFailure } from './devices';
import { newToken, sessionIdOf } from './tokens';

/** A session that has passed the password but owes the second factor ends after this long. */
const PENDING_MFA_MS = 5 * 60_000;

export type LoginResult =
  | {
      kind: 'session';
      /** The raw session token for the cookie; only its SHA-256 is stored. */
      token: string;
      user: SessionUser;
      csrfToken: string;
      /** An administrator without a second factor while RLS_REQUIRE_ADMIN_MFA=1: enrol first. */
      mfaEnrolmentRequired: boolean;
    }
  | {
      kind: 'mfa';
      /** Token of the pending session: it grants nothing but POST /api/session/mfa. */
      token: string;
    };

const WRONG_CREDENTIALS = 'Wrong username or password.';

function throttled(seconds: number, what: string): TooManyRequestsError {
  return new TooManyRequestsError(`Too many ${what}. Try again in ${describeWait(seconds)}.`, seconds);
}

/**
 * Checks the credentials and opens a session (a pending one when the user has a second factor).
 * Unknown users and wrong passwords fail the same way and take the same time. A session token the
 * browser already held is revoked, so every login gets a new token (no fixation).
 *
 * Throttling (docs/decisions/010-sessions-and-throttling.md, 017-security-hardening.md): an attempt
 * carrying a valid device cookie for this account is limited only by that cookie's own failures;
 * any other attempt by the per-account backoff and the per-address cap, as before.
 */
export async function login(
  ctx: AppContext,
  input: LoginInput,
  meta: { ip?: string; previousToken?: string; deviceCookie?: string },
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase().slice(0, 100);
  const userKey = accountKey(username);
  const ipKey = addressKey(meta.ip);
  const user = await findUserByUsername(ctx.db, username);

  let device = user && meta.deviceCookie ? deviceFor(ctx, meta.deviceCookie, user.id) : null;
  const state = device ? await deviceState(ctx, device) : null;
  if (state?.kind === 'dead') device = null; // locked once: an ordinary, untrusted browser again
  const retryAfter =
    state?.kind === 'locked' ? state.seconds : device ? null : await blockedFor(ctx, [userKey, ipKey]);
  if (retryAfter !== null) {
    await recordAudit(ctx, {
      actor: null,
      username,
      action: 'session.login',
      category: 'auth',
      outcome: 'failure',
      detail: { reason: state?.kind === 'locked' ? 'device-locked' : 'throttled' },
    });
    throw throttled(retryAfter, 'failed logins');
  }

  // argon2 runs before any transaction (slow work inside one would stall every request).
  const ok =
    user && user.active === 1
      ? await verifyPassword(user.password_hash, input.password)
      : await verifyDummyPassword(input.password);

  if (!user || user.active !== 1 || !ok) {
    await ctx.db.transaction().execute(async (trx) => {
      // A trusted device's failures count against that device only: never against the account or
      // the address, which the real user's own browser must stay clear of.
      const deviceLocked = device ? await recordDeviceFailure(trx, ctx, device) : false;
      if (!device) {
        await recordFailure(trx, ctx, userKey, ACCOUNT_POLICY);
        await recordFailure(trx, ctx, ipKey, ADDRESS_POLICY);
      }
      await appendAudit(trx, ctx, {
        actor: null,
        username,
        action: 'session.login',
        category: 'auth',
        outcome: 'failure',
        entity: user ? 'user' : null,
        entityId: user?.id ?? null,
        detail: {
          reason: !user ? 'unknown-user' : user.active !== 1 ? 'inactive' : 'wrong-password',
          ...(device ? { device: deviceLocked ? 'locked' : 'trusted' } : {}),
        },
      });
    });
    throw new UnauthenticatedError(WRONG_CREDENTIALS, 'invalid_credentials');
  }

  const secondFactor = user.mfa_enabled === 1 && user.mfa_secret !== null;
  const mustEnrol = !secondFactor && user.role === 'admin' && ctx.config.requireAdminMfa;
  const token = newToken();
  const csrfToken = newToken();
  const now = ctx.clock.now().toISOString();
  const actor = { id: user.id, username: user.username, role: user.role };
  await unitOfWork(
    ctx,
    actor,
    {
      action: 'session.login',
      category: 'auth',
      entity: 'user',
      entityId: user.id,
      detail: secondFactor ? { secondFactor: 'pending' } : mustEnrol ? { mfaEnrolment: 'required' } : null,
    },
    async (trx) => {
      if (meta.previousToken) await revokeSession(trx, sessionIdOf(meta.previousToken), now);
      // A trusted device's success leaves the account's counter alone: clearing it would reset the
      // backoff of whoever is guessing elsewhere.
      if (device) await clearDeviceFailures(trx, device);
      else await clearFailures(trx, userKey);
      await insertSession(trx, {
        id: sessionIdOf(token),
        userId: user.id,
        csrfToken,
        now,
        mfaPending: secondFactor,
        mfaEnrol: mustEnrol,
      });
    },
  );
  if (secondFactor) return { kind: 'mfa', token };
  return {
    kind: 'session',
    token,
    csrfToken,
    mfaEnrolmentRequired: mustEnrol,
    user: { id: user.id, username: user.username, name: user.name, role: user.role },
  };
}

/**
 * The second step of a login with MFA: a TOTP code (or a one-time recovery code) turns the pending
 * session into a full one — under a NEW token and CSRF token; the pending one is revoked.
 */
export async function completeSecondFactor(
  ctx: AppContext,
  auth: AuthState,
  code: string,
): Promise<Extract<LoginResult, { kind: 'session' }>> {
  if (!auth.mfaPending) {
    throw new ConflictError('This session is already logged in.', undefined, 'not_pending');
  }
  const actor = { id: auth.user.id, username: auth.user.username, role: auth.user.role };
  const key = secondFactorKey(auth.user.id);
  const retryAfter = await blockedFor(ctx, [key]);
  if (retryAfter !== null) {
    await recordAudit(ctx, {
      actor,
      action: 'session.mfa',
      category: 'auth',
      outcome: 'failure',
      entity: 'user',
      entityId: auth.user.id,
      detail: { reason: 'throttled' },
    });
    throw throttled(retryAfter, 'wrong codes');
  }

  const user = await findUserById(ctx.db, auth.user.id);
  if (!user || user.active !== 1 || user.mfa_enabled !== 1 || !user.mfa_secret) {
    throw new UnauthenticatedError('Please log in again.');
  }
  const nowDate = ctx.clock.now();
  const storedCodes = fromJson<string[]>(user.recovery_codes, []);
  let step: number | null = null;
  let remainingCodes: string[] | null = null;
  if (looksLikeTotp(code)) {
    step = await verifyTotp(openSecret(ctx.config.keys, user)!, code, nowDate, user.mfa_last_step);
  } else remainingCodes = useRecoveryCode(storedCodes, code);

  const failed = async (reason: string) => {
    await ctx.db.transaction().execute(async (trx) => {
      await recordFailure(trx, ctx, key, ACCOUNT_POLICY);
      await appendAudit(trx, ctx, {
        actor,
        action: 'session.mfa',
        category: 'auth',
        outcome: 'failure',
        entity: 'user',
        entityId: user.id,
        detail: { reason },
      });
    });
    return new UnauthenticatedError(
      'That code is not right. Enter the current 6-digit code from your authenticator app, or a recovery code.',
      'invalid_code',
    );
  };
  if (step === null && remainingCodes === null) throw await failed('wrong-code');

  const token = newToken();
  const csrfToken = newToken();
  const now = nowDate.toISOString();
  const method = step !== null ? 'totp' : 'recovery-code';
  const accepted = await unitOfWork(
    ctx,
    actor,
    {
      action: 'session.mfa',
      category: 'auth',
      entity: 'user',
      entityId: user.id,
      detail: remainingCodes ? { method, recoveryCodesLeft: remainingCodes.length } : { method },
    },
    async (trx) => {
      // Compare-and-set: two requests racing with the same code cannot both succeed.
      const stored =
        step !== null
          ? await setMfaLastStep(trx, user.id, step, user.mfa_last_step)
          : await setRecoveryCodes(trx, user.id, remainingCodes!, user.recovery_codes);
      if (!stored) return false;
      await revokeSession(trx, auth.sessionId, now);
      await clearFailures(trx, key);
      await insertSession(trx, {
        id: sessionIdOf(token),
        userId: user.id,
        csrfToken,
        now,
        mfaPending: false,
      });
      return true;
    },
  );
  if (!accepted) throw await failed('code-already-used');
  return {
    kind: 'session',
    token,
    csrfToken,
    mfaEnrolmentRequired: false,
    user: { id: user.id, username: user.username, name: user.name, role: user.role },
  };
}

/**
 * The live session for a cookie token, or null. Ends sessions past the idle (30 min) or absolute
 * (12 h) limit — and pending second-factor sessions after 5 minutes — and refreshes `last_seen_at`
 * at most once a minute (a write per request would halve read throughput).
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
  const reason =
    age > absoluteTimeoutMs
      ? 'absolute'
      : idle > idleTimeoutMs
        ? 'idle'
        : row.mfa_pending === 1 && age > PENDING_MFA_MS
          ? 'second-factor-timeout'
          : null;
  if (reason) {
    const actor = { id: row.user_id, username: row.username, role: row.role };
    await unitOfWork(
      ctx,
      actor,
      {
        action: 'session.expire',
        category: 'auth',
        entity: 'user',
        entityId: row.user_id,
        detail: { reason },
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
    mfaEnrol: row.mfa_enrol === 1,
    createdAt: row.created_at,
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

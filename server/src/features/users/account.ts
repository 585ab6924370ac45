import type {
  AccountInfo,
  AuditAction,
  CodeInput,
  Enrolment,
  PasswordChangeInput,
  PasswordConfirmInput,
  RecoveryCodes,
  RevokedSessions,
} from '@rls/shared';
import type { AppContext } from '../../context';
import { fromJson } from '../../db/dialect';
import type { UserRow } from '../../db/schema';
import { unitOfWork, type Actor } from '../../db/unit-of-work';
import { ConflictError, ForbiddenError, UnauthenticatedError, ValidationError } from '../../http/errors';
import type { AuthState } from '../../http/types';
import { appendAudit } from '../../db/audit-log';
import { clearEnrolment, revokeOtherSessions } from '../session/repo';
import {
  ACCOUNT_POLICY,
  assertNotBlocked,
  clearFailures,
  reauthKey,
  recordFailure,
  secondFactorKey,
} from '../session/throttle';
import { enrolmentFor, newRecoveryCodes, newTotpSecret, verifyTotp } from './mfa';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { openSecret, sealSecret } from './secrets';
import {
  disableMfa,
  enableMfa,
  findUserById,
  setMfaLastStep,
  setPendingMfaSecret,
  setRecoveryCodes,
  setUserPassword,
} from './repo';

/**
 * What a logged-in user does to their own account: change the password, enrol / disable the TOTP
 * second factor, renew recovery codes (issue 9). Every change is audited in its own transaction.
 */

function actorOfAuth(auth: AuthState): Actor {
  return { id: auth.user.id, username: auth.user.username, role: auth.user.role };
}

async function currentUser(ctx: AppContext, auth: AuthState): Promise<UserRow> {
  const user = await findUserById(ctx.db, auth.user.id);
  if (!user || user.active !== 1) throw new UnauthenticatedError();
  return user;
}

function mfaRequired(ctx: AppContext, user: UserRow): boolean {
  return user.role === 'admin' && ctx.config.requireAdminMfa;
}

export async function accountInfo(ctx: AppContext, auth: AuthState): Promise<AccountInfo> {
  const user = await currentUser(ctx, auth);
  return {
    user: auth.user,
    mfaEnabled: user.mfa_enabled === 1,
    mfaRequired: mfaRequired(ctx, user),
    recoveryCodesLeft: user.mfa_enabled === 1 ? fromJson<string[]>(user.recovery_codes, []).length : 0,
    passwordChangedAt: user.password_changed_at,
  };
}

/**
 * Re-checks the user's password, throttled like a login but on a counter of its own (`reauthKey`): only
 * someone inside this user's session can fail it, so an attacker's failed logins never block the user
 * from changing a password (docs/decisions/017-security-hardening.md). A wrong password is a 422 on
 * `field`, not a 401 — the session is fine.
 */
async function confirmPassword(
  ctx: AppContext,
  user: UserRow,
  password: string,
  action: AuditAction,
  field: string,
): Promise<void> {
  const key = reauthKey(user.id);
  await assertNotBlocked(ctx, [key], 'wrong passwords');
  if (await verifyPassword(user.password_hash, password)) return;
  await ctx.db.transaction().execute(async (trx) => {
    await recordFailure(trx, ctx, key, ACCOUNT_POLICY);
    await appendAudit(trx, ctx, {
      actor: { id: user.id, username: user.username, role: user.role },
      action,
      category: 'auth',
      outcome: 'failure',
      entity: 'user',
      entityId: user.id,
      detail: { reason: 'wrong-password' },
    });
  });
  throw new ValidationError([{ code: field, reason: 'is not your current password' }]);
}

/**
 * POST /api/account/password: needs the current password; the new one follows the password rules.
 * Every OTHER session of the user ends (this one stays, so the user keeps working).
 */
export async function changeOwnPassword(
  ctx: AppContext,
  auth: AuthState,
  { currentPassword, newPassword }: PasswordChangeInput,
): Promise<RevokedSessions> {
  const user = await currentUser(ctx, auth);
  const problem = passwordProblem(newPassword, user.username);
  if (problem) throw new ValidationError([{ code: 'newPassword', reason: problem }]);
  if (newPassword === currentPassword) {
    throw new ValidationError([{ code: 'newPassword', reason: 'must differ from the current password' }]);
  }
  await confirmPassword(ctx, user, currentPassword, 'account.password-change', 'currentPassword');
  const passwordHash = await hashPassword(newPassword);
  return unitOfWork(
    ctx,
    actorOfAuth(auth),
    (r: { revokedSessions: number }) => ({
      action: 'account.password-change',
      category: 'auth',
      entity: 'user',
      entityId: user.id,
      detail: { revokedSessions: r.revokedSessions },
    }),
    async (trx) => {
      const now = ctx.clock.now().toISOString();
      await setUserPassword(trx, user.id, passwordHash, now);
      await clearFailures(trx, reauthKey(user.id));
      return { revokedSessions: await revokeOtherSessions(trx, user.id, auth.sessionId, now) };
    },
  );
}

/** POST /api/account/mfa/setup: a new secret (QR code + text) to scan; enabled once a code is confirmed. */
export async function startMfaEnrolment(ctx: AppContext, auth: AuthState): Promise<Enrolment> {
  const user = await currentUser(ctx, auth);
  if (user.mfa_enabled === 1) {
    throw new ConflictError('Two-factor authentication is already on.', undefined, 'mfa_enabled');
  }
  const secret = newTotpSecret();
  const sealed = sealSecret(ctx.config.keys, user.id, secret); // stored encrypted, never in clear
  await unitOfWork(
    ctx,
    actorOfAuth(auth),
    { action: 'account.mfa-setup', category: 'auth', entity: 'user', entityId: user.id },
    (trx) => setPendingMfaSecret(trx, user.id, sealed, ctx.clock.now().toISOString()),
  );
  return enrolmentFor(secret, user.username);
}

/** A TOTP code for `user` (throttled per user); the accepted time step, or a 422 on `code`. */
async function checkCode(ctx: AppContext, user: UserRow, code: string, action: AuditAction): Promise<number> {
  const key = secondFactorKey(user.id);
  await assertNotBlocked(ctx, [key], 'wrong codes');
  const secret = openSecret(ctx.config.keys, user);
  const step = secret
    ? await verifyTotp(secret, code, ctx.clock.now(), user.mfa_enabled === 1 ? user.mfa_last_step : null)
    : null;
  if (step !== null) return step;
  await ctx.db.transaction().execute(async (trx) => {
    await recordFailure(trx, ctx, key, ACCOUNT_POLICY);
    await appendAudit(trx, ctx, {
      actor: { id: user.id, username: user.username, role: user.role },
      action,
      category: 'auth',
      outcome: 'failure',
      entity: 'user',
      entityId: user.id,
      detail: { reason: 'wrong-code' },
    });
  });
  throw new ValidationError([
    { code: 'code', reason: 'is not right: enter the current 6-digit code from your authenticator app' },
  ]);
}

/**
 * POST /api/account/mfa/enable {code}: the first code from the app proves the enrolment; returns
 * the 10 recovery codes — shown once, stored only as hashes. Ends a required-enrolment state.
 */
export async function confirmMfaEnrolment(
  ctx: AppContext,
  auth: AuthState,
  { code }: CodeInput,
): Promise<RecoveryCodes> {
  const user = await currentUser(ctx, auth);
  if (user.mfa_enabled === 1) {
    throw new ConflictError('Two-factor authentication is already on.', undefined, 'mfa_enabled');
  }
  if (!user.mfa_secret) {
    throw new ConflictError('Start the setup first (scan a new QR code).', undefined, 'mfa_not_started');
  }
  const step = await checkCode(ctx, user, code, 'account.mfa-enable');
  const { codes, hashes } = newRecoveryCodes();
  await unitOfWork(
    ctx,
    actorOfAuth(auth),
    { action: 'account.mfa-enable', category: 'auth', entity: 'user', entityId: user.id },
    async (trx) => {
      await enableMfa(trx, user.id, step, hashes, ctx.clock.now().toISOString());
      await clearEnrolment(trx, user.id);
      await clearFailures(trx, secondFactorKey(user.id));
    },
  );
  return { recoveryCodes: codes };
}

/** POST /api/account/mfa/recovery-codes {code}: 10 new recovery codes; the old ones stop working. */
export async function renewRecoveryCodes(
  ctx: AppContext,
  auth: AuthState,
  { code }: CodeInput,
): Promise<RecoveryCodes> {
  const user = await currentUser(ctx, auth);
  if (user.mfa_enabled !== 1) {
    throw new ConflictError('Two-factor authentication is off.', undefined, 'mfa_not_enabled');
  }
  const step = await checkCode(ctx, user, code, 'account.recovery-codes');
  const { codes, hashes } = newRecoveryCodes();
  const ok = await unitOfWork(
    ctx,
    actorOfAuth(auth),
    { action: 'account.recovery-codes', category: 'auth', entity: 'user', entityId: user.id },
    async (trx) =>
      (await setMfaLastStep(trx, user.id, step, user.mfa_last_step)) &&
      (await setRecoveryCodes(trx, user.id, hashes, user.recovery_codes)),
  );
  if (!ok) throw new ValidationError([{ code: 'code', reason: 'was already used; wait for the next one' }]);
  return { recoveryCodes: codes };
}

/** DELETE /api/account/mfa {password}: turns the second factor off (refused where the clinic requires it). */
export async function disableOwnMfa(
  ctx: AppContext,
  auth: AuthState,
  { password }: PasswordConfirmInput,
): Promise<void> {
  const user = await currentUser(ctx, auth);
  if (mfaRequired(ctx, user)) {
    throw new ForbiddenError(
      'Administrators must use two-factor authentication here; it cannot be turned off.',
      'mfa_required_by_policy',
    );
  }
  if (user.mfa_enabled !== 1 && user.mfa_secret === null) {
    throw new ConflictError('Two-factor authentication is off.', undefined, 'mfa_not_enabled');
  }
  await confirmPassword(ctx, user, password, 'account.mfa-disable', 'password');
  await unitOfWork(
    ctx,
    actorOfAuth(auth),
    { action: 'account.mfa-disable', category: 'auth', entity: 'user', entityId: user.id },
    (trx) => disableMfa(trx, user.id, ctx.clock.now().toISOString()),
  );
}

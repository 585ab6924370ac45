import { randomUUID } from 'node:crypto';
import {
  newUserSchema,
  type NewUser,
  type PasswordResetInput,
  type RevokedSessions,
  type UserPatch,
  type UserSummary,
} from '@rls/shared';
import type { AppContext } from '../../context';
import { isUniqueViolation } from '../../db/dialect';
import type { Role, UserRow } from '../../db/schema';
import { unitOfWork, type Actor } from '../../db/unit-of-work';
import { ConflictError, NotFoundError, ValidationError } from '../../http/errors';
import { revokeUserSessions } from '../session/repo';
import { hashPassword, passwordProblem } from './passwords';
import {
  disableMfa,
  findUserById,
  findUserByUsername,
  findUserListRow,
  insertUser,
  listUsers,
  setUserActive,
  setUserName,
  setUserPassword,
  setUserRole,
  type UserListRow,
} from './repo';

/**
 * `POST /api/users`: the shared contract plus the password policy, so one 422 names every bad
 * field, the password included.
 */
export const newUserRequestSchema = newUserSchema.superRefine((v, c) => {
  const problem = passwordProblem(v.password, v.username);
  if (problem) c.addIssue({ code: 'custom', path: ['password'], message: problem });
});

function toSummary(row: UserListRow): UserSummary {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    role: row.role,
    active: row.active === 1,
    mfaEnabled: row.mfa_enabled === 1,
    createdAt: row.created_at,
    passwordChangedAt: row.password_changed_at,
    lastLoginAt: row.last_login_at ?? null,
  };
}

function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new ValidationError([{ code: 'password', reason: problem }]);
}

/**
 * Creates an active user. `actor` is null for the command line. `passwordPolicy: false` is for test
 * fixtures only (memorable passwords such as "<username> password 1"); every real path keeps it.
 */
export async function createUser(
  ctx: AppContext,
  actor: Actor | null,
  data: NewUser,
  opts: { passwordPolicy?: boolean } = {},
): Promise<UserSummary> {
  if (opts.passwordPolicy !== false) checkPassword(data.password, data.username);
  const passwordHash = await hashPassword(data.password); // outside the transaction
  const now = ctx.clock.now().toISOString();
  const id = randomUUID();
  const exists = () =>
    new ConflictError(
      `The username "${data.username}" is taken.`,
      { field: 'username' },
      'duplicate_username',
    );
  try {
    await unitOfWork(
      ctx,
      actor,
      {
        action: 'user.create',
        category: 'admin',
        entity: 'user',
        entityId: id,
        detail: { username: data.username, role: data.role },
      },
      async (trx) => {
        if (await findUserByUsername(trx, data.username)) throw exists();
        await insertUser(trx, {
          id,
          username: data.username,
          name: data.name,
          role: data.role,
          password_hash: passwordHash,
          active: 1,
          mfa_secret: null,
          mfa_enabled: 0,
          recovery_codes: null,
          created_at: now,
          updated_at: now,
          password_changed_at: now,
        });
      },
    );
  } catch (err) {
    if (isUniqueViolation(err, 'username')) throw exists();
    throw err;
  }
  return {
    id,
    username: data.username,
    name: data.name,
    role: data.role,
    active: true,
    mfaEnabled: false,
    createdAt: now,
    passwordChangedAt: now,
    lastLoginAt: null,
  };
}

async function requireUser(ctx: AppContext, username: string): Promise<UserRow> {
  const user = await findUserByUsername(ctx.db, username.trim().toLowerCase());
  if (!user) throw new NotFoundError(`No user "${username}".`, 'unknown_user');
  return user;
}

async function requireUserId(ctx: AppContext, id: string): Promise<UserRow> {
  const user = await findUserById(ctx.db, id);
  if (!user) throw new NotFoundError('No such user.', 'unknown_user');
  return user;
}

export async function getUser(ctx: AppContext, id: string): Promise<UserSummary> {
  const row = await findUserListRow(ctx.db, id);
  if (!row) throw new NotFoundError('No such user.', 'unknown_user');
  return toSummary(row);
}

/**
 * Over HTTP an administrator may not change their own role or disable themselves. That also keeps
 * the clinic from losing its last active administrator: whoever makes the change stays one. (The
 * command line, the recovery path, may do anything.)
 */
function guardAdminChange(
  actor: Actor | null,
  user: UserRow,
  change: { role?: Role; active?: boolean },
): void {
  if (!actor || actor.id !== user.id) return;
  const demotes = change.role !== undefined && change.role !== user.role;
  const disables = change.active === false && user.active === 1;
  if (demotes || disables) {
    throw new ConflictError(
      'You cannot change your own role or disable your own account. Ask another administrator.',
      undefined,
      'self_change',
    );
  }
}

async function applyActive(ctx: AppContext, actor: Actor | null, user: UserRow, active: boolean) {
  return unitOfWork(
    ctx,
    actor,
    (r: { revokedSessions: number }) => ({
      action: active ? 'user.enable' : 'user.disable',
      category: 'admin',
      entity: 'user',
      entityId: user.id,
      detail: { username: user.username, revokedSessions: r.revokedSessions },
    }),
    async (trx) => {
      const now = ctx.clock.now().toISOString();
      await setUserActive(trx, user.id, active, now);
      return { revokedSessions: active ? 0 : await revokeUserSessions(trx, user.id, now) };
    },
  );
}

/** Disables (or re-enables) a user by username (command line); disabling ends every session of theirs. */
export async function setActive(
  ctx: AppContext,
  actor: Actor | null,
  username: string,
  active: boolean,
): Promise<{ revokedSessions: number }> {
  const user = await requireUser(ctx, username);
  guardAdminChange(actor, user, { active });
  return applyActive(ctx, actor, user, active);
}

/**
 * PATCH /api/users/:id: name, role (a privilege change: audited with before/after, and the user's
 * sessions end so the new role starts with a fresh login) and active (disabling ends every session).
 */
export async function updateUser(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  patch: UserPatch,
): Promise<UserSummary> {
  const user = await requireUserId(ctx, id);
  guardAdminChange(actor, user, patch);
  const now = () => ctx.clock.now().toISOString();

  if (patch.name !== undefined && patch.name !== user.name) {
    await unitOfWork(
      ctx,
      actor,
      {
        action: 'user.update',
        category: 'admin',
        entity: 'user',
        entityId: user.id,
        detail: { username: user.username, fields: ['name'] },
      },
      (trx) => setUserName(trx, user.id, patch.name!, now()),
    );
  }
  if (patch.role !== undefined && patch.role !== user.role) {
    const role = patch.role;
    await unitOfWork(
      ctx,
      actor,
      (r: number) => ({
        action: 'user.role-change',
        category: 'admin',
        entity: 'user',
        entityId: user.id,
        detail: { username: user.username, from: user.role, to: role, revokedSessions: r },
      }),
      async (trx) => {
        await setUserRole(trx, user.id, role, now());
        return revokeUserSessions(trx, user.id, now());
      },
    );
  }
  if (patch.active !== undefined && patch.active !== (user.active === 1)) {
    await applyActive(ctx, actor, user, patch.active);
  }
  return getUser(ctx, user.id);
}

async function applyPassword(ctx: AppContext, actor: Actor | null, user: UserRow, password: string) {
  checkPassword(password, user.username);
  const passwordHash = await hashPassword(password);
  return unitOfWork(
    ctx,
    actor,
    (r: { revokedSessions: number }) => ({
      action: 'user.reset-password',
      category: 'admin',
      entity: 'user',
      entityId: user.id,
      detail: { username: user.username, revokedSessions: r.revokedSessions },
    }),
    async (trx) => {
      const now = ctx.clock.now().toISOString();
      await setUserPassword(trx, user.id, passwordHash, now);
      return { revokedSessions: await revokeUserSessions(trx, user.id, now) };
    },
  );
}

/** Sets a new password (command line, by username) and ends every session of the user. */
export async function resetPassword(
  ctx: AppContext,
  actor: Actor | null,
  username: string,
  password: string,
): Promise<{ revokedSessions: number }> {
  const user = await requireUser(ctx, username);
  return applyPassword(ctx, actor, user, password);
}

/** POST /api/users/:id/password: an administrator sets a new password; the user's sessions end. */
export async function resetPasswordById(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  { password }: PasswordResetInput,
): Promise<RevokedSessions> {
  const user = await requireUserId(ctx, id);
  return applyPassword(ctx, actor, user, password);
}

/** DELETE /api/users/:id/mfa: removes a user's second factor (a lost phone); their sessions end. */
export async function resetMfa(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
): Promise<{ revokedSessions: number }> {
  const user = await requireUserId(ctx, id);
  if (user.mfa_enabled !== 1 && user.mfa_secret === null) {
    throw new ConflictError('This user has no second factor.', undefined, 'mfa_not_enabled');
  }
  return unitOfWork(
    ctx,
    actor,
    (r: { revokedSessions: number }) => ({
      action: 'user.mfa-reset',
      category: 'admin',
      entity: 'user',
      entityId: user.id,
      detail: { username: user.username, revokedSessions: r.revokedSessions },
    }),
    async (trx) => {
      const now = ctx.clock.now().toISOString();
      await disableMfa(trx, user.id, now);
      return { revokedSessions: await revokeUserSessions(trx, user.id, now) };
    },
  );
}

export async function allUsers(ctx: AppContext): Promise<UserSummary[]> {
  return (await listUsers(ctx.db)).map(toSummary);
}

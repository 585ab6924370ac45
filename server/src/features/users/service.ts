import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { isUniqueViolation } from '../../db/dialect';
import type { Role } from '../../db/schema';
import { unitOfWork, type Actor } from '../../db/unit-of-work';
import { ConflictError, NotFoundError, ValidationError } from '../../http/errors';
import { revokeUserSessions } from '../session/repo';
import { hashPassword, passwordProblem } from './passwords';
import {
  findUserByUsername,
  insertUser,
  listUsers,
  setUserActive,
  setUserPassword,
  type UserListRow,
} from './repo';

export const ROLES = ['clinician', 'admin'] as const;

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, '2–64 characters: letters, digits, dot, dash or underscore');

export const newUserSchema = z.strictObject({
  username: usernameSchema,
  name: z.string().trim().min(1, 'must not be empty').max(200),
  role: z.enum(ROLES, { message: 'must be clinician or admin' }),
  password: z.string().superRefine((v, c) => {
    const problem = passwordProblem(v);
    if (problem) c.addIssue({ code: 'custom', message: problem });
  }),
});

export type NewUserInput = z.input<typeof newUserSchema>;

export interface UserSummary {
  id: string;
  username: string;
  name: string;
  role: Role;
  active: boolean;
  mfaEnabled: boolean;
  createdAt: string;
}

function toSummary(row: UserListRow): UserSummary {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    role: row.role,
    active: row.active === 1,
    mfaEnabled: row.mfa_enabled === 1,
    createdAt: row.created_at,
  };
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ValidationError(
      result.error.issues.map((i) => ({ code: i.path.join('.'), reason: i.message })),
    );
  }
  return result.data;
}

/** Creates an active user. `actor` is null for the command line. */
export async function createUser(
  ctx: AppContext,
  actor: Actor | null,
  input: NewUserInput,
): Promise<UserSummary> {
  const data = parse(newUserSchema, input);
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
  };
}

async function requireUser(ctx: AppContext, username: string) {
  const user = await findUserByUsername(ctx.db, username.trim().toLowerCase());
  if (!user) throw new NotFoundError(`No user "${username}".`, 'unknown_user');
  return user;
}

/** Disables (or re-enables) a user; disabling ends every session of theirs. */
export async function setActive(
  ctx: AppContext,
  actor: Actor | null,
  username: string,
  active: boolean,
): Promise<{ revokedSessions: number }> {
  const user = await requireUser(ctx, username);
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

/** Sets a new password and ends every session of the user. */
export async function resetPassword(
  ctx: AppContext,
  actor: Actor | null,
  username: string,
  password: string,
): Promise<{ revokedSessions: number }> {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError([{ code: 'password', reason: problem }]);
  const user = await requireUser(ctx, username);
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

export async function allUsers(ctx: AppContext): Promise<UserSummary[]> {
  return (await listUsers(ctx.db)).map(toSummary);
}

import type { Kysely } from 'kysely';
import type { Database, NewUser, Role, UserRow } from '../../db/schema';
import type { SealedSecret } from './secrets';

export function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUserById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Kysely<Database>, user: NewUser): Promise<void> {
  await db.insertInto('users').values(user).execute();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface UserListRow {
  id: string;
  username: string;
  name: string;
  role: Role;
  active: number;
  mfa_enabled: number;
  created_at: string;
  password_changed_at: string;
  last_login_at: string | null;
}

function userListQuery(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .select([
      'users.id',
      'users.username',
      'users.name',
      'users.role',
      'users.active',
      'users.mfa_enabled',
      'users.created_at',
      'users.password_changed_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('sessions')
        .select((s) => s.fn.max('sessions.created_at').as('m'))
        .whereRef('sessions.user_id', '=', 'users.id')
        .where('sessions.mfa_pending', '=', 0)
        .as('last_login_at'),
    );
}

export function listUsers(db: Kysely<Database>): Promise<UserListRow[]> {
  return userListQuery(db).orderBy('users.username').execute();
}

export function findUserListRow(db: Kysely<Database>, id: string): Promise<UserListRow | undefined> {
  return userListQuery(db).where('users.id', '=', id).executeTakeFirst();
}

export async function setUserActive(
  db: Kysely<Database>,
  id: string,
  active: boolean,
  now: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ active: active ? 1 : 0, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function setUserPassword(
  db: Kysely<Database>,
  id: string,
  passwordHash: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, password_changed_at: now, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function setUserRole(db: Kysely<Database>, id: string, role: Role, now: string): Promise<void> {
  await db.updateTable('users').set({ role, updated_at: now }).where('id', '=', id).execute();
}

export async function setUserName(
  db: Kysely<Database>,
  id: string,
  name: string,
  now: string,
): Promise<void> {
  await db.updateTable('users').set({ name, updated_at: now }).where('id', '=', id).execute();
}

/**
 * Records the TOTP time step just accepted — only if no later step was accepted meanwhile
 * (compare-and-set against `previous`). Returns whether it was stored.
 */
export async function setMfaLastStep(
  db: Kysely<Database>,
  id: string,
  step: number,
  previous: number | null,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ mfa_last_step: step })
    .where('id', '=', id)
    .where((eb) => (previous === null ? eb('mfa_last_step', 'is', null) : eb('mfa_last_step', '=', previous)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Replaces the hashed recovery codes if they are still `previous` (compare-and-set). */
export async function setRecoveryCodes(
  db: Kysely<Database>,
  id: string,
  hashes: readonly string[],
  previous: string | null,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ recovery_codes: JSON.stringify(hashes) })
    .where('id', '=', id)
    .where((eb) =>
      previous === null ? eb('recovery_codes', 'is', null) : eb('recovery_codes', '=', previous),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Stores a secret being enrolled (not yet enabled), encrypted (features/users/secrets.ts). */
export async function setPendingMfaSecret(
  db: Kysely<Database>,
  id: string,
  secret: SealedSecret,
  now: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      mfa_secret: secret.ciphertext,
      mfa_secret_key_id: secret.keyId,
      mfa_enabled: 0,
      mfa_last_step: null,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function enableMfa(
  db: Kysely<Database>,
  id: string,
  lastStep: number,
  recoveryHashes: readonly string[],
  now: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      mfa_enabled: 1,
      mfa_last_step: lastStep,
      recovery_codes: JSON.stringify(recoveryHashes),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function disableMfa(db: Kysely<Database>, id: string, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set({
      mfa_enabled: 0,
      mfa_secret: null,
      mfa_secret_key_id: null,
      mfa_last_step: null,
      recovery_codes: null,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

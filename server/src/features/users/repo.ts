import type { Kysely } from 'kysely';
import type { Database, NewUser, Role, UserRow } from '../../db/schema';

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
}

export function listUsers(db: Kysely<Database>): Promise<UserListRow[]> {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'name', 'role', 'active', 'mfa_enabled', 'created_at'])
    .orderBy('username')
    .execute();
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

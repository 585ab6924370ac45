import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema';

export interface SessionWithUser {
  id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  mfa_pending: number;
  mfa_enrol: number;
  user_id: string;
  username: string;
  name: string;
  role: Role;
  active: number;
}

export function findSessionWithUser(db: Kysely<Database>, id: string): Promise<SessionWithUser | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.csrf_token',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.revoked_at',
      'sessions.mfa_pending',
      'sessions.mfa_enrol',
      'users.id as user_id',
      'users.username',
      'users.name',
      'users.role',
      'users.active',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
}

export async function insertSession(
  db: Kysely<Database>,
  row: {
    id: string;
    userId: string;
    csrfToken: string;
    now: string;
    mfaPending: boolean;
    mfaEnrol?: boolean;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: row.id,
      user_id: row.userId,
      csrf_token: row.csrfToken,
      created_at: row.now,
      last_seen_at: row.now,
      revoked_at: null,
      mfa_pending: row.mfaPending ? 1 : 0,
      mfa_enrol: row.mfaEnrol ? 1 : 0,
    })
    .execute();
}

export async function touchSession(db: Kysely<Database>, id: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

/** Revokes one session; returns whether a live session was revoked. */
export async function revokeSession(db: Kysely<Database>, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Revokes every live session of a user; returns how many. */
export async function revokeUserSessions(db: Kysely<Database>, userId: string, now: string): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Revokes every live session of a user but one (a password change keeps the session that made it). */
export async function revokeOtherSessions(
  db: Kysely<Database>,
  userId: string,
  keepId: string,
  now: string,
): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('id', '!=', keepId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The user has enrolled a second factor: their sessions leave the enrol-first state. */
export async function clearEnrolment(db: Kysely<Database>, userId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ mfa_enrol: 0 })
    .where('user_id', '=', userId)
    .where('mfa_enrol', '=', 1)
    .execute();
}

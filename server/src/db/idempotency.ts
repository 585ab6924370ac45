import { AsyncLocalStorage } from 'node:async_hooks';
import type { ControlledTransaction, Kysely, Transaction } from 'kysely';
import { committedDurably } from './connection';
import { isUniqueViolation } from './dialect';
import type { Database } from './schema';

/**
 * The database half of idempotent creates (docs/reliability.md, "Idempotent creates"): the key row is
 * written in the same transaction as what the request creates, with the response it answers.
 *
 * A request sent with an Idempotency-Key runs inside a scope (`runWithIdempotencyKey`, set up by the
 * http/idempotency.ts middleware). Its one unit of work (`unitOfWork` asks `idempotencyScope()`) then:
 *
 * 1. opens a transaction and first inserts the key row — a concurrent request with the same key
 *    waits there (PostgreSQL: the primary key's lock; SQLite: the single writer) and, once the first
 *    commits, fails on the primary key and answers the first result instead;
 * 2. does the work and its audit entry, as any unit of work;
 * 3. leaves the transaction open until the route answers: the response (status, headers, JSON body)
 *    is written into the key row and only then is everything committed, so a crash can never leave
 *    a create without its key row, nor a key row without its response.
 *
 * Between the work and the response the route must not touch `ctx.db` (SQLite is one connection
 * held by the open transaction): it only shapes the response, as every create route does.
 */

export interface IdempotencyClaim {
  userId: string;
  key: string;
  /** SHA-256 hex of method, path and canonical JSON body. */
  fingerprint: string;
  /** ISO UTC, from the injected clock. */
  createdAt: string;
}

export interface StoredResponse {
  fingerprint: string;
  status: number;
  headers: Record<string, string>;
  /** The JSON body exactly as sent. */
  body: string;
  createdAt: string;
}

/** The key was claimed by another request that committed first (or is still committing). */
export class IdempotencyKeyTakenError extends Error {
  constructor() {
    super('Idempotency-Key claimed by a concurrent request');
    this.name = 'IdempotencyKeyTakenError';
  }
}

export class IdempotencyScope {
  #pending: ControlledTransaction<Database> | null = null;
  #db: Kysely<Database> | null = null;

  constructor(readonly claim: IdempotencyClaim) {}

  /** True while a unit of work has run and its transaction waits for the response. */
  get pending(): boolean {
    return this.#pending !== null;
  }

  /** Runs the request's unit of work in a transaction that stays open until `commit` or `rollback`. */
  async execute<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    // A second unit of work would wait for the connection the first one holds (SQLite): refuse it.
    if (this.#pending) throw new Error('An idempotent request runs at most one unit of work.');
    const trx = await db.startTransaction().execute();
    try {
      try {
        await trx
          .insertInto('idempotency_keys')
          .values({
            user_id: this.claim.userId,
            key: this.claim.key,
            fingerprint: this.claim.fingerprint,
            response_status: null,
            response_headers: null,
            response_body: null,
            created_at: this.claim.createdAt,
          })
          .execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw new IdempotencyKeyTakenError();
        throw err;
      }
      const result = await work(trx);
      this.#pending = trx;
      this.#db = db;
      return result;
    } catch (err) {
      await trx.rollback().execute();
      throw err;
    }
  }

  /** Stores the response in the key row and commits the whole unit of work, durably. */
  async commit(response: Omit<StoredResponse, 'fingerprint' | 'createdAt'>): Promise<void> {
    const trx = this.#pending;
    if (!trx) return;
    this.#pending = null;
    try {
      await trx
        .updateTable('idempotency_keys')
        .set({
          response_status: response.status,
          response_headers: JSON.stringify(response.headers),
          response_body: response.body,
        })
        .where('user_id', '=', this.claim.userId)
        .where('key', '=', this.claim.key)
        .execute();
      await trx.commit().execute();
      if (this.#db) await committedDurably(this.#db);
    } catch (err) {
      if (!trx.isCommitted && !trx.isRolledBack)
        await trx
          .rollback()
          .execute()
          .catch(() => {});
      throw err;
    }
  }

  /** Undoes the unit of work (the request answered an error, or ended without answering). */
  async rollback(): Promise<void> {
    const trx = this.#pending;
    if (!trx) return;
    this.#pending = null;
    await trx.rollback().execute();
  }
}

const scopes = new AsyncLocalStorage<IdempotencyScope>();

/** Runs `fn` (the rest of the request) with `scope` as the idempotency scope of its unit of work. */
export function runWithIdempotencyKey<T>(scope: IdempotencyScope, fn: () => T): T {
  return scopes.run(scope, fn);
}

/** The idempotency scope of the current request, if it carries a key. */
export function idempotencyScope(): IdempotencyScope | undefined {
  return scopes.getStore();
}

/** The stored response of (user, key), whatever its age (the caller compares `createdAt`). */
export async function findStoredResponse(
  db: Kysely<Database>,
  userId: string,
  key: string,
): Promise<StoredResponse | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['fingerprint', 'response_status', 'response_headers', 'response_body', 'created_at'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row || row.response_status === null) return undefined;
  return {
    fingerprint: row.fingerprint,
    status: Number(row.response_status),
    headers: JSON.parse(row.response_headers ?? '{}') as Record<string, string>,
    body: row.response_body ?? '',
    createdAt: row.created_at,
  };
}

/** Deletes the keys created before `cutoff` (all users, or one user's one key). Returns how many. */
export async function purgeExpiredKeys(
  db: Kysely<Database>,
  cutoff: string,
  only?: { userId: string; key: string },
): Promise<number> {
  let query = db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff);
  if (only) query = query.where('user_id', '=', only.userId).where('key', '=', only.key);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

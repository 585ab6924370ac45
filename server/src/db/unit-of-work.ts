import type { Transaction } from 'kysely';
import type { AppContext } from '../context';
import { appendAudit, type Actor, type AuditEntry, type AuditSpec } from './audit-log';
import { committedDurably } from './connection';
import { isTransientConflict } from './dialect';
import { idempotencyScope } from './idempotency';
import type { Database } from './schema';

export type { Actor, AuditSpec };

/**
 * Runs `fn` in one transaction and records its audit entry in that same transaction: either the
 * change and its audit row are both stored, or neither is.
 *
 * Inside `fn` use only `trx` — SQLite is one connection, so touching `ctx.db` there deadlocks.
 * Do slow work (argon2 hashing) before calling this, never inside. On PostgreSQL `fn` runs again
 * (three tries in all) when the transaction is rolled back for a deadlock or serialization failure.
 * It returns once the transaction is on disk (docs/reliability.md, "Durability").
 */
export async function unitOfWork<T>(
  ctx: AppContext,
  actor: Actor | null,
  audit: AuditSpec | ((result: T) => AuditSpec),
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  const work = async (trx: Transaction<Database>) => {
    const result = await fn(trx);
    const spec = typeof audit === 'function' ? audit(result) : audit;
    await appendAudit(trx, ctx, { ...spec, actor });
    return result;
  };
  // A request sent with an Idempotency-Key stores its key and response in this same transaction
  // (committed, durably, when the response is known: db/idempotency.ts).
  const idempotent = idempotencyScope();
  for (let attempt = 1; ; attempt++) {
    try {
      if (idempotent) return await idempotent.execute(ctx.db, work);
      const result = await ctx.db.transaction().execute(work);
      await committedDurably(ctx.db); // on disk before anyone is told it is saved (docs/reliability.md)
      return result;
    } catch (err) {
      // A deadlock victim was rolled back whole: `fn` re-reads what it needs, so it runs again.
      if (attempt >= MAX_ATTEMPTS || !isTransientConflict(err)) throw err;
      ctx.logger.warn({ attempt, code: (err as { code?: string }).code }, 'transaction retried');
    }
  }
}

/** Tries of a unit of work that PostgreSQL rolls back for a deadlock or serialization failure. */
const MAX_ATTEMPTS = 3;

/**
 * Records an audit entry on its own, outside any unit of work — for events that change nothing
 * else, such as a failed login or a refused request.
 */
export async function recordAudit(ctx: AppContext, entry: AuditEntry): Promise<void> {
  await ctx.db.transaction().execute((trx) => appendAudit(trx, ctx, entry));
  await committedDurably(ctx.db);
}

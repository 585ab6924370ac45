import type { Transaction } from 'kysely';
import type { AppContext } from '../context';
import { appendAudit, type Actor, type AuditEntry, type AuditSpec } from './audit-log';
import type { Database } from './schema';

export type { Actor, AuditSpec };

/**
 * Runs `fn` in one transaction and records its audit entry in that same transaction: either the
 * change and its audit row are both stored, or neither is.
 *
 * Inside `fn` use only `trx` — SQLite is one connection, so touching `ctx.db` there deadlocks.
 * Do slow work (argon2 hashing) before calling this, never inside.
 */
export async function unitOfWork<T>(
  ctx: AppContext,
  actor: Actor | null,
  audit: AuditSpec | ((result: T) => AuditSpec),
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return ctx.db.transaction().execute(async (trx) => {
    const result = await fn(trx);
    const spec = typeof audit === 'function' ? audit(result) : audit;
    await appendAudit(trx, ctx, { ...spec, actor });
    return result;
  });
}

/**
 * Records an audit entry on its own, outside any unit of work — for events that change nothing
 * else, such as a failed login or a refused request.
 */
export async function recordAudit(ctx: AppContext, entry: AuditEntry): Promise<void> {
  await ctx.db.transaction().execute((trx) => appendAudit(trx, ctx, entry));
}

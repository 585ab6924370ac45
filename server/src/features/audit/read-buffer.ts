import type { AppContext } from '../../context';
import { appendAuditBatch, type Actor, type AuditSpec } from '../../db/audit-log';

/**
 * Audit of PHI reads, written in batches (docs/decisions/013-read-audit-batching.md).
 *
 * A durable SQLite commit per read would halve read throughput, so reads are queued in memory with
 * the time they happened and written together — one transaction, one chain-head lock — at most
 * FLUSH_INTERVAL_MS later, or as soon as FLUSH_SIZE are waiting. Changes are NOT buffered: they are
 * audited inside their own transaction (unitOfWork).
 *
 * What can be lost: reads of the last second if the process dies without a clean shutdown
 * (`flushReadAudit` runs at shutdown). A failed write keeps the entries and retries.
 */
const FLUSH_INTERVAL_MS = 1000;
const FLUSH_SIZE = 100;
/** Above this many waiting entries (the database is down for long), the oldest are dropped and logged. */
const MAX_WAITING = 50_000;

interface Buffer {
  entries: { actor: Actor; spec: AuditSpec; at: string }[];
  timer: ReturnType<typeof setTimeout> | null;
  flushing: Promise<void> | null;
  /** Failed writes in a row; retries stop after MAX_RETRIES until the next read or flush. */
  failures: number;
}

const MAX_RETRIES = 5;

const buffers = new WeakMap<AppContext, Buffer>();

function bufferOf(ctx: AppContext): Buffer {
  let buffer = buffers.get(ctx);
  if (!buffer) {
    buffer = { entries: [], timer: null, flushing: null, failures: 0 };
    buffers.set(ctx, buffer);
  }
  return buffer;
}

/**
 * Records that `actor` read PHI (e.g. `patient.read`, `evaluation.read`, `patients.list`). Returns at
 * once; the entry is written within about a second. `spec.patientId` names whose data was read.
 */
export function recordRead(ctx: AppContext, actor: Actor, spec: AuditSpec): void {
  const buffer = bufferOf(ctx);
  buffer.entries.push({ actor, spec, at: ctx.clock.now().toISOString() });
  if (buffer.entries.length > MAX_WAITING) {
    const dropped = buffer.entries.splice(0, buffer.entries.length - MAX_WAITING);
    ctx.logger.error({ dropped: dropped.length }, 'read audit buffer full: oldest entries dropped');
  }
  if (buffer.entries.length >= FLUSH_SIZE) {
    void flushReadAudit(ctx);
  } else if (!buffer.timer) {
    buffer.timer = setTimeout(() => {
      buffer.timer = null;
      void flushReadAudit(ctx);
    }, FLUSH_INTERVAL_MS);
    buffer.timer.unref();
  }
}

/**
 * Writes every waiting read entry now (before an audit report, at shutdown, in tests). Never throws:
 * a failure is logged and the entries stay queued for the next attempt.
 */
export async function flushReadAudit(ctx: AppContext): Promise<void> {
  const buffer = buffers.get(ctx);
  if (!buffer) return;
  // One flush at a time keeps the chain order equal to the order of the reads.
  while (buffer.flushing) await buffer.flushing;
  if (buffer.entries.length === 0) return;
  if (buffer.timer) {
    clearTimeout(buffer.timer);
    buffer.timer = null;
  }
  const batch = buffer.entries.splice(0, buffer.entries.length);
  buffer.flushing = (async () => {
    try {
      await ctx.db.transaction().execute((trx) =>
        appendAuditBatch(
          trx,
          ctx,
          batch.map((e) => ({ ...e.spec, actor: e.actor, at: e.at })),
        ),
      );
      buffer.failures = 0;
    } catch (err) {
      buffer.failures += 1;
      buffer.entries.unshift(...batch);
      ctx.logger.error(
        { err: { message: (err as Error).message }, waiting: buffer.entries.length },
        'writing the read audit failed; will retry',
      );
      if (!buffer.timer && buffer.failures < MAX_RETRIES) {
        buffer.timer = setTimeout(() => {
          buffer.timer = null;
          void flushReadAudit(ctx);
        }, FLUSH_INTERVAL_MS * 5);
        buffer.timer.unref();
      }
    } finally {
      buffer.flushing = null;
    }
  })();
  await buffer.flushing;
}

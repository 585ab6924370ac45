import type { AuditAction } from '@rls/shared';
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../context';
import { selectForUpdate } from './dialect';
import type { AuditOutcome, Database, NewAuditLog, Role } from './schema';
import { GENESIS_HASH, keyedChainHash, keyedScheme, type ChainedFields } from './audit-chain';

/** Who did something: a logged-in user, or null for the system (start-up seeding, CLI). */
export interface Actor {
  id: string;
  username: string;
  role: Role;
}

/** What happened. Never put PHI (names, MRNs, birth dates, answers) in `detail`. */
export interface AuditSpec {
  /** Dotted verb, one of `AUDIT_ACTIONS` (@rls/shared): `session.login`, `evaluation.update`… */
  action: AuditAction;
  /** Data category: auth, admin, patient, history, exam, labs, imaging, plan, audit… */
  category?: string | null;
  outcome?: AuditOutcome;
  patientId?: string | null;
  entity?: string | null;
  entityId?: string | null;
  beforeVersion?: number | null;
  afterVersion?: number | null;
  detail?: Record<string, unknown> | null;
}

export interface AuditEntry extends AuditSpec {
  actor: Actor | null;
  /** Recorded for failed logins where there is no actor yet (the name that was tried). */
  username?: string | null;
  /** When it happened (ISO UTC); default now. Buffered reads pass the time of the read. */
  at?: string;
}

type Fields = Omit<ChainedFields, 'seq' | 'outcome'> & { outcome: AuditOutcome };

function fieldsOf(ctx: AppContext, entry: AuditEntry): Fields {
  return {
    at: entry.at ?? ctx.clock.now().toISOString(),
    user_id: entry.actor?.id ?? null,
    username: entry.actor?.username ?? entry.username ?? null,
    role: entry.actor?.role ?? null,
    patient_id: entry.patientId ?? null,
    action: entry.action,
    category: entry.category ?? null,
    outcome: entry.outcome ?? 'success',
    entity: entry.entity ?? null,
    entity_id: entry.entityId ?? null,
    before_version: entry.beforeVersion ?? null,
    after_version: entry.afterVersion ?? null,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  };
}

/**
 * Appends entries to the hash chain (docs/decisions/012-audit-hash-chain.md). The chain head is
 * locked for the rest of the transaction, so writers from several app instances line up: each
 * record gets the next gapless `seq` and `hash = HMAC-SHA256(RLS_AUDIT_KEY, prev_hash + canonical JSON)`
 * (docs/decisions/017-security-hardening.md).
 * `db` must be an open transaction (the head stays locked until it commits).
 */
export async function appendAuditBatch(
  db: Kysely<Database>,
  ctx: AppContext,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const head = await selectForUpdate(ctx.dialect, headQuery(db), () =>
    db
      .updateTable('audit_head')
      .set({ seq: sql`seq` })
      .where('id', '=', 1)
      .execute(),
  );
  let seq = Number(head?.seq ?? 0);
  let prev = head?.hash ?? GENESIS_HASH;
  const { key, id: keyId } = ctx.config.keys.audit;
  const hashScheme = keyedScheme(keyId);
  const rows: NewAuditLog[] = [];
  for (const entry of entries) {
    seq += 1;
    const fields = fieldsOf(ctx, entry);
    const hash = keyedChainHash(key, prev, { ...fields, seq });
    rows.push({ ...fields, seq, prev_hash: prev, hash, hash_scheme: hashScheme });
    prev = hash;
  }
  // Chunks keep each statement well under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('audit_log')
      .values(rows.slice(i, i + 200))
      .execute();
  }
  if (head) {
    await db.updateTable('audit_head').set({ seq, hash: prev }).where('id', '=', 1).execute();
  } else {
    await db.insertInto('audit_head').values({ id: 1, seq, hash: prev }).execute();
  }
}

const headQuery = (db: Kysely<Database>) =>
  db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);

/**
 * The ONE place an audit row is written. `db` is the open transaction when called from a unit of
 * work (the change and its audit record commit together).
 */
export async function appendAudit(db: Kysely<Database>, ctx: AppContext, entry: AuditEntry): Promise<void> {
  await appendAuditBatch(db, ctx, [entry]);
}

import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { AuditOutcome, Database, Role } from '../../db/schema';

/** Who did something: a logged-in user, or null for the system (start-up seeding, CLI). */
export interface Actor {
  id: string;
  username: string;
  role: Role;
}

/** What happened. Never put PHI (names, MRNs, birth dates, answers) in `detail`. */
export interface AuditSpec {
  /** Dotted verb, e.g. `session.login`, `patient.create`, `evaluation.update`. */
  action: string;
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
}

/**
 * The ONE place audit rows are written (a later task hash-chains `prev_hash`/`hash` here).
 * `db` is the open transaction when called from a unit of work.
 */
export async function appendAudit(db: Kysely<Database>, ctx: AppContext, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: ctx.clock.now().toISOString(),
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
      prev_hash: null,
      hash: null,
    })
    .execute();
}

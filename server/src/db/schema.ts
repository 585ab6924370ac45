import type { Role, Sex } from '@rls/shared';
import type { Generated, Insertable, Selectable } from 'kysely';

export type { Role, Sex };

/**
 * Row types of every table (migration 001). Conventions (docs/architecture.md):
 * ids are text UUIDs, times ISO-8601 UTC text, dates YYYY-MM-DD text, booleans 0/1 integers,
 * JSON documents text (JSON.stringify on write, JSON.parse on read).
 */

export type EvaluationStatus = 'draft' | 'amending' | 'signed' | 'discarded';
export type AuditOutcome = 'success' | 'failure';
/** 0 = false, 1 = true. */
type Flag = 0 | 1;

interface UsersTable {
  id: string;
  username: string;
  name: string;
  role: Role;
  password_hash: string;
  active: Flag;
  /** The TOTP secret, AES-256-GCM encrypted (migration 007; features/users/secrets.ts). */
  mfa_secret: string | null;
  /** Id of the RLS_SECRET_KEY that encrypted `mfa_secret` (migration 007); null = not encrypted (legacy). */
  mfa_secret_key_id: string | null;
  mfa_enabled: Flag;
  /** JSON array of hashed one-time recovery codes. */
  recovery_codes: string | null;
  /** The last TOTP time step accepted (migration 002): a code is never accepted twice. */
  mfa_last_step: number | null;
  created_at: string;
  updated_at: string;
  password_changed_at: string;
}

interface SessionsTable {
  /** SHA-256 hex of the session token; the token itself is never stored. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  /** 1 while a second factor is still owed. */
  mfa_pending: Flag;
  /** 1 while the user must enrol a second factor before anything else (migration 002). */
  mfa_enrol: Generated<Flag>;
}

interface LoginThrottleTable {
  key: string;
  failures: number;
  window_start: string;
  blocked_until: string | null;
  /** Failures since the last success (migration 002), for exponential backoff. */
  consecutive: Generated<number>;
}

interface PatientsTable {
  id: string;
  mrn: string;
  name: string;
  birth_date: string;
  sex: Sex;
  /** lower(name || ' ' || mrn), matched with LIKE … ESCAPE. */
  search_text: string;
  created_at: string;
  updated_at: string;
  created_by: string;
  /** Optimistic concurrency of the demographics (migration 003). */
  version: Generated<number>;
  /**
   * Worklist summary of the open-or-latest evaluation (migration 003), denormalised so every
   * worklist filter and sort is one indexed query; written only by the evaluation service's
   * `syncWorklist`, in the same transaction as the evaluation change.
   */
  latest_evaluation_id: string | null;
  /** draft | amending | signed | none */
  worklist_status: Generated<string>;
  /** 0 draft, 1 amending, 2 signed, 3 none (the `status` sort). */
  worklist_status_rank: Generated<number>;
  worklist_stage: string | null;
  worklist_assignee_id: string | null;
  worklist_follow_up_date: string | null;
  /** The evaluation's last change, or the patient's own `updated_at` without one (always set by our writes). */
  worklist_updated_at: Generated<string>;
}

interface EvaluationsTable {
  id: string;
  patient_id: string;
  status: EvaluationStatus;
  workflow_version: number;
  version: number;
  assignee_id: string;
  current_stage: string;
  /** JSON object: item code → canonical value. */
  answers: string;
  /** JSON object: item code → what was entered when it differs ({value, unit}). */
  answer_meta: string;
  /** JSON: {selected, custom, followUpDate, reviewed}. */
  plan: string;
  /** JSON: {findings, pending, …} as computed by assess(). */
  assessment: string;
  /** JSON: {stage: {firstAt, lastAt}}. */
  stage_times: string;
  follow_up_date: string | null;
  started_at: string;
  updated_at: string;
  signed_at: string | null;
  signed_by: string | null;
  created_by: string;
}

interface EvaluationVersionsTable {
  evaluation_id: string;
  version: number;
  /** JSON snapshot of the evaluation as signed. */
  snapshot: string;
  signed_at: string;
  signed_by: string;
}

interface EvaluationChangesTable {
  id: string;
  evaluation_id: string;
  version: number;
  at: string;
  by: string;
  /** JSON array of {code, from, to}. */
  changes: string;
  /** create | update | sign | amend | reassign | demographics (migration 003). */
  event: Generated<string>;
  /** JSON: the amendment reason, the assignee before/after (migration 003). */
  detail: string | null;
}

interface AmendmentsTable {
  id: string;
  evaluation_id: string;
  reason: string;
  by: string;
  at: string;
  from_version: number;
}

interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  user_id: string | null;
  username: string | null;
  role: string | null;
  patient_id: string | null;
  action: string;
  category: string | null;
  outcome: AuditOutcome;
  entity: string | null;
  entity_id: string | null;
  before_version: number | null;
  after_version: number | null;
  /** JSON object with non-PHI details. */
  detail: string | null;
  prev_hash: string | null;
  hash: string | null;
  /**
   * `sha256` (before migration 007, the column's default) or `hmac-sha256:<audit key id>`, which
   * `appendAuditBatch` always writes (db/audit-chain.ts).
   */
  hash_scheme: Generated<string>;
}

/** One row (id 1): the last audit record's seq and hash, locked by every audit writer (migration 002). */
interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** A create's Idempotency-Key and the response it answered, kept 24 h (migration 008, docs/reliability.md). */
interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  /** SHA-256 hex of method, path and canonical JSON body. */
  fingerprint: string;
  /** Null only inside the creating transaction. */
  response_status: number | null;
  /** JSON object of the replayed headers (Location, ETag). */
  response_headers: string | null;
  response_body: string | null;
  created_at: string;
}

/**
 * A device cookie's own failed logins (migration 007; features/session/devices.ts). A row exists only
 * for a device cookie that failed; `locked_until` set means the cookie was locked and is dead for good.
 */
interface DeviceLockoutsTable {
  /** SHA-256 hex of the device cookie's nonce. */
  device_id: string;
  user_id: string;
  failures: number;
  locked_until: string | null;
  /** When the cookie itself expires: the row is forgotten after that. */
  expires_at: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  patients: PatientsTable;
  evaluations: EvaluationsTable;
  evaluation_versions: EvaluationVersionsTable;
  evaluation_changes: EvaluationChangesTable;
  amendments: AmendmentsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  device_lockouts: DeviceLockoutsTable;
  idempotency_keys: IdempotencyKeysTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type PatientRow = Selectable<PatientsTable>;
export type NewPatient = Insertable<PatientsTable>;
export type EvaluationRow = Selectable<EvaluationsTable>;
export type NewEvaluation = Insertable<EvaluationsTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLog = Insertable<AuditLogTable>;

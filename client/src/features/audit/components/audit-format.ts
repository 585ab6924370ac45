import type { AuditAction, AuditRecord, Role } from '@rls/shared';
import { roleLabels, stageLabels } from '@/utils/labels';

// How audit records read for a person. The stored codes (actions, categories, reasons, detail keys;
// server: `AuditSpec` in server/src/db/audit-log.ts, docs/decisions/012-audit-hash-chain.md) stay as
// they are in the CSV export and the filters; on screen every one has words. Details never hold PHI.

/** Every recorded action, as it reads in the report. */
const auditActionLabels: Record<AuditAction, string> = {
  'session.login': 'Sign-in',
  'session.mfa': 'Second factor',
  'session.logout': 'Sign-out',
  'session.expire': 'Session ended',
  'patients.list': 'Worklist viewed',
  'patient.read': 'Patient viewed',
  'patient.create': 'Patient added',
  'patient.update': 'Patient details changed',
  'evaluation.read': 'Evaluation viewed',
  'evaluation.create': 'Evaluation started',
  'evaluation.update': 'Evaluation changed',
  'evaluation.sign': 'Evaluation signed',
  'evaluation.amend': 'Evaluation reopened to amend',
  'evaluation.reassign': 'Evaluation reassigned',
  'evaluation.discard': 'Draft evaluation discarded',
  'user.create': 'User added',
  'user.update': 'User changed',
  'user.role-change': 'Role changed',
  'user.enable': 'User enabled',
  'user.disable': 'User disabled',
  'user.reset-password': 'Password reset',
  'user.mfa-reset': 'Two-factor removed',
  'account.password-change': 'Own password changed',
  'account.mfa-setup': 'Two-factor setup started',
  'account.mfa-enable': 'Two-factor turned on',
  'account.mfa-disable': 'Two-factor turned off',
  'account.recovery-codes': 'New recovery codes',
  'audit.export': 'Audit trail exported',
  'audit.chain-keyed': 'Audit trail keyed',
  'secrets.rotate': 'Stored secrets re-encrypted',
  'demo.seed': 'Demo clinic created',
};

/** The label of an action; an action this client does not know yet reads as its words. */
export function auditActionLabel(action: string): string {
  return (auditActionLabels as Record<string, string | undefined>)[action] ?? words(action);
}

const CATEGORY_LABELS: Readonly<Record<string, string>> = {
  ...stageLabels,
  auth: 'Sign-in',
  admin: 'Administration',
  patient: 'Patient',
  evaluation: 'Evaluation',
  signature: 'Signature',
  amendment: 'Amendment',
  assignment: 'Assignment',
  discard: 'Discard',
  audit: 'Audit trail',
  system: 'System',
};

/** The data category (`history,labs` → `History, Labs`); null when none. */
export function auditCategoryLabel(category: string | null): string | null {
  if (!category) return null;
  return category
    .split(',')
    .map((c) => CATEGORY_LABELS[c.trim()] ?? words(c))
    .join(', ');
}

export function auditRoleLabel(role: string | null): string | null {
  if (!role) return null;
  return (roleLabels as Record<string, string | undefined>)[role] ?? words(role);
}

export const auditOutcomeLabels = { success: 'Success', failure: 'Failed' } as const;

const ENTITY_LABELS: Readonly<Record<string, string>> = {
  evaluation: 'Evaluation',
  patient: 'Patient',
  user: 'User',
};

/** The record a change touched: `Evaluation e0e0e0e0 · v3 → v4`, `Patient 8b7f1c2e · v1`. */
export function auditRecordText(
  r: Pick<AuditRecord, 'entity' | 'entityId' | 'beforeVersion' | 'afterVersion'>,
) {
  if (!r.entity) return null;
  const name = ENTITY_LABELS[r.entity] ?? words(r.entity);
  const id = r.entityId ? ` ${r.entityId.slice(0, 8)}` : '';
  const version =
    r.beforeVersion !== null && r.afterVersion !== null && r.beforeVersion !== r.afterVersion
      ? ` · v${r.beforeVersion} → v${r.afterVersion}`
      : r.afterVersion !== null
        ? ` · v${r.afterVersion}`
        : r.beforeVersion !== null
          ? ` · v${r.beforeVersion}`
          : '';
  return `${name}${id}${version}`;
}

/** Reasons the server records for a failed sign-in, an ended session… */
const REASONS: Readonly<Record<string, string>> = {
  'wrong-password': 'wrong password',
  'unknown-user': 'unknown username',
  inactive: 'account disabled',
  throttled: 'too many attempts, temporarily blocked',
  'wrong-code': 'wrong code',
  idle: 'idle for too long',
  absolute: 'signed in for too long',
  'second-factor-timeout': 'second factor not entered in time',
};

const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: 'name',
  mrn: 'MRN',
  birthDate: 'birth date',
  birth_date: 'birth date',
  sex: 'sex',
  role: 'role',
};

const FILTER_LABELS: Readonly<Record<string, string>> = {
  from: 'from',
  to: 'to',
  user: 'user',
  patient: 'patient',
  action: 'action',
  category: 'data',
  outcome: 'outcome',
  sort: 'sorted by',
};

/** `recoveryCodesLeft` → `recovery codes left`; `user.mfa-reset` → `user mfa reset`. */
function words(code: string): string {
  return code
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[._-]+/g, ' ')
    .toLowerCase()
    .trim();
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function sessionsEnded(detail: Record<string, unknown>): string | undefined {
  const n = num(detail.revokedSessions);
  return n ? `${plural(n, 'session')} signed out` : undefined;
}

function roleName(value: unknown): string {
  const role = str(value);
  return role ? (roleLabels[role as Role] ?? words(role)) : 'unknown role';
}

/** One detail value in words: text, numbers and yes/no as such, lists and objects item by item. */
function valueText(value: unknown): string {
  if (typeof value === 'string') return words(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (value && typeof value === 'object') return generic(value as Record<string, unknown>).join(', ');
  return '';
}

/** Any other detail, key by key in words (never raw JSON). */
function generic(detail: Record<string, unknown>): string[] {
  return Object.entries(detail)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${sentence(words(key))}: ${valueText(value)}`);
}

/**
 * A record's `detail` as a person reads it, e.g. `Wrong password`, `Role: Clinician → Administrator`,
 * `Reassigned: Dr. A → Dr. B`; null when there is nothing to say. `nameOf` names a user id (assignees).
 */
export function describeAuditDetail(
  r: Pick<AuditRecord, 'action' | 'detail'>,
  nameOf: (userId: string) => string | undefined = () => undefined,
): string | null {
  const d = r.detail;
  if (!d || Object.keys(d).length === 0) return null;
  const parts: (string | undefined)[] = [];
  const user = str(d.username);
  switch (r.action) {
    case 'session.login':
    case 'session.mfa':
    case 'session.expire':
    case 'account.password-change':
    case 'account.mfa-enable':
    case 'account.mfa-disable':
    case 'account.recovery-codes': {
      const reason = str(d.reason);
      if (reason) parts.push(sentence(REASONS[reason] ?? words(reason)));
      if (d.secondFactor === 'pending') parts.push('Second factor still to enter');
      if (d.mfaEnrolment === 'required') parts.push('Must set up two-factor sign-in');
      const method = str(d.method);
      if (method) parts.push(method === 'totp' ? 'With the authenticator app' : 'With a recovery code');
      const left = num(d.recoveryCodesLeft);
      if (left !== undefined) parts.push(`${plural(left, 'recovery code')} left`);
      parts.push(sessionsEnded(d));
      break;
    }
    case 'patients.list': {
      const count = num(d.count);
      const total = num(d.total);
      if (count !== undefined && total !== undefined) parts.push(`${count} of ${total} patients listed`);
      const page = num(d.page);
      if (page !== undefined) parts.push(`page ${page}`);
      break;
    }
    case 'patient.update':
    case 'user.update': {
      if (user) parts.push(`User ${user}`);
      const fields = Array.isArray(d.fields) ? d.fields.filter((f) => typeof f === 'string') : [];
      if (fields.length > 0)
        parts.push(`Changed: ${fields.map((f) => FIELD_LABELS[f] ?? words(f)).join(', ')}`);
      break;
    }
    case 'evaluation.update': {
      if (d.cause === 'patient.update') parts.push('After a change of the patient’s details');
      const cleared = num(d.cleared);
      if (cleared !== undefined) parts.push(`${plural(cleared, 'answer')} cleared`);
      break;
    }
    case 'evaluation.read': {
      if (d.view === 'history') parts.push('Change history');
      else if (d.view === 'version') {
        const version = num(d.version);
        parts.push(version !== undefined ? `Signed version ${version}` : 'A signed version');
      }
      break;
    }
    case 'evaluation.amend': {
      const reason = str(d.reason);
      if (reason) parts.push(`Reason: ${reason}`);
      break;
    }
    case 'evaluation.reassign': {
      const from = str(d.fromAssigneeId);
      const to = str(d.toAssigneeId);
      const name = (id: string | undefined) => (id ? (nameOf(id) ?? `user ${id.slice(0, 8)}`) : 'nobody');
      parts.push(`${name(from)} → ${name(to)}`);
      break;
    }
    case 'user.create': {
      if (user) parts.push(`User ${user}`);
      if (d.role !== undefined) parts.push(`Role: ${roleName(d.role)}`);
      break;
    }
    case 'user.role-change': {
      if (user) parts.push(`User ${user}`);
      parts.push(`Role: ${roleName(d.from)} → ${roleName(d.to)}`);
      parts.push(sessionsEnded(d));
      break;
    }
    case 'user.enable':
    case 'user.disable':
    case 'user.reset-password':
    case 'user.mfa-reset': {
      if (user) parts.push(`User ${user}`);
      parts.push(sessionsEnded(d));
      break;
    }
    case 'audit.export': {
      const filters =
        d.filters && typeof d.filters === 'object' ? (d.filters as Record<string, unknown>) : {};
      const shown = Object.entries(filters)
        .filter(([key, value]) => key !== 'sort' && typeof value === 'string' && value !== '')
        .map(([key, value]) => {
          const text = key === 'action' ? auditActionFilterText(value as string) : (value as string);
          return `${FILTER_LABELS[key] ?? words(key)} ${text}`;
        });
      parts.push(shown.length > 0 ? `Filters: ${shown.join(', ')}` : 'All records');
      break;
    }
    case 'demo.seed': {
      const counts = [
        num(d.users) !== undefined ? plural(num(d.users)!, 'user') : undefined,
        num(d.patients) !== undefined ? plural(num(d.patients)!, 'patient') : undefined,
        num(d.evaluations) !== undefined ? plural(num(d.evaluations)!, 'evaluation') : undefined,
      ].filter(Boolean);
      parts.push(counts.join(', '));
      break;
    }
    default:
      parts.push(...generic(d));
  }
  const text = parts.filter((p): p is string => Boolean(p)).join(' · ');
  return text === '' ? generic(d).join(' · ') || null : text;
}

/** An action filter: an exact action by its label, a prefix (`session.*`) as typed. */
function auditActionFilterText(value: string): string {
  return (auditActionLabels as Record<string, string | undefined>)[value] ?? value;
}

import { createHash, createHmac } from 'node:crypto';

/**
 * The audit hash chain (docs/decisions/012-audit-hash-chain.md):
 * `hash = sha256(prev_hash + canonical JSON of the record's fields)`, the first record chaining to
 * GENESIS_HASH. Editing, inserting or deleting a record breaks every later link.
 * Since migration 007 the link is keyed (docs/decisions/017-security-hardening.md):
 * `hash = HMAC-SHA256(RLS_AUDIT_KEY, prev_hash + canonical JSON)`, so someone with only database access
 * cannot recompute it. Each record names its scheme in `hash_scheme` (`sha256` for the records written
 * before, `hmac-sha256:<key id>` after); the first keyed record links to the last plain one.
 * Never change these functions: stored hashes depend on them. Migration 002 chains older rows with its
 * own frozen copy; `migrations/002-security.test.ts` checks that the two agree.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields a record's hash covers (everything but the hashes themselves). */
export interface ChainedFields {
  seq: number;
  at: string;
  user_id: string | null;
  username: string | null;
  role: string | null;
  patient_id: string | null;
  action: string;
  category: string | null;
  outcome: string;
  entity: string | null;
  entity_id: string | null;
  before_version: number | null;
  after_version: number | null;
  detail: string | null;
}

const num = (v: number | string | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);
const str = (v: string | null | undefined): string | null => (v === undefined ? null : v);

/** JSON with the keys in alphabetical order and numbers normalised (pg may hand back strings). */
function canonicalJson(r: ChainedFields): string {
  return JSON.stringify({
    action: r.action,
    after_version: num(r.after_version),
    at: r.at,
    before_version: num(r.before_version),
    category: str(r.category),
    detail: str(r.detail),
    entity: str(r.entity),
    entity_id: str(r.entity_id),
    outcome: r.outcome,
    patient_id: str(r.patient_id),
    role: str(r.role),
    seq: num(r.seq),
    user_id: str(r.user_id),
    username: str(r.username),
  });
}

/** The unkeyed link of the records written before migration 007 (scheme `sha256`). */
export function chainHash(prevHash: string, record: ChainedFields): string {
  return createHash('sha256')
    .update(prevHash + canonicalJson(record))
    .digest('hex');
}

/** The keyed link (scheme `hmac-sha256:<key id>`). */
export function keyedChainHash(key: Buffer, prevHash: string, record: ChainedFields): string {
  return createHmac('sha256', key)
    .update(prevHash + canonicalJson(record))
    .digest('hex');
}

const PLAIN_SCHEME = 'sha256';
const KEYED_PREFIX = 'hmac-sha256:';

/** The `hash_scheme` of a record keyed with the key whose id is `keyId`. */
export const keyedScheme = (keyId: string): string => `${KEYED_PREFIX}${keyId}`;

/** What a stored `hash_scheme` says: plain, keyed with the key `keyId`, or not a scheme at all. */
export function parseScheme(
  scheme: string | null | undefined,
): { kind: 'plain' } | { kind: 'keyed'; keyId: string } | { kind: 'unknown' } {
  if (scheme === PLAIN_SCHEME) return { kind: 'plain' };
  if (scheme?.startsWith(KEYED_PREFIX)) return { kind: 'keyed', keyId: scheme.slice(KEYED_PREFIX.length) };
  return { kind: 'unknown' };
}

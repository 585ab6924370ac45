import type { Kysely } from 'kysely';
import type { Config } from '../../config';
import type { Database } from '../../db/schema';
import { chainHash, GENESIS_HASH, keyedChainHash, parseScheme } from '../../db/audit-chain';

type ChainProblemKind = 'missing' | 'altered' | 'head' | 'key' | 'unkeyed' | 'anchor';

interface ChainProblem {
  kind: ChainProblemKind;
  /** The first record concerned (for `missing`, the first missing sequence number). */
  seq: number;
  message: string;
}

/** A copy of the head kept outside the database: `npm run audit:anchor` prints it as `<seq>:<hash>`. */
export interface Anchor {
  seq: number;
  hash: string;
}

export interface ChainReport {
  ok: boolean;
  /** Records checked. */
  checked: number;
  head: { seq: number; hash: string };
  /** The first record keyed with RLS_AUDIT_KEY and its time (records before it have plain links), or null. */
  keyedFrom: { seq: number; at: string } | null;
  /** The first problem found (verification stops there: later links depend on it). */
  problem: ChainProblem | null;
}

/** Parses `<seq>:<hash>` (what `audit:anchor` prints); null when it is not one. */
export function parseAnchor(text: string): Anchor | null {
  const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim().toLowerCase());
  return match ? { seq: Number(match[1]), hash: match[2]! } : null;
}

export const formatAnchor = (head: { seq: number; hash: string }): string => `${head.seq}:${head.hash}`;

/**
 * Walks the audit trail in sequence order and checks that (1) sequence numbers have no gaps,
 * (2) each record's hash matches its content, with the link its `hash_scheme` names: plain SHA-256
 * for the records written before migration 007, HMAC-SHA256 with RLS_AUDIT_KEY after
 * (docs/decisions/017-security-hardening.md), (3) each record links to the previous one's hash,
 * (4) plain records only come before keyed ones and a trail with records ends in a keyed one — so a
 * rewrite by someone without the key (all plain) fails, (5) the chain head (audit_head) matches the
 * last record — which catches records deleted from the end — and (6) when given an anchor kept
 * elsewhere, the trail still holds that record with that hash (a full rewrite or a cut tail).
 * Names the first altered or missing record.
 */
export async function verifyAuditChain(
  ctx: { db: Kysely<Database>; config: Pick<Config, 'keys'> },
  opts: { anchor?: Anchor; batch?: number } = {},
): Promise<ChainReport> {
  const { db } = ctx;
  const { anchor, batch = 2000 } = opts;
  const auditKey = ctx.config.keys.audit;
  const headRow = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const head = { seq: Number(headRow?.seq ?? 0), hash: headRow?.hash ?? GENESIS_HASH };
  let expected = 1;
  let prev = GENESIS_HASH;
  let checked = 0;
  let keyedFrom: ChainReport['keyedFrom'] = null;
  let anchorSeen = anchor?.seq === 0 && anchor.hash === GENESIS_HASH;
  const fail = (problem: ChainProblem): ChainReport => ({ ok: false, checked, head, keyedFrom, problem });

  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expected)
      .orderBy('seq')
      .limit(batch)
      .execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expected) {
        return fail({
          kind: 'missing',
          seq: expected,
          message:
            seq === expected + 1
              ? `record ${expected} is missing (deleted)`
              : `records ${expected}–${seq - 1} are missing (deleted)`,
        });
      }
      const scheme = parseScheme(row.hash_scheme);
      if (scheme.kind === 'unknown') {
        return fail({
          kind: 'altered',
          seq,
          message: `record ${seq} was altered: its hash scheme is not one this server writes`,
        });
      }
      if (scheme.kind === 'plain' && keyedFrom) {
        return fail({
          kind: 'unkeyed',
          seq,
          message: `record ${seq} was rewritten: it is not keyed with RLS_AUDIT_KEY although record ${keyedFrom.seq} before it is`,
        });
      }
      if (scheme.kind === 'keyed' && scheme.keyId !== auditKey.id) {
        return fail({
          kind: 'key',
          seq,
          message: `record ${seq} was hashed with audit key ${scheme.keyId}, but RLS_AUDIT_KEY is key ${auditKey.id}${
            auditKey.development ? ' (the development key, used when RLS_AUDIT_KEY is not set)' : ''
          }: set RLS_AUDIT_KEY to the key the trail was written with`,
        });
      }
      const fields = { ...row, seq };
      const hash =
        scheme.kind === 'keyed'
          ? keyedChainHash(auditKey.key, row.prev_hash ?? '', fields)
          : chainHash(row.prev_hash ?? '', fields);
      if (row.hash !== hash) {
        return fail({
          kind: 'altered',
          seq,
          message: `record ${seq} was altered: its content does not match its hash`,
        });
      }
      if (row.prev_hash !== prev) {
        // This record is intact, so the previous one was changed and its hash recomputed (or replaced).
        return fail({
          kind: 'altered',
          seq: seq - 1,
          message: `record ${seq - 1} was altered or replaced: record ${seq} no longer links to it`,
        });
      }
      if (scheme.kind === 'keyed' && !keyedFrom) keyedFrom = { seq, at: row.at };
      if (anchor && seq === anchor.seq) {
        if (row.hash !== anchor.hash) return fail(anchorProblem(anchor, 'rewritten'));
        anchorSeen = true;
      }
      prev = row.hash;
      expected = seq + 1;
      checked += 1;
    }
    if (rows.length < batch) break;
  }

  const last = expected - 1;
  if (head.seq > last) {
    return fail({
      kind: 'missing',
      seq: last + 1,
      message:
        head.seq === last + 1
          ? `record ${last + 1} is missing (deleted from the end)`
          : `records ${last + 1}–${head.seq} are missing (deleted from the end)`,
    });
  }
  if (head.seq !== last || head.hash !== prev) {
    return fail({
      kind: 'head',
      seq: last,
      message: `the chain head (seq ${head.seq}) does not match the last record (seq ${last}): the trail was altered`,
    });
  }
  if (last > 0 && !keyedFrom) {
    return fail({
      kind: 'unkeyed',
      seq: last,
      message: `the trail ends with record ${last}, which is not keyed with RLS_AUDIT_KEY: since migration 007 every record is, so the trail was rewritten by someone without the key (or migrated without it)`,
    });
  }
  if (anchor && !anchorSeen) return fail(anchorProblem(anchor, last < anchor.seq ? 'cut' : 'rewritten'));
  return { ok: true, checked, head, keyedFrom, problem: null };
}

function anchorProblem(anchor: Anchor, how: 'cut' | 'rewritten'): ChainProblem {
  return {
    kind: 'anchor',
    seq: anchor.seq,
    message:
      how === 'cut'
        ? `the trail no longer reaches the anchored record ${anchor.seq}: records were deleted from the end`
        : `record ${anchor.seq} no longer has the anchored hash: the trail was rewritten`,
  };
}

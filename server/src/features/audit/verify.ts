import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { chainHash, GENESIS_HASH } from '../../db/audit-chain';

type ChainProblemKind = 'missing' | 'altered' | 'head';

interface ChainProblem {
  kind: ChainProblemKind;
  /** The first record concerned (for `missing`, the first missing sequence number). */
  seq: number;
  message: string;
}

export interface ChainReport {
  ok: boolean;
  /** Records checked. */
  checked: number;
  head: { seq: number; hash: string };
  /** The first problem found (verification stops there: later links depend on it). */
  problem: ChainProblem | null;
}

/**
 * Walks the audit trail in sequence order and checks that (1) sequence numbers have no gaps,
 * (2) each record's hash matches its content, (3) each record links to the previous one's hash and
 * (4) the chain head (audit_head) matches the last record — which catches records deleted from the
 * end. Names the first altered or missing record.
 */
export async function verifyAuditChain(db: Kysely<Database>, batch = 2000): Promise<ChainReport> {
  const headRow = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const head = { seq: Number(headRow?.seq ?? 0), hash: headRow?.hash ?? GENESIS_HASH };
  let expected = 1;
  let prev = GENESIS_HASH;
  let checked = 0;
  const fail = (problem: ChainProblem): ChainReport => ({ ok: false, checked, head, problem });

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
      if (row.hash !== chainHash(row.prev_hash ?? '', { ...row, seq })) {
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
  return { ok: true, checked, head, problem: null };
}

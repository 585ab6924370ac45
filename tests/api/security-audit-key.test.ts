import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import { chainHash, GENESIS_HASH, keyedChainHash, keyedScheme } from '../../server/src/db/audit-chain';
import { keyIdOf } from '../../server/src/config';
import { verifyAuditChain } from '../../server/src/features/audit/verify';
import { createUser, startTestServer, type TestServer } from './helpers';
import { bundleCli, removeBundle, runCli, type CliResult } from './security-cli';

/**
 * Issue 17: the audit trail is tamper-evident beyond the database (docs/decisions/017-security-hardening.md).
 * Its links are keyed with RLS_AUDIT_KEY, so someone with only database access cannot recompute them,
 * and `audit:anchor` / `audit:verify --anchor` catch a rewrite or a cut tail that the database alone
 * cannot show. (The plain-to-keyed upgrade: server/src/db/migrations/007-security-keys.test.ts.)
 */

const clock = new ManualClock('2026-08-04T09:00:00.000Z');
const PASSWORD = 'audit key password 1';
let verifyCli: string;
let anchorCli: string;

beforeAll(async () => {
  [verifyCli, anchorCli] = await Promise.all([bundleCli('audit-verify'), bundleCli('audit-anchor')]);
});
afterAll(() => {
  removeBundle(verifyCli);
  removeBundle(anchorCli);
});

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ clock });
  await createUser(server.ctx, { username: 'doc', role: 'clinician', name: 'Dr Doc', password: PASSWORD });
  await activity(4);
});
afterEach(() => server.close());

/** Some audited work: a login and failed logins. */
async function activity(n: number): Promise<void> {
  await server.login('doc', PASSWORD);
  for (let i = 1; i < n; i++) await server.client().login('doc', `wrong password ${i}`);
}

function cli(bundle: string, args: string[] = [], env: Record<string, string> = {}): Promise<CliResult> {
  const database = server.ctx.config.database;
  const url = database.kind === 'sqlite' ? `sqlite:${database.filename}` : database.url;
  return runCli(bundle, args, { DATABASE_URL: url, ...env });
}

/** What an attacker with database access does first: the append-only triggers out of the way. */
async function dropTriggers(): Promise<void> {
  const db = server.ctx.db;
  if (server.ctx.dialect === 'sqlite') {
    await sql`drop trigger if exists audit_log_no_update`.execute(db);
    await sql`drop trigger if exists audit_log_no_delete`.execute(db);
  } else {
    await sql`alter table audit_log disable trigger user`.execute(db);
  }
}

/**
 * Rewrites the whole trail consistently — record 2 says someone else logged in — with `hash` as the
 * link and `scheme` as the stated scheme, head included: everything a database-only attacker can do.
 */
async function rewriteTrail(
  hash: (prev: string, row: Parameters<typeof chainHash>[1]) => string,
  scheme: string,
): Promise<void> {
  await dropTriggers();
  const db = server.ctx.db;
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  let prev = GENESIS_HASH;
  for (const row of rows) {
    const seq = Number(row.seq);
    const fields = { ...row, seq, username: seq === 2 ? 'someone-else' : row.username };
    const h = hash(prev, fields);
    await db
      .updateTable('audit_log')
      .set({ username: fields.username, prev_hash: prev, hash: h, hash_scheme: scheme })
      .where('seq', '=', seq)
      .execute();
    prev = h;
  }
  await db.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
}

describe('the keyed chain', () => {
  it('links every record with HMAC-SHA256 under RLS_AUDIT_KEY, naming the key', async () => {
    const { key, id } = server.ctx.config.keys.audit;
    const rows = await server.ctx.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) {
      expect(row.hash_scheme).toBe(`hmac-sha256:${id}`);
      expect(row.hash).toBe(keyedChainHash(key, row.prev_hash!, { ...row, seq: Number(row.seq) }));
      expect(row.hash).not.toBe(chainHash(row.prev_hash!, { ...row, seq: Number(row.seq) }));
    }
    const intact = await cli(verifyCli);
    expect(intact.status).toBe(0);
    expect(intact.stdout).toMatch(
      /Audit trail intact: \d+ records, keyed with audit key [0-9a-f]{8} \(the development key\) from record 1/,
    );
  });

  it('fails verification when the whole trail is rewritten with plain SHA-256 (no key needed)', async () => {
    await rewriteTrail(chainHash, 'sha256');
    const report = await verifyAuditChain(server.ctx);
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ kind: 'unkeyed' });
    const res = await cli(verifyCli);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(
      /Audit trail BROKEN: the trail ends with record \d+, which is not keyed with RLS_AUDIT_KEY/,
    );
  });

  it('fails verification when the trail is rewritten with a guessed key, whatever key id it claims', async () => {
    const guessed = Buffer.alloc(32, 'guess');
    const { key: realKey, id: realId } = server.ctx.config.keys.audit;
    // Claiming the real key's id: the first changed record no longer matches its hash.
    await rewriteTrail((prev, row) => keyedChainHash(guessed, prev, row), keyedScheme(realId));
    expect((await verifyAuditChain(server.ctx)).problem).toMatchObject({ kind: 'altered', seq: 1 });
    // Claiming its own key id: verification names the key it was not written with.
    await rewriteTrail((prev, row) => keyedChainHash(guessed, prev, row), keyedScheme(keyIdOf(guessed)));
    const res = await cli(verifyCli);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(
      `record 1 was hashed with audit key ${keyIdOf(guessed)}, but RLS_AUDIT_KEY is key ${realId}`,
    );
    // A plain record after keyed ones is a rewrite too.
    await rewriteTrail((prev, row) => keyedChainHash(realKey, prev, row), keyedScheme(realId));
    const last = await server.ctx.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
    const lastRow = await server.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', last.seq)
      .executeTakeFirstOrThrow();
    const plain = chainHash(lastRow.prev_hash!, { ...lastRow, seq: Number(lastRow.seq) });
    await server.ctx.db
      .updateTable('audit_log')
      .set({ hash: plain, hash_scheme: 'sha256' })
      .where('seq', '=', last.seq)
      .execute();
    await server.ctx.db.updateTable('audit_head').set({ hash: plain }).where('id', '=', 1).execute();
    expect((await verifyAuditChain(server.ctx)).problem).toMatchObject({
      kind: 'unkeyed',
      seq: Number(last.seq),
    });
  });

  it('needs the key it was written with: another RLS_AUDIT_KEY fails, naming both key ids', async () => {
    const other = Buffer.alloc(32, 'another key').toString('base64');
    const res = await cli(verifyCli, [], { RLS_AUDIT_KEY: other });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(
      `record 1 was hashed with audit key ${server.ctx.config.keys.audit.id}, but RLS_AUDIT_KEY is key ${keyIdOf(Buffer.from(other, 'base64'))}`,
    );
  });
});

describe('anchors', () => {
  it('audit:anchor prints the head; audit:verify --anchor passes while the trail still holds it', async () => {
    const anchored = await cli(anchorCli);
    expect(anchored.status).toBe(0);
    const anchor = anchored.stdout.trim();
    const head = await server.ctx.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    expect(anchor).toBe(`${Number(head.seq)}:${head.hash}`);
    expect(anchor).toMatch(/^\d+:[0-9a-f]{64}$/);

    await activity(3); // the trail grows past the anchor: still fine
    const res = await cli(verifyCli, ['--anchor', anchor]);
    expect(res.status).toBe(0);
    expect(res.stdout).toContain(`It still holds the anchored record ${Number(head.seq)} with its hash.`);
  });

  it('catches a cut tail the database alone cannot show', async () => {
    const anchor = (await cli(anchorCli)).stdout.trim();
    const anchoredSeq = Number(anchor.split(':')[0]);
    await activity(3);

    // Cut back to before the anchored record, head and all: consistent, so it verifies on its own…
    await dropTriggers();
    const keep = anchoredSeq - 2;
    const kept = await server.ctx.db
      .selectFrom('audit_log')
      .select(['hash'])
      .where('seq', '=', keep)
      .executeTakeFirstOrThrow();
    await server.ctx.db.deleteFrom('audit_log').where('seq', '>', keep).execute();
    await server.ctx.db
      .updateTable('audit_head')
      .set({ seq: keep, hash: kept.hash! })
      .where('id', '=', 1)
      .execute();
    expect((await cli(verifyCli)).status).toBe(0);

    // …but not against the anchor kept elsewhere.
    const res = await cli(verifyCli, ['--anchor', anchor]);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(
      `the trail no longer reaches the anchored record ${anchoredSeq}: records were deleted from the end`,
    );
  });

  it('catches a record that no longer has the anchored hash', async () => {
    const anchor = (await cli(anchorCli)).stdout.trim();
    const [seq] = anchor.split(':');
    const forged = `${seq}:${createHmac('sha256', 'x').update('y').digest('hex')}`;
    const res = await cli(verifyCli, ['--anchor', forged]);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(`record ${seq} no longer has the anchored hash: the trail was rewritten`);
  });

  it('refuses a malformed anchor (exit 2) and prints no anchor for a broken trail', async () => {
    const bad = await cli(verifyCli, ['--anchor', '12:nothex']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Usage: npm run audit:verify');
    await rewriteTrail(chainHash, 'sha256');
    const res = await cli(anchorCli);
    expect(res.status).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('No anchor printed');
  });
});

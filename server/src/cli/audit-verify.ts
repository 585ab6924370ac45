import { parseArgs } from 'node:util';
import { runCli, UsageError } from '../cli-runtime';
import { flushReadAudit } from '../features/audit/read-buffer';
import { formatAnchor, parseAnchor, verifyAuditChain, type Anchor } from '../features/audit/verify';

const USAGE = `Usage: npm run audit:verify [-- --anchor <seq>:<hash>]

Checks the audit trail's hash chain (keyed with RLS_AUDIT_KEY). With --anchor (what npm run
audit:anchor printed earlier, kept outside the database) it also fails when the trail no longer holds
that record with that hash: a rewritten trail, or records deleted from the end.`;

/**
 * `npm run audit:verify`: checks the audit trail's hash chain (docs/decisions/012-audit-hash-chain.md,
 * 017-security-hardening.md). Prints the head as an anchor and exits 0 when intact, 1 naming the
 * first altered or missing record, or the anchor the trail no longer matches.
 */
await runCli(async (ctx) => {
  let anchor: Anchor | undefined;
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { anchor: { type: 'string' } },
    });
    if (values.anchor !== undefined) {
      const parsed = parseAnchor(values.anchor);
      if (!parsed) throw new Error('bad anchor');
      anchor = parsed;
    }
  } catch {
    throw new UsageError(USAGE);
  }

  await flushReadAudit(ctx);
  const report = await verifyAuditChain(ctx, anchor ? { anchor } : {});
  if (report.ok) {
    const keyed = report.keyedFrom
      ? `keyed with audit key ${ctx.config.keys.audit.id}${ctx.config.keys.audit.development ? ' (the development key)' : ''} from record ${report.keyedFrom.seq} (${report.keyedFrom.at})`
      : 'empty';
    console.log(
      `Audit trail intact: ${report.checked} record${report.checked === 1 ? '' : 's'}, ${keyed}; head ${formatAnchor(report.head)}.`,
    );
    if (anchor) console.log(`It still holds the anchored record ${anchor.seq} with its hash.`);
    return;
  }
  console.error(
    `Audit trail BROKEN: ${report.problem!.message}. (${report.checked} records verified before it.)`,
  );
  process.exitCode = 1;
});

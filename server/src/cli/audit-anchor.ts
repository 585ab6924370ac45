import { runCli, UsageError } from '../cli-runtime';
import { flushReadAudit } from '../features/audit/read-buffer';
import { formatAnchor, verifyAuditChain } from '../features/audit/verify';

/**
 * `npm run audit:anchor`: verifies the audit trail and prints its head as `<seq>:<hash>` (one line on
 * stdout) for keeping outside the database — an ops log, a ticket, a second system. Later,
 * `npm run audit:verify -- --anchor <seq>:<hash>` fails if the trail no longer holds that record with
 * that hash: a full rewrite or a cut tail, which the database alone cannot show
 * (docs/decisions/017-security-hardening.md). Exits 1 without an anchor when the trail is broken.
 */
await runCli(async (ctx) => {
  if (process.argv.length > 2) throw new UsageError('Usage: npm run audit:anchor (no arguments)');
  await flushReadAudit(ctx);
  const report = await verifyAuditChain(ctx);
  if (!report.ok) {
    console.error(`Audit trail BROKEN: ${report.problem!.message}. No anchor printed.`);
    process.exitCode = 1;
    return;
  }
  console.log(formatAnchor(report.head));
});

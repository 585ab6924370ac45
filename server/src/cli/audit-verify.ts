import { runCli } from '../cli-runtime';
import { flushReadAudit } from '../features/audit/read-buffer';
import { verifyAuditChain } from '../features/audit/verify';

/**
 * `npm run audit:verify`: checks the audit trail's hash chain. Prints the head (keep it somewhere
 * else — a copy outside the database is what proves the end of the trail was not cut off) and exits
 * 0 when intact, 1 naming the first altered or missing record.
 */
await runCli(async (ctx) => {
  await flushReadAudit(ctx);
  const report = await verifyAuditChain(ctx.db);
  if (report.ok) {
    console.log(
      `Audit trail intact: ${report.checked} record${report.checked === 1 ? '' : 's'}; head seq ${report.head.seq}, hash ${report.head.hash}.`,
    );
    return;
  }
  console.error(
    `Audit trail BROKEN: ${report.problem!.message}. (${report.checked} records verified before it.)`,
  );
  process.exitCode = 1;
});

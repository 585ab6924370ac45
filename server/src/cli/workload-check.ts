import { parseArgs } from 'node:util';
import { runCli, UsageError } from '../cli-runtime';
import { checkWorkloadRollups } from '../features/workload/check';
import { rebuildWorkloadRollups } from '../features/workload/rebuild';

const USAGE = `Usage: npm run workload:check [-- --fix]

Compares the workload rollup tables with a full recount of the evaluations and lists the differences
(exit code 1 when there are any). --fix rebuilds the rollups from the evaluations and checks again.`;

/** `npm run workload:check`: the workload rollups against a full recount. */
await runCli(async (ctx) => {
  let fix = false;
  try {
    const { values } = parseArgs({ args: process.argv.slice(2), options: { fix: { type: 'boolean' } } });
    fix = values.fix ?? false;
  } catch {
    throw new UsageError(USAGE);
  }

  const started = Date.now();
  let result = await checkWorkloadRollups(ctx.db, ctx.config.tz);
  console.log(
    `Checked ${result.evaluations} evaluations in ${((Date.now() - started) / 1000).toFixed(1)} s (time zone ${result.timeZone}).`,
  );
  if (result.ok) {
    console.log('The workload rollups match a full recount.');
    return;
  }
  console.log(`${result.differenceCount} difference${result.differenceCount === 1 ? '' : 's'}:`);
  for (const d of result.differences) {
    console.log(`  ${d.table} ${JSON.stringify(d.key)}: expected ${d.expected}, stored ${d.actual}`);
  }
  if (result.differenceCount > result.differences.length) {
    console.log(`  … and ${result.differenceCount - result.differences.length} more`);
  }
  if (!fix) {
    console.log('Run with --fix to rebuild the rollups from the evaluations.');
    process.exitCode = 1;
    return;
  }
  const rebuilt = await rebuildWorkloadRollups(ctx.db, ctx.dialect, ctx.config.tz, ctx.clock.now());
  console.log(`Rebuilt the rollups from ${rebuilt.evaluations} evaluations.`);
  result = await checkWorkloadRollups(ctx.db, ctx.config.tz);
  console.log(result.ok ? 'The workload rollups now match.' : `Still ${result.differenceCount} differences.`);
  if (!result.ok) process.exitCode = 1;
});

import { runCli } from '../cli-runtime';
import { withStartupLock } from '../db/startup-lock';
import { seedDemo } from '../demo/seed';

/**
 * `node server/dist/cli/seed.js`: creates the demo clinic in an EMPTY database (no users), whatever
 * NODE_ENV says — running it is the explicit request. A database with users is left unchanged.
 */
await runCli(async (ctx) => {
  // Under the start-up lock, like a starting demo server's seed: one of them seeds.
  const result = await withStartupLock(ctx, () => seedDemo(ctx));
  console.log(
    result.seeded
      ? `Demo clinic created: ${result.users} users, ${result.patients} patients.`
      : 'The database already has users; nothing seeded.',
  );
});

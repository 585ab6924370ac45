import { runCli } from '../cli-runtime';
import { seedDemo } from '../demo/seed';

/**
 * `node server/dist/cli/seed.js`: creates the demo clinic in an EMPTY database (no users), whatever
 * NODE_ENV says — running it is the explicit request. A database with users is left unchanged.
 */
await runCli(async (ctx) => {
  const result = await seedDemo(ctx);
  console.log(
    result.seeded
      ? `Demo clinic created: ${result.users} users, ${result.patients} patients.`
      : 'The database already has users; nothing seeded.',
  );
});

import { runCli, UsageError } from '../cli-runtime';
import { reencryptSecrets } from '../features/users/secrets';

const USAGE = `Usage: RLS_SECRET_KEY=<new key> RLS_SECRET_KEY_OLD=<old key> npm run secrets:rotate

Re-encrypts every stored TOTP secret with RLS_SECRET_KEY (the new key), reading those under the old
one with RLS_SECRET_KEY_OLD (several old keys: comma-separated), in one transaction: all or nothing.
Run the servers with both variables set while rotating, then drop RLS_SECRET_KEY_OLD.`;

/** `npm run secrets:rotate` (docs/decisions/017-security-hardening.md). */
await runCli(async (ctx) => {
  if (process.argv.length > 2) throw new UsageError(USAGE);
  const { keys } = ctx.config;
  if (!keys.secret) throw new UsageError(`RLS_SECRET_KEY is not set.\n\n${USAGE}`);
  if (keys.secret.development) {
    console.warn('RLS_SECRET_KEY is not set: encrypting with the public development key.');
  }
  const { reencrypted, unchanged, keyId } = await reencryptSecrets(ctx);
  console.log(
    `Re-encrypted ${reencrypted} TOTP secret${reencrypted === 1 ? '' : 's'} with key ${keyId}; ${unchanged} already under it.`,
  );
});

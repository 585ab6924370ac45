import type { AppContext } from './context';
import { prepareSecretsAtRest } from './features/users/secrets';

/**
 * Start-up checks of the keys (docs/decisions/017-security-hardening.md), after migrating: warns when
 * a public development key stands in for RLS_AUDIT_KEY or RLS_SECRET_KEY (never in production, where
 * config.ts refuses to start without RLS_AUDIT_KEY), and refuses to start when stored TOTP secrets
 * cannot be protected or read; encrypts any still stored in clear.
 */
export async function prepareSecurity(ctx: AppContext): Promise<void> {
  const { audit, secret } = ctx.config.keys;
  if (audit.development) {
    ctx.logger.warn(
      'RLS_AUDIT_KEY is not set: the audit trail is keyed and device cookies are signed with the public development key (fine for development, tests and demos; set it for real use)',
    );
  }
  if (secret?.development) {
    ctx.logger.warn(
      'RLS_SECRET_KEY is not set: TOTP secrets are encrypted with the public development key (fine for development, tests and demos; set it for real use)',
    );
  }
  await prepareSecretsAtRest(ctx);
}

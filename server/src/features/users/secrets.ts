import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { KeyConfig, Keys } from '../../config';
import { appendAudit } from '../../db/audit-log';
import type { Database, UserRow } from '../../db/schema';
import { HttpError } from '../../http/errors';

/**
 * Secrets at rest (docs/decisions/017-security-hardening.md): a TOTP secret is stored AES-256-GCM
 * encrypted with RLS_SECRET_KEY, as `<iv>.<ciphertext>.<tag>` (base64url) in `users.mfa_secret`, with the
 * key's id beside it in `users.mfa_secret_key_id`. The user id is the additional authenticated data,
 * so a ciphertext copied to another user's row does not decrypt. Migration 007 has a frozen copy of
 * the format. Recovery codes are SHA-256 hashes (users/mfa.ts), passwords argon2id, session tokens
 * SHA-256: nothing else secret is stored readable.
 */

const ALGORITHM = 'aes-256-gcm';

const aadOf = (userId: string) => Buffer.from(`rls-workup users.mfa_secret ${userId}`);

/**
 * Not configured where a secret must be written: production without RLS_SECRET_KEY. A 409, not a 5xx:
 * asking again changes nothing until an administrator sets the key (clients retry 503s).
 */
class SecretKeyMissingError extends HttpError {
  constructor() {
    super(
      409,
      'mfa_unavailable',
      'Two-factor authentication is not available: the server has no RLS_SECRET_KEY to protect the secret. Ask your administrator to set it.',
    );
  }
}

export interface SealedSecret {
  ciphertext: string;
  keyId: string;
}

/** Encrypts a user's TOTP secret with the current RLS_SECRET_KEY. */
export function sealSecret(keys: Keys, userId: string, plain: string): SealedSecret {
  if (!keys.secret) throw new SecretKeyMissingError();
  return { ciphertext: seal(keys.secret, userId, plain), keyId: keys.secret.id };
}

function seal(key: KeyConfig, userId: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key.key, iv);
  cipher.setAAD(aadOf(userId));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
}

/** The keys that can read: the current one and those of RLS_SECRET_KEY_OLD. */
function readableKeys(keys: Keys): KeyConfig[] {
  return keys.secret ? [keys.secret, ...keys.previousSecrets] : keys.previousSecrets;
}

/**
 * The clear TOTP secret of a user row, or null when it has none. A secret without a key id was written
 * before migration 007 (or by an older instance during an upgrade) and is still clear text; start-up
 * encrypts those. Throws when the key is not configured or the ciphertext was altered.
 */
export function openSecret(
  keys: Keys,
  user: Pick<UserRow, 'id' | 'mfa_secret' | 'mfa_secret_key_id'>,
): string | null {
  if (user.mfa_secret === null) return null;
  if (user.mfa_secret_key_id === null) return user.mfa_secret;
  const key = readableKeys(keys).find((k) => k.id === user.mfa_secret_key_id);
  if (!key)
    throw new Error(
      `the TOTP secret is encrypted with key ${user.mfa_secret_key_id}, which is not configured`,
    );
  const [iv, body, tag] = user.mfa_secret.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !body || !tag) throw new Error('the stored TOTP secret is not in the encrypted format');
  const decipher = createDecipheriv(ALGORITHM, key.key, iv);
  decipher.setAAD(aadOf(user.id));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

/** How many TOTP secrets (enabled or pending) are stored under each key id; `null` = clear text. */
async function secretsByKey(db: Kysely<Database>): Promise<Map<string | null, number>> {
  const rows = await db
    .selectFrom('users')
    .select(['mfa_secret_key_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('mfa_secret', 'is not', null)
    .groupBy('mfa_secret_key_id')
    .execute();
  return new Map(rows.map((r) => [r.mfa_secret_key_id, Number(r.n)]));
}

/**
 * Re-encrypts, in one transaction, every TOTP secret not under the current key (clear ones included;
 * with `clearOnly`, only those) with it, auditing a rotation. Returns how many were re-encrypted and how
 * many were left as they were. Throws — changing nothing — when a secret's key is not configured or a
 * row changed meanwhile.
 */
export async function reencryptSecrets(
  ctx: AppContext,
  opts: { clearOnly?: boolean } = {},
): Promise<{ reencrypted: number; unchanged: number; keyId: string }> {
  const current = ctx.config.keys.secret;
  if (!current) throw new SecretKeyMissingError();
  const readable = readableKeys(ctx.config.keys);
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('users')
      .select(['id', 'mfa_secret', 'mfa_secret_key_id'])
      .where('mfa_secret', 'is not', null)
      .orderBy('id')
      .execute();
    const todo = rows.filter((r) =>
      opts.clearOnly ? r.mfa_secret_key_id === null : r.mfa_secret_key_id !== current.id,
    );
    const missing = [
      ...new Set(
        todo
          .map((r) => r.mfa_secret_key_id)
          .filter((id): id is string => id !== null && !readable.some((k) => k.id === id)),
      ),
    ];
    if (missing.length > 0) {
      throw new Error(
        `TOTP secrets encrypted with key ${missing.join(', ')} cannot be read: set RLS_SECRET_KEY_OLD to that key (nothing was changed)`,
      );
    }
    for (const row of todo) {
      const plain = openSecret(ctx.config.keys, row)!;
      const result = await trx
        .updateTable('users')
        .set({ mfa_secret: seal(current, row.id, plain), mfa_secret_key_id: current.id })
        .where('id', '=', row.id)
        .where('mfa_secret', '=', row.mfa_secret)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        throw new Error('a TOTP secret changed meanwhile (nothing was changed): run it again');
      }
    }
    if (todo.length > 0) {
      await appendAudit(trx, ctx, {
        actor: null,
        action: 'secrets.rotate',
        category: 'admin',
        detail: { keyId: current.id, reencrypted: todo.length, ...(opts.clearOnly ? { from: 'clear' } : {}) },
      });
    }
    return { reencrypted: todo.length, unchanged: rows.length - todo.length, keyId: current.id };
  });
}

/**
 * Start-up (docs/decisions/017-security-hardening.md): refuses to run when stored TOTP secrets cannot
 * be protected or read — production without RLS_SECRET_KEY while any user has a second factor, or a
 * secret under a key that is not configured — and encrypts secrets still stored in clear.
 */
export async function prepareSecretsAtRest(ctx: AppContext): Promise<void> {
  const counts = await secretsByKey(ctx.db);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const { keys } = ctx.config;
  if (!keys.secret && total > 0) {
    throw new Error(
      `${total} user${total === 1 ? ' has' : 's have'} two-factor authentication, but RLS_SECRET_KEY is not set: set it (32 random bytes in base64, e.g. \`openssl rand -base64 32\`) to protect their secrets`,
    );
  }
  const readable = new Set(readableKeys(keys).map((k) => k.id));
  const unreadable = [...counts.keys()].filter((id): id is string => id !== null && !readable.has(id));
  if (unreadable.length > 0) {
    throw new Error(
      `TOTP secrets are encrypted with key ${unreadable.join(', ')}, which is not configured: set RLS_SECRET_KEY to it (or RLS_SECRET_KEY_OLD while rotating; see npm run secrets:rotate)`,
    );
  }
  if ((counts.get(null) ?? 0) > 0) {
    const { reencrypted } = await reencryptSecrets(ctx, { clearOnly: true });
    ctx.logger.warn(
      { encrypted: reencrypted },
      'TOTP secrets stored in clear were encrypted with RLS_SECRET_KEY',
    );
  }
}

import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, base64url: the session token (only its SHA-256 is stored) or a CSRF token. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** sessions.id for a token. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

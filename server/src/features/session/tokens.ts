import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'rls_session';

/** 256 random bits, base64url: the session token (only its SHA-256 is stored) or a CSRF token. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** sessions.id for a token. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time string comparison. */
export function sameToken(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

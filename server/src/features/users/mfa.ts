import { createHash, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { Enrolment } from '@rls/shared';

/**
 * TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s — what authenticator apps expect) and
 * one-time recovery codes (docs/decisions/010-sessions-and-throttling.md).
 */
const TOTP_ISSUER = 'RLS Workup';
const TOTP_PERIOD_S = 30;
/** A code from the previous or next 30-second step is accepted too (clock drift). */
const TOLERANCE_S = TOTP_PERIOD_S;
const RECOVERY_CODE_COUNT = 10;

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export async function enrolmentFor(secret: string, username: string): Promise<Enrolment> {
  const otpauthUri = generateURI({ issuer: TOTP_ISSUER, label: username, secret });
  const qrDataUrl = await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2, width: 220 });
  return { secret, otpauthUri, qrDataUrl };
}

/** What a typed code looks like: six digits (TOTP) or a recovery code. */
export function looksLikeTotp(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s+/g, ''));
}

/**
 * Checks a TOTP code at `now`. Returns the code's time step when valid, else null. A step at or before
 * `lastStep` (a code already used) is refused, so a code cannot be replayed.
 */
export async function verifyTotp(
  secret: string,
  code: string,
  now: Date,
  lastStep: number | null,
): Promise<number | null> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  try {
    const result = await verify({
      secret,
      token,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: TOLERANCE_S,
      ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null;
  }
}

// Recovery codes: 10 characters from an alphabet without look-alikes (≈ 50 bits each), shown as
// xxxxx-xxxxx. High entropy, so a plain SHA-256 is a fine way to store them (no slow hash needed).
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');
}

/** Fresh recovery codes: the plain codes (shown once) and their hashes (stored). */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes: string[] = [];
  for (let i = 0; i < RECOVERY_CODE_COUNT; i++) {
    let raw = '';
    for (let j = 0; j < 10; j++) raw += ALPHABET[randomInt(ALPHABET.length)];
    codes.push(`${raw.slice(0, 5)}-${raw.slice(5)}`);
  }
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

/** The stored hashes without the one `code` matches, or null when it matches none. */
export function useRecoveryCode(stored: readonly string[], code: string): string[] | null {
  const h = hashRecoveryCode(code);
  const index = stored.indexOf(h);
  if (index < 0) return null;
  return [...stored.slice(0, index), ...stored.slice(index + 1)];
}

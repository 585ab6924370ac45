import { parseCookie } from 'cookie';
import type { Request, Response } from 'express';
import type { Kysely } from 'kysely';
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../context';
import type { Database } from '../../db/schema';

/**
 * Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies";
 * docs/decisions/017-security-hardening.md). A browser that logged in to an account keeps a signed
 * cookie naming that account; a login carrying a valid one is throttled only by that cookie's own
 * failures, never by failures from elsewhere nor by the per-address limit, so an attacker guessing
 * passwords cannot lock the real user out of their own browser.
 *
 * One cookie, `rls_device`, holds up to MAX_ENTRIES entries (a shared clinic workstation serves several
 * accounts), most recent first, joined by `~`. An entry is `<userId>.<nonce>.<issuedAt>.<mac>`:
 * HMAC-SHA256 over the rest with a key derived (HKDF) from RLS_AUDIT_KEY. No PHI, nothing stored per
 * cookie until it fails (`device_lockouts`, shared by every instance). httpOnly, SameSite=Strict,
 * path /api/session (sent to nothing else), Secure in production or over HTTPS, one year.
 */
const COOKIE = 'rls_device';
const COOKIE_PATH = '/api/session';
const MAX_ENTRIES = 8;
const LIFETIME_MS = 365 * 24 * 60 * 60_000;
/** Failures in a row after which a device cookie is locked, then dead for good. */
export const DEVICE_MAX_FAILURES = 10;
/** How long a locked device cookie is answered 429 before it simply stops counting as trusted. */
export const DEVICE_LOCK_MS = 15 * 60_000;

const ENTRY = /^([A-Za-z0-9-]{1,64})\.([A-Za-z0-9_-]{22})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

interface Entry {
  userId: string;
  nonce: string;
  issuedAt: number;
  text: string;
}

const signingKeys = new WeakMap<Buffer, Buffer>();

/** The device-cookie key: HKDF from RLS_AUDIT_KEY with its own label, so neither use weakens the other. */
function signingKey(ctx: AppContext): Buffer {
  const auditKey = ctx.config.keys.audit.key;
  let key = signingKeys.get(auditKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', auditKey, Buffer.alloc(0), 'rls-workup device cookie v1', 32));
    signingKeys.set(auditKey, key);
  }
  return key;
}

const macOf = (ctx: AppContext, userId: string, nonce: string, issuedAt: number) =>
  createHmac('sha256', signingKey(ctx)).update(`${userId}.${nonce}.${issuedAt}`).digest('base64url');

/** The raw `rls_device` cookie of a request ('' when none). */
export function deviceCookieOf(req: Request): string {
  const header = req.headers.cookie;
  if (!header) return '';
  const value = parseCookie(header)[COOKIE];
  return value && value.length <= 2000 ? value : '';
}

/** The entries whose signature is valid and which have not expired; a tampered one is ignored. */
function validEntries(ctx: AppContext, cookie: string): Entry[] {
  const now = ctx.clock.now().getTime();
  const entries: Entry[] = [];
  for (const text of cookie.split('~').slice(0, MAX_ENTRIES)) {
    const m = ENTRY.exec(text);
    if (!m) continue;
    const [, userId, nonce, issued, mac] = m as unknown as [string, string, string, string, string];
    const issuedAt = Number(issued) * 1000;
    if (issuedAt > now + 60_000 || now - issuedAt > LIFETIME_MS) continue;
    const expected = Buffer.from(macOf(ctx, userId, nonce, Number(issued)));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) continue;
    entries.push({ userId, nonce, issuedAt, text });
  }
  return entries;
}

export interface Device {
  /** SHA-256 of the nonce: the key of its `device_lockouts` row. */
  id: string;
  userId: string;
  expiresAt: string;
}

/** The device this request's cookie proves for `userId`, or null (none, another account's, tampered, expired). */
export function deviceFor(ctx: AppContext, cookie: string, userId: string): Device | null {
  const entry = validEntries(ctx, cookie).find((e) => e.userId === userId);
  if (!entry) return null;
  return {
    id: createHash('sha256').update(entry.nonce).digest('hex'),
    userId,
    expiresAt: new Date(entry.issuedAt + LIFETIME_MS).toISOString(),
  };
}

/**
 * What the lockout table says about a device: usable, locked (seconds left), or dead (locked once: it
 * is no longer trusted, and the attempt goes through the ordinary per-account and per-address limits).
 */
export async function deviceState(
  ctx: AppContext,
  device: Device,
): Promise<{ kind: 'trusted' } | { kind: 'locked'; seconds: number } | { kind: 'dead' }> {
  const row = await ctx.db
    .selectFrom('device_lockouts')
    .select(['locked_until'])
    .where('device_id', '=', device.id)
    .executeTakeFirst();
  if (!row?.locked_until) return { kind: 'trusted' };
  const ms = Date.parse(row.locked_until) - ctx.clock.now().getTime();
  return ms > 0 ? { kind: 'locked', seconds: Math.ceil(ms / 1000) } : { kind: 'dead' };
}

/**
 * Counts a failed login from a trusted device (inside the caller's transaction; one atomic upsert, so
 * concurrent failures on several instances all count). The DEVICE_MAX_FAILURES-th locks the cookie.
 * Returns whether it is now locked.
 */
export async function recordDeviceFailure(
  trx: Kysely<Database>,
  ctx: AppContext,
  device: Device,
): Promise<boolean> {
  const now = ctx.clock.now();
  const row = await trx
    .insertInto('device_lockouts')
    .values({
      device_id: device.id,
      user_id: device.userId,
      failures: 1,
      locked_until: null,
      expires_at: device.expiresAt,
    })
    .onConflict((oc) =>
      oc.column('device_id').doUpdateSet((eb) => ({ failures: eb('device_lockouts.failures', '+', 1) })),
    )
    .returning(['failures', 'locked_until'])
    .executeTakeFirstOrThrow();
  let locked = false;
  if (Number(row.failures) >= DEVICE_MAX_FAILURES && row.locked_until === null) {
    await trx
      .updateTable('device_lockouts')
      .set({ locked_until: new Date(now.getTime() + DEVICE_LOCK_MS).toISOString() })
      .where('device_id', '=', device.id)
      .where('locked_until', 'is', null)
      .execute();
    locked = true;
  }
  // Rows of expired cookies are of no use any more.
  await trx.deleteFrom('device_lockouts').where('expires_at', '<', now.toISOString()).execute();
  return locked;
}

/** A successful login from a trusted device forgets its failures. */
export async function clearDeviceFailures(trx: Kysely<Database>, device: Device): Promise<void> {
  await trx
    .deleteFrom('device_lockouts')
    .where('device_id', '=', device.id)
    .where('locked_until', 'is', null)
    .execute();
}

/**
 * Gives the browser a fresh device cookie entry for `userId` after a complete login (password, and the
 * second factor when there is one), keeping the entries of the other accounts it holds.
 */
export function issueDeviceCookie(ctx: AppContext, req: Request, res: Response, userId: string): void {
  const issued = Math.floor(ctx.clock.now().getTime() / 1000);
  const nonce = randomBytes(16).toString('base64url');
  const entry = `${userId}.${nonce}.${issued}.${macOf(ctx, userId, nonce, issued)}`;
  const others = validEntries(ctx, deviceCookieOf(req))
    .filter((e) => e.userId !== userId)
    .map((e) => e.text);
  res.cookie(COOKIE, [entry, ...others].slice(0, MAX_ENTRIES).join('~'), {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.production || req.secure,
    path: COOKIE_PATH,
    maxAge: LIFETIME_MS,
    encode: (v) => v, // base64url, '.', '~' and '-' need no escaping
  });
}

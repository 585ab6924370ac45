import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import { ManualClock } from '../../server/src/clock';
import { closeContext, createContext } from '../../server/src/context';
import { DEVICE_LOCK_MS, DEVICE_MAX_FAILURES } from '../../server/src/features/session/devices';
import { ADDRESS_POLICY, addressKey, recordFailure } from '../../server/src/features/session/throttle';
import { createUser, startTestServer, type ErrorBody, type TestServer } from './helpers';

/**
 * Issue 17: no attacker locks a clinician out (docs/decisions/017-security-hardening.md). A browser
 * that signed in to an account holds a device cookie for it; its logins are throttled only by its own
 * failures, never by an attacker's failures elsewhere nor by the per-address limit.
 */

const clock = new ManualClock('2026-08-03T07:30:00.000Z');
const PASSWORD = 'device cookie pw 1';
let server: TestServer;

beforeAll(async () => {
  // TRUST_PROXY=loopback: the test acts from several client addresses through X-Forwarded-For.
  server = await startTestServer({ clock, env: { TRUST_PROXY: 'loopback' } });
});

let userCount = 0;
/** A new clinician account (each test its own, so no test sees another's counters). */
async function newUser(prefix: string): Promise<string> {
  userCount += 1;
  const username = `${prefix}${userCount}`;
  await createUser(server.ctx, { username, role: 'clinician', name: `Dr ${username}`, password: PASSWORD });
  return username;
}
afterAll(() => server.close());

interface Attempt {
  status: number;
  retryAfter: number | null;
  code: string | undefined;
  /** The device cookie the response set, if any. */
  device: string | undefined;
}

/** One login as a browser would send it: its device cookie (if any), from an address. */
async function attempt(
  username: string,
  password: string,
  opts: { device?: string; ip?: string; baseUrl?: string } = {},
): Promise<Attempt> {
  const headers: Record<string, string> = { 'x-forwarded-for': opts.ip ?? '203.0.113.50' };
  if (opts.device) headers.cookie = `rls_device=${opts.device}`;
  const api = server.client();
  const res = await api.post<ErrorBody>('/api/session', { username, password }, { headers });
  const set = res.headers.getSetCookie().find((c) => c.startsWith('rls_device='));
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after') === null ? null : Number(res.headers.get('retry-after')),
    code: res.status === 200 ? undefined : res.body.error.code,
    device: set ? set.split(';')[0]!.slice('rls_device='.length) : undefined,
  };
}

/** A browser that has signed in as `username` once: its device cookie. */
async function trustedBrowser(username: string, device?: string): Promise<string> {
  const ok = await attempt(username, PASSWORD, { ip: '198.51.100.10', ...(device ? { device } : {}) });
  expect(ok.status).toBe(200);
  expect(ok.device).toBeDefined();
  return ok.device!;
}

/** `n` real failures from addresses all over, waiting out each backoff as a patient attacker would. */
async function attackerFails(username: string, n: number): Promise<void> {
  let failures = 0;
  for (let i = 0; failures < n; i++) {
    const res = await attempt(username, `guess number ${i}`, { ip: `192.0.2.${i % 250}` });
    if (res.status === 429) clock.advance(res.retryAfter! * 1000);
    else {
      expect(res.status).toBe(401);
      failures += 1;
    }
  }
}

describe('an attacker guessing a password', () => {
  it('cannot lock the real user out of the browser they signed in with before', async () => {
    const maya = await newUser('maya');
    const usersBrowser = await trustedBrowser(maya);
    await attackerFails(maya, 12);

    // The account is now backed off for everyone without a device cookie — the attacker included,
    // even with the right password…
    const attacker = await attempt(maya, PASSWORD, { ip: '192.0.2.77' });
    expect(attacker.status).toBe(429);
    expect(attacker.code).toBe('throttled');
    expect(attacker.retryAfter).toBeGreaterThan(0);
    // …and a new browser of the real user's (no device cookie) is held up the same way.
    expect((await attempt(maya, PASSWORD)).status).toBe(429);

    // The real user's own browser gets in at once, and gets a fresh device cookie.
    const real = await attempt(maya, PASSWORD, { device: usersBrowser });
    expect(real.status).toBe(200);
    expect(real.device).toBeDefined();
    expect(real.device).not.toBe(usersBrowser);

    // Their success does not reset the attacker's backoff.
    expect((await attempt(maya, PASSWORD, { ip: '192.0.2.78' })).status).toBe(429);
    // A wrong password from the trusted browser is an ordinary 401 (not throttled).
    expect((await attempt(maya, 'mistyped it', { device: real.device! })).status).toBe(401);
    expect((await attempt(maya, PASSWORD, { device: real.device! })).status).toBe(200);
  });

  it('cannot lock a whole clinic out through the per-address limit (one NAT or an untrusted proxy)', async () => {
    const clinic = '10.20.30.40';
    const ward = await newUser('ward');
    const wardsBrowser = await trustedBrowser(ward);
    await server.ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < ADDRESS_POLICY.hourlyLimit; i++) {
        await recordFailure(trx, server.ctx, addressKey(clinic), ADDRESS_POLICY);
      }
    });
    const untrusted = await attempt(ward, PASSWORD, { ip: clinic });
    expect(untrusted.status).toBe(429);
    expect(untrusted.retryAfter).toBe(3600);
    expect((await attempt(ward, PASSWORD, { ip: clinic, device: wardsBrowser })).status).toBe(200);
  });
});

describe('a logged-in user', () => {
  it('can still change their password while an attacker has their account backed off', async () => {
    const user = await newUser('changer');
    const session = await server.login(user, PASSWORD);
    await attackerFails(user, 6);
    expect((await attempt(user, PASSWORD)).status).toBe(429);
    const changed = await session.post('/api/account/password', {
      currentPassword: PASSWORD,
      newPassword: 'Copper-Kettle-Lighthouse-42',
    });
    expect(changed.status).toBe(200);
    // The password check inside a session has a counter of its own: 5 wrong ones back it off.
    for (let i = 0; i < 5; i++) {
      const wrong = await session.post('/api/account/password', {
        currentPassword: `not it ${i}`,
        newPassword: 'Another-Harbor-Window-17',
      });
      expect(wrong.status).toBe(422);
    }
    const blocked = await session.post<ErrorBody>('/api/account/password', {
      currentPassword: 'Copper-Kettle-Lighthouse-42',
      newPassword: 'Another-Harbor-Window-17',
    });
    expect(blocked.status).toBe(429);
  });
});

describe('a device cookie', () => {
  it('for another account does not help', async () => {
    const omar = await newUser('omar');
    const colleaguesBrowser = await trustedBrowser(await newUser('colleague'));
    await attackerFails(omar, 6);
    expect((await attempt(omar, PASSWORD)).status).toBe(429);
    expect((await attempt(omar, PASSWORD, { device: colleaguesBrowser })).status).toBe(429);
  });

  it('that was tampered with is ignored: the login is throttled like any other', async () => {
    const omar = await newUser('omar');
    const omarsBrowser = await trustedBrowser(omar);
    const colleaguesBrowser = await trustedBrowser(await newUser('colleague'));
    await attackerFails(omar, 6);
    expect((await attempt(omar, PASSWORD, { device: omarsBrowser })).status).toBe(200);

    const [userId, nonce, issued, mac] = omarsBrowser.split('.') as [string, string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const forgeries = [
      `${userId}.${nonce}.${issued}.${flip(mac)}`, // a changed signature
      `${userId}.${flip(nonce)}.${issued}.${mac}`, // another nonce under the old signature
      `${userId}.${nonce}.${Number(issued) + 1}.${mac}`, // a later issue date
      `${userId}.${nonce}.${issued}`, // no signature
      'garbage',
    ];
    // A colleague's valid entry re-labelled with omar's id.
    const [, cNonce, cIssued, cMac] = colleaguesBrowser.split('.') as [string, string, string, string];
    forgeries.push(`${userId}.${cNonce}.${cIssued}.${cMac}`);
    for (const forged of forgeries) {
      const res = await attempt(omar, PASSWORD, { device: forged });
      expect(res.status, forged).toBe(429);
    }
  });

  it('is locked by its own failures only: other browsers of the user carry on', async () => {
    const nina = await newUser('nina');
    const first = await trustedBrowser(nina);
    const second = await trustedBrowser(nina);
    for (let i = 0; i < DEVICE_MAX_FAILURES; i++) {
      expect((await attempt(nina, `fumbled ${i}`, { device: first })).status).toBe(401);
    }
    const locked = await attempt(nina, PASSWORD, { device: first });
    expect(locked.status).toBe(429);
    expect(locked.retryAfter).toBe(DEVICE_LOCK_MS / 1000);

    // Not the account: the user's other browser, and a browser without a cookie, still get in.
    expect((await attempt(nina, PASSWORD, { device: second })).status).toBe(200);
    expect((await attempt(nina, PASSWORD)).status).toBe(200);

    // The lock ends, but the cookie no longer counts as trusted: its failures now count against the
    // account like anyone's (5 in a row back the account off).
    clock.advance(DEVICE_LOCK_MS);
    for (let i = 0; i < 5; i++) {
      expect((await attempt(nina, `again ${i}`, { device: first })).status).toBe(401);
    }
    expect((await attempt(nina, PASSWORD)).status).toBe(429);
    expect((await attempt(nina, PASSWORD, { device: first })).status).toBe(429);
    // …while the browser that never failed is still trusted.
    expect((await attempt(nina, PASSWORD, { device: second })).status).toBe(200);
  });

  it('holds one entry per account a shared workstation signed in to', async () => {
    const [early, late] = [await newUser('early'), await newUser('late')];
    let device = await trustedBrowser(early);
    device = await trustedBrowser(late, device);
    expect(device.split('~')).toHaveLength(2);
    await attackerFails(early, 6);
    await attackerFails(late, 6);
    expect((await attempt(early, PASSWORD, { device })).status).toBe(200);
    expect((await attempt(late, PASSWORD, { device })).status).toBe(200);
  });

  it('is locked across app instances: the failures live in the database', async () => {
    const multi = await newUser('multi');
    const device = await trustedBrowser(multi);
    const ctx2 = createContext(server.ctx.config, { clock, logger: pino({ level: 'silent' }) });
    const other = createApp(ctx2).listen(0, '127.0.0.1');
    await new Promise((r) => other.once('listening', r));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const viaOther = (password: string) =>
        fetch(`${otherUrl}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: `rls_device=${device}` },
          body: JSON.stringify({ username: multi, password }),
        });
      for (let i = 0; i < DEVICE_MAX_FAILURES; i++) {
        const res = i % 2 === 0 ? await viaOther('wrong one') : await attempt(multi, 'wrong two', { device });
        expect(res.status).toBe(401);
      }
      expect((await viaOther(PASSWORD)).status).toBe(429);
      expect((await attempt(multi, PASSWORD, { device })).status).toBe(429);
    } finally {
      other.close();
      other.closeAllConnections();
      await closeContext(ctx2);
    }
  });

  it('is Secure in production even over plain HTTP, and never names the user', async () => {
    const prod = await startTestServer({
      clock,
      env: { NODE_ENV: 'production', RLS_AUDIT_KEY: Buffer.alloc(32, 7).toString('base64') },
    });
    try {
      await createUser(prod.ctx, { username: 'prod', role: 'clinician', name: 'Prod', password: PASSWORD });
      const res = await prod.client().post('/api/session', { username: 'prod', password: PASSWORD });
      expect(res.status).toBe(200);
      const device = res.headers.getSetCookie().find((c) => c.startsWith('rls_device='))!;
      expect(device).toMatch(/;\s*Secure/i);
      expect(device).toMatch(/SameSite=Strict/i);
      expect(device).not.toContain('prod');
    } finally {
      await prod.close();
    }
  });
});

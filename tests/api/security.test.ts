import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import { ManualClock } from '../../server/src/clock';
import { loadConfig } from '../../server/src/config';
import { closeContext, createContext } from '../../server/src/context';
import { migrateToLatest } from '../../server/src/db/migrations';
import { ADDRESS_POLICY, addressKey, recordFailure } from '../../server/src/features/session/throttle';
import {
  ApiClient,
  createUser,
  fakeClientDist,
  startTestServer,
  type ErrorBody,
  type TestServer,
} from './helpers';

/** Issue 8: sessions, throttling, headers, CSRF, no PHI in logs. */

const clock = new ManualClock('2026-06-01T08:00:00.000Z');
const PASSWORD = 'security password 1';
let server: TestServer;
let clientDist: string;

beforeAll(async () => {
  clientDist = fakeClientDist();
  // TRUST_PROXY=loopback: X-Forwarded-For / -Proto from the test (on 127.0.0.1) are believed, so
  // tests can act from several client addresses and as if over HTTPS.
  server = await startTestServer({ clock, clientDist, env: { TRUST_PROXY: 'loopback' } });
  for (const [username, role] of [
    ['nurse', 'clinician'],
    ['doc', 'clinician'],
    ['boss', 'admin'],
    ['victim', 'clinician'],
    ['walker', 'clinician'],
  ] as const) {
    await createUser(server.ctx, { username, role, name: `User ${username}`, password: PASSWORD });
  }
});
afterAll(async () => {
  await server.close();
  fs.rmSync(clientDist, { recursive: true, force: true });
});

function cspOf(value: string | null): Map<string, string> {
  return new Map(
    (value ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...rest] = d.split(/\s+/);
        return [name!, rest.join(' ')] as const;
      }),
  );
}

describe('security headers', () => {
  it('sends a strict CSP and the other headers on the app page and on the API', async () => {
    for (const url of ['/', '/api/health', '/api/nothing-here']) {
      const res = await server.client().get(url, { headers: { accept: 'text/html' } });
      const csp = cspOf(res.headers.get('content-security-policy'));
      expect(Object.fromEntries(csp), url).toEqual({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self' 'unsafe-inline'",
        'img-src': "'self' data:",
        'font-src': "'self'",
        'connect-src': "'self'",
        'object-src': "'none'",
        'base-uri': "'none'",
        'form-action': "'self'",
        'frame-ancestors': "'none'",
      });
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), url).toBe('no-referrer');
      expect(res.headers.get('x-frame-options'), url).toBe('DENY');
      expect(res.headers.get('x-powered-by'), url).toBeNull();
      expect(res.headers.get('strict-transport-security'), url).toBeNull(); // plain HTTP
    }
  });

  it('marks every API response no-store, errors included', async () => {
    for (const url of ['/api/health', '/api/session', '/api/patients', '/api/nothing-here']) {
      const res = await server.client().get(url);
      expect(res.headers.get('cache-control'), url).toBe('no-store');
    }
  });

  it('sends HSTS and a Secure cookie only when the request came over HTTPS', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    const res = await server
      .client()
      .post('/api/session', { username: 'nurse', password: PASSWORD }, { headers: https });
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers.getSetCookie()[0]).toMatch(/;\s*Secure/i);

    const plain = await server.client().post('/api/session', { username: 'nurse', password: PASSWORD });
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    expect(plain.headers.getSetCookie()[0]).not.toMatch(/Secure/i);
  });
});

describe('session tokens', () => {
  it('are 256-bit random, stored only as their SHA-256, and new at every login', async () => {
    const a = await server.login('doc', PASSWORD);
    const b = await server.login('doc', PASSWORD);
    const tokenA = a.cookie!.split('=')[1]!;
    const tokenB = b.cookie!.split('=')[1]!;
    expect(tokenA).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes, base64url
    expect(tokenA).not.toBe(tokenB);
    expect(a.csrfToken).not.toBe(b.csrfToken);

    const rows = await server.ctx.db.selectFrom('sessions').selectAll().execute();
    const ids = rows.map((r) => r.id);
    expect(ids).toContain(createHash('sha256').update(tokenA).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(tokenA);
  });

  it('revokes the session cookie a browser presents when it logs in again (no fixation)', async () => {
    const first = await server.login('doc', PASSWORD);
    const oldCookie = first.cookie;
    const again = await first.login('doc', PASSWORD); // same client: sends its old cookie
    expect(again.status).toBe(200);
    expect(first.cookie).not.toBe(oldCookie);
    const replay = server.client();
    replay.cookie = oldCookie;
    expect((await replay.get('/api/session')).status).toBe(401);
    expect((await first.get('/api/session')).status).toBe(200);
  });

  it('ends after 30 idle minutes: 30:00 is still alive, 30:01 is not', async () => {
    const api = await server.login('walker', PASSWORD);
    clock.advance(30 * 60_000);
    expect((await api.get('/api/session')).status).toBe(200);
    clock.advance(30 * 60_000 + 1000);
    const ended = await api.get<ErrorBody>('/api/session');
    expect(ended.status).toBe(401);
    expect(ended.body.error.code).toBe('unauthenticated');
    const expiry = await server.ctx.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('action', '=', 'session.expire')
      .where('username', '=', 'walker')
      .execute();
    expect(expiry.map((r) => JSON.parse(r.detail!) as unknown)).toEqual([{ reason: 'idle' }]);
  });

  it('ends 12 hours after login however active: 12:00:00 alive, 12:00:01 not', async () => {
    const api = await server.login('walker', PASSWORD);
    for (let i = 0; i < 24; i++) {
      clock.advance(30 * 60_000);
      expect((await api.get('/api/session')).status).toBe(200);
    }
    clock.advance(1000); // 12 h + 1 s after login
    expect((await api.get('/api/session')).status).toBe(401);
  });

  it('records activity at most once a minute', async () => {
    const api = await server.login('walker', PASSWORD);
    const lastSeen = async () =>
      (
        await server.ctx.db
          .selectFrom('sessions')
          .select('last_seen_at')
          .where('id', '=', createHash('sha256').update(api.cookie!.split('=')[1]!).digest('hex'))
          .executeTakeFirstOrThrow()
      ).last_seen_at;
    const loginAt = await lastSeen();
    clock.advance(59_000);
    await api.get('/api/session');
    expect(await lastSeen()).toBe(loginAt);
    clock.advance(2000);
    await api.get('/api/session');
    expect(await lastSeen()).toBe(clock.now().toISOString());
  });
});

describe('revocation', () => {
  it('logout, disabling the account, an administrator reset and a role change end sessions', async () => {
    const admin = await server.login('boss', PASSWORD);
    const user = await createUser(server.ctx, {
      username: 'temp1',
      role: 'clinician',
      name: 'Temp',
      password: PASSWORD,
    });

    let api = await server.login('temp1', PASSWORD);
    const loggedOut = api.cookie;
    expect((await api.delete('/api/session')).status).toBe(204);
    const replay = new ApiClient(server.baseUrl);
    replay.cookie = loggedOut;
    expect((await replay.get('/api/session')).status).toBe(401);

    api = await server.login('temp1', PASSWORD);
    expect((await admin.patch(`/api/users/${user.id}`, { active: false })).status).toBe(200);
    expect((await api.get('/api/session')).status).toBe(401);
    expect((await admin.patch(`/api/users/${user.id}`, { active: true })).status).toBe(200);

    api = await server.login('temp1', PASSWORD);
    const reset = await admin.post(`/api/users/${user.id}/password`, { password: 'Brand-New-Harbor-77' });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ revokedSessions: 1 });
    expect((await api.get('/api/session')).status).toBe(401);
    expect((await server.client().login('temp1', PASSWORD)).status).toBe(401);

    api = await server.login('temp1', 'Brand-New-Harbor-77');
    expect((await admin.patch(`/api/users/${user.id}`, { role: 'admin' })).status).toBe(200);
    expect((await api.get('/api/session')).status).toBe(401);
  });

  it('changing your own password ends your other sessions and keeps this one', async () => {
    await createUser(server.ctx, { username: 'temp2', role: 'clinician', name: 'Temp', password: PASSWORD });
    const here = await server.login('temp2', PASSWORD);
    const elsewhere = await server.login('temp2', PASSWORD);
    const res = await here.post('/api/account/password', {
      currentPassword: PASSWORD,
      newPassword: 'Quiet-Lantern-Orchard-9',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revokedSessions: 1 });
    expect((await here.get('/api/session')).status).toBe(200);
    expect((await elsewhere.get('/api/session')).status).toBe(401);
    expect((await server.client().login('temp2', 'Quiet-Lantern-Orchard-9')).status).toBe(200);
  });
});

describe('login throttling', () => {
  const attempt = (username: string, password: string, ip = '203.0.113.7') =>
    server
      .client()
      .post<ErrorBody>('/api/session', { username, password }, { headers: { 'x-forwarded-for': ip } });

  it('backs off exponentially after 5 failures in a row (1 s, 2 s, 4 s … 30 s), per account, whatever the address', async () => {
    for (let i = 0; i < 5; i++)
      expect((await attempt('victim', 'nope nope nope', `198.51.100.${i}`)).status).toBe(401);
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const blocked = await attempt('victim', PASSWORD, `198.51.100.${50 + i}`); // even the right password
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('throttled');
      const wait = Number(blocked.headers.get('retry-after'));
      expect(blocked.body.error.details).toEqual({ retryAfterSeconds: wait });
      waits.push(wait);
      clock.advance(wait * 1000);
      expect((await attempt('victim', 'still wrong!!', `198.51.100.${80 + i}`)).status).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 30, 30]);
    // Never permanent: the block ends, and the right password works again and resets the backoff.
    clock.advance(30_000);
    expect((await attempt('victim', PASSWORD)).status).toBe(200);
    expect((await attempt('victim', 'one more miss')).status).toBe(401);
    expect((await attempt('victim', PASSWORD)).status).toBe(200);
  });

  it('caps failures per client address (200 an hour) across usernames, then answers 429 with Retry-After', async () => {
    const ip = '192.0.2.99';
    await server.ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < ADDRESS_POLICY.hourlyLimit - 1; i++) {
        await recordFailure(trx, server.ctx, addressKey(ip), ADDRESS_POLICY);
      }
    });
    expect((await attempt('nobody-at-all', 'wrong password', ip)).status).toBe(401); // the 200th
    const blocked = await attempt('nurse', PASSWORD, ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBe(3600);
    // Another address is not affected; the block lifts when the hour is over.
    expect((await attempt('nurse', PASSWORD, '192.0.2.100')).status).toBe(200);
    clock.advance(3600_000);
    expect((await attempt('nurse', PASSWORD, ip)).status).toBe(200);
  });

  it('keeps the counters in the database, so every app instance sees them', async () => {
    await createUser(server.ctx, {
      username: 'shared',
      role: 'clinician',
      name: 'Shared',
      password: PASSWORD,
    });
    // A second instance of the app over the same database.
    const ctx2 = createContext(server.ctx.config, { clock, logger: pino({ level: 'silent' }) });
    const other = createApp(ctx2).listen(0, '127.0.0.1');
    await new Promise((r) => other.once('listening', r));
    const otherApi = new ApiClient(`http://127.0.0.1:${(other.address() as AddressInfo).port}`);
    try {
      for (let i = 0; i < 3; i++) expect((await attempt('shared', 'wrong guess!!')).status).toBe(401);
      for (let i = 0; i < 2; i++) {
        expect(
          (await otherApi.post('/api/session', { username: 'shared', password: 'wrong guess!!' })).status,
        ).toBe(401);
      }
      expect((await otherApi.post('/api/session', { username: 'shared', password: PASSWORD })).status).toBe(
        429,
      );
      expect((await attempt('shared', PASSWORD)).status).toBe(429);
    } finally {
      other.close();
      other.closeAllConnections();
      await closeContext(ctx2);
    }
  });
});

describe('CSRF', () => {
  it('refuses a state change with another session’s token or none, and accepts its own', async () => {
    const a = await server.login('nurse', PASSWORD);
    const b = await server.login('doc', PASSWORD);
    const stolen = await a.post<ErrorBody>('/api/account/mfa/setup', undefined, {
      csrf: false,
      headers: { 'x-csrf-token': b.csrfToken! },
    });
    expect(stolen.status).toBe(403);
    expect(stolen.body.error.code).toBe('csrf');
    expect((await a.post<ErrorBody>('/api/account/mfa/setup', undefined, { csrf: false })).status).toBe(403);
    expect((await a.post('/api/account/mfa/setup')).status).toBe(200);
  });

  it('uses an httpOnly SameSite=Lax cookie, so a cross-site POST carries no session', async () => {
    const res = await server.client().post('/api/session', { username: 'nurse', password: PASSWORD });
    const cookie = res.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
  });
});

describe('no PHI in logs', () => {
  it('logs the path without its query string and never a body', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rls-log-'));
    const config = loadConfig({ DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, TZ: 'UTC' });
    const ctx = createContext(config, { clock, logger: pino({ level: 'info' }, sink) });
    await migrateToLatest(ctx.db, ctx.dialect);
    await createUser(ctx, { username: 'logdoc', role: 'clinician', name: 'Dr Log', password: PASSWORD });
    const app = createApp(ctx).listen(0, '127.0.0.1');
    await new Promise((r) => app.once('listening', r));
    try {
      const api = new ApiClient(`http://127.0.0.1:${(app.address() as AddressInfo).port}`);
      await api.login('logdoc', PASSWORD);
      await api.post('/api/patients', {
        mrn: 'MRN-SECRET-1',
        name: 'Zelda Secretname',
        birthDate: '1950-02-03',
        sex: 'female',
      });
      await api.get('/api/patients?query=Secretname&page=1');
      const text = lines.join('');
      expect(text).toContain('"path":"/api/patients"');
      for (const phi of ['Secretname', 'MRN-SECRET-1', '1950-02-03', PASSWORD, 'query='])
        expect(text).not.toContain(phi);
    } finally {
      app.close();
      app.closeAllConnections();
      await closeContext(ctx);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

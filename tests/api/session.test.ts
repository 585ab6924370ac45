import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import { setActive } from '../../server/src/features/users/service';
import { createUser, startTestServer, type ErrorBody, type TestServer } from './helpers';

interface SessionBody {
  user: { id: string; username: string; name: string; role: string };
  csrfToken: string;
}

const clock = new ManualClock('2026-05-04T08:00:00.000Z');
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ clock });
  await createUser(server.ctx, {
    username: 'maya',
    role: 'clinician',
    name: 'Dr. Maya Chen',
    password: 'correct horse battery',
  });
  await createUser(server.ctx, {
    username: 'root',
    role: 'admin',
    name: 'Alex Admin',
    password: 'admin password 1',
  });
});
afterAll(() => server.close());

describe('POST /api/session', () => {
  it('logs in with the right password: user, CSRF token, an httpOnly SameSite=Lax session cookie and a device cookie', async () => {
    const api = server.client();
    const res = await api.post<SessionBody>('/api/session', {
      username: 'maya',
      password: 'correct horse battery',
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({
      id: expect.any(String) as string,
      username: 'maya',
      name: 'Dr. Maya Chen',
      role: 'clinician',
    });
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookies = res.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    expect(cookies[0]).toMatch(/^rls_session=[A-Za-z0-9_-]{43};/);
    expect(cookies[0]).toMatch(/HttpOnly/i);
    expect(cookies[0]).toMatch(/SameSite=Lax/i);
    expect(cookies[0]).not.toMatch(/Secure/i); // plain http here
    // The device cookie (tests/api/security-device-cookies.test.ts): sent only to login, for a year.
    expect(cookies[1]).toMatch(/^rls_device=[\w.~-]+;/);
    expect(cookies[1]).toMatch(/Path=\/api\/session(;|$)/);
    expect(cookies[1]).toMatch(/HttpOnly/i);
    expect(cookies[1]).toMatch(/SameSite=Strict/i);
    expect(cookies[1]).toMatch(/Max-Age=31536000/);
    expect(cookies[1]).not.toContain('maya');
  });

  it('accepts the username in any case', async () => {
    expect((await server.client().login('MAYA', 'correct horse battery')).status).toBe(200);
  });

  it('refuses a wrong password and an unknown user with the same 401', async () => {
    const wrong = await server
      .client()
      .post<ErrorBody>('/api/session', { username: 'maya', password: 'not the password' });
    const unknown = await server
      .client()
      .post<ErrorBody>('/api/session', { username: 'nobody', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('names a missing field with 422', async () => {
    const res = await server.client().post<ErrorBody>('/api/session', { username: 'maya' });
    expect(res.status).toBe(422);
    expect(res.body.error.details?.items).toEqual([
      { code: 'password', reason: expect.any(String) as string },
    ]);
  });

  it('backs off a username after 5 failures with 429 and Retry-After, even for the right password', async () => {
    await createUser(server.ctx, {
      username: 'target',
      role: 'clinician',
      name: 'Dr. Target',
      password: 'target password 1',
    });
    for (let i = 0; i < 5; i++) {
      expect((await server.client().login('target', `wrong password ${i}`)).status).toBe(401);
    }
    const blocked = await server
      .client()
      .post<ErrorBody>('/api/session', { username: 'target', password: 'target password 1' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('throttled');
    // Exponential backoff starts at 1 s (tests/api/security.test.ts walks the whole policy).
    expect(Number(blocked.headers.get('retry-after'))).toBe(1);
    // Other users are not affected.
    expect((await server.client().login('maya', 'correct horse battery')).status).toBe(200);
    clock.advance(1000);
    expect((await server.client().login('target', 'target password 1')).status).toBe(200);
  });
});

describe('GET /api/session', () => {
  it('is 401 without a session', async () => {
    const res = await server.client().get<ErrorBody>('/api/session');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('returns the user and the same CSRF token for the whole session', async () => {
    const api = await server.login('maya', 'correct horse battery');
    const first = await api.get<SessionBody>('/api/session');
    const second = await api.get<SessionBody>('/api/session');
    expect(first.status).toBe(200);
    expect(first.body.csrfToken).toBe(api.csrfToken);
    expect(second.body.csrfToken).toBe(api.csrfToken);
    expect(first.body.user.username).toBe('maya');
  });

  it('ignores a forged cookie', async () => {
    const api = server.client();
    api.cookie = 'rls_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect((await api.get('/api/session')).status).toBe(401);
  });
});

describe('DELETE /api/session', () => {
  it('needs the CSRF token (403) and ends the session (204); the old cookie is then 401', async () => {
    const api = await server.login('maya', 'correct horse battery');
    const cookie = api.cookie;

    const noToken = await api.delete<ErrorBody>('/api/session', { csrf: false });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('csrf');
    const wrongToken = await api.delete<ErrorBody>('/api/session', {
      csrf: false,
      headers: { 'x-csrf-token': 'x'.repeat(43) },
    });
    expect(wrongToken.status).toBe(403);
    expect((await api.get('/api/session')).status).toBe(200);

    const out = await api.delete('/api/session');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(/^rls_session=;/);

    const replay = server.client();
    replay.cookie = cookie;
    expect((await replay.get('/api/session')).status).toBe(401);
  });

  it('is 401 (not 403) without a session', async () => {
    expect((await server.client().delete('/api/session')).status).toBe(401);
  });
});

describe('session lifetime', () => {
  it('ends after 30 idle minutes', async () => {
    const api = await server.login('maya', 'correct horse battery');
    clock.advance(29 * 60_000);
    expect((await api.get('/api/session')).status).toBe(200); // activity refreshes last_seen_at
    clock.advance(29 * 60_000);
    expect((await api.get('/api/session')).status).toBe(200);
    clock.advance(30 * 60_000 + 1000);
    expect((await api.get('/api/session')).status).toBe(401);
  });

  it('ends 12 hours after login however active', async () => {
    const api = await server.login('maya', 'correct horse battery');
    for (let i = 0; i < 24; i++) {
      clock.advance(29 * 60_000);
      expect((await api.get('/api/session')).status).toBe(200);
    }
    clock.advance(25 * 60_000); // 24 × 29 + 25 = 721 minutes
    expect((await api.get('/api/session')).status).toBe(401);
  });

  it('ends when the user is disabled, and a disabled user cannot log in', async () => {
    await createUser(server.ctx, {
      username: 'leaver',
      role: 'clinician',
      name: 'Dr. Leaver',
      password: 'leaver password 1',
    });
    const api = await server.login('leaver', 'leaver password 1');
    await setActive(server.ctx, null, 'leaver', false);
    expect((await api.get('/api/session')).status).toBe(401);
    expect((await server.client().login('leaver', 'leaver password 1')).status).toBe(401);
  });
});

describe('audit', () => {
  it('records logins, failures and logouts without passwords', async () => {
    const rows = await server.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('category', '=', 'auth')
      .execute();
    expect(
      rows.some((r) => r.action === 'session.login' && r.outcome === 'success' && r.username === 'maya'),
    ).toBe(true);
    expect(
      rows.some((r) => r.action === 'session.login' && r.outcome === 'failure' && r.username === 'nobody'),
    ).toBe(true);
    expect(rows.some((r) => r.action === 'session.logout' && r.username === 'maya')).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('correct horse battery');
  });
});

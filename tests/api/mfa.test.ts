import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import { createUser, startTestServer, type ApiClient, type ErrorBody, type TestServer } from './helpers';

/** Issue 9: optional TOTP second factor, recovery codes, enforcement for administrators. */

const clock = new ManualClock('2026-07-01T10:00:00.000Z');
const PASSWORD = 'second factor pw 1';
let server: TestServer;

interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrDataUrl: string;
}

/** The code an authenticator app shows at the server's (manual) time, `steps` × 30 s from now. */
const codeAt = (secret: string, steps = 0) =>
  generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) + steps * 30 });

/** Moves to the next 30-second step (a step's code is accepted once). */
const nextStep = () => clock.advance(30_000);

async function enrol(api: ApiClient): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await api.post<Enrolment>('/api/account/mfa/setup');
  expect(setup.status).toBe(200);
  const enabled = await api.post<{ recoveryCodes: string[] }>('/api/account/mfa/enable', {
    code: await codeAt(setup.body.secret),
  });
  expect(enabled.status).toBe(200);
  nextStep();
  return { secret: setup.body.secret, recoveryCodes: enabled.body.recoveryCodes };
}

beforeAll(async () => {
  server = await startTestServer({ clock });
  for (const username of ['alice', 'bob', 'carol', 'dave']) {
    await createUser(server.ctx, { username, role: 'clinician', name: `Dr ${username}`, password: PASSWORD });
  }
  await createUser(server.ctx, { username: 'root', role: 'admin', name: 'Root', password: PASSWORD });
});
afterAll(() => server.close());

describe('enrolment', () => {
  it('shows a QR code and a secret, and turns on only after a correct code, returning 10 recovery codes', async () => {
    const api = await server.login('alice', PASSWORD);
    const setup = await api.post<Enrolment>('/api/account/mfa/setup');
    expect(setup.status).toBe(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/); // 160 bits, base32
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/RLS%20Workup:alice\?/);
    expect(setup.body.otpauthUri).toContain(`secret=${setup.body.secret}`);
    expect(setup.body.qrDataUrl).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]{200,}$/);

    const wrong = await api.post<ErrorBody>('/api/account/mfa/enable', { code: '000000' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details?.items?.[0]?.code).toBe('code');
    expect((await api.get<{ mfaEnabled: boolean }>('/api/account')).body.mfaEnabled).toBe(false);

    const ok = await api.post<{ recoveryCodes: string[] }>('/api/account/mfa/enable', {
      code: await codeAt(setup.body.secret),
    });
    expect(ok.status).toBe(200);
    const codes = ok.body.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(await api.get('/api/account')).toMatchObject({
      body: { mfaEnabled: true, recoveryCodesLeft: 10, mfaRequired: false },
    });

    const row = await server.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'alice')
      .executeTakeFirstOrThrow();
    expect(row.mfa_enabled).toBe(1);
    expect(JSON.stringify(row)).not.toContain(setup.body.secret); // encrypted (security-secrets.test.ts)
    for (const c of codes) expect(row.recovery_codes).not.toContain(c); // stored hashed only
    expect(JSON.parse(row.recovery_codes!)).toHaveLength(10);

    // Setting up again while it is on is refused.
    expect((await api.post<ErrorBody>('/api/account/mfa/setup')).status).toBe(409);
  });
});

describe('login with a second factor', () => {
  it('gives a pending session that grants nothing until the code is entered, then a new session', async () => {
    const api = await server.login('bob', PASSWORD);
    const { secret } = await enrol(api);

    const step1 = server.client();
    const res = await step1.post<Record<string, unknown>>('/api/session', {
      username: 'bob',
      password: PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ mfaRequired: true });
    const pendingCookie = step1.cookie;
    expect(pendingCookie).toBeDefined();
    // The password alone earns no device cookie (security-device-cookies.test.ts): the code does.
    expect(res.headers.getSetCookie().some((c) => c.startsWith('rls_device='))).toBe(false);

    const session = await step1.get<ErrorBody>('/api/session');
    expect(session.status).toBe(401);
    expect(session.body.error.code).toBe('mfa_required');
    expect((await step1.get('/api/account')).status).toBe(401);
    expect((await step1.get('/api/patients')).status).toBe(401);

    const wrong = await step1.post<ErrorBody>('/api/session/mfa', { code: '123456' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_code');

    const done = await step1.post<{ user: { username: string }; csrfToken: string }>('/api/session/mfa', {
      code: await codeAt(secret),
    });
    expect(done.status).toBe(200);
    expect(done.headers.getSetCookie().some((c) => c.startsWith('rls_device='))).toBe(true);
    expect(done.body.user.username).toBe('bob');
    expect(done.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(step1.cookie).not.toBe(pendingCookie); // a new token for the full session
    step1.csrfToken = done.body.csrfToken;
    expect((await step1.get('/api/session')).status).toBe(200);
    expect((await step1.get('/api/patients')).status).toBe(200);

    const old = server.client();
    old.cookie = pendingCookie;
    expect((await old.get('/api/session')).status).toBe(401);
  });

  it('accepts a code from the previous or next 30-second step, but never the same code twice', async () => {
    const api = await server.login('carol', PASSWORD);
    const { secret } = await enrol(api);
    const login = async (code: string) => {
      const c = server.client();
      await c.post('/api/session', { username: 'carol', password: PASSWORD });
      return c.post<ErrorBody>('/api/session/mfa', { code });
    };
    nextStep(); // the step before now has not been used yet
    const previous = await codeAt(secret, -1);
    expect((await login(previous)).status).toBe(200);
    const current = await codeAt(secret);
    expect((await login(current)).status).toBe(200);
    const replay = await login(current);
    expect(replay.status).toBe(401); // already used
    expect((await login(await codeAt(secret, 3))).status).toBe(401); // 90 s ahead: too far
  });

  it('accepts each recovery code once instead of the app code', async () => {
    const api = await server.login('dave', PASSWORD);
    const { recoveryCodes } = await enrol(api);
    const login = async (code: string) => {
      const c = server.client();
      await c.post('/api/session', { username: 'dave', password: PASSWORD });
      return c.post<ErrorBody>('/api/session/mfa', { code });
    };
    expect((await login(recoveryCodes[3]!.toUpperCase().replace('-', ' '))).status).toBe(200);
    expect((await login(recoveryCodes[3]!)).status).toBe(401);
    const c = server.client();
    await c.post('/api/session', { username: 'dave', password: PASSWORD });
    const ok = await c.post<{ csrfToken: string }>('/api/session/mfa', { code: recoveryCodes[0] });
    c.csrfToken = ok.body.csrfToken;
    expect((await c.get('/api/account')).body).toMatchObject({ recoveryCodesLeft: 8 });
  });

  it('throttles wrong codes (429 with Retry-After) and lets a pending login lapse after 5 minutes', async () => {
    const c = server.client();
    await c.post('/api/session', { username: 'bob', password: PASSWORD });
    for (let i = 0; i < 5; i++)
      expect((await c.post('/api/session/mfa', { code: '000000' })).status).toBe(401);
    const blocked = await c.post<ErrorBody>('/api/session/mfa', { code: '000000' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    clock.advance(5 * 60_000 + 1000);
    const lapsed = await c.post<ErrorBody>('/api/session/mfa', { code: '000000' });
    expect(lapsed.status).toBe(401);
    expect(lapsed.body.error.code).toBe('unauthenticated');
  });

  it('logs in without a second factor for a user who has none', async () => {
    const res = await server.client().post<Record<string, unknown>>('/api/session', {
      username: 'root',
      password: PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['csrfToken', 'user']);
  });
});

describe('managing the second factor', () => {
  it('renews recovery codes with a current code; turns off with the password; an admin can reset it', async () => {
    await createUser(server.ctx, {
      username: 'erin',
      role: 'clinician',
      name: 'Dr Erin',
      password: PASSWORD,
    });
    const api = await server.login('erin', PASSWORD);
    const { secret, recoveryCodes } = await enrol(api);

    const renewed = await api.post<{ recoveryCodes: string[] }>('/api/account/mfa/recovery-codes', {
      code: await codeAt(secret),
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body.recoveryCodes).toHaveLength(10);
    expect(renewed.body.recoveryCodes).not.toContain(recoveryCodes[0]);
    nextStep();

    const wrong = await api.delete<ErrorBody>('/api/account/mfa', { headers: {} });
    expect(wrong.status).toBe(422); // no password sent
    const off = await api.request('DELETE', '/api/account/mfa', { password: PASSWORD });
    expect(off.status).toBe(204);
    expect((await api.get('/api/account')).body).toMatchObject({ mfaEnabled: false });
    expect((await server.client().login('erin', PASSWORD)).body).toHaveProperty('csrfToken'); // one step again

    // Lost phone: an administrator removes the second factor.
    await enrol(api);
    const admin = await server.login('root', PASSWORD);
    const user = (await admin.get<{ id: string; username: string }[]>('/api/users')).body.find(
      (u) => u.username === 'erin',
    )!;
    const reset = await admin.delete(`/api/users/${user.id}/mfa`);
    expect(reset.status).toBe(200);
    expect((await api.get('/api/session')).status).toBe(401); // the user's sessions ended
    expect((await server.client().login('erin', PASSWORD)).status).toBe(200);
  });
});

describe('RLS_REQUIRE_ADMIN_MFA=1', () => {
  it('makes an administrator without a second factor enrol before anything else', async () => {
    const strict = await startTestServer({ clock, env: { RLS_REQUIRE_ADMIN_MFA: '1' } });
    try {
      await createUser(strict.ctx, { username: 'chief', role: 'admin', name: 'Chief', password: PASSWORD });
      await createUser(strict.ctx, {
        username: 'staff',
        role: 'clinician',
        name: 'Staff',
        password: PASSWORD,
      });
      const admin = strict.client();
      const login = await admin.login('chief', PASSWORD);
      expect(login.body).toMatchObject({ mfaEnrolmentRequired: true, user: { username: 'chief' } });

      const blocked = await admin.get<ErrorBody>('/api/users');
      expect(blocked.status).toBe(403);
      expect(blocked.body.error.code).toBe('mfa_enrolment_required');
      expect((await admin.get('/api/workload')).status).toBe(403);
      expect((await admin.get('/api/session')).body).toMatchObject({ mfaEnrolmentRequired: true });
      expect((await admin.get('/api/account')).body).toMatchObject({ mfaRequired: true, mfaEnabled: false });

      const setup = await admin.post<Enrolment>('/api/account/mfa/setup');
      expect(setup.status).toBe(200);
      expect(
        (await admin.post('/api/account/mfa/enable', { code: await codeAt(setup.body.secret) })).status,
      ).toBe(200);
      expect((await admin.get('/api/users')).status).toBe(200);
      expect(
        (await admin.get<Record<string, unknown>>('/api/session')).body.mfaEnrolmentRequired,
      ).toBeUndefined();

      // Administrators cannot turn it off here; clinicians are not required to have one.
      const off = await admin.request<ErrorBody>('DELETE', '/api/account/mfa', { password: PASSWORD });
      expect(off.status).toBe(403);
      expect(off.body.error.code).toBe('mfa_required_by_policy');
      const staff = await strict.client().login('staff', PASSWORD);
      expect(staff.body).not.toHaveProperty('mfaEnrolmentRequired');
    } finally {
      await strict.close();
    }
  });
});

import type { AddressInfo } from 'node:net';
import { generate } from 'otplib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import { ManualClock } from '../../server/src/clock';
import { keyIdOf, loadConfig, type Config } from '../../server/src/config';
import { closeContext, createContext, type AppContext } from '../../server/src/context';
import { prepareSecurity } from '../../server/src/security';
import { ApiClient, createUser, startTestServer, type ErrorBody, type TestServer } from './helpers';
import { bundleCli, removeBundle, runCli } from './security-cli';

/**
 * Issue 17: secrets at rest (docs/decisions/017-security-hardening.md). TOTP secrets are stored
 * AES-256-GCM encrypted with RLS_SECRET_KEY, the key id beside them; `npm run secrets:rotate` moves
 * them to a new key; production refuses to run without the key once anyone has a second factor.
 */

const clock = new ManualClock('2026-08-06T10:00:00.000Z');
const PASSWORD = 'secrets at rest pw 1';
let server: TestServer;
let rotateCli: string;

beforeAll(async () => {
  server = await startTestServer({ clock });
  rotateCli = await bundleCli('secrets-rotate');
});
afterAll(async () => {
  await server.close();
  removeBundle(rotateCli);
});

const codeAt = (secret: string) => generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });

async function enrolled(username: string): Promise<string> {
  await createUser(server.ctx, { username, role: 'clinician', name: `Dr ${username}`, password: PASSWORD });
  const api = await server.login(username, PASSWORD);
  const setup = await api.post<{ secret: string }>('/api/account/mfa/setup');
  expect(setup.status).toBe(200);
  expect(await databaseText()).not.toContain(setup.body.secret); // pending: encrypted already
  const enable = await api.post('/api/account/mfa/enable', { code: await codeAt(setup.body.secret) });
  expect(enable.status).toBe(200);
  clock.advance(30_000);
  return setup.body.secret;
}

/** Everything the users table and the audit trail hold, as text. */
async function databaseText(): Promise<string> {
  const users = await server.ctx.db.selectFrom('users').selectAll().execute();
  const audit = await server.ctx.db.selectFrom('audit_log').selectAll().execute();
  return JSON.stringify({ users, audit });
}

/** Logs in with password and TOTP code against `baseUrl`; the final status. */
async function loginWithCode(baseUrl: string, username: string, secret: string): Promise<number> {
  const api = new ApiClient(baseUrl);
  const first = await api.post<{ mfaRequired?: boolean }>('/api/session', { username, password: PASSWORD });
  expect(first.body).toEqual({ mfaRequired: true });
  const second = await api.post('/api/session/mfa', { code: await codeAt(secret) });
  clock.advance(30_000);
  return second.status;
}

/** The same database served by another app instance with other keys (as after a restart). */
async function withInstance<T>(
  env: Record<string, string>,
  fn: (ctx: AppContext, baseUrl: string) => Promise<T>,
) {
  const database = server.ctx.config.database;
  const url = database.kind === 'sqlite' ? `sqlite:${database.filename}` : database.url;
  const config: Config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', ...env });
  const ctx = createContext(config, { clock, logger: pino({ level: 'silent' }) });
  const app = createApp(ctx).listen(0, '127.0.0.1');
  await new Promise((r) => app.once('listening', r));
  try {
    return await fn(ctx, `http://127.0.0.1:${(app.address() as AddressInfo).port}`);
  } finally {
    app.close();
    app.closeAllConnections();
    await closeContext(ctx);
  }
}

const devSecretKey = () => server.ctx.config.keys.secret!.key.toString('base64');
const NEW_KEY = Buffer.alloc(32, 'the new secret key').toString('base64');

describe('TOTP secrets at rest', () => {
  it('are never in the database in clear, and logins with a code still work', async () => {
    const secret = await enrolled('alice');
    const text = await databaseText();
    expect(text).not.toContain(secret);
    expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    const row = await server.ctx.db
      .selectFrom('users')
      .select(['mfa_secret', 'mfa_secret_key_id', 'recovery_codes'])
      .where('username', '=', 'alice')
      .executeTakeFirstOrThrow();
    expect(row.mfa_secret_key_id).toBe(server.ctx.config.keys.secret!.id);
    expect(row.mfa_secret).toMatch(/^[\w-]{16}\.[\w-]+\.[\w-]{22}$/); // iv.ciphertext.tag
    expect(JSON.parse(row.recovery_codes!)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^[0-9a-f]{64}$/)]),
    );
    expect(await loginWithCode(server.baseUrl, 'alice', secret)).toBe(200);
  });

  it('are re-encrypted under a new key by secrets:rotate, all in one go; the old key then reads nothing', async () => {
    const secret = await enrolled('bob');
    const database = server.ctx.config.database;
    const url = database.kind === 'sqlite' ? `sqlite:${database.filename}` : database.url;

    // Without the old key nothing can be read, so nothing changes.
    const refused = await runCli(rotateCli, [], { DATABASE_URL: url, RLS_SECRET_KEY: NEW_KEY });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      `TOTP secrets encrypted with key ${server.ctx.config.keys.secret!.id} cannot be read: set RLS_SECRET_KEY_OLD`,
    );
    const ids = async () =>
      new Set(
        (
          await server.ctx.db
            .selectFrom('users')
            .select('mfa_secret_key_id')
            .where('mfa_secret', 'is not', null)
            .execute()
        ).map((r) => r.mfa_secret_key_id),
      );
    expect(await ids()).toEqual(new Set([server.ctx.config.keys.secret!.id]));

    const rotated = await runCli(rotateCli, [], {
      DATABASE_URL: url,
      RLS_SECRET_KEY: NEW_KEY,
      RLS_SECRET_KEY_OLD: devSecretKey(),
    });
    expect(rotated.stderr).toBe('');
    expect(rotated.status).toBe(0);
    const newId = keyIdOf(Buffer.from(NEW_KEY, 'base64'));
    expect(rotated.stdout).toMatch(
      new RegExp(`Re-encrypted [1-9]\\d* TOTP secrets? with key ${newId}; 0 already under it\\.`),
    );
    expect(await ids()).toEqual(new Set([newId]));
    expect(await databaseText()).not.toContain(secret);
    const [audit] = await server.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'secrets.rotate')
      .execute();
    expect(JSON.parse(audit!.detail!)).toMatchObject({ keyId: newId });

    // An instance with the new key logs the user in; one with only the old key refuses to start.
    await withInstance({ RLS_SECRET_KEY: NEW_KEY }, async (ctx, baseUrl) => {
      await expect(prepareSecurity(ctx)).resolves.toBeUndefined();
      expect(await loginWithCode(baseUrl, 'bob', secret)).toBe(200);
    });
    await expect(prepareSecurity(server.ctx)).rejects.toThrow(
      `TOTP secrets are encrypted with key ${newId}, which is not configured: set RLS_SECRET_KEY to it`,
    );

    // Running it again changes nothing.
    const again = await runCli(rotateCli, [], { DATABASE_URL: url, RLS_SECRET_KEY: NEW_KEY });
    expect(again.stdout).toMatch(/Re-encrypted 0 TOTP secrets with key [0-9a-f]{8}; \d+ already under it\./);
  });
});

describe('production without RLS_SECRET_KEY', () => {
  const production = {
    NODE_ENV: 'production',
    RLS_AUDIT_KEY: Buffer.alloc(32, 'prod audit').toString('base64'),
  };

  it('refuses to start once any user has a second factor, naming the variable', async () => {
    await withInstance(production, async (ctx) => {
      await expect(prepareSecurity(ctx)).rejects.toThrow(
        /\d+ users have two-factor authentication, but RLS_SECRET_KEY is not set/,
      );
    });
  });

  it('starts with nobody enrolled, and then refuses an enrolment (409) instead of storing a secret unprotected', async () => {
    const prod = await startTestServer({ clock, env: production });
    try {
      await createUser(prod.ctx, { username: 'carol', role: 'clinician', name: 'Carol', password: PASSWORD });
      await expect(prepareSecurity(prod.ctx)).resolves.toBeUndefined();
      const api = await prod.login('carol', PASSWORD);
      const res = await api.post<ErrorBody>('/api/account/mfa/setup');
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('mfa_unavailable');
      expect(res.body.error.message).toMatch(/RLS_SECRET_KEY/);
      const row = await prod.ctx.db.selectFrom('users').select('mfa_secret').executeTakeFirstOrThrow();
      expect(row.mfa_secret).toBeNull();
    } finally {
      await prod.close();
    }
  });
});

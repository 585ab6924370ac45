import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startTestServer, type ApiClient, type ErrorBody, type TestServer } from './helpers';
import { bundleCli, removeBundle, runCli } from './security-cli';

/** Issue 9: user management — the admin API and `npm run users`. */

const PASSWORD = 'users test pw 1';
let server: TestServer;
let admin: ApiClient;
let adminId: string;

interface UserSummary {
  id: string;
  username: string;
  name: string;
  role: string;
  active: boolean;
  mfaEnabled: boolean;
  createdAt: string;
  passwordChangedAt: string;
  lastLoginAt: string | null;
}

beforeAll(async () => {
  server = await startTestServer();
  adminId = (
    await createUser(server.ctx, { username: 'head', role: 'admin', name: 'Head Admin', password: PASSWORD })
  ).id;
  admin = await server.login('head', PASSWORD);
});
afterAll(() => server.close());

describe('/api/users', () => {
  it('creates a user with a strong password (201), who can then log in; audited', async () => {
    const res = await admin.post<UserSummary>('/api/users', {
      username: 'New.Doc',
      name: 'Dr New',
      role: 'clinician',
      password: 'Granite-Pelican-Sunrise',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      username: 'new.doc',
      name: 'Dr New',
      role: 'clinician',
      active: true,
      mfaEnabled: false,
      lastLoginAt: null,
    });
    expect((await server.client().login('new.doc', 'Granite-Pelican-Sunrise')).status).toBe(200);

    const list = await admin.get<UserSummary[]>('/api/users');
    const created = list.body.find((u) => u.username === 'new.doc')!;
    expect(created.lastLoginAt).not.toBeNull();
    const text = JSON.stringify(list.body);
    for (const secret of ['password_hash', 'argon2', 'mfa_secret', 'recovery'])
      expect(text).not.toContain(secret);

    const audit = await server.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.create')
      .where('entity_id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ username: 'head', role: 'admin', category: 'admin' });
    expect(audit.detail).not.toContain('Granite');
  });

  it.each([
    ['short', 'Short-1', 'must be at least 12 characters long'],
    ['common', 'password1234', 'is too common'],
    ['common with decoration', 'Sunshine2024!!', 'is too common'],
    ['repetitive', 'abcabcabcabc', 'too easy to guess'],
    ['the username inside', 'xx-weakling-xx-99', 'must not contain the username'],
  ])('refuses a %s password with 422 naming the password', async (_label, password, reason) => {
    const res = await admin.post<ErrorBody>('/api/users', {
      username: 'weakling',
      name: 'W',
      role: 'clinician',
      password,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details?.items).toEqual([
      { code: 'password', reason: expect.stringContaining(reason) as string },
    ]);
  });

  it('refuses a taken username (409) and names bad fields (422)', async () => {
    const dup = await admin.post<ErrorBody>('/api/users', {
      username: 'head',
      name: 'X',
      role: 'admin',
      password: 'Granite-Pelican-Sunrise',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('duplicate_username');
    const bad = await admin.post<ErrorBody>('/api/users', {
      username: '!',
      name: '',
      role: 'boss',
      password: 'Granite-Pelican-Sunrise',
      extra: 1,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details?.items?.map((i) => i.code).sort()).toEqual([
      'extra',
      'name',
      'role',
      'username',
    ]);
  });

  it('changes a role (a privilege change: audited before/after, sessions end), disables and re-enables', async () => {
    const user = await createUser(server.ctx, {
      username: 'promo',
      role: 'clinician',
      name: 'Promo',
      password: PASSWORD,
    });
    const session = await server.login('promo', PASSWORD);
    const res = await admin.patch<UserSummary>(`/api/users/${user.id}`, { role: 'admin', name: 'Promoted' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'admin', name: 'Promoted' });
    expect((await session.get('/api/session')).status).toBe(401);
    const change = await server.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.role-change')
      .where('entity_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(change.detail!)).toEqual({
      username: 'promo',
      from: 'clinician',
      to: 'admin',
      revokedSessions: 1,
    });

    expect((await admin.patch<UserSummary>(`/api/users/${user.id}`, { active: false })).body.active).toBe(
      false,
    );
    expect((await server.client().login('promo', PASSWORD)).status).toBe(401);
    expect((await admin.patch<UserSummary>(`/api/users/${user.id}`, { active: true })).body.active).toBe(
      true,
    );
    expect((await server.client().login('promo', PASSWORD)).status).toBe(200);
    const actions = (
      await server.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', user.id)
        .where('action', 'like', 'user.%')
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);
    expect(actions).toEqual([
      'user.create',
      'user.update',
      'user.role-change',
      'user.disable',
      'user.enable',
    ]);
  });

  it('does not let administrators change their own role or disable themselves (so one always remains)', async () => {
    const self = await admin.patch<ErrorBody>(`/api/users/${adminId}`, { active: false });
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('self_change');
    expect(
      (await admin.patch<ErrorBody>(`/api/users/${adminId}`, { role: 'clinician' })).body.error.code,
    ).toBe('self_change');
    expect((await admin.get<UserSummary>(`/api/users/${adminId}`)).body).toMatchObject({
      role: 'admin',
      active: true,
    });
    // Their own name is fine.
    expect((await admin.patch<UserSummary>(`/api/users/${adminId}`, { name: 'Head' })).body.name).toBe(
      'Head',
    );
  });

  it('resets a password (the user’s sessions end) and refuses a weak one', async () => {
    const user = await createUser(server.ctx, {
      username: 'forgot',
      role: 'clinician',
      name: 'Forgot',
      password: PASSWORD,
    });
    const session = await server.login('forgot', PASSWORD);
    const weak = await admin.post<ErrorBody>(`/api/users/${user.id}/password`, {
      password: 'forgot-me-not-1',
    });
    expect(weak.status).toBe(422);
    const ok = await admin.post(`/api/users/${user.id}/password`, { password: 'Copper-Heron-Valley' });
    expect(ok.body).toEqual({ revokedSessions: 1 });
    expect((await session.get('/api/session')).status).toBe(401);
    expect((await server.client().login('forgot', 'Copper-Heron-Valley')).status).toBe(200);
    expect(
      (
        await admin.post<ErrorBody>('/api/users/00000000-0000-0000-0000-000000000000/password', {
          password: 'Copper-Heron-Valley',
        })
      ).status,
    ).toBe(404);
  });
});

describe('npm run users', () => {
  let bundle: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    bundle = await bundleCli('users');
    const database = server.ctx.config.database;
    env = { DATABASE_URL: database.kind === 'sqlite' ? `sqlite:${database.filename}` : database.url };
  });
  afterAll(() => removeBundle(bundle));
  const users = (args: string[], extra: Record<string, string> = {}) =>
    runCli(bundle, args, { ...env, ...extra });

  it('adds, lists, disables, enables and resets a user against the configured database', async () => {
    const add = await users(['add', 'cli.doc', '--name', 'Dr Cli', '--role', 'clinician'], {
      RLS_PASSWORD: 'Marble-Finch-Harbour',
    });
    expect(add.stderr).toBe('');
    expect(add.stdout).toBe('Created clinician "cli.doc" (Dr Cli).\n');
    expect(add.status).toBe(0);
    const session = await server.login('cli.doc', 'Marble-Finch-Harbour');

    const list = await users(['list']);
    expect(list.status).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^USERNAME\s+NAME\s+ROLE\s+ACTIVE\s+MFA\s+CREATED$/);
    expect(list.stdout).toMatch(/^cli\.doc\s+Dr Cli\s+clinician\s+yes\s+no\s+\d{4}-\d{2}-\d{2}$/m);

    const disable = await users(['disable', 'cli.doc']);
    expect(disable.stdout).toBe('Disabled "cli.doc"; ended 1 session.\n');
    expect((await session.get('/api/session')).status).toBe(401);
    expect((await server.client().login('cli.doc', 'Marble-Finch-Harbour')).status).toBe(401);
    expect((await users(['enable', 'cli.doc'])).stdout).toBe('Enabled "cli.doc".\n');

    const reset = await users(['reset-password', 'cli.doc'], { RLS_PASSWORD: 'Violet-Canyon-Drift' });
    expect(reset.status).toBe(0);
    expect((await server.client().login('cli.doc', 'Violet-Canyon-Drift')).status).toBe(200);

    const audit = await server.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'user_id'])
      .where('action', 'like', 'user.%')
      .where('detail', 'like', '%cli.doc%')
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'user.create', user_id: null },
      { action: 'user.disable', user_id: null },
      { action: 'user.enable', user_id: null },
      { action: 'user.reset-password', user_id: null },
    ]);
  });

  it('refuses weak passwords, unknown users and bad usage with a message and a non-zero exit', async () => {
    const weak = await users(['add', 'weak.one', '--name', 'W', '--role', 'clinician'], {
      RLS_PASSWORD: 'qwertyuiop123',
    });
    expect(weak.status).toBe(2);
    expect(weak.stderr).toContain('RLS_PASSWORD is too common');
    const noPassword = await users(['add', 'weak.one', '--name', 'W', '--role', 'clinician']);
    expect(noPassword.status).toBe(2);
    expect(noPassword.stderr).toContain('Set RLS_PASSWORD');
    const unknown = await users(['disable', 'ghost']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('No user "ghost".\n');
    const usage = await users(['promote']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Unknown command "promote"');
    const dup = await users(['add', 'head', '--name', 'X', '--role', 'admin'], {
      RLS_PASSWORD: 'Marble-Finch-Harbour',
    });
    expect(dup.status).toBe(1);
    expect(dup.stderr).toBe('The username "head" is taken.\n');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/src/demo/seed';
import { DEMO_PASSWORD, startTestServer, type TestServer } from './helpers';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('demo clinic', () => {
  it('seeds an empty database with the demo accounts and patients, once', async () => {
    server = await startTestServer({ seedDemo: true });
    const demo = await server.client().get('/api/demo');
    expect(demo.status).toBe(200);
    expect(demo.body).toEqual({
      demo: true,
      accounts: [
        { username: 'clinician', role: 'clinician' },
        { username: 'clinician2', role: 'clinician' },
        { username: 'admin', role: 'admin' },
      ],
      password: 'rls-demo-2026',
    });

    for (const username of ['clinician', 'clinician2', 'admin']) {
      expect((await server.client().login(username, DEMO_PASSWORD)).status).toBe(200);
    }
    const clinician = await server.login('clinician');
    expect(clinician.user?.name).toBe('Dr. Maya Chen');

    const page = await clinician.get<{
      total: number;
      items: { mrn: string; birthDate: string; sex: string }[];
    }>('/api/patients?pageSize=100');
    expect(page.body.total).toBe(40);
    expect(page.body.items.every((p) => /^MRN-\d{6}$/.test(p.mrn))).toBe(true);
    expect(page.body.items.some((p) => p.birthDate > '2008-01-01')).toBe(true); // a child
    expect(new Set(page.body.items.map((p) => p.sex))).toEqual(
      new Set(['female', 'male', 'other', 'unknown']),
    );

    // Idempotent: a database with users is left alone.
    expect(await seedDemo(server.ctx)).toEqual({ seeded: false, users: 0, patients: 0 });
    const users = await server.ctx.db.selectFrom('users').select('username').execute();
    expect(users).toHaveLength(3);
  });

  it('shows no demo banner when demo mode is off', async () => {
    server = await startTestServer({ seedDemo: true, env: { RLS_DEMO: '0' } });
    expect((await server.client().get('/api/demo')).body).toEqual({ demo: false });
  });

  it('shows no demo banner when the demo accounts do not exist', async () => {
    server = await startTestServer();
    expect((await server.client().get('/api/demo')).body).toEqual({ demo: false });
  });
});

import { getWorkup, listItems, WORKUP_VERSIONS } from '@rls/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startTestServer, type ApiClient, type ErrorBody, type TestServer } from './helpers';

let server: TestServer;
let clinician: ApiClient;
let admin: ApiClient;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  for (const [username, role, name] of [
    ['zed', 'clinician', 'Dr. Zed Young'],
    ['amy', 'clinician', 'Dr. Amy Adams'],
    ['gone', 'clinician', 'Dr. Gone Away'],
    ['root', 'admin', 'Root Admin'],
  ] as const) {
    ids[username] = (
      await createUser(server.ctx, { username, role, name, password: 'silver lake orchard 19' })
    ).id;
  }
  await server.ctx.db.updateTable('users').set({ active: 0 }).where('id', '=', ids.gone!).execute();
  clinician = await server.login('zed', 'silver lake orchard 19');
  admin = await server.login('root', 'silver lake orchard 19');
});
afterAll(() => server.close());

describe('GET /api/workflow', () => {
  it('serves the current definition, with every item the checklist renders, to clinicians and admins', async () => {
    for (const api of [clinician, admin]) {
      const res = await api.get<ReturnType<typeof getWorkup>>('/api/workflow');
      expect(res.status).toBe(200);
      expect(res.body).toEqual(JSON.parse(JSON.stringify(getWorkup())));
    }
    const res = await clinician.get<ReturnType<typeof getWorkup>>('/api/workflow');
    expect(res.body.stages.map((s) => s.id)).toEqual(['history', 'exam', 'labs', 'imaging']);
    const ferritin = res.body.stages[2]?.groups
      .flatMap((g) => g.items)
      .find((i) => i.code === 'lab.ferritin');
    expect(ferritin).toMatchObject({ type: 'number', unit: 'ng/mL', loinc: '2276-4' });
    expect(
      listItems(res.body)
        .filter((i) => i.requiredForSign)
        .map((i) => i.code),
    ).toEqual([
      'criteria.urge',
      'criteria.rest',
      'criteria.movementRelief',
      'criteria.eveningWorse',
      'criteria.notMimic',
    ]);
  });

  it('serves a published version by number; 404 for an unknown one, 422 for a bad parameter', async () => {
    for (const version of WORKUP_VERSIONS) {
      const res = await clinician.get<{ version: number }>(`/api/workflow?version=${version}`);
      expect([res.status, res.body]).toEqual([200, JSON.parse(JSON.stringify(getWorkup(version)))]);
    }
    expect(WORKUP_VERSIONS).toContain(1); // evaluations started under version 1 stay readable
    const missing = await clinician.get<ErrorBody>(
      `/api/workflow?version=${Math.max(...WORKUP_VERSIONS) + 1}`,
    );
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
    for (const bad of ['abc', '0', '1.5']) {
      const res = await clinician.get<ErrorBody>(`/api/workflow?version=${bad}`);
      expect(res.status, bad).toBe(422);
      expect(res.body.error.details?.items?.map((i) => i.code)).toEqual(['version']);
    }
    expect((await clinician.get('/api/workflow?other=1')).status).toBe(422);
  });

  it('needs a session', async () => {
    expect((await server.client().get('/api/workflow')).status).toBe(401);
  });
});

describe('GET /api/clinicians', () => {
  it('lists active clinicians by name, for clinicians and admins alike', async () => {
    for (const api of [clinician, admin]) {
      const res = await api.get('/api/clinicians');
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        { id: ids.amy, name: 'Dr. Amy Adams' },
        { id: ids.zed, name: 'Dr. Zed Young' },
      ]);
    }
  });

  it('needs a session', async () => {
    expect((await server.client().get('/api/clinicians')).status).toBe(401);
  });
});

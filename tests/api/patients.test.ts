import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import { createUser, startTestServer, type ApiClient, type ErrorBody, type TestServer } from './helpers';

interface Item {
  id: string;
  mrn: string;
  name: string;
  birthDate: string;
  sex: string;
  evaluation: null;
}
interface Page {
  items: Item[];
  total: number;
  page: number;
  pageSize: number;
}

let server: TestServer;
let api: ApiClient;
const clock = new ManualClock('2026-06-10T12:00:00.000Z');

const PATIENTS = [
  { mrn: 'MRN-200001', name: 'Zoe Abbott', birthDate: '1960-01-01', sex: 'female' },
  { mrn: 'MRN-200002', name: 'adam Brook', birthDate: '1970-02-02', sex: 'male' },
  { mrn: 'MRN-200003', name: 'Carla 100% Cruz', birthDate: '1980-03-03', sex: 'other' },
  { mrn: 'MRN-200004', name: 'Dan_Dale', birthDate: '1990-04-04', sex: 'unknown' },
  { mrn: 'XY-77', name: 'Eve Evans', birthDate: '2015-05-05', sex: 'female' },
];

beforeAll(async () => {
  server = await startTestServer({ clock });
  await createUser(server.ctx, {
    username: 'doc',
    role: 'clinician',
    name: 'Dr. Doc',
    password: 'doctor password 1',
  });
  await createUser(server.ctx, {
    username: 'boss',
    role: 'admin',
    name: 'Boss',
    password: 'admin password 1',
  });
  api = await server.login('doc', 'doctor password 1');
  for (const p of PATIENTS) expect((await api.post('/api/patients', p)).status).toBe(201);
});
afterAll(() => server.close());

describe('GET /api/patients', () => {
  it('lists a page sorted by name, case-insensitively, with the documented item shape', async () => {
    const res = await api.get<Page>('/api/patients');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(5);
    expect(res.body.page).toBe(1);
    expect(res.body.pageSize).toBe(25);
    expect(res.body.items.map((p) => p.name)).toEqual([
      'adam Brook',
      'Carla 100% Cruz',
      'Dan_Dale',
      'Eve Evans',
      'Zoe Abbott',
    ]);
    expect(res.body.items[0]).toEqual({
      id: expect.any(String) as string,
      mrn: 'MRN-200002',
      name: 'adam Brook',
      birthDate: '1970-02-02',
      sex: 'male',
      evaluation: null,
    });
  });

  it('matches query as a case-insensitive substring of name or MRN', async () => {
    const names = async (q: string) =>
      (await api.get<Page>(`/api/patients?query=${encodeURIComponent(q)}`)).body.items.map((p) => p.name);
    expect(await names('BROOK')).toEqual(['adam Brook']);
    expect(await names('mrn-20000')).toHaveLength(4);
    expect(await names('xy-7')).toEqual(['Eve Evans']);
    expect(await names('evans xy')).toEqual(['Eve Evans']); // name and MRN as one string
    expect(await names('  abbott ')).toEqual(['Zoe Abbott']);
    expect(await names('nobody')).toEqual([]);
  });

  it('treats LIKE wildcards in the query literally', async () => {
    const count = async (q: string) =>
      (await api.get<Page>(`/api/patients?query=${encodeURIComponent(q)}`)).body.total;
    expect(await count('%')).toBe(1); // only "Carla 100% Cruz"
    expect(await count('_')).toBe(1); // only "Dan_Dale"
    expect(await count('\\')).toBe(0);
  });

  it('pages with page and pageSize', async () => {
    const page2 = await api.get<Page>('/api/patients?page=2&pageSize=2');
    expect(page2.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page2.body.items.map((p) => p.name)).toEqual(['Dan_Dale', 'Eve Evans']);
    const page3 = await api.get<Page>('/api/patients?page=3&pageSize=2');
    expect(page3.body.items.map((p) => p.name)).toEqual(['Zoe Abbott']);
    expect((await api.get<Page>('/api/patients?pageSize=100')).status).toBe(200);
  });

  it('names the bad parameter with 422', async () => {
    for (const [qs, field] of [
      ['pageSize=101', 'pageSize'],
      ['pageSize=0', 'pageSize'],
      ['page=0', 'page'],
      ['page=abc', 'page'],
      ['sort=age', 'sort'],
    ] as const) {
      const res = await api.get<ErrorBody>(`/api/patients?${qs}`);
      expect(res.status, qs).toBe(422);
      expect(res.body.error.details?.items?.map((i) => i.code)).toEqual([field]);
    }
  });

  it('is 401 without a session and 403 for an administrator', async () => {
    expect((await server.client().get('/api/patients')).status).toBe(401);
    const admin = await server.login('boss', 'admin password 1');
    const res = await admin.get<ErrorBody>('/api/patients');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});

describe('POST /api/patients', () => {
  const valid = { mrn: 'MRN-300001', name: 'New Person', birthDate: '2001-07-08', sex: 'female' };

  it('creates a patient (201) that the worklist then shows', async () => {
    const res = await api.post<Item>('/api/patients', valid);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject(valid);
    const found = await api.get<Page>('/api/patients?query=new%20person');
    expect(found.body.items.map((p) => p.id)).toEqual([res.body.id]);
  });

  it('refuses a duplicate MRN with 409', async () => {
    const res = await api.post<ErrorBody>('/api/patients', { ...valid, name: 'Someone Else' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('duplicate_mrn');
  });

  it('refuses a birth date in the future (by the server clock) but accepts today', async () => {
    const tomorrow = await api.post<ErrorBody>('/api/patients', {
      ...valid,
      mrn: 'MRN-300002',
      birthDate: '2026-06-11',
    });
    expect(tomorrow.status).toBe(422);
    expect(tomorrow.body.error.details?.items?.[0]?.code).toBe('birthDate');
    expect(
      (await api.post('/api/patients', { ...valid, mrn: 'MRN-300003', birthDate: '2026-06-10' })).status,
    ).toBe(201);
  });

  it('lists every invalid field, including unknown ones', async () => {
    const res = await api.post<ErrorBody>('/api/patients', {
      mrn: '',
      name: 'X',
      birthDate: '2020-02-30',
      sex: 'f',
      extra: 1,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details?.items?.map((i) => i.code).sort()).toEqual([
      'birthDate',
      'extra',
      'mrn',
      'sex',
    ]);
  });

  it('needs the CSRF token (403 before validation)', async () => {
    const res = await api.post<ErrorBody>('/api/patients', {}, { csrf: false });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf');
  });

  it('audits the creation with the patient id and no PHI', async () => {
    const rows = await server.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'patient.create')
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.every((r) => r.patient_id && r.username === 'doc' && r.role === 'clinician')).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/MRN-|Zoe|Abbott/);
  });
});

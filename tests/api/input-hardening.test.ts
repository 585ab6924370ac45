// Input that is malformed rather than merely wrong (issue 13): a body that is not JSON (415), a path
// whose percent-encoding does not decode (400), dates a query cannot mean (422 naming the parameter,
// or a correct 200 where the date is real), and keys such as __proto__ that JSON.parse makes into own
// properties and that a plain object copy would drop without a word (422 naming them).
import type { AuditPage, WorkloadEvaluationPage, WorkloadSummary } from '@rls/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import type { EvaluationView } from '../../server/src/features/evaluations/model';
import {
  createPatient,
  loginAs,
  startEvaluationOf,
  startTestServer,
  type ApiClient,
  type ApiResponse,
  type ErrorBody,
  type TestServer,
} from './helpers';

const clock = new ManualClock('2026-06-10T09:00:00.000Z');
let server: TestServer;
let doc: ApiClient;
let admin: ApiClient;
let evaluation: EvaluationView;

beforeAll(async () => {
  server = await startTestServer({ clock });
  doc = await loginAs(server, { username: 'hardener', role: 'clinician' });
  admin = await loginAs(server, { username: 'auditor', role: 'admin' });
  evaluation = await startEvaluationOf<EvaluationView>(doc, await createPatient(doc));
});
afterAll(() => server.close());

async function stored(id: string): Promise<EvaluationView> {
  return (await doc.get<EvaluationView>(`/api/evaluations/${id}`)).body;
}

function expectError(res: ApiResponse, status: number, code: string): ErrorBody {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  const body = res.body as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  return body;
}

describe('415: a body must be JSON', () => {
  const json = JSON.stringify({ answers: { 'lab.ferritin': 40 } });

  it('a PATCH sent as text/plain is refused and saves nothing', async () => {
    const res = await doc.patch(`/api/evaluations/${evaluation.id}`, undefined, {
      raw: json,
      headers: { 'content-type': 'text/plain', 'If-Match': `"${evaluation.version}"` },
    });
    expectError(res, 415, 'unsupported_media_type');
    expect(await stored(evaluation.id)).toEqual(evaluation);
  });

  it.each([
    ['POST', '/api/patients', 'text/plain'],
    ['POST', '/api/patients', 'application/x-www-form-urlencoded'],
    ['POST', '/api/patients', 'multipart/form-data; boundary=x'],
    ['POST', '/api/session', 'text/plain'],
    ['PATCH', '/api/evaluations/:id', 'application/xml'],
    ['DELETE', '/api/evaluations/:id', 'text/plain'],
    ['DELETE', '/api/session', 'text/plain'],
  ])('%s %s with %s is 415', async (method, path, type) => {
    const res = await doc.request(method, path.replace(':id', evaluation.id), undefined, {
      raw: '{"mrn":"X-1","name":"N","birthDate":"1970-01-01","sex":"female"}',
      headers: { 'content-type': type, 'If-Match': '*' },
    });
    expectError(res, 415, 'unsupported_media_type');
  });

  it('a body without any content type is 415 too; a request without a body is fine', async () => {
    const url = `${server.baseUrl}/api/evaluations/${evaluation.id}`;
    const headers = { cookie: doc.cookie!, 'x-csrf-token': doc.csrfToken!, 'if-match': '*' };
    const untyped = await fetch(url, { method: 'PATCH', headers, body: new Uint8Array([123, 125]) });
    expect(untyped.status).toBe(415);
    // No body at all (Content-Length: 0): a PATCH with nothing to change answers 200.
    const empty = await fetch(url, { method: 'PATCH', headers });
    expect(empty.status).toBe(200);
    expect(await stored(evaluation.id)).toEqual(evaluation);
  });

  it('accepts application/json with a charset and +json types', async () => {
    for (const type of ['application/json; charset=utf-8', 'application/merge-patch+json']) {
      const res = await doc.patch(`/api/evaluations/${evaluation.id}`, undefined, {
        raw: '{}',
        headers: { 'content-type': type, 'If-Match': '*' },
      });
      expect(res.status, type).toBe(200);
    }
  });

  it('still answers 401 and 403 before looking at the body', async () => {
    const raw = { raw: 'x', headers: { 'content-type': 'text/plain' } };
    expect((await server.client().post('/api/patients', undefined, raw)).status).toBe(401);
    expect((await doc.post('/api/patients', undefined, { ...raw, csrf: false })).status).toBe(403);
    expect((await admin.post('/api/patients', undefined, raw)).status).toBe(403);
  });
});

describe('400: malformed percent-encoding in a path', () => {
  interface Doc {
    paths: Record<string, Record<string, unknown>>;
  }

  it('is 400 bad_path on every route with a path parameter, for every method, before 401', async () => {
    const openapi = (await server.client().get<Doc>('/api/openapi.json')).body;
    const calls = Object.entries(openapi.paths)
      .filter(([path]) => path.includes('{'))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => [method.toUpperCase(), path] as const));
    expect(calls.length).toBeGreaterThanOrEqual(12);
    for (const [method, path] of calls) {
      for (const bad of ['%ff', '%', '%zz', '%c0%80', 'a%e2%82']) {
        const url = path.replace(/\{\w+\}/g, bad);
        for (const api of [doc, admin, server.client()]) {
          const res = await api.request(method, url, method === 'GET' ? undefined : {}, {
            headers: { 'If-Match': '*' },
          });
          expect([`${method} ${url}`, res.status, (res.body as ErrorBody).error.code]).toEqual([
            `${method} ${url}`,
            400,
            'bad_path',
          ]);
        }
      }
    }
  });

  it('is 400 for an unknown path and outside the API too, never a 500', async () => {
    expectError(await doc.get('/api/%ff'), 400, 'bad_path');
    expectError(await doc.get('/patients/%ff'), 400, 'bad_path');
    // Well-formed encoding still reaches the route: an unknown id is a 404.
    expect((await doc.get('/api/evaluations/%41%42')).status).toBe(404);
  });
});

describe('a NUL character, which no text column stores', () => {
  it('in a path is 400 bad_path; in a query or a body, 422 naming the field; nothing is saved', async () => {
    expectError(await doc.get('/api/patients/%00'), 400, 'bad_path');
    const query = expectError(await doc.get('/api/patients?query=a%00b'), 422, 'invalid');
    expect(query.error.details?.items).toEqual([
      { code: 'query', reason: 'must not contain the NUL character' },
    ]);
    const body = expectError(
      await doc.post('/api/patients', undefined, {
        raw: '{"mrn":"N-1","name":"Ro\\u0000bin","birthDate":"1970-01-01","sex":"female"}',
      }),
      422,
      'invalid',
    );
    expect(body.error.details?.items).toEqual([
      { code: 'name', reason: 'must not contain the NUL character' },
    ]);
    const login = expectError(
      await server.client().post('/api/session', { username: 'hardener\u0000', password: 'x' }),
      422,
      'invalid',
    );
    expect(login.error.details?.items?.map((i) => i.code)).toEqual(['username']);
  });
});

describe('422: dates a query cannot mean', () => {
  const reports = [
    '/api/workload?',
    '/api/workload/evaluations?kind=started&',
    '/api/workload/evaluations?kind=signed&',
    '/api/workload/evaluations?kind=finding&finding=iron.deficiency&',
    '/api/workload/evaluations?kind=followup&',
    '/api/audit?',
    '/api/audit.csv?',
  ];
  const bad = [
    'from=0000-01-01',
    'from=2026-02-30',
    'from=2026-02-29',
    'from=abc',
    'from=2026-1-1',
    'from=+02026-01-01',
    'from=10000-01-01',
    'to=9999-12-32',
    'to=2026-13-01',
    'to=',
  ];

  for (const report of reports) {
    it.each(bad)(`${report.split('?')[0]}: %s is 422 naming the field`, async (query) => {
      const res = await admin.get(`${report}${query}`);
      const body = expectError(res, 422, 'invalid');
      expect(body.error.details?.items?.map((i) => i.code)).toEqual([query.split('=')[0]]);
    });
  }

  it.each([
    'from=2026-06-01T25:00:00Z',
    'from=2026-06-01T10:00',
    'to=1',
    'to=June 7, 2026',
    'to=9999-12-31T23:00:00-05:00',
  ])(
    'the audit report: %s is 422 (a date-time must be ISO with Z or an offset, within 0001–9999)',
    async (query) => {
      const body = expectError(await admin.get(`/api/audit?${query}`), 422, 'invalid');
      expect(body.error.details?.items?.map((i) => i.code)).toEqual([query.split('=')[0]]);
    },
  );

  it('to=9999-12-31 is a real date: the workload covers the 84 days up to it, weeks clipped to it', async () => {
    const res = await admin.get<WorkloadSummary>('/api/workload?to=9999-12-31');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.period).toMatchObject({ from: '9999-10-09', to: '9999-12-31' });
    expect(res.body.weekly[0]).toMatchObject({ weekStart: '9999-10-04', from: '9999-10-09' });
    expect(res.body.weekly.at(-1)).toMatchObject({
      weekStart: '9999-12-27',
      from: '9999-12-27',
      to: '9999-12-31',
    });
    expect(res.body.startedInPeriod).toBe(0);
    const long = await admin.get<ErrorBody>('/api/workload?from=2026-01-01&to=9999-12-31');
    expect(long.status).toBe(422); // longer than the 731 days a summary covers
    const started = await admin.get<WorkloadEvaluationPage>(
      '/api/workload/evaluations?kind=started&from=9999-12-01&to=9999-12-31',
    );
    expect([started.status, started.body.total]).toEqual([200, 0]);
  });

  it('the first days of the calendar are real dates too', async () => {
    const res = await admin.get<WorkloadSummary>('/api/workload?to=0001-01-10');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.period).toMatchObject({ from: '0001-01-01', to: '0001-01-10' });
    expect(res.body.weekly.map((w) => w.weekStart)).toEqual(['0001-01-01', '0001-01-08']);
  });

  it('the audit report: to=9999-12-31 and from=0001-01-01 include everything', async () => {
    const all = await admin.get<AuditPage>('/api/audit?pageSize=1');
    const bounded = await admin.get<AuditPage>('/api/audit?pageSize=1&from=0001-01-01&to=9999-12-31');
    expect(bounded.status, JSON.stringify(bounded.body)).toBe(200);
    expect(bounded.body.total).toBe(all.body.total);
    expect(bounded.body.total).toBeGreaterThan(0);
    const csv = await admin.get<string>('/api/audit.csv?to=9999-12-31');
    expect(csv.status).toBe(200);
    expect(csv.body.trim().split('\r\n').length).toBeGreaterThan(1);
    const instant = await admin.get<AuditPage>(
      '/api/audit?to=9999-12-31T23:59:59.999Z&from=2026-06-10T09:00:00%2B02:00',
    );
    expect(instant.status, JSON.stringify(instant.body)).toBe(200);
  });

  it('a page past the limit is 422, not a database error', async () => {
    const body = expectError(await admin.get('/api/audit?page=99999999999999999999'), 422, 'invalid');
    expect(body.error.details?.items?.map((i) => i.code)).toEqual(['page']);
  });
});

describe('422: keys that are no item code', () => {
  const raw = (json: string) => ({ raw: json, headers: { 'If-Match': `"${evaluation.version}"` } });

  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'irls.nope'])(
    'answers keyed %s',
    async (key) => {
      const res = await doc.patch(
        `/api/evaluations/${evaluation.id}`,
        undefined,
        raw(`{"answers":{"${key}":1}}`),
      );
      const body = expectError(res, 422, 'invalid');
      expect(body.error.details?.items).toEqual([
        { code: key === '__proto__' ? 'answers.__proto__' : key, reason: 'unknown item code' },
      ]);
      expect(await stored(evaluation.id)).toEqual(evaluation);
    },
  );

  it.each(['__proto__', 'constructor', 'prototype', 'irls.nope'])('notDone keyed %s', async (key) => {
    const res = await doc.patch(
      `/api/evaluations/${evaluation.id}`,
      undefined,
      raw(`{"notDone":{"${key}":"x"}}`),
    );
    const body = expectError(res, 422, 'invalid');
    expect(body.error.details?.items).toEqual([
      { code: key === '__proto__' ? 'notDone.__proto__' : key, reason: 'unknown item code' },
    ]);
  });

  it.each(['__proto__', 'constructor', 'prototype', 'selectedd'])('plan keyed %s', async (key) => {
    const res = await doc.patch(
      `/api/evaluations/${evaluation.id}`,
      undefined,
      raw(`{"plan":{"${key}":[]}}`),
    );
    const body = expectError(res, 422, 'invalid');
    expect(body.error.details?.items).toEqual([{ code: `plan.${key}`, reason: 'unknown field' }]);
  });

  it.each(['__proto__', 'constructor'])('a body keyed %s, beside a valid answer', async (key) => {
    const res = await doc.patch(
      `/api/evaluations/${evaluation.id}`,
      undefined,
      raw(`{"answers":{"lab.ferritin":40},"${key}":{"answers":{}}}`),
    );
    const body = expectError(res, 422, 'invalid');
    expect(body.error.details?.items).toEqual([{ code: key, reason: 'unknown field' }]);
    expect(await stored(evaluation.id)).toEqual(evaluation);
  });

  it('a __proto__ key in a query string is an unknown field', async () => {
    const res = await admin.get('/api/workload?__proto__=1');
    const body = expectError(res, 422, 'invalid');
    expect(body.error.details?.items).toEqual([{ code: '__proto__', reason: 'unknown field' }]);
  });
});

// Every route of the OpenAPI document, fed malformed paths, query values, keys and bodies by a caller
// its access rule admits (so the input reaches the route's own checks): whatever comes back is a
// success or an error in the error shape, never a 5xx (issue 13: "every error in that shape; none a
// 500"). The routes, their query parameters and who may call them are read from the document, so a
// new route is fuzzed without a change here.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import type { EvaluationView } from '../../server/src/features/evaluations/model';
import {
  ApiClient,
  createPatient,
  loginAs,
  startEvaluationOf,
  startTestServer,
  type ApiResponse,
  type TestServer,
} from './helpers';

interface Parameter {
  name: string;
  in: string;
}
interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: Parameter[]; description?: string }>>;
}

type Caller = 'anonymous' | 'clinician' | 'admin';

const clock = new ManualClock('2026-06-10T09:00:00.000Z');
let server: TestServer;
let clients: Record<Caller, () => ApiClient>;
let doc: OpenApiDoc;
let ids: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ clock });
  const clinician = await loginAs(server, { username: 'fuzzdoc', role: 'clinician' });
  const admin = await loginAs(server, { username: 'fuzzadmin', role: 'admin' });
  const patientId = await createPatient(clinician);
  const evaluation = await startEvaluationOf<EvaluationView>(clinician, patientId);
  ids = { patient: patientId, evaluation: evaluation.id, user: clinician.user!.id };
  // A copy per request: a call that ends or replaces the session (logout, login) ends only the copy.
  const copy = (from: ApiClient) => () => {
    const api = new ApiClient(server.baseUrl);
    api.cookie = from.cookie;
    api.csrfToken = from.csrfToken;
    return api;
  };
  clients = { anonymous: () => server.client(), clinician: copy(clinician), admin: copy(admin) };
  doc = (await server.client().get<OpenApiDoc>('/api/openapi.json')).body;
});
afterAll(() => server.close());

/** Path parameter values that do not decode, or decode to something no id is. */
const BAD_SEGMENTS = [
  '%ff',
  '%',
  '%zz',
  '%c0%af',
  '%ed%a0%80',
  '%00',
  '%2e%2e',
  '..%2f..%2fetc%2fpasswd',
  '__proto__',
  'constructor',
  '-1',
  '1e400',
  '99999999999999999999999',
  'x'.repeat(5000),
  '%F0%9F%92%A9',
  "'%20or%201=1--",
];

/** Query values: dates out of range or unreal, numbers out of range, junk. */
const BAD_VALUES = [
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '10000-01-01',
  '2026-02-30',
  '2026-13-45',
  '+002026-01-01',
  '2026-06-01T25:61:00Z',
  '9999-12-31T23:59:59-14:00',
  'abc',
  '',
  ' ',
  '-1',
  '0',
  '1.5',
  '1e400',
  '-1e400',
  'NaN',
  'Infinity',
  '99999999999999999999999',
  '__proto__',
  '%ff',
  'x'.repeat(5000),
  '\u0000',
  'true',
  '[]',
];

/** Bodies of every shape but the right one (sent as JSON). */
const BAD_BODIES: string[] = [
  'null',
  '[]',
  '"text"',
  '42',
  'true',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"prototype":1}',
  '{"answers":{"__proto__":1},"notDone":{"constructor":"x"},"plan":{"__proto__":[]}}',
  '{"answers":[],"notDone":null,"plan":"x"}',
  '{"answers":{"lab.ferritin":{"value":1e400,"unit":"ug/L"}},"notDone":{"lab.tsat":""}}',
  '{"answers":{"irls.total":35,"irls.item1":"4"}}',
  '{"reason":"","clinicianId":"__proto__","mrn":"__proto__","birthDate":"0000-01-01"}',
  '{"birthDate":"9999-12-31","sex":"__proto__","name":"","mrn":"-"}',
  '{"username":"__proto__","password":{"a":1},"role":"constructor"}',
  '{"code":null,"password":[],"newPassword":1e400}',
  `{"a":${'['.repeat(2000)}${']'.repeat(2000)}}`,
  `{"x":"${'y'.repeat(100_000)}"}`,
  '{"followUpDate":"2026-02-30","plan":{"followUpDate":"0000-01-01","selected":["__proto__"]}}',
  '{',
  '{"a":1,}',
  '{"name":"a\\u0000b","reason":"\\u0000","username":"\\u0000","mrn":"X\\u0000","password":"\\u0000"}',
  '{"answers":{"history.notes":"\\u0000"},"notDone":{"lab.ferritin":"\\u0000"},"plan":{"custom":["\\u0000"]}}',
  '{"\\u0000":1}',
];

function concrete(path: string, method: string): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (name === 'version') return '1';
    if (path.startsWith('/api/patients')) return ids.patient!;
    if (path.startsWith('/api/users')) return ids.user!;
    // Discarding uses its own evaluation, so the others keep one to work on.
    return method === 'delete' ? '00000000-0000-0000-0000-000000000000' : ids.evaluation!;
  });
}

interface Probe {
  caller: Caller;
  method: string;
  url: string;
  body?: string;
  contentType?: string;
}

/** A caller the operation's access rule admits (its description ends "Public.", "Roles: …"). */
function callerOf(description = ''): Caller {
  if (description.includes('Public.')) return 'anonymous';
  const roles = /Roles: ([\w, ]+)\./.exec(description)?.[1];
  return roles?.startsWith('admin') ? 'admin' : 'clinician';
}

function probes(): Probe[] {
  const out: Probe[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const base = concrete(path, method);
      const at = { caller: callerOf(op.description), method: method.toUpperCase() };
      if (path.includes('{')) {
        for (const bad of BAD_SEGMENTS) out.push({ ...at, url: path.replace(/\{\w+\}/g, bad) });
      }
      const queries = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      for (const name of queries) {
        for (const value of BAD_VALUES)
          out.push({ ...at, url: `${base}?${name}=${encodeURIComponent(value)}` });
        out.push({ ...at, url: `${base}?${name}=a&${name}=b` }); // repeated: an array
      }
      for (const name of ['__proto__', 'constructor', 'from[x]'])
        out.push({ ...at, url: `${base}?${name}=1` });
      if (queries.includes('from')) {
        for (const [from, to] of [
          ['9999-12-31', '9999-12-31'],
          ['0001-01-01', '0001-01-01'],
          ['0001-01-01', '9999-12-31'],
          ['9999-12-31', '0001-01-01'],
        ]) {
          for (const kind of ['', 'kind=started&', 'kind=signed&', 'kind=followup&']) {
            out.push({ ...at, url: `${base}?${kind}from=${from}&to=${to}` });
          }
        }
      }
      if (at.method !== 'GET') {
        for (const body of BAD_BODIES) out.push({ ...at, url: base, body });
        out.push({ ...at, url: base, body: '{}', contentType: 'text/plain' });
        out.push({ ...at, url: base, body: 'a=1', contentType: 'application/x-www-form-urlencoded' });
        out.push({ ...at, url: base, body: '{}', contentType: 'application/json; charset=latin1' });
      }
    }
  }
  return out;
}

function problem(probe: Probe, res: ApiResponse): string | null {
  const where = `${probe.caller} ${probe.method} ${probe.url.slice(0, 120)} ${probe.body?.slice(0, 80) ?? ''}`;
  if (res.status >= 500) return `${where} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
  if (res.status >= 400) {
    const error = (res.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    if (typeof error?.code !== 'string' || typeof error.message !== 'string') {
      return `${where} → ${res.status} not in the error shape: ${JSON.stringify(res.body).slice(0, 200)}`;
    }
  }
  return null;
}

it('answers every malformed path, query and body on every route without a 5xx, errors in their shape', async () => {
  const all = probes();
  expect(all.length).toBeGreaterThan(1000);
  const problems: string[] = [];
  // A few at a time: quicker, and still one server and one database.
  const queue = [...all];
  const run = async () => {
    for (let probe = queue.pop(); probe; probe = queue.pop()) {
      const sent = clients[probe.caller]().request(probe.method, probe.url, undefined, {
        ...(probe.body === undefined ? {} : { raw: probe.body }),
        headers: {
          'If-Match': '*', // so a save reaches its body's validation
          ...(probe.contentType ? { 'content-type': probe.contentType } : {}),
        },
      });
      // A response cut off mid-way (a failure after the headers were sent) is a problem too.
      const found = await sent.then(
        (res) => problem(probe, res),
        (err: unknown) => `${probe.caller} ${probe.method} ${probe.url.slice(0, 120)} → ${String(err)}`,
      );
      if (found) problems.push(found);
    }
  };
  await Promise.all(Array.from({ length: 8 }, run));
  expect(problems).toEqual([]);
}, 60_000);

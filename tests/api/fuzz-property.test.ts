// Property-based fuzzing of every route of the OpenAPI document (issue 17; docs/reliability.md,
// "Fuzzing"), beside the fixed probes of fuzz.test.ts. fast-check generates what a broken client, a
// proxy or an attacker may send: random JSON, wrong types in every documented field, huge strings
// and arrays, deep nesting, unicode (lone surrogates, RTL marks, NUL), prototype keys, -0, 1e308,
// 1e400, unknown item codes, malformed percent-encoding and impossible dates, in paths, query
// strings, headers and bodies. For every request:
//   - never a 5xx, and every 4xx is {error:{code, message}}; a 422 `invalid` lists details.items
//     [{code, reason}], and when one field of a valid body was broken, an item names that field;
//   - a refused write (any 4xx) leaves the stored clinical state exactly as it was (patients,
//     evaluations, their history and signed versions, amendments, users).
// The routes, their parameters and body fields are read from the document, so a new route is fuzzed
// without a change here. Seeded and short in `npm test`; FUZZ_RUNS=<n> (and FUZZ_SEED) for long runs.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import type { EvaluationView } from '../../server/src/features/evaluations/model';
import type { ApiClient } from './helpers';
import {
  createPatient,
  loginAs,
  startEvaluationOf,
  startTestServer,
  TEST_PASSWORD,
  type ApiResponse,
  type TestServer,
} from './helpers';

const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
const SEED = Number(process.env.FUZZ_SEED ?? 20261117);
const TIMEOUT = Math.max(120_000, RUNS * 4_000);

// --- the document -------------------------------------------------------------------------------

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
};
interface Operation {
  description?: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

type Caller = 'anonymous' | 'clinician' | 'admin' | 'throwaway';
interface Route {
  method: string;
  path: string;
  op: Operation;
  caller: Caller;
  body?: Schema;
  query: string[];
}

const clock = new ManualClock('2026-06-10T09:00:00.000Z');
let server: TestServer;
let doc: OpenApiDoc;
let routes: Route[];
let sessions: Record<Exclude<Caller, 'anonymous'>, ApiClient>;
const ids: Record<string, string> = {};

function resolve(schema: Schema | undefined, depth = 0): Schema | undefined {
  if (!schema || depth > 8) return schema;
  if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop()!], depth + 1);
  const branches = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (branches) {
    // The union of the branches' fields: enough to aim values at every field.
    const resolved = branches.map((b) => resolve(b, depth + 1)).filter((b): b is Schema => !!b);
    const properties = Object.assign({}, ...resolved.map((b) => b.properties ?? {})) as Record<
      string,
      Schema
    >;
    return { ...resolved.find((b) => b.type), properties };
  }
  return schema;
}

/** A caller the operation's access rule admits (its description ends "Public.", "Roles: …"). */
function callerOf(path: string, description = ''): Caller {
  if (description.includes('Public.')) return 'anonymous';
  // Calls that may end or change their own session use an account of their own.
  if (description.includes('Any logged-in user.') || path.startsWith('/api/session')) return 'throwaway';
  const roles = /Roles: ([\w, ]+)\./.exec(description)?.[1];
  return roles?.startsWith('admin') ? 'admin' : 'clinician';
}

beforeAll(async () => {
  server = await startTestServer({ clock });
  const clinician = await loginAs(server, { username: 'propdoc', role: 'clinician' });
  const admin = await loginAs(server, { username: 'propadmin', role: 'admin' });
  const throwaway = await loginAs(server, { username: 'propthrow', role: 'clinician' });
  const victim = await loginAs(server, { username: 'propvictim', role: 'clinician' });
  sessions = { clinician, admin, throwaway };
  ids.patient = await createPatient(clinician);
  ids.evaluation = (await startEvaluationOf<EvaluationView>(clinician, ids.patient)).id;
  ids.discardPatient = await createPatient(clinician);
  ids.discard = (await startEvaluationOf<EvaluationView>(clinician, ids.discardPatient)).id;
  ids.user = victim.user!.id;
  ids.clinician = clinician.user!.id;
  doc = (await server.client().get<OpenApiDoc>('/api/openapi.json')).body;
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      op,
      caller: callerOf(path, op.description),
      body: resolve(op.requestBody?.content['application/json']?.schema),
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    })),
  );
});
afterAll(async () => {
  if (process.env.FUZZ_RUNS) {
    const outcomes = [...tally].sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k}: ${n}`);
    console.log(
      `fuzz-property: ${requests} requests (seed ${SEED}, ${RUNS} runs per property and route)\n  ${outcomes.join('\n  ')}`,
    );
  }
  await server.close();
});

/** The path with every parameter filled: the fixtures, or `segment` when given. */
function concrete(route: Route, segment?: string): string {
  return route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (segment !== undefined) return segment;
    if (name === 'version') return '1';
    if (route.path.startsWith('/api/patients')) return ids.patient!;
    if (route.path.startsWith('/api/users')) return ids.user!;
    return route.method === 'DELETE' ? ids.discard! : ids.evaluation!;
  });
}

// --- arbitraries --------------------------------------------------------------------------------

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uFEFF',
  '\u202Eevil',
  '\uD800',
  '\uDFFF\uD800',
  '😀',
  'İı',
  '%ff',
  '%00',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'NaN',
  'Infinity',
  '-0',
  '1e308',
  '0000-01-01',
  '0001-01-01',
  '2026-02-30',
  '2026-13-01',
  '+002026-01-01',
  '9999-12-31',
  '10000-01-01',
  '2026-06-10T25:61:00Z',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  'lab.ferritin',
  'criteria.urge',
];
const NUMBERS = [
  '0',
  '-0',
  '1',
  '-1',
  '0.5',
  '1e308',
  '-1e308',
  '1e400',
  '-1e400',
  '1e-400',
  '9007199254740993',
  '123456789012345678901234567890',
  '5e-324',
  '1.5E+2',
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

const dateLike = fc
  .tuple(
    fc.integer({ min: -1, max: 99_999 }),
    fc.integer({ min: -1, max: 99 }),
    fc.integer({ min: -1, max: 99 }),
  )
  .map(
    ([y, m, d]) =>
      `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  );

const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  dateLike,
  fc.integer({ min: 201, max: 120_000 }).map((n) => 'x'.repeat(n)),
);

const key: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...PROTO_KEYS), nastyString);

/** Raw JSON text (so -0, 1e400, duplicate and __proto__ keys can be written). */
const json: fc.Arbitrary<string> = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('null', 'true', 'false'),
    fc.constantFrom(...NUMBERS),
    fc.double().map((d) => (Number.isFinite(d) ? JSON.stringify(d) : '1e999')),
    nastyString.map((s) => JSON.stringify(s)),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 5 }).map((items) => `[${items.join(',')}]`),
  object: fc
    .array(fc.tuple(key, tie('value')), { maxLength: 5 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
})).value;

const huge: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 100, max: 50_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.integer({ min: 100, max: 20_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  fc.integer({ min: 1000, max: 100_000 }).map((n) => `[${Array(n).fill('0').join(',')}]`),
);

/** A value aimed at one documented field: mostly of a wrong type or out of its range. */
function valueFor(schema: Schema | undefined, depth: number): fc.Arbitrary<string> {
  const s = resolve(schema);
  if (s?.properties && depth < 3) return objectFor(s, depth + 1);
  const aimed: fc.Arbitrary<string>[] = [json];
  if (s?.enum) aimed.push(fc.constantFrom(...s.enum.map((v) => JSON.stringify(v))));
  if (s?.items && depth < 3)
    aimed.push(fc.array(valueFor(s.items, depth + 1), { maxLength: 4 }).map((v) => `[${v.join(',')}]`));
  aimed.push(
    fc.constantFrom(...NUMBERS),
    nastyString.map((v) => JSON.stringify(v)),
  );
  return fc.oneof(...aimed);
}

/** An object of the documented fields (any subset) with aimed values, and sometimes foreign keys. */
function objectFor(schema: Schema, depth = 0): fc.Arbitrary<string> {
  const names = Object.keys(schema.properties ?? {});
  const known =
    names.length > 0
      ? fc.uniqueArray(fc.constantFrom(...names), { maxLength: Math.min(names.length, 4) })
      : fc.constant<string[]>([]);
  return fc
    .tuple(
      known.chain((chosen) =>
        fc.tuple(...chosen.map((n) => valueFor(schema.properties![n], depth).map((v) => [n, v] as const))),
      ),
      fc.array(fc.tuple(key, json), { maxLength: 2 }),
    )
    .map(
      ([fields, foreign]) =>
        `{${[...fields, ...foreign].map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`,
    );
}

function bodyFor(route: Route): fc.Arbitrary<string> {
  return route.body?.properties
    ? fc.oneof(
        { weight: 4, arbitrary: objectFor(route.body) },
        { weight: 2, arbitrary: json },
        { weight: 1, arbitrary: huge },
      )
    : fc.oneof(json, huge);
}

/**
 * Percent-encoding as a browser would send it: a lone surrogate (not encodable as UTF-8) becomes
 * U+FFFD first. Malformed encodings are made on purpose in `badSegment`.
 */
function encode(text: string): string {
  return encodeURIComponent(
    text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );
}

const badSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '%',
    '%zz',
    '%ff',
    '%c0%af',
    '%ed%a0%80',
    '%00',
    '%2e%2e',
    '..%2f..',
    '-1',
    '1e400',
    '%F0%9F%92%A9',
  ),
  nastyString
    .map((s) => encode(s.slice(0, 300)).replace(/%25/g, '%'))
    // Not a segment at all: '' and dot segments address another route (/api/patients/ is the list).
    .filter((s) => !['', '.', '..'].includes(s)),
  fc.uuid(),
);

function queryFor(route: Route): fc.Arbitrary<string> {
  const names = [...route.query, ...PROTO_KEYS, 'from[x]', 'unknown'];
  const value = fc.oneof(dateLike, nastyString, fc.constantFrom(...NUMBERS));
  return fc
    .array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 4 })
    .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v.slice(0, 2000))}`).join('&'));
}

const headers: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'If-Match': fc.oneof(
      fc.constantFrom('*', '"1"', 'W/"1"', '"999999999999999"', '1, "2"', '""'),
      nastyString,
    ),
    'Idempotency-Key': fc.oneof(
      fc.uuid(),
      fc.constantFrom('k', 'x'.repeat(200), 'x'.repeat(201)),
      nastyString,
    ),
    'content-type': fc.constantFrom(
      'application/json',
      'application/merge-patch+json',
      'application/json; charset=utf-8',
    ),
  },
  { requiredKeys: [] },
);

// --- the checks ---------------------------------------------------------------------------------

/** Header values fetch accepts (ByteString without CR/LF/NUL): others are not sendable at all. */
function sendable(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(h)
      .map(([k, v]) => [k, v.replace(/[^\x20-\x7e]/g, '').slice(0, 4000)] as const)
      .filter(([, v]) => v.length > 0 || true),
  );
}

async function send(
  route: Route,
  url: string,
  body?: string,
  extra: Record<string, string> = {},
): Promise<ApiResponse> {
  const client = route.caller === 'anonymous' ? server.client() : sessions[route.caller];
  const res = await client.request(route.method, url, undefined, {
    ...(body === undefined ? {} : { raw: body }),
    headers: { 'If-Match': '*', ...sendable(extra) },
  });
  // A call that ended the throwaway session (logout) or replaced it: log in again for the next run.
  if (route.caller === 'throwaway' && res.status < 300 && route.method !== 'GET') {
    sessions.throwaway = await server.login('propthrow', TEST_PASSWORD);
  }
  return res;
}

interface ErrorShape {
  error?: { code?: unknown; message?: unknown; details?: { items?: { code?: unknown; reason?: unknown }[] } };
}

/** What is wrong with a response, or null. */
function problemOf(res: ApiResponse): string | null {
  if (res.status >= 500) return `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  if (res.status < 400) return null;
  const error = (res.body as ErrorShape | null)?.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string' || error.message === '') {
    return `${res.status} not in the error shape: ${JSON.stringify(res.body).slice(0, 300)}`;
  }
  if (res.status === 422 && error.code === 'invalid') {
    const items = error.details?.items;
    if (!Array.isArray(items) || items.length === 0)
      return `422 without details.items: ${JSON.stringify(res.body)}`;
    if (items.some((i) => typeof i.code !== 'string' || typeof i.reason !== 'string' || i.reason === '')) {
      return `422 with an item that does not name a field and a reason: ${JSON.stringify(items).slice(0, 300)}`;
    }
  }
  return null;
}

/** The stored clinical state: every row of the tables a request could wrongly change. */
async function stateFingerprint(): Promise<string> {
  const db = server.ctx.db;
  const hash = createHash('sha256');
  for (const table of [
    'patients',
    'evaluations',
    'evaluation_changes',
    'evaluation_versions',
    'amendments',
  ] as const) {
    const rows = await db.selectFrom(table).selectAll().execute();
    hash.update(table).update(JSON.stringify(rows.map((r) => JSON.stringify(r)).sort()));
  }
  const users = await db
    .selectFrom('users')
    .select(['id', 'username', 'name', 'role', 'active', 'password_hash', 'mfa_enabled'])
    .execute();
  hash.update(JSON.stringify(users.map((r) => JSON.stringify(r)).sort()));
  return hash.digest('hex');
}

/** Responses by status and error code, printed after a long run (FUZZ_RUNS). */
const tally = new Map<string, number>();
let requests = 0;

/** Sends one request and checks the response and, for a refused write, the stored state. */
async function check(
  route: Route,
  url: string,
  body?: string,
  extra?: Record<string, string>,
): Promise<ApiResponse> {
  const write = route.method !== 'GET';
  const before = write ? await stateFingerprint() : '';
  const res = await send(route, url, body, extra);
  requests += 1;
  const code = (res.body as ErrorShape | null)?.error?.code;
  const outcome = `${res.status} ${typeof code === 'string' ? code : ''}`.trim();
  tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
  const where = `${route.method} ${url.slice(0, 150)} ${body?.slice(0, 150) ?? ''}`;
  const problem = problemOf(res);
  if (problem) throw new Error(`${where} → ${problem}`);
  if (write && res.status >= 400) {
    const after = await stateFingerprint();
    if (after !== before) throw new Error(`${where} → ${res.status} but the stored state changed`);
  }
  if (route.method === 'DELETE' && res.status < 300 && url.includes(ids.discard!)) {
    // The discard fixture was discarded: start a new one for the next run.
    ids.discard = (await startEvaluationOf<EvaluationView>(sessions.clinician, ids.discardPatient!)).id;
  }
  return res;
}

const options = () => ({ numRuns: RUNS, seed: SEED, endOnFailure: true });

describe('every route of the OpenAPI document, property-based', () => {
  it(
    'random bodies and headers: never a 5xx, errors in their shape, a refusal stores nothing',
    async () => {
      const writes = routes.filter((r) => r.method !== 'GET');
      expect(writes.length).toBeGreaterThan(15);
      for (const route of writes) {
        await fc.assert(
          fc.asyncProperty(bodyFor(route), headers, async (body, extra) => {
            await check(route, concrete(route), body, extra);
          }),
          options(),
        );
      }
    },
    TIMEOUT,
  );

  it(
    'random query strings and malformed path segments: never a 5xx, errors in their shape',
    async () => {
      for (const route of routes) {
        await fc.assert(
          fc.asyncProperty(queryFor(route), async (query) => {
            await check(route, `${concrete(route)}?${query}`, route.method === 'GET' ? undefined : '{}');
          }),
          options(),
        );
        if (!route.path.includes('{')) continue;
        await fc.assert(
          fc.asyncProperty(badSegment, async (segment) => {
            const res = await check(
              route,
              concrete(route, segment),
              route.method === 'GET' ? undefined : '{}',
            );
            expect(res.status, `${route.method} ${route.path} ${segment}`).toBeGreaterThanOrEqual(400);
          }),
          options(),
        );
      }
    },
    TIMEOUT,
  );
});

// --- one broken field of a valid body -----------------------------------------------------------

/** Valid bodies of the clinical writes: one field at a time is broken below. */
const VALID: Record<string, () => Record<string, unknown>> = {
  'POST /api/patients': () => ({
    mrn: `P-${Math.random().toString(36).slice(2, 10)}`,
    name: 'Prop Test',
    birthDate: '1970-01-01',
    sex: 'female',
  }),
  'PATCH /api/patients/{id}': () => ({ name: 'Prop Renamed', birthDate: '1971-02-03', sex: 'female' }),
  'PATCH /api/evaluations/{id}': () => ({
    answers: { 'lab.ferritin': 40, 'notes.history': 'note', 'criteria.urge': true },
    notDone: { 'lab.tsat': 'not available' },
    plan: { reviewed: false },
  }),
  'POST /api/evaluations/{id}/amendments': () => ({ reason: 'Corrected' }),
  'POST /api/evaluations/{id}/assignee': () => ({ clinicianId: ids.clinician }),
  'POST /api/users': () => ({
    username: `u${Math.random().toString(36).slice(2, 8)}`,
    name: 'New User',
    role: 'clinician',
    password: 'violet harbour lantern 42',
  }),
  'PATCH /api/users/{id}': () => ({ name: 'Victim Renamed' }),
};

/** Every leaf path of a value: ['answers', 'lab.ferritin'], ['name']… */
function leaves(value: unknown, at: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || at.length >= 3) return [at];
  const entries = Object.entries(value);
  return entries.length === 0 ? [at] : entries.flatMap(([k, v]) => leaves(v, [...at, k]));
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string, unknown>;
  if (value === undefined) delete node[path.at(-1)!];
  else node[path.at(-1)!] = value;
}

/** The names a 422 may give a broken field: its dotted path, or the item code under answers/notDone/plan. */
function namesOf(path: string[]): string[] {
  return [path.join('.'), path.slice(1).join('.'), path[0]!].filter(Boolean);
}

it(
  'one broken field of a valid body: a 422 names that field, and nothing is stored',
  async () => {
    const sentinel = '\u{10FFFF}__BROKEN__';
    for (const [name, valid] of Object.entries(VALID)) {
      const [method, path] = name.split(' ') as [string, string];
      const route = routes.find((r) => r.method === method && r.path === path);
      expect(route, name).toBeDefined();
      const paths = leaves(valid()).filter((p) => p.length > 0);
      const broken = fc.oneof(
        json.map((text) => ({ text })),
        fc.constant({ text: undefined as string | undefined }), // the field left out
        fc
          .constantFrom(...NUMBERS, '[]', '{}', 'null', '"\\u0000"', '""', JSON.stringify('x'.repeat(5000)))
          .map((text) => ({ text })),
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...paths), broken, async (field, { text }) => {
          const body = valid();
          setAt(body, field, text === undefined ? undefined : sentinel);
          const raw = JSON.stringify(body).replace(JSON.stringify(sentinel), text ?? 'null');
          const res = await check(route!, concrete(route!), raw);
          const error = (res.body as ErrorShape).error;
          if (res.status === 422 && error?.code === 'invalid') {
            const named = error.details!.items!.map((i) => String(i.code));
            // A field left out may leave a body that is wrong as a whole (nothing to change): `(body)`.
            const wanted = [...namesOf(field), ...(text === undefined ? ['(body)'] : [])];
            const ok = named.some((n) =>
              wanted.some((w) => n === w || n.startsWith(`${w}.`) || w.startsWith(`${n}.`)),
            );
            if (!ok)
              throw new Error(
                `${name} with ${field.join('.')} = ${raw.slice(0, 200)} → 422 naming ${named.join(', ')}`,
              );
          }
        }),
        options(),
      );
    }
  },
  TIMEOUT,
);

import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import {
  ApiClient,
  createUser,
  startTestServer,
  type ApiResponse,
  type ErrorBody,
  type TestServer,
} from './helpers';

/**
 * Authorization on every route, server-side, per the access each operation of the OpenAPI document states.
 * Every endpoint the app registers × {anonymous, clinician, administrator} → the expected outcome,
 * plus a column for state-changing calls sent WITHOUT the CSRF token. The first test fails when an
 * endpoint exists without a row here (or a row names an endpoint that no longer exists), so a new
 * route cannot ship without its access decision.
 */

/**
 * 401 / 403: refused (403 = wrong role, code `forbidden`).
 * '2xx': allowed and succeeds. '4xx': allowed past authorization, refused later (404, 409, 422, 428…).
 * 'allowed': past authorization, 2xx or 4xx depending on the feature's own rules.
 */
type Expect = 401 | 403 | '2xx' | '4xx' | 'allowed';
type Role = 'anonymous' | 'clinician' | 'admin';

interface Ids {
  clinicianId: string;
  patientId: string;
  evaluationId: string;
  targetUserId: string;
}

interface Row {
  /** Concrete URL for the route (ids filled in). */
  url: (ids: Ids) => string;
  body?: (ids: Ids, n: number) => unknown;
  anonymous: Expect;
  clinician: Expect;
  admin: Expect;
  /** The call ends or replaces the caller's session: use a fresh login for it. */
  fresh?: boolean;
  /** A state-changing call that is exempt from the CSRF token (login, second factor). */
  noCsrf?: boolean;
  /** Extra request headers (e.g. a stale If-Match, so a destructive call changes nothing). */
  headers?: Record<string, string>;
}

const PASSWORD = 'matrix password 1';
const STRONG = 'Tall-Maple-Harbor-42';

const MATRIX: Record<string, Row> = {
  // Public
  'GET /api/health': { url: () => '/api/health', anonymous: '2xx', clinician: '2xx', admin: '2xx' },
  'GET /api/demo': { url: () => '/api/demo', anonymous: '2xx', clinician: '2xx', admin: '2xx' },
  'GET /api/openapi.json': {
    url: () => '/api/openapi.json',
    anonymous: '2xx',
    clinician: '2xx',
    admin: '2xx',
  },

  // Session
  'POST /api/session': {
    url: () => '/api/session',
    body: () => ({ username: 'loginonly', password: PASSWORD }),
    anonymous: '2xx',
    clinician: '2xx',
    admin: '2xx',
    fresh: true,
    noCsrf: true,
  },
  'GET /api/session': { url: () => '/api/session', anonymous: 401, clinician: '2xx', admin: '2xx' },
  'DELETE /api/session': {
    url: () => '/api/session',
    anonymous: 401,
    clinician: '2xx',
    admin: '2xx',
    fresh: true,
  },
  // A full session has no second factor to give: 409 not_pending.
  'POST /api/session/mfa': {
    url: () => '/api/session/mfa',
    body: () => ({ code: '123456' }),
    anonymous: 401,
    clinician: '4xx',
    admin: '4xx',
    noCsrf: true,
  },

  // Own account (every role)
  'GET /api/account': { url: () => '/api/account', anonymous: 401, clinician: '2xx', admin: '2xx' },
  'POST /api/account/password': {
    url: () => '/api/account/password',
    body: () => ({}),
    anonymous: 401,
    clinician: '4xx',
    admin: '4xx',
  },
  'POST /api/account/mfa/setup': {
    url: () => '/api/account/mfa/setup',
    anonymous: 401,
    clinician: '2xx',
    admin: '2xx',
  },
  'POST /api/account/mfa/enable': {
    url: () => '/api/account/mfa/enable',
    body: () => ({ code: 'abc' }),
    anonymous: 401,
    clinician: '4xx',
    admin: '4xx',
  },
  'POST /api/account/mfa/recovery-codes': {
    url: () => '/api/account/mfa/recovery-codes',
    body: () => ({ code: '123456' }),
    anonymous: 401,
    clinician: '4xx',
    admin: '4xx',
  },
  'DELETE /api/account/mfa': {
    url: () => '/api/account/mfa',
    body: () => ({ password: 'whatever' }),
    anonymous: 401,
    clinician: '4xx',
    admin: '4xx',
  },

  // Users and audit: administrators only
  'GET /api/users': { url: () => '/api/users', anonymous: 401, clinician: 403, admin: '2xx' },
  'POST /api/users': {
    url: () => '/api/users',
    body: (_ids, n) => ({
      username: `made${n}`,
      name: 'Made By Matrix',
      role: 'clinician',
      password: STRONG,
    }),
    anonymous: 401,
    clinician: 403,
    admin: '2xx',
  },
  'GET /api/users/:id': {
    url: (i) => `/api/users/${i.targetUserId}`,
    anonymous: 401,
    clinician: 403,
    admin: '2xx',
  },
  'PATCH /api/users/:id': {
    url: (i) => `/api/users/${i.targetUserId}`,
    body: (_ids, n) => ({ name: `Target ${n}` }),
    anonymous: 401,
    clinician: 403,
    admin: '2xx',
  },
  'POST /api/users/:id/password': {
    url: (i) => `/api/users/${i.targetUserId}/password`,
    body: () => ({ password: STRONG }),
    anonymous: 401,
    clinician: 403,
    admin: '2xx',
  },
  'DELETE /api/users/:id/mfa': {
    url: (i) => `/api/users/${i.targetUserId}/mfa`,
    anonymous: 401,
    clinician: 403,
    admin: '4xx', // the target has no second factor: 409
  },
  'GET /api/audit': { url: () => '/api/audit', anonymous: 401, clinician: 403, admin: '2xx' },
  'GET /api/audit.csv': { url: () => '/api/audit.csv', anonymous: 401, clinician: 403, admin: '2xx' },

  // Workload: administrators only
  'GET /api/workload': { url: () => '/api/workload', anonymous: 401, clinician: 403, admin: '2xx' },
  'GET /api/workload/evaluations': {
    url: () => '/api/workload/evaluations?kind=open',
    anonymous: 401,
    clinician: 403,
    admin: 'allowed',
  },

  // Shared reference data: clinicians and administrators
  'GET /api/workflow': { url: () => '/api/workflow', anonymous: 401, clinician: '2xx', admin: '2xx' },
  'GET /api/workflow/fhir': {
    url: () => '/api/workflow/fhir',
    anonymous: 401,
    clinician: '2xx',
    admin: '2xx',
  },
  'GET /api/clinicians': { url: () => '/api/clinicians', anonymous: 401, clinician: '2xx', admin: '2xx' },

  // Patients and evaluation content: clinicians only (administrators 403)
  'GET /api/patients': { url: () => '/api/patients', anonymous: 401, clinician: '2xx', admin: 403 },
  'POST /api/patients': {
    url: () => '/api/patients',
    body: (_ids, n) => ({ mrn: `MX-${n}`, name: 'Matrix Patient', birthDate: '1970-01-01', sex: 'female' }),
    anonymous: 401,
    clinician: '2xx',
    admin: 403,
  },
  'GET /api/patients/:id': {
    url: (i) => `/api/patients/${i.patientId}`,
    anonymous: 401,
    clinician: '2xx',
    admin: 403,
  },
  'GET /api/patients/:id/trends': {
    url: (i) => `/api/patients/${i.patientId}/trends`,
    anonymous: 401,
    clinician: '2xx',
    admin: 403,
  },
  'PATCH /api/patients/:id': {
    url: (i) => `/api/patients/${i.patientId}`,
    body: () => ({ name: 'Matrix Patient' }),
    anonymous: 401,
    clinician: 'allowed',
    admin: 403,
  },
  'POST /api/patients/:id/evaluations': {
    url: (i) => `/api/patients/${i.patientId}/evaluations`,
    body: () => ({}),
    anonymous: 401,
    clinician: '4xx', // an open evaluation exists: 409
    admin: 403,
  },
  'GET /api/evaluations/:id': {
    url: (i) => `/api/evaluations/${i.evaluationId}`,
    anonymous: 401,
    clinician: '2xx',
    admin: 403,
  },
  'PATCH /api/evaluations/:id': {
    url: (i) => `/api/evaluations/${i.evaluationId}`,
    body: () => ({ answers: {} }),
    anonymous: 401,
    clinician: '4xx', // no If-Match: 428
    admin: 403,
  },
  'DELETE /api/evaluations/:id': {
    url: (i) => `/api/evaluations/${i.evaluationId}`,
    body: () => ({}),
    anonymous: 401,
    clinician: '4xx', // a stale If-Match: 412, so the shared draft is kept for the other rows
    admin: 403,
    headers: { 'If-Match': '"999"' },
  },
  'POST /api/evaluations/:id/sign': {
    url: (i) => `/api/evaluations/${i.evaluationId}/sign`,
    body: () => ({}),
    anonymous: 401,
    clinician: '4xx', // no If-Match: 428
    admin: 403,
  },
  'POST /api/evaluations/:id/amendments': {
    url: (i) => `/api/evaluations/${i.evaluationId}/amendments`,
    body: () => ({ reason: 'matrix' }),
    anonymous: 401,
    clinician: '4xx', // a draft cannot be amended: 409
    admin: 403,
  },
  // Reassignment is the one evaluation call open to administrators.
  'POST /api/evaluations/:id/assignee': {
    url: (i) => `/api/evaluations/${i.evaluationId}/assignee`,
    body: (i) => ({ clinicianId: i.clinicianId }),
    anonymous: 401,
    clinician: '2xx',
    admin: '2xx',
  },
  'GET /api/evaluations/:id/history': {
    url: (i) => `/api/evaluations/${i.evaluationId}/history`,
    anonymous: 401,
    clinician: '2xx',
    admin: 403,
  },
  'GET /api/evaluations/:id/versions/:version': {
    url: (i) => `/api/evaluations/${i.evaluationId}/versions/1`,
    anonymous: 401,
    clinician: '4xx', // never signed: 404
    admin: 403,
  },
  'GET /api/evaluations/:id/fhir': {
    url: (i) => `/api/evaluations/${i.evaluationId}/fhir`,
    anonymous: 401,
    clinician: '2xx',
    admin: 403,
  },
  'GET /api/evaluations/:id/versions/:version/fhir': {
    url: (i) => `/api/evaluations/${i.evaluationId}/versions/1/fhir`,
    anonymous: 401,
    clinician: '4xx', // never signed: 404
    admin: 403,
  },
  'POST /api/evaluations/:id/labs/import': {
    url: (i) => `/api/evaluations/${i.evaluationId}/labs/import`,
    body: () => ({ resourceType: 'Bundle', type: 'collection', entry: [] }),
    anonymous: 401,
    clinician: '4xx', // no If-Match: 428
    admin: 403,
  },
};

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

/** Every endpoint registered on the app, as "METHOD /path", read from Express's router stack. */
export function listEndpoints(app: Express): string[] {
  const found = new Set<string>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') found.add(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
        }
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...found].filter((e) => e.split(' ')[1]!.startsWith('/api/')).sort();
}

let server: TestServer;
let ids: Ids;
const sessions: Partial<Record<Role, ApiClient>> = {};
let counter = 0;

beforeAll(async () => {
  server = await startTestServer();
  const clinician = await createUser(server.ctx, {
    username: 'matrixdoc',
    role: 'clinician',
    name: 'Dr. Matrix',
    password: PASSWORD,
  });
  await createUser(server.ctx, {
    username: 'matrixadmin',
    role: 'admin',
    name: 'Matrix Admin',
    password: PASSWORD,
  });
  await createUser(server.ctx, {
    username: 'loginonly',
    role: 'clinician',
    name: 'Login Only',
    password: PASSWORD,
  });
  const target = await createUser(server.ctx, {
    username: 'targetuser',
    role: 'clinician',
    name: 'Target',
    password: PASSWORD,
  });
  sessions.clinician = await server.login('matrixdoc', PASSWORD);
  sessions.admin = await server.login('matrixadmin', PASSWORD);

  const patient = await sessions.clinician.post<{ id: string }>('/api/patients', {
    mrn: 'MX-BASE',
    name: 'Matrix Base',
    birthDate: '1960-05-05',
    sex: 'male',
  });
  expect(patient.status).toBe(201);
  const evaluation = await sessions.clinician.post<{ id: string }>(
    `/api/patients/${patient.body.id}/evaluations`,
    {},
  );
  expect(evaluation.status).toBe(201);
  ids = {
    clinicianId: clinician.id,
    patientId: patient.body.id,
    evaluationId: evaluation.body.id,
    targetUserId: target.id,
  };
});
afterAll(() => server.close());

async function clientFor(role: Role, fresh: boolean): Promise<ApiClient> {
  if (role === 'anonymous') return server.client();
  if (fresh) return server.login(role === 'admin' ? 'matrixadmin' : 'matrixdoc', PASSWORD);
  // A copy, so a response's Set-Cookie never changes the shared session.
  const shared = sessions[role]!;
  const copy = new ApiClient(server.baseUrl);
  copy.cookie = shared.cookie;
  copy.csrfToken = shared.csrfToken;
  return copy;
}

function matches(res: ApiResponse, expected: Expect): boolean {
  const s = res.status;
  switch (expected) {
    case 401:
      return s === 401 && (res.body as ErrorBody).error.code === 'unauthenticated';
    case 403:
      return s === 403 && (res.body as ErrorBody).error.code === 'forbidden';
    case '2xx':
      return s >= 200 && s < 300;
    case '4xx':
      return s >= 400 && s < 500 && s !== 401 && s !== 403;
    case 'allowed':
      return (s >= 200 && s < 300) || (s >= 400 && s < 500 && s !== 401 && s !== 403);
  }
}

async function call(endpoint: string, row: Row, role: Role, csrf = true): Promise<ApiResponse> {
  const [method] = endpoint.split(' ') as [string];
  const api = await clientFor(role, Boolean(row.fresh));
  counter += 1;
  return api.request(method, row.url(ids), row.body?.(ids, counter), {
    csrf,
    ...(row.headers ? { headers: row.headers } : {}),
  });
}

describe('authorization matrix', () => {
  it('has one row for every endpoint the app registers, and no row for an endpoint that does not exist', () => {
    const registered = listEndpoints(createApp(server.ctx));
    expect(registered.length).toBeGreaterThan(20);
    expect(Object.keys(MATRIX).sort()).toEqual(registered);
  });

  const roles: Role[] = ['anonymous', 'clinician', 'admin'];
  for (const [endpoint, row] of Object.entries(MATRIX)) {
    it(`${endpoint}: anonymous ${row.anonymous}, clinician ${row.clinician}, admin ${row.admin}`, async () => {
      const outcome: Record<string, string> = {};
      for (const role of roles) {
        const res = await call(endpoint, row, role);
        outcome[role] = matches(res, row[role])
          ? 'ok'
          : `got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`;
      }
      expect(outcome).toEqual({ anonymous: 'ok', clinician: 'ok', admin: 'ok' });
    });
  }

  const unsafe = Object.entries(MATRIX).filter(([e]) => !e.startsWith('GET '));
  for (const [endpoint, row] of unsafe) {
    const expected = row.noCsrf ? 'accepted without the token' : '403 csrf';
    it(`${endpoint} without X-CSRF-Token: ${expected} for both roles`, async () => {
      for (const role of ['clinician', 'admin'] as const) {
        const res = await call(endpoint, row, role, false);
        if (row.noCsrf) {
          expect(res.status, `${role}: ${JSON.stringify(res.body)}`).not.toBe(403);
        } else {
          expect(res.status, role).toBe(403);
          expect((res.body as ErrorBody).error.code, role).toBe('csrf');
        }
      }
    });
  }
});

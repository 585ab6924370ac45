import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { createApp } from '../../server/src/app';
import type { ManualClock } from '../../server/src/clock';
import { loadConfig } from '../../server/src/config';
import { closeContext, createContext, type AppContext } from '../../server/src/context';
import { DEMO_PASSWORD } from '../../server/src/demo/accounts';
import { seedDemo } from '../../server/src/demo/seed';
import { migrateToLatest } from '../../server/src/db/migrations';
import type { Role } from '../../server/src/db/schema';
import type { UserSummary } from '@rls/shared';
import { createUser as createUserAccount } from '../../server/src/features/users/service';

export { DEMO_PASSWORD };

/** The error shape of every failed API call (`Error` in the OpenAPI document). */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: { items?: { code: string; reason: string }[]; [key: string]: unknown };
  };
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON, the text of a non-JSON body, or null for an empty body. */
  body: T;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Send the session's X-CSRF-Token on a state-changing request (default true). */
  csrf?: boolean;
  /** A raw body sent as is (instead of JSON.stringify(body)). */
  raw?: string;
}

/** An HTTP client that keeps its session cookie and CSRF token, like a browser tab. */
export class ApiClient {
  cookie: string | undefined;
  csrfToken: string | undefined;
  user: { id: string; username: string; name: string; role: Role } | undefined;

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(
    method: string,
    urlPath: string,
    body?: unknown,
    opts: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (this.cookie) headers.cookie = this.cookie;
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    if (unsafe && this.csrfToken && opts.csrf !== false) headers['x-csrf-token'] = this.csrfToken;
    let payload: string | undefined;
    if (opts.raw !== undefined) payload = opts.raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${this.baseUrl}${urlPath}`, {
      method,
      headers,
      body: payload,
      redirect: 'manual',
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('rls_session='));
    if (setCookie) {
      const pair = setCookie.split(';')[0]!;
      this.cookie = pair === 'rls_session=' ? undefined : pair;
    }
    const text = await res.text();
    let parsed: unknown = text === '' ? null : text;
    if (text !== '' && res.headers.get('content-type')?.includes('application/json'))
      parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  get<T = unknown>(urlPath: string, opts?: RequestOptions) {
    return this.request<T>('GET', urlPath, undefined, opts);
  }
  post<T = unknown>(urlPath: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>('POST', urlPath, body, opts);
  }
  put<T = unknown>(urlPath: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>('PUT', urlPath, body, opts);
  }
  patch<T = unknown>(urlPath: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>('PATCH', urlPath, body, opts);
  }
  delete<T = unknown>(urlPath: string, opts?: RequestOptions) {
    return this.request<T>('DELETE', urlPath, undefined, opts);
  }

  /** Logs in; on success keeps the cookie and CSRF token. Returns the raw response either way. */
  async login(username: string, password = DEMO_PASSWORD): Promise<ApiResponse> {
    const res = await this.post('/api/session', { username, password });
    if (res.status === 200) {
      const body = res.body as { user: ApiClient['user']; csrfToken: string };
      this.user = body.user;
      this.csrfToken = body.csrfToken;
    }
    return res;
  }
}

export interface TestServer {
  baseUrl: string;
  ctx: AppContext;
  /** A client without a session. */
  client(): ApiClient;
  /** A client logged in as `username` (demo password by default); throws when the login fails. */
  login(username: string, password?: string): Promise<ApiClient>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  clock?: ManualClock;
  /** Seed the demo clinic (users clinician, clinician2, admin and 40 patients). */
  seedDemo?: boolean;
  /** Directory served as the client build (default: a folder that does not exist). */
  clientDist?: string;
  /** Extra environment for loadConfig (e.g. RLS_DEMO). */
  env?: Record<string, string>;
}

/**
 * A fresh, empty database: a temp-file SQLite database, or — when RLS_TEST_PG_URL points at a
 * PostgreSQL server (any existing database, e.g. postgres://postgres@127.0.0.1:5432/postgres) —
 * a new PostgreSQL database created for this server and dropped by `close()`.
 */
export async function freshDatabase(dir: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.RLS_TEST_PG_URL;
  if (!adminUrl) return { url: `sqlite:${path.join(dir, 'test.db')}`, drop: () => Promise.resolve() };
  const name = `rls_test_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/** Runs the real app on a random port over a fresh database (see freshDatabase). */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rls-api-'));
  const database = await freshDatabase(dir);
  const config = loadConfig(
    {
      DATABASE_URL: database.url,
      LOG_LEVEL: 'silent',
      TZ: 'UTC',
      ...opts.env,
    },
    { clientDist: opts.clientDist ?? path.join(dir, 'no-client-build') },
  );
  const ctx = createContext(config, {
    logger: pino({ level: 'silent' }),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  await migrateToLatest(ctx.db, ctx.dialect);
  if (opts.seedDemo) await seedDemo(ctx);

  const server = createApp(ctx).listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    ctx,
    client: () => new ApiClient(baseUrl),
    async login(username, password = DEMO_PASSWORD) {
      const api = new ApiClient(baseUrl);
      const res = await api.login(username, password);
      if (res.status !== 200)
        throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return api;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await closeContext(ctx).catch(() => {}); // already closed by a test that destroys the database
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Creates an active user directly (argon2-hashed password, audited like the CLI does). Fixtures may
 * use memorable passwords: the password policy (common list, username inside) is not applied here.
 */
export function createUser(
  ctx: AppContext,
  user: { username: string; role: Role; name: string; password: string },
): Promise<UserSummary> {
  return createUserAccount(ctx, null, user, { passwordPolicy: false });
}

/** Writes a minimal fake client build (index.html + one hashed asset) into a temp folder. */
export function fakeClientDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rls-client-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><head><title>RLS Workup</title><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>',
  );
  fs.writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log("app");');
  return dir;
}

/** The password of the accounts `loginAs` creates (fixtures skip the password policy). */
/** The five IRLSSG essential criteria, all met: what signing needs (with a reviewed plan). */
export const CRITERIA_MET = {
  'criteria.urge': true,
  'criteria.rest': true,
  'criteria.movementRelief': true,
  'criteria.eveningWorse': true,
  'criteria.notMimic': true,
};

export const TEST_PASSWORD = 'amber meadow falcon 71';

/**
 * Creates an active user and logs in as them: the accounts a test file needs, in one call each.
 * `api.user.id` is the new user's id.
 */
export async function loginAs(
  server: TestServer,
  user: { username: string; role: Role; name?: string },
): Promise<ApiClient> {
  await createUser(server.ctx, { name: user.username, ...user, password: TEST_PASSWORD });
  return server.login(user.username, TEST_PASSWORD);
}

let patientSeq = 0;

/** Creates a patient (a fresh MRN each call) as `api`, a clinician; returns its id. */
export async function createPatient(
  api: ApiClient,
  fields: Partial<{ mrn: string; name: string; birthDate: string; sex: string }> = {},
): Promise<string> {
  patientSeq += 1;
  const res = await api.post<{ id: string }>('/api/patients', {
    mrn: `T-${process.pid}-${patientSeq}`,
    name: `Test Patient ${patientSeq}`,
    birthDate: '1970-05-05',
    sex: 'female',
    ...fields,
  });
  if (res.status !== 201)
    throw new Error(`creating a patient failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** Starts an evaluation of `patientId` as `api`, a clinician; returns it (201 expected). */
export async function startEvaluationOf<T extends { id: string; version: number }>(
  api: ApiClient,
  patientId: string,
): Promise<T> {
  const res = await api.post<T>(`/api/patients/${patientId}/evaluations`, {});
  if (res.status !== 201) {
    throw new Error(`starting an evaluation failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

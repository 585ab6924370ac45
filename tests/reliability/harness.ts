/**
 * What the reliability tools share (docs/reliability.md): the real server as a child process
 * (`node server/dist/main.js`) over its own database, an HTTP client that keeps a session like a
 * browser tab, direct read-only queries for the checks, and a seeded random generator.
 *
 * Only loopback addresses are used: the server listens on 127.0.0.1 on a free port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { DEMO_PASSWORD } from '../../server/src/demo/accounts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_ENTRY = path.join(ROOT, 'server/dist/main.js');
/** The demo clinic (clinician, clinician2, admin) is seeded by the server on an empty database. */
export { DEMO_PASSWORD };

/** Builds the server bundle when it is stale (scripts/ensure-built.mjs), as `npm run migrate` does. */
export function ensureServerBuilt(): void {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/ensure-built.mjs'), 'server'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`building the server failed:\n${result.stdout}${result.stderr}`);
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** mulberry32: a small seeded generator, so a run can be repeated with its printed seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// --- the database -------------------------------------------------------------------------------

export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  /** DATABASE_URL for the server. */
  url: string;
  /** The SQLite file (sqlite only). */
  file?: string;
  /** Runs a read-only query (SQL with `?` placeholders) and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** SQLite `PRAGMA integrity_check` + `foreign_key_check`; PostgreSQL: none of its own (WAL). */
  integrityCheck(): Promise<string[]>;
  /** Deletes the database (and its folder). */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database: a SQLite file in a temp folder, or — when `postgresAdminUrl` is given
 * (e.g. postgres://postgres@127.0.0.1:5432/postgres) — a new database on that server, dropped by `drop()`.
 */
export async function freshDatabase(postgresAdminUrl?: string): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rls-reliability-'));
  if (!postgresAdminUrl) {
    const file = path.join(dir, 'reliability.db');
    const open = () => new SQLite(file, { readonly: false, fileMustExist: true });
    return {
      kind: 'sqlite',
      url: `sqlite:${file}`,
      file,
      query<T>(statement: string, params: unknown[] = []) {
        const db = open();
        try {
          return Promise.resolve(db.prepare(statement).all(...params) as T[]);
        } finally {
          db.close();
        }
      },
      integrityCheck() {
        const db = open();
        try {
          const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map(
            (r) => r.integrity_check,
          );
          const foreign = db.pragma('foreign_key_check') as unknown[];
          return Promise.resolve([
            ...integrity.filter((r) => r !== 'ok'),
            ...foreign.map((f) => `foreign key: ${JSON.stringify(f)}`),
          ]);
        } finally {
          db.close();
        }
      },
      drop() {
        fs.rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const name = `rls_reliability_${randomBytes(5).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: postgresAdminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    url: url.toString(),
    async query<T>(statement: string, params: unknown[] = []) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        let n = 0;
        const text = statement.replace(/\?/g, () => `$${++n}`);
        return (await client.query(text, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
    integrityCheck: () => Promise.resolve([]),
    async drop() {
      await admin(`drop database if exists ${name} with (force)`);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// --- the server process -------------------------------------------------------------------------

export interface ServerOptions {
  database: TestDatabase;
  /** The server's entry point (default server/dist/main.js). */
  entry?: string;
  port?: number;
  /** Where the server's output goes (appended). */
  logFile: string;
  env?: Record<string, string>;
  /** Options for node itself (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

/** The real server as a child process: start, SIGKILL, restart, SIGTERM. */
export class ServerProcess {
  readonly baseUrl: string;
  #child: ChildProcess | null = null;
  #exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null = null;
  #up = false;
  #ready: Promise<void>;
  #markReady: () => void = () => {};

  private constructor(private readonly options: ServerOptions & { port: number }) {
    this.baseUrl = `http://127.0.0.1:${options.port}`;
    this.#ready = this.#newReady();
  }

  static async create(options: ServerOptions): Promise<ServerProcess> {
    return new ServerProcess({ ...options, port: options.port ?? (await freePort()) });
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get up(): boolean {
    return this.#up;
  }

  /** Resolves when the server answers (at once while it is up). */
  whenUp(): Promise<void> {
    return this.#ready;
  }

  #newReady(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#markReady = resolve;
    });
  }

  /** Starts the process and waits until GET /api/health answers 200 (ms taken). */
  async start(timeoutMs = 60_000): Promise<number> {
    const started = Date.now();
    const log = fs.openSync(this.options.logFile, 'a');
    const child = spawn(
      process.execPath,
      [...(this.options.nodeArgs ?? []), this.options.entry ?? DEFAULT_ENTRY],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          PORT: String(this.options.port),
          HOST: '127.0.0.1',
          DATABASE_URL: this.options.database.url,
          RLS_DEMO: '1',
          TZ: 'UTC',
          LOG_LEVEL: 'warn',
          ...this.options.env,
        },
        stdio: ['ignore', log, log],
      },
    );
    fs.closeSync(log);
    this.#child = child;
    this.#exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    let exited = false;
    void this.#exit.then(() => {
      exited = true;
    });
    for (;;) {
      if (exited) throw new Error(`the server exited during start-up (see ${this.options.logFile})`);
      if (Date.now() - started > timeoutMs) throw new Error(`the server did not start in ${timeoutMs} ms`);
      try {
        const res = await fetch(`${this.baseUrl}/api/health`);
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      await sleep(25);
    }
    this.#up = true;
    this.#markReady();
    return Date.now() - started;
  }

  /** SIGKILL: the process dies at once, wherever it is. */
  async kill(): Promise<void> {
    if (!this.#child || !this.#exit) return;
    this.#up = false;
    this.#ready = this.#newReady();
    this.#child.kill('SIGKILL');
    await this.#exit;
    this.#child = null;
  }

  /** SIGTERM: a graceful shutdown. Returns the exit code (0 expected) and how long it took. */
  async stop(
    timeoutMs = 20_000,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    if (!this.#child || !this.#exit) return { code: null, signal: null, ms: 0 };
    const started = Date.now();
    this.#up = false;
    this.#ready = this.#newReady();
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child?.kill('SIGKILL'), timeoutMs);
    const result = await this.#exit;
    clearTimeout(timer);
    this.#child = null;
    return { ...result, ms: Date.now() - started };
  }

  /** Sends a signal without waiting (shutdown tests). */
  signal(signal: NodeJS.Signals): void {
    this.#child?.kill(signal);
  }

  /** Resolves with the exit of the current process. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.#exit ?? Promise.resolve({ code: null, signal: null });
  }
}

/** Runs one of the built command-line tools (server/dist/cli/<name>.js) on `database`; never throws. */
export function runServerCli(
  name: string,
  args: string[],
  env: Record<string, string>,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(ROOT, `server/dist/cli/${name}.js`), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A column value as text: numbers and strings alike, so that the two dialects' answers compare. */
function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return `${value}`;
  return JSON.stringify(value);
}

/**
 * Every row of every table (but Kysely's migration lock), each row as canonical text — keys sorted,
 * values as text, so SQLite's and PostgreSQL's answers compare — sorted: two databases with equal
 * snapshots hold the same data.
 */
export async function tableSnapshot(database: TestDatabase): Promise<Record<string, string[]>> {
  const tables = (
    database.kind === 'sqlite'
      ? await database.query<{ name: string }>(
          `select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`,
        )
      : await database.query<{ name: string }>(
          `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
        )
  )
    .map((r) => r.name)
    .filter((name) => name !== 'kysely_migration_lock')
    .sort();
  const snapshot: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await database.query(`select * from "${table}"`);
    snapshot[table] = rows
      .map((row) =>
        JSON.stringify(
          Object.keys(row)
            .sort()
            .map((key) => [key, textOf(row[key])]),
        ),
      )
      .sort();
  }
  return snapshot;
}

/** The audit trail's hash chain, checked by the project's own CLI (`npm run audit:verify`). */
export function verifyAuditChain(database: TestDatabase): { ok: boolean; output: string; records: number } {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'server/dist/cli/audit-verify.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.url, TZ: 'UTC', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  const output = `${result.stdout}${result.stderr}`.trim();
  const records = Number(/intact: (\d+) record/.exec(output)?.[1] ?? NaN);
  return { ok: result.status === 0, output, records };
}

// --- an HTTP client -----------------------------------------------------------------------------

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Keeps a session cookie and CSRF token, like a browser tab. Network failures throw. */
export class Client {
  cookie: string | undefined;
  csrfToken: string | undefined;
  userId: string | undefined;

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(
    method: string,
    urlPath: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const all: Record<string, string> = { accept: 'application/json', ...headers };
    if (this.cookie) all.cookie = this.cookie;
    if (method !== 'GET' && this.csrfToken) all['x-csrf-token'] = this.csrfToken;
    if (body !== undefined) all['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${urlPath}`, {
      method,
      headers: all,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('rls_session='));
    if (cookie) this.cookie = cookie.split(';')[0];
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T,
    };
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<this> {
    const res = await this.request<{ csrfToken: string; user: { id: string } }>('POST', '/api/session', {
      username,
      password,
    });
    if (res.status !== 200)
      throw new Error(`login as ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    this.csrfToken = res.body.csrfToken;
    this.userId = res.body.user.id;
    return this;
  }
}

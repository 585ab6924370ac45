import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type DatabaseConfig =
  | { kind: 'sqlite'; /** absolute path, or ':memory:' */ filename: string }
  | { kind: 'postgres'; url: string };

/** Express `trust proxy` setting: off, a hop count, or a list of trusted addresses/subnets. */
type TrustProxy = false | number | string[];

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  /** Whether an empty database gets the demo clinic (and the login page shows the demo banner). */
  demo: boolean;
  production: boolean;
  tz: string;
  logLevel: LogLevel;
  overdueDays: number;
  trustProxy: TrustProxy;
  requireAdminMfa: boolean;
  /** Directory of the production client build (index.html + assets). */
  clientDist: string;
  /** Repository root; relative SQLite paths are resolved against it. */
  rootDir: string;
  session: {
    /** A session unused for longer than this ends. */
    idleTimeoutMs: number;
    /** A session ends this long after login, however active. */
    absoluteTimeoutMs: number;
    /** `last_seen_at` is written at most this often (a write per request would halve read throughput). */
    touchIntervalMs: number;
  };
}

/** A bad environment; `message` names every offending variable. No stack trace is shown for it. */
export class ConfigError extends Error {
  readonly problems: { variable: string; reason: string }[];

  constructor(problems: { variable: string; reason: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.reason}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const TRUST_PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

const flag = (name: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['0', '1', 'true', 'false', ''].includes(v), {
      message: `${name} must be 0 or 1`,
    })
    .transform((v) => (v === '' ? undefined : v === '1' || v === 'true'))
    .optional();

const envSchema = z.object({
  PORT: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number between 0 and 65535')
    .transform(Number)
    .refine((n) => n <= 65535, 'must be a whole number between 0 and 65535')
    .default(3000),
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  DATABASE_URL: z.string().trim().min(1, 'must not be empty').default('sqlite:./data/rls-workup.db'),
  NODE_ENV: z.string().optional(),
  RLS_DEMO: flag('RLS_DEMO'),
  TZ: z
    .string()
    .trim()
    .refine(isTimeZone, 'must be an IANA time zone such as UTC or Europe/Berlin')
    .optional(),
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }))
    .default('info'),
  RLS_OVERDUE_DAYS: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number of days (1–365)')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 365, 'must be a whole number of days (1–365)')
    .default(7),
  TRUST_PROXY: z.string().trim().optional(),
  RLS_REQUIRE_ADMIN_MFA: flag('RLS_REQUIRE_ADMIN_MFA'),
});

function isTimeZone(tz: string): boolean {
  if (tz === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Parses `DATABASE_URL`; throws a reason string on a bad value (never echoes it: it may hold a password). */
function parseDatabaseUrl(url: string, rootDir: string): DatabaseConfig {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file === '') throw new Error('sqlite: needs a path, e.g. sqlite:./data/rls-workup.db');
    if (file === ':memory:') return { kind: 'sqlite', filename: ':memory:' };
    return { kind: 'sqlite', filename: path.resolve(rootDir, file) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error('is not a valid postgres:// URL');
    }
    if (!parsed.hostname && !parsed.searchParams.get('host')) {
      throw new Error('a postgres:// URL needs a host');
    }
    return { kind: 'postgres', url };
  }
  throw new Error(
    'must start with sqlite: (e.g. sqlite:./data/rls-workup.db, sqlite::memory:) or postgres:// / postgresql://',
  );
}

function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined) return false;
  const value = raw.trim().toLowerCase();
  if (value === '' || value === '0' || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((s) => s.trim());
  for (const entry of entries) {
    if (TRUST_PROXY_KEYWORDS.has(entry)) continue;
    const [address, prefix, ...rest] = entry.split('/');
    const ipVersion = net.isIP(address ?? '');
    const prefixOk =
      prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (ipVersion === 6 ? 128 : 32));
    if (ipVersion === 0 || !prefixOk || rest.length > 0) {
      throw new Error(
        'must be a hop count (e.g. 1), or a comma-separated list of loopback, linklocal, uniquelocal, IP addresses or CIDR subnets',
      );
    }
  }
  return entries;
}

/** The repository root: the nearest ancestor holding the workspace package.json. */
function findRootDir(start = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        const json = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { workspaces?: unknown };
        if (json.workspaces) return dir;
      } catch {
        // not our package.json; keep looking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/**
 * Validates the environment. Throws a ConfigError naming every bad variable.
 * `overrides` lets tests and tools replace derived settings (e.g. `clientDist`).
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  overrides: Partial<Pick<Config, 'rootDir' | 'clientDist'>> = {},
): Config {
  const rootDir = overrides.rootDir ?? findRootDir();
  const problems: { variable: string; reason: string }[] = [];

  // An empty variable counts as not set (e.g. `PORT=` in a compose file).
  const input = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => {
      const v = env[key];
      return [key, v === undefined || v.trim() === '' ? undefined : v];
    }),
  );
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ variable: String(issue.path[0] ?? 'environment'), reason: issue.message });
    }
  }

  let database: DatabaseConfig | undefined;
  try {
    database = parseDatabaseUrl(input.DATABASE_URL?.trim() ?? 'sqlite:./data/rls-workup.db', rootDir);
  } catch (err) {
    if (!problems.some((p) => p.variable === 'DATABASE_URL')) {
      problems.push({ variable: 'DATABASE_URL', reason: (err as Error).message });
    }
  }

  let trustProxy: TrustProxy = false;
  try {
    trustProxy = parseTrustProxy(env.TRUST_PROXY);
  } catch (err) {
    problems.push({ variable: 'TRUST_PROXY', reason: (err as Error).message });
  }

  if (problems.length > 0 || !parsed.success || !database) throw new ConfigError(problems);

  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  return {
    port: e.PORT,
    host: e.HOST,
    database,
    demo: e.RLS_DEMO ?? !production,
    production,
    tz: e.TZ ?? 'UTC',
    logLevel: e.LOG_LEVEL,
    overdueDays: e.RLS_OVERDUE_DAYS,
    trustProxy,
    requireAdminMfa: e.RLS_REQUIRE_ADMIN_MFA ?? false,
    clientDist: overrides.clientDist ?? path.join(rootDir, 'client', 'dist'),
    rootDir,
    session: {
      idleTimeoutMs: 30 * 60_000,
      absoluteTimeoutMs: 12 * 60 * 60_000,
      touchIntervalMs: 60_000,
    },
  };
}

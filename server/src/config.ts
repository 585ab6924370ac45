import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type DatabaseConfig =
  | { kind: 'sqlite'; /** absolute path, or ':memory:' */ filename: string }
  | {
      kind: 'postgres';
      url: string;
      /** Connections per instance (DATABASE_POOL_SIZE); N instances use up to N × this (docs/operations.md). */
      poolSize: number;
    };

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
  /** On SIGTERM, how long in-flight requests may take before their connections are closed (docs/reliability.md). */
  shutdownGraceMs: number;
  /** Keys for the audit chain, device cookies and secrets at rest (docs/decisions/017-security-hardening.md). */
  keys: Keys;
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

/** A 256-bit key from the environment (or the fixed development key), with its public key id. */
export interface KeyConfig {
  key: Buffer;
  /** 8 hex characters derived from the key (never the key itself): stored beside what it keyed. */
  id: string;
  /** The fixed, publicly known development key: never used in production. */
  development: boolean;
}

export interface Keys {
  /** RLS_AUDIT_KEY: the audit hash chain's HMAC key; device cookies are signed with a key derived from it. */
  audit: KeyConfig;
  /** RLS_SECRET_KEY: encrypts secrets at rest (TOTP secrets); null in production when not set. */
  secret: KeyConfig | null;
  /** RLS_SECRET_KEY_OLD: earlier secret keys, still read (never written) during a rotation. */
  previousSecrets: KeyConfig[];
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
  DATABASE_POOL_SIZE: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number of connections (2–100)')
    .transform(Number)
    .refine((n) => n >= 2 && n <= 100, 'must be a whole number of connections (2–100)')
    .default(10),
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
  RLS_SHUTDOWN_GRACE_MS: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number of milliseconds (100–600000)')
    .transform(Number)
    .refine((n) => n >= 100 && n <= 600_000, 'must be a whole number of milliseconds (100–600000)')
    .default(10_000),
  RLS_AUDIT_KEY: z.string().optional(),
  RLS_SECRET_KEY: z.string().optional(),
  RLS_SECRET_KEY_OLD: z.string().optional(),
});

const KEY_FORMAT =
  'must be 32 random bytes written as base64 or 64 hex digits (e.g. `openssl rand -base64 32`)';
const NEW_KEY = 'set it to 32 random bytes in base64 (e.g. `openssl rand -base64 32`)';

/** The key id: public, short, and says nothing about the key (HMAC of a fixed label). */
export function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('rls-workup key id').digest('hex').slice(0, 8);
}

/**
 * The fixed development keys of `npm start`, the tests and the demo: anyone can read them here, so
 * they protect nothing, and production refuses to run without real ones (docs/decisions/017-security-hardening.md).
 */
function developmentKey(purpose: string): KeyConfig {
  const key = createHash('sha256').update(`rls-workup public development ${purpose} key`).digest();
  return { key, id: keyIdOf(key), development: true };
}

/** 32 bytes from 64 hex digits or base64 (standard or URL-safe, padding optional); throws a reason. */
function parseKey(raw: string): KeyConfig {
  const text = raw.trim();
  let key: Buffer;
  if (/^[0-9a-fA-F]{64}$/.test(text)) key = Buffer.from(text, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) key = Buffer.from(text, 'base64');
  else throw new Error(KEY_FORMAT);
  if (key.length !== 32) throw new Error(KEY_FORMAT);
  return { key, id: keyIdOf(key), development: false };
}

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
function parseDatabaseUrl(url: string, rootDir: string, poolSize: number): DatabaseConfig {
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
    return { kind: 'postgres', url, poolSize };
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

/**
 * RLS_AUDIT_KEY, RLS_SECRET_KEY and RLS_SECRET_KEY_OLD (comma-separated). Outside production a missing
 * key is the development key; in production RLS_AUDIT_KEY is required, and so is RLS_SECRET_KEY when
 * administrators must use a second factor (whose secret it encrypts). Never echoes a value.
 */
function parseKeys(
  input: Record<string, string | undefined>,
  production: boolean,
  problems: { variable: string; reason: string }[],
): Keys | undefined {
  const one = (variable: string, raw: string | undefined): KeyConfig | null | undefined => {
    if (raw === undefined) return null;
    try {
      return parseKey(raw);
    } catch (err) {
      problems.push({ variable, reason: (err as Error).message });
      return undefined;
    }
  };
  let audit = one('RLS_AUDIT_KEY', input.RLS_AUDIT_KEY);
  let secret = one('RLS_SECRET_KEY', input.RLS_SECRET_KEY);
  const previous = (input.RLS_SECRET_KEY_OLD ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((raw) => one('RLS_SECRET_KEY_OLD', raw));

  if (audit === null) {
    if (production) {
      problems.push({
        variable: 'RLS_AUDIT_KEY',
        reason: `is required when NODE_ENV=production (it keys the audit trail): ${NEW_KEY}`,
      });
      audit = undefined;
    } else audit = developmentKey('audit');
  }
  if (secret === null && !production) secret = developmentKey('secret');
  if (secret === null && production && flagOn(input.RLS_REQUIRE_ADMIN_MFA)) {
    problems.push({
      variable: 'RLS_SECRET_KEY',
      reason: `is required when NODE_ENV=production and RLS_REQUIRE_ADMIN_MFA=1 (it encrypts the TOTP secrets): ${NEW_KEY}`,
    });
    secret = undefined;
  }
  if (audit && secret && audit.key.equals(secret.key)) {
    problems.push({ variable: 'RLS_SECRET_KEY', reason: 'must differ from RLS_AUDIT_KEY' });
  }
  if (audit === undefined || secret === undefined || previous.some((k) => k === undefined)) return undefined;
  return { audit, secret, previousSecrets: previous.filter((k): k is KeyConfig => !!k) };
}

const flagOn = (v: string | undefined) => ['1', 'true'].includes(v?.trim().toLowerCase() ?? '');

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
    database = parseDatabaseUrl(
      input.DATABASE_URL?.trim() ?? 'sqlite:./data/rls-workup.db',
      rootDir,
      parsed.success ? parsed.data.DATABASE_POOL_SIZE : 10,
    );
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

  const production = input.NODE_ENV === 'production';
  const keys = parseKeys(input, production, problems);

  if (problems.length > 0 || !parsed.success || !database || !keys) throw new ConfigError(problems);

  const e = parsed.data;
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
    shutdownGraceMs: e.RLS_SHUTDOWN_GRACE_MS,
    keys,
    clientDist: overrides.clientDist ?? path.join(rootDir, 'client', 'dist'),
    rootDir,
    session: {
      idleTimeoutMs: 30 * 60_000,
      absoluteTimeoutMs: 12 * 60 * 60_000,
      touchIntervalMs: 60_000,
    },
  };
}

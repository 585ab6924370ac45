import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const rootDir = '/srv/rls';

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, { rootDir });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({}, { rootDir });
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.database).toEqual({ kind: 'sqlite', filename: path.join(rootDir, 'data/rls-workup.db') });
    expect(config.demo).toBe(true);
    expect(config.tz).toBe('UTC');
    expect(config.logLevel).toBe('info');
    expect(config.overdueDays).toBe(7);
    expect(config.trustProxy).toBe(false);
    expect(config.requireAdminMfa).toBe(false);
    expect(config.clientDist).toBe(path.join(rootDir, 'client/dist'));
  });

  it('resolves sqlite paths against the repository root and recognises memory and PostgreSQL', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:/var/lib/rls/db.sqlite' }, { rootDir }).database).toEqual({
      kind: 'sqlite',
      filename: '/var/lib/rls/db.sqlite',
    });
    expect(loadConfig({ DATABASE_URL: 'sqlite:data/x.db' }, { rootDir }).database).toEqual({
      kind: 'sqlite',
      filename: '/srv/rls/data/x.db',
    });
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }, { rootDir }).database).toEqual({
      kind: 'sqlite',
      filename: ':memory:',
    });
    for (const url of ['postgres://rls:pw@db:5432/rls', 'postgresql://localhost/rls']) {
      expect(loadConfig({ DATABASE_URL: url }, { rootDir }).database).toEqual({
        kind: 'postgres',
        url,
        poolSize: 10,
      });
    }
  });

  it('sizes the PostgreSQL pool from DATABASE_POOL_SIZE (2–100), naming the variable when bad', () => {
    const url = 'postgres://rls@db/rls';
    expect(loadConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: '25' }, { rootDir }).database).toEqual({
      kind: 'postgres',
      url,
      poolSize: 25,
    });
    for (const bad of ['1', '101', 'ten', '-3']) {
      const err = problemsOf({ DATABASE_URL: url, DATABASE_POOL_SIZE: bad });
      expect(err.problems).toEqual([
        { variable: 'DATABASE_POOL_SIZE', reason: 'must be a whole number of connections (2–100)' },
      ]);
    }
  });

  it('rejects an unknown DATABASE_URL scheme, naming the variable without echoing the value', () => {
    const err = problemsOf({ DATABASE_URL: 'mysql://root:secret@db/rls' });
    expect(err.problems.map((p) => p.variable)).toEqual(['DATABASE_URL']);
    expect(err.message).toContain('DATABASE_URL');
    expect(err.message).toContain('sqlite:');
    expect(err.message).not.toContain('secret');
  });

  it('rejects an empty sqlite path', () => {
    expect(problemsOf({ DATABASE_URL: 'sqlite:' }).message).toMatch(/DATABASE_URL: sqlite: needs a path/);
  });

  it.each(['abc', '70000', '-1', '80.5'])('rejects PORT=%s', (port) => {
    const err = problemsOf({ PORT: port });
    expect(err.problems).toHaveLength(1);
    expect(err.message).toMatch(/PORT: must be a whole number between 0 and 65535/);
  });

  it('accepts the PORT boundaries', () => {
    expect(loadConfig({ PORT: '0' }, { rootDir }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }, { rootDir }).port).toBe(65535);
  });

  it('lists every bad variable at once', () => {
    const err = problemsOf({
      PORT: 'x',
      DATABASE_URL: 'oracle:foo',
      LOG_LEVEL: 'loud',
      RLS_DEMO: 'maybe',
      TZ: 'Mars/Olympus',
      RLS_OVERDUE_DAYS: '0',
      TRUST_PROXY: 'somewhere',
      RLS_REQUIRE_ADMIN_MFA: 'yes',
    });
    expect(err.problems.map((p) => p.variable).sort()).toEqual(
      [
        'DATABASE_URL',
        'LOG_LEVEL',
        'PORT',
        'RLS_DEMO',
        'RLS_OVERDUE_DAYS',
        'RLS_REQUIRE_ADMIN_MFA',
        'TRUST_PROXY',
        'TZ',
      ].sort(),
    );
  });

  it('turns demo seeding off in production unless RLS_DEMO=1 forces it', () => {
    const production = { NODE_ENV: 'production', RLS_AUDIT_KEY: 'a'.repeat(64) }; // config-keys.test.ts
    expect(loadConfig(production, { rootDir }).demo).toBe(false);
    expect(loadConfig({ ...production, RLS_DEMO: '1' }, { rootDir }).demo).toBe(true);
    expect(loadConfig({ RLS_DEMO: '0' }, { rootDir }).demo).toBe(false);
  });

  it('parses TRUST_PROXY as a hop count or a list of addresses', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }, { rootDir }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }, { rootDir }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
    expect(loadConfig({ TRUST_PROXY: '0' }, { rootDir }).trustProxy).toBe(false);
  });

  it('reads the remaining settings', () => {
    const config = loadConfig(
      {
        TZ: 'Europe/Berlin',
        LOG_LEVEL: 'WARN',
        RLS_OVERDUE_DAYS: '14',
        RLS_REQUIRE_ADMIN_MFA: '1',
        HOST: '0.0.0.0',
      },
      { rootDir },
    );
    expect(config).toMatchObject({
      tz: 'Europe/Berlin',
      logLevel: 'warn',
      overdueDays: 14,
      requireAdminMfa: true,
      host: '0.0.0.0',
    });
  });
});

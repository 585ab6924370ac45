import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, keyIdOf, loadConfig } from './config';

/** RLS_AUDIT_KEY, RLS_SECRET_KEY, RLS_SECRET_KEY_OLD (docs/decisions/017-security-hardening.md). */

const rootDir = '/srv/rls';
const load = (env: Record<string, string>) => loadConfig(env, { rootDir });

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('keys', () => {
  it('uses the public development keys outside production, and says so', () => {
    const { keys } = load({});
    expect(keys.audit.development).toBe(true);
    expect(keys.secret?.development).toBe(true);
    expect(keys.audit.key).toHaveLength(32);
    expect(keys.audit.key.equals(keys.secret!.key)).toBe(false);
    expect(keys.previousSecrets).toEqual([]);
    // The same everywhere, so a development trail verifies from any checkout.
    expect(load({}).keys.audit.id).toBe(keys.audit.id);
  });

  it('reads 32-byte keys written as base64, base64url or hex, with their ids', () => {
    const raw = randomBytes(32);
    for (const text of [raw.toString('base64'), raw.toString('base64url'), raw.toString('hex')]) {
      const { keys } = load({ RLS_AUDIT_KEY: text });
      expect(keys.audit.key.equals(raw)).toBe(true);
      expect(keys.audit.development).toBe(false);
      expect(keys.audit.id).toBe(keyIdOf(raw));
      expect(keys.audit.id).toMatch(/^[0-9a-f]{8}$/);
    }
    const old1 = randomBytes(32);
    const old2 = randomBytes(32);
    const { keys } = load({
      RLS_SECRET_KEY: randomBytes(32).toString('base64'),
      RLS_SECRET_KEY_OLD: `${old1.toString('base64')}, ${old2.toString('hex')}`,
    });
    expect(keys.previousSecrets.map((k) => k.id)).toEqual([keyIdOf(old1), keyIdOf(old2)]);
  });

  it('refuses a key that is not 32 bytes, without echoing it', () => {
    const err = problemsOf({
      RLS_AUDIT_KEY: 'c2hvcnQtc2VjcmV0',
      RLS_SECRET_KEY: 'not a key at all!',
      RLS_SECRET_KEY_OLD: 'abcd',
    });
    expect(err.problems.map((p) => p.variable)).toEqual([
      'RLS_AUDIT_KEY',
      'RLS_SECRET_KEY',
      'RLS_SECRET_KEY_OLD',
    ]);
    expect(err.message).toContain('32 random bytes');
    expect(err.message).not.toContain('c2hvcnQtc2VjcmV0');
    expect(err.message).not.toContain('not a key at all');
  });

  it('refuses to start in production without RLS_AUDIT_KEY', () => {
    const err = problemsOf({ NODE_ENV: 'production' });
    expect(err.problems.map((p) => p.variable)).toEqual(['RLS_AUDIT_KEY']);
    expect(err.message).toMatch(/RLS_AUDIT_KEY: is required when NODE_ENV=production/);
  });

  it('in production, RLS_SECRET_KEY is optional (no development key) unless administrators must use MFA', () => {
    const audit = randomBytes(32).toString('base64');
    const plain = load({ NODE_ENV: 'production', RLS_AUDIT_KEY: audit });
    expect(plain.keys.secret).toBeNull();
    expect(plain.keys.audit.development).toBe(false);
    const err = problemsOf({ NODE_ENV: 'production', RLS_AUDIT_KEY: audit, RLS_REQUIRE_ADMIN_MFA: '1' });
    expect(err.problems.map((p) => p.variable)).toEqual(['RLS_SECRET_KEY']);
    expect(err.message).toMatch(
      /RLS_SECRET_KEY: is required when NODE_ENV=production and RLS_REQUIRE_ADMIN_MFA=1/,
    );
  });

  it('refuses the same key for both purposes', () => {
    const key = randomBytes(32).toString('base64');
    expect(problemsOf({ RLS_AUDIT_KEY: key, RLS_SECRET_KEY: key }).message).toMatch(
      /RLS_SECRET_KEY: must differ from RLS_AUDIT_KEY/,
    );
  });
});

import type { Kysely } from 'kysely';
import type { Keys } from '../../config';
import { Migrator, type Migration, type MigrationResult } from 'kysely/migration';
import type { DialectName } from '../dialect';
import type { Database } from '../schema';
import { initial } from './001-initial';
import { security } from './002-security';
import { evaluations } from './003-evaluations';
import { workload } from './004-workload';
import { workloadVersion } from './005-workload-version';
import { discardedStatus } from './006-discarded-status';
import { securityKeys } from './007-security-keys';
import { idempotencyKeys } from './008-idempotency-keys';
import { workloadWeekly } from './009-workload-weekly';
import { patientSearchVersion } from './010-patient-search-version';

/**
 * Every migration, in order, listed in code (a bundled server has no migration folder to scan).
 * Names are sorted as text: keep the zero-padded prefix. Never edit a released migration; add one.
 */
export function listMigrations(dialect: DialectName, keys?: Keys): Record<string, Migration> {
  return {
    '001-initial': initial(dialect),
    '002-security': security(dialect),
    '003-evaluations': evaluations(dialect),
    '004-workload': workload(dialect),
    '005-workload-version': workloadVersion(),
    '006-discarded-status': discardedStatus(dialect),
    '007-security-keys': securityKeys(keys),
    '008-idempotency-keys': idempotencyKeys(),
    '009-workload-weekly': workloadWeekly(dialect),
    '010-patient-search-version': patientSearchVersion(),
  };
}

export interface MigrationOutcome {
  applied: string[];
}

/**
 * Brings the schema to the latest version; throws (after logging nothing itself) when a migration fails.
 * `keys` (the configuration's) let migration 007 encrypt clear TOTP secrets and key the audit trail of
 * an upgraded database; the server and every CLI pass them.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: DialectName,
  keys?: Keys,
): Promise<MigrationOutcome> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(listMigrations(dialect, keys)) },
  });
  const { error, results } = await migrator.migrateToLatest();
  const applied = (results ?? [])
    .filter((r: MigrationResult) => r.status === 'Success')
    .map((r) => r.migrationName);
  if (error) {
    // An instance of an older release started on a database a newer one has migrated (a rollback
    // during a rolling upgrade, docs/operations.md): say so instead of Kysely's "corrupted migrations".
    const unknown = /previously executed migration (.+) is missing/.exec(
      error instanceof Error ? error.message : '',
    )?.[1];
    if (unknown) {
      throw new Error(
        `The database was migrated by a newer release of RLS Workup (migration "${unknown}" is unknown to this one): run that release, or restore a backup taken before the upgrade.`,
        { cause: error },
      );
    }
    const failed = (results ?? []).find((r) => r.status === 'Error')?.migrationName;
    throw new Error(
      `Database migration ${failed ? `"${failed}" ` : ''}failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      { cause: error },
    );
  }
  return { applied };
}

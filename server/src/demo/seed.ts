import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import { hashPassword } from '../features/users/passwords';
import { countUsers, insertUser } from '../features/users/repo';
import { searchTextOf } from '../features/patients/repo';
import { unitOfWork } from '../db/unit-of-work';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './accounts';
import { seedDemoEvaluations } from './evaluations';
import { DEMO_PATIENTS } from './patients';

export interface SeedResult {
  seeded: boolean;
  users: number;
  patients: number;
  /** Present when seeded. */
  evaluations?: number;
}

/** The demo patients were registered before their first visit (four months of history). */
const REGISTERED_DAYS_AGO = 130;

/**
 * Fills an EMPTY database (no users) with the demo clinic: the demo accounts, fictional patients and
 * their evaluations (demo/evaluations.ts), all in one transaction.
 * Idempotent: a database that has any user is left alone. Callers decide whether demo data is wanted
 * (config.demo); this function only checks emptiness.
 */
export async function seedDemo(ctx: AppContext): Promise<SeedResult> {
  const none: SeedResult = { seeded: false, users: 0, patients: 0 };
  if ((await countUsers(ctx.db)) > 0) return none;

  // Hash before the transaction: argon2 inside it would hold the (single SQLite) connection.
  const hashes = await Promise.all(DEMO_ACCOUNTS.map(() => hashPassword(DEMO_PASSWORD)));
  const now = ctx.clock.now().toISOString();
  const users = DEMO_ACCOUNTS.map((account, i) => ({
    id: randomUUID(),
    username: account.username,
    name: account.name,
    role: account.role,
    password_hash: hashes[i]!,
    active: 1 as const,
    mfa_secret: null,
    mfa_enabled: 0 as const,
    recovery_codes: null,
    created_at: now,
    updated_at: now,
    password_changed_at: now,
  }));
  const creator = users.find((u) => u.role === 'clinician')!;

  return unitOfWork(
    ctx,
    null,
    (result: SeedResult) => ({
      action: 'demo.seed',
      category: 'system',
      detail: { users: result.users, patients: result.patients, evaluations: result.evaluations ?? 0 },
    }),
    async (trx) => {
      // Re-check inside the transaction: another process may have seeded meanwhile.
      if ((await countUsers(trx)) > 0) return none;
      for (const user of users) await insertUser(trx, user);
      const registered = new Date(ctx.clock.now().getTime() - REGISTERED_DAYS_AGO * 86_400_000).toISOString();
      const patients = DEMO_PATIENTS.map((p) => ({
        id: randomUUID(),
        mrn: p.mrn,
        name: p.name,
        birth_date: p.birthDate,
        sex: p.sex,
        search_text: searchTextOf(p.name, p.mrn),
        created_at: registered,
        updated_at: registered,
        created_by: creator.id,
        worklist_updated_at: registered,
      }));
      await trx.insertInto('patients').values(patients).execute();
      const clinicians = users.filter((u) => u.role === 'clinician').map((u) => u.id);
      const evaluations = await seedDemoEvaluations(trx, ctx, {
        clinicians: [clinicians[0]!, clinicians[1] ?? clinicians[0]!],
        patients: new Map(patients.map((p) => [p.mrn, { id: p.id, sex: p.sex, birthDate: p.birth_date }])),
        now: ctx.clock.now(),
      });
      return { seeded: true, users: users.length, patients: patients.length, evaluations };
    },
  );
}

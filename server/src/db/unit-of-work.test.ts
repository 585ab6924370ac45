import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { loadConfig } from '../config';
import { closeContext, createContext, type AppContext } from '../context';
import { migrateToLatest } from './migrations';
import { recordAudit, unitOfWork } from './unit-of-work';

const actor = { id: 'u-1', username: 'clinician', role: 'clinician' as const };

let ctx: AppContext;
const clock = new ManualClock('2026-03-01T08:00:00.000Z');

beforeEach(async () => {
  ctx = createContext(loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' }), {
    clock,
    logger: pino({ level: 'silent' }),
  });
  await migrateToLatest(ctx.db, ctx.dialect);
  await ctx.db
    .insertInto('users')
    .values({
      id: actor.id,
      username: actor.username,
      name: 'Dr. Test',
      role: 'clinician',
      password_hash: 'x',
      active: 1,
      mfa_secret: null,
      mfa_enabled: 0,
      recovery_codes: null,
      created_at: clock.now().toISOString(),
      updated_at: clock.now().toISOString(),
      password_changed_at: clock.now().toISOString(),
    })
    .execute();
});

afterEach(async () => {
  await closeContext(ctx);
});

function patientRow(id: string) {
  const now = clock.now().toISOString();
  return {
    id,
    mrn: `MRN-${id.slice(0, 6)}`,
    name: 'Test Patient',
    birth_date: '1970-01-01',
    sex: 'female' as const,
    search_text: 'test patient',
    created_at: now,
    updated_at: now,
    created_by: actor.id,
  };
}

describe('unitOfWork', () => {
  it('stores the change and its audit entry together, with actor, patient and versions', async () => {
    const id = randomUUID();
    const result = await unitOfWork(
      ctx,
      actor,
      (r: { created: string }) => ({
        action: 'patient.create',
        category: 'patient',
        patientId: r.created,
        entity: 'patient',
        entityId: r.created,
        beforeVersion: null,
        afterVersion: 1,
        detail: { via: 'test' },
      }),
      async (trx) => {
        await trx.insertInto('patients').values(patientRow(id)).execute();
        return { created: id };
      },
    );
    expect(result).toEqual({ created: id });

    const patients = await ctx.db.selectFrom('patients').select('id').execute();
    expect(patients).toEqual([{ id }]);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      at: '2026-03-01T08:00:00.000Z',
      user_id: 'u-1',
      username: 'clinician',
      role: 'clinician',
      patient_id: id,
      action: 'patient.create',
      category: 'patient',
      outcome: 'success',
      entity: 'patient',
      entity_id: id,
      before_version: null,
      after_version: 1,
      detail: '{"via":"test"}',
    });
  });

  it('writes nothing — neither the change nor the audit entry — when fn throws', async () => {
    const id = randomUUID();
    await expect(
      unitOfWork(ctx, actor, { action: 'patient.create' }, async (trx) => {
        await trx.insertInto('patients').values(patientRow(id)).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');

    expect(await ctx.db.selectFrom('patients').selectAll().execute()).toEqual([]);
    expect(await ctx.db.selectFrom('audit_log').selectAll().execute()).toEqual([]);
  });

  it('rolls back the change when the audit entry cannot be written', async () => {
    const id = randomUUID();
    await expect(
      unitOfWork(ctx, actor, { action: 'patient.create', outcome: 'maybe' as 'success' }, async (trx) => {
        await trx.insertInto('patients').values(patientRow(id)).execute();
      }),
    ).rejects.toThrow();
    expect(await ctx.db.selectFrom('patients').selectAll().execute()).toEqual([]);
  });

  it('numbers audit entries in order', async () => {
    await recordAudit(ctx, {
      actor: null,
      username: 'nobody',
      action: 'session.login',
      outcome: 'failure',
      category: 'auth',
    });
    clock.advance(1000);
    await unitOfWork(ctx, actor, { action: 'session.logout' }, () => Promise.resolve());
    const rows = await ctx.db
      .selectFrom('audit_log')
      .select(['seq', 'action', 'username', 'user_id', 'outcome', 'at'])
      .orderBy('seq')
      .execute();
    expect(rows).toEqual([
      {
        seq: 1,
        action: 'session.login',
        username: 'nobody',
        user_id: null,
        outcome: 'failure',
        at: '2026-03-01T08:00:00.000Z',
      },
      {
        seq: 2,
        action: 'session.logout',
        username: 'clinician',
        user_id: 'u-1',
        outcome: 'success',
        at: '2026-03-01T08:00:01.000Z',
      },
    ]);
  });
});

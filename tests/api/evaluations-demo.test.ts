import { assess, type Answers, type Assessment, type Plan } from '@rls/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import { startTestServer, type TestServer } from './helpers';

// The demo clinic as seeded four months before "now" (server time zone UTC).
const clock = new ManualClock('2026-09-15T10:00:00.000Z');
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ clock, seedDemo: true });
}, 60_000); // seeding ~40 patients' histories takes a few seconds on PostgreSQL
afterAll(() => server.close());

async function evaluations() {
  return server.ctx.db
    .selectFrom('evaluations as e')
    .innerJoin('patients as p', 'p.id', 'e.patient_id')
    .select([
      'e.id',
      'e.status',
      'e.current_stage',
      'e.assignee_id',
      'e.answers',
      'e.plan',
      'e.assessment',
      'e.started_at',
      'e.updated_at',
      'e.signed_at',
      'e.follow_up_date',
      'e.version',
      'p.sex',
      'p.birth_date',
      'p.mrn',
    ])
    .execute();
}

describe('demo clinic evaluations', () => {
  it('covers every status and stage, both clinicians and four months, never in the future', async () => {
    const rows = await evaluations();
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['draft', 'amending', 'signed']));
    const open = rows.filter((r) => r.status !== 'signed');
    expect(new Set(open.map((r) => r.current_stage))).toEqual(
      new Set(['history', 'exam', 'labs', 'imaging']),
    );
    expect(new Set(rows.map((r) => r.assignee_id)).size).toBe(2);
    const now = clock.now().toISOString();
    const days = rows.map((r) => (Date.parse(now) - Date.parse(r.started_at)) / 86_400_000);
    expect(Math.max(...days)).toBeGreaterThan(100);
    expect(Math.max(...days)).toBeLessThan(125);
    expect(rows.every((r) => r.updated_at <= now && r.started_at <= r.updated_at)).toBe(true);

    const amended = await server.ctx.db.selectFrom('amendments').select('evaluation_id').execute();
    const amendedSigned = rows.filter(
      (r) => r.status === 'signed' && amended.some((a) => a.evaluation_id === r.id),
    );
    expect(amendedSigned.length).toBeGreaterThan(0); // amended and signed again
    const snapshots = await server.ctx.db.selectFrom('evaluation_versions').select('evaluation_id').execute();
    expect(snapshots.length).toBeGreaterThan(rows.filter((r) => r.status === 'signed').length);
  });

  it('stores exactly the assessment the shared rules give for its answers and plan on its start date', async () => {
    for (const r of await evaluations()) {
      const startDate = r.started_at.slice(0, 10); // server time zone UTC
      const plan = JSON.parse(r.plan) as Plan;
      const patient = { sex: r.sex, birthDate: r.birth_date };
      const expected = assess(JSON.parse(r.answers) as Answers, patient, startDate, plan);
      expect(JSON.parse(r.assessment) as Assessment, r.mrn).toEqual(expected);
    }
  });

  it('exercises the findings of SPEC §2', async () => {
    const codes = new Set(
      (await evaluations()).flatMap((r) =>
        (JSON.parse(r.assessment) as Assessment).findings.map((f) => f.code),
      ),
    );
    for (const code of [
      'rls.criteria-met',
      'rls.criteria-not-met',
      'irls.severe',
      'iron.treat',
      'iron.iv-only',
      'iron.iv-avoid',
      'iron.esrd-iv-sucrose',
      'anemia',
      'ckd',
      'esrd',
      'diabetes',
      'neuropathy.suspected',
      'drug-exacerbation',
      'substance-exacerbation',
      'sleep.osa',
      'augmentation-risk',
      'pregnancy',
      'venous.superficial-reflux',
      'venous.deep-reflux',
      'venous.pathologic-perforator',
      'venous.cvd',
      'venous.cvi',
      'dvt',
      'arterial.pad',
      'arterial.borderline',
      'arterial.noncompressible',
    ]) {
      expect(codes, code).toContain(code);
    }
  });

  it('shows follow-ups due and patients followed up twice with improvement', async () => {
    const api = await server.login('clinician');
    const due = await api.get<{ total: number }>('/api/patients?followUpDue=true');
    expect(due.body.total).toBeGreaterThanOrEqual(3);
    const none = await api.get<{ total: number }>('/api/patients?status=none');
    expect(none.body.total).toBeGreaterThan(0);

    const rows = await evaluations();
    const signedByPatient = new Map<string, typeof rows>();
    for (const r of rows.filter((x) => x.status === 'signed')) {
      signedByPatient.set(r.mrn, [...(signedByPatient.get(r.mrn) ?? []), r]);
    }
    const followedUp = [...signedByPatient.values()].filter((list) => list.length >= 2);
    expect(followedUp.length).toBeGreaterThanOrEqual(2);
    for (const list of followedUp) {
      const [first, last] = [...list].sort((a, b) => a.started_at.localeCompare(b.started_at));
      const irls = (r: (typeof rows)[number]) => (JSON.parse(r.answers) as Answers)['irls.total'] as number;
      expect(irls(last!)).toBeLessThan(irls(first!));
    }
    // Every signed plan was reviewed, and its follow-up column matches the plan.
    for (const r of rows.filter((x) => x.status === 'signed')) {
      const plan = JSON.parse(r.plan) as Plan;
      expect(plan.reviewed).toBe(true);
      expect(r.follow_up_date).toBe(plan.followUpDate);
    }
  });
});

import { randomUUID } from 'node:crypto';
import { findingCatalog } from '@rls/shared';
import { sql } from 'kysely';
import type { AppContext } from '../../server/src/context';
import type { EvaluationRow, EvaluationStatus } from '../../server/src/db/schema';
import { recordEvaluationTransition } from '../../server/src/features/workload/rollups';

/**
 * Builds a clinic of evaluations in known states and times for the workload tests. Each write goes
 * through one transaction that writes the evaluation row AND calls the rollup hook with the rows
 * before and after — exactly what the evaluation service's `saveEvaluation` does — so the
 * rollups are maintained the production way, not rebuilt.
 *
 * Patients are fictional; their names and MRNs are kept so tests can assert none of them leak.
 */

type Stage = 'history' | 'exam' | 'labs' | 'imaging';

export interface EvaluationSpec {
  assignee: string;
  startedAt: string;
  status?: EvaluationStatus;
  /** current_stage; default 'signed' when signed, else 'history'. */
  stage?: string;
  /** Last change; default the sign time, else the start time. */
  updatedAt?: string;
  signedAt?: string | null;
  stageTimes?: Partial<Record<Stage, { firstAt: string; lastAt: string }>>;
  followUpDate?: string | null;
  findings?: string[];
  /** An existing patient (e.g. a demo patient); default a new one. */
  patientId?: string;
}

export class WorkloadFixture {
  readonly patients: { id: string; name: string; mrn: string }[] = [];
  #seq = 0;

  constructor(readonly ctx: AppContext) {}

  /** A fictional patient row (the workload API must never show its name or MRN). */
  async patient(): Promise<string> {
    this.#seq += 1;
    const id = randomUUID();
    const name = `Wlfixture Patient${String(this.#seq).padStart(3, '0')}`;
    const mrn = `WLX-${String(900000 + this.#seq)}`;
    const creator = await this.ctx.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const at = '2025-01-01T00:00:00.000Z';
    await sql`insert into patients (id, mrn, name, birth_date, sex, search_text, created_at, updated_at, created_by)
      values (${id}, ${mrn}, ${name}, ${'1960-01-01'}, ${'female'}, ${`${name} ${mrn}`.toLowerCase()}, ${at}, ${at}, ${creator.id})`.execute(
      this.ctx.db,
    );
    this.patients.push({ id, name, mrn });
    return id;
  }

  /** Creates an evaluation in the given state; returns its id. */
  async add(spec: EvaluationSpec): Promise<string> {
    const patientId = spec.patientId ?? (await this.patient());
    const status = spec.status ?? 'draft';
    const signedAt = spec.signedAt ?? null;
    const row: EvaluationRow = {
      id: randomUUID(),
      patient_id: patientId,
      status,
      workflow_version: 1,
      version: 1,
      assignee_id: spec.assignee,
      current_stage: spec.stage ?? (status === 'signed' ? 'signed' : 'history'),
      answers: '{}',
      answer_meta: '{}',
      plan: JSON.stringify({
        selected: [],
        custom: [],
        followUpDate: spec.followUpDate ?? null,
        reviewed: false,
      }),
      assessment: assessmentJson(spec.findings ?? []),
      stage_times: JSON.stringify(spec.stageTimes ?? {}),
      follow_up_date: spec.followUpDate ?? null,
      started_at: spec.startedAt,
      updated_at: spec.updatedAt ?? signedAt ?? spec.startedAt,
      signed_at: signedAt,
      signed_by: signedAt ? spec.assignee : null,
      created_by: spec.assignee,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('evaluations').values(row).execute();
      await recordEvaluationTransition(trx, this.ctx, null, row);
    });
    return row.id;
  }

  /** Changes an evaluation (e.g. amend, re-sign, reassign) the way the service does: row + hook. */
  async update(
    id: string,
    change: Partial<
      Pick<
        EvaluationRow,
        | 'status'
        | 'assignee_id'
        | 'current_stage'
        | 'updated_at'
        | 'signed_at'
        | 'stage_times'
        | 'follow_up_date'
      >
    > & {
      findings?: string[];
    },
  ): Promise<void> {
    const { findings, ...columns } = change;
    await this.ctx.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('evaluations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const signedAt = 'signed_at' in columns ? (columns.signed_at ?? null) : before.signed_at;
      const after: EvaluationRow = {
        ...before,
        ...columns,
        version: Number(before.version) + 1,
        signed_by: signedAt ? (columns.assignee_id ?? before.assignee_id) : null,
        ...(findings ? { assessment: assessmentJson(findings) } : {}),
      };
      await trx
        .updateTable('evaluations')
        .set({ ...after, id: undefined })
        .where('id', '=', id)
        .execute();
      await recordEvaluationTransition(trx, this.ctx, before, after);
    });
  }
}

/** An assessment as assess() stores it, reduced to what matters here: the finding codes. */
function assessmentJson(codes: string[]): string {
  return JSON.stringify({
    findings: codes.map((code) => ({
      code,
      label: findingCatalog[code]?.label ?? code,
      text: '',
      cause: findingCatalog[code]?.cause ?? 'diagnosis',
      evidence: [],
      suggestions: [],
    })),
    // A pending entry may name a finding family that is not present: it must not count.
    pending: [{ code: 'diabetes', waitingFor: ['lab.hba1c'], reason: 'waiting for HbA1c' }],
    pendingByStage: { history: [], exam: [], labs: [], imaging: [] },
  });
}

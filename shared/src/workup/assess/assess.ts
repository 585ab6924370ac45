import { withJudgedIrlsTotal } from '../irls';
import { stageOfCode } from '../items';
import { notDoneCodes } from '../not-done';
import { getWorkup } from '../registry';
import { STAGE_IDS } from '../types';
import type { AnswerMeta, Answers, PatientContext, StageId } from '../types';
import { assessArterial } from './arterial';
import { createContext } from './context';
import { assessCriteria } from './criteria';
import { assessExacerbators } from './exacerbators';
import { assessHematology } from './hematology';
import { assessIron } from './iron';
import { assessMetabolic } from './metabolic';
import { assessNeuro } from './neuro';
import { assessRenal } from './renal';
import type { Assessment, DomainResult, PendingEntry } from './types';
import { assessVenous } from './venous';
import { assessVitamins } from './vitamins';
import { followUpOf } from './follow-up';
import { applySafety } from './safety';

/** Rule files in display order: diagnosis first, then causes, then vascular findings. */
const DOMAINS = [
  assessCriteria,
  assessIron,
  assessHematology,
  assessVitamins,
  assessRenal,
  assessMetabolic,
  assessNeuro,
  assessExacerbators,
  assessVenous,
  assessArterial,
];

/**
 * Derives every finding of docs/clinical-rules.md from the canonical answers, the patient and the evaluation's
 * start date (YYYY-MM-DD, for age rules), then runs the safety pass (suppression and cautions) and the
 * follow-up from `plan.selected`. Pure: the server stores its result, the client shows it live.
 * Severity is judged on the sum of the ten IRLS items once all are answered (irls.ts). Items marked
 * not done in `answerMeta` are not waited for: they leave `pending` and `pendingByStage`, and an entry
 * left waiting for nothing is dropped.
 */
export function assess(
  answers: Answers,
  patient: PatientContext,
  date: string,
  plan?: { selected: readonly string[] } | null,
  answerMeta?: AnswerMeta | null,
): Assessment {
  const workup = getWorkup();
  const ctx = createContext(withJudgedIrlsTotal(workup, answers), patient, date);
  const results: DomainResult[] = DOMAINS.map((domain) => domain(ctx));
  const { findings, suppressed } = applySafety(
    ctx,
    results.flatMap((r) => r.findings),
  );
  const notDone = notDoneCodes(answerMeta);
  const entries = results
    .flatMap((r) => r.pending)
    .map((entry) => ({ ...entry, waitingFor: entry.waitingFor.filter((code) => !notDone.has(code)) }))
    .filter((entry) => entry.waitingFor.length > 0);

  const pendingByStage = Object.fromEntries(STAGE_IDS.map((s) => [s, [] as PendingEntry[]])) as Record<
    StageId,
    PendingEntry[]
  >;
  const pendingCodes = new Set<string>();
  for (const entry of entries) {
    const byStage = new Map<StageId, string[]>();
    for (const code of entry.waitingFor) {
      pendingCodes.add(code);
      const stage = stageOfCode(workup, code) ?? 'history';
      byStage.set(stage, [...(byStage.get(stage) ?? []), code]);
    }
    for (const [stage, waitingFor] of byStage) pendingByStage[stage].push({ ...entry, waitingFor });
  }
  return {
    findings,
    suppressed,
    followUp: followUpOf(plan?.selected ?? []),
    pending: [...pendingCodes],
    pendingByStage,
  };
}

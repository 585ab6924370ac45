import { getWorkup } from '../registry';
import { stageOfCode } from '../items';
import { STAGE_IDS } from '../types';
import type { Answers, PatientContext, StageId } from '../types';
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
import { followUpOf } from './follow-up';
import { applySafety } from './safety';

/** Rule files in display order: diagnosis first, then causes, then vascular findings. */
const DOMAINS = [
  assessCriteria,
  assessIron,
  assessHematology,
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
 */
export function assess(
  answers: Answers,
  patient: PatientContext,
  date: string,
  plan?: { selected: readonly string[] } | null,
): Assessment {
  const ctx = createContext(answers, patient, date);
  const results: DomainResult[] = DOMAINS.map((domain) => domain(ctx));
  const { findings, suppressed } = applySafety(
    ctx,
    results.flatMap((r) => r.findings),
  );
  const entries = results.flatMap((r) => r.pending);

  const workup = getWorkup();
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

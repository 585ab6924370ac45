import type { AnswerValue, StageId } from '../types';

export type FindingCause =
  | 'iron'
  | 'renal'
  | 'metabolic'
  | 'neuro'
  | 'drugs'
  | 'sleep'
  | 'venous'
  | 'arterial'
  | 'diagnosis'
  | 'severity'
  | 'pregnancy'
  | 'hematology';

export type SuggestionCategory =
  | 'rls-therapy'
  | 'venous-care'
  | 'arterial-care'
  | 'lifestyle'
  | 'medication-review'
  | 'referral'
  | 'monitoring';

/** Caution codes (docs/clinical-rules.md, "Cautions"): shown beside an option, never blocking it. */
export const CAUTION_CODES = [
  'respiratory-depression',
  'reduced-compression',
  'verify-perfusion',
  'already-taking',
  'renal-dose',
  'lactation',
  'no-abrupt-stop',
  'aasm-conditional-against',
] as const;
export type CautionCode = (typeof CAUTION_CODES)[number];

export interface Caution {
  code: CautionCode;
  /** What the clinician must weigh, in one or two sentences naming the source. */
  text: string;
}

export interface Suggestion {
  /** Stable id, stored in `plan.selected`. */
  id: string;
  label: string;
  category: SuggestionCategory;
  /** Source tag (guideline or consensus), e.g. 'AASM-2024', shown in docs/clinical-rules.md. */
  guideline: string;
  strength: string;
  note?: string;
  /** Cautions (docs/clinical-rules.md; empty when none). */
  cautions: Caution[];
}

export interface Evidence {
  code: string;
  value: AnswerValue;
  display?: string;
}

export interface Finding {
  code: string;
  label: string;
  /** One-sentence explanation. */
  text: string;
  cause: FindingCause;
  evidence: Evidence[];
  suggestions: Suggestion[];
}

export interface PendingEntry {
  /** The finding (or finding family, e.g. 'iron') still waiting. */
  code: string;
  /** Item codes it waits for. */
  waitingFor: string[];
  reason: string;
}

/** Follow-up from the selected plan (docs/clinical-rules.md): IV iron 8 weeks, else oral iron 12 weeks. */
export interface FollowUp {
  weeks: number;
  reason: string;
}

export interface Assessment {
  findings: Finding[];
  /** Options the triggers offered that the safety pass removed, with why (docs/clinical-rules.md). */
  suppressed: Array<{ id: string; label: string; reason: string }>;
  /** From `plan.selected` (null when no iron option is selected). */
  followUp: FollowUp | null;
  /** Flat, de-duplicated item codes findings still wait for. */
  pending: string[];
  pendingByStage: Record<StageId, PendingEntry[]>;
}

export interface DomainResult {
  findings: Finding[];
  pending: PendingEntry[];
}

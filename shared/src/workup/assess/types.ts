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

export interface Suggestion {
  /** Stable id, stored in `plan.selected`. */
  id: string;
  label: string;
  category: SuggestionCategory;
  /** Source tag of clinical-reference.md, e.g. 'AASM-2024'. */
  guideline: string;
  strength: string;
  note?: string;
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

export interface Assessment {
  findings: Finding[];
  /** Flat, de-duplicated item codes findings still wait for. */
  pending: string[];
  pendingByStage: Record<StageId, PendingEntry[]>;
}

export interface DomainResult {
  findings: Finding[];
  pending: PendingEntry[];
}

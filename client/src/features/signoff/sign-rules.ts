import { getItem, signBlockers, signWarnings, stageOfCode, STAGE_IDS, unconfirmedCarried } from '@rls/shared';
import type { EvaluationDto, PatientContext, StageId, WorkupDefinition } from '@rls/shared';
import { itemLabel } from '@/utils/evaluation-format';
import { amendmentNumber, signedVersionLabel } from '@/utils/version-labels';
import type { HistoryEntry } from './api';

/** Workspace steps (the URL segment after the evaluation id). */
type WorkspaceStep = StageId | 'assessment' | 'plan' | 'sign';

export interface BlockerView {
  code: string;
  label: string;
  reason: string;
  /** The step where it is fixed. */
  step: WorkspaceStep;
}

/** Where an item code (or `plan.*`) is answered. */
function stepOfCode(workup: WorkupDefinition, code: string): WorkspaceStep {
  if (code.startsWith('plan.')) return 'plan';
  return stageOfCode(workup, code) ?? 'history';
}

/** A blocker or a server 422 item, with the label a clinician reads and the step that fixes it. */
export function describeItem(workup: WorkupDefinition, item: { code: string; reason: string }): BlockerView {
  return {
    code: item.code,
    label: item.code === 'plan.reviewed' ? 'Plan reviewed' : itemLabel(workup, item.code),
    reason: item.reason,
    step: stepOfCode(workup, item.code),
  };
}

/** What prevents signing now (shared signBlockers: the five IRLSSG criteria and "plan reviewed"). */
export function blockersOf(workup: WorkupDefinition, evaluation: Pick<EvaluationDto, 'answers' | 'plan'>) {
  return signBlockers(evaluation.answers, evaluation.plan).map((b) => describeItem(workup, b));
}

export interface WarningGroup {
  stage: StageId;
  codes: string[];
  labels: string[];
}

/** Unanswered enabled items that do not block signing, grouped by stage in walk order. */
export function warningsByStage(
  workup: WorkupDefinition,
  patient: PatientContext,
  evaluation: Pick<EvaluationDto, 'answers' | 'answerMeta'>,
): WarningGroup[] {
  const codes = signWarnings(workup, patient, evaluation.answers, evaluation.answerMeta);
  return STAGE_IDS.map((stage) => {
    const inStage = codes.filter((code) => getItem(workup, code)?.stage === stage);
    return { stage, codes: inStage, labels: inStage.map((code) => itemLabel(workup, code)) };
  }).filter((group) => group.codes.length > 0);
}

/**
 * Answers a follow-up carried from an earlier evaluation that nobody confirmed in this one, grouped by
 * stage in walk order: a warning before signing, never a blocker.
 */
export function unconfirmedCarriedByStage(
  workup: WorkupDefinition,
  evaluation: Pick<EvaluationDto, 'answers' | 'answerMeta'>,
): WarningGroup[] {
  const codes = unconfirmedCarried(workup, evaluation.answers, evaluation.answerMeta);
  return STAGE_IDS.map((stage) => {
    const inStage = codes.filter((code) => getItem(workup, code)?.stage === stage);
    return { stage, codes: inStage, labels: inStage.map((code) => itemLabel(workup, code)) };
  }).filter((group) => group.codes.length > 0);
}

/** Versions that were signed: each amendment's starting version, and the current one when signed. */
function signedVersions(evaluation: Pick<EvaluationDto, 'amendments' | 'status' | 'version'>): number[] {
  const versions = new Set(evaluation.amendments.map((a) => a.fromVersion));
  if (evaluation.status === 'signed') versions.add(evaluation.version);
  return [...versions].sort((a, b) => a - b);
}

export interface SignedVersionView {
  /** The record version (URL of the snapshot); never shown. */
  version: number;
  /** "Signed 14 Nov 2026 (original)", "Amendment 1 — 20 Nov 2026". */
  label: string;
  signedBy: string | null;
  /** The signer's name when the history names them. */
  signedByName: string | null;
  /** The evaluation reads as this version now (it is signed and this is its latest signature). */
  current: boolean;
}

/**
 * Every signed version, oldest first, named as people name them. The signing time of the current
 * version is on the evaluation; earlier ones come from the history's `sign` entries (their label
 * has no date until the history is loaded).
 */
export function signedVersionViews(
  evaluation: Pick<
    EvaluationDto,
    'amendments' | 'status' | 'version' | 'signedAt' | 'signedBy' | 'signedByName'
  >,
  history: readonly HistoryEntry[] | undefined,
): SignedVersionView[] {
  return signedVersions(evaluation).map((version) => {
    const current = evaluation.status === 'signed' && version === evaluation.version;
    const event = history?.find((h) => h.event === 'sign' && h.version === version);
    const signedAt = current ? evaluation.signedAt : (event?.at ?? null);
    return {
      version,
      label: signedVersionLabel(amendmentNumber(evaluation.amendments, version), signedAt),
      signedBy: current ? evaluation.signedBy : (event?.by ?? null),
      signedByName: current ? evaluation.signedByName : (event?.byName ?? null),
      current,
    };
  });
}

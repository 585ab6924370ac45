// Public API of @rls/shared (the package's one index).

export { ageInYears, isFutureDate, isValidDate } from './dates';

export * from './workup/types';
export { workupV1 } from './workup/definition-v1';
export {
  CURRENT_WORKFLOW_VERSION,
  WORKFLOW_ID,
  WORKFLOW_VERSIONS,
  getWorkflow,
  hasWorkflowVersion,
} from './workup/registry';
export { getItem, listItems, stageOfCode } from './workup/items';
export { describeCondition, evaluateCondition, isEnabled } from './workup/enable-when';
export { acceptedUnits, applyConversion, fromCanonical, toCanonical } from './workup/units';
export type { ConversionResult } from './workup/units';
export { answersPatchSchema, itemInputSchema, parseAnswerValue, quantityInputSchema } from './workup/schema';
export type { ParsedAnswer } from './workup/schema';
export { applyAnswers, clearDisabled, sameAnswer } from './workup/apply';
export type { AnswerChange, ApplyInput, ApplyResult, InvalidItem } from './workup/apply';
export { computeProgress } from './workup/progress';
export type { StageProgress } from './workup/progress';
export { CRITERIA_CODES, signBlockers, signWarnings } from './workup/sign';
export type { SignBlocker } from './workup/sign';
export {
  PLAN_CUSTOM_MAX_ITEMS,
  PLAN_CUSTOM_MAX_LENGTH,
  emptyPlan,
  mergePlan,
  planPatchSchema,
} from './workup/plan';
export type { Plan, PlanPatch } from './workup/plan';

export { assess } from './workup/assess/assess';
export { irlsBand } from './workup/assess/criteria';
export type { IrlsBand } from './workup/assess/criteria';
export { findingCatalog } from './workup/assess/catalog';
export { suggestionCatalog } from './workup/assess/suggestions';
export type { SuggestionId } from './workup/assess/suggestions';
export type {
  Assessment,
  Evidence,
  Finding,
  FindingCause,
  PendingEntry,
  Suggestion,
  SuggestionCategory,
} from './workup/assess/types';

export * from './api/schemas';
export type * from './api/types';

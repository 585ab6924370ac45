// Public API of @rls/shared (the package's one index).

export { ageInMonths, ageInYears, daysBetween, isFutureDate, isValidDate } from './dates';

export * from './workup/types';
export { workupV1 } from './workup/definition-v1';
export { workupV2 } from './workup/definition-v2';
export { workupV3 } from './workup/definition-v3';
export {
  CURRENT_WORKUP_VERSION,
  WORKUP_ID,
  WORKUP_VERSIONS,
  getWorkup,
  hasWorkupVersion,
} from './workup/registry';
export { getItem, listItems, stageOfCode } from './workup/items';
export { describeCondition, evaluateCondition, isEnabled } from './workup/enable-when';
export {
  SECONDS_HINT_BELOW_MS,
  acceptedUnits,
  applyConversion,
  enteredOf,
  fromCanonical,
  secondsHint,
  toCanonical,
} from './workup/units';
export type { ConversionResult } from './workup/units';
export { answersPatchSchema, itemInputSchema, parseAnswerValue, quantityInputSchema } from './workup/schema';
export type { ParsedAnswer } from './workup/schema';
export {
  IRLS_ITEM_CODES,
  IRLS_TOTAL_CODE,
  applyAnswers,
  clearDisabled,
  irlsItemSum,
  sameAnswer,
} from './workup/apply';
export type { AnswerChange, ApplyInput, ApplyResult, InvalidItem, NotDoneChange } from './workup/apply';
export { judgedIrlsTotal } from './workup/irls';
export {
  NOT_DONE_REASON_MAX,
  canMarkNotDone,
  notDoneCodes,
  notDoneOf,
  notDoneRefusal,
  parseNotDoneReason,
} from './workup/not-done';
export type { ParsedNotDone } from './workup/not-done';
export { computeProgress } from './workup/progress';
export type { StageProgress } from './workup/progress';
export { CRITERIA_CODES, signBlockers, signWarnings, unconfirmedCarried } from './workup/sign';
export type { SignBlocker } from './workup/sign';
export {
  MEDICATION_DOSE_MAX,
  PLAN_CUSTOM_MAX_ITEMS,
  PLAN_CUSTOM_MAX_LENGTH,
  PLAN_MEDICATIONS_MAX,
  emptyPlan,
  medicationIssues,
  mergePlan,
  normalisePlan,
  planMedicationSchema,
  planPatchSchema,
} from './workup/plan';
export type { Plan, PlanMedication, PlanMedicationInput, PlanPatch } from './workup/plan';
export {
  DOPAMINERGIC_CODES,
  MEDICATION_FREQUENCIES,
  MEDICATION_FREQUENCY_CODES,
  MEDICATION_UNITS,
  MEDICATION_UNIT_LABELS,
  MEDICINE_OPTIONS,
  MEDICINE_OPTION_IDS,
  MEDS_CURRENT_CODES,
  continueOptionId,
  isMedicineOption,
  medicationText,
  medicineOf,
} from './workup/medicines';
export type {
  DopaminergicCode,
  MedicationFrequency,
  MedicationUnit,
  MedicineOption,
  MedsCurrentCode,
} from './workup/medicines';
export { CARRIED_CODES, DERIVED_CODES, carryForward } from './workup/carry-forward';
export type { CarrySource } from './workup/carry-forward';
export { TREND_CODES, computeTrends } from './workup/trends';
export type {
  AugmentationEntry,
  TrendCode,
  TrendEvaluation,
  TrendPoint,
  TrendSeries,
  Trends,
  TreatmentMarker,
} from './workup/trends';

export { assess } from './workup/assess/assess';
export { irlsBand } from './workup/assess/criteria';
export type { IrlsBand } from './workup/assess/criteria';
export { findingCatalog } from './workup/assess/catalog';
export { suggestionCatalog } from './workup/assess/suggestions';
export type { SuggestionId } from './workup/assess/suggestions';
export { CAUTION_CODES } from './workup/assess/types';
export { renderClinicalRules } from './workup/assess/rules-doc';
export {
  ABLATION,
  CAUTIONS,
  COMPRESSION,
  CONTINUE_DOPAMINERGIC,
  DOPAMINERGIC,
  GABAPENTINOIDS,
  SUPPRESSIONS,
} from './workup/assess/safety';
export { B12_LOW, FOLATE_LOW } from './workup/assess/vitamins';
export type { Suppressed } from './workup/assess/safety';
export { followUpOf, IV_IRON, ORAL_IRON } from './workup/assess/follow-up';
export type {
  Assessment,
  Caution,
  CautionCode,
  FollowUp,
  Evidence,
  Finding,
  FindingCause,
  PendingEntry,
  Suggestion,
  SuggestionCategory,
} from './workup/assess/types';

export * from './api/index';

export {
  ABI_COMPRESSION_MIN,
  ABI_NORMAL_MAX,
  ABI_NORMAL_MIN,
  ABI_PAD_MAX,
  TBI_PAD_MAX,
} from './workup/assess/arterial';
export {
  ABI_REFERENCE_RANGE,
  DUPLEX_PATHOLOGIC_TEXT,
  IRLS_BAND_LABELS,
  irlsBandLabel,
  isPathologicDuplexValue,
  labFlag,
  referenceRangeText,
  tsatOf,
  unitLabel,
} from './workup/display';
export type { DisplayedTsat, LabFlag } from './workup/display';

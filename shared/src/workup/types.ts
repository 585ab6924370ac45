/**
 * Types of the workup definition (data, JSON-serialisable) and of the answers stored against it.
 * The definition is served as-is by `GET /api/workflow`, so nothing here may hold a function.
 */

export const STAGE_IDS = ['history', 'exam', 'labs', 'imaging'] as const;
export type StageId = (typeof STAGE_IDS)[number];

export const SIDES = ['left', 'right'] as const;
export type Side = (typeof SIDES)[number];

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
/** FHIR AdministrativeGender. */
export type Sex = (typeof SEXES)[number];

export type ItemType = 'boolean' | 'choice' | 'multi' | 'integer' | 'number' | 'date' | 'text';

/** A stored answer (canonical unit for numbers with a unit). */
export type AnswerValue = boolean | string | number | string[];
export type Answers = Record<string, AnswerValue>;
/** A number as it was entered, when its unit differs from the item's canonical one. */
export interface EnteredValue {
  value: number;
  unit: string;
}

/**
 * What is known about an item besides its canonical answer: what was entered in another unit
 * (`value`, `unit`), why it was not done (`notDone`, never beside an answer), and the evaluation a
 * follow-up visit carried it from until the clinician confirms it (`carriedFrom`).
 */
export interface AnswerMetaEntry {
  value?: number;
  unit?: string;
  notDone?: string;
  carriedFrom?: string;
}

/** Keyed by item code. */
export type AnswerMeta = Record<string, AnswerMetaEntry>;

export interface PatientContext {
  sex: Sex;
  /** YYYY-MM-DD */
  birthDate: string;
}

export interface ItemOption {
  code: string;
  label: string;
}

/** How an accepted unit converts to the canonical one: canonical = value × multiply ÷ divide + add. */
export interface AlternateUnit {
  unit: string;
  multiply?: number;
  divide?: number;
  add?: number;
}

export interface ReferenceRange {
  low?: number;
  high?: number;
  /** e.g. sex-specific ranges or a note on the cut-off. */
  text?: string;
}

/** Inclusive bounds checked on the canonical value. */
export interface ValueRange {
  min?: number;
  max?: number;
}

export type EnableValue = boolean | string | number;

/**
 * A condition on an answer or on the patient. `{side}` inside an item code is replaced by the
 * side of the expanded item (e.g. `exam.ceap.{side}` for `exam.ceapSymptomatic.left`).
 * Operators on an unanswered item are false, except `unanswered` (FHIR enableWhen semantics).
 */
export type EnableWhen =
  | { item: string; op: 'eq' | 'ne'; value: EnableValue }
  | { item: string; op: 'in'; value: EnableValue[] }
  | { item: string; op: 'includes'; value: string }
  | { item: string; op: 'gt' | 'ge' | 'lt' | 'le'; value: number }
  | { item: string; op: 'answered' | 'unanswered' | 'notEmpty' }
  | { patient: 'sex'; op: 'eq' | 'ne'; value: Sex }
  | { patient: 'sex'; op: 'in'; value: Sex[] }
  | { allOf: EnableWhen[] }
  | { anyOf: EnableWhen[] };

/** One item as written in the definition; `sides` expands it to `<code>.left` / `<code>.right`. */
export interface ItemDefinition {
  code: string;
  label: string;
  help?: string;
  type: ItemType;
  options?: ItemOption[];
  /** UCUM code of the canonical unit. */
  unit?: string;
  alternateUnits?: AlternateUnit[];
  range?: ValueRange;
  /** Decimal places used for display (values are stored unrounded). */
  decimals?: number;
  maxLength?: number;
  loinc?: string;
  referenceRange?: ReferenceRange;
  sides?: Side[];
  enableWhen?: EnableWhen;
  requiredForSign?: boolean;
  /**
   * Free text for the record (the stage notes of version 3), not a question of the workup: left out
   * of progress and of the sign-off warnings, never marked not done, read by no rule.
   */
  note?: boolean;
}

export type GroupLayout = 'list' | 'bilateral' | 'duplex-grid';

export interface GroupDefinition {
  id: string;
  label: string;
  help?: string;
  layout: GroupLayout;
  /** Shown once above a group whose enableWhen is shared by every item (render hint only). */
  enableWhen?: EnableWhen;
  items: ItemDefinition[];
}

export interface StageDefinition {
  id: StageId;
  label: string;
  help?: string;
  groups: GroupDefinition[];
}

export interface WorkupDefinition {
  id: string;
  version: number;
  title: string;
  stages: StageDefinition[];
}

/** An item after side expansion, as stored and validated. */
export interface WorkupItem extends Omit<ItemDefinition, 'sides' | 'code'> {
  code: string;
  /** The definition code before side expansion. */
  baseCode: string;
  side?: Side;
  stage: StageId;
  group: string;
}

import { ageInMonths, ageInYears } from '../../dates';
import { getItem } from '../items';
import { getWorkup } from '../registry';
import type { AnswerValue, Answers, PatientContext, Side } from '../types';
import { findingCatalog } from './catalog';
import type { DomainResult, Evidence, Finding, PendingEntry, Suggestion } from './types';

/** Read-only view of one evaluation's answers for the rule files. */
export interface AssessContext {
  answers: Answers;
  patient: PatientContext;
  /** Evaluation date, YYYY-MM-DD. */
  date: string;
  /** Age in completed years at `date`; undefined if a date is invalid. */
  age: number | undefined;
  /** Age in completed months at `date` (WHO-HB-2024 bands under 5 years). */
  ageMonths: number | undefined;
  /** Under 18 at `date` (AASM-2024 children). An unknown age counts as adult. */
  isChild: boolean;
  /** `pregnant` is true (unanswered counts as not pregnant). */
  isPregnant: boolean;
}

export function createContext(answers: Answers, patient: PatientContext, date: string): AssessContext {
  const age = ageInYears(patient.birthDate, date);
  return {
    answers,
    patient,
    date,
    age,
    ageMonths: ageInMonths(patient.birthDate, date),
    isChild: age !== undefined && age < 18,
    isPregnant: answers['pregnant'] === true,
  };
}

export function num(ctx: Pick<AssessContext, 'answers'>, code: string): number | undefined {
  const v = ctx.answers[code];
  return typeof v === 'number' ? v : undefined;
}

export function str(ctx: Pick<AssessContext, 'answers'>, code: string): string | undefined {
  const v = ctx.answers[code];
  return typeof v === 'string' ? v : undefined;
}

export function bool(ctx: Pick<AssessContext, 'answers'>, code: string): boolean | undefined {
  const v = ctx.answers[code];
  return typeof v === 'boolean' ? v : undefined;
}

export function list(ctx: Pick<AssessContext, 'answers'>, code: string): string[] | undefined {
  const v = ctx.answers[code];
  return Array.isArray(v) ? v : undefined;
}

/** A multi answer includes `option` (unanswered = no). */
export function has(ctx: AssessContext, code: string, option: string): boolean {
  return list(ctx, code)?.includes(option) ?? false;
}

/** `comorbidities` includes `code` (unanswered = not present). */
export function hasComorbidity(ctx: AssessContext, code: string): boolean {
  return list(ctx, 'comorbidities')?.includes(code) ?? false;
}

export const SIDE_LIST: readonly Side[] = ['left', 'right'];

export function formatNumber(value: number, decimals = 2): string {
  const rounded = Number(value.toFixed(decimals));
  return String(rounded);
}

/** Human display of a stored value: rounded number with unit, option label(s), yes/no. */
export function displayValue(code: string, value: AnswerValue): string {
  const item = getItem(getWorkup(), code);
  if (!item) return Array.isArray(value) ? value.join(', ') : String(value);
  const prefix = item.label + (item.side ? ` (${item.side})` : '');
  if (typeof value === 'number') {
    const unit = item.unit && item.unit !== '1' ? ` ${item.unit}` : '';
    return `${prefix} ${formatNumber(value, item.decimals ?? 2)}${unit}`;
  }
  if (typeof value === 'boolean') return `${prefix}: ${value ? 'yes' : 'no'}`;
  const label = (c: string) => item.options?.find((o) => o.code === c)?.label ?? c;
  if (Array.isArray(value)) return `${prefix}: ${value.map(label).join(', ')}`;
  return `${prefix}: ${label(value)}`;
}

/** Evidence of a stored answer (display built from the definition unless given). */
export function ev(code: string, value: AnswerValue, display?: string): Evidence {
  return { code, value, display: display ?? displayValue(code, value) };
}

/** Evidence for an answered item, or nothing when it is unanswered. */
export function evIf(ctx: AssessContext, code: string): Evidence[] {
  const v = ctx.answers[code];
  return v === undefined ? [] : [ev(code, v)];
}

export function finding(
  code: string,
  text: string,
  evidence: Evidence[],
  suggestions: Suggestion[] = [],
): Finding {
  const entry = findingCatalog[code];
  if (!entry) throw new Error(`finding ${code} is missing from findingCatalog`);
  return { code, label: entry.label, cause: entry.cause, text, evidence, suggestions };
}

export function pending(code: string, waitingFor: string[], reason: string): PendingEntry {
  return { code, waitingFor, reason };
}

export function emptyResult(): DomainResult {
  return { findings: [], pending: [] };
}

/** Codes among `codes` that are unanswered. */
export function unanswered(ctx: AssessContext, codes: readonly string[]): string[] {
  return codes.filter((c) => ctx.answers[c] === undefined);
}

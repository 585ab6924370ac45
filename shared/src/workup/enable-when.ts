import { getItem } from './items';
import { getWorkup } from './registry';
import type { AnswerValue, Answers, EnableWhen, PatientContext, WorkupDefinition, WorkupItem } from './types';

function isAnswered(value: AnswerValue | undefined): value is AnswerValue {
  return value !== undefined;
}

/** Evaluates one condition (FHIR semantics: a comparison on an unanswered item is false). */
export function evaluateCondition(cond: EnableWhen, answers: Answers, patient: PatientContext): boolean {
  if ('allOf' in cond) return cond.allOf.every((c) => evaluateCondition(c, answers, patient));
  if ('anyOf' in cond) return cond.anyOf.some((c) => evaluateCondition(c, answers, patient));
  if ('patient' in cond) {
    const sex = patient.sex;
    switch (cond.op) {
      case 'eq':
        return sex === cond.value;
      case 'ne':
        return sex !== cond.value;
      case 'in':
        return cond.value.includes(sex);
    }
  }
  const value = answers[cond.item];
  switch (cond.op) {
    case 'answered':
      return isAnswered(value);
    case 'unanswered':
      return !isAnswered(value);
    case 'notEmpty':
      return isAnswered(value) && (!Array.isArray(value) || value.length > 0);
    case 'eq':
      return isAnswered(value) && value === cond.value;
    case 'ne':
      return isAnswered(value) && value !== cond.value;
    case 'in':
      return isAnswered(value) && !Array.isArray(value) && cond.value.includes(value);
    case 'includes':
      return Array.isArray(value) && value.includes(cond.value);
    case 'gt':
      return typeof value === 'number' && value > cond.value;
    case 'ge':
      return typeof value === 'number' && value >= cond.value;
    case 'lt':
      return typeof value === 'number' && value < cond.value;
    case 'le':
      return typeof value === 'number' && value <= cond.value;
  }
}

/** Whether an item (or item code of `workup`) is enabled for these answers and this patient. */
export function isEnabled(
  item: WorkupItem | Pick<WorkupItem, 'enableWhen'>,
  answers: Answers,
  patient: PatientContext,
): boolean;
export function isEnabled(
  code: string,
  answers: Answers,
  patient: PatientContext,
  workup?: WorkupDefinition,
): boolean;
export function isEnabled(
  itemOrCode: string | Pick<WorkupItem, 'enableWhen'>,
  answers: Answers,
  patient: PatientContext,
  workup?: WorkupDefinition,
): boolean {
  let item: Pick<WorkupItem, 'enableWhen'> | undefined;
  if (typeof itemOrCode === 'string') {
    item = getItem(workup ?? getWorkup(), itemOrCode);
    if (!item) return false;
  } else {
    item = itemOrCode;
  }
  return item.enableWhen ? evaluateCondition(item.enableWhen, answers, patient) : true;
}

const SEX_LABEL: Record<string, string> = { eq: '=', ne: '≠', gt: '>', ge: '≥', lt: '<', le: '≤' };

function formatValue(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(' or ') : String(value);
}

/** A person-readable condition, e.g. `duplex.performed = true` or `patient sex ≠ male`. */
export function describeCondition(cond: EnableWhen): string {
  if ('allOf' in cond) return cond.allOf.map(describeCondition).join(' and ');
  if ('anyOf' in cond) return cond.anyOf.map(describeCondition).join(' or ');
  const subject = 'patient' in cond ? 'patient sex' : cond.item;
  switch (cond.op) {
    case 'answered':
      return `${subject} answered`;
    case 'unanswered':
      return `${subject} unanswered`;
    case 'notEmpty':
      return `${subject} not empty`;
    case 'in':
      return `${subject} one of ${formatValue(cond.value)}`;
    case 'includes':
      return `${subject} includes ${cond.value}`;
    default:
      return `${subject} ${SEX_LABEL[cond.op] ?? cond.op} ${formatValue(cond.value)}`;
  }
}

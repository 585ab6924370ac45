// Follow-up visits: what a new evaluation takes over from the patient's latest signed one. Stable
// history is copied; the current treatment is derived from that evaluation's plan (the course it
// decided, shared/src/workup/medicines.ts); nothing measured is ever carried — labs, IRLS scores,
// symptoms, sleep, the examination, imaging, pregnancy and breastfeeding are entered afresh. Every
// carried answer is marked `answerMeta[code].carriedFrom` until the clinician saves it (apply.ts
// replaces an item's meta on every save), and signing with marks left is a warning (sign.ts).
import { clearDisabled } from './apply';
import { getItem, listItems } from './items';
import { DOPAMINERGIC_CODES, MEDICINE_OPTIONS, MEDS_CURRENT_CODES, isMedicineOption } from './medicines';
import type { Plan } from './plan';
import { parseAnswerValue } from './schema';
import type { AnswerMeta, Answers, PatientContext, WorkupDefinition } from './types';

/**
 * Stable history copied as it was answered: the IRLSSG criteria and the mimics beside criterion 5, the
 * course, the age at onset, family history, comorbidities, exacerbating and dopaminergic medicines
 * (current and past), substances and sources of iron loss. `meds.dopaminergic` also gains any
 * dopaminergic agent the plan started.
 */
export const CARRIED_CODES = [
  'criteria.urge',
  'criteria.rest',
  'criteria.movementRelief',
  'criteria.eveningWorse',
  'criteria.notMimic',
  'mimics',
  'course',
  'onsetAge',
  'familyHistory',
  'comorbidities',
  'meds.exacerbating',
  'meds.dopaminergic',
  'meds.dopaminergicPast',
  'substances',
  'ironLoss',
] as const;

/**
 * Derived from the previous plan: `meds.current` is the `meds.current` code of each medicine option it
 * selected (a medicine it did not keep — no "continue" option — is not current); an iron option it
 * selected makes `ironTherapy.prior` true, `ironTherapy.route` iv (any IV iron) or oral, and
 * `ironTherapy.date` the day it was signed. Without an iron option the previous `ironTherapy.*`
 * answers (history) are copied.
 */
export const DERIVED_CODES = [
  'meds.current',
  'ironTherapy.prior',
  'ironTherapy.route',
  'ironTherapy.date',
] as const;

export interface CarrySource {
  /** The signed evaluation carried from. */
  id: string;
  /** Its signed answers. */
  answers: Answers;
  /** Its signed plan. */
  plan: Pick<Plan, 'selected' | 'medications'>;
  /** YYYY-MM-DD it was signed, in the server time zone: the date of an iron course it planned. */
  signedDate: string;
}

/** The medicine options of a plan: selected ones and any course line (a line is always selected). */
function planMedicines(plan: CarrySource['plan']): string[] {
  const ids = [...plan.selected, ...(plan.medications ?? []).map((m) => m.id)];
  return [...new Set(ids)].filter(isMedicineOption);
}

function inOrder<T extends string>(order: readonly T[], codes: Iterable<string>): T[] {
  const set = new Set(codes);
  return order.filter((code) => set.has(code));
}

/** The values to carry, before they are checked against the new evaluation's definition. */
function carriedValues(previous: CarrySource): Answers {
  const values: Answers = {};
  for (const code of CARRIED_CODES) {
    const value = previous.answers[code];
    if (value !== undefined) values[code] = value;
  }

  const medicines = planMedicines(previous.plan).map((id) => MEDICINE_OPTIONS[id]!);
  const current = inOrder(
    MEDS_CURRENT_CODES,
    medicines.flatMap((m) => (m.current ? [m.current] : [])),
  );
  if (current.length > 0 || previous.answers['meds.current'] !== undefined) values['meds.current'] = current;

  const started = medicines.flatMap((m) => (m.dopaminergic ? [m.dopaminergic] : []));
  if (started.length > 0) {
    const before = previous.answers['meds.dopaminergic'];
    values['meds.dopaminergic'] = inOrder(DOPAMINERGIC_CODES, [
      ...(Array.isArray(before) ? before : []),
      ...started,
    ]);
  }

  const routes = new Set(medicines.flatMap((m) => (m.iron ? [m.iron] : [])));
  if (routes.size > 0) {
    values['ironTherapy.prior'] = true;
    values['ironTherapy.route'] = routes.has('iv') ? 'iv' : 'oral';
    values['ironTherapy.date'] = previous.signedDate;
  } else {
    for (const code of ['ironTherapy.prior', 'ironTherapy.route', 'ironTherapy.date']) {
      const value = previous.answers[code];
      if (value !== undefined) values[code] = value;
    }
  }
  return values;
}

/**
 * The answers a new evaluation of `workup` starts with, taken from the patient's latest signed
 * evaluation, each marked `carriedFrom: previous.id`. Only codes that exist in `workup` with a value
 * it accepts and that are enabled for this patient (enableWhen against the carried answers) are kept.
 * Pure.
 */
export function carryForward(
  workup: WorkupDefinition,
  patient: PatientContext,
  previous: CarrySource,
): { answers: Answers; answerMeta: AnswerMeta } {
  const accepted: Answers = {};
  for (const [code, value] of Object.entries(carriedValues(previous))) {
    const item = getItem(workup, code);
    if (!item) continue;
    const parsed = parseAnswerValue(item, value);
    if (parsed.ok && parsed.value !== null) accepted[code] = parsed.value;
  }
  const enabled = clearDisabled(workup, patient, accepted, {}).answers;
  const answers: Answers = {};
  const answerMeta: AnswerMeta = {};
  for (const item of listItems(workup)) {
    const value = enabled[item.code];
    if (value === undefined) continue;
    answers[item.code] = value;
    answerMeta[item.code] = { carriedFrom: previous.id };
  }
  return { answers, answerMeta };
}

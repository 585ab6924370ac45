// Trends across a patient's evaluations (`GET /api/patients/:id/trends`): what is measured at each
// visit — iron studies, haemoglobin, eGFR, IRLS, ABI and the longest venous reflux per side — with the
// treatment starts and stops the plans decided, and the augmentation features reported while on a
// dopaminergic agent. Pure: the server reads the evaluations, this shapes them.
import { tsatOf } from './display';
import { getItem } from './items';
import { MEDICINE_OPTIONS, isMedicineOption, medicineOf } from './medicines';
import type { Plan } from './plan';
import { getWorkup } from './registry';
import type { Answers } from './types';

/** One evaluation as the trends read it. */
export interface TrendEvaluation {
  id: string;
  /** Signed evaluations and open ones alike; an open plan counts for treatments once reviewed. */
  status: 'draft' | 'amending' | 'signed';
  /** ISO-UTC: the order of the visits. */
  startedAt: string;
  /** YYYY-MM-DD in the server time zone: the date of every point but a lab with a draw date. */
  startDate: string;
  answers: Answers;
  plan: Pick<Plan, 'selected' | 'medications' | 'reviewed'>;
}

export interface TrendPoint {
  evaluationId: string;
  /** YYYY-MM-DD */
  date: string;
  /** In the series' unit, unrounded. */
  value: number;
}

export interface TrendSeries {
  code: TrendCode;
  /** UCUM unit of the values (the definition's), null for a score without one (IRLS). */
  unit: string | null;
  /** In date order (ties in visit order); empty when no evaluation has a value. */
  points: TrendPoint[];
}

export interface TreatmentMarker {
  /** The evaluation whose plan started or stopped the medicine. */
  evaluationId: string;
  /** That evaluation's start date. */
  date: string;
  /** The medicine option (the one selected then, for a stop the one selected before). */
  optionId: string;
  /** The medicine's short name (MEDICINE_OPTIONS). */
  label: string;
  /** What the medicine is across visits (`medicineOf`): `continue.gabapentin` continues `rls.gabapentin`. */
  medicine: string;
  kind: 'start' | 'stop';
}

export interface AugmentationEntry {
  evaluationId: string;
  date: string;
  /** `augmentation.features` answered then (empty when none or unanswered). */
  features: string[];
  /** `meds.dopaminergic` then (never empty: only visits on a dopaminergic agent are listed). */
  dopaminergic: string[];
}

export interface Trends {
  series: TrendSeries[];
  treatments: TreatmentMarker[];
  augmentation: AugmentationEntry[];
}

const REFLUX_SEGMENTS = ['gsv', 'ssv', 'cfv', 'fv', 'pop', 'perf'] as const;

/** Every series, in this order, always listed (empty when nothing was measured). */
export const TREND_CODES = [
  'lab.ferritin',
  'lab.tsat',
  'lab.hemoglobin',
  'lab.egfr',
  'irls.total',
  'abi.left',
  'abi.right',
  'reflux.left',
  'reflux.right',
] as const;
export type TrendCode = (typeof TREND_CODES)[number];

function numberAt(answers: Answers, code: string): number | undefined {
  const value = answers[code];
  return typeof value === 'number' ? value : undefined;
}

/** The value of a series in one evaluation's answers, or undefined. */
function valueOf(code: TrendCode, answers: Answers): number | undefined {
  if (code === 'lab.tsat') return tsatOf(answers)?.value; // entered, else iron ÷ TIBC × 100
  if (code === 'reflux.left' || code === 'reflux.right') {
    const side = code === 'reflux.left' ? 'left' : 'right';
    const times = REFLUX_SEGMENTS.flatMap((s) => numberAt(answers, `duplex.refluxMs.${s}.${side}`) ?? []);
    return times.length > 0 ? Math.max(...times) : undefined;
  }
  return numberAt(answers, code);
}

/** The series' unit, from the current definition (reflux: the duplex reflux items'). */
function unitOf(code: TrendCode): string | null {
  const itemCode = code.startsWith('reflux.') ? `duplex.refluxMs.gsv.${code.slice(7)}` : code;
  return getItem(getWorkup(), itemCode)?.unit ?? null;
}

/** A lab's date is the blood draw when answered, else the evaluation's start date. */
function dateOf(code: TrendCode, e: TrendEvaluation): string {
  const drawDate = e.answers['labs.drawDate'];
  return code.startsWith('lab.') && typeof drawDate === 'string' ? drawDate : e.startDate;
}

interface PlannedMedicine {
  optionId: string;
  /** The course line's start date, when the plan gave one. */
  startDate: string | null;
  /** A single dose (an infusion) ends by design: the next plan not repeating it stops nothing. */
  singleDose: boolean;
}

/** The medicine options of a plan by medicine (`medicineOf`), in plan order, with their course. */
function medicinesOf(plan: TrendEvaluation['plan']): Map<string, PlannedMedicine> {
  const lines = plan.medications ?? [];
  const ids = [...plan.selected, ...lines.map((m) => m.id)].filter(isMedicineOption);
  const byMedicine = new Map<string, PlannedMedicine>();
  for (const id of ids) {
    if (byMedicine.has(medicineOf(id))) continue;
    const line = lines.find((m) => m.id === id);
    byMedicine.set(medicineOf(id), {
      optionId: id,
      startDate: line?.startDate ?? null,
      singleDose: line?.frequency === 'single-dose',
    });
  }
  return byMedicine;
}

function marker(
  e: TrendEvaluation,
  optionId: string,
  kind: TreatmentMarker['kind'],
  date: string = e.startDate,
): TreatmentMarker {
  return {
    evaluationId: e.id,
    date,
    optionId,
    label: MEDICINE_OPTIONS[optionId]?.name ?? optionId,
    medicine: medicineOf(optionId),
    kind,
  };
}

/**
 * Treatment markers: a medicine in a plan and not in the previous decided plan starts at that
 * evaluation (on its course's start date when the plan gave one); one in the previous decided plan
 * and not in this one stops there (stops first), unless it was a single dose, which ends by design.
 * A plan is decided when its evaluation is signed or the plan is marked reviewed: a draft still being
 * filled in stops nothing.
 */
function treatmentsOf(visits: readonly TrendEvaluation[]): TreatmentMarker[] {
  const markers: TreatmentMarker[] = [];
  let before = new Map<string, PlannedMedicine>();
  for (const e of visits) {
    if (e.status !== 'signed' && !e.plan.reviewed) continue;
    const now = medicinesOf(e.plan);
    for (const [medicine, was] of before)
      if (!now.has(medicine) && !was.singleDose) markers.push(marker(e, was.optionId, 'stop'));
    for (const [medicine, planned] of now)
      if (!before.has(medicine))
        markers.push(marker(e, planned.optionId, 'start', planned.startDate ?? e.startDate));
    before = now;
  }
  return markers;
}

function augmentationOf(visits: readonly TrendEvaluation[]): AugmentationEntry[] {
  return visits.flatMap((e) => {
    const dopaminergic = e.answers['meds.dopaminergic'];
    if (!Array.isArray(dopaminergic) || dopaminergic.length === 0) return [];
    const features = e.answers['augmentation.features'];
    return [
      {
        evaluationId: e.id,
        date: e.startDate,
        features: Array.isArray(features) ? features : [],
        dopaminergic,
      },
    ];
  });
}

/** The trends of one patient's evaluations (any order in; visits are ordered by `startedAt`). */
export function computeTrends(evaluations: readonly TrendEvaluation[]): Trends {
  const visits = [...evaluations].sort(
    (a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id),
  );
  const series = TREND_CODES.map((code): TrendSeries => {
    const points = visits.flatMap((e, visit) => {
      const value = valueOf(code, e.answers);
      return value === undefined
        ? []
        : [{ point: { evaluationId: e.id, date: dateOf(code, e), value }, visit }];
    });
    points.sort((a, b) => a.point.date.localeCompare(b.point.date) || a.visit - b.visit);
    return { code, unit: unitOf(code), points: points.map((p) => p.point) };
  });
  return { series, treatments: treatmentsOf(visits), augmentation: augmentationOf(visits) };
}

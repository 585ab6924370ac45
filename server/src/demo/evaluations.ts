import { randomUUID } from 'node:crypto';
import type { Answers, PatientContext } from '@rls/shared';
import type { Kysely } from 'kysely';
import type { AppContext } from '../context';
import type { EvaluationState } from '../features/evaluations/model';
import { insertAmendment } from '../features/evaluations/repo';
import { saveEvaluation } from '../features/evaluations/store';
import {
  applyEdit,
  offeredSuggestions,
  reopenState,
  signState,
  startEvaluation,
  type EditInput,
} from '../features/evaluations/transitions';
import { dateIn } from '../time-zone';
import type { Database } from '../db/schema';

/**
 * The demo clinic's evaluations: every status (draft, amending, signed — some amended and signed
 * again), every stage, both clinicians, spread over the last four months, with values that exercise
 * the findings (iron deficiency and the IV-only band, IV-iron avoidance, ESRD on dialysis, anaemia,
 * CKD, diabetes, neuropathy, drug and substance triggers, augmentation risk, OSA, pregnancy, a child,
 * superficial/deep reflux, a pathologic perforator, CEAP classes, DVT, PAD, borderline and
 * non-compressible ABI) and patients followed up twice, showing improvement.
 *
 * Built through the same state transitions and `saveEvaluation` as the API, so what is stored
 * (assessment, progress times, history, snapshots, worklist summary, workload rollups) is exactly
 * what the rules and the service produce. All fictional.
 */

const DAY = 86_400_000;
const MINUTE = 60_000;

type Stage = 'history' | 'exam' | 'labs' | 'imaging';

interface Visit {
  mrn: string;
  /** 0: the first demo clinician, 1: the second. */
  clinician: 0 | 1;
  startDaysAgo: number;
  history?: Answers;
  exam?: Answers;
  labs?: Answers;
  imaging?: Answers;
  /** Days after the start when lab results are entered (default 1) and imaging (default 3). */
  labsAfterDays?: number;
  imagingAfterDays?: number;
  /** Signed this many days after the start, with a plan; `followUp` is days from TODAY (negative: due). */
  sign?: { afterDays: number; followUp?: number; custom?: string[] };
  /** Amended this many days after signing; `edit` is saved; `resignAfterDays` signs it again. */
  amend?: { afterDays: number; reason: string; edit?: Answers; resignAfterDays?: number };
}

// --- answer building blocks (canonical units) ---------------------------------------------------

const criteriaMet: Answers = {
  'criteria.urge': true,
  'criteria.rest': true,
  'criteria.movementRelief': true,
  'criteria.eveningWorse': true,
  'criteria.notMimic': true,
};

function history(extra: Answers = {}): Answers {
  return {
    ...criteriaMet,
    course: 'chronic-persistent',
    clinicallySignificant: true,
    'irls.total': 22,
    onsetAge: 42,
    familyHistory: false,
    'meds.exacerbating': [],
    'meds.dopaminergic': [],
    substances: [],
    comorbidities: [],
    ...extra,
  };
}

const bilateral = (code: string, left: string | boolean, right: string | boolean = left): Answers => ({
  [`${code}.left`]: left,
  [`${code}.right`]: right,
});

function exam(extra: Answers = {}): Answers {
  return {
    ...bilateral('exam.vibration', 'normal'),
    ...bilateral('exam.ankleReflex', 'normal'),
    ...bilateral('exam.monofilament', 'normal'),
    ...bilateral('exam.pulses', 'normal'),
    ...bilateral('exam.edema', false),
    ...bilateral('exam.ceap', 'C1'),
    ...extra,
  };
}

function labs(extra: Answers = {}): Answers {
  return {
    'labs.morningDraw': true,
    'labs.noIron24h': true,
    'lab.ferritin': 140,
    'lab.tsat': 29,
    'lab.hemoglobin': 13.8,
    'lab.mcv': 89,
    'lab.creatinine': 0.9,
    'lab.egfr': 88,
    'lab.hba1c': 5.4,
    'lab.tsh': 1.8,
    'lab.b12': 420,
    'lab.folate': 9,
    'lab.magnesium': 2.0,
    ...extra,
  };
}

function without(answers: Answers, ...codes: string[]): Answers {
  return Object.fromEntries(Object.entries(answers).filter(([code]) => !codes.includes(code)));
}

const noReflux: Answers = Object.fromEntries(
  ['gsv', 'ssv', 'cfv', 'fv', 'pop', 'perf'].flatMap((s) => [
    [`duplex.refluxMs.${s}.left`, 0],
    [`duplex.refluxMs.${s}.right`, 0],
  ]),
);

function imaging(extra: Answers = {}, duplex = true): Answers {
  return {
    'duplex.performed': duplex,
    ...(duplex ? { ...noReflux, 'duplex.dvt': false } : {}),
    'abi.left': 1.1,
    'abi.right': 1.08,
    ...extra,
  };
}

// --- the clinic ------------------------------------------------------------------------------------

const VISITS: readonly Visit[] = [
  // Eleanor Whitfield: iron deficiency treated with IV iron — ferritin 38 → 112, IRLS 26 → 12.
  {
    mrn: 'MRN-100234',
    clinician: 0,
    startDaysAgo: 112,
    history: history({ 'irls.total': 26, onsetAge: 51, familyHistory: true, ironLoss: ['blood-donation'] }),
    exam: exam(),
    labs: labs({ 'lab.ferritin': 38, 'lab.tsat': 14, 'lab.hemoglobin': 12.4 }),
    imaging: imaging(),
    sign: { afterDays: 4, followUp: -20, custom: ['Pause blood donation until iron is replete'] },
  },
  {
    mrn: 'MRN-100234',
    clinician: 0,
    startDaysAgo: 21,
    history: history({ 'irls.total': 12, onsetAge: 51, familyHistory: true }),
    exam: exam(),
    labs: labs({ 'lab.ferritin': 112, 'lab.tsat': 27, 'lab.hemoglobin': 13.1 }),
    imaging: imaging(),
    sign: { afterDays: 2, followUp: 70 },
  },
  // Rajesh Nair: diabetes with neuropathy and PAD on the left, borderline right.
  {
    mrn: 'MRN-100251',
    clinician: 1,
    startDaysAgo: 63,
    history: history({ comorbidities: ['diabetes'], 'symptoms.claudication': true, 'irls.total': 18 }),
    exam: exam({
      ...bilateral('exam.vibration', 'reduced'),
      ...bilateral('exam.monofilament', 'reduced'),
      ...bilateral('exam.pulses', 'diminished', 'normal'),
    }),
    labs: labs({ 'lab.hba1c': 7.4, 'lab.glucoseFasting': 152, 'lab.ferritin': 96, 'lab.tsat': 31 }),
    imaging: imaging({ 'abi.left': 0.82, 'abi.right': 0.97 }, false),
    sign: { afterDays: 5, followUp: -5 },
  },
  // Sofia Marquez: pregnant, anaemic, iron deficient — draft waiting for imaging.
  {
    mrn: 'MRN-100267',
    clinician: 0,
    startDaysAgo: 3,
    history: history({ pregnant: true, 'pregnancy.trimester': 'second', 'irls.total': 19, onsetAge: 33 }),
    exam: exam({ ...bilateral('exam.edema', true, false) }),
    labs: labs({ 'lab.ferritin': 22, 'lab.tsat': 11, 'lab.hemoglobin': 10.6, 'lab.mcv': 78 }),
    labsAfterDays: 1,
  },
  // Thomas Lindqvist: CKD, superficial reflux with CVI; amended (SSV reflux added) and signed again.
  {
    mrn: 'MRN-100278',
    clinician: 0,
    startDaysAgo: 47,
    history: history({
      comorbidities: ['ckd', 'venous-disease'],
      'symptoms.venous': ['heaviness', 'swelling'],
    }),
    exam: exam({ ...bilateral('exam.ceap', 'C4a', 'C2'), ...bilateral('exam.edema', true, false) }),
    labs: labs({ 'lab.creatinine': 1.6, 'lab.egfr': 44, 'lab.ferritin': 180, 'lab.tsat': 26 }),
    imaging: imaging({ 'duplex.refluxMs.gsv.left': 900 }),
    sign: { afterDays: 6, followUp: 40 },
    amend: {
      afterDays: 2,
      reason: 'Duplex report corrected: small saphenous reflux on the left was omitted.',
      edit: { 'duplex.refluxMs.ssv.left': 650 },
      resignAfterDays: 0,
    },
  },
  // Amara Okafor: ferritin in the IV-only band, on an SSRI — draft at the exam.
  {
    mrn: 'MRN-100289',
    clinician: 1,
    startDaysAgo: 6,
    history: history({ 'meds.exacerbating': ['ssri-snri'], 'irls.total': 17 }),
    exam: { ...bilateral('exam.vibration', 'normal'), ...bilateral('exam.ankleReflex', 'normal') },
  },
  // Henrik Bauer: deep venous reflux with oedema; follow-up due.
  {
    mrn: 'MRN-100293',
    clinician: 1,
    startDaysAgo: 33,
    history: history({ comorbidities: ['venous-disease'], 'symptoms.venous': ['aching', 'swelling'] }),
    exam: exam({ ...bilateral('exam.ceap', 'C3'), ...bilateral('exam.edema', true) }),
    labs: labs(),
    imaging: imaging({ 'duplex.refluxMs.cfv.right': 1400, 'duplex.refluxMs.pop.right': 1150 }),
    sign: { afterDays: 4, followUp: -1 },
  },
  // Lucia Ferreira: ESRD on dialysis — IV iron sucrose; follow-up overdue.
  {
    mrn: 'MRN-100305',
    clinician: 0,
    startDaysAgo: 86,
    history: history({ comorbidities: ['ckd', 'dialysis'], 'irls.total': 27 }),
    exam: exam(),
    labs: labs({
      'lab.ferritin': 150,
      'lab.tsat': 16,
      'lab.hemoglobin': 10.4,
      'lab.creatinine': 6.8,
      'lab.egfr': 9,
    }),
    imaging: imaging({ 'abi.left': 1.46, 'abi.right': 1.52 }, false),
    sign: { afterDays: 3, followUp: -10 },
  },
  // Daniel Kowalski: a mimic (nocturnal leg cramps) — criteria not met; draft in the history.
  {
    mrn: 'MRN-100316',
    clinician: 1,
    startDaysAgo: 1,
    history: {
      'criteria.urge': true,
      'criteria.rest': true,
      'criteria.movementRelief': false,
      'criteria.eveningWorse': true,
      'criteria.notMimic': false,
    },
  },
  // Grace Thompson: severe PAD; amending (repeat ABI after exercise).
  {
    mrn: 'MRN-100327',
    clinician: 0,
    startDaysAgo: 58,
    history: history({ comorbidities: ['pad'], 'symptoms.claudication': true, onsetAge: 70 }),
    exam: exam({ ...bilateral('exam.pulses', 'absent', 'diminished') }),
    labs: labs({ 'lab.ferritin': 64, 'lab.tsat': 21 }),
    imaging: imaging({ 'abi.left': 0.72, 'abi.right': 0.85 }, false),
    sign: { afterDays: 5, followUp: 20 },
    amend: {
      afterDays: 30,
      reason: 'Add the post-exercise ABI from the vascular lab.',
      edit: { 'abi.left': 0.68 },
    },
  },
  // Kenji Watanabe: very severe RLS on pramipexole (augmentation risk), OSA — draft at imaging.
  {
    mrn: 'MRN-100338',
    clinician: 1,
    startDaysAgo: 9,
    history: history({
      'irls.total': 33,
      'meds.dopaminergic': ['pramipexole'],
      comorbidities: ['osa'],
      'sleep.snoring': true,
    }),
    exam: exam(),
    labs: labs({ 'lab.ferritin': 82, 'lab.tsat': 24 }),
    imaging: { 'duplex.performed': false },
    imagingAfterDays: 5,
  },
  // Priya Raman: low ferritin but TSAT ≥ 45 — oral iron only, no IV.
  {
    mrn: 'MRN-100349',
    clinician: 0,
    startDaysAgo: 17,
    history: history({ ironLoss: ['heavy-menstrual-bleeding'], 'irls.total': 15, onsetAge: 28 }),
    exam: exam(),
    labs: labs({ 'lab.ferritin': 45, 'lab.tsat': 48 }),
    imaging: imaging({}, false),
    sign: { afterDays: 2, followUp: 75 },
  },
  // Samuel Adeyemi: diabetes, borderline ABI — draft at labs.
  {
    mrn: 'MRN-100352',
    clinician: 1,
    startDaysAgo: 4,
    history: history({ comorbidities: ['diabetes'] }),
    exam: exam(),
    labs: { 'lab.hba1c': 6.9, 'lab.ferritin': 210, 'lab.tsat': 33 },
  },
  // Ingrid Halvorsen: pathologic perforator with a healed ulcer (C5), superficial reflux; now back
  // for a follow-up (draft in the history).
  {
    mrn: 'MRN-100364',
    clinician: 0,
    startDaysAgo: 101,
    history: history({ comorbidities: ['venous-disease'], 'symptoms.venous': ['heaviness', 'itching'] }),
    exam: exam({ ...bilateral('exam.ceap', 'C2', 'C5'), ...bilateral('exam.edema', false, true) }),
    labs: labs({ 'lab.ferritin': 160, 'lab.tsat': 30 }),
    imaging: imaging({
      'duplex.refluxMs.gsv.right': 1200,
      'duplex.refluxMs.perf.right': 650,
      'duplex.perfDiameterMm.right': 4.2,
    }),
    sign: { afterDays: 7, followUp: -3 },
  },
  {
    mrn: 'MRN-100364',
    clinician: 0,
    startDaysAgo: 2,
    history: history({ comorbidities: ['venous-disease'], 'irls.total': 16 }),
  },
  // Mateo Rossi (a child): ferritin < 50 — oral ferrous sulfate (AASM children); follow-up due.
  {
    mrn: 'MRN-100375',
    clinician: 1,
    startDaysAgo: 72,
    history: history({ 'irls.total': 14, onsetAge: 8, familyHistory: true }),
    exam: exam(),
    labs: labs({ 'lab.ferritin': 35, 'lab.tsat': 18, 'lab.hemoglobin': 12.6, 'lab.hba1c': 5.1 }),
    sign: { afterDays: 3, followUp: -2 },
  },
  // George Papadopoulos: diabetes with neuropathy, non-compressible arteries; improved at follow-up.
  {
    mrn: 'MRN-100397',
    clinician: 1,
    startDaysAgo: 96,
    history: history({ comorbidities: ['diabetes', 'neuropathy'], 'irls.total': 20 }),
    exam: exam({ ...bilateral('exam.ankleReflex', 'absent'), ...bilateral('exam.vibration', 'reduced') }),
    labs: labs({ 'lab.hba1c': 8.1, 'lab.ferritin': 74, 'lab.tsat': 19 }),
    imaging: imaging({ 'abi.left': 1.48, 'abi.right': 1.44 }, false),
    sign: { afterDays: 4, followUp: -60 },
  },
  {
    mrn: 'MRN-100397',
    clinician: 1,
    startDaysAgo: 11,
    history: history({ comorbidities: ['diabetes', 'neuropathy'], 'irls.total': 14 }),
    exam: exam({ ...bilateral('exam.ankleReflex', 'absent'), ...bilateral('exam.vibration', 'reduced') }),
    labs: labs({ 'lab.hba1c': 7.0, 'lab.ferritin': 118, 'lab.tsat': 26 }),
    imaging: imaging({ 'abi.left': 1.47, 'abi.right': 1.45 }, false),
    sign: { afterDays: 1, followUp: 90 },
  },
  // Hannah Schmidt: antihistamine, caffeine and alcohol — draft at the exam.
  {
    mrn: 'MRN-100401',
    clinician: 0,
    startDaysAgo: 5,
    history: history({
      'meds.exacerbating': ['sedating-antihistamine'],
      substances: ['caffeine', 'alcohol'],
    }),
    exam: exam(),
  },
  // Margaret O'Connor: low B12 with neuropathy signs and anaemia.
  {
    mrn: 'MRN-100423',
    clinician: 0,
    startDaysAgo: 56,
    history: history({ 'irls.total': 21, onsetAge: 66 }),
    exam: exam({ ...bilateral('exam.vibration', 'reduced', 'normal') }),
    labs: labs({ 'lab.b12': 170, 'lab.hemoglobin': 11.4, 'lab.mcv': 104, 'lab.ferritin': 130 }),
    imaging: imaging({}, false),
    sign: { afterDays: 3, followUp: 30 },
  },
  // Victor Almeida: varicose veins (C2); amending after a lab correction.
  {
    mrn: 'MRN-100434',
    clinician: 1,
    startDaysAgo: 40,
    history: history({ comorbidities: ['venous-disease'] }),
    exam: exam({ ...bilateral('exam.ceap', 'C2') }),
    labs: labs({ 'lab.ferritin': 105, 'lab.tsat': 22 }),
    imaging: imaging({ 'duplex.refluxMs.gsv.left': 420 }),
    sign: { afterDays: 4 },
    amend: {
      afterDays: 10,
      reason: 'Laboratory issued a corrected ferritin result.',
      edit: { 'lab.ferritin': 71 },
    },
  },
  // Yuki Tanaka: started today, criteria only.
  {
    mrn: 'MRN-100445',
    clinician: 0,
    startDaysAgo: 0,
    history: { ...criteriaMet, 'irls.total': 13 },
  },
  // Robert Kline: mixed arterial and venous disease.
  {
    mrn: 'MRN-100456',
    clinician: 1,
    startDaysAgo: 42,
    history: history({ comorbidities: ['pad', 'venous-disease'], 'symptoms.claudication': true }),
    exam: exam({ ...bilateral('exam.ceap', 'C2'), ...bilateral('exam.pulses', 'diminished', 'normal') }),
    labs: labs({ 'lab.ferritin': 92, 'lab.tsat': 25 }),
    imaging: imaging({ 'duplex.refluxMs.gsv.left': 700, 'abi.left': 0.88, 'abi.right': 1.02 }),
    sign: { afterDays: 4, followUp: 12 },
  },
  // Alexis Moreau (sex other): anaemia by the non-pregnant female threshold, low ferritin — draft at labs.
  {
    mrn: 'MRN-100467',
    clinician: 0,
    startDaysAgo: 8,
    history: history({ 'irls.total': 20 }),
    exam: exam(),
    labs: labs({ 'lab.hemoglobin': 11.7, 'lab.ferritin': 60, 'lab.tsat': 17 }),
  },
  // Beatriz Santos: iron replete, moderate RLS — signed, no follow-up booked.
  {
    mrn: 'MRN-100478',
    clinician: 1,
    startDaysAgo: 27,
    history: history({ 'irls.total': 16 }),
    exam: exam(),
    labs: labs({ 'lab.ferritin': 190, 'lab.tsat': 34 }),
    imaging: imaging(),
    sign: { afterDays: 2 },
  },
  // Chloe Dubois: no duplex done — draft at imaging.
  {
    mrn: 'MRN-100491',
    clinician: 0,
    startDaysAgo: 12,
    history: history({ 'irls.total': 23 }),
    exam: exam(),
    labs: labs({ 'lab.ferritin': 99, 'lab.tsat': 27 }),
    imaging: { 'duplex.performed': false, 'abi.left': 1.12 },
  },
  // Mohammed Al-Rashid: fasting glucose 140, eGFR 55; amended (HbA1c added) and signed again.
  {
    mrn: 'MRN-100502',
    clinician: 1,
    startDaysAgo: 66,
    history: history({ 'irls.total': 24 }),
    exam: exam(),
    labs: without(labs({ 'lab.glucoseFasting': 140, 'lab.egfr': 55, 'lab.creatinine': 1.4 }), 'lab.hba1c'),
    imaging: imaging({}, false),
    sign: { afterDays: 3, followUp: 25 },
    amend: {
      afterDays: 8,
      reason: 'HbA1c result arrived after sign-off.',
      edit: { 'lab.hba1c': 6.8 },
      resignAfterDays: 1,
    },
  },
  // Nora Lindgren: mild RLS, follow-up long overdue.
  {
    mrn: 'MRN-100513',
    clinician: 0,
    startDaysAgo: 116,
    history: history({ 'irls.total': 9, onsetAge: 71 }),
    exam: exam(),
    labs: labs({ 'lab.ferritin': 88, 'lab.tsat': 23 }),
    imaging: imaging({}, false),
    sign: { afterDays: 5, followUp: -30 },
  },
  // Patrick Byrne: history started by the second clinician.
  {
    mrn: 'MRN-100524',
    clinician: 1,
    startDaysAgo: 2,
    history: history({ substances: ['nicotine'], 'irls.total': 18 }),
  },
  // Julian Weber: deep reflux with a thrombosis on duplex.
  {
    mrn: 'MRN-100546',
    clinician: 1,
    startDaysAgo: 9,
    history: history({ 'symptoms.venous': ['swelling', 'aching'] }),
    exam: exam({ ...bilateral('exam.edema', true, false), ...bilateral('exam.ceap', 'C3', 'C1') }),
    labs: labs(),
    imaging: imaging({ 'duplex.dvt': true, 'duplex.refluxMs.fv.left': 1300 }),
    imagingAfterDays: 1,
    sign: { afterDays: 1, followUp: 7 },
  },
  // Leila Haddadi: mirtazapine and a dopamine antagonist — draft at the exam.
  {
    mrn: 'MRN-100557',
    clinician: 0,
    startDaysAgo: 7,
    history: history({ 'meds.exacerbating': ['mirtazapine', 'dopamine-antagonist'], 'irls.total': 25 }),
    exam: exam({ ...bilateral('exam.ceap', 'C1') }),
  },
  // Carlos Mendoza: ferritin 70 and TSAT 18 — iron therapy.
  {
    mrn: 'MRN-100568',
    clinician: 1,
    startDaysAgo: 36,
    history: history({ 'irls.total': 21 }),
    exam: exam(),
    labs: labs({ 'lab.ferritin': 70, 'lab.tsat': 18 }),
    imaging: imaging(),
    sign: { afterDays: 3, followUp: 45 },
  },
  // Ruth Goldberg: IV iron for ferritin 41 → 98 at follow-up, IRLS 28 → 15.
  {
    mrn: 'MRN-100579',
    clinician: 0,
    startDaysAgo: 106,
    history: history({ 'irls.total': 28, onsetAge: 60 }),
    exam: exam(),
    labs: labs({ 'lab.ferritin': 41, 'lab.tsat': 15, 'lab.hemoglobin': 11.6 }),
    imaging: imaging({ 'abi.left': 0.96, 'abi.right': 0.98 }, false),
    sign: { afterDays: 3, followUp: -40 },
  },
  {
    mrn: 'MRN-100579',
    clinician: 0,
    startDaysAgo: 13,
    history: history({ 'irls.total': 15, onsetAge: 60 }),
    exam: exam(),
    labs: labs({ 'lab.ferritin': 98, 'lab.tsat': 26, 'lab.hemoglobin': 12.5 }),
    imaging: imaging({ 'abi.left': 0.97, 'abi.right': 0.99 }, false),
    sign: { afterDays: 1, followUp: 80 },
  },
  // Sam Jordan (sex unknown): haemoglobin 11.8 — draft at labs.
  {
    mrn: 'MRN-100581',
    clinician: 1,
    startDaysAgo: 10,
    history: history({ 'irls.total': 12 }),
    exam: exam(),
    labs: labs({ 'lab.hemoglobin': 11.8 }),
  },
  // Aisha Mwangi: pregnant, third trimester — draft in the history.
  {
    mrn: 'MRN-100592',
    clinician: 0,
    startDaysAgo: 1,
    history: history({ pregnant: true, 'pregnancy.trimester': 'third', 'irls.total': 21, onsetAge: 31 }),
  },
  // Elena Popescu: signed, then amended three days ago (still amending).
  {
    mrn: 'MRN-100614',
    clinician: 1,
    startDaysAgo: 51,
    history: history({ 'irls.total': 19, comorbidities: ['iron-deficiency-anemia'] }),
    exam: exam(),
    labs: labs({ 'lab.ferritin': 55, 'lab.tsat': 19, 'lab.hemoglobin': 11.5 }),
    imaging: imaging({}, false),
    sign: { afterDays: 3, followUp: 10 },
    amend: { afterDays: 45, reason: 'Patient reports a new sedating antihistamine.' },
  },
  // William Carter: critical limb ischaemia range ABI.
  {
    mrn: 'MRN-100625',
    clinician: 0,
    startDaysAgo: 22,
    history: history({ comorbidities: ['pad', 'diabetes'], 'symptoms.claudication': true }),
    exam: exam({ ...bilateral('exam.pulses', 'absent') }),
    labs: labs({ 'lab.hba1c': 7.9, 'lab.ferritin': 150, 'lab.tsat': 28 }),
    imaging: imaging({ 'abi.left': 0.6, 'abi.right': 0.74 }, false),
    sign: { afterDays: 2, followUp: 14 },
  },
];

const STAGES: readonly Stage[] = ['history', 'exam', 'labs', 'imaging'];

/**
 * What the demo clinician ticks: sleep hygiene and exercise for the diagnosis, drug therapy only for
 * severe RLS, and the first (strongest) suggestion of every other finding.
 */
function demoSelection(state: EvaluationState): string[] {
  const ids = state.assessment.findings.flatMap((f) => {
    const offered = f.suggestions.map((s) => s.id);
    if (f.cause === 'diagnosis') {
      return offered.filter((id) => id === 'lifestyle.sleep-hygiene' || id === 'lifestyle.exercise');
    }
    if (f.code === 'irls.mild' || f.code === 'irls.moderate') return [];
    return offered.slice(0, 1);
  });
  return [...new Set(ids)];
}

interface DemoPatientRef extends PatientContext {
  id: string;
}

export interface DemoEvaluationInput {
  /** The two demo clinicians' user ids. */
  clinicians: readonly [string, string];
  patients: ReadonlyMap<string, DemoPatientRef>;
  now: Date;
}

/** Creates the demo evaluations inside the seed's transaction; returns how many. */
export async function seedDemoEvaluations(
  trx: Kysely<Database>,
  ctx: Pick<AppContext, 'config'>,
  input: DemoEvaluationInput,
): Promise<number> {
  const nowMs = input.now.getTime();
  const today = dateIn(ctx.config.tz, input.now);
  const addDays = (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
  let count = 0;

  for (const [index, visit] of VISITS.entries()) {
    const patient = input.patients.get(visit.mrn);
    if (!patient) continue;
    const by = input.clinicians[visit.clinician];
    // Visits start in clinic hours, a little later for each patient; never in the future.
    const start = nowMs - visit.startDaysAgo * DAY - (index % 6) * 37 * MINUTE - 20 * MINUTE;
    let last = start - MINUTE;
    const at = (ms: number) => {
      last = Math.max(last + 1000, Math.min(ms, nowMs - MINUTE));
      const d = new Date(last);
      return { now: d.toISOString(), today: dateIn(ctx.config.tz, d) };
    };

    let state: EvaluationState = startEvaluation(
      { id: randomUUID(), patientId: patient.id, by },
      patient,
      at(start),
    );
    await saveEvaluation(trx, ctx, null, state, { event: 'create', by, at: state.startedAt, changes: [] });

    const edit = async (when: ReturnType<typeof at>, change: EditInput) => {
      const result = applyEdit(state, patient, change, when);
      if (!result.ok) throw new Error(`demo evaluation ${visit.mrn}: ${JSON.stringify(result.items)}`);
      if (!result.changed) return;
      await saveEvaluation(trx, ctx, state, result.state, {
        event: 'update',
        by,
        at: when.now,
        changes: result.changes,
      });
      state = result.state;
    };

    const offsets: Record<Stage, number> = {
      history: 4 * MINUTE,
      exam: 18 * MINUTE,
      labs: (visit.labsAfterDays ?? 1) * DAY + 30 * MINUTE,
      imaging: (visit.imagingAfterDays ?? 3) * DAY + 45 * MINUTE,
    };
    // Each stage is entered in two sittings some minutes apart, so the administrators' stage times
    // show real durations; a split whose first half needs the second to be enabled is saved at once.
    const minutesSpent: Record<Stage, number> = { history: 7, exam: 5, labs: 3, imaging: 12 };
    for (const stage of STAGES) {
      const answers = visit[stage];
      if (!answers) continue;
      const entries = Object.entries(answers);
      const half = Math.ceil(entries.length / 2);
      const first = Object.fromEntries(entries.slice(0, half));
      const startsAt = start + offsets[stage];
      const when = at(startsAt);
      if (entries.length > 1 && applyEdit(state, patient, { answers: first }, when).ok) {
        await edit(when, { answers: first });
        const spent = (minutesSpent[stage] + (index % 5) * 2) * MINUTE;
        await edit(at(startsAt + spent), { answers: Object.fromEntries(entries.slice(half)) });
      } else {
        await edit(when, { answers });
      }
    }

    const sign = async (signAt: number) => {
      const when = at(signAt);
      const result = signState(state, patient, by, when);
      if (!result.ok) throw new Error(`demo evaluation ${visit.mrn} cannot be signed`);
      await saveEvaluation(trx, ctx, state, result.state, { event: 'sign', by, at: when.now, changes: [] });
      state = result.state;
    };

    if (visit.sign) {
      const signAt = start + visit.sign.afterDays * DAY + 2 * 60 * MINUTE;
      const selected = demoSelection(state).filter((id) => offeredSuggestions(state).has(id));
      await edit(at(signAt - 10 * MINUTE), {
        plan: {
          selected,
          custom: visit.sign.custom ?? [],
          followUpDate: visit.sign.followUp === undefined ? null : addDays(today, visit.sign.followUp),
          reviewed: true,
        },
      });
      await sign(signAt);

      if (visit.amend) {
        const amendAt = signAt + visit.amend.afterDays * DAY + 30 * MINUTE;
        const when = at(amendAt);
        await insertAmendment(trx, {
          id: randomUUID(),
          evaluationId: state.id,
          reason: visit.amend.reason,
          by,
          at: when.now,
          fromVersion: state.version,
        });
        const reopened = reopenState(state, when);
        await saveEvaluation(trx, ctx, state, reopened, {
          event: 'amend',
          by,
          at: when.now,
          changes: [],
          detail: { reason: visit.amend.reason },
        });
        state = reopened;
        if (visit.amend.edit) await edit(at(amendAt + 15 * MINUTE), { answers: visit.amend.edit });
        if (visit.amend.resignAfterDays !== undefined) {
          await sign(amendAt + visit.amend.resignAfterDays * DAY + 40 * MINUTE);
        }
      }
    }
    count += 1;
  }
  return count;
}

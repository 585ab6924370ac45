import {
  DOPAMINERGIC_CODES,
  MEDS_CURRENT_CODES,
  continueOptionId,
  type DopaminergicCode,
  type MedsCurrentCode,
} from '../medicines';
import type { Suggestion } from './types';

type CatalogEntry = Omit<Suggestion, 'id' | 'cautions'>;

const CONTINUE_LABELS: Record<MedsCurrentCode | DopaminergicCode, string> = {
  gabapentin: 'gabapentin',
  'gabapentin-enacarbil': 'gabapentin enacarbil',
  pregabalin: 'pregabalin',
  opioid: 'opioid',
  benzodiazepine: 'benzodiazepine',
  'z-drug': 'Z-drug',
  'iron-oral': 'oral iron',
  pramipexole: 'pramipexole',
  ropinirole: 'ropinirole',
  rotigotine: 'rotigotine',
  levodopa: 'levodopa',
};

/**
 * "Continue current treatment": one option per `meds.current` and `meds.dopaminergic` option, offered
 * by the `treatment.current` finding. A decision of the clinician, not a graded recommendation; a
 * dopaminergic one carries the AASM caution (safety.ts).
 */
const continueOptions = Object.fromEntries(
  [...MEDS_CURRENT_CODES, ...DOPAMINERGIC_CODES].map((code) => [
    continueOptionId(code),
    {
      label: `Continue current ${CONTINUE_LABELS[code]}`,
      category: 'medication-review',
      guideline: 'Expert consensus',
      strength: 'Not graded',
      note: 'Review dose, benefit and side effects at each visit.',
    } satisfies CatalogEntry,
  ]),
) as Record<`continue.${MedsCurrentCode | DopaminergicCode}`, CatalogEntry>;

const DOPAMINERGIC_NAMES: Record<DopaminergicCode, string> = {
  pramipexole: 'Pramipexole',
  ropinirole: 'Ropinirole',
  rotigotine: 'Rotigotine (transdermal)',
  levodopa: 'Levodopa',
};

/**
 * A dopaminergic agent as a deliberate choice (AASM-2024: conditional against standard use — moderate
 * certainty for the agonists, very low for levodopa), always with the `aasm-conditional-against` caution.
 */
const dopaminergicOptions = Object.fromEntries(
  DOPAMINERGIC_CODES.map((code) => [
    `rls.dopaminergic.${code}`,
    {
      label: `${DOPAMINERGIC_NAMES[code]} as a deliberate choice (augmentation risk)`,
      category: 'rls-therapy',
      guideline: 'AASM-2024',
      strength:
        code === 'levodopa'
          ? 'Conditional against standard use (very low certainty)'
          : 'Conditional against standard use (moderate certainty)',
      note: 'Lowest effective dose; screen for augmentation at each visit.',
    } satisfies CatalogEntry,
  ]),
) as Record<`rls.dopaminergic.${DopaminergicCode}`, CatalogEntry>;

/**
 * Plan options with their source and strength (docs/clinical-rules.md, "Suggestions"). Ids are
 * stable: they are stored in `plan.selected`. Options without a graded recommendation say so in
 * `strength`.
 */
const catalog = {
  // AASM-2024 iron (adults), IRLSSG-IRON-2018 (IV limits)
  'iron.iv-fcm': {
    label: 'IV ferric carboxymaltose (1000 mg)',
    category: 'rls-therapy',
    guideline: 'AASM-2024',
    strength: 'Strong for (moderate certainty)',
    note: 'Monitor phosphate: symptomatic hypophosphataemia (FDA boxed warning).',
  },
  'iron.iv-lmw-dextran': {
    label: 'IV low-molecular-weight iron dextran',
    category: 'rls-therapy',
    guideline: 'AASM-2024',
    strength: 'Conditional for (very low certainty)',
  },
  'iron.iv-ferumoxytol': {
    label: 'IV ferumoxytol',
    category: 'rls-therapy',
    guideline: 'AASM-2024',
    strength: 'Conditional for (very low certainty)',
  },
  'iron.oral-ferrous-sulfate': {
    label: 'Oral ferrous sulfate (~65 mg elemental iron daily or on alternate days, ± vitamin C)',
    category: 'rls-therapy',
    guideline: 'AASM-2024',
    strength: 'Conditional for (moderate certainty)',
  },
  // AASM-2024 children
  'iron.child-ferrous-sulfate': {
    label: 'Oral ferrous sulfate (child)',
    category: 'rls-therapy',
    guideline: 'AASM-2024',
    strength: 'Conditional for (very low certainty)',
  },
  // AASM-2024 ESRD
  'iron.esrd-iv-sucrose': {
    label: 'IV iron sucrose (ESRD)',
    category: 'rls-therapy',
    guideline: 'AASM-2024',
    strength: 'Conditional for (moderate certainty)',
  },
  'renal.esrd-vitamin-c': {
    label: 'Vitamin C (ESRD)',
    category: 'rls-therapy',
    guideline: 'AASM-2024',
    strength: 'Conditional for (low certainty)',
  },
  'rls.gabapentin-esrd': {
    label: 'Gabapentin at low dose (ESRD)',
    category: 'rls-therapy',
    guideline: 'AASM-2024',
    strength: 'Conditional for (very low certainty)',
    note: 'Watch for falls and altered mental status.',
  },
  'renal.dose-adjust': {
    label: 'Renal dose adjustment of renally cleared RLS drugs (gabapentinoids)',
    category: 'medication-review',
    guideline: 'AASM-2024',
    strength: 'Good practice',
  },
  'renal.confirm-egfr': {
    label: 'Repeat eGFR (CKD is confirmed over 3 months)',
    category: 'monitoring',
    guideline: 'KDIGO',
    strength: 'Good practice',
  },
  // AASM-2024 α2δ ligands (first line)
  'rls.gabapentin-enacarbil': {
    label: 'Gabapentin enacarbil',
    category: 'rls-therapy',
    guideline: 'AASM-2024',
    strength: 'Strong for (moderate certainty)',
    note: 'First line; adjust the dose to renal function.',
  },
  'rls.gabapentin': {
    label: 'Gabapentin',
    category: 'rls-therapy',
    guideline: 'AASM-2024',
    strength: 'Strong for (moderate certainty)',
    note: 'First line; adjust the dose to renal function.',
  },
  'rls.pregabalin': {
    label: 'Pregabalin',
    category: 'rls-therapy',
    guideline: 'AASM-2024',
    strength: 'Strong for (moderate certainty)',
    note: 'First line; assess the risk of misuse.',
  },
  'rls.peroneal-nerve-stimulation': {
    label: 'Bilateral high-frequency peroneal nerve stimulation (TOMAC)',
    category: 'rls-therapy',
    guideline: 'AASM-2024',
    strength: 'Conditional for (moderate certainty)',
    note: 'For medication-refractory moderate–severe primary RLS.',
  },
  // AAN-2016 Level B (not graded in AASM-2024)
  'rls.pneumatic-compression': {
    label: 'Pneumatic compression device, 1 h each evening',
    category: 'rls-therapy',
    guideline: 'AAN-2016',
    strength: 'Level B',
  },
  // AASM-2024 dopaminergic agents and augmentation
  'rls.dopaminergic-caution': {
    label: 'Review of dopamine agonist / levodopa treatment (augmentation risk)',
    category: 'medication-review',
    guideline: 'AASM-2024',
    strength: 'Conditional against standard use (moderate certainty)',
    note: 'Short-term use only when the trade-offs are accepted.',
  },
  'monitoring.augmentation-screen': {
    label: 'Augmentation screening (earlier onset, spread, shorter latency, intensity, shorter effect)',
    category: 'monitoring',
    guideline: 'AASM-2024',
    strength: 'Good practice',
  },
  'rls.opioid': {
    label: 'Consider extended-release oxycodone or another low-dose opioid',
    category: 'rls-therapy',
    guideline: 'AASM-2024',
    strength: 'Conditional for (moderate certainty)',
    note: 'For refractory RLS or augmentation. Check the prescription drug monitoring programme before prescribing and co-prescribe naloxone.',
  },
  // AASM-2024 good practice: address exacerbators
  'medication-review.exacerbating': {
    label: 'Consider stopping or replacing exacerbating medicines, with their prescriber',
    category: 'medication-review',
    guideline: 'AASM-2024',
    strength: 'Good practice',
  },
  'lifestyle.avoid-substances': {
    label: 'Less caffeine and alcohol, especially in the evening',
    category: 'lifestyle',
    guideline: 'AASM-2024',
    strength: 'Good practice',
  },
  'referral.osa-treatment': {
    label: 'Obstructive sleep apnoea treatment (e.g. CPAP)',
    category: 'referral',
    guideline: 'AASM-2024',
    strength: 'Good practice',
  },
  'referral.sleep-study': {
    label: 'Sleep study for suspected obstructive sleep apnoea',
    category: 'referral',
    guideline: 'AASM-2024',
    strength: 'Good practice',
  },
  // Not guideline-graded lifestyle measures
  'lifestyle.nicotine': {
    label: 'Nicotine cessation support',
    category: 'lifestyle',
    guideline: 'Expert consensus',
    strength: 'Not graded (nicotine is a commonly listed exacerbator, not an AASM statement)',
  },
  // Lifestyle measures without a graded RLS recommendation: expert consensus
  'lifestyle.exercise': {
    label: 'Regular moderate exercise',
    category: 'lifestyle',
    guideline: 'Expert consensus',
    strength: 'Not graded',
  },
  'lifestyle.sleep-hygiene': {
    label: 'Sleep hygiene',
    category: 'lifestyle',
    guideline: 'Expert consensus',
    strength: 'Not graded',
  },
  'lifestyle.cbt': {
    label: 'Cognitive behavioural therapy for insomnia',
    category: 'lifestyle',
    guideline: 'Expert consensus',
    strength: 'Not graded',
  },
  // Venous care (SVS-VV-2022): not RLS therapy
  'venous.duplex': {
    label: 'Venous duplex ultrasound',
    category: 'monitoring',
    guideline: 'SVS-VV-2022',
    strength: 'Strong for (Grade 1B)',
  },
  'venous.compression-stockings': {
    label: 'Graduated compression stockings (venous care, not RLS therapy)',
    category: 'venous-care',
    guideline: 'SVS-VV-2022',
    strength: 'Grade 2C for symptomatic varicose veins (SVS/AVF); no RLS evidence',
  },
  'venous.endovenous-ablation': {
    label: 'Endovenous thermal ablation (EVLA/RFA) ± sclerotherapy of the refluxing truncal vein',
    category: 'venous-care',
    guideline: 'SVS-VV-2022',
    strength: 'Grade 1B (symptomatic varicose veins with axial reflux)',
    note: 'Standard care for symptomatic superficial truncal reflux; any RLS benefit rests on small uncontrolled series.',
  },
  'venous.perforator-treatment.left': {
    label: 'Pathologic perforator treatment (left)',
    category: 'venous-care',
    guideline: 'SVS-VV-2022',
    strength: 'Grade 2C (SVS/AVF, beneath a healed or active ulcer)',
    note: 'SVS/AVF: pathologic perforator with a healed or active ulcer (C5–C6).',
  },
  'venous.perforator-treatment.right': {
    label: 'Pathologic perforator treatment (right)',
    category: 'venous-care',
    guideline: 'SVS-VV-2022',
    strength: 'Grade 2C (SVS/AVF, beneath a healed or active ulcer)',
    note: 'SVS/AVF: pathologic perforator with a healed or active ulcer (C5–C6).',
  },
  'referral.venous-specialist': {
    label: 'Venous specialist review of deep venous reflux',
    category: 'referral',
    guideline: 'SVS-VV-2022',
    strength: 'Good practice',
  },
  'referral.dvt': {
    label: 'Same-day deep vein thrombosis management (anticoagulation assessment)',
    category: 'referral',
    guideline: 'Expert consensus',
    strength: 'Urgent — not graded here',
  },
  // ACC/AHA-PAD-2016 (ABI and TBI bands)
  'referral.vascular-pad': {
    label: 'Vascular referral for peripheral arterial disease',
    category: 'referral',
    guideline: 'ACC/AHA-PAD-2016',
    strength: 'Not graded here',
  },
  'arterial.pad-care': {
    label: 'PAD care: antiplatelet, statin, smoking cessation, supervised exercise',
    category: 'arterial-care',
    guideline: 'ACC/AHA-PAD-2016',
    strength: 'Not graded here',
  },
  'arterial.exercise-abi': {
    label: 'Consider an exercise ABI if symptomatic',
    category: 'monitoring',
    guideline: 'ACC/AHA-PAD-2016',
    strength: 'Not graded here',
  },
  'arterial.tbi': {
    label: 'Toe-brachial index (TBI ≤ 0.70 supports PAD)',
    category: 'monitoring',
    guideline: 'ACC/AHA-PAD-2016',
    strength: 'Not graded here',
  },
  // ADA, WHO-HB-2024, IRLSSG-2014 (mimics)
  'metabolic.confirm-diabetes': {
    label: 'Repeat HbA1c or fasting glucose (diabetes confirmation)',
    category: 'monitoring',
    guideline: 'ADA',
    strength: 'Good practice',
  },
  'referral.diabetes': {
    label: 'Diabetes care',
    category: 'referral',
    guideline: 'ADA',
    strength: 'Good practice',
  },
  'neuro.neuropathy-workup': {
    label: 'Neuropathy work-up (B12, folate, HbA1c, TSH; nerve conduction if unclear)',
    category: 'monitoring',
    guideline: 'IRLSSG-2014',
    strength: 'Good practice',
    note: 'Neuropathy mimics RLS and can coexist with it.',
  },
  'hematology.anemia-workup': {
    label: 'Anaemia work-up (iron studies, MCV, blood loss)',
    category: 'monitoring',
    guideline: 'WHO-HB-2024',
    strength: 'Good practice',
  },
  // Options added with the safety layer (definition version 2)
  'pregnancy.rls-specialist': {
    label:
      'RLS specialist input before any drug therapy in pregnancy (non-drug measures and oral iron first)',
    category: 'referral',
    guideline: 'IRLSSG-PREG-2015',
    strength: 'Consensus',
  },
  'iron.repeat-studies': {
    label: 'Repeat fasting morning iron studies; consider HFE testing',
    category: 'monitoring',
    guideline: 'IRLSSG-IRON-2018',
    strength: 'Consensus',
    note: 'TSAT ≥ 45 %: no iron is suggested until iron overload is excluded.',
  },
  'referral.svt': {
    label: 'Superficial thrombophlebitis assessment (extent, distance to the deep junction, anticoagulation)',
    category: 'referral',
    guideline: 'Expert consensus',
    strength: 'Not graded here',
  },
  'hematology.iron-loss-workup': {
    label: 'Work-up for the source of iron loss (gastrointestinal evaluation)',
    category: 'referral',
    guideline: 'AGA-2020',
    strength: 'Good practice (ferritin < 45 ng/mL defines iron deficiency)',
  },
  // Follow-up and treatment course: measures the seed names that no guideline grades for RLS
  'supplement.b12': {
    label: 'Vitamin B12 supplementation',
    category: 'rls-therapy',
    guideline: 'Expert consensus',
    strength: 'Not graded',
    note: 'Treats the deficiency (also a neuropathy cause); recheck the level.',
  },
  'supplement.folate': {
    label: 'Folic acid supplementation',
    category: 'rls-therapy',
    guideline: 'Expert consensus',
    strength: 'Not graded',
    note: 'Check vitamin B12 first: folic acid alone can mask B12 deficiency.',
  },
  'lifestyle.weight-diet': {
    label: 'Weight and diet advice',
    category: 'lifestyle',
    guideline: 'Expert consensus',
    strength: 'Not graded',
  },
  'lifestyle.relaxation': {
    label: 'Relaxation techniques (e.g. in the evening, before bed)',
    category: 'lifestyle',
    guideline: 'Expert consensus',
    strength: 'Not graded',
  },
  'metabolic.glycaemic-control': {
    label: 'Glycaemic control (HbA1c target with the diabetes team)',
    category: 'monitoring',
    guideline: 'ADA',
    strength: 'Not graded for RLS (standard diabetes care)',
  },
  'venous.sclerotherapy': {
    label: 'Sclerotherapy (liquid or ultrasound-guided foam) of the refluxing or varicose veins',
    category: 'venous-care',
    guideline: 'SVS-VV-2022',
    strength: 'Grade 2C (SVS/AVF, symptomatic varicose veins)',
    note: 'Venous care, an alternative or adjunct to ablation; any RLS benefit is unproven.',
  },
  ...dopaminergicOptions,
  ...continueOptions,
} satisfies Record<string, CatalogEntry>;

export type SuggestionId = keyof typeof catalog;

/** Every suggestion assess() can make, keyed by id. */
export const suggestionCatalog: Readonly<Record<SuggestionId, Suggestion>> = Object.fromEntries(
  Object.entries(catalog).map(([id, s]) => [id, { id, ...s, cautions: [] }]),
) as unknown as Record<SuggestionId, Suggestion>;

/** A suggestion, with an extra note appended when given. */
export function suggest(id: SuggestionId, extraNote?: string): Suggestion {
  const base = suggestionCatalog[id];
  if (!extraNote) return { ...base, cautions: [] };
  return { ...base, cautions: [], note: base.note ? `${base.note} ${extraNote}` : extraNote };
}

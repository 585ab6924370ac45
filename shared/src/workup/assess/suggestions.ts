import type { Suggestion } from './types';

/**
 * Plan options with their source and strength (clinical-reference §7). Ids are stable: they are
 * stored in `plan.selected`. Options without a graded recommendation say so in `strength`.
 */
const catalog = {
  // AASM-2024 iron (adults), IRLSSG-IRON-2018 (IV limits)
  'iron.iv-fcm': {
    label: 'IV ferric carboxymaltose 1000 mg',
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
    label: 'Adjust renally cleared RLS drugs (gabapentinoids) to kidney function',
    category: 'medication-review',
    guideline: 'AASM-2024',
    strength: 'Good practice',
  },
  'renal.confirm-egfr': {
    label: 'Repeat eGFR to confirm CKD over 3 months',
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
    label: 'Review dopamine agonist / levodopa treatment (augmentation risk)',
    category: 'medication-review',
    guideline: 'AASM-2024',
    strength: 'Conditional against standard use (moderate certainty)',
    note: 'Short-term use only when the trade-offs are accepted.',
  },
  'monitoring.augmentation-screen': {
    label: 'Screen for augmentation (earlier onset, spread, shorter latency, intensity, shorter effect)',
    category: 'monitoring',
    guideline: 'AASM-2024',
    strength: 'Good practice',
  },
  'rls.opioid': {
    label: 'Extended-release oxycodone or another low-dose opioid',
    category: 'rls-therapy',
    guideline: 'AASM-2024',
    strength: 'Conditional for (moderate certainty)',
    note: 'For refractory RLS or augmentation.',
  },
  // AASM-2024 good practice: address exacerbators
  'medication-review.exacerbating': {
    label: 'Stop or replace exacerbating medicines where possible',
    category: 'medication-review',
    guideline: 'AASM-2024',
    strength: 'Good practice',
  },
  'lifestyle.avoid-substances': {
    label: 'Reduce caffeine, alcohol and nicotine, especially in the evening',
    category: 'lifestyle',
    guideline: 'AASM-2024',
    strength: 'Good practice',
  },
  'referral.osa-treatment': {
    label: 'Treat obstructive sleep apnoea (e.g. CPAP)',
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
  'lifestyle.exercise': {
    label: 'Regular moderate exercise',
    category: 'lifestyle',
    guideline: 'None',
    strength: 'Not graded',
  },
  'lifestyle.sleep-hygiene': {
    label: 'Sleep hygiene',
    category: 'lifestyle',
    guideline: 'None',
    strength: 'Not graded',
  },
  'lifestyle.cbt': {
    label: 'Cognitive behavioural therapy for insomnia',
    category: 'lifestyle',
    guideline: 'None',
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
    strength: 'Venous-care indication (C3–C6); no RLS evidence',
  },
  'venous.endovenous-ablation': {
    label: 'Endovenous thermal ablation (EVLA/RFA) ± sclerotherapy of the refluxing truncal vein',
    category: 'venous-care',
    guideline: 'SVS-VV-2022',
    strength: 'Not graded — low-quality uncontrolled evidence',
    note: 'Standard care for symptomatic superficial truncal reflux; any RLS benefit rests on small uncontrolled series.',
  },
  'venous.perforator-treatment.left': {
    label: 'Treat the pathologic perforator (left)',
    category: 'venous-care',
    guideline: 'SVS-VV-2022',
    strength: 'Not graded — low-quality uncontrolled evidence',
    note: 'SVS/AVF: pathologic perforator with a healed or active ulcer (C5–C6).',
  },
  'venous.perforator-treatment.right': {
    label: 'Treat the pathologic perforator (right)',
    category: 'venous-care',
    guideline: 'SVS-VV-2022',
    strength: 'Not graded — low-quality uncontrolled evidence',
    note: 'SVS/AVF: pathologic perforator with a healed or active ulcer (C5–C6).',
  },
  'referral.venous-specialist': {
    label: 'Venous specialist review of deep venous reflux',
    category: 'referral',
    guideline: 'SVS-VV-2022',
    strength: 'Good practice',
  },
  'referral.dvt': {
    label: 'Same-day management of deep vein thrombosis',
    category: 'referral',
    guideline: 'None',
    strength: 'Not graded',
  },
  // ABI bands (ACCF/AHA 2011, AHA/ACC 2016, ACC/AHA/SVS 2024)
  'referral.vascular-pad': {
    label: 'Vascular referral for peripheral arterial disease',
    category: 'referral',
    guideline: 'ABI',
    strength: 'Not graded here (ACC/AHA PAD guideline)',
  },
  'arterial.pad-care': {
    label: 'PAD care: antiplatelet, statin, smoking cessation, supervised exercise',
    category: 'arterial-care',
    guideline: 'ABI',
    strength: 'Not graded here (ACC/AHA PAD guideline)',
  },
  'arterial.exercise-abi': {
    label: 'Exercise ABI if symptomatic',
    category: 'monitoring',
    guideline: 'ABI',
    strength: 'Consider',
  },
  'arterial.tbi': {
    label: 'Toe-brachial index (TBI ≤ 0.70 supports PAD)',
    category: 'monitoring',
    guideline: 'ABI',
    strength: 'Consider',
  },
  // ADA, WHO, IRLSSG-2014 (mimics)
  'metabolic.confirm-diabetes': {
    label: 'Repeat HbA1c or fasting glucose to confirm diabetes',
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
    label: 'Investigate the cause of anaemia (iron studies, MCV, blood loss)',
    category: 'monitoring',
    guideline: 'WHO',
    strength: 'Good practice',
  },
} satisfies Record<string, Omit<Suggestion, 'id'>>;

export type SuggestionId = keyof typeof catalog;

/** Every suggestion assess() can make, keyed by id. */
export const suggestionCatalog: Readonly<Record<SuggestionId, Suggestion>> = Object.fromEntries(
  Object.entries(catalog).map(([id, s]) => [id, { id, ...s }]),
) as Record<SuggestionId, Suggestion>;

/** A suggestion, with an extra note appended when given. */
export function suggest(id: SuggestionId, extraNote?: string): Suggestion {
  const base = suggestionCatalog[id];
  if (!extraNote) return { ...base };
  return { ...base, note: base.note ? `${base.note} ${extraNote}` : extraNote };
}

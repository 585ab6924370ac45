import type { FindingCause } from './types';

export interface FindingCatalogEntry {
  label: string;
  cause: FindingCause;
  /** When the finding is present, in words (generated into docs/clinical-rules.md). */
  rule: string;
  /** Source tags (guideline or consensus, e.g. 'AASM-2024'), shown in docs/clinical-rules.md. */
  source: string;
}

/**
 * Every finding code assess() can return, with its label, cause, rule and source. The rule text
 * documents the code beside it (assess/*.ts); `npm run docs:rules` publishes it.
 */
export const findingCatalog: Readonly<Record<string, FindingCatalogEntry>> = {
  'rls.criteria-met': {
    label: 'IRLSSG criteria met',
    cause: 'diagnosis',
    rule: 'all five `criteria.*` are true',
    source: 'IRLSSG-2014',
  },
  'rls.criteria-not-met': {
    label: 'IRLSSG criteria not met',
    cause: 'diagnosis',
    rule: 'any `criteria.*` is false',
    source: 'IRLSSG-2014',
  },
  'rls.mimic-review': {
    label: 'Possible RLS mimic: review criterion 5',
    cause: 'diagnosis',
    rule: '`criteria.notMimic` is true and any of: `mimics` not empty; `arterial.pad` present with `symptoms.claudication` true; `meds.exacerbating` has `dopamine-antagonist` (akathisia). Evidence names each conflict',
    source: 'IRLSSG-2014',
  },
  'irls.mild': {
    label: 'Mild RLS (IRLS 1–10)',
    cause: 'severity',
    rule: 'IRLS total 1–10 (the sum of `irls.item1`…`irls.item10` once all ten are answered, else `irls.total`)',
    source: 'IRLS',
  },
  'irls.moderate': {
    label: 'Moderate RLS (IRLS 11–20)',
    cause: 'severity',
    rule: 'IRLS total 11–20 (the sum of `irls.item1`…`irls.item10` once all ten are answered, else `irls.total`)',
    source: 'IRLS',
  },
  'irls.severe': {
    label: 'Severe RLS (IRLS 21–30)',
    cause: 'severity',
    rule: 'IRLS total 21–30 (the sum of `irls.item1`…`irls.item10` once all ten are answered, else `irls.total`)',
    source: 'IRLS',
  },
  'irls.very-severe': {
    label: 'Very severe RLS (IRLS 31–40)',
    cause: 'severity',
    rule: 'IRLS total 31–40 (the sum of `irls.item1`…`irls.item10` once all ten are answered, else `irls.total`)',
    source: 'IRLS',
  },
  'iron.treat': {
    label: 'Iron treatment indicated',
    cause: 'iron',
    rule: 'adult: ferritin ≤ 75 or TSAT < 20, except when `iron.iv-only` is present; child: ferritin < 50. Not on dialysis',
    source: 'AASM-2024',
  },
  'iron.iv-only': {
    label: 'IV iron only (ferritin 75–100)',
    cause: 'iron',
    rule: 'adult, 75 < ferritin ≤ 100, whatever the TSAT; never in pregnancy; not on dialysis',
    source: 'AASM-2024, IRLSSG-PREG-2015',
  },
  'iron.iv-avoid': {
    label: 'Avoid IV iron (TSAT ≥ 45 %)',
    cause: 'iron',
    rule: 'TSAT ≥ 45',
    source: 'IRLSSG-IRON-2018',
  },
  'iron.esrd-iv-sucrose': {
    label: 'IV iron sucrose indicated (ESRD)',
    cause: 'iron',
    rule: '`comorbidities` has `dialysis`, ferritin < 200 and TSAT < 20',
    source: 'AASM-2024',
  },
  'iron.recent-iv': {
    label: 'Recent IV iron: ferritin not yet interpretable',
    cause: 'iron',
    rule: '`ironTherapy.route` is `iv` and `ironTherapy.date` is fewer than 56 days before `labs.drawDate` (else the evaluation start date), or after it',
    source: 'IRLSSG-IRON-2018',
  },
  'iron.low-ferritin': {
    label: 'Low ferritin: look for iron loss',
    cause: 'iron',
    rule: 'carries `hematology.iron-loss-workup` when no other iron finding (`iron.treat`, `iron.iv-only`, `iron.esrd-iv-sucrose`) is there to carry it',
    source: 'AGA-2020',
  },
  anemia: {
    label: 'Anaemia',
    cause: 'hematology',
    rule: 'haemoglobin below: pregnant 11.0 (second trimester 10.5); otherwise by age: under 6 months none; 6–23 months 10.5; 2–4 y 11.0; 5–11 y 11.5; 12–14 y 12.0; 15 y and older male 13.0, female/other/unknown 12.0',
    source: 'WHO-HB-2024',
  },
  'vitamin.b12-low': {
    label: 'Low vitamin B12',
    cause: 'hematology',
    rule: 'B12 < 200 pg/mL (the lower reference limit)',
    source: 'ABIM',
  },
  'vitamin.folate-low': {
    label: 'Low folate',
    cause: 'hematology',
    rule: 'folate < 1.8 ng/mL (the lower reference limit)',
    source: 'ABIM',
  },
  ckd: {
    label: 'Chronic kidney disease',
    cause: 'renal',
    rule: 'eGFR < 60, or `comorbidities` has `ckd` or `dialysis`',
    source: 'KDIGO',
  },
  esrd: { label: 'End-stage renal disease', cause: 'renal', rule: 'eGFR < 15, or dialysis', source: 'KDIGO' },
  diabetes: {
    label: 'Diabetes',
    cause: 'metabolic',
    rule: 'HbA1c ≥ 6.5 %, fasting glucose ≥ 126 mg/dL, or `comorbidities` has `diabetes`',
    source: 'ADA',
  },
  'neuropathy.suspected': {
    label: 'Neuropathy suspected',
    cause: 'neuro',
    rule: 'vibration or ankle reflex reduced/absent or monofilament reduced on either side, `comorbidities` has `neuropathy`, or B12 < 200',
    source: 'IRLSSG-2014',
  },
  'drug-exacerbation': {
    label: 'Exacerbating medicines',
    cause: 'drugs',
    rule: '`meds.exacerbating` not empty',
    source: 'AASM-2024',
  },
  'substance-exacerbation': {
    label: 'Exacerbating substances',
    cause: 'drugs',
    rule: '`substances` not empty',
    source: 'AASM-2024',
  },
  'augmentation-risk': {
    label: 'Augmentation risk (dopaminergic treatment)',
    cause: 'drugs',
    rule: '`meds.dopaminergic` (current use) not empty',
    source: 'AASM-2024',
  },
  'treatment.current': {
    label: 'Current treatment',
    cause: 'drugs',
    rule: '`meds.current` or `meds.dopaminergic` not empty: one "continue" option per medicine',
    source: 'Expert consensus',
  },
  'sleep.osa': {
    label: 'Obstructive sleep apnoea',
    cause: 'sleep',
    rule: '`comorbidities` has `osa`',
    source: 'AASM-2024',
  },
  'sleep.osa-screen-positive': {
    label: 'OSA screen positive',
    cause: 'sleep',
    rule: 'no known OSA, and witnessed apnoea, or snoring with daytime sleepiness',
    source: 'AASM-2024',
  },
  pregnancy: {
    label: 'Pregnancy',
    cause: 'pregnancy',
    rule: '`pregnant` is true',
    source: 'IRLSSG-PREG-2015',
  },
  'venous.superficial-reflux': {
    label: 'Superficial venous reflux',
    cause: 'venous',
    rule: 'GSV or SSV reflux > 500 ms, either side',
    source: 'SVS-VV-2022',
  },
  'venous.deep-reflux': {
    label: 'Deep venous reflux',
    cause: 'venous',
    rule: 'CFV, FV or popliteal reflux > 1000 ms, either side',
    source: 'SVS-VV-2022',
  },
  'venous.pathologic-perforator': {
    label: 'Pathologic perforator',
    cause: 'venous',
    rule: 'on one side: perforator reflux ≥ 500 ms and diameter ≥ 3.5 mm (treatment only with that side C5–C6)',
    source: 'SVS-VV-2022',
  },
  'venous.cvd': {
    label: 'Chronic venous disease (CEAP ≥ C2)',
    cause: 'venous',
    rule: 'CEAP C2 or higher, either side',
    source: 'CEAP-2020',
  },
  'venous.cvi': {
    label: 'Chronic venous insufficiency (CEAP ≥ C3)',
    cause: 'venous',
    rule: 'CEAP C3 or higher, either side',
    source: 'CEAP-2020, SVS-VV-2022',
  },
  dvt: {
    label: 'Deep vein thrombosis',
    cause: 'venous',
    rule: '`duplex.dvt` is true and `duplex.thrombosisTypes` is unanswered, empty, or has `acute-dvt`',
    source: 'Expert consensus',
  },
  'venous.post-thrombotic': {
    label: 'Post-thrombotic change',
    cause: 'venous',
    rule: '`duplex.thrombosisTypes` has `chronic-post-thrombotic`',
    source: 'CEAP-2020',
  },
  'venous.svt': {
    label: 'Superficial thrombophlebitis',
    cause: 'venous',
    rule: '`duplex.thrombosisTypes` has `superficial-thrombophlebitis`',
    source: 'Expert consensus',
  },
  'arterial.pad': {
    label: 'Peripheral arterial disease (ABI ≤ 0.90 or TBI ≤ 0.70)',
    cause: 'arterial',
    rule: 'ABI ≤ 0.90 or TBI ≤ 0.70, either side',
    source: 'ACC/AHA-PAD-2016',
  },
  'arterial.borderline': {
    label: 'Borderline ABI (0.91–0.99)',
    cause: 'arterial',
    rule: '0.90 < ABI < 1.00 on a side, and no side ≤ 0.90',
    source: 'ACC/AHA-PAD-2016',
  },
  'arterial.noncompressible': {
    label: 'Non-compressible arteries (ABI > 1.40)',
    cause: 'arterial',
    rule: 'ABI > 1.40, either side',
    source: 'ACC/AHA-PAD-2016',
  },
  'arterial.compression-contraindicated': {
    label: 'Compression contraindicated (ABI < 0.60)',
    cause: 'arterial',
    rule: 'ABI < 0.60, either side',
    source: 'RABE-2020',
  },
};

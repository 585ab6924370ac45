// The medicine options of the plan (docs/clinical-rules.md, "Suggestions") as a treatment course:
// which plan options are medicines given at a dose, the units and frequencies a course line may use,
// and what each medicine is recorded as at the next visit (`meds.current`, `meds.dopaminergic`,
// `ironTherapy.route`: shared/src/workup/carry-forward.ts). Pure data; the suggestion texts live in
// assess/suggestions.ts (a unit test checks every id here is one of its options).

/** Units a course line's dose is given in (µg is written `ug`, as UCUM does). IV iron is dosed in mg. */
export const MEDICATION_UNITS = ['mg', 'ug', 'g', 'mL', 'mg/24h'] as const;
export type MedicationUnit = (typeof MEDICATION_UNITS)[number];

/** How each unit reads on screen and on paper. */
export const MEDICATION_UNIT_LABELS: Readonly<Record<MedicationUnit, string>> = {
  mg: 'mg',
  ug: 'µg',
  g: 'g',
  mL: 'mL',
  'mg/24h': 'mg/24 h (patch)',
};

/** How often a dose is taken, in plan order. */
export const MEDICATION_FREQUENCIES = [
  { code: 'once-daily', label: 'once daily' },
  { code: 'twice-daily', label: 'twice daily' },
  { code: 'three-times-daily', label: 'three times daily' },
  { code: 'at-night', label: 'at night' },
  { code: 'alternate-days', label: 'on alternate days' },
  { code: 'weekly', label: 'weekly' },
  { code: 'single-dose', label: 'single dose' },
  { code: 'as-needed', label: 'as needed' },
] as const;
export type MedicationFrequency = (typeof MEDICATION_FREQUENCIES)[number]['code'];
export const MEDICATION_FREQUENCY_CODES = MEDICATION_FREQUENCIES.map((f) => f.code) as unknown as readonly [
  MedicationFrequency,
  ...MedicationFrequency[],
];

/** The `meds.current` options (definition version 2) a plan medicine is recorded as. */
export const MEDS_CURRENT_CODES = [
  'gabapentin',
  'gabapentin-enacarbil',
  'pregabalin',
  'opioid',
  'benzodiazepine',
  'z-drug',
  'iron-oral',
] as const;
export type MedsCurrentCode = (typeof MEDS_CURRENT_CODES)[number];

/** The `meds.dopaminergic` options (every definition version). */
export const DOPAMINERGIC_CODES = ['pramipexole', 'ropinirole', 'rotigotine', 'levodopa'] as const;
export type DopaminergicCode = (typeof DOPAMINERGIC_CODES)[number];

export interface MedicineOption {
  /** Short name for a course line, the history and the trends ('Gabapentin'). */
  name: string;
  /** Units a dose may be given in; the first is the usual one. */
  units: readonly MedicationUnit[];
  /** The `meds.current` option the next visit records it as. */
  current?: MedsCurrentCode;
  /** The `meds.dopaminergic` option the next visit records it as. */
  dopaminergic?: DopaminergicCode;
  /** An iron course: `ironTherapy.route` at the next visit. */
  iron?: 'oral' | 'iv';
}

const CURRENT_NAMES: Record<MedsCurrentCode, string> = {
  gabapentin: 'Gabapentin',
  'gabapentin-enacarbil': 'Gabapentin enacarbil',
  pregabalin: 'Pregabalin',
  opioid: 'Opioid',
  benzodiazepine: 'Benzodiazepine',
  'z-drug': 'Z-drug',
  'iron-oral': 'Oral iron',
};

const DOPAMINERGIC_NAMES: Record<DopaminergicCode, string> = {
  pramipexole: 'Pramipexole',
  ropinirole: 'Ropinirole',
  rotigotine: 'Rotigotine',
  levodopa: 'Levodopa',
};

const DOPAMINERGIC_UNITS: Record<DopaminergicCode, readonly MedicationUnit[]> = {
  pramipexole: ['mg'],
  ropinirole: ['mg'],
  rotigotine: ['mg/24h'],
  levodopa: ['mg'],
};

/** `continue.<code>`: the plan option to go on with a medicine the patient already takes. */
export const continueOptionId = (code: MedsCurrentCode | DopaminergicCode): string => `continue.${code}`;

const continueCurrent = Object.fromEntries(
  MEDS_CURRENT_CODES.map((code): [string, MedicineOption] => [
    continueOptionId(code),
    {
      name: CURRENT_NAMES[code],
      units: code === 'opioid' ? ['mg', 'ug'] : ['mg'],
      current: code,
      ...(code === 'iron-oral' ? { iron: 'oral' as const } : {}),
    },
  ]),
);

const continueDopaminergic = Object.fromEntries(
  DOPAMINERGIC_CODES.map((code): [string, MedicineOption] => [
    continueOptionId(code),
    { name: DOPAMINERGIC_NAMES[code], units: DOPAMINERGIC_UNITS[code], dopaminergic: code },
  ]),
);

const startDopaminergic = Object.fromEntries(
  DOPAMINERGIC_CODES.map((code): [string, MedicineOption] => [
    `rls.dopaminergic.${code}`,
    { name: DOPAMINERGIC_NAMES[code], units: DOPAMINERGIC_UNITS[code], dopaminergic: code },
  ]),
);

/** Every plan option that is a medicine given at a dose, keyed by suggestion id. */
export const MEDICINE_OPTIONS: Readonly<Record<string, MedicineOption>> = {
  'iron.iv-fcm': { name: 'IV ferric carboxymaltose', units: ['mg'], iron: 'iv' },
  'iron.iv-lmw-dextran': { name: 'IV low-molecular-weight iron dextran', units: ['mg'], iron: 'iv' },
  'iron.iv-ferumoxytol': { name: 'IV ferumoxytol', units: ['mg'], iron: 'iv' },
  'iron.esrd-iv-sucrose': { name: 'IV iron sucrose', units: ['mg'], iron: 'iv' },
  'iron.oral-ferrous-sulfate': {
    name: 'Oral ferrous sulfate',
    units: ['mg'],
    current: 'iron-oral',
    iron: 'oral',
  },
  'iron.child-ferrous-sulfate': {
    name: 'Oral ferrous sulfate (child)',
    units: ['mg', 'mL'],
    current: 'iron-oral',
    iron: 'oral',
  },
  'renal.esrd-vitamin-c': { name: 'Vitamin C', units: ['mg', 'g'] },
  'rls.gabapentin-esrd': { name: 'Gabapentin (low dose, ESRD)', units: ['mg'], current: 'gabapentin' },
  'rls.gabapentin-enacarbil': {
    name: 'Gabapentin enacarbil',
    units: ['mg'],
    current: 'gabapentin-enacarbil',
  },
  'rls.gabapentin': { name: 'Gabapentin', units: ['mg'], current: 'gabapentin' },
  'rls.pregabalin': { name: 'Pregabalin', units: ['mg'], current: 'pregabalin' },
  'rls.opioid': { name: 'Opioid', units: ['mg', 'ug'], current: 'opioid' },
  'supplement.b12': { name: 'Vitamin B12', units: ['ug', 'mg'] },
  'supplement.folate': { name: 'Folic acid', units: ['mg', 'ug'] },
  ...startDopaminergic,
  ...continueCurrent,
  ...continueDopaminergic,
};

/** The ids of `MEDICINE_OPTIONS` (plan options a course line may name). */
export const MEDICINE_OPTION_IDS = Object.keys(MEDICINE_OPTIONS) as unknown as readonly [string, ...string[]];

export function isMedicineOption(id: string): boolean {
  return Object.hasOwn(MEDICINE_OPTIONS, id);
}

/**
 * What a medicine option is, across visits: its `meds.current` / `meds.dopaminergic` code when it has
 * one (so `rls.gabapentin` and `continue.gabapentin` are the same medicine), else its own id.
 */
export function medicineOf(id: string): string {
  const option = MEDICINE_OPTIONS[id];
  return option?.current ?? option?.dopaminergic ?? id;
}

const frequencyLabels: Readonly<Record<string, string>> = Object.fromEntries(
  MEDICATION_FREQUENCIES.map((f) => [f.code, f.label]),
);

/** One course line in words, as the history records it: `Gabapentin 300 mg at night, from 2026-06-10`. */
export function medicationText(m: {
  id: string;
  dose: number;
  unit: MedicationUnit;
  frequency: MedicationFrequency;
  startDate: string | null;
}): string {
  const name = MEDICINE_OPTIONS[m.id]?.name ?? m.id;
  const from = m.startDate ? `, from ${m.startDate}` : '';
  return `${name} ${m.dose} ${MEDICATION_UNIT_LABELS[m.unit]} ${frequencyLabels[m.frequency] ?? m.frequency}${from}`;
}

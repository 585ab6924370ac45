// The safety pass (docs/clinical-rules.md, "Suppression" and "Cautions"): after every rule file has made
// its findings and triggered its options, options the same answers make unsafe are removed
// (suppression, by class) and the rest carry their cautions. Sources per row: IRLSSG-PREG-2015, IRLSSG-IRON-2018, RABE-2020, ACC/AHA-PAD-2016,
// SVS-VV-2022, FDA-2016, FDA-2019, AASM-2024.
import { unknownPerfusionSides } from './arterial';
import type { AssessContext } from './context';
import { SIDE_LIST, has, list, num, str } from './context';
import { IV_IRON, ORAL_IRON } from './follow-up';
import type { CautionCode, Finding, Suggestion } from './types';

/** Suggestion classes (the rows of docs/clinical-rules.md, "Suppression"). */
export const GABAPENTINOIDS = [
  'rls.gabapentin',
  'rls.gabapentin-enacarbil',
  'rls.pregabalin',
  'rls.gabapentin-esrd',
] as const;
export const COMPRESSION = ['venous.compression-stockings', 'rls.pneumatic-compression'] as const;
export const ABLATION = [
  'venous.endovenous-ablation',
  'venous.sclerotherapy',
  'venous.perforator-treatment.left',
  'venous.perforator-treatment.right',
] as const;
/** A dopaminergic agent started as a deliberate choice (AASM-2024: conditional against standard use). */
export const DOPAMINERGIC = [
  'rls.dopaminergic.pramipexole',
  'rls.dopaminergic.ropinirole',
  'rls.dopaminergic.rotigotine',
  'rls.dopaminergic.levodopa',
] as const;
/** Going on with a dopaminergic agent the patient already takes. */
export const CONTINUE_DOPAMINERGIC = [
  'continue.pramipexole',
  'continue.ropinirole',
  'continue.rotigotine',
  'continue.levodopa',
] as const;
/** Going on with a gabapentinoid or an opioid the patient already takes. */
const CONTINUE_PREGNANCY_UNSAFE = [
  'continue.gabapentin',
  'continue.gabapentin-enacarbil',
  'continue.pregabalin',
  'continue.opioid',
] as const;

/** `meds.current` options that are gabapentinoids. */
const CURRENT_GABAPENTINOIDS = ['gabapentin', 'gabapentin-enacarbil', 'pregabalin'];

interface SafetyInput {
  ctx: AssessContext;
  /** Finding codes present after every rule file ran. */
  present: ReadonlySet<string>;
}

export interface SuppressionRule {
  suggestions: readonly string[];
  /** When the row applies, in words (docs/clinical-rules.md and the reason shown for a selected option). */
  when: string;
  source: string;
  applies: (input: SafetyInput) => boolean;
}

const anyOf = (present: ReadonlySet<string>, codes: string[]) => codes.some((c) => present.has(c));

/** The rows of docs/clinical-rules.md, "Suppression: never suggested while" (rendered from these). */
export const SUPPRESSIONS: readonly SuppressionRule[] = [
  {
    suggestions: [
      ...GABAPENTINOIDS,
      'rls.opioid',
      'rls.peroneal-nerve-stimulation',
      ...DOPAMINERGIC,
      ...CONTINUE_PREGNANCY_UNSAFE,
      ...CONTINUE_DOPAMINERGIC,
    ],
    when: 'pregnancy is present',
    source: 'IRLSSG-PREG-2015',
    applies: ({ present }) => present.has('pregnancy'),
  },
  {
    suggestions: IV_IRON,
    when: 'TSAT ≥ 45 % (iron.iv-avoid) or IV iron fewer than 56 days ago (iron.recent-iv)',
    source: 'IRLSSG-IRON-2018',
    applies: ({ present }) => anyOf(present, ['iron.iv-avoid', 'iron.recent-iv']),
  },
  {
    suggestions: IV_IRON,
    when: 'pregnancy, unless in the second or third trimester with ferritin < 30 ng/mL (oral iron first)',
    source: 'IRLSSG-PREG-2015',
    applies: ({ ctx, present }) => {
      if (!present.has('pregnancy')) return false;
      const trimester = str(ctx, 'pregnancy.trimester');
      const ferritin = num(ctx, 'lab.ferritin');
      const allowed =
        (trimester === 'second' || trimester === 'third') && ferritin !== undefined && ferritin < 30;
      return !allowed;
    },
  },
  {
    suggestions: [...ORAL_IRON, 'continue.iron-oral'],
    when: 'TSAT ≥ 45 % (iron.iv-avoid)',
    source: 'IRLSSG-IRON-2018',
    applies: ({ present }) => present.has('iron.iv-avoid'),
  },
  {
    suggestions: ABLATION,
    when: 'pregnancy, deep vein thrombosis or superficial thrombophlebitis is present',
    source: 'IRLSSG-PREG-2015, SVS-VV-2022',
    applies: ({ present }) => anyOf(present, ['pregnancy', 'dvt', 'venous.svt']),
  },
  {
    suggestions: ['rls.pneumatic-compression'],
    when: 'deep vein thrombosis, superficial thrombophlebitis or ABI < 0.60 is present',
    source: 'RABE-2020',
    applies: ({ present }) => anyOf(present, ['dvt', 'venous.svt', 'arterial.compression-contraindicated']),
  },
  {
    suggestions: ['venous.compression-stockings'],
    when: 'ABI < 0.60 (arterial.compression-contraindicated)',
    source: 'RABE-2020',
    applies: ({ present }) => present.has('arterial.compression-contraindicated'),
  },
  {
    suggestions: COMPRESSION,
    when: 'ABI > 1.40 on a side whose TBI is unanswered (perfusion unknown: measure the TBI)',
    source: 'ACC/AHA-PAD-2016, RABE-2020',
    applies: ({ ctx }) => unknownPerfusionSides(ctx).length > 0,
  },
];

export interface CautionRule {
  code: CautionCode;
  on: readonly string[];
  when: string;
  source: string;
  /** The caution's text for option `id`, or undefined when it does not apply. */
  text: (input: SafetyInput, id: string) => string | undefined;
}

const isGabapentinoid = (id: string) => (GABAPENTINOIDS as readonly string[]).includes(id);
const isDopaminergic = (id: string) => (DOPAMINERGIC as readonly string[]).includes(id);

function respiratoryReasons({ ctx, present }: SafetyInput, id: string): string[] {
  const current = list(ctx, 'meds.current') ?? [];
  const reasons: string[] = [];
  if (present.has('sleep.osa')) reasons.push('obstructive sleep apnoea');
  if (present.has('sleep.osa-screen-positive')) reasons.push('a positive sleep-apnoea screen');
  if (has(ctx, 'substances', 'alcohol')) reasons.push('alcohol use');
  if (current.includes('benzodiazepine')) reasons.push('a current benzodiazepine');
  if (current.includes('z-drug')) reasons.push('a current Z-drug');
  if (id === 'rls.opioid' && current.some((m) => CURRENT_GABAPENTINOIDS.includes(m))) {
    reasons.push('a current gabapentinoid');
  }
  if (isGabapentinoid(id) && current.includes('opioid')) reasons.push('a current opioid');
  if (isGabapentinoid(id) && ctx.age !== undefined && ctx.age >= 65) reasons.push('age 65 or over');
  return reasons;
}

/** The rows of docs/clinical-rules.md, "Cautions" (rendered from these). */
export const CAUTIONS: readonly CautionRule[] = [
  {
    code: 'respiratory-depression',
    on: ['rls.opioid', ...GABAPENTINOIDS],
    when: 'OSA (known or screen-positive), alcohol, a current benzodiazepine or Z-drug; on the opioid a current gabapentinoid, on a gabapentinoid a current opioid or age ≥ 65',
    source: 'FDA-2016, FDA-2019',
    text: (input, id) => {
      const reasons = respiratoryReasons(input, id);
      if (reasons.length === 0) return undefined;
      return `Risk of respiratory depression with ${reasons.join(', ')}: start low, avoid combining CNS depressants and watch breathing (${id === 'rls.opioid' ? 'FDA-2016' : 'FDA-2019'}).`;
    },
  },
  {
    code: 'reduced-compression',
    on: COMPRESSION,
    when: 'PAD is present (ABI ≤ 0.90 or TBI ≤ 0.70) and ABI is not below 0.60',
    source: 'RABE-2020',
    text: ({ present }) =>
      present.has('arterial.pad') && !present.has('arterial.compression-contraindicated')
        ? 'Peripheral arterial disease: reduced compression pressure only, under supervision (RABE-2020).'
        : undefined,
  },
  {
    code: 'verify-perfusion',
    on: COMPRESSION,
    when: 'no ABI is answered, and PAD or diabetes is known or a pedal pulse is diminished or absent',
    source: 'RABE-2020',
    text: ({ ctx }) => {
      if (SIDE_LIST.some((side) => num(ctx, `abi.${side}`) !== undefined)) return undefined;
      const risk =
        has(ctx, 'comorbidities', 'pad') ||
        has(ctx, 'comorbidities', 'diabetes') ||
        SIDE_LIST.some((side) => ['diminished', 'absent'].includes(str(ctx, `exam.pulses.${side}`) ?? ''));
      return risk
        ? 'No ABI on file with PAD, diabetes or weak pedal pulses: measure the ABI before any compression (RABE-2020).'
        : undefined;
    },
  },
  {
    code: 'already-taking',
    on: [...GABAPENTINOIDS, 'rls.opioid', ...ORAL_IRON, ...DOPAMINERGIC],
    when: '`meds.current` already has a gabapentinoid / an opioid / oral iron; `meds.dopaminergic` is not empty (on a dopaminergic agent)',
    source: 'Good practice (no duplicate therapy)',
    text: ({ ctx }, id) => {
      if (isDopaminergic(id)) {
        const taking = list(ctx, 'meds.dopaminergic') ?? [];
        return taking.length > 0
          ? `Already taking ${taking.join(', ')}: continue, adjust or switch rather than add a second dopaminergic agent.`
          : undefined;
      }
      const current = list(ctx, 'meds.current') ?? [];
      if (isGabapentinoid(id)) {
        const taking = current.filter((m) => CURRENT_GABAPENTINOIDS.includes(m));
        return taking.length > 0
          ? `Already taking ${taking.join(', ')}: adjust or switch rather than add a second α2δ ligand.`
          : undefined;
      }
      if (id === 'rls.opioid') {
        return current.includes('opioid')
          ? 'Already taking an opioid: review the current one rather than add another.'
          : undefined;
      }
      return current.includes('iron-oral')
        ? 'Already taking oral iron: check adherence, dose and tolerance before repeating it.'
        : undefined;
    },
  },
  {
    code: 'renal-dose',
    on: GABAPENTINOIDS,
    when: 'CKD is present',
    source: 'AASM-2024',
    text: ({ present }) =>
      present.has('ckd')
        ? 'Chronic kidney disease: reduce the dose to kidney function (AASM-2024).'
        : undefined,
  },
  {
    code: 'lactation',
    on: [...GABAPENTINOIDS, 'rls.opioid', ...DOPAMINERGIC],
    when: '`breastfeeding` is true',
    source: 'IRLSSG-PREG-2015',
    text: ({ ctx }) =>
      ctx.answers['breastfeeding'] === true
        ? 'Breastfeeding: the drug choice changes in lactation — check compatibility, with specialist advice (IRLSSG-PREG-2015).'
        : undefined,
  },
  {
    code: 'no-abrupt-stop',
    on: ['medication-review.exacerbating', 'rls.dopaminergic-caution'],
    when: 'always',
    source: 'AASM-2024',
    text: (_input, id) =>
      id === 'rls.dopaminergic-caution'
        ? 'Taper a dopamine agonist or levodopa; never stop it abruptly (rebound).'
        : 'Change antidepressants, lithium and antipsychotics only with their prescriber; never stop them abruptly.',
  },
  {
    code: 'aasm-conditional-against',
    on: [...DOPAMINERGIC, ...CONTINUE_DOPAMINERGIC],
    when: 'always; names augmentation when `augmentation.features` is not empty',
    source: 'AASM-2024',
    text: ({ ctx }) => {
      const features = list(ctx, 'augmentation.features') ?? [];
      const base =
        'AASM-2024 suggests against the standard use of pramipexole, ropinirole, rotigotine and levodopa (conditional): augmentation risk. Only as a deliberate choice, at the lowest effective dose, screening for augmentation at each visit.';
      return features.length > 0
        ? `${base} Augmentation features are reported (${features.join(', ')}): do not raise the dose; consider switching.`
        : base;
    },
  },
];

export interface Suppressed {
  id: string;
  label: string;
  /** Why it is not offered, with its source. */
  reason: string;
}

/**
 * Removes suppressed options from every finding and attaches cautions to the rest. Returns the new
 * findings and the options that were removed (with why), so a selected option can be flagged.
 */
export function applySafety(
  ctx: AssessContext,
  findings: readonly Finding[],
): { findings: Finding[]; suppressed: Suppressed[] } {
  const input: SafetyInput = { ctx, present: new Set(findings.map((f) => f.code)) };
  const active = SUPPRESSIONS.filter((rule) => rule.applies(input));
  const suppressed = new Map<string, Suppressed>();
  const safe = (s: Suggestion): boolean => {
    const rule = active.find((r) => r.suggestions.includes(s.id));
    if (!rule) return true;
    if (!suppressed.has(s.id)) {
      suppressed.set(s.id, {
        id: s.id,
        label: s.label,
        reason: `Not offered while ${rule.when} (${rule.source}).`,
      });
    }
    return false;
  };
  const withCautions = (s: Suggestion): Suggestion => ({
    ...s,
    cautions: CAUTIONS.flatMap((rule) => {
      if (!rule.on.includes(s.id)) return [];
      const text = rule.text(input, s.id);
      return text === undefined ? [] : [{ code: rule.code, text }];
    }),
  });
  return {
    findings: findings.map((f) => ({ ...f, suggestions: f.suggestions.filter(safe).map(withCautions) })),
    suppressed: [...suppressed.values()],
  };
}

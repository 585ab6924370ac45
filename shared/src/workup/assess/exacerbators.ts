// Medicines, substances, sleep and pregnancy. Sources: AASM-2024 good practice (address exacerbating
// drugs, alcohol, caffeine, nicotine and untreated OSA; dopaminergic agents conditional against standard
// use because of augmentation; opioids conditional for in refractory RLS/augmentation), MPI/IRLSSG
// augmentation features, pregnancy (IRLSSG-PREG-2015).
import type { DopaminergicCode, MedsCurrentCode } from '../medicines';
import { CRITERIA_CODES } from '../sign';
import type { AssessContext } from './context';
import { bool, emptyResult, ev, finding, hasComorbidity, list, pending } from './context';
import { suggest } from './suggestions';
import type { DomainResult } from './types';

/**
 * `treatment.current`: the medicines the patient takes now (`meds.current`, `meds.dopaminergic`), each
 * with its "continue" option, so a follow-up plan states the course deliberately (expert consensus;
 * a dopaminergic one carries the AASM-2024 caution, safety.ts).
 */
function assessCurrentTreatment(ctx: AssessContext, out: DomainResult): void {
  const current = list(ctx, 'meds.current') ?? [];
  const dopaminergic = list(ctx, 'meds.dopaminergic') ?? [];
  if (current.length === 0 && dopaminergic.length === 0) return;
  const codes = [...current, ...dopaminergic] as Array<MedsCurrentCode | DopaminergicCode>;
  out.findings.push(
    finding(
      'treatment.current',
      'Current treatment: decide for each medicine whether to continue it, and at what dose.',
      [
        ...(current.length > 0 ? [ev('meds.current', current)] : []),
        ...(dopaminergic.length > 0 ? [ev('meds.dopaminergic', dopaminergic)] : []),
      ],
      codes.map((code) => suggest(`continue.${code}`)),
    ),
  );
}

export function assessExacerbators(ctx: AssessContext): DomainResult {
  const out = emptyResult();

  const meds = list(ctx, 'meds.exacerbating');
  if (meds === undefined) {
    out.pending.push(
      pending('drug-exacerbation', ['meds.exacerbating'], 'Medicines not recorded — drug review pending'),
    );
  } else if (meds.length > 0) {
    out.findings.push(
      finding(
        'drug-exacerbation',
        'Takes medicines that can worsen RLS (antihistaminergic, serotonergic or antidopaminergic).',
        [ev('meds.exacerbating', meds)],
        [suggest('medication-review.exacerbating')],
      ),
    );
  }

  const substances = list(ctx, 'substances');
  if (substances === undefined) {
    out.pending.push(
      pending('substance-exacerbation', ['substances'], 'Substance use not recorded — review pending'),
    );
  } else if (substances.length > 0) {
    out.findings.push(
      finding(
        'substance-exacerbation',
        'Uses substances that can worsen RLS (caffeine, alcohol or nicotine).',
        [ev('substances', substances)],
        [
          // AASM-2024 names caffeine and alcohol; nicotine is a commonly listed exacerbator (consensus).
          ...(substances.some((x) => x === 'caffeine' || x === 'alcohol')
            ? [suggest('lifestyle.avoid-substances')]
            : []),
          ...(substances.includes('nicotine') ? [suggest('lifestyle.nicotine')] : []),
        ],
      ),
    );
  }

  const dopaminergic = list(ctx, 'meds.dopaminergic');
  if (dopaminergic === undefined) {
    out.pending.push(
      pending(
        'augmentation-risk',
        ['meds.dopaminergic'],
        'Dopaminergic treatment not recorded — augmentation check pending',
      ),
    );
  } else if (dopaminergic.length > 0) {
    const features = list(ctx, 'augmentation.features') ?? [];
    out.findings.push(
      finding(
        'augmentation-risk',
        features.length > 0
          ? `Current dopaminergic treatment with ${features.length} augmentation feature(s) reported: assess for augmentation.`
          : 'Current dopaminergic treatment carries a risk of augmentation: screen for it at each visit.',
        [
          ev('meds.dopaminergic', dopaminergic),
          ...(features.length > 0 ? [ev('augmentation.features', features)] : []),
        ],
        // rls.opioid lives with rls.criteria-met, offered only when augmentation is likely.
        [suggest('rls.dopaminergic-caution'), suggest('monitoring.augmentation-screen')],
      ),
    );
  }

  assessCurrentTreatment(ctx, out);

  const comorbidities = ctx.answers['comorbidities'];
  if (hasComorbidity(ctx, 'osa')) {
    out.findings.push(
      finding(
        'sleep.osa',
        'Untreated obstructive sleep apnoea worsens RLS: treat it (AASM-2024 good practice).',
        [ev('comorbidities', comorbidities!, 'Comorbidities include obstructive sleep apnoea')],
        [suggest('referral.osa-treatment')],
      ),
    );
  } else {
    // Screen (our own rule): witnessed apnoea, or snoring with daytime sleepiness, suggests OSA.
    const snoring = bool(ctx, 'sleep.snoring') === true;
    const apnea = bool(ctx, 'sleep.witnessedApnea') === true;
    const sleepy = bool(ctx, 'sleep.daytimeSleepiness') === true;
    if (apnea || (snoring && sleepy)) {
      const evidence = [
        ...(snoring ? [ev('sleep.snoring', true)] : []),
        ...(apnea ? [ev('sleep.witnessedApnea', true)] : []),
        ...(sleepy ? [ev('sleep.daytimeSleepiness', true)] : []),
      ];
      out.findings.push(
        finding(
          'sleep.osa-screen-positive',
          'Snoring, witnessed apnoea or daytime sleepiness suggest obstructive sleep apnoea, which worsens RLS.',
          evidence,
          [suggest('referral.sleep-study')],
        ),
      );
    }
    if (comorbidities === undefined) {
      out.pending.push(
        pending('sleep.osa', ['comorbidities'], 'Comorbidities not recorded — OSA check pending'),
      );
    }
  }

  // An unanswered `pregnant` counts as not pregnant: never pending.
  if (ctx.isPregnant) {
    const trimester = ctx.answers['pregnancy.trimester'];
    // IRLSSG-PREG-2015: non-drug measures and oral iron first; drug therapy for refractory cases is a
    // specialist decision — offered when the RLS diagnosis is established.
    const rls = CRITERIA_CODES.every((c) => bool(ctx, c) === true);
    out.findings.push(
      finding(
        'pregnancy',
        'Pregnant: RLS often peaks in the third trimester and resolves after delivery. No gabapentinoids, opioids, nerve stimulation or ablation in pregnancy; non-drug measures and oral iron first (IRLSSG-PREG-2015).',
        [ev('pregnant', true), ...(trimester !== undefined ? [ev('pregnancy.trimester', trimester)] : [])],
        rls ? [suggest('pregnancy.rls-specialist')] : [],
      ),
    );
  }
  return out;
}

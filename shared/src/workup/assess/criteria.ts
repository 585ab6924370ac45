// Diagnosis and severity. IRLSSG-2014: all five essential criteria must be met. IRLS bands
// (the irls.* findings of docs/clinical-rules.md): 0 none, 1–10 mild, 11–20 moderate, 21–30 severe,
// 31–40 very severe.
// Therapy: AASM-2024 α2δ ligands Strong for (adults), peroneal nerve stimulation Conditional for
// (medication-refractory moderate–severe), opioids Conditional for only in refractory RLS or likely
// augmentation (MPI criteria: earlier onset, or two features), dopaminergic agents Conditional against
// standard use (offered as a deliberate choice with that caution); AAN-2016 pneumatic compression Level B;
// weight, diet and relaxation not graded (expert consensus).
// IRLSSG-2014 criterion 5: a recorded mimic, claudication with PAD, or a dopamine antagonist (akathisia)
// beside "not solely explained by another condition" is flagged for review.
import { DOPAMINERGIC_CODES } from '../medicines';
import { CRITERIA_CODES } from '../sign';
import { hasPad } from './arterial';
import type { AssessContext } from './context';
import { bool, emptyResult, ev, finding, has, list, num, pending, unanswered } from './context';
import { kidneyStatus } from './renal';
import { suggest } from './suggestions';
import type { DomainResult, Suggestion } from './types';

export type IrlsBand = 'none' | 'mild' | 'moderate' | 'severe' | 'very-severe';

/** IRLS total → band (the irls.* findings of docs/clinical-rules.md). */
export function irlsBand(total: number): IrlsBand {
  if (total <= 0) return 'none';
  if (total <= 10) return 'mild';
  if (total <= 20) return 'moderate';
  if (total <= 30) return 'severe';
  return 'very-severe';
}

/**
 * α2δ ligands first, nerve stimulation, then a dopaminergic agent as a deliberate choice (AASM-2024
 * conditional against standard use: the `aasm-conditional-against` caution). Renal dose, pregnancy and
 * lactation are handled by the safety pass: cautions, suppression.
 */
function alpha2Delta(ctx: AssessContext): Suggestion[] {
  if (kidneyStatus(ctx).esrd) return [suggest('rls.gabapentin-esrd')];
  return [
    suggest('rls.gabapentin-enacarbil'),
    suggest('rls.gabapentin'),
    suggest('rls.pregabalin'),
    suggest('rls.peroneal-nerve-stimulation'),
    ...DOPAMINERGIC_CODES.map((code) => suggest(`rls.dopaminergic.${code}`)),
  ];
}

/**
 * `rls.opioid` (AASM-2024, conditional for): a non-pregnant adult with refractory RLS, or on a dopamine
 * agonist with likely augmentation — `earlier-onset` or at least two MPI features. Never otherwise.
 * Returns the reason, or undefined.
 */
function opioidReason(ctx: AssessContext): string | undefined {
  if (ctx.isChild || ctx.isPregnant) return undefined;
  if (bool(ctx, 'treatment.refractory') === true) return 'Refractory to first-line treatment.';
  const dopaminergic = list(ctx, 'meds.dopaminergic') ?? [];
  const features = list(ctx, 'augmentation.features') ?? [];
  if (dopaminergic.length > 0 && (features.includes('earlier-onset') || features.length >= 2)) {
    return 'Augmentation likely on dopaminergic treatment (MPI features).';
  }
  return undefined;
}

function opioidEvidence(ctx: AssessContext) {
  return bool(ctx, 'treatment.refractory') === true
    ? [ev('treatment.refractory', true)]
    : [
        ev('meds.dopaminergic', list(ctx, 'meds.dopaminergic')!),
        ev('augmentation.features', list(ctx, 'augmentation.features')!),
      ];
}

/** Conflicts with criterion 5 ("not solely explained by another condition"), as evidence. */
function mimicConflicts(ctx: AssessContext) {
  const conflicts = [];
  const mimics = list(ctx, 'mimics') ?? [];
  if (mimics.length > 0) conflicts.push(ev('mimics', mimics));
  if (hasPad(ctx) && bool(ctx, 'symptoms.claudication') === true) {
    conflicts.push(
      ev('symptoms.claudication', true, 'Intermittent claudication with PAD (ABI ≤ 0.90 or TBI ≤ 0.70)'),
    );
  }
  if (has(ctx, 'meds.exacerbating', 'dopamine-antagonist')) {
    conflicts.push(
      ev(
        'meds.exacerbating',
        list(ctx, 'meds.exacerbating')!,
        'Dopamine antagonist: akathisia can mimic RLS',
      ),
    );
  }
  return conflicts;
}

export function assessCriteria(ctx: AssessContext): DomainResult {
  const out = emptyResult();
  const values = CRITERIA_CODES.map((code) => ({ code, value: bool(ctx, code) }));
  const met = values.every((v) => v.value === true);
  const failed = values.filter((v) => v.value === false);

  if (met) {
    const opioid = opioidReason(ctx);
    out.findings.push(
      finding(
        'rls.criteria-met',
        'All five IRLSSG essential criteria are met (IRLSSG-2014).',
        [...values.map((v) => ev(v.code, true)), ...(opioid ? opioidEvidence(ctx) : [])],
        [
          suggest('rls.pneumatic-compression'),
          ...(opioid ? [suggest('rls.opioid', opioid)] : []),
          suggest('lifestyle.exercise'),
          suggest('lifestyle.sleep-hygiene'),
          suggest('lifestyle.cbt'),
          suggest('lifestyle.weight-diet'),
          suggest('lifestyle.relaxation'),
        ],
      ),
    );
  }
  if (bool(ctx, 'criteria.notMimic') === true) {
    const conflicts = mimicConflicts(ctx);
    if (conflicts.length > 0) {
      out.findings.push(
        finding(
          'rls.mimic-review',
          `Criterion 5 is marked met, but ${conflicts.length === 1 ? 'one answer suggests' : `${conflicts.length} answers suggest`} a condition that can mimic RLS: confirm it does not solely explain the symptoms (IRLSSG-2014).`,
          [ev('criteria.notMimic', true), ...conflicts],
        ),
      );
    }
  }
  if (failed.length > 0) {
    out.findings.push(
      finding(
        'rls.criteria-not-met',
        'At least one IRLSSG essential criterion is not met, so the RLS diagnosis is not established (IRLSSG-2014).',
        failed.map((v) => ev(v.code, false)),
      ),
    );
  } else if (!met) {
    const waiting = unanswered(ctx, CRITERIA_CODES);
    out.pending.push(
      pending(
        'rls.criteria-met',
        waiting,
        `${waiting.length} IRLSSG criteria unanswered — diagnosis pending`,
      ),
    );
  }

  const total = num(ctx, 'irls.total');
  if (total === undefined) {
    out.pending.push(pending('irls', ['irls.total'], 'IRLS total missing — severity pending'));
    return out;
  }
  const band = irlsBand(total);
  if (band === 'none') return out;
  // α2δ ligands only for adults with confirmed RLS and at least moderate severity (AASM-2024).
  const treat = met && !ctx.isChild && band !== 'mild';
  out.findings.push(
    finding(
      `irls.${band}`,
      `IRLS total ${total} of 40: ${band.replace('-', ' ')} RLS.`,
      [ev('irls.total', total)],
      treat ? alpha2Delta(ctx) : [],
    ),
  );
  return out;
}

// Diagnosis and severity. IRLSSG-2014: all five essential criteria must be met. IRLS bands
// (clinical-reference §2): 0 none, 1–10 mild, 11–20 moderate, 21–30 severe, 31–40 very severe.
// Therapy: AASM-2024 α2δ ligands Strong for (adults), peroneal nerve stimulation Conditional for
// (medication-refractory moderate–severe); AAN-2016 pneumatic compression Level B.
import { CRITERIA_CODES } from '../sign';
import { hasPad } from './arterial';
import type { AssessContext } from './context';
import { bool, emptyResult, ev, finding, num, pending, unanswered } from './context';
import { kidneyStatus } from './renal';
import { suggest } from './suggestions';
import type { DomainResult, Suggestion } from './types';

export type IrlsBand = 'none' | 'mild' | 'moderate' | 'severe' | 'very-severe';

/** IRLS total → band (clinical-reference §2). */
export function irlsBand(total: number): IrlsBand {
  if (total <= 0) return 'none';
  if (total <= 10) return 'mild';
  if (total <= 20) return 'moderate';
  if (total <= 30) return 'severe';
  return 'very-severe';
}

function alpha2Delta(ctx: AssessContext): Suggestion[] {
  const { ckd, esrd } = kidneyStatus(ctx);
  const pregnancy = ctx.isPregnant ? 'Pregnant: review drug safety before starting.' : undefined;
  if (esrd) return [suggest('rls.gabapentin-esrd', pregnancy)];
  const renal = ckd ? 'CKD: reduce the dose to kidney function.' : undefined;
  const note = [renal, pregnancy].filter(Boolean).join(' ') || undefined;
  return [
    suggest('rls.gabapentin-enacarbil', note),
    suggest('rls.gabapentin', note),
    suggest('rls.pregabalin', note),
    suggest('rls.peroneal-nerve-stimulation'),
  ];
}

export function assessCriteria(ctx: AssessContext): DomainResult {
  const out = emptyResult();
  const values = CRITERIA_CODES.map((code) => ({ code, value: bool(ctx, code) }));
  const met = values.every((v) => v.value === true);
  const failed = values.filter((v) => v.value === false);

  if (met) {
    const padNote = hasPad(ctx) ? 'ABI ≤ 0.90: check arterial perfusion first.' : undefined;
    out.findings.push(
      finding(
        'rls.criteria-met',
        'All five IRLSSG essential criteria are met (IRLSSG-2014).',
        values.map((v) => ev(v.code, true)),
        [
          suggest('rls.pneumatic-compression', padNote),
          suggest('lifestyle.exercise'),
          suggest('lifestyle.sleep-hygiene'),
          suggest('lifestyle.cbt'),
        ],
      ),
    );
  } else if (failed.length > 0) {
    out.findings.push(
      finding(
        'rls.criteria-not-met',
        'At least one IRLSSG essential criterion is not met, so the RLS diagnosis is not established (IRLSSG-2014).',
        failed.map((v) => ev(v.code, false)),
      ),
    );
  } else {
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

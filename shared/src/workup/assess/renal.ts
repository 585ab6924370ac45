// Kidney rules (KDIGO): CKD when eGFR < 60 for > 3 months (G3a–G5), ESRD when eGFR < 15 (G5) or on
// dialysis. Drug and iron consequences from AASM-2024 (ESRD: vitamin C, low-dose gabapentin, renal dosing).
import type { AssessContext } from './context';
import { emptyResult, ev, finding, hasComorbidity, num, pending } from './context';
import { suggest } from './suggestions';
import type { DomainResult, Evidence } from './types';

export interface KidneyStatus {
  ckd: boolean;
  esrd: boolean;
}

export function kidneyStatus(ctx: AssessContext): KidneyStatus {
  const egfr = num(ctx, 'lab.egfr');
  const dialysis = hasComorbidity(ctx, 'dialysis');
  return {
    ckd: (egfr !== undefined && egfr < 60) || hasComorbidity(ctx, 'ckd') || dialysis,
    esrd: (egfr !== undefined && egfr < 15) || dialysis,
  };
}

function comorbidityEvidence(ctx: AssessContext, codes: string[]): Evidence[] {
  const value = ctx.answers['comorbidities'];
  const present = codes.filter((c) => hasComorbidity(ctx, c));
  if (value === undefined || present.length === 0) return [];
  return [ev('comorbidities', value, `Comorbidities include ${present.join(', ')}`)];
}

export function assessRenal(ctx: AssessContext): DomainResult {
  const out = emptyResult();
  const egfr = num(ctx, 'lab.egfr');
  const { ckd, esrd } = kidneyStatus(ctx);
  const egfrEv = egfr !== undefined ? [ev('lab.egfr', egfr)] : [];
  const knownCkd = hasComorbidity(ctx, 'ckd') || hasComorbidity(ctx, 'dialysis');

  if (ckd) {
    const fromLab = egfr !== undefined && egfr < 60;
    const text = knownCkd
      ? 'Kidney disease recorded in the history; adjust renally cleared drugs.'
      : 'eGFR below 60: a single result needs confirming over 3 months before CKD is diagnosed (KDIGO).';
    out.findings.push(
      finding(
        'ckd',
        text,
        [...(fromLab ? egfrEv : []), ...comorbidityEvidence(ctx, ['ckd', 'dialysis'])],
        knownCkd
          ? [suggest('renal.dose-adjust')]
          : [suggest('renal.confirm-egfr'), suggest('renal.dose-adjust')],
      ),
    );
  }
  if (esrd) {
    const dialysis = hasComorbidity(ctx, 'dialysis');
    out.findings.push(
      finding(
        'esrd',
        dialysis
          ? 'On dialysis: end-stage renal disease rules apply to iron and drug choices (AASM-2024).'
          : 'eGFR below 15 (KDIGO G5): end-stage renal disease rules apply; a single result needs confirming (KDIGO).',
        [...(egfr !== undefined && egfr < 15 ? egfrEv : []), ...comorbidityEvidence(ctx, ['dialysis'])],
        [suggest('renal.esrd-vitamin-c')],
      ),
    );
  }
  if (!ckd) {
    const waiting = [
      ...(egfr === undefined ? ['lab.egfr'] : []),
      ...(ctx.answers['comorbidities'] === undefined ? ['comorbidities'] : []),
    ];
    if (waiting.length > 0) {
      out.pending.push(pending('ckd', waiting, 'eGFR missing — kidney findings pending'));
    }
  }
  return out;
}

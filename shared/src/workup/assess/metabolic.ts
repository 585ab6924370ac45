// Diabetes (ADA): HbA1c ≥ 6.5 % or fasting plasma glucose ≥ 126 mg/dL; confirm a single result by repeat
// testing unless diabetes is already known. Compared unrounded (47 mmol/mol = 6.45 % is not diabetic).
// Glycaemic control is standard diabetes care, not graded for RLS.
import type { AssessContext } from './context';
import { emptyResult, ev, finding, hasComorbidity, num, pending } from './context';
import { suggest } from './suggestions';
import type { DomainResult, Evidence } from './types';

export function assessMetabolic(ctx: AssessContext): DomainResult {
  const out = emptyResult();
  const hba1c = num(ctx, 'lab.hba1c');
  const glucose = num(ctx, 'lab.glucoseFasting');
  const known = hasComorbidity(ctx, 'diabetes');
  const evidence: Evidence[] = [];
  if (hba1c !== undefined && hba1c >= 6.5) evidence.push(ev('lab.hba1c', hba1c));
  if (glucose !== undefined && glucose >= 126) evidence.push(ev('lab.glucoseFasting', glucose));
  if (known)
    evidence.push(ev('comorbidities', ctx.answers['comorbidities']!, 'Comorbidities include diabetes'));

  if (evidence.length > 0) {
    out.findings.push(
      finding(
        'diabetes',
        known
          ? 'Known diabetes recorded in the history.'
          : 'A single raised HbA1c or fasting glucose needs confirming by repeat testing unless diabetes is known (ADA).',
        evidence,
        known
          ? [suggest('metabolic.glycaemic-control')]
          : [
              suggest('metabolic.confirm-diabetes'),
              suggest('referral.diabetes'),
              suggest('metabolic.glycaemic-control'),
            ],
      ),
    );
    return out;
  }
  const waiting = [
    ...(hba1c === undefined ? ['lab.hba1c'] : []),
    ...(glucose === undefined ? ['lab.glucoseFasting'] : []),
    ...(ctx.answers['comorbidities'] === undefined ? ['comorbidities'] : []),
  ];
  if (hba1c === undefined && glucose === undefined) {
    out.pending.push(
      pending('diabetes', waiting, 'HbA1c and fasting glucose missing — diabetes check pending'),
    );
  }
  return out;
}

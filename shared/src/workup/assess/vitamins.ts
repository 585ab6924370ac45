// Vitamin B12 and folate below the lower reference limit of the definition (ABIM typical adult ranges:
// B12 200 pg/mL, folate 1.8 ng/mL; many laboratories quote 3–4 ng/mL for folate). The seed names their
// supplementation when low; no guideline grades it for RLS (docs/clinical-rules.md, "Suggestions").
// Both labs are optional: no pending entry waits for them (neuropathy.suspected waits for B12).
import type { AssessContext } from './context';
import { emptyResult, ev, finding, num } from './context';
import { suggest } from './suggestions';
import type { DomainResult } from './types';

/** pg/mL: B12 below it is low (also a neuropathy sign, neuro.ts). */
export const B12_LOW = 200;
/** ng/mL: folate below it is low. */
export const FOLATE_LOW = 1.8;

export function assessVitamins(ctx: AssessContext): DomainResult {
  const out = emptyResult();
  const b12 = num(ctx, 'lab.b12');
  if (b12 !== undefined && b12 < B12_LOW) {
    out.findings.push(
      finding(
        'vitamin.b12-low',
        `Vitamin B12 below ${B12_LOW} pg/mL: supplement it and recheck the level.`,
        [ev('lab.b12', b12)],
        [suggest('supplement.b12')],
      ),
    );
  }
  const folate = num(ctx, 'lab.folate');
  if (folate !== undefined && folate < FOLATE_LOW) {
    out.findings.push(
      finding(
        'vitamin.folate-low',
        `Folate below ${FOLATE_LOW} ng/mL: supplement it once vitamin B12 is known to be adequate.`,
        [ev('lab.folate', folate)],
        [suggest('supplement.folate')],
      ),
    );
  }
  return out;
}

// Anaemia (WHO): haemoglobin < 13.0 g/dL men, < 12.0 non-pregnant women (and sex other/unknown), < 11.0 pregnancy.
import type { AssessContext } from './context';
import { emptyResult, ev, finding, num, pending } from './context';
import { suggest } from './suggestions';
import type { DomainResult } from './types';

/** The WHO haemoglobin threshold (g/dL) and who it applies to. */
export function anemiaThreshold(ctx: AssessContext): { limit: number; group: string } {
  if (ctx.isPregnant) return { limit: 11.0, group: 'pregnancy' };
  if (ctx.patient.sex === 'male') return { limit: 13.0, group: 'men' };
  return { limit: 12.0, group: ctx.patient.sex === 'female' ? 'non-pregnant women' : 'non-pregnant adults' };
}

export function assessHematology(ctx: AssessContext): DomainResult {
  const out = emptyResult();
  const hb = num(ctx, 'lab.hemoglobin');
  if (hb === undefined) {
    out.pending.push(pending('anemia', ['lab.hemoglobin'], 'Haemoglobin missing — anaemia check pending'));
    return out;
  }
  const { limit, group } = anemiaThreshold(ctx);
  if (hb < limit) {
    const evidence = [ev('lab.hemoglobin', hb)];
    if (ctx.isPregnant) evidence.push(ev('pregnant', true));
    out.findings.push(
      finding(
        'anemia',
        `Haemoglobin below ${limit.toFixed(1)} g/dL, the WHO threshold for ${group}.`,
        evidence,
        [suggest('hematology.anemia-workup')],
      ),
    );
  }
  return out;
}

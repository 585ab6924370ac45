// Anaemia by WHO-HB-2024 (g/dL): pregnancy < 11.0, second trimester < 10.5; otherwise by age: no cut-off
// under 6 months; 6–23 months < 10.5; 24–59 months < 11.0; 5–11 y < 11.5; 12–14 y < 12.0; 15 y and older
// men < 13.0, non-pregnant women (and sex other/unknown) < 12.0.
import type { AssessContext } from './context';
import { emptyResult, ev, finding, num, pending, str } from './context';
import { suggest } from './suggestions';
import type { DomainResult } from './types';

/** The WHO haemoglobin threshold (g/dL) and who it applies to; undefined under 6 months (no cut-off). */
export function anemiaThreshold(ctx: AssessContext): { limit: number; group: string } | undefined {
  if (ctx.isPregnant) {
    return str(ctx, 'pregnancy.trimester') === 'second'
      ? { limit: 10.5, group: 'the second trimester of pregnancy' }
      : { limit: 11.0, group: 'pregnancy' };
  }
  const months = ctx.ageMonths;
  // An unknown age (invalid birth date) is judged as an adult, like isChild.
  if (months !== undefined && months < 15 * 12) {
    if (months < 6) return undefined;
    if (months < 24) return { limit: 10.5, group: 'children aged 6–23 months' };
    if (months < 60) return { limit: 11.0, group: 'children aged 2–4 years' };
    if (months < 12 * 12) return { limit: 11.5, group: 'children aged 5–11 years' };
    return { limit: 12.0, group: 'children aged 12–14 years' };
  }
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
  const threshold = anemiaThreshold(ctx);
  if (threshold && hb < threshold.limit) {
    const evidence = [ev('lab.hemoglobin', hb)];
    if (ctx.isPregnant) {
      evidence.push(ev('pregnant', true));
      const trimester = str(ctx, 'pregnancy.trimester');
      if (trimester !== undefined) evidence.push(ev('pregnancy.trimester', trimester));
    }
    out.findings.push(
      finding(
        'anemia',
        `Haemoglobin below ${threshold.limit.toFixed(1)} g/dL, the WHO threshold for ${threshold.group} (WHO-HB-2024).`,
        evidence,
        [suggest('hematology.anemia-workup')],
      ),
    );
  }
  return out;
}

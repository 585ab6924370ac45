// ABI bands (ACCF/AHA 2011, AHA/ACC 2016, ACC/AHA/SVS 2024 — tag ABI): ≤ 0.90 PAD; 0.91–0.99 borderline
// (exercise ABI if symptomatic); 1.00–1.40 normal; > 1.40 non-compressible → measure TBI.
import type { AssessContext } from './context';
import { SIDE_LIST, emptyResult, ev, finding, num, pending } from './context';
import { suggest } from './suggestions';
import type { DomainResult, Evidence } from './types';

function abiBySide(ctx: AssessContext) {
  return SIDE_LIST.map((side) => ({ code: `abi.${side}`, value: num(ctx, `abi.${side}`) }));
}

/** ABI ≤ 0.90 on either side. */
export function hasPad(ctx: AssessContext): boolean {
  return abiBySide(ctx).some((s) => s.value !== undefined && s.value <= 0.9);
}

export function assessArterial(ctx: AssessContext): DomainResult {
  const out = emptyResult();
  const sides = abiBySide(ctx);
  const pick = (test: (v: number) => boolean): Evidence[] =>
    sides.flatMap((s) => (s.value !== undefined && test(s.value) ? [ev(s.code, s.value)] : []));

  const pad = pick((v) => v <= 0.9);
  const borderline = pick((v) => v > 0.9 && v < 1.0);
  const noncompressible = pick((v) => v > 1.4);

  if (pad.length > 0) {
    out.findings.push(
      finding(
        'arterial.pad',
        'ABI ≤ 0.90 is diagnostic of peripheral arterial disease; claudication mimics RLS.',
        pad,
        [suggest('referral.vascular-pad'), suggest('arterial.pad-care')],
      ),
    );
  } else if (borderline.length > 0) {
    out.findings.push(
      finding(
        'arterial.borderline',
        'Borderline ABI (0.91–0.99): consider an exercise ABI if symptomatic.',
        borderline,
        [suggest('arterial.exercise-abi')],
      ),
    );
  }
  if (noncompressible.length > 0) {
    out.findings.push(
      finding(
        'arterial.noncompressible',
        'ABI above 1.40 means non-compressible arteries, so the ABI is unreliable: measure the toe-brachial index.',
        noncompressible,
        [suggest('arterial.tbi')],
      ),
    );
  }
  const missing = sides.filter((s) => s.value === undefined).map((s) => s.code);
  if (pad.length === 0 && missing.length > 0) {
    out.pending.push(pending('arterial.pad', missing, 'ABI missing — arterial findings pending'));
  }
  return out;
}

// Arterial rules. ACC/AHA-PAD-2016: ABI ≤ 0.90 PAD; 0.91–0.99 borderline (exercise ABI if symptomatic);
// 1.00–1.40 normal; > 1.40 non-compressible → measure the TBI; TBI ≤ 0.70 abnormal (PAD).
// RABE-2020: compression is contraindicated with ABI < 0.60.
import type { Side } from '../types';
import type { AssessContext } from './context';
import { SIDE_LIST, emptyResult, ev, finding, num, pending } from './context';
import { suggest } from './suggestions';
import type { DomainResult, Evidence } from './types';

function bySide(ctx: AssessContext, prefix: 'abi' | 'tbi') {
  return SIDE_LIST.map((side) => ({ side, code: `${prefix}.${side}`, value: num(ctx, `${prefix}.${side}`) }));
}

/** Evidence of the ABI/TBI values that make PAD: ABI ≤ 0.90 or TBI ≤ 0.70 (ACC/AHA-PAD-2016). */
function padEvidence(ctx: AssessContext): Evidence[] {
  const abi = bySide(ctx, 'abi').filter((s) => s.value !== undefined && s.value <= 0.9);
  const tbi = bySide(ctx, 'tbi').filter((s) => s.value !== undefined && s.value <= 0.7);
  return [...abi, ...tbi].map((s) => ev(s.code, s.value!));
}

/** `arterial.pad`: ABI ≤ 0.90 or TBI ≤ 0.70 on either side (ACC/AHA-PAD-2016). */
export function hasPad(ctx: AssessContext): boolean {
  return padEvidence(ctx).length > 0;
}

/** `arterial.compression-contraindicated`: ABI < 0.60 on either side (RABE-2020). */
export function compressionContraindicated(ctx: AssessContext): boolean {
  return bySide(ctx, 'abi').some((s) => s.value !== undefined && s.value < 0.6);
}

/** Sides with ABI > 1.40 (non-compressible) whose TBI is unanswered: perfusion unknown there. */
export function unknownPerfusionSides(ctx: AssessContext): Side[] {
  return bySide(ctx, 'abi')
    .filter((s) => s.value !== undefined && s.value > 1.4 && num(ctx, `tbi.${s.side}`) === undefined)
    .map((s) => s.side);
}

export function assessArterial(ctx: AssessContext): DomainResult {
  const out = emptyResult();
  const abi = bySide(ctx, 'abi');
  const pick = (test: (v: number) => boolean): Evidence[] =>
    abi.flatMap((s) => (s.value !== undefined && test(s.value) ? [ev(s.code, s.value)] : []));

  const pad = padEvidence(ctx);
  const abiPad = pick((v) => v <= 0.9);
  const borderline = pick((v) => v > 0.9 && v < 1.0);
  const noncompressible = pick((v) => v > 1.4);
  const contraindicated = pick((v) => v < 0.6);

  if (pad.length > 0) {
    out.findings.push(
      finding(
        'arterial.pad',
        'ABI ≤ 0.90 or TBI ≤ 0.70 is diagnostic of peripheral arterial disease (ACC/AHA-PAD-2016); claudication mimics RLS.',
        pad,
        [suggest('referral.vascular-pad'), suggest('arterial.pad-care')],
      ),
    );
  }
  if (contraindicated.length > 0) {
    out.findings.push(
      finding(
        'arterial.compression-contraindicated',
        'ABI below 0.60: compression (stockings or pneumatic devices) is contraindicated (RABE-2020).',
        contraindicated,
      ),
    );
  }
  // §2: borderline only while no side has ABI ≤ 0.90.
  if (abiPad.length === 0 && borderline.length > 0) {
    out.findings.push(
      finding(
        'arterial.borderline',
        'Borderline ABI (0.91–0.99): consider an exercise ABI if symptomatic (ACC/AHA-PAD-2016).',
        borderline,
        [suggest('arterial.exercise-abi')],
      ),
    );
  }
  if (noncompressible.length > 0) {
    const tbiMissing = unknownPerfusionSides(ctx).length > 0;
    out.findings.push(
      finding(
        'arterial.noncompressible',
        tbiMissing
          ? 'ABI above 1.40 means non-compressible arteries, so the ABI is unreliable: measure the toe-brachial index before any compression (ACC/AHA-PAD-2016).'
          : 'ABI above 1.40 means non-compressible arteries; the toe-brachial index gives the perfusion (ACC/AHA-PAD-2016).',
        noncompressible,
        tbiMissing ? [suggest('arterial.tbi')] : [],
      ),
    );
  }
  const missing = abi.filter((s) => s.value === undefined).map((s) => s.code);
  if (pad.length === 0 && missing.length > 0) {
    out.pending.push(pending('arterial.pad', missing, 'ABI missing — arterial findings pending'));
  }
  return out;
}

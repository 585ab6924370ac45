// Arterial rules. ACC/AHA-PAD-2016: ABI ≤ 0.90 PAD; 0.91–0.99 borderline (exercise ABI if symptomatic);
// 1.00–1.40 normal; > 1.40 non-compressible → measure the TBI; TBI ≤ 0.70 abnormal (PAD).
// RABE-2020: compression is contraindicated with ABI < 0.60.
import type { Side } from '../types';
import type { AssessContext } from './context';
import { SIDE_LIST, emptyResult, ev, finding, num, pending } from './context';
import { suggest } from './suggestions';
import type { DomainResult, Evidence } from './types';

/** ABI at or below this is diagnostic of PAD (ACC/AHA-PAD-2016). */
export const ABI_PAD_MAX = 0.9;
/** Lowest normal ABI: above `ABI_PAD_MAX` and below this is borderline (ACC/AHA-PAD-2016). */
export const ABI_NORMAL_MIN = 1.0;
/** Highest normal ABI: above it the arteries are non-compressible (ACC/AHA-PAD-2016). */
export const ABI_NORMAL_MAX = 1.4;
/** Compression is contraindicated with an ABI below this (RABE-2020). */
export const ABI_COMPRESSION_MIN = 0.6;
/** TBI at or below this is abnormal: PAD (ACC/AHA-PAD-2016). */
export const TBI_PAD_MAX = 0.7;

/** An ABI or TBI threshold as the guidelines write it: `0.90`, `1.40`. */
export function formatIndex(value: number): string {
  return value.toFixed(2);
}

const ABI_PAD = formatIndex(ABI_PAD_MAX);
const TBI_PAD = formatIndex(TBI_PAD_MAX);

function bySide(ctx: AssessContext, prefix: 'abi' | 'tbi') {
  return SIDE_LIST.map((side) => ({ side, code: `${prefix}.${side}`, value: num(ctx, `${prefix}.${side}`) }));
}

/** Evidence of the ABI/TBI values that make PAD: ABI ≤ 0.90 or TBI ≤ 0.70 (ACC/AHA-PAD-2016). */
function padEvidence(ctx: AssessContext): Evidence[] {
  const abi = bySide(ctx, 'abi').filter((s) => s.value !== undefined && s.value <= ABI_PAD_MAX);
  const tbi = bySide(ctx, 'tbi').filter((s) => s.value !== undefined && s.value <= TBI_PAD_MAX);
  return [...abi, ...tbi].map((s) => ev(s.code, s.value!));
}

/** `arterial.pad`: ABI ≤ 0.90 or TBI ≤ 0.70 on either side (ACC/AHA-PAD-2016). */
export function hasPad(ctx: AssessContext): boolean {
  return padEvidence(ctx).length > 0;
}

/** `arterial.compression-contraindicated`: ABI < 0.60 on either side (RABE-2020). */
export function compressionContraindicated(ctx: AssessContext): boolean {
  return bySide(ctx, 'abi').some((s) => s.value !== undefined && s.value < ABI_COMPRESSION_MIN);
}

/** Sides with ABI > 1.40 (non-compressible) whose TBI is unanswered: perfusion unknown there. */
export function unknownPerfusionSides(ctx: AssessContext): Side[] {
  return bySide(ctx, 'abi')
    .filter(
      (s) => s.value !== undefined && s.value > ABI_NORMAL_MAX && num(ctx, `tbi.${s.side}`) === undefined,
    )
    .map((s) => s.side);
}

export function assessArterial(ctx: AssessContext): DomainResult {
  const out = emptyResult();
  const abi = bySide(ctx, 'abi');
  const pick = (test: (v: number) => boolean): Evidence[] =>
    abi.flatMap((s) => (s.value !== undefined && test(s.value) ? [ev(s.code, s.value)] : []));

  const pad = padEvidence(ctx);
  const abiPad = pick((v) => v <= ABI_PAD_MAX);
  const borderline = pick((v) => v > ABI_PAD_MAX && v < ABI_NORMAL_MIN);
  const noncompressible = pick((v) => v > ABI_NORMAL_MAX);
  const contraindicated = pick((v) => v < ABI_COMPRESSION_MIN);

  if (pad.length > 0) {
    out.findings.push(
      finding(
        'arterial.pad',
        `ABI ≤ ${ABI_PAD} or TBI ≤ ${TBI_PAD} is diagnostic of peripheral arterial disease (ACC/AHA-PAD-2016); claudication mimics RLS.`,
        pad,
        [suggest('referral.vascular-pad'), suggest('arterial.pad-care')],
      ),
    );
  }
  if (contraindicated.length > 0) {
    out.findings.push(
      finding(
        'arterial.compression-contraindicated',
        `ABI below ${formatIndex(ABI_COMPRESSION_MIN)}: compression (stockings or pneumatic devices) is contraindicated (RABE-2020).`,
        contraindicated,
      ),
    );
  }
  // Borderline only while no side has ABI ≤ 0.90 (docs/clinical-rules.md, `arterial.borderline`).
  if (abiPad.length === 0 && borderline.length > 0) {
    out.findings.push(
      finding(
        'arterial.borderline',
        // The open interval as written to two decimals: 0.91–0.99.
        `Borderline ABI (${formatIndex(ABI_PAD_MAX + 0.01)}–${formatIndex(ABI_NORMAL_MIN - 0.01)}): consider an exercise ABI if symptomatic (ACC/AHA-PAD-2016).`,
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
          ? `ABI above ${formatIndex(ABI_NORMAL_MAX)} means non-compressible arteries, so the ABI is unreliable: measure the toe-brachial index before any compression (ACC/AHA-PAD-2016).`
          : `ABI above ${formatIndex(ABI_NORMAL_MAX)} means non-compressible arteries; the toe-brachial index gives the perfusion (ACC/AHA-PAD-2016).`,
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

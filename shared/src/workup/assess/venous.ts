// Venous rules. SVS-VV-2022: pathologic reflux > 500 ms superficial (GSV, SSV), > 1000 ms deep (CFV, FV,
// popliteal); pathologic perforator = outward flow ≥ 500 ms and diameter ≥ 3.5 mm, treated when beneath a
// healed or active ulcer (C5–C6, SVS/AVF); duplex is the test of choice (Grade 1B). CEAP-2020 classes:
// C2+ chronic venous disease, C3+ chronic venous insufficiency (compression as venous care, not RLS therapy).
// Ablation's RLS benefit: low-quality uncontrolled evidence (clinical-reference §6).
import type { Side } from '../types';
import type { AssessContext } from './context';
import { SIDE_LIST, bool, emptyResult, ev, finding, list, num, pending, str } from './context';
import { hasPad } from './arterial';
import { suggest } from './suggestions';
import type { DomainResult, Evidence, Suggestion } from './types';

const SUPERFICIAL = ['gsv', 'ssv'] as const;
const DEEP = ['cfv', 'fv', 'pop'] as const;
const ULCER = new Set(['C5', 'C6', 'C6r']);

/** CEAP class rank on the C scale (C2r ranks with C2, C4a–c with C4, C6r with C6). */
export function ceapRank(ceap: string): number {
  const m = /^C(\d)/.exec(ceap);
  return m ? Number(m[1]) : -1;
}

function refluxCodes(segments: readonly string[]): string[] {
  return segments.flatMap((s) => SIDE_LIST.map((side) => `duplex.refluxMs.${s}.${side}`));
}

function isSymptomatic(ctx: AssessContext): boolean {
  const symptoms = list(ctx, 'symptoms.venous') ?? [];
  return (
    symptoms.length > 0 ||
    SIDE_LIST.some((side) => str(ctx, `exam.ceapSymptomatic.${side}`) === 'symptomatic')
  );
}

export function assessVenous(ctx: AssessContext): DomainResult {
  const out = emptyResult();
  const performed = bool(ctx, 'duplex.performed');
  if (performed === true) assessDuplex(ctx, out);
  else if (performed === undefined) {
    out.pending.push(
      pending(
        'venous.superficial-reflux',
        ['duplex.performed'],
        'Venous duplex not recorded — reflux findings pending',
      ),
    );
  }
  assessCeap(ctx, out, performed === true);
  return out;
}

function refluxAbove(ctx: AssessContext, codes: string[], limitMs: number): Evidence[] {
  return codes.flatMap((code) => {
    const v = num(ctx, code);
    return v !== undefined && v > limitMs ? [ev(code, v)] : [];
  });
}

function assessDuplex(ctx: AssessContext, out: DomainResult): void {
  const superficialCodes = refluxCodes(SUPERFICIAL);
  const superficial = refluxAbove(ctx, superficialCodes, 500);
  if (superficial.length > 0) {
    const symptomatic = isSymptomatic(ctx);
    out.findings.push(
      finding(
        'venous.superficial-reflux',
        symptomatic
          ? 'Superficial truncal reflux > 500 ms with venous symptoms: endovenous ablation is standard venous care (SVS-VV-2022); its RLS benefit is unproven.'
          : 'Superficial truncal reflux > 500 ms; ablation is offered only when venous symptoms are present (SVS-VV-2022).',
        superficial,
        symptomatic ? [suggest('venous.endovenous-ablation')] : [],
      ),
    );
  } else {
    pendIfMissing(
      ctx,
      out,
      'venous.superficial-reflux',
      superficialCodes,
      'Superficial reflux times missing',
    );
  }

  const deepCodes = refluxCodes(DEEP);
  const deep = refluxAbove(ctx, deepCodes, 1000);
  if (deep.length > 0) {
    out.findings.push(
      finding('venous.deep-reflux', 'Deep venous reflux > 1000 ms (SVS-VV-2022).', deep, [
        suggest('referral.venous-specialist'),
      ]),
    );
  } else {
    pendIfMissing(ctx, out, 'venous.deep-reflux', deepCodes, 'Deep reflux times missing');
  }

  assessPerforators(ctx, out);

  const dvt = bool(ctx, 'duplex.dvt');
  if (dvt === true) {
    out.findings.push(
      finding(
        'dvt',
        'Thrombosis seen on duplex: manage the deep vein thrombosis first.',
        [ev('duplex.dvt', true)],
        [suggest('referral.dvt')],
      ),
    );
  } else if (dvt === undefined) {
    out.pending.push(pending('dvt', ['duplex.dvt'], 'Thrombosis not recorded — DVT finding pending'));
  }
}

function assessPerforators(ctx: AssessContext, out: DomainResult): void {
  const evidence: Evidence[] = [];
  const suggestions: Suggestion[] = [];
  const waiting: string[] = [];
  const pathologicSides: Side[] = [];
  for (const side of SIDE_LIST) {
    const refluxCode = `duplex.refluxMs.perf.${side}`;
    const diameterCode = `duplex.perfDiameterMm.${side}`;
    const reflux = num(ctx, refluxCode);
    const diameter = num(ctx, diameterCode);
    // SVS-VV-2022: both conditions on the same side.
    if (reflux !== undefined && diameter !== undefined && reflux >= 500 && diameter >= 3.5) {
      pathologicSides.push(side);
      evidence.push(ev(refluxCode, reflux), ev(diameterCode, diameter));
      const ceap = str(ctx, `exam.ceap.${side}`);
      if (ceap !== undefined && ULCER.has(ceap)) {
        evidence.push(ev(`exam.ceap.${side}`, ceap));
        suggestions.push(
          suggest(side === 'left' ? 'venous.perforator-treatment.left' : 'venous.perforator-treatment.right'),
        );
      } else if (ceap === undefined) {
        out.pending.push(
          pending(
            'venous.pathologic-perforator',
            [`exam.ceap.${side}`],
            `CEAP class (${side}) missing — perforator treatment pending`,
          ),
        );
      }
      continue;
    }
    const ruledOut = (reflux !== undefined && reflux < 500) || (diameter !== undefined && diameter < 3.5);
    if (!ruledOut) {
      if (reflux === undefined) waiting.push(refluxCode);
      if (diameter === undefined) waiting.push(diameterCode);
    }
  }
  if (pathologicSides.length > 0) {
    const ulcerNote =
      suggestions.length > 0
        ? ' Treatment is suggested on the side with a healed or active ulcer (C5–C6, SVS/AVF).'
        : ' Treatment is suggested only beneath a healed or active ulcer (C5–C6, SVS/AVF).';
    out.findings.push(
      finding(
        'venous.pathologic-perforator',
        `Perforator reflux ≥ 500 ms with diameter ≥ 3.5 mm on the ${pathologicSides.join(' and ')} side.${ulcerNote}`,
        evidence,
        suggestions,
      ),
    );
  } else if (waiting.length > 0) {
    out.pending.push(
      pending('venous.pathologic-perforator', waiting, 'Perforator reflux or diameter missing'),
    );
  }
}

function pendIfMissing(
  ctx: AssessContext,
  out: DomainResult,
  code: string,
  codes: string[],
  what: string,
): void {
  const waiting = codes.filter((c) => ctx.answers[c] === undefined);
  if (waiting.length > 0) out.pending.push(pending(code, waiting, `${what} — ${code} pending`));
}

function assessCeap(ctx: AssessContext, out: DomainResult, duplexDone: boolean): void {
  const classes = SIDE_LIST.map((side) => ({
    code: `exam.ceap.${side}`,
    value: str(ctx, `exam.ceap.${side}`),
  }));
  const atLeast = (rank: number): Evidence[] =>
    classes.flatMap((c) => (c.value !== undefined && ceapRank(c.value) >= rank ? [ev(c.code, c.value)] : []));
  const missing = classes.filter((c) => c.value === undefined).map((c) => c.code);

  const cvd = atLeast(2);
  if (cvd.length > 0) {
    out.findings.push(
      finding(
        'venous.cvd',
        'CEAP C2 or higher: varicose veins or worse (CEAP-2020).',
        cvd,
        duplexDone ? [] : [suggest('venous.duplex')],
      ),
    );
  } else if (missing.length > 0) {
    out.pending.push(pending('venous.cvd', missing, 'CEAP class missing — venous disease findings pending'));
  }

  const cvi = atLeast(3);
  if (cvi.length > 0) {
    const padNote = hasPad(ctx) ? 'ABI ≤ 0.90: check arterial perfusion before compression.' : undefined;
    out.findings.push(
      finding(
        'venous.cvi',
        'CEAP C3 or higher: chronic venous insufficiency; compression is venous care, not an RLS treatment (SVS-VV-2022).',
        cvi,
        [suggest('venous.compression-stockings', padNote)],
      ),
    );
  }
}

// Venous rules. SVS-VV-2022: pathologic reflux > 500 ms superficial (GSV, SSV), > 1000 ms deep (CFV, FV,
// popliteal); pathologic perforator = outward flow ≥ 500 ms and diameter ≥ 3.5 mm, treated when beneath a
// healed or active ulcer (C5–C6, SVS/AVF); duplex is the test of choice (Grade 1B). CEAP-2020 classes:
// C2+ chronic venous disease, C3+ chronic venous insufficiency (compression as venous care, not RLS therapy).
// DVT, post-thrombotic change and superficial thrombophlebitis by `duplex.thrombosisTypes` (definition v2).
// Ablation's RLS benefit: low-quality uncontrolled evidence. Sclerotherapy is offered beside ablation (the
// grade 2C of the SVS/AVF varicose-vein rows); compression also for symptomatic C2 (grade 2C).
import type { Side } from '../types';
import type { AssessContext } from './context';
import { SIDE_LIST, bool, emptyResult, ev, finding, list, num, pending, str } from './context';
import { suggest } from './suggestions';
import type { DomainResult, Evidence, Suggestion } from './types';

const SUPERFICIAL = ['gsv', 'ssv'] as const;
const DEEP = ['cfv', 'fv', 'pop'] as const;

/** SVS-VV-2022 pathologic reflux of a superficial segment (GSV, SSV): above this, in ms. */
export const SUPERFICIAL_REFLUX_MS = 500;
/** SVS-VV-2022 pathologic reflux of a deep segment (CFV, FV, popliteal): above this, in ms. */
export const DEEP_REFLUX_MS = 1000;
/** SVS-VV-2022 pathologic perforator: outward flow at or above this (ms)… */
export const PERFORATOR_REFLUX_MS = 500;
/** …with a diameter at or above this (mm), on the same side. */
export const PERFORATOR_DIAMETER_MM = 3.5;

/** The segment of a `duplex.refluxMs.<segment>` code: superficial, deep or perforator. */
export function refluxSegmentKind(segment: string): 'superficial' | 'deep' | 'perforator' | undefined {
  if ((SUPERFICIAL as readonly string[]).includes(segment)) return 'superficial';
  if ((DEEP as readonly string[]).includes(segment)) return 'deep';
  return segment === 'perf' ? 'perforator' : undefined;
}
const ULCER = new Set(['C5', 'C6', 'C6r']);

/** CEAP class rank on the C scale (C2r ranks with C2, C4a–c with C4, C6r with C6). */
export function ceapRank(ceap: string): number {
  const m = /^C(\d)/.exec(ceap);
  return m ? Number(m[1]) : -1;
}

function refluxCodes(segments: readonly string[]): string[] {
  return segments.flatMap((s) => SIDE_LIST.map((side) => `duplex.refluxMs.${s}.${side}`));
}

/**
 * SVS-VV-2022 (grade 1B): endovenous ablation only on a side with GSV or SSV reflux > 500 ms, CEAP C2
 * or higher and symptoms — that side's `exam.ceapSymptomatic` is `symptomatic`, or it is unanswered and
 * `symptoms.venous` has an option other than `cramps` (cramps mimic RLS, so they are left out on purpose
 * although SVS counts them). Returns the evidence of each qualifying side.
 */
function ablationSides(ctx: AssessContext): Evidence[] {
  return SIDE_LIST.flatMap((side) => {
    const reflux = refluxAbove(
      ctx,
      SUPERFICIAL.map((s) => `duplex.refluxMs.${s}.${side}`),
      SUPERFICIAL_REFLUX_MS,
    );
    const ceap = str(ctx, `exam.ceap.${side}`);
    if (reflux.length === 0 || ceap === undefined || ceapRank(ceap) < 2) return [];
    const symptoms = symptomEvidence(ctx, side);
    return symptoms.length > 0 ? [...reflux, ev(`exam.ceap.${side}`, ceap), ...symptoms] : [];
  });
}

/**
 * Why a side counts as symptomatic (SVS-VV-2022): its `exam.ceapSymptomatic` is `symptomatic`, or it is
 * unanswered and `symptoms.venous` has an option other than `cramps`. Empty when it does not.
 */
function symptomEvidence(ctx: AssessContext, side: Side): Evidence[] {
  const marked = str(ctx, `exam.ceapSymptomatic.${side}`);
  if (marked === 'symptomatic') return [ev(`exam.ceapSymptomatic.${side}`, marked)];
  const venousSymptoms = (list(ctx, 'symptoms.venous') ?? []).filter((s) => s !== 'cramps');
  if (marked === undefined && venousSymptoms.length > 0) return [ev('symptoms.venous', venousSymptoms)];
  return [];
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
  const superficial = refluxAbove(ctx, superficialCodes, SUPERFICIAL_REFLUX_MS);
  if (superficial.length > 0) {
    const sides = ablationSides(ctx);
    const evidence = [...superficial, ...sides.filter((e) => !superficial.some((s) => s.code === e.code))];
    out.findings.push(
      finding(
        'venous.superficial-reflux',
        sides.length > 0
          ? 'Superficial truncal reflux > 500 ms on a symptomatic side with CEAP C2 or higher: endovenous ablation is standard venous care (SVS-VV-2022, grade 1B); its RLS benefit is unproven.'
          : 'Superficial truncal reflux > 500 ms; ablation is offered only on a side that also has CEAP C2 or higher and venous symptoms other than cramps (SVS-VV-2022).',
        evidence,
        sides.length > 0 ? [suggest('venous.endovenous-ablation'), suggest('venous.sclerotherapy')] : [],
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
  const deep = refluxAbove(ctx, deepCodes, DEEP_REFLUX_MS);
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
    assessThrombosis(ctx, out);
  } else if (dvt === undefined) {
    out.pending.push(pending('dvt', ['duplex.dvt'], 'Thrombosis not recorded — DVT finding pending'));
  }
}

/** The thrombosis type decides between DVT, post-thrombotic change and superficial thrombophlebitis. */
function assessThrombosis(ctx: AssessContext, out: DomainResult): void {
  const types = list(ctx, 'duplex.thrombosisTypes');
  const typeEv = types !== undefined && types.length > 0 ? [ev('duplex.thrombosisTypes', types)] : [];
  // An uncharacterised thrombosis counts as acute DVT (safety first).
  if (types === undefined || types.length === 0 || types.includes('acute-dvt')) {
    out.findings.push(
      finding(
        'dvt',
        types?.includes('acute-dvt')
          ? 'Acute deep vein thrombosis on duplex: manage it first; no ablation or pneumatic compression meanwhile.'
          : 'Thrombosis seen on duplex and not yet characterised: treat as an acute deep vein thrombosis until shown otherwise.',
        [ev('duplex.dvt', true), ...typeEv],
        [suggest('referral.dvt')],
      ),
    );
  }
  if (types?.includes('chronic-post-thrombotic')) {
    out.findings.push(
      finding(
        'venous.post-thrombotic',
        'Chronic post-thrombotic change on duplex (CEAP-2020 secondary, intravenous): deep venous disease for specialist review.',
        typeEv,
        [suggest('referral.venous-specialist')],
      ),
    );
  }
  if (types?.includes('superficial-thrombophlebitis')) {
    out.findings.push(
      finding(
        'venous.svt',
        'Superficial thrombophlebitis on duplex: assess its extent and need for anticoagulation; no ablation or pneumatic compression meanwhile.',
        typeEv,
        [suggest('referral.svt')],
      ),
    );
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
    if (
      reflux !== undefined &&
      diameter !== undefined &&
      reflux >= PERFORATOR_REFLUX_MS &&
      diameter >= PERFORATOR_DIAMETER_MM
    ) {
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
    const ruledOut =
      (reflux !== undefined && reflux < PERFORATOR_REFLUX_MS) ||
      (diameter !== undefined && diameter < PERFORATOR_DIAMETER_MM);
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
  const cvi = atLeast(3);
  if (cvd.length > 0) {
    // SVS-VV-2022 (grade 2C): compression for symptomatic C2 varicose veins — offered here while no
    // side is C3 or higher (venous.cvi offers it then).
    const symptomaticC2 =
      cvi.length === 0
        ? SIDE_LIST.flatMap((side) => {
            const ceap = str(ctx, `exam.ceap.${side}`);
            return ceap !== undefined && ceapRank(ceap) === 2 ? symptomEvidence(ctx, side) : [];
          })
        : [];
    out.findings.push(
      finding(
        'venous.cvd',
        symptomaticC2.length > 0
          ? 'CEAP C2 or higher: varicose veins or worse (CEAP-2020); symptomatic varicose veins: compression is venous care, not an RLS treatment (SVS-VV-2022).'
          : 'CEAP C2 or higher: varicose veins or worse (CEAP-2020).',
        [...cvd, ...symptomaticC2.filter((e, i, all) => all.findIndex((x) => x.code === e.code) === i)],
        [
          ...(duplexDone ? [] : [suggest('venous.duplex')]),
          ...(symptomaticC2.length > 0 ? [suggest('venous.compression-stockings')] : []),
        ],
      ),
    );
  } else if (missing.length > 0) {
    out.pending.push(pending('venous.cvd', missing, 'CEAP class missing — venous disease findings pending'));
  }

  if (cvi.length > 0) {
    out.findings.push(
      finding(
        'venous.cvi',
        'CEAP C3 or higher: chronic venous insufficiency; compression is venous care, not an RLS treatment (SVS-VV-2022).',
        cvi,
        [suggest('venous.compression-stockings')],
      ),
    );
  }
}

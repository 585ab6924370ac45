// Iron rules. Sources: AASM-2024 (adults: ferritin ≤ 75 or TSAT < 20 → oral or IV iron; 75 < ferritin ≤ 100
// → IV only; children ferritin < 50 → ferrous sulfate; ESRD ferritin < 200 and TSAT < 20 → IV iron sucrose),
// IRLSSG-IRON-2018 (no IV iron when TSAT ≥ 45; first IV course only with ferritin ≤ 100).
import type { AssessContext } from './context';
import { bool, emptyResult, ev, finding, formatNumber, hasComorbidity, num, pending } from './context';
import { suggest } from './suggestions';
import type { DomainResult, Evidence, Suggestion } from './types';

export interface TsatValue {
  value: number;
  computed: boolean;
  evidence: Evidence[];
}

/** TSAT as entered, else serum iron ÷ TIBC × 100 when both are given (SPEC §1); unrounded. */
export function tsatOf(ctx: AssessContext): TsatValue | undefined {
  const direct = num(ctx, 'lab.tsat');
  if (direct !== undefined) return { value: direct, computed: false, evidence: [ev('lab.tsat', direct)] };
  const iron = num(ctx, 'lab.iron');
  const tibc = num(ctx, 'lab.tibc');
  if (iron === undefined || tibc === undefined || tibc <= 0) return undefined;
  const value = (iron / tibc) * 100;
  return {
    value,
    computed: true,
    evidence: [
      ev('lab.iron', iron),
      ev('lab.tibc', tibc, `${ev('lab.tibc', tibc).display} → TSAT ${formatNumber(value, 1)} % (computed)`),
    ],
  };
}

const IV_TSAT_UNKNOWN = 'Confirm TSAT < 45 % before IV iron (IRLSSG-IRON-2018).';

function ivOptions(tsat: TsatValue | undefined): Suggestion[] {
  const note = tsat === undefined ? IV_TSAT_UNKNOWN : undefined;
  return [
    suggest('iron.iv-fcm', note),
    suggest('iron.iv-lmw-dextran', note),
    suggest('iron.iv-ferumoxytol', note),
  ];
}

function drawCaveat(ctx: AssessContext): string {
  const notMorning = bool(ctx, 'labs.morningDraw') === false;
  const recentIron = bool(ctx, 'labs.noIron24h') === false;
  if (!notMorning && !recentIron) return '';
  return ' Sample not drawn in the morning after ≥24 h without iron: interpret with caution.';
}

function tsatText(tsat: TsatValue): string {
  return `TSAT ${formatNumber(tsat.value, 1)} %${tsat.computed ? ' (computed from serum iron and TIBC)' : ''}`;
}

export function assessIron(ctx: AssessContext): DomainResult {
  const out = emptyResult();
  const ferritin = num(ctx, 'lab.ferritin');
  const tsat = tsatOf(ctx);
  const ferritinEv = ferritin !== undefined ? [ev('lab.ferritin', ferritin)] : [];
  const caveat = drawCaveat(ctx);
  const ivAvoid = tsat !== undefined && tsat.value >= 45; // IRLSSG-IRON-2018

  if (hasComorbidity(ctx, 'dialysis')) {
    // AASM-2024 ESRD on dialysis: IV iron sucrose when ferritin < 200 and TSAT < 20. No iron.treat / iv-only.
    if (ferritin !== undefined && tsat !== undefined) {
      if (ferritin < 200 && tsat.value < 20) {
        out.findings.push(
          finding(
            'iron.esrd-iv-sucrose',
            `On dialysis with ferritin < 200 ng/mL and ${tsatText(tsat)} < 20 %: IV iron sucrose is suggested (AASM-2024).${caveat}`,
            [...evDialysis(ctx), ...ferritinEv, ...tsat.evidence],
            [suggest('iron.esrd-iv-sucrose')],
          ),
        );
      }
    } else {
      const waiting = [
        ...(ferritin === undefined ? ['lab.ferritin'] : []),
        ...(tsat === undefined ? ['lab.tsat'] : []),
      ];
      out.pending.push(
        pending(
          'iron.esrd-iv-sucrose',
          waiting,
          `${missingIronText(ferritin, tsat)} — ESRD iron finding pending`,
        ),
      );
    }
  } else if (ctx.isChild) {
    // AASM-2024 children: ferritin < 50 → ferrous sulfate (conditional).
    if (ferritin === undefined) {
      out.pending.push(pending('iron.treat', ['lab.ferritin'], 'Ferritin missing — iron finding pending'));
    } else if (ferritin < 50) {
      out.findings.push(
        finding(
          'iron.treat',
          `Child with ferritin < 50 ng/mL: oral ferrous sulfate is suggested (AASM-2024, children).${caveat}`,
          ferritinEv,
          [suggest('iron.child-ferrous-sulfate')],
        ),
      );
    }
  } else {
    assessAdultIron(ctx, out, ferritin, tsat, ivAvoid, caveat);
  }

  if (ivAvoid && tsat) {
    out.findings.push(
      finding(
        'iron.iv-avoid',
        `${tsatText(tsat)} ≥ 45 %: do not give IV iron (IRLSSG-IRON-2018).`,
        tsat.evidence,
      ),
    );
  }
  return out;
}

function assessAdultIron(
  ctx: AssessContext,
  out: DomainResult,
  ferritin: number | undefined,
  tsat: TsatValue | undefined,
  ivAvoid: boolean,
  caveat: string,
): void {
  const ferritinEv = ferritin !== undefined ? [ev('lab.ferritin', ferritin)] : [];
  // AASM-2024: 75 < ferritin ≤ 100 → IV iron only, whatever the TSAT.
  const ivOnly = ferritin !== undefined && ferritin > 75 && ferritin <= 100;
  const byFerritin = ferritin !== undefined && ferritin <= 75;
  const lowTsat = tsat !== undefined && tsat.value < 20 ? tsat : undefined;
  const byTsat = lowTsat !== undefined;

  if (ivOnly) {
    const text = ivAvoid
      ? 'Ferritin 75–100 ng/mL would call for IV iron only (AASM-2024), but TSAT ≥ 45 % rules IV iron out (IRLSSG-IRON-2018).'
      : 'Ferritin above 75 and at most 100 ng/mL: IV iron only, oral iron is not suggested (AASM-2024).';
    out.findings.push(
      finding(
        'iron.iv-only',
        text + caveat,
        [...ferritinEv, ...(tsat?.evidence ?? [])],
        ivAvoid ? [] : ivOptions(tsat),
      ),
    );
  } else if (byFerritin || lowTsat) {
    const evidence = [...(byFerritin ? ferritinEv : []), ...(lowTsat?.evidence ?? [])];
    let text: string;
    let suggestions: Suggestion[];
    if (byFerritin) {
      text = `Ferritin ≤ 75 ng/mL${lowTsat ? ` and ${tsatText(lowTsat)} < 20 %` : ''}: oral or IV iron is indicated (AASM-2024).`;
      suggestions = ivAvoid
        ? [suggest('iron.oral-ferrous-sulfate', 'IV iron is not suggested: TSAT ≥ 45 % (IRLSSG-IRON-2018).')]
        : insertOral(ivOptions(tsat));
    } else if (ferritin === undefined) {
      text = `${tsatText(lowTsat!)} < 20 %: iron is indicated (AASM-2024); ferritin is needed before IV iron.`;
      suggestions = [
        suggest(
          'iron.oral-ferrous-sulfate',
          'IV iron only once ferritin ≤ 100 ng/mL is confirmed (IRLSSG-IRON-2018).',
        ),
      ];
    } else {
      // TSAT alone with ferritin > 100: IV iron left to clinician judgement (IRLSSG-IRON-2018).
      text = `${tsatText(lowTsat!)} < 20 % with ferritin > 100 ng/mL: iron is indicated (AASM-2024); IV iron is left to clinician judgement because IRLSSG-IRON-2018 limits a first IV course to ferritin ≤ 100 ng/mL.`;
      suggestions = [
        suggest(
          'iron.oral-ferrous-sulfate',
          'IV iron is left to clinician judgement: ferritin > 100 ng/mL (IRLSSG-IRON-2018).',
        ),
      ];
    }
    out.findings.push(finding('iron.treat', text + caveat, evidence, suggestions));
  }

  if (ferritin === undefined || tsat === undefined) {
    const waiting = [
      ...(ferritin === undefined ? ['lab.ferritin'] : []),
      ...(tsat === undefined ? ['lab.tsat'] : []),
    ];
    const what =
      ferritin === undefined || (ferritin > 100 && !byTsat)
        ? 'iron finding pending'
        : 'IV iron safety (TSAT ≥ 45 %) pending';
    out.pending.push(pending('iron.treat', waiting, `${missingIronText(ferritin, tsat)} — ${what}`));
  }
}

/** IV FCM first (strong), then oral ferrous sulfate, then the conditional IV products. */
function insertOral(iv: Suggestion[]): Suggestion[] {
  return [...iv.slice(0, 1), suggest('iron.oral-ferrous-sulfate'), ...iv.slice(1)];
}

function missingIronText(ferritin: number | undefined, tsat: TsatValue | undefined): string {
  if (ferritin === undefined && tsat === undefined) return 'Ferritin and TSAT missing';
  if (ferritin === undefined) return 'Ferritin missing';
  return 'TSAT missing (or serum iron and TIBC)';
}

function evDialysis(ctx: AssessContext): Evidence[] {
  const value = ctx.answers['comorbidities'];
  return value === undefined ? [] : [ev('comorbidities', value, 'Comorbidities include dialysis')];
}

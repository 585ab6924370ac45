// Iron rules. Sources: AASM-2024 (adults: ferritin ≤ 75 or TSAT < 20 → oral or IV iron; 75 < ferritin ≤ 100
// → IV only; children ferritin < 50 → ferrous sulfate; ESRD ferritin < 200 and TSAT < 20 → IV iron sucrose),
// IRLSSG-IRON-2018 (no IV iron when TSAT ≥ 45 — repeat the studies; first IV course only with ferritin ≤ 100;
// ferritin is not interpretable for 8 weeks after IV iron), IRLSSG-PREG-2015 (no 75–100 IV-only band in
// pregnancy), AGA-2020 (ferritin < 45 defines iron deficiency for a GI work-up).
import { daysBetween } from '../../dates';
import type { AssessContext } from './context';
import {
  bool,
  emptyResult,
  ev,
  evIf,
  finding,
  formatNumber,
  has,
  hasComorbidity,
  num,
  pending,
  str,
} from './context';
import { suggest } from './suggestions';
import type { DomainResult, Evidence, Suggestion } from './types';

export interface TsatValue {
  value: number;
  computed: boolean;
  evidence: Evidence[];
}

/** TSAT as entered, else serum iron ÷ TIBC × 100 when both are given (docs/clinical-rules.md); unrounded. */
export function tsatOf(ctx: Pick<AssessContext, 'answers'>): TsatValue | undefined {
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

/** Days after the last IV iron course at which ferritin can be read for repletion (IRLSSG-IRON-2018). */
export const IV_IRON_WASHOUT_DAYS = 56;

/**
 * `iron.recent-iv`: IV iron fewer than 56 days before the draw (or the evaluation's start date when no
 * draw date is given), or after it (IRLSSG-IRON-2018).
 */
function recentIv(ctx: AssessContext, out: DomainResult): boolean {
  if (str(ctx, 'ironTherapy.route') !== 'iv') return false;
  const given = str(ctx, 'ironTherapy.date');
  if (given === undefined) {
    out.pending.push(
      pending(
        'iron.recent-iv',
        ['ironTherapy.date'],
        'Date of the last IV iron course missing — ferritin timing pending',
      ),
    );
    return false;
  }
  const drawDate = str(ctx, 'labs.drawDate');
  const days = daysBetween(given, drawDate ?? ctx.date);
  if (days === undefined || days >= IV_IRON_WASHOUT_DAYS) return false;
  const against = drawDate !== undefined ? 'the blood draw' : 'this evaluation';
  out.findings.push(
    finding(
      'iron.recent-iv',
      days < 0
        ? `IV iron was given after ${against}: ferritin does not yet reflect it (IRLSSG-IRON-2018).`
        : `IV iron ${days} days before ${against} (fewer than 56): ferritin is not yet interpretable for repletion; repeat the studies 8 weeks after the infusion (IRLSSG-IRON-2018).`,
      [
        ev('ironTherapy.route', 'iv'),
        ev('ironTherapy.date', given),
        ...(drawDate !== undefined ? [ev('labs.drawDate', drawDate)] : []),
      ],
    ),
  );
  return true;
}

const RECENT_IV_WARNING =
  ' Recent IV iron: ferritin is not yet interpretable for repletion — no further IV iron now (IRLSSG-IRON-2018).';

/**
 * AGA-2020: look for the source of iron loss when ferritin < 45 in an adult who is not female, or a
 * female aged 50 or more; and whenever `ironLoss` has `gi-blood-loss` with ferritin ≤ 75.
 */
function needsIronLossWorkup(ctx: AssessContext, ferritin: number | undefined): boolean {
  if (ferritin === undefined) return false;
  const adult = !ctx.isChild;
  const group = ctx.patient.sex !== 'female' || (ctx.age !== undefined && ctx.age >= 50);
  return (ferritin < 45 && adult && group) || (has(ctx, 'ironLoss', 'gi-blood-loss') && ferritin <= 75);
}

export function assessIron(ctx: AssessContext): DomainResult {
  const out = emptyResult();
  const ferritin = num(ctx, 'lab.ferritin');
  const tsat = tsatOf(ctx);
  const ferritinEv = ferritin !== undefined ? [ev('lab.ferritin', ferritin)] : [];
  const isRecentIv = recentIv(ctx, out);
  const caveat = drawCaveat(ctx) + (isRecentIv ? RECENT_IV_WARNING : '');
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
        `${tsatText(tsat)} ≥ 45 %: no IV or oral iron; repeat fasting iron studies and consider iron overload (IRLSSG-IRON-2018).`,
        tsat.evidence,
        [suggest('iron.repeat-studies')],
      ),
    );
  }

  if (needsIronLossWorkup(ctx, ferritin)) {
    const workup = suggest('hematology.iron-loss-workup');
    const host = out.findings.find((f) =>
      ['iron.treat', 'iron.iv-only', 'iron.esrd-iv-sucrose'].includes(f.code),
    );
    if (host) host.suggestions.push(workup);
    else {
      out.findings.push(
        finding(
          'iron.low-ferritin',
          has(ctx, 'ironLoss', 'gi-blood-loss')
            ? 'Ferritin ≤ 75 ng/mL with gastrointestinal blood loss: look for the source (AGA-2020).'
            : 'Ferritin < 45 ng/mL defines iron deficiency: look for the source of iron loss (AGA-2020).',
          [...ferritinEv, ...evIf(ctx, 'ironLoss')],
          [workup],
        ),
      );
    }
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
  // AASM-2024: 75 < ferritin ≤ 100 → IV iron only, whatever the TSAT — never in pregnancy
  // (IRLSSG-PREG-2015: no 75–100 IV band; iron.treat then follows its rule without that exception).
  const ivOnly = !ctx.isPregnant && ferritin !== undefined && ferritin > 75 && ferritin <= 100;
  const byFerritin = ferritin !== undefined && ferritin <= 75;
  const lowTsat = tsat !== undefined && tsat.value < 20 ? tsat : undefined;
  const byTsat = lowTsat !== undefined;

  if (ivOnly) {
    const text = ivAvoid
      ? 'Ferritin 75–100 ng/mL would call for IV iron only (AASM-2024), but TSAT ≥ 45 % rules IV iron out (IRLSSG-IRON-2018).'
      : 'Ferritin above 75 and at most 100 ng/mL: IV iron only, oral iron is not suggested (AASM-2024).';
    // IV options are the trigger; the safety pass removes them with iron.iv-avoid or iron.recent-iv.
    out.findings.push(
      finding('iron.iv-only', text + caveat, [...ferritinEv, ...(tsat?.evidence ?? [])], ivOptions(tsat)),
    );
  } else if (byFerritin || lowTsat) {
    const evidence = [...(byFerritin ? ferritinEv : []), ...(lowTsat?.evidence ?? [])];
    let text: string;
    let suggestions: Suggestion[];
    if (byFerritin) {
      text = `Ferritin ≤ 75 ng/mL${lowTsat ? ` and ${tsatText(lowTsat)} < 20 %` : ''}: oral or IV iron is indicated (AASM-2024).`;
      if (ivAvoid)
        text +=
          ' TSAT ≥ 45 % at the same time: no iron until the iron studies are repeated (IRLSSG-IRON-2018).';
      suggestions = insertOral(ivOptions(tsat));
    } else if (ferritin === undefined) {
      text = `${tsatText(lowTsat!)} < 20 %: iron is indicated (AASM-2024); ferritin is needed before IV iron.`;
      suggestions = [
        suggest(
          'iron.oral-ferrous-sulfate',
          'IV iron only once ferritin ≤ 100 ng/mL is confirmed (IRLSSG-IRON-2018).',
        ),
      ];
    } else if (ferritin <= 100) {
      // Only in pregnancy: 75 < ferritin ≤ 100 has no IV-only band (IRLSSG-PREG-2015), so iron.treat
      // follows TSAT; the IV options are triggered and the pregnancy row of the safety pass decides.
      text = `${tsatText(lowTsat!)} < 20 % with ferritin 75–100 ng/mL in pregnancy: iron is indicated (AASM-2024); the IV-only band does not apply in pregnancy (IRLSSG-PREG-2015).`;
      suggestions = insertOral(ivOptions(tsat));
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
      ferritin === undefined || (!byFerritin && !ivOnly && !byTsat)
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

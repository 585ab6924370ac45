// Follow-up (docs/clinical-rules.md, "Follow-up"). IRLSSG-IRON-2018: recheck iron studies 6–8 weeks
// after IV iron (never sooner than 4; the product uses 8 weeks) and about 12 weeks after starting oral
// iron.
import type { FollowUp } from './types';

/** IV iron suggestion ids (the class "IV iron" of docs/clinical-rules.md). */
export const IV_IRON = [
  'iron.iv-fcm',
  'iron.iv-lmw-dextran',
  'iron.iv-ferumoxytol',
  'iron.esrd-iv-sucrose',
] as const;
/** Oral iron suggestion ids (the class "oral iron" of docs/clinical-rules.md). */
export const ORAL_IRON = ['iron.oral-ferrous-sulfate', 'iron.child-ferrous-sulfate'] as const;

/** `assessment.followUp` from the ids in `plan.selected`. */
export function followUpOf(selected: readonly string[]): FollowUp | null {
  const chosen = new Set(selected);
  if (IV_IRON.some((id) => chosen.has(id))) {
    return {
      weeks: 8,
      reason:
        'Recheck ferritin and TSAT 8 weeks after IV iron — never sooner than 4 weeks after an infusion (IRLSSG-IRON-2018).',
    };
  }
  if (ORAL_IRON.some((id) => chosen.has(id))) {
    return {
      weeks: 12,
      reason: 'Recheck ferritin and TSAT about 12 weeks after starting oral iron (IRLSSG-IRON-2018).',
    };
  }
  return null;
}

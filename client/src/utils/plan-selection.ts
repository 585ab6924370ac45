import { MEDICATION_FREQUENCIES, MEDICATION_UNIT_LABELS, suggestionCatalog } from '@rls/shared';
import type { Assessment, Caution, PlanMedication, Suggestion } from '@rls/shared';
import { formatDate } from './format';

// Plan options as the plan step, the sign dialog and the print view read them: one entry per
// suggestion id, with every caution the findings attach to it.

/** A suggestion's cautions. Stored assessments of older evaluations carry none (no `cautions` key). */
export function cautionsOf(suggestion: { cautions?: readonly Caution[] | null }): Caution[] {
  return suggestion.cautions ? suggestion.cautions.slice() : [];
}

/** `a` plus the cautions of `b` it does not have yet (same code and text). */
function mergeCautions(a: readonly Caution[], b: readonly Caution[]): Caution[] {
  const merged = [...a];
  for (const caution of b) {
    if (!merged.some((c) => c.code === caution.code && c.text === caution.text)) merged.push(caution);
  }
  return merged;
}

/**
 * Every suggestion the findings make, once per id (as the first finding words it) in assessment
 * order, with the cautions of every finding that makes it.
 */
export function offeredSuggestions(assessment: Pick<Assessment, 'findings'>): Map<string, Suggestion> {
  const offered = new Map<string, Suggestion>();
  for (const finding of assessment.findings) {
    for (const suggestion of finding.suggestions) {
      const seen = offered.get(suggestion.id);
      offered.set(
        suggestion.id,
        seen
          ? { ...seen, cautions: mergeCautions(cautionsOf(seen), cautionsOf(suggestion)) }
          : { ...suggestion, cautions: cautionsOf(suggestion) },
      );
    }
  }
  return offered;
}

export interface SelectedOption {
  id: string;
  label: string;
  /** As the findings offer it; the catalog entry when they no longer do; undefined for an unknown id. */
  suggestion: Suggestion | undefined;
  cautions: Caution[];
  /**
   * False when ticked earlier but not suggested by the current answers: a finding no longer applies,
   * or an answer rules the option out (e.g. pregnancy, a low ABI). Kept in the plan, flagged.
   */
  offered: boolean;
  /** Why the safety rules no longer offer it (e.g. pregnancy), when that is the reason. */
  reason?: string;
}

/** The ticked options (`plan.selected`, in ticking order) with their current wording and cautions. */
export function selectedOptions(
  selected: readonly string[],
  assessment: Pick<Assessment, 'findings'> & Partial<Pick<Assessment, 'suppressed'>>,
): SelectedOption[] {
  const offered = offeredSuggestions(assessment);
  // Older stored assessments have no `suppressed` list.
  const suppressed = new Map((assessment.suppressed ?? []).map((s) => [s.id, s.reason]));
  const catalog = suggestionCatalog as Readonly<Record<string, Suggestion | undefined>>;
  return selected.map((id) => {
    const current = offered.get(id);
    if (current)
      return { id, label: current.label, suggestion: current, cautions: cautionsOf(current), offered: true };
    const known = catalog[id];
    const reason = suppressed.get(id);
    return {
      id,
      label: known?.label ?? id,
      suggestion: known,
      cautions: [],
      offered: false,
      ...(reason ? { reason } : {}),
    };
  });
}

const frequencyLabels: Readonly<Record<string, string>> = Object.fromEntries(
  MEDICATION_FREQUENCIES.map((f) => [f.code, f.label]),
);

/** A treatment course line without the medicine's name: `300 mg at night, from 12 Sep 2026`. */
export function courseText(line: Omit<PlanMedication, 'id'>): string {
  const dose = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3, useGrouping: false }).format(
    line.dose,
  );
  const from = line.startDate ? `, from ${formatDate(line.startDate)}` : '';
  return `${dose} ${MEDICATION_UNIT_LABELS[line.unit]} ${frequencyLabels[line.frequency] ?? line.frequency}${from}`;
}

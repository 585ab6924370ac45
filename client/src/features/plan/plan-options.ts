import { suggestionCatalog } from '@rls/shared';
import type { Assessment, FindingCause, Suggestion } from '@rls/shared';

export interface PlanOption {
  suggestion: Suggestion;
  /** Labels of the other findings that suggest the same option (it is listed once, under the first). */
  alsoSuggestedBy: string[];
}

export interface PlanOptionGroup {
  /** The finding whose suggestions these are. */
  findingCode: string;
  label: string;
  cause: FindingCause;
  options: PlanOption[];
}

/**
 * The plan options of the current findings, grouped by finding in the assessment's order. An option
 * several findings suggest appears once (under the first) so one tick means one plan entry.
 */
export function planOptionGroups(assessment: Assessment): PlanOptionGroup[] {
  const firstGroupOf = new Map<string, PlanOption>();
  const groups: PlanOptionGroup[] = [];
  for (const finding of assessment.findings) {
    const options: PlanOption[] = [];
    for (const suggestion of finding.suggestions) {
      const seen = firstGroupOf.get(suggestion.id);
      if (seen) {
        if (!seen.alsoSuggestedBy.includes(finding.label)) seen.alsoSuggestedBy.push(finding.label);
        continue;
      }
      const option: PlanOption = { suggestion, alsoSuggestedBy: [] };
      firstGroupOf.set(suggestion.id, option);
      options.push(option);
    }
    if (options.length > 0) {
      groups.push({ findingCode: finding.code, label: finding.label, cause: finding.cause, options });
    }
  }
  return groups;
}

export interface StaleSelection {
  id: string;
  label: string;
}

/** Ticked options the current findings no longer suggest: kept and shown, never dropped silently. */
export function staleSelections(selected: readonly string[], assessment: Assessment): StaleSelection[] {
  const offered = new Set(assessment.findings.flatMap((f) => f.suggestions.map((s) => s.id)));
  const catalog = suggestionCatalog as Readonly<Record<string, Suggestion | undefined>>;
  return selected.filter((id) => !offered.has(id)).map((id) => ({ id, label: catalog[id]?.label ?? id }));
}

/** `selected` with `id` ticked (appended, in ticking order) or unticked. */
export function toggleSelection(selected: readonly string[], id: string, checked: boolean): string[] {
  if (checked) return selected.includes(id) ? [...selected] : [...selected, id];
  return selected.filter((s) => s !== id);
}

import { IV_IRON, MEDICINE_OPTIONS } from '@rls/shared';
import type { Assessment, FindingCause, Plan, PlanMedication, Suggestion } from '@rls/shared';
import { offeredSuggestions, selectedOptions } from '@/utils/plan-selection';

interface PlanOption {
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
 * several findings suggest appears once (under the first) so one tick means one plan entry; it
 * carries the cautions of every finding that suggests it.
 */
export function planOptionGroups(assessment: Assessment): PlanOptionGroup[] {
  const offered = offeredSuggestions(assessment);
  const firstGroupOf = new Map<string, PlanOption>();
  const groups: PlanOptionGroup[] = [];
  for (const finding of assessment.findings) {
    const options: PlanOption[] = [];
    for (const { id } of finding.suggestions) {
      const seen = firstGroupOf.get(id);
      if (seen) {
        if (!seen.alsoSuggestedBy.includes(finding.label)) seen.alsoSuggestedBy.push(finding.label);
        continue;
      }
      const suggestion = offered.get(id);
      if (!suggestion) continue;
      const option: PlanOption = { suggestion, alsoSuggestedBy: [] };
      firstGroupOf.set(id, option);
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
  /** Why the safety rules no longer offer it, when they are the reason. */
  reason?: string;
}

/**
 * Ticked options the current answers no longer suggest — a finding no longer applies, or an answer
 * now rules the option out (e.g. first-trimester pregnancy, ABI < 0.60): kept and flagged, never
 * dropped silently.
 */
export function staleSelections(selected: readonly string[], assessment: Assessment): StaleSelection[] {
  return selectedOptions(selected, assessment)
    .filter((option) => !option.offered)
    .map(({ id, label, reason }) => ({ id, label, ...(reason ? { reason } : {}) }));
}

/** `selected` with `id` ticked (appended, in ticking order) or unticked. */
export function toggleSelection(selected: readonly string[], id: string, checked: boolean): string[] {
  if (checked) return selected.includes(id) ? [...selected] : [...selected, id];
  return selected.filter((s) => s !== id);
}

/** `medications` with the course line of `id` replaced, added (in plan order) or removed (null). */
export function replaceCourseLine(
  medications: readonly PlanMedication[],
  id: string,
  line: PlanMedication | null,
): PlanMedication[] {
  const others = medications.filter((m) => m.id !== id);
  if (!line) return others;
  const at = medications.findIndex((m) => m.id === id);
  if (at < 0) return [...others, line];
  return [...others.slice(0, at), line, ...others.slice(at)];
}

export interface CourseStart {
  /** YYYY-MM-DD the iron course starts. */
  date: string;
  /** The medicine's short name. */
  name: string;
}

/**
 * Where the suggested recheck counts from: the start date of the iron course it is for (the IV course
 * when an IV iron option is ticked, as `assessment.followUp` then asks for the IV interval; else the oral
 * one) when the course line has one. Null: the evaluation's start date is used.
 */
export function followUpAnchor(plan: Pick<Plan, 'selected' | 'medications'>): CourseStart | null {
  const iv = plan.selected.some((id) => (IV_IRON as readonly string[]).includes(id));
  const line = plan.medications.find(
    (m) => m.startDate !== null && MEDICINE_OPTIONS[m.id]?.iron === (iv ? 'iv' : 'oral'),
  );
  const option = line ? MEDICINE_OPTIONS[line.id] : undefined;
  return line?.startDate && option ? { date: line.startDate, name: option.name } : null;
}

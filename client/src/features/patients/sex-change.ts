import { getWorkup, hasWorkupVersion, isEnabled, listItems, type EnableWhen, type Sex } from '@rls/shared';

function dependsOnSex(condition: EnableWhen): boolean {
  if ('allOf' in condition) return condition.allOf.some(dependsOnSex);
  if ('anyOf' in condition) return condition.anyOf.some(dependsOnSex);
  return 'patient' in condition;
}

/**
 * Labels of the checklist items that changing the patient's sex from `from` to `to` disables (their
 * answers, and those of items depending on them, are cleared by the server), e.g.
 * "Currently pregnant" when the sex becomes male. Evaluated with the workup's own enableWhen rules.
 */
export function itemsDisabledBySexChange(
  from: Sex,
  to: Sex,
  birthDate: string,
  workflowVersion?: number,
): string[] {
  if (from === to) return [];
  const workup = getWorkup(
    workflowVersion !== undefined && hasWorkupVersion(workflowVersion) ? workflowVersion : undefined,
  );
  const labels: string[] = [];
  for (const item of listItems(workup)) {
    if (!item.enableWhen || !dependsOnSex(item.enableWhen)) continue;
    const before = isEnabled(item, {}, { sex: from, birthDate });
    const after = isEnabled(item, {}, { sex: to, birthDate });
    if (before && !after && !labels.includes(item.label)) labels.push(item.label);
  }
  return labels;
}

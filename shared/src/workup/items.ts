import type { EnableWhen, Side, StageId, WorkupDefinition, WorkupItem } from './types';

const cache = new WeakMap<WorkupDefinition, { list: WorkupItem[]; byCode: Map<string, WorkupItem> }>();

function substituteSide(cond: EnableWhen, side: Side): EnableWhen {
  if ('allOf' in cond) return { allOf: cond.allOf.map((c) => substituteSide(c, side)) };
  if ('anyOf' in cond) return { anyOf: cond.anyOf.map((c) => substituteSide(c, side)) };
  if ('item' in cond) return { ...cond, item: cond.item.replaceAll('{side}', side) };
  return cond;
}

function expand(workflow: WorkupDefinition) {
  const list: WorkupItem[] = [];
  for (const stage of workflow.stages) {
    for (const group of stage.groups) {
      for (const def of group.items) {
        const { sides, code, ...rest } = def;
        if (sides && sides.length > 0) {
          for (const side of sides) {
            list.push({
              ...rest,
              ...(rest.enableWhen ? { enableWhen: substituteSide(rest.enableWhen, side) } : {}),
              code: `${code}.${side}`,
              baseCode: code,
              side,
              stage: stage.id,
              group: group.id,
            });
          }
        } else {
          list.push({ ...rest, code, baseCode: code, stage: stage.id, group: group.id });
        }
      }
    }
  }
  return { list, byCode: new Map(list.map((item) => [item.code, item])) };
}

function expanded(workflow: WorkupDefinition) {
  let entry = cache.get(workflow);
  if (!entry) {
    entry = expand(workflow);
    cache.set(workflow, entry);
  }
  return entry;
}

/** Every answerable item of the definition, bilateral items expanded to `<code>.left/.right`, in walk order. */
export function listItems(workflow: WorkupDefinition): readonly WorkupItem[] {
  return expanded(workflow).list;
}

export function getItem(workflow: WorkupDefinition, code: string): WorkupItem | undefined {
  return expanded(workflow).byCode.get(code);
}

/** The stage an item code belongs to, or undefined for an unknown code. */
export function stageOfCode(workflow: WorkupDefinition, code: string): StageId | undefined {
  return getItem(workflow, code)?.stage;
}

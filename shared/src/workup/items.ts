import type { EnableWhen, Side, StageId, WorkupDefinition, WorkupItem } from './types';

const cache = new WeakMap<WorkupDefinition, { list: WorkupItem[]; byCode: Map<string, WorkupItem> }>();

function substituteSide(cond: EnableWhen, side: Side): EnableWhen {
  if ('allOf' in cond) return { allOf: cond.allOf.map((c) => substituteSide(c, side)) };
  if ('anyOf' in cond) return { anyOf: cond.anyOf.map((c) => substituteSide(c, side)) };
  if ('item' in cond) return { ...cond, item: cond.item.replaceAll('{side}', side) };
  return cond;
}

function expand(workup: WorkupDefinition) {
  const list: WorkupItem[] = [];
  for (const stage of workup.stages) {
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

function expanded(workup: WorkupDefinition) {
  let entry = cache.get(workup);
  if (!entry) {
    entry = expand(workup);
    cache.set(workup, entry);
  }
  return entry;
}

/** Every answerable item of the definition, bilateral items expanded to `<code>.left/.right`, in walk order. */
export function listItems(workup: WorkupDefinition): readonly WorkupItem[] {
  return expanded(workup).list;
}

export function getItem(workup: WorkupDefinition, code: string): WorkupItem | undefined {
  return expanded(workup).byCode.get(code);
}

/** The stage an item code belongs to, or undefined for an unknown code. */
export function stageOfCode(workup: WorkupDefinition, code: string): StageId | undefined {
  return getItem(workup, code)?.stage;
}

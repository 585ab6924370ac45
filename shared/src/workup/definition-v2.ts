import { workupV1 } from './definition-v1';
import type { GroupDefinition, ItemDefinition, ItemOption, WorkupDefinition } from './types';

/**
 * `rls-vascular-workup` version 2: version 1 plus the items the safety rules of docs/clinical-rules.md
 * read (docs/decisions/014-workup-definition-as-versioned-data.md). Every version-1 code keeps its
 * meaning; version 1 stays published for evaluations started under it.
 * Sources: IRLSSG-2014 (mimics, criterion 5), IRLSSG-PREG-2015 (lactation), ACC/AHA-PAD-2016 (TBI),
 * FDA-2016 / FDA-2019 (current CNS depressants), AASM-2024 (refractory RLS).
 */

const opts = (...pairs: Array<[string, string]>): ItemOption[] =>
  pairs.map(([code, label]) => ({ code, label }));

const mimics: ItemDefinition = {
  code: 'mimics',
  label: 'Conditions present that can mimic RLS',
  help: 'Tick each one the patient has, or “None”. A mimic alongside "not solely explained by another condition" is flagged for review (IRLSSG-2014).',
  type: 'multi',
  options: opts(
    ['leg-cramps', 'Nocturnal leg cramps'],
    ['positional-discomfort', 'Positional discomfort'],
    ['radiculopathy', 'Radiculopathy'],
    ['akathisia', 'Akathisia'],
    ['arthritis', 'Arthritis / myalgia'],
    ['habitual-foot-tapping', 'Habitual foot tapping'],
  ),
};

const medsCurrent: ItemDefinition = {
  code: 'meds.current',
  label: 'Other current medicines',
  help: 'Current use only; tick “None” when none. Read for duplicate therapy and for breathing risk with opioids, gabapentinoids and sedatives (FDA 2016, 2019).',
  type: 'multi',
  options: opts(
    ['gabapentin', 'Gabapentin'],
    ['gabapentin-enacarbil', 'Gabapentin enacarbil'],
    ['pregabalin', 'Pregabalin'],
    ['opioid', 'Opioid'],
    ['benzodiazepine', 'Benzodiazepine'],
    ['z-drug', 'Z-drug (zolpidem, zopiclone…)'],
    ['iron-oral', 'Oral iron'],
  ),
};

const refractory: ItemDefinition = {
  code: 'treatment.refractory',
  label: 'Refractory to first-line treatment',
  help: 'Symptoms persist despite an adequate trial of first-line therapy (iron where indicated, an α2δ ligand).',
  type: 'boolean',
};

const breastfeeding: ItemDefinition = {
  code: 'breastfeeding',
  label: 'Currently breastfeeding',
  help: 'Lactation changes the drug choice (IRLSSG pregnancy and lactation consensus).',
  type: 'boolean',
  enableWhen: { patient: 'sex', op: 'ne', value: 'male' },
};

const thrombosisTypes: ItemDefinition = {
  code: 'duplex.thrombosisTypes',
  label: 'Type of thrombosis',
  help: 'Leave unanswered while not yet characterised: an uncharacterised thrombosis is treated as an acute DVT.',
  type: 'multi',
  options: opts(
    ['acute-dvt', 'Acute deep vein thrombosis'],
    ['chronic-post-thrombotic', 'Chronic post-thrombotic change'],
    ['superficial-thrombophlebitis', 'Superficial thrombophlebitis'],
  ),
  enableWhen: { item: 'duplex.dvt', op: 'eq', value: true },
};

const tbi: ItemDefinition = {
  code: 'tbi',
  label: 'TBI',
  help: 'Toe-brachial index: measure when the ABI is above 1.40 (non-compressible); ≤0.70 is abnormal.',
  type: 'number',
  unit: '1',
  range: { min: 0, max: 2 },
  decimals: 2,
  sides: ['left', 'right'],
};

/** Inserts `items` after the item `after` of the group `groupId` (a structural copy: v1 is untouched). */
function insertAfter(
  def: WorkupDefinition,
  groupId: string,
  after: string,
  items: ItemDefinition[],
): WorkupDefinition {
  let found = false;
  const stages = def.stages.map((stage) => ({
    ...stage,
    groups: stage.groups.map((group): GroupDefinition => {
      if (group.id !== groupId) return group;
      const at = group.items.findIndex((i) => i.code === after);
      if (at < 0) throw new Error(`definition v2: no item ${after} in group ${groupId}`);
      found = true;
      return { ...group, items: [...group.items.slice(0, at + 1), ...items, ...group.items.slice(at + 1)] };
    }),
  }));
  if (!found) throw new Error(`definition v2: no group ${groupId}`);
  return { ...def, stages };
}

const steps: Array<[string, string, ItemDefinition[]]> = [
  ['diagnosis', 'criteria.notMimic', [mimics]],
  ['medications', 'meds.dopaminergic', [medsCurrent]],
  ['medications', 'augmentation.features', [refractory]],
  ['reproductive', 'pregnancy.trimester', [breastfeeding]],
  ['duplex', 'duplex.dvt', [thrombosisTypes]],
  ['abi', 'abi', [tbi]],
];

const built = steps.reduce((def, [group, after, items]) => insertAfter(def, group, after, items), workupV1);

export const workupV2: WorkupDefinition = {
  ...built,
  version: 2,
  stages: built.stages.map((stage) =>
    stage.id !== 'imaging'
      ? stage
      : {
          ...stage,
          groups: stage.groups.map((g) =>
            g.id === 'abi'
              ? {
                  ...g,
                  label: 'Ankle- and toe-brachial index',
                  help: 'ABI ≤0.90 PAD, 0.91–0.99 borderline, 1.00–1.40 normal, >1.40 non-compressible (then TBI: ≤0.70 abnormal). ABI <0.60: no compression.',
                }
              : g,
          ),
        },
  ),
};

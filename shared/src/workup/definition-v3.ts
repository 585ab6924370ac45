import { workupV2 } from './definition-v2';
import type { GroupDefinition, ItemDefinition, StageId, WorkupDefinition } from './types';

/**
 * `rls-vascular-workup` version 3: version 2 plus a free-text note per stage (`notes.history`,
 * `notes.exam`, `notes.labs`, `notes.imaging`), each in a group of its own at the end of its stage
 * (docs/decisions/014-workup-definition-as-versioned-data.md). The notes are for the record (`note`):
 * no rule reads them (docs/clinical-rules.md), and they count neither in progress nor as unanswered at
 * sign-off. Every version-2 code keeps its meaning; versions 1 and 2 stay published for evaluations
 * started under them.
 */

/** Room for a paragraph or two; the schema's default bound for text (schema.ts), stated so the field counts. */
const NOTE_MAX_LENGTH = 2000;

const NOTE_HELP = 'Free text for the record; not used by the assessment.';

const notes: Record<StageId, { group: string; label: string }> = {
  history: { group: 'historyNotes', label: 'Notes on the history' },
  exam: { group: 'examNotes', label: 'Notes on the examination' },
  labs: { group: 'labsNotes', label: 'Notes on the laboratory results' },
  imaging: { group: 'imagingNotes', label: 'Notes on the imaging' },
};

function noteGroup(stage: StageId): GroupDefinition {
  const { group, label } = notes[stage];
  const item: ItemDefinition = {
    code: `notes.${stage}`,
    label,
    help: NOTE_HELP,
    type: 'text',
    maxLength: NOTE_MAX_LENGTH,
    note: true,
  };
  return { id: group, label: 'Notes', layout: 'list', items: [item] };
}

/** A structural copy of `def` with a notes group appended to every stage (v2 is untouched). */
function withNotes(def: WorkupDefinition): WorkupDefinition {
  return {
    ...def,
    stages: def.stages.map((stage) => ({ ...stage, groups: [...stage.groups, noteGroup(stage.id)] })),
  };
}

export const workupV3: WorkupDefinition = { ...withNotes(workupV2), version: 3 };

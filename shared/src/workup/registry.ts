import { workupV1 } from './definition-v1';
import { workupV2 } from './definition-v2';
import type { WorkupDefinition } from './types';

export const WORKFLOW_ID = 'rls-vascular-workup';
export const CURRENT_WORKFLOW_VERSION = 2;

const versions: ReadonlyMap<number, WorkupDefinition> = new Map([
  [1, workupV1],
  [2, workupV2],
]);

/** Every published version, oldest first. */
export const WORKFLOW_VERSIONS: readonly number[] = [...versions.keys()];

/** The definition of `version` (default: current); throws on an unknown version. */
export function getWorkflow(version: number = CURRENT_WORKFLOW_VERSION): WorkupDefinition {
  const workflow = versions.get(version);
  if (!workflow) throw new RangeError(`unknown workflow version ${version}`);
  return workflow;
}

export function hasWorkflowVersion(version: number): boolean {
  return versions.has(version);
}

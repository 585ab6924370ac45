import { workupV1 } from './definition-v1';
import { workupV2 } from './definition-v2';
import { workupV3 } from './definition-v3';
import type { WorkupDefinition } from './types';

export const WORKUP_ID = 'rls-vascular-workup';
export const CURRENT_WORKUP_VERSION = 3;

const versions: ReadonlyMap<number, WorkupDefinition> = new Map([
  [1, workupV1],
  [2, workupV2],
  [3, workupV3],
]);

/** Every published version, oldest first. */
export const WORKUP_VERSIONS: readonly number[] = [...versions.keys()];

/** The definition of `version` (default: current); throws on an unknown version. */
export function getWorkup(version: number = CURRENT_WORKUP_VERSION): WorkupDefinition {
  const workup = versions.get(version);
  if (!workup) throw new RangeError(`unknown workup version ${version}`);
  return workup;
}

export function hasWorkupVersion(version: number): boolean {
  return versions.has(version);
}

import { STAGE_IDS, type StageId } from '@rls/shared';
import type { CurrentStage } from '@rls/shared';

/** The workspace's steps, in the order a clinician walks them; each is the last URL segment. */
export const WORKSPACE_STEPS = ['history', 'exam', 'labs', 'imaging', 'assessment', 'plan', 'sign'] as const;
export type WorkspaceStep = (typeof WORKSPACE_STEPS)[number];

export const stepLabels: Record<WorkspaceStep, string> = {
  history: 'History',
  exam: 'Exam',
  labs: 'Labs',
  imaging: 'Imaging',
  assessment: 'Assessment',
  plan: 'Plan',
  sign: 'Sign',
};

export function isWorkspaceStep(value: string): value is WorkspaceStep {
  return (WORKSPACE_STEPS as readonly string[]).includes(value);
}

/** The four checklist stages rendered from the workup definition. */
export function isStageStep(step: WorkspaceStep): step is StageId {
  return (STAGE_IDS as readonly string[]).includes(step);
}

/** Where opening an evaluation lands: its current stage, or the sign step once signed. */
export function stepForCurrentStage(stage: CurrentStage): WorkspaceStep {
  return stage === 'signed' ? 'sign' : stage;
}

import {
  assess,
  computeProgress,
  getWorkup,
  type Assessment,
  type EvaluationDto,
  type PatientContext,
  type Plan,
  type StageId,
  type StageProgress,
  type WorkupDefinition,
  type PatientDetail,
} from '@rls/shared';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { AutosaveQueue, AutosaveSnapshot } from './autosave/autosave-queue';
import { useAutosave } from './autosave/use-autosave';
import { assessmentDate } from './state/assessment-date';
import { localView, type LocalView } from './state/local-answers';

export interface Workspace {
  /** The last stored evaluation. */
  evaluation: EvaluationDto;
  patient: PatientDetail;
  patientContext: PatientContext;
  workup: WorkupDefinition;
  /** Stored answers and plan with the unsaved edits applied (what the server will store). */
  view: LocalView;
  /** Live findings of `view.answers` and `view.plan` (the stored assessment once signed). */
  assessment: Assessment;
  /** Addressed (answered or marked not done) / total over enabled items, per stage, of `view`. */
  progress: Record<StageId, StageProgress>;
  readOnly: boolean;
  autosave: AutosaveSnapshot;
  queue: AutosaveQueue;
  /** Queues an answer edit (raw input as the API accepts it; null clears). */
  setAnswer: (code: string, raw: unknown) => void;
  /** Queues several answer edits as one (e.g. confirming a group of carried answers). */
  setAnswers: (raw: Record<string, unknown>) => void;
  /** Marks an item not done with a reason (its answer is cleared), or removes the mark (null). */
  setNotDone: (code: string, reason: string | null) => void;
  setPlan: (patch: Partial<Plan>) => void;
  /** Saves pending edits now; resolves with the latest stored evaluation. */
  flush: () => Promise<EvaluationDto>;
  /** Typed values that fail validation (not queued), by item code: shown on the field. */
  invalid: ReadonlyMap<string, string>;
  setInvalid: (code: string, reason: string | null) => void;
}

const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace must be used inside <WorkspaceProvider>');
  return workspace;
}

interface WorkspaceProviderProps {
  /** The evaluation as last read from the server (the query cache). */
  evaluation: EvaluationDto;
  patient: PatientDetail;
  children: ReactNode;
}

/** Holds one evaluation's editing state; key it by evaluation id. */
export function WorkspaceProvider({ evaluation: fromServer, patient, children }: WorkspaceProviderProps) {
  const workup = getWorkup(fromServer.workflowVersion);
  const patientContext = useMemo<PatientContext>(
    () => ({ sex: patient.sex, birthDate: patient.birthDate }),
    [patient.sex, patient.birthDate],
  );
  const { queue, snapshot } = useAutosave({ evaluation: fromServer, workup, patient: patientContext });
  const evaluation = snapshot.server;
  const readOnly = evaluation.status === 'signed';

  const view = useMemo(
    () => localView(workup, patientContext, evaluation, snapshot.unsaved),
    [workup, patientContext, evaluation, snapshot.unsaved],
  );
  // The plan goes in too (the suggested follow-up comes from the selected options), and the marks
  // (an item marked not done is no longer waited for).
  const assessment = useMemo(
    () =>
      readOnly
        ? evaluation.assessment
        : assess(view.answers, patientContext, assessmentDate(evaluation), view.plan, view.answerMeta),
    [readOnly, evaluation, view.answers, view.plan, view.answerMeta, patientContext],
  );
  const progress = useMemo(
    () => computeProgress(workup, patientContext, view.answers, view.answerMeta),
    [workup, patientContext, view.answers, view.answerMeta],
  );

  const setAnswer = useCallback(
    (code: string, raw: unknown) => queue.edit({ answers: { [code]: raw } }),
    [queue],
  );
  const setAnswers = useCallback(
    (raw: Record<string, unknown>) => {
      if (Object.keys(raw).length > 0) queue.edit({ answers: raw });
    },
    [queue],
  );
  // A mark replaces the answer (never both: apply.ts), in the same save.
  const setNotDone = useCallback(
    (code: string, reason: string | null) =>
      queue.edit(
        reason === null
          ? { notDone: { [code]: null } }
          : { notDone: { [code]: reason }, answers: { [code]: null } },
      ),
    [queue],
  );
  const setPlan = useCallback((patch: Partial<Plan>) => queue.edit({ plan: patch }), [queue]);
  const flush = useCallback(() => queue.flush(), [queue]);
  const [invalid, setInvalidMap] = useState<ReadonlyMap<string, string>>(() => new Map());
  const setInvalid = useCallback((code: string, reason: string | null) => {
    setInvalidMap((current) => {
      if ((current.get(code) ?? null) === reason) return current;
      const next = new Map(current);
      if (reason === null) next.delete(code);
      else next.set(code, reason);
      return next;
    });
  }, []);

  const value = useMemo<Workspace>(
    () => ({
      evaluation,
      patient,
      patientContext,
      workup,
      view,
      assessment,
      progress,
      readOnly,
      autosave: snapshot,
      queue,
      setAnswer,
      setAnswers,
      setNotDone,
      setPlan,
      flush,
      invalid,
      setInvalid,
    }),
    [
      evaluation,
      patient,
      patientContext,
      workup,
      view,
      assessment,
      progress,
      readOnly,
      snapshot,
      queue,
      setAnswer,
      setAnswers,
      setNotDone,
      setPlan,
      flush,
      invalid,
      setInvalid,
    ],
  );
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

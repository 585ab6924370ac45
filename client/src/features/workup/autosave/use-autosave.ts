import type { EvaluationDto, PatientContext, WorkupDefinition } from '@rls/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { evaluationKeys, patientKeys } from '@/lib/query-keys';
import { prepareBatch, sameStoredValue } from '../state/local-answers';
import type { AutosaveSnapshot } from './autosave-queue';
import { autosaveQueueFor, showAutosaveQueue, type QueueBindings } from './autosave-store';

export interface UseAutosaveOptions {
  evaluation: EvaluationDto;
  workup: WorkupDefinition;
  patient: PatientContext;
}

/**
 * The autosave queue of the evaluation on screen, from the module-level store (autosave-store.ts), so
 * unsaved edits outlive this component: saved evaluations go into the query cache, and a newer
 * evaluation from the cache (refetch, sign-off, amendment) is adopted while nothing is unsaved.
 * Coming back online, and the same user signing in again, are handled by the store.
 */
export function useAutosave({ evaluation, workup, patient }: UseAutosaveOptions) {
  const queryClient = useQueryClient();
  // The queue reads the latest patient (its sex decides which answers are enabled) through a ref.
  const patientRef = useRef(patient);
  useEffect(() => {
    patientRef.current = patient;
  }, [patient]);

  const bindings = useMemo<QueueBindings>(
    () => ({
      prepare: (batch, server) => prepareBatch(workup, patientRef.current, server, batch),
      sameValue: (code, mine, stored) => sameStoredValue(workup, code, mine, stored),
      onSaved: (saved) => {
        queryClient.setQueryData(evaluationKeys.detail(saved.id), saved);
        // The worklist and patient page show the stage and follow-up: refresh them when next shown.
        void queryClient.invalidateQueries({ queryKey: patientKeys.all, refetchType: 'none' });
      },
      onFailed: () => {
        // e.g. 409: signed meanwhile. Reload the evaluation so the screen shows what is stored.
        void queryClient.invalidateQueries({ queryKey: evaluationKeys.detail(evaluation.id) });
      },
    }),
    [queryClient, workup, evaluation.id],
  );

  const [queue] = useState(() => autosaveQueueFor(evaluation, bindings));

  useEffect(() => showAutosaveQueue(queue, bindings), [queue, bindings]);

  useEffect(() => {
    queue.adopt(evaluation);
  }, [queue, evaluation]);

  const snapshot: AutosaveSnapshot = useSyncExternalStore(queue.subscribe, queue.getSnapshot);
  return { queue, snapshot };
}

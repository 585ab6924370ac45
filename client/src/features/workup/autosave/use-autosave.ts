import type { EvaluationDto, PatientContext, WorkupDefinition } from '@rls/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { evaluationKeys, patientKeys } from '@/lib/query-keys';
import { patchEvaluation } from '../api';
import { prepareBatch, sameStoredValue } from '../state/local-answers';
import { AutosaveQueue, type AutosaveSnapshot } from './autosave-queue';

export interface UseAutosaveOptions {
  evaluation: EvaluationDto;
  workup: WorkupDefinition;
  patient: PatientContext;
}

/**
 * One `AutosaveQueue` for the evaluation on screen: saved evaluations go into the query cache, a
 * newer evaluation from the cache (refetch, sign-off, amendment) is adopted while nothing is
 * unsaved, and coming back online retries at once.
 */
export function useAutosave({ evaluation, workup, patient }: UseAutosaveOptions) {
  const queryClient = useQueryClient();
  // The queue reads the latest patient (its sex decides which answers are enabled) through a ref.
  const patientRef = useRef(patient);
  useEffect(() => {
    patientRef.current = patient;
  }, [patient]);

  const [queue] = useState(
    () =>
      new AutosaveQueue({
        initial: evaluation,
        send: (batch, ifMatch) => patchEvaluation(evaluation.id, batch, ifMatch),
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
        isOnline: () => typeof navigator === 'undefined' || navigator.onLine !== false,
      }),
  );

  useEffect(() => {
    queue.start();
    return () => queue.stop();
  }, [queue]);

  useEffect(() => {
    queue.adopt(evaluation);
  }, [queue, evaluation]);

  useEffect(() => {
    const onOnline = () => queue.retryNow();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [queue]);

  const snapshot: AutosaveSnapshot = useSyncExternalStore(queue.subscribe, queue.getSnapshot);
  return { queue, snapshot };
}

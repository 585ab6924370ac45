import type { EvaluationDto, WorkupDefinition } from '@rls/shared';
import { useRef, useState } from 'react';
import { blockersOf, type BlockerView } from './sign-rules';

/**
 * "Sign evaluation": saves pending edits first, so the dialog summarises (and the server signs) what
 * is stored. Then either opens the dialog (`toSign`) or lists what still blocks signing (`blockedBy`)
 * and moves focus there (`blockersRef`).
 */
export function useStartSigning(workup: WorkupDefinition, flush: () => Promise<EvaluationDto>) {
  const [preparing, setPreparing] = useState(false);
  const [prepareError, setPrepareError] = useState<unknown>(null);
  const [blockedBy, setBlockedBy] = useState<BlockerView[]>([]);
  const [toSign, setToSign] = useState<EvaluationDto | null>(null);
  const blockersRef = useRef<HTMLElement>(null);

  const startSigning = async () => {
    setPrepareError(null);
    setBlockedBy([]);
    setPreparing(true);
    try {
      const saved = await flush();
      const stillBlocked = blockersOf(workup, saved);
      if (stillBlocked.length > 0) {
        setBlockedBy(stillBlocked);
        blockersRef.current?.focus();
      } else {
        setToSign(saved);
      }
    } catch (error) {
      setPrepareError(error);
    } finally {
      setPreparing(false);
    }
  };

  return {
    preparing,
    prepareError,
    blockedBy,
    blockersRef,
    toSign,
    startSigning,
    closeDialog: () => setToSign(null),
  };
}

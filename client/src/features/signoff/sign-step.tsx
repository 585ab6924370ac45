import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import { getWorkup } from '@rls/shared';
import type { EvaluationDto } from '@rls/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { patientQueryOptions } from '@/lib/queries';
import { amendmentNumber } from '@/utils/version-labels';
import { historyQueryOptions } from './api';
import { AmendDialog } from './components/amend-dialog';
import { RecordSection } from './components/record-section';
import { SignDialog } from './components/sign-dialog';
import { BlockersSection, CarriedSection, SignAction, WarningsSection } from './components/sign-requirements';
import { AmendingNotice, SignedNotice } from './components/sign-status';
import { blockersOf, signedVersionViews, unconfirmedCarriedByStage, warningsByStage } from './sign-rules';
import { useStartSigning } from './use-start-signing';
import { useUserNames } from './use-user-names';

export interface SignStepProps {
  evaluation: EvaluationDto;
  /** Saves pending edits; resolves with the latest saved evaluation. */
  flush: () => Promise<EvaluationDto>;
  readOnly: boolean;
}

/**
 * Sign-off: what blocks signing (with links to fix it), what is merely unanswered, the confirmation
 * dialog; once signed, who signed when, "Amend", the signed versions and the change history.
 */
export function SignStep({ evaluation, flush, readOnly }: SignStepProps) {
  const workup = getWorkup(evaluation.workflowVersion);
  const patient = useQuery(patientQueryOptions(evaluation.patientId));
  const history = useQuery(historyQueryOptions(evaluation.id));
  const nameOf = useUserNames(history.data, patient.data);
  const signing = useStartSigning(workup, flush);
  const [amendOpen, setAmendOpen] = useState(false);
  const [justChanged, setJustChanged] = useState<string | null>(null);

  const warningGroups = patient.isSuccess ? warningsByStage(workup, patient.data, evaluation) : [];
  const warningCount = warningGroups.reduce((sum, group) => sum + group.codes.length, 0);
  const carriedGroups = unconfirmedCarriedByStage(workup, evaluation);
  const carriedCount = carriedGroups.reduce((sum, group) => sum + group.codes.length, 0);
  const signed = evaluation.status === 'signed';
  const amendedFrom = evaluation.amendments.at(-1)?.fromVersion;
  const amends = signedVersionViews(evaluation, history.data).find((v) => v.version === amendedFrom);

  return (
    <Stack spacing={3}>
      {justChanged ? (
        <Alert severity="success" role="status" onClose={() => setJustChanged(null)}>
          {justChanged}
        </Alert>
      ) : null}
      {signed ? (
        <SignedNotice evaluation={evaluation} nameOf={nameOf} onAmend={() => setAmendOpen(true)} />
      ) : evaluation.status === 'amending' ? (
        <AmendingNotice evaluation={evaluation} amends={amends} nameOf={nameOf} />
      ) : null}
      {signed ? null : (
        <>
          <BlockersSection
            ref={signing.blockersRef}
            evaluationId={evaluation.id}
            blockers={blockersOf(workup, evaluation)}
            blockedBy={signing.blockedBy}
          />
          <CarriedSection evaluationId={evaluation.id} groups={carriedGroups} />
          <WarningsSection evaluationId={evaluation.id} groups={warningGroups} patient={patient} />
        </>
      )}
      {!signed && !readOnly ? (
        <SignAction
          preparing={signing.preparing}
          prepareError={signing.prepareError}
          onSign={() => {
            setJustChanged(null);
            void signing.startSigning();
          }}
        />
      ) : null}
      <RecordSection evaluation={evaluation} history={history.data} nameOf={nameOf} />
      {signing.toSign ? (
        <SignDialog
          open
          evaluation={signing.toSign}
          workup={workup}
          warningCount={warningCount}
          carriedCount={carriedCount}
          flush={flush}
          onClose={signing.closeDialog}
          onSigned={(result) => {
            signing.closeDialog();
            const amendment = amendmentNumber(result.amendments, result.version);
            setJustChanged(amendment > 0 ? `Amendment ${amendment} signed.` : 'Evaluation signed.');
          }}
        />
      ) : null}
      <AmendDialog
        evaluationId={evaluation.id}
        open={amendOpen}
        onClose={() => setAmendOpen(false)}
        onAmended={() => {
          setAmendOpen(false);
          setJustChanged('The evaluation is open for amendment. Sign it again when the changes are done.');
        }}
      />
    </Stack>
  );
}

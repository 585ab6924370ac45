import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import Button from '@mui/material/Button';
import { getWorkup } from '@rls/shared';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, useCanGoBack, useRouter } from '@tanstack/react-router';
import { useState } from 'react';
import { ButtonLink } from '@/components/link';
import { PrintPage } from '@/features/print/print-page';
import { historyQueryOptions } from '@/features/signoff/api';
import { useUserNames } from '@/features/signoff/use-user-names';
import { evaluationQueryOptions } from '@/features/workup/api';
import { pageTitle } from '@/utils/page-title';
import { patientQueryOptions } from '@/lib/queries';

export const Route = createFileRoute('/_document/evaluations/$evaluationId/print')({
  head: () => pageTitle('Print evaluation'),
  loader: async ({ context, params }) => {
    const evaluation = await context.queryClient.ensureQueryData(evaluationQueryOptions(params.evaluationId));
    await context.queryClient.ensureQueryData(patientQueryOptions(evaluation.patientId));
  },
  component: PrintEvaluationPage,
});

function PrintEvaluationPage() {
  const { evaluationId } = Route.useParams();
  const { data: evaluation } = useSuspenseQuery(evaluationQueryOptions(evaluationId));
  const { data: patient } = useSuspenseQuery(patientQueryOptions(evaluation.patientId));
  const history = useQuery(historyQueryOptions(evaluationId));
  const nameOf = useUserNames(history.data, patient);
  const [printedAt] = useState(() => new Date().toISOString());

  return (
    <PrintPage
      back={<BackToEvaluation evaluationId={evaluationId} />}
      evaluation={evaluation}
      patient={patient}
      workup={getWorkup(evaluation.workflowVersion)}
      nameOf={nameOf}
      printedAt={printedAt}
    />
  );
}

function BackToEvaluation({ evaluationId }: { evaluationId: string }) {
  const router = useRouter();
  const canGoBack = useCanGoBack();
  if (canGoBack) {
    return (
      <Button startIcon={<ArrowBackIcon aria-hidden />} onClick={() => router.history.back()}>
        Back
      </Button>
    );
  }
  return (
    <ButtonLink
      to="/evaluations/$evaluationId/$step"
      params={{ evaluationId, step: 'sign' }}
      startIcon={<ArrowBackIcon aria-hidden />}
    >
      Back to the evaluation
    </ButtonLink>
  );
}

import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import Button from '@mui/material/Button';
import { getWorkup } from '@rls/shared';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, useCanGoBack, useRouter } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { ButtonLink } from '@/components/link';
import { FhirDownload } from '@/features/print/fhir-download';
import { PrintPage } from '@/features/print/print-page';
import { historyQueryOptions } from '@/features/signoff/api';
import { useUserNames } from '@/features/signoff/use-user-names';
import { evaluationQueryOptions } from '@/features/workup/api';
import { pageTitle } from '@/utils/page-title';
import { patientQueryOptions, patientTrendsQueryOptions } from '@/lib/queries';
import { trendsOf } from '@/utils/trends';

export const Route = createFileRoute('/_document/evaluations/$evaluationId/print')({
  head: () => pageTitle('Print evaluation'),
  loader: async ({ context, params }) => {
    const evaluation = await context.queryClient.ensureQueryData(evaluationQueryOptions(params.evaluationId));
    void context.queryClient.prefetchQuery(patientTrendsQueryOptions(evaluation.patientId));
    await context.queryClient.ensureQueryData(patientQueryOptions(evaluation.patientId));
  },
  component: PrintEvaluationPage,
});

function PrintEvaluationPage() {
  const { evaluationId } = Route.useParams();
  const { data: evaluation } = useSuspenseQuery(evaluationQueryOptions(evaluationId));
  const { data: patient } = useSuspenseQuery(patientQueryOptions(evaluation.patientId));
  const history = useQuery(historyQueryOptions(evaluationId));
  const trends = useQuery(patientTrendsQueryOptions(evaluation.patientId));
  // The trends as they stood at this evaluation: no values of later visits on its printout.
  const trendsThen = useMemo(() => {
    if (!trends.data) return undefined;
    const upTo = new Set(
      patient.evaluations.filter((e) => e.startedAt <= evaluation.startedAt).map((e) => e.id),
    );
    return trendsOf(trends.data, upTo.add(evaluation.id));
  }, [trends.data, patient.evaluations, evaluation.startedAt, evaluation.id]);
  const nameOf = useUserNames(history.data, patient);
  const [printedAt] = useState(() => new Date().toISOString());
  const visitOrder = useMemo(
    () => [...patient.evaluations].reverse().map((e) => e.id),
    [patient.evaluations],
  );

  return (
    <PrintPage
      back={<BackToEvaluation evaluationId={evaluationId} />}
      actions={<FhirDownload evaluationId={evaluationId} />}
      evaluation={evaluation}
      patient={patient}
      workup={getWorkup(evaluation.workflowVersion)}
      nameOf={nameOf}
      printedAt={printedAt}
      trends={trendsThen}
      visitOrder={visitOrder}
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

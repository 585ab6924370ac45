import { createFileRoute, redirect } from '@tanstack/react-router';
import { evaluationQueryOptions } from '@/features/workup/api';
import { stepForCurrentStage } from '@/features/workup/steps';

/** /evaluations/<id> opens the evaluation at its current stage (the sign step once signed). */
export const Route = createFileRoute('/_auth/_clinician/evaluations/$evaluationId/')({
  beforeLoad: async ({ context, params }) => {
    const evaluation = await context.queryClient.ensureQueryData(evaluationQueryOptions(params.evaluationId));
    throw redirect({
      to: '/evaluations/$evaluationId/$step',
      params: { evaluationId: params.evaluationId, step: stepForCurrentStage(evaluation.currentStage) },
      replace: true,
    });
  },
});

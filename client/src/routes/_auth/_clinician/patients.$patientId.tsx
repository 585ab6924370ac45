import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, notFound } from '@tanstack/react-router';
import { PageLoading } from '@/components/loading';
import { RouteError } from '@/components/query-error';
import { patientQueryOptions } from '@/lib/queries';
import { PatientView } from '@/features/patients/components/patient-view';
import { isApiError } from '@/lib/api-client';
import { pageTitle } from '@/utils/page-title';

export const Route = createFileRoute('/_auth/_clinician/patients/$patientId')({
  // The tab title stays generic: titles are kept in the browser's history, names are PHI.
  head: () => pageTitle('Patient'),
  loader: async ({ context, params }) => {
    try {
      await context.queryClient.ensureQueryData(patientQueryOptions(params.patientId));
    } catch (error) {
      if (isApiError(error, 404)) throw notFound();
      throw error;
    }
  },
  pendingComponent: PageLoading,
  errorComponent: RouteError,
  component: PatientPage,
});

function PatientPage() {
  const { patientId } = Route.useParams();
  const { data: patient } = useSuspenseQuery(patientQueryOptions(patientId));
  return <PatientView patient={patient} />;
}

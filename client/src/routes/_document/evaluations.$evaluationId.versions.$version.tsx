import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { getWorkup } from '@rls/shared';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, notFound } from '@tanstack/react-router';
import { ButtonLink } from '@/components/link';
import { FhirDownload } from '@/features/print/fhir-download';
import { PrintPage } from '@/features/print/print-page';
import { historyQueryOptions, versionQueryOptions } from '@/features/signoff/api';
import { useUserNames } from '@/features/signoff/use-user-names';
import { formatDateTime } from '@/utils/evaluation-format';
import { pageTitle } from '@/utils/page-title';
import { evaluationVersionLabel } from '@/utils/version-labels';
import { patientQueryOptions } from '@/lib/queries';

function parseVersion(value: string): number {
  const version = Number(value);
  if (!Number.isInteger(version) || version < 1) throw notFound();
  return version;
}

export const Route = createFileRoute('/_document/evaluations/$evaluationId/versions/$version')({
  // The URL's number is the record's save counter: the page names the version by its signature instead.
  head: () => pageTitle('Signed version'),
  loader: async ({ context, params }) => {
    const snapshot = await context.queryClient.ensureQueryData(
      versionQueryOptions(params.evaluationId, parseVersion(params.version)),
    );
    await context.queryClient.ensureQueryData(patientQueryOptions(snapshot.patientId));
  },
  component: SignedVersionPage,
});

/** A signed snapshot, read-only, printable, with every recorded answer; named "Amendment 1 — 20 Nov 2026". */
function SignedVersionPage() {
  const params = Route.useParams();
  const version = parseVersion(params.version);
  const { data: snapshot } = useSuspenseQuery(versionQueryOptions(params.evaluationId, version));
  const { data: patient } = useSuspenseQuery(patientQueryOptions(snapshot.patientId));
  const history = useQuery(historyQueryOptions(params.evaluationId));
  const nameOf = useUserNames(history.data, patient);

  return (
    <PrintPage
      back={
        <ButtonLink
          to="/evaluations/$evaluationId/$step"
          params={{ evaluationId: params.evaluationId, step: 'sign' }}
          startIcon={<ArrowBackIcon aria-hidden />}
        >
          Back to the evaluation
        </ButtonLink>
      }
      notice={`${evaluationVersionLabel({ ...snapshot, version })}: the record as ${snapshot.signedByName ?? nameOf(snapshot.signedBy)} signed it on ${formatDateTime(snapshot.signedAt)}, a read-only snapshot. Later amendments do not change it.`}
      includeAnswers
      actions={<FhirDownload evaluationId={params.evaluationId} version={version} />}
      evaluation={{ ...snapshot, version }}
      patient={patient}
      workup={getWorkup(snapshot.workflowVersion)}
      nameOf={nameOf}
    />
  );
}

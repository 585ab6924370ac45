import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { EvaluationDto } from '@rls/shared';
import { TextLink } from '@/components/link';
import { formatDateTime } from '@/utils/evaluation-format';
import type { HistoryEntry } from '../api';
import { signedVersions } from '../sign-rules';

interface VersionsListProps {
  evaluation: EvaluationDto;
  history: readonly HistoryEntry[] | undefined;
  nameOf: (userId: string | null) => string;
}

/** Every signed version, each a link to its read-only snapshot. */
export function VersionsList({ evaluation, history, nameOf }: VersionsListProps) {
  const versions = signedVersions(evaluation);
  return (
    <Box sx={{ mb: 2 }}>
      <Typography variant="h4" id="signed-versions-heading" sx={{ mb: 0.5 }}>
        Signed versions
      </Typography>
      {versions.length === 0 ? (
        <Typography color="textSecondary">Not signed yet.</Typography>
      ) : (
        <Box component="ul" aria-labelledby="signed-versions-heading" sx={{ m: 0, pl: 3 }}>
          {versions.map((version) => {
            const isCurrent = evaluation.status === 'signed' && version === evaluation.version;
            const event = history?.find((h) => h.event === 'sign' && h.version === version);
            const at = isCurrent ? evaluation.signedAt : event?.at;
            const by = isCurrent ? evaluation.signedBy : event?.by;
            return (
              <li key={version}>
                <TextLink
                  to="/evaluations/$evaluationId/versions/$version"
                  params={{ evaluationId: evaluation.id, version: String(version) }}
                >
                  Version {version}
                </TextLink>
                {at ? ` — signed ${formatDateTime(at)}` : ''}
                {by ? ` by ${event?.byName ?? nameOf(by)}` : ''}
                {isCurrent ? ' (current)' : ''}
              </li>
            );
          })}
        </Box>
      )}
    </Box>
  );
}

import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { EvaluationDto } from '@rls/shared';
import { TextLink } from '@/components/link';
import type { HistoryEntry } from '../api';
import { signedVersionViews } from '../sign-rules';

interface VersionsListProps {
  evaluation: EvaluationDto;
  history: readonly HistoryEntry[] | undefined;
  nameOf: (userId: string | null) => string;
}

/**
 * Every signed version, each a link to its read-only snapshot, named by when it was signed:
 * "Signed 14 Nov 2026 (original)", "Amendment 1 — 20 Nov 2026" (never the record's save counter).
 */
export function VersionsList({ evaluation, history, nameOf }: VersionsListProps) {
  const versions = signedVersionViews(evaluation, history);
  return (
    <Box sx={{ mb: 2 }}>
      <Typography variant="h4" id="signed-versions-heading" sx={{ mb: 0.5 }}>
        Signed versions
      </Typography>
      {versions.length === 0 ? (
        <Typography color="textSecondary">Not signed yet.</Typography>
      ) : (
        <Box component="ul" aria-labelledby="signed-versions-heading" sx={{ m: 0, pl: 3 }}>
          {versions.map((v) => (
            <li key={v.version}>
              <TextLink
                to="/evaluations/$evaluationId/versions/$version"
                params={{ evaluationId: evaluation.id, version: String(v.version) }}
              >
                {v.label}
              </TextLink>
              {v.signedBy ? ` · ${v.signedByName ?? nameOf(v.signedBy)}` : ''}
              {v.current ? ' · current' : ''}
            </li>
          ))}
        </Box>
      )}
    </Box>
  );
}

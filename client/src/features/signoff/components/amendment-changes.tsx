import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { Amendment, EvaluationDto, WorkupDefinition } from '@rls/shared';
import { useQuery } from '@tanstack/react-query';
import { QueryError } from '@/components/query-error';
import { evaluationVersionLabel } from '@/utils/version-labels';
import { amendmentChanges, type AmendmentChange } from '../amendment-diff';
import { versionQueryOptions } from '../api';

function ChangeLine({ change }: { change: AmendmentChange }) {
  if (change.kind === 'plan') {
    return (
      <>
        <strong>Plan</strong>: {change.change} {change.label}
      </>
    );
  }
  return (
    <>
      <strong>{change.label}</strong>:{' '}
      <Box component="span" sx={{ color: 'text.secondary' }}>
        {change.from}
      </Box>{' '}
      → {change.to}
    </>
  );
}

/**
 * Before an amendment is signed again: what it changes against the signed version it started from
 * (read from `GET …/versions/:version`), item by item as people read them, and why it was opened.
 */
export function AmendmentChanges({
  evaluation,
  amendment,
  workup,
}: {
  /** The saved evaluation about to be signed. */
  evaluation: EvaluationDto;
  /** The amendment being closed (the evaluation's last). */
  amendment: Amendment;
  workup: WorkupDefinition;
}) {
  const signed = useQuery(versionQueryOptions(evaluation.id, amendment.fromVersion));
  const number = evaluation.amendments.length;
  const changes = signed.data ? amendmentChanges(workup, signed.data, evaluation) : [];
  const signedLabel = signed.data ? evaluationVersionLabel(signed.data) : null;

  return (
    <Box component="section" aria-labelledby="sign-amendment-changes" sx={{ mb: 2 }}>
      <Typography variant="h3" id="sign-amendment-changes" sx={{ mb: 0.5 }}>
        What amendment {number} changes
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Reason: {amendment.reason}
      </Typography>
      {signedLabel ? (
        <Typography variant="body2" color="textSecondary">
          Compared with: {signedLabel}
        </Typography>
      ) : null}
      <Box sx={{ mt: 1 }} />
      {signed.isPending ? (
        <Typography color="textSecondary">Loading the signed version…</Typography>
      ) : signed.isError ? (
        <QueryError
          error={signed.error}
          title="Could not load the signed version to compare with"
          onRetry={() => void signed.refetch()}
        />
      ) : changes.length === 0 ? (
        <Alert severity="info">Nothing has changed: the answers and the plan are as they were signed.</Alert>
      ) : (
        <Box component="ul" aria-label="Changes since the signed version" sx={{ m: 0, pl: 3 }}>
          {changes.map((change) => (
            <li key={change.key}>
              <ChangeLine change={change} />
            </li>
          ))}
        </Box>
      )}
    </Box>
  );
}

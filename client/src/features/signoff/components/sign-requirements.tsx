import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { Ref } from 'react';
import { TextLink } from '@/components/link';
import { errorMessage } from '@/components/query-error';
import { stageLabels } from '@/utils/labels';
import type { BlockerView, WarningGroup } from '../sign-rules';
import { BlockersList } from './blockers-list';
import { WarningsList } from './warnings-list';

/** "Required before signing": every blocker with a link to fix it; focused when signing is refused. */
export function BlockersSection({
  evaluationId,
  blockers,
  blockedBy,
  ref,
}: {
  evaluationId: string;
  blockers: readonly BlockerView[];
  /** The blockers found when signing was last tried (empty when it was not refused). */
  blockedBy: readonly BlockerView[];
  ref: Ref<HTMLElement>;
}) {
  return (
    <Box
      component="section"
      aria-labelledby="sign-blockers-heading"
      ref={ref}
      tabIndex={-1}
      sx={{ '&:focus': { outline: 'none' } }}
    >
      <Typography variant="h3" id="sign-blockers-heading" sx={{ mb: 1 }}>
        Required before signing
      </Typography>
      {blockedBy.length > 0 ? (
        <Alert severity="error" sx={{ mb: 1 }}>
          Signing is blocked: {blockedBy.map((b) => b.label).join(', ')}.
        </Alert>
      ) : null}
      <BlockersList evaluationId={evaluationId} blockers={blockers} />
    </Box>
  );
}

/** "Not answered": what is merely unanswered, by stage (needs the patient, loaded separately). */
export function WarningsSection({
  evaluationId,
  groups,
  patient,
}: {
  evaluationId: string;
  groups: readonly WarningGroup[];
  patient: { isSuccess: boolean; isError: boolean; error: unknown };
}) {
  return (
    <Box component="section" aria-labelledby="sign-warnings-heading">
      <Typography variant="h3" id="sign-warnings-heading" sx={{ mb: 0.5 }}>
        Not answered
      </Typography>
      <Typography variant="body2" color="textSecondary" sx={{ mb: 1 }}>
        These do not block signing. Leave them empty when they do not apply.
      </Typography>
      {patient.isSuccess ? (
        <WarningsList evaluationId={evaluationId} groups={groups} />
      ) : patient.isError ? (
        <Alert severity="warning">
          Could not load the patient to list unanswered items: {errorMessage(patient.error)}
        </Alert>
      ) : (
        <Typography color="textSecondary">Loading…</Typography>
      )}
    </Box>
  );
}

/**
 * "Carried forward, not confirmed": answers a follow-up took from the previous evaluation that were
 * neither confirmed nor changed, by stage with a link to each. A warning: signing stays possible.
 */
export function CarriedSection({
  evaluationId,
  groups,
}: {
  evaluationId: string;
  groups: readonly WarningGroup[];
}) {
  const count = groups.reduce((sum, group) => sum + group.codes.length, 0);
  if (count === 0) return null;
  return (
    <Box component="section" aria-labelledby="sign-carried-heading">
      <Typography variant="h3" id="sign-carried-heading" sx={{ mb: 1 }}>
        Carried forward, not confirmed
      </Typography>
      <Alert severity="warning" sx={{ '& .MuiAlert-message': { width: '100%' } }}>
        <Typography variant="body2" sx={{ mb: 1 }}>
          {count === 1 ? '1 answer was' : `${count} answers were`} carried from the previous evaluation and
          not confirmed in this visit. This does not block signing, but signing records them as this
          visit&apos;s findings: confirm or change each one you have checked.
        </Typography>
        <Box component="ul" aria-label="Unconfirmed carried answers" sx={{ m: 0, pl: 0, listStyle: 'none' }}>
          {groups.map((group) => (
            <Box component="li" key={group.stage} sx={{ '& + &': { mt: 0.75 } }}>
              <Typography variant="body2" component="span" sx={{ fontWeight: 700 }}>
                {stageLabels[group.stage]}:
              </Typography>{' '}
              <Typography variant="body2" component="span">
                {group.labels.join(', ')}
              </Typography>{' '}
              <TextLink
                to="/evaluations/$evaluationId/$step"
                params={{ evaluationId, step: group.stage }}
                variant="body2"
              >
                Go to {stageLabels[group.stage]}
              </TextLink>
            </Box>
          ))}
        </Box>
      </Alert>
    </Box>
  );
}

/** "Sign evaluation", and why signing could not start when the last changes did not save. */
export function SignAction({
  preparing,
  prepareError,
  onSign,
}: {
  preparing: boolean;
  prepareError: unknown;
  onSign: () => void;
}) {
  return (
    <Paper variant="outlined" sx={{ p: 2, display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center' }}>
      <Button variant="contained" size="large" onClick={onSign} loading={preparing}>
        Sign evaluation
      </Button>
      <Typography variant="body2" color="textSecondary" sx={{ flex: '1 1 240px' }}>
        You will see a summary of the findings and plan before the evaluation is signed.
      </Typography>
      {prepareError ? (
        <Alert severity="error" sx={{ flexBasis: '100%' }}>
          Your last changes could not be saved, so signing cannot start: {errorMessage(prepareError)}
        </Alert>
      ) : null}
    </Paper>
  );
}

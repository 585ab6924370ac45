import EventAvailableIcon from '@mui/icons-material/EventAvailable';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import { formatDate, localDateOf } from '@/utils/format';
import type { PatientDetail } from '../types';

/**
 * What the next visit is for, from the latest signed evaluation (`patient.followUp`): its planned
 * follow-up date and the recheck its plan calls for ("Recheck ferritin and TSAT 8 weeks after IV
 * iron…"); a warning once the date has come.
 */
export function NextFollowUp({ patient }: { patient: PatientDetail }) {
  const followUp = patient.followUp;
  if (!followUp) return null;
  const source = patient.evaluations.find((e) => e.id === followUp.evaluationId);
  const signedOn = source?.signedAt ? localDateOf(source.signedAt) : null;
  const when = followUp.date ? formatDate(followUp.date) : 'no date planned';
  return (
    <Alert
      severity={followUp.due ? 'warning' : 'info'}
      icon={<EventAvailableIcon aria-hidden />}
      // Static content, not an announcement: a named region instead of the alert role.
      role="region"
      aria-labelledby="next-follow-up-title"
      sx={{ mb: 2 }}
    >
      <AlertTitle id="next-follow-up-title">
        Next recheck: {when}
        {followUp.due ? ' — due now' : ''}
      </AlertTitle>
      {[followUp.reason, signedOn ? `Planned at the evaluation signed ${formatDate(signedOn)}.` : null]
        .filter(Boolean)
        .join(' ')}
    </Alert>
  );
}

import EventAvailableIcon from '@mui/icons-material/EventAvailable';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Paper from '@mui/material/Paper';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import type { FollowUp, Plan } from '@rls/shared';
import { DateField } from '@/components/date-field';
import { formatDate, isoDate, todayIso } from '@/utils/format';
import type { CourseStart } from '../plan-options';

interface FollowUpAndReviewProps {
  followUpDate: string | null;
  reviewed: boolean;
  readOnly: boolean;
  onChange: (patch: Partial<Plan>) => void;
  /** `assessment.followUp`: the interval the selected options call for (null: none). */
  suggested?: FollowUp | null;
  /** `YYYY-MM-DD` the suggested interval counts from when no course start is known (the evaluation's start). */
  startDate: string;
  /** The iron course's start date, when its course line has one: the interval counts from it. */
  courseStart?: CourseStart | null;
  /** `YYYY-MM-DD`, for the quick "in N weeks" buttons. */
  today?: string;
}

/** `YYYY-MM-DD` plus `days` calendar days. */
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return isoDate(new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
}

// Common re-check intervals, e.g. iron studies ~12 weeks after starting iron (AASM-2024).
const QUICK_INTERVALS = [
  { label: 'In 6 weeks', days: 42 },
  { label: 'In 12 weeks', days: 84 },
] as const;

/**
 * "Suggested follow-up in 8 weeks — <reason>", with "Use this" to set the date. The weeks count from
 * the iron course's start date when its course line has one (the recheck is timed from the infusion or
 * the first tablet, IRLSSG-IRON-2018), else from the evaluation's start date — the day the plan is
 * made, on the server's calendar, so the date does not drift with the day the plan is opened.
 */
function SuggestedFollowUp({
  followUp,
  startDate,
  courseStart,
  followUpDate,
  readOnly,
  onUse,
}: {
  followUp: FollowUp;
  startDate: string;
  courseStart: CourseStart | null;
  followUpDate: string | null;
  readOnly: boolean;
  onUse: (date: string) => void;
}) {
  const from = courseStart?.date ?? startDate;
  const date = addDays(from, followUp.weeks * 7);
  const inUse = followUpDate === date;
  const counted = courseStart
    ? `the start of ${courseStart.name} (${formatDate(from)})`
    : `the evaluation start (${formatDate(from)})`;
  return (
    <Box
      role="group"
      aria-labelledby="plan-follow-up-suggestion"
      sx={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: 1,
        alignItems: 'center',
        px: 1.5,
        py: 1,
        borderRadius: 1,
        bgcolor: 'action.hover',
      }}
    >
      <EventAvailableIcon aria-hidden sx={{ color: 'info.main' }} />
      <Box sx={{ flex: '1 1 320px', minWidth: 0 }}>
        <Typography variant="body2" id="plan-follow-up-suggestion">
          <Box component="strong" sx={{ fontWeight: 600 }}>
            Suggested follow-up in {followUp.weeks} weeks
          </Box>{' '}
          — {followUp.reason}
        </Typography>
        <Typography variant="caption" color="textSecondary" component="p" id="plan-follow-up-suggested-date">
          {followUp.weeks} weeks from {counted}: {formatDate(date)}
          {inUse ? ' · this is the follow-up date' : ''}
        </Typography>
      </Box>
      {readOnly || inUse ? null : (
        <Button
          variant="outlined"
          onClick={() => onUse(date)}
          aria-describedby="plan-follow-up-suggested-date"
        >
          Use this
        </Button>
      )}
    </Box>
  );
}

export function FollowUpAndReview({
  followUpDate,
  reviewed,
  readOnly,
  onChange,
  suggested = null,
  startDate,
  courseStart = null,
  today = todayIso(),
}: FollowUpAndReviewProps) {
  return (
    <Box component="section" aria-labelledby="plan-review-heading">
      <Typography variant="h3" id="plan-review-heading" sx={{ mb: 1 }}>
        Follow-up and review
      </Typography>
      <Paper variant="outlined" sx={{ p: 2, display: 'flex', flexDirection: 'column', gap: 2 }}>
        {suggested ? (
          <SuggestedFollowUp
            followUp={suggested}
            startDate={startDate}
            courseStart={courseStart}
            followUpDate={followUpDate}
            readOnly={readOnly}
            onUse={(date) => onChange({ followUpDate: date })}
          />
        ) : null}
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'flex-start' }}>
          {/* Saved only once complete (a half-typed year never reaches autosave); Clear removes it. */}
          <DateField
            label="Follow-up date"
            value={followUpDate}
            disabled={readOnly}
            onCommit={(date) => onChange({ followUpDate: date })}
            helperText={followUpDate ? undefined : 'Empty: no follow-up planned.'}
          />
          {readOnly ? null : (
            <Box sx={{ display: 'flex', gap: 1, mt: 0.25 }}>
              {QUICK_INTERVALS.map((interval) => (
                <Button
                  key={interval.days}
                  variant="text"
                  onClick={() => onChange({ followUpDate: addDays(today, interval.days) })}
                >
                  {interval.label}
                </Button>
              ))}
            </Box>
          )}
        </Box>
        <Box>
          <FormControlLabel
            control={
              <Switch
                checked={reviewed}
                disabled={readOnly}
                onChange={(event) => onChange({ reviewed: event.target.checked })}
                slotProps={{ input: { 'aria-describedby': 'plan-reviewed-help' } }}
              />
            }
            label="Plan reviewed"
          />
          <FormHelperText id="plan-reviewed-help" sx={{ mt: 0 }}>
            Confirms you have reviewed the options and items above. Required before signing.
          </FormHelperText>
        </Box>
      </Paper>
    </Box>
  );
}

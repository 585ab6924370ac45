import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Paper from '@mui/material/Paper';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { Plan } from '@rls/shared';
import { isValidDate } from '@rls/shared';
import { todayIso } from '@/utils/format';

interface FollowUpAndReviewProps {
  followUpDate: string | null;
  reviewed: boolean;
  readOnly: boolean;
  onChange: (patch: Partial<Plan>) => void;
  /** `YYYY-MM-DD`, for the quick "in N weeks" buttons. */
  today?: string;
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const next = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return next.toISOString().slice(0, 10);
}

// Common re-check intervals, e.g. iron studies ~12 weeks after starting iron (AASM-2024).
const QUICK_INTERVALS = [
  { label: 'In 6 weeks', days: 42 },
  { label: 'In 12 weeks', days: 84 },
] as const;

export function FollowUpAndReview({
  followUpDate,
  reviewed,
  readOnly,
  onChange,
  today = todayIso(),
}: FollowUpAndReviewProps) {
  return (
    <Box component="section" aria-labelledby="plan-review-heading">
      <Typography variant="h3" id="plan-review-heading" sx={{ mb: 1 }}>
        Follow-up and review
      </Typography>
      <Paper variant="outlined" sx={{ p: 2, display: 'flex', flexDirection: 'column', gap: 2 }}>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'flex-start' }}>
          <TextField
            type="date"
            label="Follow-up date"
            value={followUpDate ?? ''}
            disabled={readOnly}
            onChange={(event) => {
              const value = event.target.value;
              if (value === '') onChange({ followUpDate: null });
              else if (isValidDate(value)) onChange({ followUpDate: value });
            }}
            helperText="Empty: no follow-up planned."
            sx={{ maxWidth: 240 }}
            slotProps={{ inputLabel: { shrink: true } }}
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

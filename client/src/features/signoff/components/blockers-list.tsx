import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { TextLink } from '@/components/link';
import { stageLabels } from '@/utils/labels';
import type { BlockerView } from '../sign-rules';

const stepLabels = { ...stageLabels, sign: 'Sign' } as const;

/** Each blocker as a link to the step that resolves it. */
export function BlockersList({
  evaluationId,
  blockers,
}: {
  evaluationId: string;
  blockers: readonly BlockerView[];
}) {
  if (blockers.length === 0) {
    return (
      <Alert severity="success" icon={<CheckCircleIcon aria-hidden />}>
        Nothing blocks signing: the five IRLSSG criteria are answered and the plan is reviewed.
      </Alert>
    );
  }
  return (
    <Paper variant="outlined" sx={{ borderColor: 'warning.main' }}>
      <Box component="ul" aria-label="Blocks signing" sx={{ listStyle: 'none', m: 0, p: 0 }}>
        {blockers.map((blocker) => (
          <Box
            component="li"
            key={blocker.code}
            sx={{
              display: 'flex',
              gap: 1,
              alignItems: 'flex-start',
              px: 2,
              py: 1,
              '& + &': { borderTop: 1, borderColor: 'divider' },
            }}
          >
            <WarningAmberIcon aria-hidden fontSize="small" sx={{ color: 'warning.main', mt: 0.25 }} />
            <Box>
              <TextLink
                to="/evaluations/$evaluationId/$step"
                params={{ evaluationId, step: blocker.step }}
                sx={{ fontWeight: 600 }}
              >
                {blocker.label}
              </TextLink>
              <Typography variant="body2" color="textSecondary">
                {blocker.reason.charAt(0).toUpperCase() + blocker.reason.slice(1)} ·{' '}
                {stepLabels[blocker.step]} step
              </Typography>
            </Box>
          </Box>
        ))}
      </Box>
    </Paper>
  );
}

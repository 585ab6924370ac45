import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { IRLS_BAND_LABELS as bandLabels } from '@rls/shared';
import { formatDateTime } from '@/utils/evaluation-format';
import { statusLabels } from '@/utils/labels';
import { compareKeyValues } from '../key-values';
import type { PatientEvaluationSummary } from '../types';

function describe(evaluation: PatientEvaluationSummary): string {
  return `${formatDateTime(evaluation.startedAt)} (${statusLabels[evaluation.status].toLowerCase()})`;
}

/**
 * Previous → latest key values of the last two evaluations with values, so a follow-up shows the
 * effect of treatment. Renders nothing when fewer than two evaluations have values.
 */
export function KeyValueComparison({ evaluations }: { evaluations: readonly PatientEvaluationSummary[] }) {
  const comparison = compareKeyValues(evaluations);
  if (!comparison) return null;

  return (
    <Box component="section" aria-labelledby="comparison-title">
      <Typography id="comparison-title" variant="h2" sx={{ mb: 0.5 }}>
        Change since the previous evaluation
      </Typography>
      <Typography variant="body2" color="textSecondary" sx={{ mb: 1.5 }}>
        {describe(comparison.previous)} → {describe(comparison.latest)}
      </Typography>
      <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }}>
        {comparison.rows.map((row) => (
          <Box
            component="li"
            key={row.key}
            sx={{
              display: 'grid',
              gridTemplateColumns: '7.5rem 1fr auto',
              alignItems: 'baseline',
              columnGap: 2,
              py: 0.75,
              borderTop: 1,
              borderColor: 'divider',
              '&:first-of-type': { borderTop: 0 },
            }}
          >
            <Typography component="span" sx={{ fontWeight: 600 }}>
              {row.label}
            </Typography>{' '}
            <Typography component="span" sx={{ fontVariantNumeric: 'tabular-nums' }}>
              {row.previous ?? 'not recorded'} → {row.latest ?? 'not recorded'}
              {row.latest !== null && row.unit ? ` ${row.unit}` : ''}
              {row.bands?.previous && row.bands.latest ? (
                <Typography component="span" variant="body2" color="textSecondary">
                  {` · ${bandLabels[row.bands.previous]} → ${bandLabels[row.bands.latest]}`}
                </Typography>
              ) : null}
            </Typography>
            {row.change ? (
              <>
                {' '}
                <Typography
                  component="span"
                  variant="body2"
                  color="textSecondary"
                  sx={{ fontVariantNumeric: 'tabular-nums', textAlign: 'right', whiteSpace: 'nowrap' }}
                >
                  ({row.change})
                </Typography>
              </>
            ) : null}
          </Box>
        ))}
      </Box>
    </Box>
  );
}

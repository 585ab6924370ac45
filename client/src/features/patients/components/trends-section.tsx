import TableChartOutlinedIcon from '@mui/icons-material/TableChartOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import type { TrendsDto } from '@rls/shared';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { QueryError } from '@/components/query-error';
import { TrendsTable } from '@/components/trends-table';
import { visuallyHidden } from '@/components/visually-hidden';
import { patientTrendsQueryOptions } from '@/lib/queries';
import { formatDate } from '@/utils/format';
import { augmentationText, hasTrendValues } from '@/utils/trends';
import { TREND_PANELS } from '../trend-panels';
import { TrendChart } from './trend-chart';

const CHART_PLACEHOLDER = 240;

/** Beside the IRLS chart: augmentation features at each visit on a dopaminergic agent. */
function AugmentationList({ entries }: { entries: TrendsDto['augmentation'] }) {
  const headingId = useId();
  return (
    <Box component="section" aria-labelledby={headingId} sx={{ flex: '0 1 260px', minWidth: 200 }}>
      <Typography id={headingId} variant="body2" sx={{ fontWeight: 700, mb: 0.5 }}>
        Augmentation features on a dopaminergic agent
      </Typography>
      <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none' }}>
        {entries.map((entry) => {
          const text = augmentationText(entry);
          const none = entry.features.length === 0;
          return (
            <Box
              component="li"
              key={entry.evaluationId}
              sx={{ py: 0.5, borderTop: 1, borderColor: 'divider', '&:first-of-type': { borderTop: 0 } }}
            >
              <Typography variant="body2" sx={{ fontWeight: 600 }}>
                {formatDate(entry.date)}{' '}
                <Typography component="span" variant="body2" color="textSecondary">
                  · on {text.on}
                </Typography>
              </Typography>
              <Typography variant="body2" color={none ? 'textSecondary' : 'warning.dark'}>
                {none ? 'None recorded' : text.features}
              </Typography>
            </Box>
          );
        })}
      </Box>
    </Box>
  );
}

function TrendCharts({ trends }: { trends: TrendsDto }) {
  return (
    <Box
      sx={{
        display: 'grid',
        gap: 2,
        gridTemplateColumns: { xs: '1fr', lg: 'repeat(2, minmax(0, 1fr))' },
      }}
    >
      {TREND_PANELS.map((panel) => {
        const series = trends.series.filter((s) => panel.codes.includes(s.code) && s.points.length > 0);
        if (series.length === 0) return null;
        const markers = trends.treatments.filter(panel.markers);
        const augmentation = panel.augmentation ? trends.augmentation : [];
        return (
          <Box key={panel.id} sx={augmentation.length > 0 ? { gridColumn: '1 / -1' } : undefined}>
            <TrendChart
              panel={panel}
              series={series}
              markers={markers}
              aside={augmentation.length > 0 ? <AugmentationList entries={augmentation} /> : undefined}
            />
          </Box>
        );
      })}
    </Box>
  );
}

/**
 * "Trends": a chart per measured value across the patient's evaluations with the clinical reference
 * lines and the treatment starts and stops, and the same figures as a table — always read by screen
 * readers, shown on screen on demand.
 */
export function TrendsSection({
  patientId,
  visitOrder,
}: {
  patientId: string;
  /** Evaluation ids, oldest first. */
  visitOrder: readonly string[];
}) {
  const trends = useQuery(patientTrendsQueryOptions(patientId));
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();

  let body;
  if (trends.isPending) {
    body = <Skeleton variant="rounded" height={CHART_PLACEHOLDER} aria-label="Loading trends" />;
  } else if (trends.isError) {
    body = (
      <QueryError
        error={trends.error}
        title="Could not load the trends"
        onRetry={() => void trends.refetch()}
      />
    );
  } else if (!hasTrendValues(trends.data)) {
    body = (
      <Typography color="textSecondary">
        No measured values yet: ferritin, TSAT, haemoglobin, eGFR, the IRLS score, ABI and venous reflux show
        here once an evaluation records them.
      </Typography>
    );
  } else {
    body = (
      <>
        <TrendCharts trends={trends.data} />
        <Box sx={{ mt: 1.5 }}>
          <Button
            size="small"
            startIcon={<TableChartOutlinedIcon aria-hidden />}
            aria-expanded={showTable}
            aria-controls={tableId}
            onClick={() => setShowTable((shown) => !shown)}
          >
            {showTable ? 'Hide the values table' : 'Show the values as a table'}
          </Button>
        </Box>
        <Box id={tableId} sx={showTable ? { mt: 1 } : visuallyHidden}>
          {/* Hidden, it is read by screen readers only: no scroll box of its own inside the 1 px clip. */}
          <TrendsTable
            trends={trends.data}
            visitOrder={visitOrder}
            sx={showTable ? undefined : { overflowX: 'visible' }}
          />
        </Box>
      </>
    );
  }

  return (
    <Paper variant="outlined" component="section" aria-labelledby="trends-title" sx={{ p: 2, mb: 2 }}>
      <Typography id="trends-title" variant="h2" sx={{ mb: 1.5 }}>
        Trends
      </Typography>
      {body}
    </Paper>
  );
}

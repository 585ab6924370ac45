import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { formatHours } from '../format';
import type { DrillSearch } from '../search-params';
import type { WorkloadSummary } from '../types';
import { CardLink } from './drill-link';

interface Kpi {
  label: string;
  value: string;
  detail: string;
  search: DrillSearch;
  tone?: 'warning';
}

function kpis(s: WorkloadSummary): Kpi[] {
  const clinician = s.period.clinicianId ?? undefined;
  const period = { from: s.period.from, to: s.period.to, clinician };
  return [
    {
      label: 'Open evaluations',
      value: String(s.open),
      detail: `${s.byStatus.draft} draft · ${s.byStatus.amending} amending`,
      search: { kind: 'open', clinician },
    },
    {
      label: 'Overdue',
      value: String(s.overdue),
      detail: `Open, unchanged for more than ${s.overdueDays} days`,
      search: { kind: 'overdue', clinician },
      tone: s.overdue > 0 ? 'warning' : undefined,
    },
    {
      label: 'Signed in period',
      value: String(s.signedInPeriod),
      detail: `${s.startedInPeriod} started in the period`,
      search: { kind: 'signed', ...period },
    },
    {
      label: 'Median time to sign',
      value: formatHours(s.hoursToSign.median),
      detail: `90th percentile ${formatHours(s.hoursToSign.p90)} · ${s.hoursToSign.count} signed`,
      search: { kind: 'signed', ...period },
    },
  ];
}

/** The headline figures; each card opens the list of evaluations behind it. */
export function KpiCards({ summary }: { summary: WorkloadSummary }) {
  return (
    <Box
      component="ul"
      aria-label="Key figures"
      sx={{
        listStyle: 'none',
        p: 0,
        m: 0,
        mb: 2,
        display: 'grid',
        gap: 2,
        gridTemplateColumns: { xs: '1fr 1fr', md: 'repeat(4, 1fr)' },
      }}
    >
      {kpis(summary).map((kpi) => (
        <Box component="li" key={kpi.label} sx={{ minWidth: 0 }}>
          <Card variant="outlined" sx={{ height: '100%' }}>
            <CardLink to="/workload/evaluations" search={kpi.search} sx={{ height: '100%' }}>
              <CardContent>
                <Typography variant="body2" color="textSecondary" sx={{ fontWeight: 600 }}>
                  {kpi.label}
                </Typography>
                <Typography
                  component="p"
                  aria-label={`${kpi.label}: ${kpi.value}`}
                  sx={{
                    fontSize: '2rem',
                    fontWeight: 700,
                    lineHeight: 1.2,
                    fontVariantNumeric: 'tabular-nums',
                  }}
                  color={kpi.tone === 'warning' ? 'warning' : 'textPrimary'}
                >
                  {kpi.value}
                </Typography>
                <Typography variant="body2" color="textSecondary">
                  {kpi.detail}
                </Typography>
              </CardContent>
            </CardLink>
          </Card>
        </Box>
      ))}
    </Box>
  );
}

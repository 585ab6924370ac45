import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { BarChart } from '@mui/x-charts/BarChart';
import type { ReactNode } from 'react';
import { formatDate } from '@/utils/format';
import { stageLabel } from '../format';
import type { DrillSearch } from '../search-params';
import type { WorkloadSummary } from '../types';

// The dashboard's charts. @mui/x-charts is imported only by route components (this one, rendered by
// the admin workload route, and the patient page's trend charts), so the chart library lands in lazily
// loaded chunks (tests/bench/check-chart-chunks.ts). Every chart also has a table or list with the same
// figures as links (keyboard and screen readers).

type Drill = (search: DrillSearch) => void;

interface ChartCardProps {
  title: string;
  description: string;
  children: ReactNode;
}

function ChartCard({ title, description, children }: ChartCardProps) {
  return (
    <Paper variant="outlined" component="figure" aria-label={title} sx={{ m: 0, p: 2, minWidth: 0 }}>
      <Typography variant="h2" component="figcaption" sx={{ fontSize: '1.05rem' }}>
        {title}
        <Typography
          variant="body2"
          color="textSecondary"
          component="span"
          sx={{ display: 'block', fontWeight: 400 }}
        >
          {description}
        </Typography>
      </Typography>
      <Box sx={{ mt: 1 }}>{children}</Box>
    </Paper>
  );
}

const CHART_HEIGHT = 260;

export function OpenPerClinicianChart({ summary, onDrill }: { summary: WorkloadSummary; onDrill: Drill }) {
  const theme = useTheme();
  const rows = summary.clinicians;
  const height = Math.max(CHART_HEIGHT, 48 + rows.length * 34);
  return (
    <ChartCard
      title="Open evaluations per clinician"
      description={`Overdue: unchanged for more than ${summary.overdueDays} days. Click a bar for the list.`}
    >
      <BarChart
        height={height}
        layout="horizontal"
        yAxis={[{ scaleType: 'band', data: rows.map((c) => c.name), width: 130 }]}
        xAxis={[{ tickMinStep: 1, label: 'Evaluations' }]}
        series={[
          {
            id: 'overdue',
            label: 'Overdue',
            data: rows.map((c) => c.overdue),
            stack: 'open',
            color: theme.palette.warning.main,
          },
          {
            id: 'ontime',
            label: 'Open, on time',
            data: rows.map((c) => c.open - c.overdue),
            stack: 'open',
            color: theme.palette.primary.main,
          },
        ]}
        onItemClick={(_event, item) => {
          const c = rows[item.dataIndex];
          if (c) onDrill({ kind: item.seriesId === 'overdue' ? 'overdue' : 'clinician', clinician: c.id });
        }}
      />
    </ChartCard>
  );
}

export function StageChart({ summary, onDrill }: { summary: WorkloadSummary; onDrill: Drill }) {
  const theme = useTheme();
  const stages = summary.openByStage;
  return (
    <ChartCard title="Where open evaluations wait" description="The stage of the most recent answer change.">
      <BarChart
        height={CHART_HEIGHT}
        xAxis={[{ scaleType: 'band', data: stages.map((s) => stageLabel(s.stage)) }]}
        yAxis={[{ tickMinStep: 1, width: 40 }]}
        series={[
          {
            id: 'open',
            label: 'Open evaluations',
            data: stages.map((s) => s.count),
            color: theme.palette.info.main,
          },
        ]}
        hideLegend
        onItemClick={(_event, item) => {
          const s = stages[item.dataIndex];
          if (s)
            onDrill({ kind: 'stage', stage: s.stage, clinician: summary.period.clinicianId ?? undefined });
        }}
      />
    </ChartCard>
  );
}

export function WeeklyChart({ summary, onDrill }: { summary: WorkloadSummary; onDrill: Drill }) {
  const theme = useTheme();
  const weeks = summary.weekly;
  return (
    <ChartCard
      title="Started and signed per week"
      description="Weeks run Monday to Sunday; the first and last may be partial."
    >
      <BarChart
        height={CHART_HEIGHT}
        xAxis={[
          {
            scaleType: 'band',
            data: weeks.map((w) => formatDate(w.from).replace(/ \d{4}$/, '')),
            tickLabelMinGap: 8,
          },
        ]}
        yAxis={[{ tickMinStep: 1, width: 40 }]}
        series={[
          {
            id: 'started',
            label: 'Started',
            data: weeks.map((w) => w.started),
            color: theme.palette.secondary.main,
          },
          {
            id: 'signed',
            label: 'Signed',
            data: weeks.map((w) => w.signed),
            color: theme.palette.success.main,
          },
        ]}
        onItemClick={(_event, item) => {
          const w = weeks[item.dataIndex];
          if (w) {
            onDrill({
              kind: item.seriesId === 'signed' ? 'signed' : 'started',
              from: w.from,
              to: w.to,
              clinician: summary.period.clinicianId ?? undefined,
            });
          }
        }}
      />
    </ChartCard>
  );
}

/** `< 1 h`, `1–2 h`, `8–24 h`, `1–2 d`, `≥ 30 d`: hours below a day, days from a day on. */
function bucketLabel(fromHours: number, toHours: number | null): string {
  if (toHours === null) return fromHours >= 24 ? `≥ ${fromHours / 24} d` : `≥ ${fromHours} h`;
  if (fromHours === 0) return `< ${toHours} h`;
  return fromHours >= 24 ? `${fromHours / 24}–${toHours / 24} d` : `${fromHours}–${toHours} h`;
}

export function SignTimeHistogram({ summary, onDrill }: { summary: WorkloadSummary; onDrill: Drill }) {
  const theme = useTheme();
  const bars = summary.signDurationHistogram;
  return (
    <ChartCard
      title="Time from start to sign-off"
      description="Evaluations signed in the period, by how long they took."
    >
      <BarChart
        height={CHART_HEIGHT}
        xAxis={[
          {
            scaleType: 'band',
            data: bars.map((b) => bucketLabel(b.fromHours, b.toHours)),
            tickLabelMinGap: 4,
          },
        ]}
        yAxis={[{ tickMinStep: 1, width: 40 }]}
        series={[
          {
            id: 'signed',
            label: 'Evaluations',
            data: bars.map((b) => b.count),
            color: theme.palette.primary.light,
          },
        ]}
        hideLegend
        onItemClick={() =>
          onDrill({
            kind: 'signed',
            from: summary.period.from,
            to: summary.period.to,
            clinician: summary.period.clinicianId ?? undefined,
          })
        }
      />
    </ChartCard>
  );
}

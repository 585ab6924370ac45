import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Fragment, type ReactNode } from 'react';
import { PageHeader } from '@/components/page-header';
import { QueryError } from '@/components/query-error';
import { PageLoading } from '@/components/loading';
import { formatDateTime } from '@/utils/evaluation-format';
import { workloadSummaryQueryOptions } from '../api';
import { formatPeriod, stageLabel, statusLabel } from '../format';
import type { DrillSearch, WorkloadSearch } from '../search-params';
import type { WorkloadSummary } from '../types';
import { DrillLink } from './drill-link';
import { KpiCards } from './kpi-cards';
import { ClinicianTable, FindingTable, FollowUpTable, WeeklyTable } from './summary-tables';
import { OpenPerClinicianChart, SignTimeHistogram, StageChart, WeeklyChart } from './workload-charts';
import { WorkloadFilters } from './workload-filters';

interface WorkloadDashboardProps {
  search: WorkloadSearch;
  onSearchChange: (next: WorkloadSearch) => void;
}

/** The administrators' dashboard: the flow of work, never its clinical content. */
export function WorkloadDashboard({ search, onSearchChange }: WorkloadDashboardProps) {
  const query = useQuery({ ...workloadSummaryQueryOptions(search), placeholderData: keepPreviousData });
  const navigate = useNavigate();
  const drill = (next: DrillSearch) => void navigate({ to: '/workload/evaluations', search: next });

  if (query.isPending) return <PageLoading />;
  if (query.isError && !query.data) {
    return (
      <>
        <PageHeader title="Workload" />
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  const summary = query.data;
  const clinicianName = summary.period.clinicianId
    ? (summary.clinicians.find((c) => c.id === summary.period.clinicianId)?.name ?? 'one clinician')
    : 'all clinicians';

  return (
    <Box aria-busy={query.isFetching || undefined}>
      <PageHeader
        title="Workload"
        description={`${formatPeriod(summary.period.from, summary.period.to)} · ${clinicianName} · as of ${formatDateTime(summary.asOf)} (dates in ${summary.period.timeZone})`}
      />
      <WorkloadFilters search={search} period={summary.period} onChange={onSearchChange} />
      {query.isError ? (
        <QueryError error={query.error} title="Could not refresh" onRetry={() => void query.refetch()} />
      ) : null}
      <Box sx={{ opacity: query.isPlaceholderData ? 0.6 : 1, transition: 'opacity 150ms' }}>
        <KpiCards summary={summary} />
        <StatusLine summary={summary} />
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' }, mb: 2 }}>
          <OpenPerClinicianChart summary={summary} onDrill={drill} />
          <StageChart summary={summary} onDrill={drill} />
          <WeeklyChart summary={summary} onDrill={drill} />
          <SignTimeHistogram summary={summary} onDrill={drill} />
        </Box>
        <Box sx={{ mb: 2 }}>
          <ClinicianTable summary={summary} />
        </Box>
        <Box
          sx={{
            display: 'grid',
            gap: 2,
            gridTemplateColumns: { xs: '1fr', md: '1fr 1fr', lg: '1fr 1fr 1.4fr' },
            alignItems: 'start',
          }}
        >
          <FollowUpTable summary={summary} />
          <WeeklyTable summary={summary} />
          {/* Two columns on a 1024 px screen: the findings take the full row below them. */}
          <Box sx={{ gridColumn: { md: '1 / -1', lg: 'auto' }, minWidth: 0 }}>
            <FindingTable summary={summary} />
          </Box>
        </Box>
      </Box>
    </Box>
  );
}

function joined(items: ReactNode[]): ReactNode {
  return items.map((item, i) => (
    <Fragment key={i}>
      {i > 0 ? ' · ' : null}
      {item}
    </Fragment>
  ));
}

/** Every evaluation by status, and where the open ones wait — as links (the charts' text alternative). */
function StatusLine({ summary }: { summary: WorkloadSummary }) {
  const clinician = summary.period.clinicianId ?? undefined;
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 4, rowGap: 0.5, mb: 2 }}>
      <Typography variant="body2">
        <strong>All evaluations now:</strong>{' '}
        {joined(
          (['draft', 'amending', 'signed'] as const).map((status) => (
            <DrillLink key={status} search={{ kind: 'status', status, clinician }}>
              {statusLabel(status)} {summary.byStatus[status]}
            </DrillLink>
          )),
        )}
      </Typography>
      <Typography variant="body2">
        <strong>Open, waiting in:</strong>{' '}
        {joined(
          summary.openByStage.map((s) => (
            <DrillLink key={s.stage} search={{ kind: 'stage', stage: s.stage, clinician }}>
              {stageLabel(s.stage)} {s.count}
            </DrillLink>
          )),
        )}
      </Typography>
    </Box>
  );
}

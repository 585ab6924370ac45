import { formatDate } from '@/utils/format';
import { formatHours, formatShortRange } from '../format';
import type { ClinicianWorkload, FollowUpWeek, WeekCount, WorkloadSummary } from '../types';
import { DrillLink } from './drill-link';
import { WorkloadTable, type Column } from './workload-table';

// The dashboard's tables. Every count links to the list of evaluations it counts.

function fileName(table: string, s: WorkloadSummary): string {
  return `workload-${table}-${s.period.from}-to-${s.period.to}.csv`;
}

export function ClinicianTable({ summary }: { summary: WorkloadSummary }) {
  const period = { from: summary.period.from, to: summary.period.to };
  const columns: Column<ClinicianWorkload>[] = [
    { header: 'Clinician', cell: (c) => c.name, csv: (c) => c.name },
    {
      header: 'Open',
      align: 'right',
      cell: (c) => (
        <DrillLink
          search={{ kind: 'clinician', clinician: c.id }}
          label={`${c.open} open evaluations of ${c.name}`}
        >
          {c.open}
        </DrillLink>
      ),
      csv: (c) => c.open,
    },
    {
      header: 'Overdue',
      align: 'right',
      cell: (c) => (
        <DrillLink
          search={{ kind: 'overdue', clinician: c.id }}
          label={`${c.overdue} overdue evaluations of ${c.name}`}
        >
          {c.overdue}
        </DrillLink>
      ),
      csv: (c) => c.overdue,
    },
    {
      header: 'Started',
      align: 'right',
      cell: (c) => (
        <DrillLink
          search={{ kind: 'started', clinician: c.id, ...period }}
          label={`${c.started} started by ${c.name}`}
        >
          {c.started}
        </DrillLink>
      ),
      csv: (c) => c.started,
    },
    {
      header: 'Signed',
      align: 'right',
      cell: (c) => (
        <DrillLink
          search={{ kind: 'signed', clinician: c.id, ...period }}
          label={`${c.signed} signed by ${c.name}`}
        >
          {c.signed}
        </DrillLink>
      ),
      csv: (c) => c.signed,
    },
    {
      header: 'Median to sign',
      align: 'right',
      cell: (c) => formatHours(c.hoursToSign.median),
      csv: (c) => c.hoursToSign.median,
    },
    {
      header: '90th pct to sign',
      align: 'right',
      cell: (c) => formatHours(c.hoursToSign.p90),
      csv: (c) => c.hoursToSign.p90,
    },
    {
      header: 'History',
      align: 'right',
      cell: (c) => formatHours(c.stageMedianHours.history),
      csv: (c) => c.stageMedianHours.history,
    },
    {
      header: 'Exam',
      align: 'right',
      cell: (c) => formatHours(c.stageMedianHours.exam),
      csv: (c) => c.stageMedianHours.exam,
    },
    {
      header: 'Labs',
      align: 'right',
      cell: (c) => formatHours(c.stageMedianHours.labs),
      csv: (c) => c.stageMedianHours.labs,
    },
    {
      header: 'Imaging',
      align: 'right',
      cell: (c) => formatHours(c.stageMedianHours.imaging),
      csv: (c) => c.stageMedianHours.imaging,
    },
  ];
  return (
    <WorkloadTable
      title="Per clinician"
      description="Open and overdue now; started and signed in the period. Times are medians (CSV: hours); stage times run from the stage's first to its last answer change."
      rows={summary.clinicians}
      columns={columns}
      rowKey={(c) => c.id}
      csvFilename={fileName('clinicians', summary)}
      empty="No clinicians."
    />
  );
}

export function WeeklyTable({ summary }: { summary: WorkloadSummary }) {
  const clinician = summary.period.clinicianId ?? undefined;
  const columns: Column<WeekCount>[] = [
    { header: 'Week', cell: (w) => formatShortRange(w.from, w.to), csv: (w) => `${w.from}/${w.to}` },
    {
      header: 'Started',
      align: 'right',
      cell: (w) => (
        <DrillLink search={{ kind: 'started', from: w.from, to: w.to, clinician }}>{w.started}</DrillLink>
      ),
      csv: (w) => w.started,
    },
    {
      header: 'Signed',
      align: 'right',
      cell: (w) => (
        <DrillLink search={{ kind: 'signed', from: w.from, to: w.to, clinician }}>{w.signed}</DrillLink>
      ),
      csv: (w) => w.signed,
    },
  ];
  return (
    <WorkloadTable
      title="Weekly"
      rows={summary.weekly}
      columns={columns}
      rowKey={(w) => w.weekStart}
      csvFilename={fileName('weekly', summary)}
    />
  );
}

export function FollowUpTable({ summary }: { summary: WorkloadSummary }) {
  const clinician = summary.period.clinicianId ?? undefined;
  const columns: Column<FollowUpWeek>[] = [
    { header: 'Week', cell: (w) => formatShortRange(w.from, w.to), csv: (w) => `${w.from}/${w.to}` },
    {
      header: 'Follow-ups due',
      align: 'right',
      cell: (w) => (
        <DrillLink search={{ kind: 'followup', from: w.from, to: w.to, clinician }}>{w.count}</DrillLink>
      ),
      csv: (w) => w.count,
    },
  ];
  return (
    <WorkloadTable
      title="Follow-ups due"
      description={`Plan follow-up dates in the next ${summary.followUps.weeks} weeks from ${formatDate(summary.today)}: ${summary.followUps.total}.`}
      rows={summary.followUps.byWeek}
      columns={columns}
      rowKey={(w) => w.from}
      csvFilename={`workload-follow-ups-${summary.followUps.from}-to-${summary.followUps.to}.csv`}
    />
  );
}

type FindingRow = WorkloadSummary['findings'][number];

export function FindingTable({ summary }: { summary: WorkloadSummary }) {
  const clinician = summary.period.clinicianId ?? undefined;
  const share = (f: FindingRow) =>
    summary.signedInPeriod > 0 ? Math.round((f.count / summary.signedInPeriod) * 100) : 0;
  const columns: Column<FindingRow>[] = [
    { header: 'Finding', cell: (f) => f.label, csv: (f) => f.label },
    {
      header: 'Evaluations',
      align: 'right',
      cell: (f) => (
        <DrillLink
          search={{
            kind: 'finding',
            finding: f.code,
            from: summary.period.from,
            to: summary.period.to,
            clinician,
          }}
        >
          {f.count}
        </DrillLink>
      ),
      csv: (f) => f.count,
    },
    { header: 'Share', align: 'right', cell: (f) => `${share(f)} %`, csv: (f) => share(f) },
  ];
  return (
    <WorkloadTable
      title="Findings in signed evaluations"
      description={`How many of the ${summary.signedInPeriod} evaluations signed in the period carry each finding (counts only).`}
      rows={summary.findings}
      columns={columns}
      csvColumns={[{ header: 'Code', cell: (f) => f.code, csv: (f) => f.code }, ...columns]}
      rowKey={(f) => f.code}
      csvFilename={fileName('findings', summary)}
      empty="No signed evaluations in this period."
    />
  );
}

import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import DownloadIcon from '@mui/icons-material/Download';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { findingCatalog, type Clinician } from '@rls/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCanGoBack, useRouter } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { ButtonLink } from '@/components/link';
import { TableSkeleton } from '@/components/loading';
import { PageHeader } from '@/components/page-header';
import { QueryError, errorMessage } from '@/components/query-error';
import { formatDate } from '@/utils/format';
import { formatDateTime } from '@/utils/evaluation-format';
import { cliniciansQueryOptions } from '@/lib/queries';
import {
  DRILL_PAGE_SIZE,
  fetchAllWorkloadEvaluations,
  useReassignEvaluation,
  workloadEvaluationsQueryOptions,
} from '../api';
import { downloadCsv, toCsv, type CsvColumn } from '../csv';
import { drillTitle, formatDays, formatHours, formatPeriod, stageLabel, statusLabel } from '../format';
import type { DrillSearch } from '../search-params';
import type { WorkloadEvaluationRow } from '../types';

const statusColors = { draft: 'info', amending: 'warning', signed: 'success', discarded: 'default' } as const;

type ColumnId =
  | 'evaluation'
  | 'clinician'
  | 'status'
  | 'stage'
  | 'started'
  | 'lastChange'
  | 'signed'
  | 'age'
  | 'idle'
  | 'toSign'
  | 'followUp'
  | 'reassign';

const HEADERS: Record<ColumnId, string> = {
  evaluation: 'Evaluation',
  clinician: 'Clinician',
  status: 'Status',
  stage: 'Stage',
  started: 'Started',
  lastChange: 'Last change',
  signed: 'Signed',
  age: 'Age',
  idle: 'Unchanged for',
  toSign: 'To sign',
  followUp: 'Follow-up',
  reassign: 'Reassign',
};
const NUMERIC = new Set<ColumnId>(['age', 'idle', 'toSign']);

/** The columns that matter for a list: open work shows waiting times and a reassign action. */
function columnsFor(search: DrillSearch): ColumnId[] {
  const signedList =
    search.kind === 'signed' ||
    search.kind === 'finding' ||
    (search.kind === 'status' && search.status === 'signed');
  if (signedList) return ['evaluation', 'clinician', 'started', 'signed', 'toSign', 'followUp'];
  if (search.kind === 'followup')
    return ['evaluation', 'clinician', 'status', 'followUp', 'signed', 'lastChange', 'reassign'];
  if (search.kind === 'started')
    return ['evaluation', 'clinician', 'status', 'stage', 'started', 'lastChange', 'toSign', 'reassign'];
  return ['evaluation', 'clinician', 'status', 'stage', 'started', 'lastChange', 'age', 'idle', 'reassign'];
}

const CSV_COLUMNS: CsvColumn<WorkloadEvaluationRow>[] = [
  { header: 'evaluation_id', value: (r) => r.id },
  { header: 'clinician_id', value: (r) => r.clinician.id },
  { header: 'clinician', value: (r) => r.clinician.name },
  { header: 'status', value: (r) => r.status },
  { header: 'stage', value: (r) => r.stage },
  { header: 'started_at', value: (r) => r.startedAt },
  { header: 'last_change_at', value: (r) => r.updatedAt },
  { header: 'signed_at', value: (r) => r.signedAt },
  { header: 'age_days', value: (r) => r.ageDays },
  { header: 'unchanged_days', value: (r) => r.idleDays },
  { header: 'hours_to_sign', value: (r) => r.hoursToSign },
  { header: 'follow_up_date', value: (r) => r.followUpDate },
];

interface DrillListProps {
  search: DrillSearch;
  onPageChange: (page: number) => void;
}

/** The evaluations behind one workload figure, with a reassign action for open ones. */
export function DrillList({ search, onPageChange }: DrillListProps) {
  const query = useQuery({ ...workloadEvaluationsQueryOptions(search), placeholderData: keepPreviousData });
  const clinicians = useQuery(cliniciansQueryOptions());
  const [notice, setNotice] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);
  const [exporting, setExporting] = useState(false);

  const page = query.data;
  const clinicianName =
    search.clinician &&
    (clinicians.data?.find((c) => c.id === search.clinician)?.name ??
      page?.items.find((r) => r.clinician.id === search.clinician)?.clinician.name ??
      null);
  const title = drillTitle(search, {
    clinician: clinicianName || null,
    finding: search.finding ? (findingCatalog[search.finding]?.label ?? search.finding) : null,
  });
  const from = page?.filter.from;
  const to = page?.filter.to;
  const description = [
    from && to
      ? search.kind === 'followup'
        ? `Follow-up dates ${formatPeriod(from, to)}`
        : formatPeriod(from, to)
      : null,
    page ? `${page.total} ${page.total === 1 ? 'evaluation' : 'evaluations'}` : null,
  ]
    .filter(Boolean)
    .join(' · ');

  const columns = columnsFor(search);
  const headers = columns.map((c) => HEADERS[c]);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const rows = await fetchAllWorkloadEvaluations(search);
      const name = [search.kind, search.status, search.stage, search.finding, from, to]
        .filter(Boolean)
        .join('-');
      downloadCsv(`workload-${name}.csv`, toCsv(rows, CSV_COLUMNS));
    } catch (error) {
      setNotice({ severity: 'error', text: `Could not export: ${errorMessage(error)}` });
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={title}
        description={description || undefined}
        actions={
          <>
            <BackButton />
            <Button
              variant="outlined"
              startIcon={<DownloadIcon aria-hidden />}
              onClick={() => void exportCsv()}
              disabled={exporting || !page || page.total === 0}
            >
              {exporting ? 'Preparing CSV…' : 'Download CSV'}
            </Button>
          </>
        }
      />
      {notice ? (
        <Alert
          severity={notice.severity}
          onClose={() => setNotice(null)}
          sx={{ mb: 2 }}
          role={notice.severity === 'error' ? 'alert' : 'status'}
        >
          {notice.text}
        </Alert>
      ) : null}
      {query.isError && !page ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Paper variant="outlined">
          {!page ? (
            <TableSkeleton columns={headers} label="Loading evaluations" />
          ) : (
            <>
              <TableContainer>
                <Table
                  aria-label="Evaluations"
                  aria-busy={query.isPlaceholderData || undefined}
                  sx={{
                    opacity: query.isPlaceholderData ? 0.6 : 1,
                    '& .MuiTableCell-root': { px: { xs: 1, lg: 2 } },
                  }}
                >
                  <TableHead>
                    <TableRow>
                      {columns.map((c) => (
                        <TableCell key={c} align={NUMERIC.has(c) ? 'right' : 'left'}>
                          {HEADERS[c]}
                        </TableCell>
                      ))}
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {page.items.length === 0 ? (
                      <TableRow>
                        <TableCell colSpan={columns.length}>
                          <Typography sx={{ py: 3, textAlign: 'center' }} color="textSecondary">
                            No evaluations in this list.
                          </Typography>
                        </TableCell>
                      </TableRow>
                    ) : (
                      page.items.map((row) => (
                        <DrillRow
                          key={row.id}
                          row={row}
                          columns={columns}
                          clinicians={clinicians.data ?? []}
                          onNotice={setNotice}
                        />
                      ))
                    )}
                  </TableBody>
                </Table>
              </TableContainer>
              <TablePagination
                component="div"
                count={page.total}
                page={Math.max(0, (search.page ?? 1) - 1)}
                rowsPerPage={DRILL_PAGE_SIZE}
                rowsPerPageOptions={[]}
                onPageChange={(_event, next) => onPageChange(next + 1)}
              />
            </>
          )}
        </Paper>
      )}
    </>
  );
}

function BackButton() {
  const router = useRouter();
  const canGoBack = useCanGoBack();
  if (canGoBack) {
    return (
      <Button startIcon={<ArrowBackIcon aria-hidden />} onClick={() => router.history.back()}>
        Back
      </Button>
    );
  }
  return (
    <ButtonLink to="/workload" startIcon={<ArrowBackIcon aria-hidden />}>
      Workload
    </ButtonLink>
  );
}

interface DrillRowProps {
  row: WorkloadEvaluationRow;
  columns: readonly ColumnId[];
  clinicians: readonly Clinician[];
  onNotice: (notice: { severity: 'success' | 'error'; text: string }) => void;
}

function DrillRow({ row, columns, clinicians, onNotice }: DrillRowProps) {
  const reassign = useReassignEvaluation();
  const [target, setTarget] = useState('');
  const shortId = row.id.slice(0, 8);
  const signed = row.status === 'signed';
  const choices = clinicians.filter((c) => c.id !== row.clinician.id);

  const submit = () => {
    const to = clinicians.find((c) => c.id === target);
    if (!to) return;
    reassign.mutate(
      { evaluationId: row.id, clinicianId: to.id },
      {
        onSuccess: () => {
          setTarget('');
          onNotice({ severity: 'success', text: `Evaluation ${shortId} is now assigned to ${to.name}.` });
        },
        onError: (error) =>
          onNotice({ severity: 'error', text: `Could not reassign ${shortId}: ${errorMessage(error)}` }),
      },
    );
  };

  const nowrap = { whiteSpace: 'nowrap' } as const;
  // Names and times may take two lines below `lg` (a 1024 px screen), so the list fits its width.
  const wrapsWhenNarrow = { whiteSpace: { xs: 'normal', lg: 'nowrap' } } as const;
  const numeric = { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' } as const;
  const cells: Record<ColumnId, () => ReactNode> = {
    evaluation: () => (
      <TableCell
        key="evaluation"
        component="th"
        scope="row"
        sx={{ fontFamily: 'monospace', ...nowrap }}
        title={row.id}
      >
        {shortId}
      </TableCell>
    ),
    clinician: () => (
      <TableCell key="clinician" sx={wrapsWhenNarrow}>
        {row.clinician.name ?? 'Unknown user'}
      </TableCell>
    ),
    status: () => (
      <TableCell key="status">
        <Chip label={statusLabel(row.status)} color={statusColors[row.status]} variant="outlined" />
      </TableCell>
    ),
    stage: () => <TableCell key="stage">{signed ? '—' : stageLabel(row.stage)}</TableCell>,
    started: () => (
      <TableCell key="started" sx={wrapsWhenNarrow}>
        {formatDateTime(row.startedAt)}
      </TableCell>
    ),
    lastChange: () => (
      <TableCell key="lastChange" sx={wrapsWhenNarrow}>
        {formatDateTime(row.updatedAt)}
      </TableCell>
    ),
    signed: () => (
      <TableCell key="signed" sx={wrapsWhenNarrow}>
        {formatDateTime(row.signedAt)}
      </TableCell>
    ),
    age: () => (
      <TableCell key="age" align="right" sx={numeric}>
        {formatDays(row.ageDays)}
      </TableCell>
    ),
    idle: () => (
      <TableCell key="idle" align="right" sx={numeric}>
        {signed ? '—' : formatDays(row.idleDays)}
      </TableCell>
    ),
    toSign: () => (
      <TableCell key="toSign" align="right" sx={numeric}>
        {formatHours(row.hoursToSign)}
      </TableCell>
    ),
    followUp: () => (
      <TableCell key="followUp" sx={nowrap}>
        {formatDate(row.followUpDate)}
      </TableCell>
    ),
    reassign: () => (
      <TableCell key="reassign" sx={{ minWidth: { lg: 280 }, py: 0.75 }}>
        {signed ? (
          <Typography variant="body2" color="textSecondary">
            Signed: not reassignable
          </Typography>
        ) : (
          <Box
            component="form"
            sx={{
              display: 'flex',
              // The button under the choice below `lg`, beside it from there.
              flexDirection: { xs: 'column', lg: 'row' },
              gap: 1,
              alignItems: { xs: 'flex-start', lg: 'center' },
            }}
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <TextField
              select
              label="Reassign to"
              value={target}
              onChange={(event) => setTarget(event.target.value)}
              disabled={reassign.isPending}
              fullWidth={false}
              sx={{ width: { xs: 140, lg: 180 } }}
              slotProps={{ htmlInput: { 'aria-label': `Reassign evaluation ${shortId} to` } }}
            >
              {choices.map((c) => (
                <MenuItem key={c.id} value={c.id}>
                  {c.name}
                </MenuItem>
              ))}
            </TextField>
            <Button type="submit" variant="outlined" size="small" disabled={!target || reassign.isPending}>
              {reassign.isPending ? 'Saving…' : 'Reassign'}
            </Button>
          </Box>
        )}
      </TableCell>
    ),
  };

  return <TableRow hover>{columns.map((c) => cells[c]())}</TableRow>;
}

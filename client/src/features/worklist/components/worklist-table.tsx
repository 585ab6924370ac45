import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import Typography from '@mui/material/Typography';
import type { EvaluationStatus, WorklistSort } from '@rls/shared';
import { useNavigate } from '@tanstack/react-router';
import type { MouseEvent, ReactNode } from 'react';
import { TextLink } from '@/components/link';
import { TableSkeleton } from '@/components/loading';
import { ageInYears, formatDate, todayIso } from '@/utils/format';
import { sexLabels, stageLabels, statusLabels } from '@/utils/labels';
import { parseSort, type SortField } from '../search-params';
import type { WorklistRow } from '../types';

interface Column {
  label: string;
  /** The API sort this column's header toggles; absent for columns the server cannot sort by. */
  sort?: SortField;
}

const COLUMNS: readonly Column[] = [
  { label: 'Patient', sort: 'name' },
  { label: 'MRN', sort: 'mrn' },
  { label: 'Born' },
  { label: 'Sex' },
  { label: 'Status', sort: 'status' },
  { label: 'Stage' },
  { label: 'Assignee' },
  { label: 'Follow-up', sort: 'followUp' },
  { label: 'Updated', sort: 'updated' },
];

export const WORKLIST_COLUMNS = COLUMNS.map((column) => column.label);

type StatusColor = 'default' | 'info' | 'warning' | 'success';

const statusColors: Record<EvaluationStatus, StatusColor> = {
  draft: 'info',
  amending: 'warning',
  signed: 'success',
  discarded: 'default',
};

/**
 * Below the `lg` breakpoint (a 1024 px screen) the nine columns fit without sideways scrolling: cells
 * get narrower padding, long names and the assignee may wrap, and a date's note (age, "overdue") goes
 * on a second line.
 */
const compactTableSx = {
  '& .MuiTableCell-root': { px: { xs: 1, lg: 2 } },
} as const;
const secondLine = { display: { xs: 'block', lg: 'inline' } } as const;

const timeFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** An ISO-UTC time as a calendar date on this device, e.g. `3 May 2026`. */
function formatTimeAsDate(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : timeFormat.format(date);
}

interface WorklistTableProps {
  items: readonly WorklistRow[];
  sort?: WorklistSort | undefined;
  onSortChange?: (field: SortField) => void;
  /** A newer page is loading: the rows shown are the previous ones. */
  busy?: boolean;
  /** Shown in the body when `items` is empty. */
  empty?: ReactNode;
  /** `YYYY-MM-DD`; follow-ups on or before it are due, before it overdue. */
  today?: string;
}

export function WorklistTable({
  items,
  sort,
  onSortChange,
  busy = false,
  empty,
  today = todayIso(),
}: WorklistTableProps) {
  const active = parseSort(sort);
  return (
    <TableContainer>
      <Table
        aria-label="Patients"
        aria-busy={busy || undefined}
        sx={{ ...compactTableSx, opacity: busy ? 0.6 : 1, transition: 'opacity 150ms' }}
      >
        <TableHead>
          <TableRow>
            {COLUMNS.map((column) => {
              const isActive = column.sort !== undefined && column.sort === active.field;
              return (
                <TableCell
                  key={column.label}
                  aria-sort={isActive ? (active.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                  sortDirection={isActive ? active.direction : false}
                >
                  {column.sort && onSortChange ? (
                    <TableSortLabel
                      active={isActive}
                      direction={isActive ? active.direction : 'asc'}
                      onClick={() => onSortChange(column.sort!)}
                    >
                      {column.label}
                    </TableSortLabel>
                  ) : (
                    column.label
                  )}
                </TableCell>
              );
            })}
          </TableRow>
        </TableHead>
        <TableBody>
          {items.length === 0 ? (
            <TableRow>
              <TableCell colSpan={COLUMNS.length}>{empty ?? <NoPatients />}</TableCell>
            </TableRow>
          ) : (
            items.map((item) => <WorklistTableRow key={item.id} item={item} today={today} />)
          )}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

export function NoPatients({ children }: { children?: ReactNode }) {
  return (
    <Box sx={{ py: 5, textAlign: 'center' }}>
      <Typography sx={{ fontWeight: 600 }}>No patients match</Typography>
      {children ?? (
        <Typography variant="body2" color="textSecondary">
          Patients you add, and those with a workup, appear here.
        </Typography>
      )}
    </Box>
  );
}

/** Clicks on the row (outside its link) open the patient too; keyboard users use the name link. */
function isPlainClick(event: MouseEvent): boolean {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  if ((event.target as Element).closest('a, button, input')) return false;
  return !window.getSelection()?.toString();
}

function WorklistTableRow({ item, today }: { item: WorklistRow; today: string }) {
  const navigate = useNavigate();
  const evaluation = item.evaluation;
  const age = ageInYears(item.birthDate, today);
  const followUp = evaluation?.followUpDate ?? null;
  const overdue = followUp !== null && followUp < today;
  const due = followUp !== null && followUp === today;

  return (
    <TableRow
      hover
      sx={{ cursor: 'pointer' }}
      onClick={(event) => {
        if (isPlainClick(event))
          void navigate({ to: '/patients/$patientId', params: { patientId: item.id } });
      }}
    >
      <TableCell
        component="th"
        scope="row"
        sx={{ fontWeight: 600, whiteSpace: { xs: 'normal', lg: 'nowrap' } }}
      >
        <TextLink
          to="/patients/$patientId"
          params={{ patientId: item.id }}
          underline="hover"
          sx={{ fontWeight: 600 }}
        >
          {item.name}
        </TextLink>
      </TableCell>
      <TableCell sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{item.mrn}</TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        {formatDate(item.birthDate)}
        {age !== null ? (
          <Typography component="span" variant="body2" color="textSecondary" sx={secondLine}>
            {` (${age} y)`}
          </Typography>
        ) : null}
      </TableCell>
      <TableCell>{sexLabels[item.sex]}</TableCell>
      <TableCell>
        {evaluation ? (
          <StatusChip label={statusLabels[evaluation.status]} color={statusColors[evaluation.status]} />
        ) : (
          <StatusChip label="Not started" color="default" />
        )}
      </TableCell>
      <TableCell>{evaluation ? stageLabels[evaluation.currentStage] : '—'}</TableCell>
      <TableCell>{evaluation?.assigneeName ?? '—'}</TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        {followUp ? (
          <Typography
            component="span"
            variant="body2"
            color={overdue || due ? 'warning' : 'textPrimary'}
            sx={{ fontWeight: overdue || due ? 600 : 400 }}
          >
            {formatDate(followUp)}
            {overdue || due ? (
              <Box component="span" sx={secondLine}>
                {overdue ? ' · overdue' : ' · today'}
              </Box>
            ) : null}
          </Typography>
        ) : (
          '—'
        )}
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatTimeAsDate(evaluation?.updatedAt)}</TableCell>
    </TableRow>
  );
}

export function WorklistTableSkeleton() {
  return (
    <Paper variant="outlined">
      <TableSkeleton columns={WORKLIST_COLUMNS} label="Loading patients" />
    </Paper>
  );
}

/**
 * An evaluation's status as MUI's small outlined `Chip` shows it (same size, border and colours), as
 * a plain span: the worklist shows one per row and needs none of `Chip`'s click, delete or avatar
 * behaviour, which is a kilobyte and more of the first screen's JavaScript.
 */
function StatusChip({ label, color }: { label: string; color: StatusColor }) {
  return (
    <Box
      component="span"
      sx={(theme) => {
        const main = color === 'default' ? undefined : theme.palette[color].main;
        return {
          display: 'inline-flex',
          alignItems: 'center',
          boxSizing: 'border-box',
          maxWidth: '100%',
          height: 24,
          px: '7px',
          borderRadius: '12px',
          border: `1px solid ${main ? theme.alpha(main, 0.7) : theme.palette.grey[400]}`,
          color: main ?? theme.palette.text.primary,
          fontSize: theme.typography.pxToRem(13),
          lineHeight: 1.5,
          whiteSpace: 'nowrap',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          verticalAlign: 'middle',
        };
      }}
    >
      {label}
    </Box>
  );
}

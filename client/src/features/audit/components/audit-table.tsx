import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import { useQuery } from '@tanstack/react-query';
import { cliniciansQueryOptions } from '@/lib/queries';
import type { AuditPage, AuditRecord } from '../api';
import { AUDIT_PAGE_SIZE, type AuditSortKey } from '../search-params';
import {
  auditActionLabel,
  auditCategoryLabel,
  auditOutcomeLabels,
  auditRecordText,
  auditRoleLabel,
  describeAuditDetail,
} from './audit-format';

interface AuditTableProps {
  page: AuditPage;
  sort: string;
  onSort: (key: AuditSortKey) => void;
  onPage: (page: number) => void;
  /** Narrow the report to this user / patient. */
  onFilter: (filter: { user?: string; patient?: string }) => void;
}

const COLUMNS: { key: AuditSortKey; label: string }[] = [
  { key: 'seq', label: '#' },
  { key: 'at', label: 'Time (UTC)' },
  { key: 'user', label: 'User' },
  { key: 'role', label: 'Role' },
  { key: 'patient', label: 'Patient' },
  { key: 'action', label: 'Action' },
  { key: 'category', label: 'Data' },
  { key: 'outcome', label: 'Outcome' },
  { key: 'entity', label: 'Record' },
];

/** `2026-03-10T09:00:00.000Z` → `2026-03-10 09:00:00` (the column says UTC). */
function utc(at: string): string {
  return at.slice(0, 19).replace('T', ' ');
}

/** Reassignments name clinicians by id: their names, when the clinician list knows them. */
function useUserNames(records: readonly AuditRecord[]): (userId: string) => string | undefined {
  const clinicians = useQuery({
    ...cliniciansQueryOptions(),
    enabled: records.some((r) => r.action === 'evaluation.reassign'),
  });
  return (userId) => clinicians.data?.find((c) => c.id === userId)?.name;
}

/**
 * Below the `lg` breakpoint (a 1024 px screen) the ten columns fit without sideways scrolling:
 * narrower cell padding, and headings and the time's date and clock may take two lines.
 */
const compactTableSx = {
  '& .MuiTableCell-root': { px: { xs: 1, lg: 2 } },
  '& .MuiTableCell-head': { whiteSpace: { xs: 'normal', lg: 'nowrap' } },
} as const;

export function AuditTable({ page, sort, onSort, onPage, onFilter }: AuditTableProps) {
  const active = sort.replace(/^-/, '');
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  const nameOf = useUserNames(page.items);
  return (
    <Paper variant="outlined">
      <TableContainer>
        <Table size="small" aria-label="Audit trail" sx={compactTableSx}>
          <TableHead>
            <TableRow>
              {COLUMNS.map((c) => (
                <TableCell key={c.key} sortDirection={active === c.key ? direction : false}>
                  <TableSortLabel
                    active={active === c.key}
                    direction={active === c.key ? direction : 'asc'}
                    onClick={() => onSort(c.key)}
                  >
                    {c.label}
                  </TableSortLabel>
                </TableCell>
              ))}
              <TableCell>Details</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {page.items.length === 0 ? (
              <TableRow>
                <TableCell colSpan={COLUMNS.length + 1}>No records match these filters.</TableCell>
              </TableRow>
            ) : null}
            {page.items.map((r) => (
              <TableRow key={r.seq} hover>
                <TableCell>{r.seq}</TableCell>
                <TableCell sx={{ whiteSpace: { lg: 'nowrap' }, minWidth: { xs: 88, lg: 0 } }}>
                  {utc(r.at)}
                </TableCell>
                <TableCell>
                  {r.username ? (
                    <Link
                      component="button"
                      type="button"
                      onClick={() => onFilter({ user: r.username! })}
                      title="Only this user"
                    >
                      {r.username}
                    </Link>
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell>{auditRoleLabel(r.role) ?? '—'}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace', fontSize: '0.8rem' }}>
                  {r.patientId ? (
                    <Link
                      component="button"
                      type="button"
                      onClick={() => onFilter({ patient: r.patientId! })}
                      title={r.patientId}
                    >
                      {r.patientId.slice(0, 8)}
                    </Link>
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell title={r.action}>{auditActionLabel(r.action)}</TableCell>
                <TableCell>{auditCategoryLabel(r.category) ?? '—'}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    variant="outlined"
                    label={auditOutcomeLabels[r.outcome]}
                    color={r.outcome === 'failure' ? 'error' : 'default'}
                  />
                </TableCell>
                <TableCell sx={{ fontSize: '0.8rem' }} title={r.entityId ?? undefined}>
                  {auditRecordText(r) ?? '—'}
                </TableCell>
                <TableCell
                  sx={{
                    fontSize: '0.8rem',
                    minWidth: { xs: 112, lg: 160 },
                    maxWidth: 320,
                    overflowWrap: 'anywhere',
                  }}
                >
                  {describeAuditDetail(r, nameOf) ?? ''}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={page.total}
        page={page.page - 1}
        rowsPerPage={AUDIT_PAGE_SIZE}
        rowsPerPageOptions={[AUDIT_PAGE_SIZE]}
        onPageChange={(_e, p) => onPage(p + 1)}
      />
    </Paper>
  );
}

import DownloadIcon from '@mui/icons-material/Download';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { downloadCsv, toCsv, type CsvValue } from '../csv';

export interface Column<T> {
  header: string;
  align?: 'left' | 'right';
  cell: (row: T) => ReactNode;
  /** The cell's value in the CSV export (plain, unformatted). */
  csv: (row: T) => CsvValue;
}

interface WorkloadTableProps<T> {
  title: string;
  description?: ReactNode;
  rows: readonly T[];
  columns: readonly Column<T>[];
  /** The CSV's columns when they differ from the table's (e.g. an extra code column). */
  csvColumns?: readonly Column<T>[];
  rowKey: (row: T) => string;
  /** File name of the CSV download, e.g. `workload-clinicians-2026-01-01-2026-03-18.csv`. */
  csvFilename: string;
  empty?: ReactNode;
}

/**
 * Below the `lg` breakpoint (a 1024 px screen) the widest table (per clinician, eleven columns) fits
 * without sideways scrolling: narrower cell padding, and headings may take two lines.
 */
const compactTableSx = {
  '& .MuiTableCell-root': { px: { xs: 1, lg: 2 } },
  '& .MuiTableCell-head': { whiteSpace: { xs: 'normal', lg: 'nowrap' }, verticalAlign: 'bottom' },
} as const;

/** A titled summary table with a "Download CSV" of exactly the rows and columns shown. */
export function WorkloadTable<T>({
  title,
  description,
  rows,
  columns,
  csvColumns = columns,
  rowKey,
  csvFilename,
  empty,
}: WorkloadTableProps<T>) {
  return (
    <Paper variant="outlined" component="section" aria-label={title} sx={{ minWidth: 0 }}>
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 2, px: 2, pt: 1.5, pb: 1 }}>
        <Box sx={{ flexGrow: 1, minWidth: 0 }}>
          <Typography variant="h2" sx={{ fontSize: '1.05rem' }}>
            {title}
          </Typography>
          {description ? (
            <Typography variant="body2" color="textSecondary">
              {description}
            </Typography>
          ) : null}
        </Box>
        <Button
          size="small"
          startIcon={<DownloadIcon aria-hidden />}
          onClick={() =>
            downloadCsv(
              csvFilename,
              toCsv(
                rows,
                csvColumns.map((c) => ({ header: c.header, value: c.csv })),
              ),
            )
          }
          disabled={rows.length === 0}
          aria-label={`Download ${title} as CSV`}
        >
          CSV
        </Button>
      </Box>
      <TableContainer>
        <Table aria-label={title} sx={compactTableSx}>
          <TableHead>
            <TableRow>
              {columns.map((c) => (
                <TableCell key={c.header} align={c.align ?? 'left'}>
                  {c.header}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.length === 0 ? (
              <TableRow>
                <TableCell colSpan={columns.length}>
                  <Typography variant="body2" color="textSecondary" sx={{ py: 1 }}>
                    {empty ?? 'Nothing in this period.'}
                  </Typography>
                </TableCell>
              </TableRow>
            ) : (
              rows.map((row) => (
                <TableRow key={rowKey(row)} hover>
                  {columns.map((c, i) => (
                    <TableCell
                      key={c.header}
                      align={c.align ?? 'left'}
                      component={i === 0 ? 'th' : 'td'}
                      scope={i === 0 ? 'row' : undefined}
                      sx={{
                        fontVariantNumeric: 'tabular-nums',
                        // Names and finding labels may wrap; figures never do.
                        whiteSpace: i === 0 ? 'normal' : 'nowrap',
                        fontWeight: i === 0 ? 600 : 400,
                      }}
                    >
                      {c.cell(row)}
                    </TableCell>
                  ))}
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </TableContainer>
    </Paper>
  );
}

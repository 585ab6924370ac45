import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { SxProps, Theme } from '@mui/material/styles';
import type { TrendsDto } from '@rls/shared';
import { formatDate } from '@/utils/format';
import { augmentationLine, formatTrendValue, seriesHeader, treatmentText, trendTable } from '@/utils/trends';

interface TrendsTableProps {
  trends: TrendsDto;
  /** Evaluation ids, oldest first: rows of the same date follow the visits' order. */
  visitOrder?: readonly string[];
  /** The table's accessible name. */
  label?: string;
  sx?: SxProps<Theme>;
}

/**
 * The patient's trends as a table — the same figures as the charts, for screen readers, keyboard
 * users and paper: one row per measurement date (labs on their draw date), a column per measured
 * value with its unit, the treatment starts and stops, and augmentation features on a dopaminergic
 * agent.
 */
export function TrendsTable({ trends, visitOrder, label = 'Trend values', sx }: TrendsTableProps) {
  const table = trendTable(trends, visitOrder);
  const extraSx = (Array.isArray(sx) ? sx : [sx]) as Extract<SxProps<Theme>, readonly unknown[]>;
  return (
    <Box sx={[{ overflowX: 'auto' }, ...extraSx]}>
      <Table
        size="small"
        aria-label={label}
        sx={{
          // Words may break anywhere rather than widen the table past the page (print) or the card.
          '& th, & td': { px: 1, verticalAlign: 'top', overflowWrap: 'anywhere', whiteSpace: 'normal' },
          '& th.date': { whiteSpace: 'nowrap', fontWeight: 600 },
          '& td.value': { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
        }}
      >
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col">
              Date
            </TableCell>
            {table.columns.map((series) => (
              <TableCell key={series.code} component="th" scope="col" align="right">
                {seriesHeader(series)}
              </TableCell>
            ))}
            {table.hasTreatments ? (
              <TableCell component="th" scope="col">
                Treatment changes
              </TableCell>
            ) : null}
            {table.hasAugmentation ? (
              <TableCell component="th" scope="col">
                Augmentation (on a dopaminergic agent)
              </TableCell>
            ) : null}
          </TableRow>
        </TableHead>
        <TableBody>
          {table.rows.map((row) => (
            <TableRow key={row.key}>
              <TableCell component="th" scope="row" className="date">
                {formatDate(row.date)}
              </TableCell>
              {table.columns.map((series) => {
                const value = row.values[series.code];
                return (
                  <TableCell key={series.code} className="value">
                    {value === undefined ? '—' : formatTrendValue(series.code, value)}
                  </TableCell>
                );
              })}
              {table.hasTreatments ? (
                <TableCell>{row.treatments.map(treatmentText).join('; ') || '—'}</TableCell>
              ) : null}
              {table.hasAugmentation ? (
                <TableCell>{row.augmentation ? augmentationLine(row.augmentation) : '—'}</TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

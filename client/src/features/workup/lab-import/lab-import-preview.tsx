import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import {
  getItem,
  type LabImportFilled,
  type LabImportResult,
  type LabImportSkipped,
  type WorkupDefinition,
} from '@rls/shared';
import { formatQuantity, itemLabel, unitLabel } from '@/utils/evaluation-format';
import { formatDate } from '@/utils/format';
import type { LabImportFormat } from '../api';
import { formatNumber } from '../renderer/format';
import { rowLabel } from './lab-import';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * "3 results will be filled (1 replaces a value already entered); 1 row is skipped.", or
 * "Nothing can be imported: the 2 rows are skipped." when no row fills an item.
 */
export function previewSummary(result: LabImportResult, format: LabImportFormat): string {
  const unit = format === 'csv' ? ['row', 'rows'] : ['entry', 'entries'];
  if (result.filled.length === 0) {
    const count = result.skipped.length;
    if (count === 0) return 'Nothing can be imported: there is no lab result in this file.';
    return `Nothing can be imported: ${count === 1 ? `the only ${unit[0]} is skipped` : `all ${count} ${unit[1]} are skipped`}.`;
  }
  const replacing = result.filled.filter((f) => f.previous !== null && f.previous !== f.value).length;
  const filled = `${plural(result.filled.length, 'result', 'results')} will be filled`;
  const replaced =
    replacing > 0
      ? ` (${replacing === 1 ? '1 replaces a value' : `${replacing} replace values`} already entered)`
      : '';
  const skipped =
    result.skipped.length === 0
      ? ''
      : `; ${plural(result.skipped.length, unit[0] ?? '', unit[1] ?? '')} ${result.skipped.length === 1 ? 'is' : 'are'} skipped`;
  return `${filled}${replaced}${skipped}.`;
}

/** The value as it arrived, in its own unit, unrounded: `135 g/L`. */
function enteredText(filled: LabImportFilled): string {
  return `${formatNumber(filled.entered.value)} ${unitLabel(filled.entered.unit)}`.trim();
}

/** The table of what an import fills: the value as it arrived → as stored, beside what is there now. */
export function FilledTable({ workup, filled }: { workup: WorkupDefinition; filled: LabImportFilled[] }) {
  return (
    <TableContainer sx={{ border: 1, borderColor: 'divider', borderRadius: 1 }}>
      <Table aria-label="Results to fill">
        <TableHead>
          <TableRow>
            <TableCell>Test</TableCell>
            <TableCell>In the file</TableCell>
            <TableCell>Will be stored</TableCell>
            <TableCell>Now</TableCell>
            <TableCell>Date</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {filled.map((row) => {
            const item = getItem(workup, row.code);
            const converted = row.entered.unit !== row.unit;
            const replaces = row.previous !== null && row.previous !== row.value;
            return (
              <TableRow key={row.code}>
                <TableCell component="th" scope="row">
                  <Box component="span" sx={{ fontWeight: 600 }}>
                    {itemLabel(workup, row.code)}
                  </Box>
                  <Typography
                    variant="caption"
                    component="span"
                    color="textSecondary"
                    sx={{ display: 'block' }}
                  >
                    LOINC {row.loinc}
                  </Typography>
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{enteredText(row)}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap', fontWeight: 600 }}>
                  {formatQuantity(item, row.value)}
                  {converted ? (
                    <Typography
                      variant="caption"
                      component="span"
                      color="textSecondary"
                      sx={{ display: 'block' }}
                    >
                      converted from {unitLabel(row.entered.unit)}
                    </Typography>
                  ) : null}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {row.previous === null ? (
                    <Typography variant="body2" component="span" color="textSecondary">
                      empty
                    </Typography>
                  ) : (
                    <>
                      {formatQuantity(item, row.previous)}
                      <Typography
                        variant="caption"
                        component="span"
                        sx={{
                          display: 'block',
                          color: replaces ? 'warning.main' : 'text.secondary',
                          fontWeight: 600,
                        }}
                      >
                        {replaces ? 'will be replaced' : 'same value'}
                      </Typography>
                    </>
                  )}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {row.effective ? formatDate(row.effective) : '—'}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** What an import leaves out, row by row, with the server's reason. */
export function SkippedList({
  skipped,
  format,
  headingId,
}: {
  skipped: LabImportSkipped[];
  format: LabImportFormat;
  headingId: string;
}) {
  if (skipped.length === 0) return null;
  return (
    <Box component="section" aria-labelledby={headingId}>
      <Typography variant="h4" component="h3" id={headingId} sx={{ mb: 0.5 }}>
        Not imported ({skipped.length})
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
        {skipped.map((row) => (
          <Typography component="li" variant="body2" key={`${row.row}-${row.reason}`} sx={{ mb: 0.25 }}>
            <Box component="span" sx={{ fontWeight: 600 }}>
              {rowLabel(format, row.row)}
              {row.loinc ? ` (LOINC ${row.loinc})` : ''}:
            </Box>{' '}
            {row.message}
          </Typography>
        ))}
      </Box>
    </Box>
  );
}

import Box from '@mui/material/Box';
import Chip, { type ChipProps } from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { EvaluationStatus } from '@rls/shared';
import { TextLink } from '@/components/link';
import { formatDateTime } from '@/utils/evaluation-format';
import { formatDate } from '@/utils/format';
import { stageLabels, statusLabels } from '@/utils/labels';
import type { PatientEvaluationSummary } from '../types';

const statusColors: Record<EvaluationStatus, ChipProps['color']> = {
  draft: 'info',
  amending: 'warning',
  signed: 'success',
  discarded: 'default',
};

const visuallyHidden = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

const COLUMNS = ['Started', 'Status', 'Stage', 'Assignee', 'Follow-up', 'Signed', 'Open'] as const;

export function EvaluationsTable({ evaluations }: { evaluations: readonly PatientEvaluationSummary[] }) {
  if (evaluations.length === 0) {
    return (
      <Box sx={{ py: 4, px: 2, textAlign: 'center' }}>
        <Typography sx={{ fontWeight: 600 }}>No evaluations yet</Typography>
        <Typography variant="body2" color="textSecondary">
          Start an evaluation to record this patient&apos;s workup.
        </Typography>
      </Box>
    );
  }
  return (
    <TableContainer>
      <Table aria-label="Evaluations">
        <TableHead>
          <TableRow>
            {COLUMNS.map((column) => (
              <TableCell key={column}>
                {column === 'Open' ? (
                  <Box component="span" sx={visuallyHidden}>
                    {column}
                  </Box>
                ) : (
                  column
                )}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {evaluations.map((evaluation) => (
            <TableRow key={evaluation.id} hover>
              <TableCell component="th" scope="row" sx={{ whiteSpace: 'nowrap' }}>
                {formatDateTime(evaluation.startedAt)}
              </TableCell>
              <TableCell>
                <Chip
                  label={statusLabels[evaluation.status]}
                  color={statusColors[evaluation.status]}
                  variant="outlined"
                />
              </TableCell>
              <TableCell>{stageLabels[evaluation.currentStage]}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{evaluation.assigneeName ?? '—'}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(evaluation.followUpDate)}</TableCell>
              <TableCell>
                {evaluation.signedAt ? (
                  <>
                    {evaluation.signedByName ?? 'Unknown clinician'}
                    <Typography variant="body2" color="textSecondary">
                      {formatDateTime(evaluation.signedAt)}
                    </Typography>
                  </>
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell align="right">
                <TextLink
                  to="/evaluations/$evaluationId/$step"
                  params={{ evaluationId: evaluation.id, step: 'history' }}
                  underline="hover"
                >
                  {evaluation.status === 'signed' ? 'View' : 'Open'}
                </TextLink>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

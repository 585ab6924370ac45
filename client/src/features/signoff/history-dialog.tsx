import HistoryIcon from '@mui/icons-material/History';
import Box from '@mui/material/Box';
import Button, { type ButtonProps } from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { CURRENT_WORKUP_VERSION, getWorkup, hasWorkupVersion } from '@rls/shared';
import type { EvaluationDto, WorkupDefinition } from '@rls/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { TableSkeleton } from '@/components/loading';
import { QueryError } from '@/components/query-error';
import { evaluationKeys } from '@/lib/query-keys';
import { formatAnswer, formatDateTime, itemLabel } from '@/utils/evaluation-format';
import { historyQueryOptions, type HistoryEntry } from './api';

const COLUMNS = ['When', 'By', 'Item', 'From', 'To'] as const;

/** A not-done mark of a history change as the answer-meta entry `formatAnswer` reads. */
function notDoneMeta(reason: string | null | undefined): { notDone: string } | undefined {
  return reason == null ? undefined : { notDone: reason };
}

/**
 * Signatures and amendments numbered as people name them (the original signature is 0, the one that
 * closes amendment n is n; amendments from 1), never by the record's save counter.
 */
function numberEvents(entries: readonly HistoryEntry[]): Map<HistoryEntry, number> {
  const numbers = new Map<HistoryEntry, number>();
  let signs = 0;
  let amends = 0;
  for (const entry of [...entries].sort((a, b) => a.version - b.version)) {
    if (entry.event === 'sign') numbers.set(entry, signs++);
    if (entry.event === 'amend') numbers.set(entry, ++amends);
  }
  return numbers;
}

/** What a lifecycle entry (no answer changes) says; `number` from numberEvents. */
function describeEvent(entry: HistoryEntry, number: number | undefined): string {
  switch (entry.event) {
    case 'create':
      return 'Evaluation started';
    case 'sign':
      return number ? `Amendment ${number} signed` : 'Signed (original)';
    case 'amend': {
      const opened = number ? `Amendment ${number} opened` : 'Amendment opened';
      return entry.reason ? `${opened} — reason: ${entry.reason}` : opened;
    }
    case 'reassign':
      return entry.assignee
        ? `Reassigned from ${entry.assignee.fromName ?? 'a former user'} to ${entry.assignee.toName ?? 'a former user'}`
        : 'Reassigned';
    case 'demographics':
      return 'Patient details changed';
    case undefined:
      return 'Saved without item changes';
    default: {
      // An event this client does not know yet (a newer server): its name, capitalised.
      const event: string = entry.event;
      return event.charAt(0).toUpperCase() + event.slice(1);
    }
  }
}

function HistoryRows({
  entry,
  number,
  workup,
}: {
  entry: HistoryEntry;
  number: number | undefined;
  workup: WorkupDefinition;
}) {
  const showEvent = entry.event !== undefined || entry.changes.length === 0;
  const span = entry.changes.length + (showEvent ? 1 : 0);
  const lead = (
    <>
      <TableCell rowSpan={span} sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
        {formatDateTime(entry.at)}
      </TableCell>
      <TableCell rowSpan={span} sx={{ verticalAlign: 'top' }}>
        {entry.byName ?? entry.by}
      </TableCell>
    </>
  );
  return (
    <>
      {showEvent ? (
        <TableRow>
          {lead}
          <TableCell colSpan={3} sx={{ fontWeight: 600 }}>
            {describeEvent(entry, number)}
          </TableCell>
        </TableRow>
      ) : null}
      {entry.changes.map((change, index) => (
        <TableRow key={change.code}>
          {!showEvent && index === 0 ? lead : null}
          <TableCell>{itemLabel(workup, change.code)}</TableCell>
          <TableCell sx={{ color: 'text.secondary' }}>
            {formatAnswer(workup, change.code, change.from, notDoneMeta(change.notDone?.from))}
          </TableCell>
          <TableCell>
            {formatAnswer(workup, change.code, change.to, notDoneMeta(change.notDone?.to))}
          </TableCell>
        </TableRow>
      ))}
    </>
  );
}

/** Who changed which item when, newest first, with labels and units from the definition. */
function HistoryTable({ entries, workup }: { entries: readonly HistoryEntry[]; workup: WorkupDefinition }) {
  const newestFirst = [...entries].sort((a, b) =>
    a.at < b.at ? 1 : a.at > b.at ? -1 : b.version - a.version,
  );
  const numbers = numberEvents(entries);
  if (newestFirst.length === 0) {
    return <Typography color="textSecondary">No changes recorded yet.</Typography>;
  }
  return (
    <Table aria-label="Change history" stickyHeader>
      <TableHead>
        <TableRow>
          {COLUMNS.map((column) => (
            <TableCell key={column}>{column}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {newestFirst.map((entry, index) => (
          <Fragment key={`${entry.version}-${entry.event ?? 'change'}-${index}`}>
            <HistoryRows entry={entry} number={numbers.get(entry)} workup={workup} />
          </Fragment>
        ))}
      </TableBody>
    </Table>
  );
}

interface HistoryDialogProps {
  evaluationId: string;
  workflowVersion: number;
  open: boolean;
  onClose: () => void;
}

function HistoryDialog({ evaluationId, workflowVersion, open, onClose }: HistoryDialogProps) {
  const history = useQuery({ ...historyQueryOptions(evaluationId), enabled: open });
  const workup = getWorkup(hasWorkupVersion(workflowVersion) ? workflowVersion : CURRENT_WORKUP_VERSION);

  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="lg"
      aria-labelledby="history-dialog-title"
      scroll="paper"
    >
      <DialogTitle id="history-dialog-title">Change history</DialogTitle>
      <DialogContent dividers sx={{ p: 0 }}>
        <Box sx={{ p: history.isSuccess ? 0 : 2 }}>
          {history.isPending ? (
            <TableSkeleton columns={COLUMNS} rows={5} label="Loading change history" />
          ) : history.isError ? (
            <QueryError
              error={history.error}
              title="Could not load the change history"
              onRetry={() => void history.refetch()}
            />
          ) : (
            <HistoryTable entries={history.data} workup={workup} />
          )}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}

interface HistoryButtonProps {
  evaluationId: string;
  /** Definition version for item labels; read from the loaded evaluation when omitted. */
  workflowVersion?: number;
  variant?: ButtonProps['variant'];
  size?: ButtonProps['size'];
}

/** "Change history" button with its dialog, for the workspace header and the sign step. */
export function HistoryButton({
  evaluationId,
  workflowVersion,
  variant = 'outlined',
  size,
}: HistoryButtonProps) {
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const version =
    workflowVersion ??
    queryClient.getQueryData<EvaluationDto>(evaluationKeys.detail(evaluationId))?.workflowVersion ??
    CURRENT_WORKUP_VERSION;

  return (
    <>
      <Button
        variant={variant}
        size={size}
        startIcon={<HistoryIcon aria-hidden />}
        onClick={() => setOpen(true)}
      >
        Change history
      </Button>
      <HistoryDialog
        evaluationId={evaluationId}
        workflowVersion={version}
        open={open}
        onClose={() => setOpen(false)}
      />
    </>
  );
}

import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { AnswerMeta, WorkupDefinition } from '@rls/shared';
import { useState } from 'react';
import { itemLabel } from '@/utils/evaluation-format';
import { formatValue } from '../renderer/format';
import { useWorkspace } from '../workspace-context';
import type { ConflictChoice, ConflictItem, OtherChange } from './autosave-queue';

/** Label and formatted value of a changed answer or plan field (`plan.<field>` codes). */
function describeChange(
  workup: WorkupDefinition,
  change: { kind: 'answer' | 'plan'; code: string },
  value: unknown,
  entered?: AnswerMeta[string],
): { label: string; value: string } {
  const code = change.kind === 'plan' ? `plan.${change.code}` : change.code;
  return { label: itemLabel(workup, code), value: formatValue(workup, code, value, entered) };
}

/**
 * After a 412: the items both people changed, their value vs ours, and a choice per item. Nothing
 * is saved until every item has a choice; what only they changed is taken as is (listed below).
 */
export function ConflictDialog() {
  const { autosave, queue, workup } = useWorkspace();
  const conflict = autosave.conflict;
  const [choices, setChoices] = useState<Record<string, ConflictChoice>>({});
  if (!conflict) return null;

  const theirMeta = conflict.current.answerMeta;
  const complete = conflict.items.every((item) => choices[item.key] !== undefined);
  const chooseAll = (choice: ConflictChoice) =>
    setChoices(Object.fromEntries(conflict.items.map((item) => [item.key, choice])));
  const apply = () => {
    queue.resolveConflict(choices);
    setChoices({});
  };

  return (
    <Dialog
      open
      aria-labelledby="conflict-title"
      aria-describedby="conflict-description"
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id="conflict-title">Someone else changed this evaluation</DialogTitle>
      <DialogContent>
        <DialogContentText id="conflict-description" sx={{ mb: 2 }}>
          While you were editing, another person saved different values for{' '}
          {conflict.items.length === 1 ? 'an item' : `${conflict.items.length} items`} you changed. Choose
          what to keep for each; nothing is saved until you do.
        </DialogContentText>
        <Table aria-label="Conflicting changes">
          <TableHead>
            <TableRow>
              <TableCell>Item</TableCell>
              <TableCell>Their value</TableCell>
              <TableCell>Your value</TableCell>
              <TableCell>Keep</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {conflict.items.map((item) => (
              <ConflictRow
                key={item.key}
                item={item}
                workup={workup}
                theirEntered={item.kind === 'answer' ? theirMeta[item.code] : undefined}
                choice={choices[item.key]}
                onChoose={(choice) => setChoices((c) => ({ ...c, [item.key]: choice }))}
              />
            ))}
          </TableBody>
        </Table>
        {conflict.otherChanges.length > 0 ? (
          <OtherChanges changes={conflict.otherChanges} workup={workup} theirMeta={theirMeta} />
        ) : null}
      </DialogContent>
      <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
        <Button onClick={() => chooseAll('theirs')}>Use all theirs</Button>
        <Button onClick={() => chooseAll('mine')}>Keep all mine</Button>
        <Box sx={{ flexGrow: 1 }} />
        <Button variant="contained" onClick={apply} disabled={!complete}>
          Save my choices
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function ConflictRow({
  item,
  workup,
  theirEntered,
  choice,
  onChoose,
}: {
  item: ConflictItem;
  workup: WorkupDefinition;
  theirEntered: AnswerMeta[string] | undefined;
  choice: ConflictChoice | undefined;
  onChoose: (choice: ConflictChoice) => void;
}) {
  const theirs = describeChange(workup, item, item.theirs, theirEntered);
  // Our mark reads "not done — reason", as theirs does from their answerMeta.
  const mine = describeChange(
    workup,
    item,
    item.mine,
    item.mineNotDone !== undefined ? { notDone: item.mineNotDone } : undefined,
  );
  const labelId = `conflict-${item.key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return (
    <TableRow>
      <TableCell component="th" scope="row" id={labelId} sx={{ fontWeight: 600 }}>
        {theirs.label}
      </TableCell>
      <TableCell>{theirs.value}</TableCell>
      <TableCell>{mine.value}</TableCell>
      <TableCell>
        <RadioGroup
          row
          aria-labelledby={labelId}
          value={choice ?? ''}
          onChange={(_event, value) => onChoose(value as ConflictChoice)}
        >
          <FormControlLabel value="mine" control={<Radio size="small" />} label="Keep mine" />
          <FormControlLabel value="theirs" control={<Radio size="small" />} label="Use theirs" />
        </RadioGroup>
      </TableCell>
    </TableRow>
  );
}

function OtherChanges({
  changes,
  workup,
  theirMeta,
}: {
  changes: OtherChange[];
  workup: WorkupDefinition;
  theirMeta: AnswerMeta;
}) {
  return (
    <Alert severity="info" sx={{ mt: 2 }}>
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        Also changed by someone else (you had not changed these, so their values are kept):
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
        {changes.map((change) => {
          const from = describeChange(workup, change, change.from);
          const to = describeChange(
            workup,
            change,
            change.to,
            change.kind === 'answer' ? theirMeta[change.code] : undefined,
          );
          return (
            <li key={`${change.kind}:${change.code}`}>
              {from.label}: {from.value} → {to.value}
            </li>
          );
        })}
      </Box>
    </Alert>
  );
}

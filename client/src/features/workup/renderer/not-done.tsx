/**
 * "Not done": an item the clinician could not or chose not to do is marked with a short reason
 * instead of an answer (shared/src/workup/not-done.ts: never beside an answer, not for the IRLSSG
 * criteria, counted as addressed in progress and no longer pending in the assessment).
 */
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { NOT_DONE_REASON_MAX, parseNotDoneReason } from '@rls/shared';
import { useId, useState, type FormEvent } from 'react';
import { notDoneText } from '@/utils/evaluation-format';

/** One-click reasons, stored as written here (read back as "not done — patient declined"). */
const QUICK_REASONS: readonly string[] = ['patient declined', 'not available', 'not indicated'];

function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Not done — patient declined", as the field shows it. */
function notDoneLabel(reason: string): string {
  return sentenceCase(notDoneText(reason));
}

/** Class of the "Not done" button: its field shows it on hover or focus (see `revealNotDoneAction`). */
const ACTION_CLASS = 'not-done-action';

/**
 * On the field that holds the button: with a mouse, "Not done" shows while the pointer is over the
 * field or focus is in it, so forty fields do not repeat it at once; without hover (touch) it always
 * shows. Keyboard focus reaches it either way.
 */
export const revealNotDoneAction = {
  [`&:hover .${ACTION_CLASS}, &:focus-within .${ACTION_CLASS}`]: { opacity: 1 },
};

/** The small "Not done" button beside an item's label, opening the reason dialog. */
export function MarkNotDoneButton(props: {
  name: string;
  answered: boolean;
  onMark: (reason: string) => void;
}) {
  const { name, answered, onMark } = props;
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="small"
        color="inherit"
        aria-label={`Mark ${name} not done`}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
        className={ACTION_CLASS}
        sx={{
          ml: 'auto',
          alignSelf: 'flex-start',
          flexShrink: 0,
          whiteSpace: 'nowrap',
          minWidth: 0,
          px: 0.75,
          py: 0.25,
          fontSize: '0.75rem',
          color: 'text.secondary',
          '@media (hover: hover)': { opacity: 0 },
        }}
      >
        Not done
      </Button>
      {open ? (
        <NotDoneDialog
          name={name}
          answered={answered}
          onClose={() => setOpen(false)}
          onMark={(reason) => {
            setOpen(false);
            onMark(reason);
          }}
        />
      ) : null}
    </>
  );
}

/** Asks why the item was not done: a quick pick (one click) or a reason of one's own. */
function NotDoneDialog(props: {
  name: string;
  answered: boolean;
  onClose: () => void;
  onMark: (reason: string) => void;
}) {
  const { name, answered, onClose, onMark } = props;
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseNotDoneReason(text);
    if (!parsed.ok || parsed.value === null) {
      setError(
        text.trim() === '' ? 'Enter the reason, or choose one above.' : parsed.ok ? null : parsed.reason,
      );
      return;
    }
    onMark(parsed.value);
  };
  return (
    <Dialog
      open
      onClose={onClose}
      fullWidth
      maxWidth="xs"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-description`}
    >
      <DialogTitle id={`${id}-title`}>Mark “{name}” not done</DialogTitle>
      <Box component="form" onSubmit={submit} noValidate>
        <DialogContent sx={{ pt: 0 }}>
          <DialogContentText id={`${id}-description`} sx={{ mb: 1.5 }}>
            Why was it not done? The reason is kept with the record
            {answered ? ', and the answer entered is removed' : ''}.
          </DialogContentText>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mb: 2 }}>
            {QUICK_REASONS.map((reason) => (
              <Button key={reason} variant="outlined" size="small" onClick={() => onMark(reason)}>
                {sentenceCase(reason)}
              </Button>
            ))}
          </Stack>
          <TextField
            label="Other reason"
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setError(null);
            }}
            error={error !== null}
            helperText={error ?? `${text.length}/${NOT_DONE_REASON_MAX} characters`}
            slotProps={{ htmlInput: { maxLength: NOT_DONE_REASON_MAX } }}
            fullWidth
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained">
            Mark not done
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}

/** What a marked item shows in place of its control: the reason, and "Undo" while editable. */
export function NotDoneState(props: {
  id: string;
  name: string;
  reason: string;
  compact?: boolean;
  /** Absent when read-only (signed). */
  onUndo?: () => void;
}) {
  const { id, name, reason, compact, onUndo } = props;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', columnGap: 1, minHeight: 32 }}>
      <Typography
        id={id}
        variant="body2"
        color="textSecondary"
        sx={{ fontStyle: 'italic', fontSize: compact ? '0.8125rem' : undefined }}
      >
        {compact ? notDoneText(reason) : notDoneLabel(reason)}
      </Typography>
      {onUndo ? (
        <Button
          size="small"
          onClick={onUndo}
          aria-label={`Undo not done for ${name}`}
          sx={{ minWidth: 0, px: 0.75, py: 0 }}
        >
          Undo
        </Button>
      ) : null}
    </Box>
  );
}

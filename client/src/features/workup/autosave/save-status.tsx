import CloudDoneOutlinedIcon from '@mui/icons-material/CloudDoneOutlined';
import CloudOffOutlinedIcon from '@mui/icons-material/CloudOffOutlined';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined';
import SyncIcon from '@mui/icons-material/Sync';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { getItem, type WorkupDefinition } from '@rls/shared';
import type { ReactNode } from 'react';
import { useWorkspace } from '../workspace-context';
import type { InvalidItem, SaveStatus as Status } from './autosave-queue';

const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "Saved 14:02" (device time). */
function formatSavedTime(at: Date): string {
  return timeFormat.format(at);
}

function describeItems(items: InvalidItem[], workup: WorkupDefinition): string {
  return items
    .map((i) => {
      const item = getItem(workup, i.code);
      const label = item ? `${item.label}${item.side ? ` (${item.side})` : ''}` : i.code;
      return `${label}: ${i.reason}`;
    })
    .join('; ');
}

/** The session ended with edits waiting (the sign-in page says the same). */
const SIGNED_OUT_TEXT = 'Signed out — your unsaved changes are kept; sign in again to save them';

interface View {
  tone: 'ok' | 'busy' | 'warn' | 'error';
  text: string;
  action?: ReactNode;
}

function viewOf(
  status: Status,
  hasUnsaved: boolean,
  workup: WorkupDefinition,
  actions: { retry: () => void; discard: () => void },
): View {
  switch (status.kind) {
    case 'saved':
      if (hasUnsaved) return { tone: 'busy', text: 'Saving…' };
      return { tone: 'ok', text: status.at ? `Saved ${formatSavedTime(status.at)}` : 'All changes saved' };
    case 'saving':
      return { tone: 'busy', text: 'Saving…' };
    case 'offline':
      return {
        tone: 'warn',
        text: 'Offline — will retry',
        action: (
          <Button size="small" onClick={actions.retry}>
            Retry now
          </Button>
        ),
      };
    case 'retrying':
      return {
        tone: 'warn',
        text: `Couldn't save — ${status.message} Will retry.`,
        action: (
          <Button size="small" onClick={actions.retry}>
            Retry now
          </Button>
        ),
      };
    case 'invalid':
      return {
        tone: 'error',
        text: `Couldn't save — ${status.items.length > 0 ? describeItems(status.items, workup) : status.message}`,
        action: (
          <Button size="small" color="error" onClick={actions.discard}>
            Discard refused changes
          </Button>
        ),
      };
    case 'conflict':
      return { tone: 'warn', text: 'Not saved — someone else changed the same items' };
    case 'failed':
      return { tone: 'error', text: `Couldn't save — ${status.message}` };
    case 'signed-out':
      return { tone: 'warn', text: SIGNED_OUT_TEXT };
  }
}

const ICONS = {
  ok: <CloudDoneOutlinedIcon fontSize="small" aria-hidden />,
  busy: <SyncIcon fontSize="small" aria-hidden />,
  warn: <CloudOffOutlinedIcon fontSize="small" aria-hidden />,
  error: <ErrorOutlineIcon fontSize="small" aria-hidden />,
};

const COLORS = { ok: 'success.main', busy: 'text.secondary', warn: 'warning.main', error: 'error.main' };

/**
 * The autosave status: "Saving…", "Saved 14:02", "Offline — will retry", "Couldn't save — …",
 * "Signed out — your unsaved changes are kept…".
 */
export function SaveStatus() {
  const { autosave, queue, workup, invalid, readOnly } = useWorkspace();
  if (readOnly && autosave.status.kind === 'saved') return null;
  const view = viewOf(autosave.status, autosave.hasUnsaved, workup, {
    retry: () => queue.retryNow(),
    discard: () => queue.discardInvalid(),
  });
  const invalidCount = invalid.size;

  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', minHeight: 32 }}>
      <Box
        role="status"
        aria-live="polite"
        sx={{ display: 'flex', alignItems: 'center', gap: 0.75, color: COLORS[view.tone] }}
      >
        {ICONS[view.tone]}
        <Typography variant="body2" component="span" sx={{ fontWeight: 600 }}>
          {view.text}
        </Typography>
        {invalidCount > 0 ? (
          <Typography variant="body2" component="span" color="error">
            {invalidCount === 1
              ? '· 1 value not saved: correct the field marked in red'
              : `· ${invalidCount} values not saved: correct the fields marked in red`}
          </Typography>
        ) : null}
      </Box>
      {view.action}
    </Box>
  );
}

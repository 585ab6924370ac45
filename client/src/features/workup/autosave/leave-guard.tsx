import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useBlocker } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { isWorkspaceStep } from '../steps';
import { useWorkspace } from '../workspace-context';

/** Whether `pathname` stays in this evaluation's workspace (moving between steps never blocks). */
function isWorkspacePath(pathname: string, evaluationId: string): boolean {
  const base = `/evaluations/${encodeURIComponent(evaluationId)}`;
  if (pathname === base || pathname === `${base}/`) return true;
  if (!pathname.startsWith(`${base}/`)) return false;
  return isWorkspaceStep(pathname.slice(base.length + 1).replace(/\/$/, ''));
}

/**
 * Leaving the workspace keeps every queued edit: the autosave store (autosave-store.ts) goes on saving
 * it, and shows it again on return. So in-app navigation asks only when leaving loses something or
 * leaves something waiting for the person: typed values that fail validation (never queued, so lost),
 * changes the server refused (422), or a conflict to resolve. Reloading or closing the tab with any
 * unsaved edit asks the browser's own question (here, and in lib/unsaved-work.ts on every page).
 */
export function LeaveGuard() {
  const { evaluation, autosave, invalid } = useWorkspace();
  const unsaved = autosave.hasUnsaved || invalid.size > 0;
  const statusKind = autosave.status.kind;
  const needsAttention = invalid.size > 0 || statusKind === 'invalid' || statusKind === 'conflict';
  const unsavedRef = useRef(unsaved);
  const attentionRef = useRef(needsAttention);
  useEffect(() => {
    unsavedRef.current = unsaved;
    attentionRef.current = needsAttention;
  }, [unsaved, needsAttention]);

  const blocker = useBlocker({
    shouldBlockFn: ({ next }) => attentionRef.current && !isWorkspacePath(next.pathname, evaluation.id),
    enableBeforeUnload: () => unsavedRef.current,
    withResolver: true,
  });

  if (blocker.status !== 'blocked') return null;

  let text = 'Your changes are saved now.';
  if (invalid.size > 0) {
    text =
      'Some values you typed are invalid and cannot be saved: if you leave now, they are lost. Your other changes are kept and saved.';
  } else if (statusKind === 'invalid') {
    text = 'The server refused some changes. They are kept, unsaved, until you correct or discard them here.';
  } else if (statusKind === 'conflict') {
    text =
      'Someone else changed the same items. Your changes are kept, unsaved, until you choose what to keep here.';
  }

  return (
    <Dialog
      open
      onClose={() => blocker.reset()}
      aria-labelledby="leave-title"
      aria-describedby="leave-description"
    >
      <DialogTitle id="leave-title">Leave with unsaved changes?</DialogTitle>
      <DialogContent>
        <DialogContentText id="leave-description">{text}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button color={invalid.size > 0 ? 'error' : 'primary'} onClick={() => blocker.proceed()}>
          Leave
        </Button>
        <Button variant="contained" onClick={() => blocker.reset()}>
          Stay
        </Button>
      </DialogActions>
    </Dialog>
  );
}

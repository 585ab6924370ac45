import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useBlocker } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '@/components/query-error';
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
 * Warns before leaving with unsaved changes: the browser's own prompt on reload/close, and a dialog
 * for in-app navigation offering to save first.
 */
export function LeaveGuard() {
  const { evaluation, autosave, invalid, flush } = useWorkspace();
  const unsaved = autosave.hasUnsaved || invalid.size > 0;
  const unsavedRef = useRef(unsaved);
  useEffect(() => {
    unsavedRef.current = unsaved;
  }, [unsaved]);

  const blocker = useBlocker({
    shouldBlockFn: ({ next }) => unsavedRef.current && !isWorkspacePath(next.pathname, evaluation.id),
    enableBeforeUnload: () => unsavedRef.current,
    withResolver: true,
  });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (blocker.status !== 'blocked') return null;

  const close = () => {
    setError(null);
    blocker.reset();
  };
  const saveAndLeave = async () => {
    setSaving(true);
    setError(null);
    try {
      await flush();
      blocker.proceed();
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setSaving(false);
    }
  };
  const canSave = invalid.size === 0 && autosave.status.kind !== 'conflict';
  let text = 'Your latest changes are not saved yet. If you leave now, they are lost.';
  if (invalid.size > 0) text = 'Some values are invalid and were not saved. If you leave now, they are lost.';
  // Autosave may finish while the dialog is open.
  else if (!unsaved) text = 'Your changes are saved now.';

  return (
    <Dialog open onClose={close} aria-labelledby="leave-title" aria-describedby="leave-description">
      <DialogTitle id="leave-title">Leave with unsaved changes?</DialogTitle>
      <DialogContent>
        <DialogContentText id="leave-description">{text}</DialogContentText>
        {error ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            Could not save: {error}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        {unsaved ? (
          <Button color="error" onClick={() => blocker.proceed()}>
            Leave without saving
          </Button>
        ) : null}
        <Button onClick={close}>Stay</Button>
        {canSave ? (
          <Button variant="contained" onClick={() => void saveAndLeave()} loading={saving}>
            {unsaved ? 'Save and leave' : 'Leave'}
          </Button>
        ) : null}
      </DialogActions>
    </Dialog>
  );
}

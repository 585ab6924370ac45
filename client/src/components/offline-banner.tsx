import CloudOffOutlinedIcon from '@mui/icons-material/CloudOffOutlined';
import Alert from '@mui/material/Alert';
import { useOnline } from '@/lib/connection';
import { useHasUnsavedWork } from '@/lib/unsaved-work';

/**
 * Under the top bar while the server cannot be reached (no network, or the server is restarting):
 * says that unsaved changes are kept and will be saved, and disappears by itself once the server
 * answers again (lib/connection.ts probes it).
 */
export function OfflineBanner() {
  const online = useOnline();
  const unsaved = useHasUnsavedWork();
  if (online) return null;
  return (
    <Alert
      severity="warning"
      role="status"
      square
      icon={<CloudOffOutlinedIcon fontSize="inherit" aria-hidden />}
      sx={{ justifyContent: 'center', py: 0.25 }}
    >
      {unsaved
        ? "Offline — the server can't be reached. Your unsaved changes are kept and will be saved when it is back."
        : "Offline — the server can't be reached. Retrying…"}
    </Alert>
  );
}

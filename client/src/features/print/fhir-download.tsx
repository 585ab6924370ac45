import FileDownloadOutlinedIcon from '@mui/icons-material/FileDownloadOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button, { type ButtonProps } from '@mui/material/Button';
import { useState } from 'react';
import { errorMessage } from '@/components/query-error';
import { apiFile } from '@/lib/api-client';
import { saveBlob } from '@/lib/download';

interface FhirDownloadProps {
  evaluationId: string;
  /** A signed version (its number in the URL of the versions page); the current record without it. */
  version?: number;
  variant?: ButtonProps['variant'];
  size?: ButtonProps['size'];
}

/** `GET /api/evaluations/:id[/versions/:version]/fhir`. */
function fhirPath(evaluationId: string, version?: number): string {
  const base = `/api/evaluations/${encodeURIComponent(evaluationId)}`;
  return version === undefined ? `${base}/fhir` : `${base}/versions/${version}/fhir`;
}

/**
 * "Download FHIR": the evaluation as a FHIR R4 Bundle file. Fetched with the session cookie into
 * memory and offered under the server's file name (`Content-Disposition`), so no patient data goes in
 * a URL or browser storage. Never printed.
 */
export function FhirDownload({ evaluationId, version, variant = 'outlined', size }: FhirDownloadProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const download = async () => {
    setPending(true);
    setError(null);
    try {
      const file = await apiFile(fhirPath(evaluationId, version), { accept: 'application/fhir+json' });
      const fallback = `rls-evaluation-${evaluationId}${version === undefined ? '' : `-v${version}`}.json`;
      saveBlob(file.blob, file.fileName ?? fallback);
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };

  return (
    <Box
      sx={{ display: 'inline-flex', flexDirection: 'column', gap: 0.5, displayPrint: 'none' }}
      className="no-print"
    >
      <Button
        variant={variant}
        size={size}
        startIcon={<FileDownloadOutlinedIcon aria-hidden />}
        loading={pending}
        loadingPosition="start"
        onClick={() => void download()}
        sx={{ whiteSpace: 'nowrap' }}
      >
        Download FHIR
      </Button>
      {error ? (
        <Alert severity="error" onClose={() => setError(null)} sx={{ maxWidth: 360 }}>
          The FHIR file could not be downloaded: {errorMessage(error)}
        </Alert>
      ) : null}
    </Box>
  );
}

import UploadFileIcon from '@mui/icons-material/UploadFile';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import type { LabImportResult } from '@rls/shared';
import { useState } from 'react';
import { useWorkspace } from '../workspace-context';
import { type LabUpload } from './lab-import';
import { LabImportDialog } from './lab-import-dialog';

/** "Imported 3 lab results from labs.csv; 1 row was skipped." */
function appliedText(result: LabImportResult, upload: LabUpload): string {
  const count = result.filled.length;
  const from = upload.fileName ? ` from ${upload.fileName}` : '';
  const skipped = result.skipped.length;
  const unit = upload.format === 'csv' ? 'row' : 'entry';
  const units = upload.format === 'csv' ? 'rows' : 'entries';
  const skippedText =
    skipped === 0 ? '' : `; ${skipped} ${skipped === 1 ? `${unit} was` : `${units} were`} skipped`;
  return `Imported ${count === 1 ? '1 lab result' : `${count} lab results`}${from}${skippedText}. They are saved.`;
}

/**
 * The labs stage's import line: what it does (or what the last import filled, announced politely) and
 * the "Import lab results" button. Disabled once the evaluation is signed.
 */
export function LabImportBar() {
  const { readOnly } = useWorkspace();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  return (
    <Box
      sx={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        justifyContent: 'space-between',
        columnGap: 2,
        rowGap: 1,
        displayPrint: 'none',
      }}
    >
      <Typography
        variant="body2"
        role="status"
        sx={done ? { color: 'success.dark', fontWeight: 600 } : { color: 'text.secondary' }}
      >
        {done ??
          (readOnly
            ? 'Signed: results can no longer be imported.'
            : 'Results from a laboratory system can be imported from a FHIR or CSV file.')}
      </Typography>
      <Button
        variant="outlined"
        size="small"
        startIcon={<UploadFileIcon aria-hidden />}
        onClick={() => {
          setDone(null);
          setOpen(true);
        }}
        disabled={readOnly}
        sx={{ whiteSpace: 'nowrap' }}
      >
        Import lab results
      </Button>
      {/* Stays mounted when the evaluation is signed meanwhile, so the dialog can say so. */}
      <LabImportDialog
        open={open}
        onClose={() => setOpen(false)}
        onApplied={(result, upload) => setDone(appliedText(result, upload))}
      />
    </Box>
  );
}

import UploadFileIcon from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
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
import type { EvaluationDto, LabImportResult } from '@rls/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type CSSProperties, type ChangeEvent } from 'react';
import { visuallyHidden } from '@/components/visually-hidden';
import { isApiError } from '@/lib/api-client';
import { evaluationKeys, patientKeys } from '@/lib/query-keys';
import { importLabs } from '../api';
import { useWorkspace } from '../workspace-context';
import {
  FORMAT_LABELS,
  MAX_IMPORT_BYTES,
  SIGNED_PROBLEM,
  currentOf,
  problemOf,
  sizeText,
  uploadOf,
  type ImportProblem,
  type LabUpload,
} from './lab-import';
import { FilledTable, SkippedList, previewSummary } from './lab-import-preview';

interface Preview {
  upload: LabUpload;
  result: LabImportResult;
  /** The stored version the preview was computed on: Apply sends it as `If-Match`. */
  version: number;
  /** Why the preview was made again (someone else saved meanwhile). */
  notice?: string;
}

interface ChosenFile {
  name: string;
  size: number;
  text: string;
}

const CHANGED_NOTICE =
  'Someone else saved this evaluation while you were reviewing. The preview below is computed again on what is stored now: check it, then apply.';

export interface LabImportDialogProps {
  open: boolean;
  onClose: () => void;
  /** After the results are stored (the workspace already shows them). */
  onApplied: (result: LabImportResult, upload: LabUpload) => void;
}

/**
 * "Import lab results": a file (FHIR JSON or CSV) or pasted text, read in memory; a preview of what
 * it fills and skips (nothing written); then Apply, which goes through the workspace's concurrency
 * path: unsaved edits are saved first, and the import is sent with `If-Match` of the version the
 * preview was computed on, so what is stored is exactly what the clinician checked.
 */
export function LabImportDialog({ open, onClose, onApplied }: LabImportDialogProps) {
  const { evaluation, workup, flush, queue } = useWorkspace();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [pasted, setPasted] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<ImportProblem | null>(null);
  const [busy, setBusy] = useState<'reading' | 'preview' | 'apply' | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const summaryRef = useRef<HTMLParagraphElement>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  // Answers of requests started before the dialog was closed (or a newer request) are ignored.
  const attempt = useRef(0);

  const text = file ? file.text : pasted;
  const upload = text.trim() === '' ? null : uploadOf(text, file?.name ?? null);

  useEffect(() => {
    if (preview) summaryRef.current?.focus();
  }, [preview]);
  useEffect(() => {
    if (problem) problemRef.current?.focus();
  }, [problem]);

  const reset = () => {
    attempt.current += 1;
    setFile(null);
    setPasted('');
    setPreview(null);
    setProblem(null);
    setBusy(null);
  };

  const close = () => {
    if (busy === 'apply') return; // the outcome of a write is always shown
    reset();
    onClose();
  };

  const chooseFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = ''; // the same file can be chosen again after a change
    if (!chosen) return;
    setProblem(null);
    if (chosen.size > MAX_IMPORT_BYTES) {
      setProblem({
        title: 'The file is too large',
        message: `${chosen.name} is ${sizeText(chosen.size)}; the import takes files up to ${sizeText(MAX_IMPORT_BYTES)}. Export only this visit’s results.`,
        skipped: [],
      });
      return;
    }
    setBusy('reading');
    try {
      setFile({ name: chosen.name, size: chosen.size, text: await chosen.text() });
    } catch {
      setProblem({
        title: 'The file could not be read',
        message: `${chosen.name} could not be opened.`,
        skipped: [],
      });
    } finally {
      setBusy(null);
    }
  };

  /** Saves unsaved edits first, so the preview's "Now" column and its version are what is stored. */
  const runPreview = async (source: LabUpload, notice?: string) => {
    const mine = ++attempt.current;
    setBusy('preview');
    setProblem(null);
    try {
      const stored = await flushFirst(flush);
      const result = await importLabs(evaluation.id, source, { preview: true });
      if (mine !== attempt.current) return;
      setPreview({ upload: source, result, version: stored.version, ...(notice ? { notice } : {}) });
    } catch (error) {
      if (mine !== attempt.current) return;
      setPreview(null);
      setProblem(error instanceof FlushError ? error.problem : problemOf(error, workup));
    } finally {
      if (mine === attempt.current) setBusy(null);
    }
  };

  /** The stored evaluation from now on: in the query cache (the workspace reads it) and in autosave. */
  const adopt = (stored: EvaluationDto) => {
    queryClient.setQueryData(evaluationKeys.detail(stored.id), stored);
    queue.adopt(stored);
  };

  const apply = async () => {
    if (!preview) return;
    const mine = ++attempt.current;
    setBusy('apply');
    setProblem(null);
    let stored: EvaluationDto;
    try {
      stored = await flushFirst(flush);
    } catch (error) {
      setBusy(null);
      setProblem(error instanceof FlushError ? error.problem : problemOf(error, workup));
      return;
    }
    if (stored.version !== preview.version) {
      // Changed since the preview (e.g. a refetch brought someone else's save): show it again first.
      await runPreview(preview.upload, CHANGED_NOTICE);
      return;
    }
    try {
      const result = await importLabs(evaluation.id, preview.upload, { ifMatch: `"${preview.version}"` });
      if (result.evaluation) adopt(result.evaluation);
      // The worklist, patient page, trends and history show what changed: refresh them when next shown.
      void queryClient.invalidateQueries({ queryKey: patientKeys.all, refetchType: 'none' });
      void queryClient.invalidateQueries({
        queryKey: evaluationKeys.history(evaluation.id),
        refetchType: 'none',
      });
      const applied = preview.upload;
      reset();
      onApplied(result, applied);
      onClose();
    } catch (error) {
      if (mine !== attempt.current) return;
      const current = currentOf(error);
      if (current) {
        adopt(current);
        if (current.status !== 'signed') {
          await runPreview(preview.upload, CHANGED_NOTICE);
          return;
        }
      }
      if (isApiError(error, 409) || current?.status === 'signed') {
        // Signed meanwhile: reload so the workspace shows it read-only.
        void queryClient.invalidateQueries({ queryKey: evaluationKeys.detail(evaluation.id) });
      }
      setBusy(null);
      setProblem(current?.status === 'signed' ? SIGNED_PROBLEM : problemOf(error, workup));
    }
  };

  const backToInput = () => {
    attempt.current += 1;
    setPreview(null);
    setProblem(null);
    setBusy(null);
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      fullWidth
      maxWidth="md"
      aria-labelledby="lab-import-title"
      aria-describedby="lab-import-description"
    >
      <DialogTitle id="lab-import-title">Import lab results</DialogTitle>
      <DialogContent>
        <DialogContentText id="lab-import-description" sx={{ mb: 2 }}>
          Fill this evaluation’s lab results from a laboratory export: a FHIR Bundle of Observations (.json)
          or a CSV file whose first line is the header <code>loinc,value,unit</code> (a <code>date</code>{' '}
          column is optional). You see what will be filled before anything is saved.
        </DialogContentText>

        {problem ? (
          <Alert severity="error" sx={{ mb: 2 }} ref={problemRef} tabIndex={-1}>
            <AlertTitle>{problem.title}</AlertTitle>
            <Typography variant="body2" sx={{ mb: problem.skipped.length > 0 ? 1 : 0 }}>
              {problem.message}
            </Typography>
            <SkippedList
              skipped={problem.skipped}
              format={upload?.format ?? preview?.upload.format ?? 'csv'}
              headingId="lab-import-problem-skipped"
            />
          </Alert>
        ) : null}

        {preview ? (
          <Stack spacing={2}>
            {preview.notice ? <Alert severity="warning">{preview.notice}</Alert> : null}
            <Typography
              ref={summaryRef}
              tabIndex={-1}
              sx={{
                fontWeight: 600,
                color: preview.result.filled.length === 0 ? 'warning.main' : undefined,
                '&:focus': { outline: 'none' },
              }}
            >
              {previewSummary(preview.result, preview.upload.format)}
              <Typography
                component="span"
                variant="body2"
                color="textSecondary"
                sx={{ display: 'block', fontWeight: 400 }}
              >
                From {preview.upload.fileName ?? 'the pasted text'}, read as{' '}
                {FORMAT_LABELS[preview.upload.format]}. Nothing is saved until you apply.
              </Typography>
            </Typography>
            {preview.result.filled.length > 0 ? (
              <FilledTable workup={workup} filled={preview.result.filled} />
            ) : null}
            <SkippedList
              skipped={preview.result.skipped}
              format={preview.upload.format}
              headingId="lab-import-skipped"
            />
          </Stack>
        ) : (
          <Stack spacing={2}>
            <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1.5 }}>
              <input
                ref={fileInput}
                type="file"
                accept=".json,.csv,.txt,application/json,application/fhir+json,text/csv,text/plain"
                onChange={(event) => void chooseFile(event)}
                tabIndex={-1}
                aria-hidden
                style={visuallyHiddenStyle}
              />
              <Button
                variant="outlined"
                startIcon={<UploadFileIcon aria-hidden />}
                onClick={() => fileInput.current?.click()}
                loading={busy === 'reading'}
                disabled={busy === 'preview'}
              >
                {file ? 'Choose another file…' : 'Choose file…'}
              </Button>
              {file ? (
                <>
                  <Typography variant="body2" sx={{ fontWeight: 600 }} aria-live="polite">
                    {file.name}{' '}
                    <Box component="span" sx={{ color: 'text.secondary', fontWeight: 400 }}>
                      ({sizeText(file.size)})
                    </Box>
                  </Typography>
                  <Button size="small" onClick={() => setFile(null)} disabled={busy === 'preview'}>
                    Remove file
                  </Button>
                </>
              ) : (
                <Typography variant="body2" color="textSecondary">
                  .json or .csv, up to {sizeText(MAX_IMPORT_BYTES)}
                </Typography>
              )}
            </Box>
            {file ? null : (
              <TextField
                label="Or paste the results"
                multiline
                minRows={5}
                maxRows={12}
                value={pasted}
                onChange={(event) => setPasted(event.target.value)}
                disabled={busy === 'preview'}
                placeholder={'loinc,value,unit,date\n718-7,135,g/L,2026-11-18\n2276-4,32,ng/mL,2026-11-18'}
                slotProps={{
                  htmlInput: { spellCheck: false, sx: { fontFamily: 'monospace', fontSize: 13 } },
                }}
              />
            )}
            <Typography variant="body2" color="textSecondary" aria-live="polite">
              {upload ? `Read as ${FORMAT_LABELS[upload.format]}.` : ''}
            </Typography>
          </Stack>
        )}
      </DialogContent>
      <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
        {preview ? (
          <Button onClick={backToInput} disabled={busy !== null}>
            Back
          </Button>
        ) : null}
        <Box sx={{ flexGrow: 1 }} />
        <Button onClick={close} disabled={busy === 'apply'}>
          Cancel
        </Button>
        {preview && preview.result.filled.length === 0 ? null : preview ? (
          <Button
            variant="contained"
            onClick={() => void apply()}
            loading={busy === 'apply' || busy === 'preview'}
          >
            {`Apply ${preview.result.filled.length === 1 ? '1 result' : `${preview.result.filled.length} results`}`}
          </Button>
        ) : (
          <Button
            variant="contained"
            onClick={() => upload && void runPreview(upload)}
            loading={busy === 'preview'}
            disabled={!upload || busy === 'reading'}
          >
            Preview
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

const visuallyHiddenStyle: CSSProperties = visuallyHidden;

/** A failure to save the unsaved edits that must be stored before an import. */
class FlushError extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.message);
  }
}

async function flushFirst(flush: () => Promise<EvaluationDto>): Promise<EvaluationDto> {
  try {
    return await flush();
  } catch (error) {
    throw new FlushError({
      title: 'Your unsaved changes must be saved first',
      message: `${isApiError(error) ? error.message : 'They could not be saved.'} Nothing was imported; resolve this, then import again.`,
      skipped: [],
    });
  }
}

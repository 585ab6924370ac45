import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import type { EvaluationDto, WorkupDefinition } from '@rls/shared';
import { useState } from 'react';
import { CautionList } from '@/components/caution-list';
import { errorMessage } from '@/components/query-error';
import { isApiError } from '@/lib/api-client';
import { formatDate } from '@/utils/format';
import { courseText, selectedOptions, type SelectedOption } from '@/utils/plan-selection';
import { useSignEvaluation } from '../api';
import { describeItem, type BlockerView } from '../sign-rules';
import { AmendmentChanges } from './amendment-changes';

interface SignDialogProps {
  open: boolean;
  /** The saved evaluation the clinician is about to sign. */
  evaluation: EvaluationDto;
  workup: WorkupDefinition;
  /** Unanswered items that do not block signing. */
  warningCount: number;
  /** Answers carried from the previous evaluation and not confirmed (a warning, not a blocker). */
  carriedCount?: number;
  flush: () => Promise<EvaluationDto>;
  onClose: () => void;
  onSigned: (evaluation: EvaluationDto) => void;
}

/** The items of a 422 from the sign call (`details.items: [{code, reason}]`). */
function rejectedItems(error: unknown, workup: WorkupDefinition): BlockerView[] {
  if (!isApiError(error, 422)) return [];
  const details = error.details as { items?: unknown } | undefined;
  if (!Array.isArray(details?.items)) return [];
  return (details.items as unknown[]).flatMap((item) => {
    const { code, reason } = (item ?? {}) as { code?: unknown; reason?: unknown };
    if (typeof code !== 'string') return [];
    return [describeItem(workup, { code, reason: typeof reason === 'string' ? reason : '' })];
  });
}

/**
 * Warnings (never blockers) about the selected options: the cautions each carries, and options ticked
 * earlier that the current answers no longer suggest.
 */
function PlanWarnings({ options }: { options: readonly SelectedOption[] }) {
  const cautioned = options.filter((o) => o.cautions.length > 0);
  const notOffered = options.filter((o) => !o.offered);
  if (cautioned.length + notOffered.length === 0) return null;
  return (
    <Alert
      severity="warning"
      role="region"
      aria-labelledby="sign-plan-warnings"
      sx={{ mb: 2, '& .MuiAlert-message': { width: '100%' } }}
    >
      <AlertTitle id="sign-plan-warnings">Check the selected options before signing</AlertTitle>
      <Typography variant="body2" sx={{ mb: 1 }}>
        Warnings, not blockers: you can sign once you have weighed them.
      </Typography>
      {cautioned.length > 0 ? (
        <Box
          component="ul"
          aria-label="Selected options with cautions"
          sx={{ m: 0, p: 0, listStyle: 'none' }}
        >
          {cautioned.map((option) => (
            <Box component="li" key={option.id} sx={{ '& + &': { mt: 1 } }}>
              <Typography variant="body2" sx={{ fontWeight: 700 }}>
                {option.label}
              </Typography>
              <CautionList
                cautions={option.cautions}
                variant="plain"
                label={`Cautions for ${option.label}`}
                sx={{ mt: 0.25 }}
              />
            </Box>
          ))}
        </Box>
      ) : null}
      {notOffered.length > 0 ? (
        <Box sx={{ mt: cautioned.length > 0 ? 1.5 : 0 }}>
          <Typography variant="body2" sx={{ fontWeight: 700 }} id="sign-not-offered">
            Selected earlier, no longer suggested for the current answers
          </Typography>
          <Box component="ul" aria-labelledby="sign-not-offered" sx={{ m: 0, pl: 2.5 }}>
            {notOffered.map((option) => (
              <Typography component="li" variant="body2" key={option.id}>
                {option.label}
                {option.reason ? ` — ${option.reason}` : null}
              </Typography>
            ))}
          </Box>
        </Box>
      ) : null}
    </Alert>
  );
}

/**
 * "Sign this evaluation?" ("Sign amendment 1?"): what the amendment changes, a summary of findings
 * and plan, then flush → sign with If-Match.
 */
export function SignDialog({
  open,
  evaluation,
  workup,
  warningCount,
  carriedCount = 0,
  flush,
  onClose,
  onSigned,
}: SignDialogProps) {
  const sign = useSignEvaluation(evaluation.id);
  const [flushError, setFlushError] = useState<unknown>(null);
  const [flushing, setFlushing] = useState(false);
  const busy = flushing || sign.isPending;
  const rejected = rejectedItems(sign.error, workup);
  const { findings } = evaluation.assessment;
  const { plan } = evaluation;
  const options = selectedOptions(plan.selected, evaluation.assessment);
  const amendment = evaluation.status === 'amending' ? evaluation.amendments.at(-1) : undefined;

  const close = () => {
    if (busy) return;
    sign.reset();
    setFlushError(null);
    onClose();
  };

  const confirm = async () => {
    setFlushError(null);
    sign.reset();
    setFlushing(true);
    let saved: EvaluationDto;
    try {
      saved = await flush();
    } catch (error) {
      setFlushError(error);
      return;
    } finally {
      setFlushing(false);
    }
    sign.mutate(saved.version, { onSuccess: onSigned });
  };

  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="sm" aria-labelledby="sign-dialog-title">
      <DialogTitle id="sign-dialog-title">
        {amendment ? `Sign amendment ${evaluation.amendments.length}?` : 'Sign this evaluation?'}
      </DialogTitle>
      {/* Focusable: the summary can be longer than the screen and must scroll by keyboard too. */}
      <DialogContent dividers tabIndex={0} role="region" aria-label="Summary before signing">
        <DialogContentText sx={{ mb: 2 }}>
          {amendment
            ? `Signing locks the evaluation again as amendment ${evaluation.amendments.length}. What was signed before stays readable.`
            : 'Signing locks the evaluation. Later changes need an amendment with a reason.'}
        </DialogContentText>

        {/* First, so they are read before "Sign" whatever the length of the summary. */}
        {carriedCount > 0 ? (
          <Alert severity="warning" sx={{ mb: 2 }}>
            {carriedCount === 1 ? '1 answer' : `${carriedCount} answers`} carried from the previous evaluation{' '}
            {carriedCount === 1 ? 'is' : 'are'} not confirmed. Signing records{' '}
            {carriedCount === 1 ? 'it' : 'them'} as this visit&apos;s findings.
          </Alert>
        ) : null}
        <PlanWarnings options={options} />

        {amendment ? (
          <AmendmentChanges evaluation={evaluation} amendment={amendment} workup={workup} />
        ) : null}

        <Box component="section" aria-labelledby="sign-summary-findings" sx={{ mb: 2 }}>
          <Typography variant="h3" id="sign-summary-findings" sx={{ mb: 0.5 }}>
            Findings
          </Typography>
          {findings.length === 0 ? (
            <Typography color="textSecondary">No findings.</Typography>
          ) : (
            <Box component="ul" sx={{ m: 0, pl: 3 }}>
              {findings.map((f) => (
                <li key={f.code}>{f.label}</li>
              ))}
            </Box>
          )}
        </Box>

        <Box component="section" aria-labelledby="sign-summary-plan" sx={{ mb: 2 }}>
          <Typography variant="h3" id="sign-summary-plan" sx={{ mb: 0.5 }}>
            Plan
          </Typography>
          {plan.selected.length + plan.custom.length === 0 ? (
            <Typography color="textSecondary">No plan items.</Typography>
          ) : (
            <Box component="ul" sx={{ m: 0, pl: 3 }}>
              {options.map((option) => {
                const course = plan.medications.find((m) => m.id === option.id);
                return (
                  <li key={option.id}>
                    {option.label}
                    {course ? ` — ${courseText(course)}` : null}
                  </li>
                );
              })}
              {plan.custom.map((item) => (
                <li key={`custom-${item}`}>{item}</li>
              ))}
            </Box>
          )}
          <Typography sx={{ mt: 1 }}>
            Follow-up: {plan.followUpDate ? formatDate(plan.followUpDate) : 'none planned'}
          </Typography>
        </Box>

        {warningCount > 0 ? (
          <Typography variant="body2" color="textSecondary">
            {warningCount} {warningCount === 1 ? 'item is' : 'items are'} not answered (not required for
            signing).
          </Typography>
        ) : null}

        {rejected.length > 0 ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            <AlertTitle>The server did not sign: {errorMessage(sign.error)}</AlertTitle>
            <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
              {rejected.map((item) => (
                <li key={item.code}>
                  <strong>{item.label}</strong>
                  {item.reason ? ` — ${item.reason}` : ''}
                </li>
              ))}
            </Box>
          </Alert>
        ) : sign.isError ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            {isApiError(sign.error, 412)
              ? 'Someone else changed this evaluation since you opened it. Close this dialog, review their changes and sign again.'
              : errorMessage(sign.error)}
          </Alert>
        ) : flushError ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            Your last changes could not be saved, so the evaluation was not signed: {errorMessage(flushError)}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>
          Cancel
        </Button>
        <Button variant="contained" onClick={() => void confirm()} loading={busy}>
          Sign
        </Button>
      </DialogActions>
    </Dialog>
  );
}

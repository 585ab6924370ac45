import EditNoteIcon from '@mui/icons-material/EditNote';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import type { EvaluationDto } from '@rls/shared';
import { formatDateTime } from '@/utils/evaluation-format';
import { amendmentNumber } from '@/utils/version-labels';
import type { SignedVersionView } from '../sign-rules';

type NameOf = (userId: string | null) => string;

/** The signer's name: the API sends `signedByName` with the evaluation; else look the id up. */
function signerName(evaluation: EvaluationDto, nameOf: NameOf): string {
  return evaluation.signedByName ?? nameOf(evaluation.signedBy);
}

/** Who signed when (and which amendment it closed), that the record is locked, and "Amend". */
export function SignedNotice({
  evaluation,
  nameOf,
  onAmend,
}: {
  evaluation: EvaluationDto;
  nameOf: NameOf;
  onAmend: () => void;
}) {
  const amendment = amendmentNumber(evaluation.amendments, evaluation.version);
  return (
    <Alert
      severity="success"
      icon={false}
      action={
        <Button color="inherit" variant="outlined" startIcon={<EditNoteIcon aria-hidden />} onClick={onAmend}>
          Amend
        </Button>
      }
    >
      <AlertTitle sx={{ mb: 0 }}>
        {amendment > 0 ? `Amendment ${amendment} signed` : 'Signed'} by {signerName(evaluation, nameOf)} on{' '}
        {formatDateTime(evaluation.signedAt)}
      </AlertTitle>
      The signed record is locked. To change it, amend it with a reason; what was signed stays readable.
    </Alert>
  );
}

/** A signed record reopened for amendment: which amendment, by whom, when and why, and what it amends. */
export function AmendingNotice({
  evaluation,
  amends,
  nameOf,
}: {
  evaluation: EvaluationDto;
  /** The signed version the amendment started from. */
  amends: SignedVersionView | undefined;
  nameOf: NameOf;
}) {
  const latest = evaluation.amendments.at(-1);
  return (
    <Alert severity="warning">
      <AlertTitle>
        {latest ? `Amendment ${evaluation.amendments.length} in progress` : 'Amendment in progress'}
      </AlertTitle>
      {latest ? (
        <Box>
          Opened by {nameOf(latest.by)} on {formatDateTime(latest.at)}. Reason: {withFullStop(latest.reason)}
        </Box>
      ) : null}
      {amends ? <Box>Started from: {amends.label}.</Box> : null}
      <Box>Sign again to close the amendment.</Box>
    </Alert>
  );
}

/** A free-text reason ends a sentence once: "…result." stays, "…result" gets its full stop. */
function withFullStop(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

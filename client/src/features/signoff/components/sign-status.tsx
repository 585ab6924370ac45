import EditNoteIcon from '@mui/icons-material/EditNote';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import type { EvaluationDto } from '@rls/shared';
import { formatDateTime } from '@/utils/evaluation-format';

type NameOf = (userId: string | null) => string;

/** The signer's name: the API sends `signedByName` with the evaluation; else look the id up. */
function signerName(evaluation: EvaluationDto, nameOf: NameOf): string {
  const sent = (evaluation as EvaluationDto & { signedByName?: string | null }).signedByName;
  return sent ?? nameOf(evaluation.signedBy);
}

/** Who signed when, that the version is locked, and "Amend". */
export function SignedNotice({
  evaluation,
  nameOf,
  onAmend,
}: {
  evaluation: EvaluationDto;
  nameOf: NameOf;
  onAmend: () => void;
}) {
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
        Signed by {signerName(evaluation, nameOf)} on {formatDateTime(evaluation.signedAt)}
      </AlertTitle>
      Version {evaluation.version} is locked. To change it, amend it with a reason; this version stays
      readable.
    </Alert>
  );
}

/** A signed version reopened for amendment: by whom, when and why. */
export function AmendingNotice({ evaluation, nameOf }: { evaluation: EvaluationDto; nameOf: NameOf }) {
  const latest = evaluation.amendments.at(-1);
  return (
    <Alert severity="warning">
      <AlertTitle>Amending signed version {latest?.fromVersion ?? ''}</AlertTitle>
      {latest
        ? `Reopened by ${nameOf(latest.by)} on ${formatDateTime(latest.at)} — reason: ${latest.reason}. `
        : null}
      Sign again to close the amendment.
    </Alert>
  );
}

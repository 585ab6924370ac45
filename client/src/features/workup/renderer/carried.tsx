import DoneAllIcon from '@mui/icons-material/DoneAll';
import HistoryIcon from '@mui/icons-material/History';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { carriedCodes, carriedFromText, confirmationBatch, sourceDate } from '@/utils/carried';
import { formatDate } from '@/utils/format';
import { useWorkspace } from '../workspace-context';
import { visuallyHidden } from '@/components/visually-hidden';

// A follow-up visit starts with answers carried from the last signed evaluation
// (`answerMeta[code].carriedFrom`). Each stays marked until the clinician confirms it — one click sends
// the same value through the normal autosave, which clears the mark — or changes it.

/** The border that marks a carried, unconfirmed answer beside its field. */
export const carriedMarkSx = {
  borderLeft: 3,
  borderColor: 'info.main',
  pl: 1,
  ml: -1.375,
} as const;

/** The date of the evaluation `code` was carried from, or null when it is not carried. */
function useCarriedFrom(code: string): { carried: boolean; date: string | null } {
  const { view, patient } = useWorkspace();
  const from = view.answerMeta[code]?.carriedFrom;
  if (from === undefined || !(code in view.answers)) return { carried: false, date: null };
  return { carried: true, date: sourceDate(patient.evaluations, from) };
}

/**
 * "Carried from 12 Oct 2026" under a carried field, with "Confirm" beside it (named after the item for
 * screen readers: "Confirm Age at onset"). Nothing for an answer entered in this evaluation.
 */
export function CarriedNote({ code, name }: { code: string; name: string }) {
  const { view, readOnly, setAnswers } = useWorkspace();
  const { carried, date } = useCarriedFrom(code);
  if (!carried) return null;
  const text = carriedFromText(date);
  return (
    <Box
      sx={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        columnGap: 0.75,
        rowGap: 0.25,
        mt: 0.5,
      }}
    >
      <HistoryIcon aria-hidden sx={{ color: 'info.main', fontSize: 16 }} />
      <Typography
        variant="caption"
        component="span"
        sx={{ color: 'info.dark', fontWeight: 600, whiteSpace: 'nowrap' }}
      >
        {readOnly ? `${text}, not confirmed` : text}
      </Typography>
      {readOnly ? null : (
        <Button
          size="small"
          variant="outlined"
          color="info"
          onClick={() => setAnswers(confirmationBatch(view.answers, view.answerMeta, [code]))}
          sx={{ py: 0, px: 1, minWidth: 0, lineHeight: 1.6 }}
          // Named after the item ("Confirm Ferritin"), starting with the visible word.
          aria-label={`Confirm ${name}`}
        >
          Confirm
        </Button>
      )}
    </Box>
  );
}

/** Distinct source dates of `codes`, formatted ("12 Sep 2026"); empty when unknown. */
function sourceDates(
  codes: readonly string[],
  view: ReturnType<typeof useWorkspace>['view'],
  evaluations: ReturnType<typeof useWorkspace>['patient']['evaluations'],
): string[] {
  const dates = new Set<string>();
  for (const code of codes) {
    const date = sourceDate(evaluations, view.answerMeta[code]?.carriedFrom);
    if (date) dates.add(date);
  }
  return [...dates].sort().map(formatDate);
}

function answersText(count: number): string {
  return count === 1 ? '1 answer' : `${count} answers`;
}

/**
 * Above a group with carried answers: how many, from when, and "Confirm all in this group" — one save
 * with each one's same value.
 */
export function CarriedGroupBar({ codes, groupLabel }: { codes: readonly string[]; groupLabel: string }) {
  const { view, patient, readOnly, setAnswers } = useWorkspace();
  const carried = carriedCodes(view.answers, view.answerMeta, codes);
  if (carried.length === 0) return null;
  const dates = sourceDates(carried, view, patient.evaluations);
  const from = dates.length === 1 ? ` from ${dates[0]}` : '';
  return (
    <Box
      sx={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        gap: 1,
        mx: 2,
        mb: 1.5,
        px: 1.5,
        py: 0.75,
        borderRadius: 1,
        bgcolor: 'action.hover',
      }}
    >
      <Typography variant="body2" sx={{ flex: '1 1 260px' }}>
        {answersText(carried.length)} carried{from}
        {readOnly ? ', not confirmed.' : ' — confirm each that still holds, or change it.'}
      </Typography>
      {readOnly ? null : (
        <Button
          size="small"
          variant="outlined"
          color="info"
          startIcon={<DoneAllIcon aria-hidden />}
          onClick={() => setAnswers(confirmationBatch(view.answers, view.answerMeta, carried))}
        >
          Confirm all in this group
          <Box component="span" sx={visuallyHidden}>
            {`: ${groupLabel}`}
          </Box>
        </Button>
      )}
    </Box>
  );
}

/** At the top of a stage with carried answers: what carrying means here. */
export function CarriedStageNotice({ codes }: { codes: readonly string[] }) {
  const { view, patient, readOnly } = useWorkspace();
  const carried = carriedCodes(view.answers, view.answerMeta, codes);
  if (carried.length === 0 || readOnly) return null;
  const dates = sourceDates(carried, view, patient.evaluations);
  const from = dates.length === 1 ? `the evaluation of ${dates[0]}` : 'earlier evaluations';
  return (
    <Alert severity="info" role="note" icon={<HistoryIcon aria-hidden />}>
      This follow-up starts from {from}: {answersText(carried.length)} in this stage{' '}
      {carried.length === 1 ? 'is' : 'are'} carried forward and marked until you confirm or change them.
      Unconfirmed answers are listed before signing.
    </Alert>
  );
}

import PrintIcon from '@mui/icons-material/Print';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { EvaluationDto } from '@rls/shared';
import { ButtonLink } from '@/components/link';
import type { HistoryEntry } from '../api';
import { HistoryButton } from '../history-dialog';
import { AmendmentList } from './amendment-list';
import { VersionsList } from './versions-list';

/** "Record": the change history, the print view, the signed versions and the amendment notes. */
export function RecordSection({
  evaluation,
  history,
  nameOf,
}: {
  evaluation: EvaluationDto;
  history: readonly HistoryEntry[] | undefined;
  nameOf: (userId: string | null) => string;
}) {
  return (
    <Box component="section" aria-labelledby="sign-record-heading">
      <Typography variant="h3" id="sign-record-heading" sx={{ mb: 1 }}>
        Record
      </Typography>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mb: 2 }}>
        <HistoryButton evaluationId={evaluation.id} workflowVersion={evaluation.workflowVersion} />
        <ButtonLink
          to="/evaluations/$evaluationId/print"
          params={{ evaluationId: evaluation.id }}
          variant="outlined"
          startIcon={<PrintIcon aria-hidden />}
        >
          Print view
        </ButtonLink>
      </Box>
      <VersionsList evaluation={evaluation} history={history} nameOf={nameOf} />
      <AmendmentList amendments={evaluation.amendments} nameOf={nameOf} />
    </Box>
  );
}

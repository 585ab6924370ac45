import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { TextLink } from '@/components/link';
import { stageLabels } from '@/utils/labels';
import type { WarningGroup } from '../sign-rules';

/** Unanswered, non-blocking items: one collapsed section per stage. */
export function WarningsList({
  evaluationId,
  groups,
}: {
  evaluationId: string;
  groups: readonly WarningGroup[];
}) {
  if (groups.length === 0) {
    return <Alert severity="success">Every item that applies is answered.</Alert>;
  }
  return (
    <Box>
      {groups.map((group) => (
        <Accordion key={group.stage} disableGutters variant="outlined">
          <AccordionSummary expandIcon={<ExpandMoreIcon aria-hidden />}>
            <Typography component="span" sx={{ fontWeight: 600 }}>
              {stageLabels[group.stage]}
            </Typography>{' '}
            <Typography component="span" color="textSecondary" sx={{ ml: 1 }}>
              {group.codes.length} not answered
            </Typography>
          </AccordionSummary>
          <AccordionDetails sx={{ pt: 0 }}>
            <Box component="ul" sx={{ m: 0, pl: 3, columns: { sm: 2 }, columnGap: 4 }}>
              {group.labels.map((label, i) => (
                <li key={group.codes[i]}>{label}</li>
              ))}
            </Box>
            <TextLink
              to="/evaluations/$evaluationId/$step"
              params={{ evaluationId, step: group.stage }}
              sx={{ display: 'inline-block', mt: 1 }}
            >
              Go to {stageLabels[group.stage]}
            </TextLink>
          </AccordionDetails>
        </Accordion>
      ))}
    </Box>
  );
}

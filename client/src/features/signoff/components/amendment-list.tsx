import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { Amendment } from '@rls/shared';
import { formatDateTime } from '@/utils/evaluation-format';

interface AmendmentListProps {
  amendments: readonly Amendment[];
  nameOf: (userId: string | null) => string;
}

/** Why and when each amendment was opened, numbered as the signed versions are ("Amendment 1"). */
export function AmendmentList({ amendments, nameOf }: AmendmentListProps) {
  if (amendments.length === 0) return null;
  return (
    <Box>
      <Typography variant="h4" id="amendments-heading" sx={{ mb: 0.5 }}>
        Amendments
      </Typography>
      <Box component="ul" aria-labelledby="amendments-heading" sx={{ m: 0, pl: 3 }}>
        {amendments.map((a, index) => (
          <li key={a.id}>
            Amendment {index + 1}, opened {formatDateTime(a.at)} by {nameOf(a.by)}:{' '}
            <Box component="span" sx={{ fontStyle: 'italic' }}>
              {a.reason}
            </Box>
          </li>
        ))}
      </Box>
    </Box>
  );
}

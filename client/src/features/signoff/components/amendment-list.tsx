import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { Amendment } from '@rls/shared';
import { formatDateTime } from '@/utils/evaluation-format';

interface AmendmentListProps {
  amendments: readonly Amendment[];
  nameOf: (userId: string | null) => string;
}

/** Why and when each signed version was reopened. */
export function AmendmentList({ amendments, nameOf }: AmendmentListProps) {
  if (amendments.length === 0) return null;
  return (
    <Box>
      <Typography variant="h4" id="amendments-heading" sx={{ mb: 0.5 }}>
        Amendments
      </Typography>
      <Box component="ul" aria-labelledby="amendments-heading" sx={{ m: 0, pl: 3 }}>
        {amendments.map((a) => (
          <li key={a.id}>
            Version {a.fromVersion} reopened {formatDateTime(a.at)} by {nameOf(a.by)}:{' '}
            <Box component="span" sx={{ fontStyle: 'italic' }}>
              {a.reason}
            </Box>
          </li>
        ))}
      </Box>
    </Box>
  );
}

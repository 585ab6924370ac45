import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { demoQueryOptions } from '../api';
import { roleLabels } from '@/utils/labels';

/** Shown on the sign-in page only when the server runs with demo data. */
export function DemoBanner() {
  const { data } = useQuery(demoQueryOptions());
  if (!data?.demo) return null;

  return (
    <Alert
      severity="info"
      variant="outlined"
      component="section"
      role="region"
      aria-labelledby="demo-banner-title"
    >
      <AlertTitle id="demo-banner-title">Demo data</AlertTitle>
      <Typography variant="body2" sx={{ mb: 1 }}>
        This server holds fictitious patients only. Sign in with one of these accounts.
      </Typography>
      <Box
        component="dl"
        sx={{ display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}
      >
        {data.accounts.map((account) => (
          <Box key={account.username} sx={{ display: 'contents' }}>
            <Box component="dt" sx={{ fontFamily: 'monospace', fontWeight: 600 }}>
              {account.username}
            </Box>
            <Box component="dd" sx={{ m: 0 }}>
              {roleLabels[account.role]}
            </Box>
          </Box>
        ))}
        <Box component="dt" sx={{ fontWeight: 600, mt: 0.5 }}>
          Password
        </Box>
        <Box component="dd" sx={{ m: 0, mt: 0.5, fontFamily: 'monospace' }}>
          {data.password}
        </Box>
      </Box>
    </Alert>
  );
}

import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { ButtonLink } from './link';

export function NotFound() {
  return (
    <Box component="section" sx={{ py: 6, textAlign: 'center' }}>
      <Typography variant="h1" gutterBottom>
        Page not found
      </Typography>
      <Typography color="textSecondary" sx={{ mb: 3 }}>
        The address may be mistyped, or the page no longer exists.
      </Typography>
      <ButtonLink to="/" variant="contained">
        Go to the start page
      </ButtonLink>
    </Box>
  );
}

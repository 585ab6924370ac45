import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';

interface RecoveryCodesProps {
  codes: string[];
  onDone: () => void;
}

/** The one-time recovery codes, shown once right after they are made. */
export function RecoveryCodes({ codes, onDone }: RecoveryCodesProps) {
  return (
    <Stack spacing={2}>
      <Alert severity="warning">
        <AlertTitle>Save your recovery codes now</AlertTitle>
        Each code signs you in once if you lose your phone. They are not shown again: print them or keep them
        in a password manager.
      </Alert>
      <Box
        component="ol"
        aria-label="Recovery codes"
        sx={{
          m: 0,
          pl: 4,
          display: 'grid',
          gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' },
          columnGap: 4,
          rowGap: 0.5,
          fontFamily: 'monospace',
          fontSize: '1rem',
        }}
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </Box>
      <Box>
        <Button variant="contained" onClick={onDone}>
          I have saved these codes
        </Button>
      </Box>
    </Stack>
  );
}

import CssBaseline from '@mui/material/CssBaseline';
// The system ThemeProvider, which MUI's own uses for a theme without CSS variables (`createTheme`
// without `cssVariables`/`colorSchemes`, as ours): importing MUI's would also bundle its CSS-variables
// provider and colour-scheme script, about 3 KiB of the first screen's JavaScript, never run.
import ThemeProvider from '@mui/system/ThemeProvider';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { theme } from '@/theme';

export function AppProvider({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ThemeProvider>
  );
}

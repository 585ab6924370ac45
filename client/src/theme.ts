import { alpha, createTheme } from '@mui/material/styles';

// Calm clinical palette. Every colour used for text meets WCAG AA (≥ 4.5:1) on white and on the
// page background; MUI's default warning orange does not, so it is darkened here.
const teal = { main: '#00695c', dark: '#004d40', light: '#4f9a94' };
const pageBackground = '#f4f7f7';

export const theme = createTheme({
  palette: {
    mode: 'light',
    primary: { ...teal, contrastText: '#ffffff' },
    secondary: { main: '#455a64', contrastText: '#ffffff' },
    error: { main: '#b3261e' },
    warning: { main: '#b45309' },
    info: { main: '#0b6aa2' },
    success: { main: '#2e7d32' },
    background: { default: pageBackground, paper: '#ffffff' },
    text: { primary: '#1b2529', secondary: '#4a5a5f' },
    divider: '#d6dfe0',
  },
  shape: { borderRadius: 6 },
  typography: {
    fontFamily:
      'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
    fontSize: 14,
    h1: { fontSize: '1.5rem', fontWeight: 600, lineHeight: 1.3 },
    h2: { fontSize: '1.25rem', fontWeight: 600, lineHeight: 1.35 },
    h3: { fontSize: '1.1rem', fontWeight: 600, lineHeight: 1.4 },
    h4: { fontSize: '1rem', fontWeight: 600 },
    button: { textTransform: 'none', fontWeight: 600 },
  },
  components: {
    MuiAppBar: {
      defaultProps: { elevation: 0, color: 'primary' },
    },
    MuiButton: { defaultProps: { disableElevation: true } },
    MuiTextField: { defaultProps: { size: 'small', fullWidth: true } },
    MuiFormControl: { defaultProps: { size: 'small' } },
    MuiTable: { defaultProps: { size: 'small' } },
    MuiTableCell: {
      styleOverrides: {
        head: ({ theme }) => ({
          fontWeight: 600,
          color: theme.palette.text.secondary,
          backgroundColor: theme.palette.grey[50],
          whiteSpace: 'nowrap',
        }),
      },
    },
    MuiTableRow: {
      styleOverrides: {
        root: ({ theme }) => ({
          '&.MuiTableRow-hover:hover': { backgroundColor: alpha(theme.palette.primary.main, 0.04) },
        }),
      },
    },
    MuiChip: { defaultProps: { size: 'small' } },
    MuiAlert: { styleOverrides: { root: { alignItems: 'flex-start' } } },
  },
});

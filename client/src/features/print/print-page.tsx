import PrintIcon from '@mui/icons-material/Print';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import GlobalStyles from '@mui/material/GlobalStyles';
import Paper from '@mui/material/Paper';
import { useState, type ReactNode } from 'react';
import { EvaluationDocument, type EvaluationDocumentProps } from './evaluation-document';

interface PrintPageProps extends Omit<EvaluationDocumentProps, 'includeAnswers'> {
  /** "Back" control (a link to the evaluation). */
  back: ReactNode;
  /** Shown above the document on screen, e.g. "Signed version 3 — read-only". */
  notice?: ReactNode;
  /** Initial state of "Include all recorded answers". */
  includeAnswers?: boolean;
  /** More toolbar buttons (e.g. "Download FHIR"); never printed. */
  actions?: ReactNode;
}

// On paper only the document shows: no toolbar, no page background, no card border.
const printStyles = (
  <GlobalStyles
    styles={{
      '@page': { size: 'auto', margin: '15mm' },
      '@media print': {
        body: { backgroundColor: '#fff !important', fontSize: '10.5pt' },
        '.no-print': { display: 'none !important' },
        '.print-sheet': { border: 'none !important', padding: '0 !important', boxShadow: 'none !important' },
        a: { color: 'inherit', textDecoration: 'none' },
      },
    }}
  />
);

/** Screen toolbar (back, include answers, other actions, Print) above the printable document. */
export function PrintPage({
  back,
  notice,
  includeAnswers: initialInclude = false,
  actions,
  ...document
}: PrintPageProps) {
  const [includeAnswers, setIncludeAnswers] = useState(initialInclude);
  return (
    <>
      {printStyles}
      <Box
        className="no-print"
        sx={{
          maxWidth: '180mm',
          mx: 'auto',
          mb: 2,
          display: 'flex',
          flexWrap: 'wrap',
          gap: 1,
          alignItems: 'center',
        }}
      >
        {back}
        <Box sx={{ flexGrow: 1 }} />
        <FormControlLabel
          control={
            <Checkbox checked={includeAnswers} onChange={(e) => setIncludeAnswers(e.target.checked)} />
          }
          label="Include all recorded answers"
        />
        {/* Kept together and to the right when the toolbar wraps on a narrow screen. */}
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', ml: 'auto' }}>
          {actions}
          <Button variant="contained" startIcon={<PrintIcon aria-hidden />} onClick={() => window.print()}>
            Print
          </Button>
        </Box>
      </Box>
      {notice ? (
        <Box className="no-print" sx={{ maxWidth: '180mm', mx: 'auto', mb: 2 }}>
          <Alert severity="info">{notice}</Alert>
        </Box>
      ) : null}
      <Paper
        className="print-sheet"
        variant="outlined"
        sx={{ maxWidth: 'calc(180mm + 2 * 12mm)', mx: 'auto', p: '12mm', boxSizing: 'border-box' }}
      >
        <EvaluationDocument {...document} includeAnswers={includeAnswers} />
      </Paper>
    </>
  );
}

import Box from '@mui/material/Box';
import { keyframes } from '@mui/material/styles';

// MUI's indeterminate `LinearProgress` animation (its two bars, timings and curves).
const bar1 = keyframes`
  0% { left: -35%; right: 100%; }
  60% { left: 100%; right: -90%; }
  100% { left: 100%; right: -90%; }
`;
const bar2 = keyframes`
  0% { left: -200%; right: 100%; }
  60% { left: 107%; right: -8%; }
  100% { left: 107%; right: -8%; }
`;

const barSx = {
  position: 'absolute',
  top: 0,
  bottom: 0,
  bgcolor: 'primary.main',
  '@media (prefers-reduced-motion: reduce)': { animation: 'none', left: '30%', right: 'auto', width: '40%' },
} as const;

/**
 * An indeterminate progress bar that looks like MUI's `LinearProgress` (4 px, primary colour), for
 * pages that must stay light: `LinearProgress` carries its determinate, buffer and query variants too.
 */
export function LoadingBar({ label }: { label: string }) {
  return (
    <Box
      role="progressbar"
      aria-label={label}
      sx={(theme) => ({
        position: 'relative',
        overflow: 'hidden',
        display: 'block',
        height: 4,
        zIndex: 0,
        bgcolor: theme.lighten(theme.palette.primary.main, 0.62),
      })}
    >
      <Box
        component="span"
        sx={{ ...barSx, animation: `${bar1} 2.1s cubic-bezier(0.65, 0.815, 0.735, 0.395) infinite` }}
      />
      <Box
        component="span"
        sx={{ ...barSx, animation: `${bar2} 2.1s cubic-bezier(0.165, 0.84, 0.44, 1) 1.15s infinite` }}
      />
    </Box>
  );
}

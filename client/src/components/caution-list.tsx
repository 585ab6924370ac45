import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import Box from '@mui/material/Box';
import { alpha, type SxProps, type Theme } from '@mui/material/styles';
import Typography from '@mui/material/Typography';
import type { Caution } from '@rls/shared';

interface CautionListProps {
  /** Missing on stored assessments of older evaluations: nothing is shown. */
  cautions: readonly Caution[] | null | undefined;
  /**
   * `box`: tinted, bordered (screen: the plan step and the assessment);
   * `plain`: icon and text only (inside a warning alert, on paper).
   */
  variant?: 'box' | 'plain';
  /** Smaller text for narrow places (the assessment panel beside the form). */
  dense?: boolean;
  /** Names the list for screen readers (e.g. "Cautions for Oral ferrous sulfate…"). */
  label?: string;
  id?: string;
  sx?: SxProps<Theme>;
}

/**
 * The cautions of a plan option (docs/clinical-rules.md): each with a warning icon and its text,
 * always visible — never only in a tooltip. Cautions inform; they never block ticking or signing.
 */
export function CautionList({ cautions, variant = 'box', dense = false, label, id, sx }: CautionListProps) {
  if (!cautions || cautions.length === 0) return null;
  const boxed = variant === 'box';
  const extraSx = (Array.isArray(sx) ? sx : [sx]) as Extract<SxProps<Theme>, readonly unknown[]>;
  return (
    <Box
      component="ul"
      id={id}
      aria-label={label ?? 'Cautions'}
      sx={[{ listStyle: 'none', m: 0, p: 0, display: 'flex', flexDirection: 'column', gap: 0.5 }, ...extraSx]}
    >
      {cautions.map((caution) => (
        <Box
          component="li"
          key={`${caution.code}:${caution.text}`}
          data-caution={caution.code}
          sx={[
            { display: 'flex', gap: 0.75, alignItems: 'flex-start', breakInside: 'avoid' },
            boxed && {
              px: 1,
              py: 0.5,
              borderLeft: 3,
              borderColor: 'warning.main',
              borderRadius: 1,
              bgcolor: (theme: Theme) => alpha(theme.palette.warning.main, 0.08),
            },
          ]}
        >
          <WarningAmberIcon
            aria-hidden
            sx={{ color: 'warning.main', fontSize: dense ? '1rem' : '1.15rem', mt: dense ? 0.1 : 0.15 }}
          />
          <Typography
            variant={dense ? 'caption' : 'body2'}
            component="span"
            sx={{ color: 'text.primary', lineHeight: 1.45 }}
          >
            {/* The text names its reason and source itself ("Already taking oral iron: …"). */}
            <Box component="strong" sx={{ fontWeight: 700 }}>
              Caution:
            </Box>{' '}
            {caution.text}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

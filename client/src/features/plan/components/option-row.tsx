import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import Chip, { type ChipProps } from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Typography from '@mui/material/Typography';
import type { Suggestion } from '@rls/shared';
import { useId, type ReactNode } from 'react';
import { CautionList } from '@/components/caution-list';
import { guidelineLabel } from '@/utils/evaluation-format';
import { cautionsOf } from '@/utils/plan-selection';

interface OptionRowProps {
  suggestion: Pick<Suggestion, 'id' | 'label'> &
    Partial<Pick<Suggestion, 'guideline' | 'strength' | 'note' | 'cautions'>>;
  alsoSuggestedBy: readonly string[];
  checked: boolean;
  disabled: boolean;
  /** Ticked earlier, no longer offered by the current findings. */
  stale?: boolean;
  onChange: (checked: boolean) => void;
  /** Shown under the option (the treatment course of a ticked medicine). */
  children?: ReactNode;
}

/** How strongly a guideline recommends an option, as a chip colour (text colours meet AA on white). */
function strengthColor(strength: string): ChipProps['color'] {
  const s = strength.toLowerCase();
  if (s.startsWith('strong for')) return 'success';
  if (s.includes('against')) return 'error';
  if (s.startsWith('conditional for')) return 'info';
  return 'default';
}

/**
 * One plan option: checkbox named by the option; guideline/strength chips, notes and cautions (icon
 * and text, always visible) as its description.
 */
export function OptionRow({
  suggestion,
  alsoSuggestedBy,
  checked,
  disabled,
  stale = false,
  onChange,
  children,
}: OptionRowProps) {
  const descriptionId = useId();
  const { strength, note } = suggestion;
  // Older stored options without a source guideline carry 'None': the strength chip says enough.
  const guideline = guidelineLabel(suggestion);
  const cautions = cautionsOf(suggestion);
  const hasDescription = Boolean(
    guideline || strength || note || alsoSuggestedBy.length > 0 || stale || cautions.length > 0,
  );

  return (
    <Box sx={{ py: 0.5, '& + &': { borderTop: 1, borderColor: 'divider' } }}>
      <FormControlLabel
        sx={{ alignItems: 'flex-start', mr: 0 }}
        control={
          <Checkbox
            checked={checked}
            disabled={disabled}
            onChange={(event) => onChange(event.target.checked)}
            sx={{ mt: -0.75 }}
            slotProps={{ input: hasDescription ? { 'aria-describedby': descriptionId } : {} }}
          />
        }
        label={<Typography sx={{ fontWeight: checked ? 600 : 400 }}>{suggestion.label}</Typography>}
      />
      {hasDescription ? (
        <Box
          id={descriptionId}
          sx={{ pl: 4, display: 'flex', flexWrap: 'wrap', gap: 0.75, alignItems: 'center' }}
        >
          {stale ? (
            <Chip color="warning" variant="outlined" label="no longer suggested for the current answers" />
          ) : null}
          {guideline ? <Chip variant="outlined" label={guideline} /> : null}
          {strength ? <Chip variant="outlined" color={strengthColor(strength)} label={strength} /> : null}
          {note ? (
            <Typography variant="body2" color="textSecondary" component="span">
              {note}
            </Typography>
          ) : null}
          {alsoSuggestedBy.length > 0 ? (
            <Typography variant="body2" color="textSecondary" component="span">
              Also suggested by: {alsoSuggestedBy.join(', ')}
            </Typography>
          ) : null}
          <CautionList
            cautions={cautions}
            label={`Cautions for ${suggestion.label}`}
            sx={{ flexBasis: '100%', mt: 0.25 }}
          />
        </Box>
      ) : null}
      {children}
    </Box>
  );
}

import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { AnswerValue, WorkupItem } from '@rls/shared';
import { memo, useState } from 'react';
import { fieldId } from './a11y';
import { Control, type ControlProps } from './controls';
import { HelpButton, HelpText } from './help';
import { MarkNotDoneButton, NotDoneState, revealNotDoneAction } from './not-done';

export interface ItemFieldProps {
  item: WorkupItem;
  value: AnswerValue | undefined;
  entered: { value: number; unit: string } | undefined;
  disabled: boolean;
  /** Set when the value is computed from other answers: the field is read-only and says so. */
  computedNote?: string;
  /** The reason the item was marked not done (shown in place of the control). */
  notDone?: string;
  /**
   * Marks the item not done (a reason) or removes the mark (null); absent when it cannot be marked
   * (read-only, or an item required for sign-off).
   */
  onNotDone?: (code: string, reason: string | null) => void;
  onChange: ControlProps['onChange'];
  onInvalid: ControlProps['onInvalid'];
}

/** Controls whose visible label is a `<label for>` (one input); the others are named groups. */
function hasSingleInput(item: WorkupItem): boolean {
  if (item.type === 'boolean' || item.type === 'multi') return false;
  if (item.type === 'choice') return (item.options?.length ?? 0) > 4;
  return true;
}

/**
 * One item in a list group: visible label, help on demand, the control for its type — or, for an
 * item marked not done, the reason with "Undo". "Not done" beside the label marks it.
 */
export const ItemField = memo(function ItemField({
  item,
  value,
  entered,
  disabled,
  computedNote,
  notDone,
  onNotDone,
  onChange,
  onInvalid,
}: ItemFieldProps) {
  const [helpOpen, setHelpOpen] = useState(false);
  const id = fieldId(item.code);
  const labelId = fieldId(item.code, 'label');
  const helpId = fieldId(item.code, 'help');
  const marked = notDone !== undefined;
  const single = hasSingleInput(item) && !marked;

  return (
    <Box data-code={item.code} sx={{ minWidth: 0, ...revealNotDoneAction }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, minHeight: 28 }}>
        {single ? (
          <Typography id={labelId} component="label" htmlFor={id} variant="body2" sx={{ fontWeight: 600 }}>
            {item.label}
          </Typography>
        ) : (
          <Typography id={labelId} component="span" variant="body2" sx={{ fontWeight: 600 }}>
            {item.label}
          </Typography>
        )}
        {item.help ? (
          <HelpButton
            label={item.label}
            open={helpOpen}
            onToggle={() => setHelpOpen((o) => !o)}
            controls={helpId}
          />
        ) : null}
        {onNotDone && !marked && computedNote === undefined ? (
          <MarkNotDoneButton
            name={item.label}
            answered={value !== undefined}
            onMark={(reason) => onNotDone(item.code, reason)}
          />
        ) : null}
      </Box>
      {item.help ? (
        <HelpText id={helpId} open={helpOpen}>
          {item.help}
        </HelpText>
      ) : null}
      {marked ? (
        <NotDoneState
          id={id}
          name={item.label}
          reason={notDone}
          onUndo={onNotDone ? () => onNotDone(item.code, null) : undefined}
        />
      ) : (
        <Control
          item={item}
          value={value}
          entered={entered}
          disabled={disabled}
          computedNote={computedNote}
          id={id}
          labelledBy={labelId}
          name={item.label}
          onChange={onChange}
          onInvalid={onInvalid}
        />
      )}
    </Box>
  );
});

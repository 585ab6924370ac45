import Box from '@mui/material/Box';
import FormControl, { type FormControlProps } from '@mui/material/FormControl';
import FormHelperText from '@mui/material/FormHelperText';
import InputLabel from '@mui/material/InputLabel';
import OutlinedInput, { type OutlinedInputProps } from '@mui/material/OutlinedInput';
import type { InputBaseComponentProps } from '@mui/material/InputBase';
import type { Theme } from '@mui/material/styles';
import type { SystemStyleObject } from '@mui/system';
import { useId, type ElementType, type ReactNode } from 'react';

/** What the outlined field's frame takes: the `FormControl` around label, input and help text. */
interface FieldFrameProps {
  label: string;
  /** Below the input, linked to it by `aria-describedby`; red with `error`. */
  helperText?: ReactNode;
  error?: boolean;
  required?: boolean;
  disabled?: boolean;
  size?: 'small' | 'medium';
  /** Default true, as the theme's `TextField`. */
  fullWidth?: boolean;
  id?: string;
  sx?: FormControlProps['sx'];
}

function FieldFrame({
  label,
  helperText,
  error,
  required,
  disabled,
  size,
  fullWidth = true,
  sx,
  id,
  helperId,
  shrink,
  children,
}: Omit<FieldFrameProps, 'id'> & { id: string; helperId: string; shrink?: boolean; children: ReactNode }) {
  return (
    <FormControl
      variant="outlined"
      error={error}
      required={required}
      disabled={disabled}
      size={size}
      fullWidth={fullWidth}
      sx={sx}
    >
      <InputLabel htmlFor={id} id={`${id}-label`} shrink={shrink}>
        {label}
      </InputLabel>
      {children}
      {helperText ? <FormHelperText id={helperId}>{helperText}</FormHelperText> : null}
    </FormControl>
  );
}

export type TextInputProps = FieldFrameProps &
  Omit<OutlinedInputProps, keyof FieldFrameProps | 'label' | 'notched' | 'multiline' | 'rows'>;

/**
 * An outlined text field that looks and labels like MUI's `TextField` (label, required asterisk,
 * help text, error) without its `select` machinery: `TextField` always bundles Select, Menu,
 * Popover, Modal, FilledInput and Input, about a tenth of the first screen's JavaScript. The input's
 * own attributes go in `inputProps`; `inputRef` reaches the `<input>`.
 */
export function TextInput({
  label,
  helperText,
  error,
  required,
  disabled,
  size,
  fullWidth,
  sx,
  id: idProp,
  ...input
}: TextInputProps) {
  const autoId = useId();
  const id = idProp ?? autoId;
  const helperId = `${id}-helper-text`;
  return (
    <FieldFrame {...{ label, helperText, error, required, disabled, size, fullWidth, sx, id, helperId }}>
      <OutlinedInput id={id} label={label} aria-describedby={helperText ? helperId : undefined} {...input} />
    </FieldFrame>
  );
}

export interface SelectInputProps extends FieldFrameProps {
  value: string;
  /** The chosen option's value. */
  onChange: (value: string) => void;
  /** `<option>` elements. */
  children: ReactNode;
}

/**
 * A choice in the browser's own `<select>`, framed like `TextInput` (the label always sits on the
 * frame, since the select always shows its option). Lighter than `TextField select`, which pulls in
 * the menu, popover and modal, and as usable from the keyboard and on touch screens.
 */
export function SelectInput({
  label,
  helperText,
  error,
  required,
  disabled,
  size,
  fullWidth,
  sx,
  id: idProp,
  value,
  onChange,
  children,
}: SelectInputProps) {
  const autoId = useId();
  const id = idProp ?? autoId;
  const helperId = `${id}-helper-text`;
  return (
    <FieldFrame
      {...{ label, helperText, error, required, disabled, size, fullWidth, sx, id, helperId }}
      shrink
    >
      <OutlinedInput
        id={id}
        label={label}
        notched
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={helperText ? helperId : undefined}
        inputComponent={selectElement}
        inputProps={{ children }}
        endAdornment={<SelectArrow />}
        sx={nativeSelectSx}
      />
    </FieldFrame>
  );
}

/**
 * Styles for an MUI input whose `inputComponent` is a `<select>`, as MUI's `NativeSelect` draws it
 * (which would also bundle the standard `Input`): no browser arrow, room on the right for ours.
 */
/** MUI types `inputComponent` for inputs; a `<select>` takes the same props it passes. */
export const selectElement = 'select' as ElementType<InputBaseComponentProps>;

export const nativeSelectSx = (theme: Theme): SystemStyleObject<Theme> => ({
  '& select': {
    appearance: 'none',
    userSelect: 'none',
    cursor: 'pointer',
    borderRadius: `${theme.shape.borderRadius}px`,
    paddingRight: '32px', // a bare number would be theme spacing (32 × 8 px)
    minWidth: 16,
  },
  '& select:not([multiple]) option': { backgroundColor: theme.palette.background.paper },
});

/** The select's arrow (MUI's `ArrowDropDown` icon, where `NativeSelect` puts it). */
export function SelectArrow({ right = 7 }: { right?: number }) {
  return (
    <Box
      component="svg"
      viewBox="0 0 24 24"
      aria-hidden
      focusable="false"
      sx={{
        position: 'absolute',
        right,
        top: 'calc(50% - .5em)',
        width: '1em',
        height: '1em',
        fontSize: '1.5rem',
        fill: 'currentColor',
        flexShrink: 0,
        pointerEvents: 'none',
        color: 'action.active',
      }}
    >
      <path d="M7 10l5 5 5-5z" />
    </Box>
  );
}

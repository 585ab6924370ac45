import FormControl, { type FormControlProps } from '@mui/material/FormControl';
import FormHelperText from '@mui/material/FormHelperText';
import InputLabel from '@mui/material/InputLabel';
import NativeSelect from '@mui/material/NativeSelect';
import OutlinedInput, { type OutlinedInputProps } from '@mui/material/OutlinedInput';
import { useId, type ChangeEvent, type ReactNode } from 'react';

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
  onChange: (event: ChangeEvent<HTMLSelectElement>) => void;
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
      <NativeSelect
        id={id}
        value={value}
        onChange={onChange}
        input={<OutlinedInput label={label} notched />}
        inputProps={{ 'aria-describedby': helperText ? helperId : undefined }}
      >
        {children}
      </NativeSelect>
    </FieldFrame>
  );
}

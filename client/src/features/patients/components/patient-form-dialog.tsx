import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { SEXES, type PatientCreateInput } from '@rls/shared';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { DateField } from '@/components/date-field';
import { todayIso } from '@/utils/format';
import { sexLabels } from '@/utils/labels';
import {
  serverFieldErrors,
  validatePatientForm,
  type PatientFieldErrors,
  type PatientFormValues,
} from '../patient-form';
import type { PatientField } from '../types';

interface PatientFormDialogProps {
  open: boolean;
  title: string;
  submitLabel: string;
  initialValues: PatientFormValues;
  /** Saves valid input; a rejection is shown on the fields it concerns (or above the form). */
  onSubmit: (data: PatientCreateInput) => Promise<unknown>;
  onClose: () => void;
  saving: boolean;
  /** Extra content under the fields, given the values being edited (e.g. a warning). */
  notice?: (values: PatientFormValues) => ReactNode;
}

/** Create or edit demographics: MRN, name, birth date, sex. Validated with the server's zod schema. */
export function PatientFormDialog({ open, onClose, saving, ...props }: PatientFormDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={saving ? undefined : onClose}
      maxWidth="xs"
      fullWidth
      aria-labelledby="patient-form-title"
    >
      {/* Mounted only while open, so every opening starts from `initialValues`. */}
      {open ? <PatientForm {...props} onClose={onClose} saving={saving} /> : null}
    </Dialog>
  );
}

function PatientForm({
  title,
  submitLabel,
  initialValues,
  onSubmit,
  onClose,
  saving,
  notice,
}: Omit<PatientFormDialogProps, 'open'>) {
  const formId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<PatientFormValues>(initialValues);
  const [errors, setErrors] = useState<PatientFieldErrors>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);
  // What the birth date field shows but could not take (half-typed, impossible): blocks saving.
  const [birthDatePending, setBirthDatePending] = useState<string | null>(null);
  const today = todayIso();

  // After a failed attempt, put the cursor in the first field that needs attention (in a date
  // field, its first segment).
  useEffect(() => {
    if (attempt === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    const target =
      invalid?.getAttribute('role') === 'group'
        ? invalid.querySelector<HTMLElement>('[role="spinbutton"]')
        : invalid;
    target?.focus();
  }, [attempt]);

  function change(field: PatientField, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    const result = validatePatientForm(values, today);
    if (!result.ok || birthDatePending) {
      // A pending birth date shows its own message on the field (it wins over the form's).
      setErrors(result.ok ? {} : result.errors);
      setAttempt((n) => n + 1);
      return;
    }
    try {
      await onSubmit(result.data);
    } catch (error) {
      const mapped = serverFieldErrors(error);
      setErrors(mapped.fields);
      setFormError(mapped.message);
      setAttempt((n) => n + 1);
    }
  }

  const fieldProps = (field: PatientField) => ({
    name: field,
    value: values[field],
    error: Boolean(errors[field]),
    helperText: errors[field],
    disabled: saving,
    required: true,
    // Patient identifiers must not end up in the browser's form history.
    autoComplete: 'off',
    onChange: (event: { target: { value: string } }) => change(field, event.target.value),
  });

  return (
    <>
      <DialogTitle id="patient-form-title">{title}</DialogTitle>
      <DialogContent>
        <Stack
          component="form"
          id={formId}
          ref={formRef}
          noValidate
          aria-labelledby="patient-form-title"
          onSubmit={(event) => void handleSubmit(event)}
          spacing={2}
          sx={{ pt: 1 }}
        >
          {formError ? (
            <Alert severity="error" role="alert">
              {formError}
            </Alert>
          ) : null}
          <TextField
            label="MRN"
            autoFocus
            {...fieldProps('mrn')}
            slotProps={{ htmlInput: { maxLength: 32, spellCheck: false } }}
          />
          <TextField
            label="Full name"
            {...fieldProps('name')}
            slotProps={{ htmlInput: { maxLength: 200 } }}
          />
          <DateField
            label="Birth date"
            required
            clearable={false}
            value={values.birthDate || null}
            onCommit={(date) => change('birthDate', date ?? '')}
            onPendingChange={setBirthDatePending}
            max={today}
            maxMessage="The birth date cannot be in the future."
            error={errors.birthDate}
            disabled={saving}
            width="100%"
          />
          <TextField select label="Sex" {...fieldProps('sex')}>
            {SEXES.map((sex) => (
              <MenuItem key={sex} value={sex}>
                {sexLabels[sex]}
              </MenuItem>
            ))}
          </TextField>
          {notice?.(values)}
        </Stack>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onClose} disabled={saving}>
          Cancel
        </Button>
        <Button type="submit" form={formId} variant="contained" loading={saving}>
          {submitLabel}
        </Button>
      </DialogActions>
    </>
  );
}

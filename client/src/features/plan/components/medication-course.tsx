import Box from '@mui/material/Box';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  MEDICATION_FREQUENCIES,
  MEDICATION_UNIT_LABELS,
  MEDICINE_OPTIONS,
  planMedicationSchema,
  type MedicationUnit,
  type PlanMedication,
} from '@rls/shared';
import { useId, useState } from 'react';
import { DateField } from '@/components/date-field';
import { courseText } from '@/utils/plan-selection';

interface MedicationCourseProps {
  /** The selected medicine option (`MEDICINE_OPTIONS`). */
  optionId: string;
  /** The stored (or unsaved) course line of that option, if any. */
  line: PlanMedication | undefined;
  readOnly: boolean;
  /** A complete, valid line to store, or null to remove it (every field emptied). */
  onChange: (line: PlanMedication | null) => void;
}

/** What the fields hold while typing; committed only when it makes a valid course line. */
interface Draft {
  dose: string;
  unit: MedicationUnit;
  frequency: string;
  startDate: string;
  /** The stored line the draft was made from (a change from outside replaces the draft). */
  source: string;
}

function draftOf(line: PlanMedication | undefined, units: readonly MedicationUnit[]): Draft {
  return {
    dose: line ? String(line.dose) : '',
    unit: line?.unit ?? units[0] ?? 'mg',
    frequency: line?.frequency ?? '',
    startDate: line?.startDate ?? '',
    source: JSON.stringify(line ?? null),
  };
}

type FieldErrors = Partial<Record<'dose' | 'frequency' | 'startDate', string>>;

/**
 * The draft as a course line, checked with the same schema as the server (`planMedicationSchema`):
 * the line, or why each field cannot be stored. An empty draft is `{ empty: true }`.
 */
function parseDraft(
  optionId: string,
  draft: Draft,
): { empty: true } | { empty: false; line: PlanMedication | null; errors: FieldErrors } {
  const doseText = draft.dose.trim().replace(',', '.');
  if (doseText === '' && draft.frequency === '' && draft.startDate === '') return { empty: true };
  const errors: FieldErrors = {};
  const dose = doseText === '' ? Number.NaN : Number(doseText);
  if (doseText === '') errors.dose = 'Enter the dose.';
  if (draft.frequency === '') errors.frequency = 'Choose how often.';
  const parsed = planMedicationSchema.safeParse({
    id: optionId,
    dose: Number.isFinite(dose) ? dose : doseText === '' ? undefined : doseText,
    unit: draft.unit,
    frequency: draft.frequency === '' ? undefined : draft.frequency,
    startDate: draft.startDate === '' ? null : draft.startDate,
  });
  if (parsed.success) {
    const { id, dose: value, unit, frequency, startDate } = parsed.data;
    return { empty: false, line: { id, dose: value, unit, frequency, startDate: startDate ?? null }, errors };
  }
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if ((field === 'dose' || field === 'startDate') && !errors[field]) {
      errors[field] = `${field === 'dose' ? 'Dose' : 'Start date'} ${issue.message}.`;
    }
  }
  return { empty: false, line: null, errors };
}

function sameLine(a: PlanMedication | null | undefined, b: PlanMedication | null | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The treatment course of one selected medicine: dose, unit, frequency and start date on one compact
 * row under the option. A line is stored once dose and frequency are valid (the start date may stay
 * empty); emptying every field removes it. Signed evaluations show it as text.
 */
export function MedicationCourse({ optionId, line, readOnly, onChange }: MedicationCourseProps) {
  const option = MEDICINE_OPTIONS[optionId];
  const units = option?.units ?? ['mg'];
  const name = option?.name ?? optionId;
  const statusId = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(line, units));

  const source = JSON.stringify(line ?? null);
  if (draft.source !== source) {
    // Stored from elsewhere (a save of this draft, the other user's change): show the stored line
    // unless the draft already says the same.
    const local = parseDraft(optionId, draft);
    const same = !local.empty && local.line !== null && sameLine(local.line, line);
    setDraft(same ? { ...draft, source } : draftOf(line, units));
  }

  if (readOnly) {
    return (
      <Typography variant="body2" sx={{ pl: 4, pb: 0.75 }} color={line ? 'textPrimary' : 'textSecondary'}>
        {line ? `Course: ${courseText(line)}` : 'No course entered.'}
      </Typography>
    );
  }

  const local = parseDraft(optionId, draft);
  const errors = local.empty ? {} : local.errors;

  const update = (patch: Partial<Omit<Draft, 'source'>>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    const parsed = parseDraft(optionId, next);
    if (parsed.empty) {
      if (line) onChange(null);
    } else if (parsed.line && !sameLine(parsed.line, line)) {
      onChange(parsed.line);
    }
  };

  const status = local.empty
    ? 'No course entered: it goes into the plan once the dose and frequency are filled in.'
    : local.line
      ? `In the plan: ${courseText(local.line)}.`
      : 'Not in the plan yet: complete the fields marked in red.';

  return (
    <Box
      role="group"
      aria-label={`Treatment course: ${name}`}
      aria-describedby={statusId}
      sx={{ pl: 4, pt: 1, pb: 1.25 }}
    >
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'flex-start' }}>
        <TextField
          label="Dose"
          size="small"
          value={draft.dose}
          error={Boolean(errors.dose)}
          helperText={errors.dose}
          onChange={(event) => update({ dose: event.target.value })}
          sx={{ width: units.length > 1 ? 110 : 130 }}
          slotProps={{
            htmlInput: { inputMode: 'decimal', autoComplete: 'off' },
            input:
              units.length === 1
                ? {
                    endAdornment: (
                      <InputAdornment position="end">{MEDICATION_UNIT_LABELS[units[0]!]}</InputAdornment>
                    ),
                  }
                : {},
          }}
        />
        {units.length > 1 ? (
          <TextField
            select
            label="Unit"
            size="small"
            value={draft.unit}
            onChange={(event) => update({ unit: event.target.value as MedicationUnit })}
            sx={{ width: 110 }}
            slotProps={{ select: { native: true } }}
          >
            {units.map((unit) => (
              <option key={unit} value={unit}>
                {MEDICATION_UNIT_LABELS[unit]}
              </option>
            ))}
          </TextField>
        ) : null}
        <TextField
          select
          label="Frequency"
          size="small"
          value={draft.frequency}
          error={Boolean(errors.frequency)}
          helperText={errors.frequency}
          onChange={(event) => update({ frequency: event.target.value })}
          sx={{ width: 190 }}
          slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
        >
          <option value="">Choose…</option>
          {MEDICATION_FREQUENCIES.map((f) => (
            <option key={f.code} value={f.code}>
              {f.label}
            </option>
          ))}
        </TextField>
        {/* Changes only once a complete date is entered (DateField); Clear removes it. */}
        <DateField
          label="Start date"
          name={`start date of ${name}`}
          value={draft.startDate === '' ? null : draft.startDate}
          error={errors.startDate}
          onCommit={(date) => update({ startDate: date ?? '' })}
        />
      </Box>
      <Typography
        id={statusId}
        variant="caption"
        component="p"
        color={!local.empty && !local.line ? 'error' : 'textSecondary'}
        sx={{ mt: 0.5 }}
      >
        {status}
      </Typography>
    </Box>
  );
}

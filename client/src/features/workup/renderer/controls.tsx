/**
 * One input control per item type, driven by the workup definition. Every control reports raw input
 * as the API accepts it (`onChange(code, raw)`; null clears) after checking it with the shared
 * `parseAnswerValue` — the same validation the server runs — so an invalid value is shown on the field
 * and never queued.
 */
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import InputAdornment from '@mui/material/InputAdornment';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  acceptedUnits,
  IRLS_TOTAL_CODE,
  irlsBand,
  irlsBandLabel,
  labFlag,
  parseAnswerValue,
  referenceRangeText,
  sameAnswer,
  secondsHint,
  type AnswerValue,
  type WorkupItem,
} from '@rls/shared';
import { useEffect, useState, type ChangeEvent } from 'react';
import { DateField } from '@/components/date-field';
import { visuallyHidden } from '@/components/visually-hidden';
import { formatQuantity, unitLabel as displayUnit } from '@/utils/evaluation-format';
import { formatNumber, rangeHint } from './format';

export interface ControlProps {
  item: WorkupItem;
  /** Answer as shown (stored ⊕ unsaved), canonical. */
  value: AnswerValue | undefined;
  /** What was entered when its unit is not the canonical one (`answerMeta`). */
  entered: { value: number; unit: string } | undefined;
  disabled: boolean;
  /** Number fields: the value is computed from other answers; read-only, with this note under it. */
  computedNote?: string;
  /** Id of the control's input (the target of a `<label htmlFor>`). */
  id: string;
  /** Ids of the visible text naming the control (its label, or row and column headers). */
  labelledBy: string;
  /** The accessible name spelled out, for buttons such as "Clear <name>". */
  name: string;
  /** Table cell: smaller, no radio rows. */
  compact?: boolean;
  /**
   * Numbers whose unit is chosen once for their table (reflux times: ms | s): the unit a value typed
   * into an empty field is in. The field then shows its unit in place of a unit select of its own; a
   * stored value keeps the unit it was entered in.
   */
  entryUnit?: string;
  onChange: (code: string, raw: unknown) => void;
  /** Reports a local input that could not be queued (null when fixed). */
  onInvalid: (code: string, reason: string | null) => void;
}

function ClearButton({ name, visible, onClick }: { name: string; visible: boolean; onClick: () => void }) {
  return (
    <Button
      size="small"
      color="inherit"
      onClick={onClick}
      aria-label={`Clear ${name}`}
      sx={{ visibility: visible ? 'visible' : 'hidden', minWidth: 0, px: 1, color: 'text.secondary' }}
    >
      Clear
    </Button>
  );
}

// --- boolean and choice ----------------------------------------------------------------------------

const BOOLEAN_OPTIONS = [
  { code: 'yes', label: 'Yes' },
  { code: 'no', label: 'No' },
];

function RadioRow(props: {
  options: { code: string; label: string }[];
  selected: string;
  labelledBy: string;
  name: string;
  disabled: boolean;
  compact?: boolean;
  onSelect: (code: string) => void;
  onClear: () => void;
}) {
  const { options, selected, labelledBy, name, disabled, compact, onSelect, onClear } = props;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', columnGap: 0.5 }}>
      <RadioGroup
        row
        aria-labelledby={labelledBy}
        value={selected}
        onChange={(_event, value) => onSelect(value)}
        sx={{ columnGap: compact ? 0 : 1 }}
      >
        {options.map((option) => (
          <FormControlLabel
            key={option.code}
            value={option.code}
            disabled={disabled}
            label={option.label}
            control={<Radio size="small" sx={{ p: 0.5 }} />}
            sx={{ mr: 1, ml: compact ? 0 : -0.5, '& .MuiFormControlLabel-label': { fontSize: '0.875rem' } }}
          />
        ))}
      </RadioGroup>
      {disabled ? null : <ClearButton name={name} visible={selected !== ''} onClick={onClear} />}
    </Box>
  );
}

function BooleanControl({ item, value, disabled, labelledBy, name, compact, onChange }: ControlProps) {
  const selected = value === true ? 'yes' : value === false ? 'no' : '';
  return (
    <RadioRow
      options={BOOLEAN_OPTIONS}
      selected={selected}
      labelledBy={labelledBy}
      name={name}
      disabled={disabled}
      compact={compact}
      onSelect={(code) => onChange(item.code, code === 'yes')}
      onClear={() => onChange(item.code, null)}
    />
  );
}

/** Radio buttons for a few options; a select for many options or in a table cell. */
function ChoiceControl(props: ControlProps) {
  const { item, value, disabled, id, labelledBy, name, compact, onChange } = props;
  const options = item.options ?? [];
  const selected = typeof value === 'string' ? value : '';
  if (!compact && options.length <= 4) {
    return (
      <RadioRow
        options={options}
        selected={selected}
        labelledBy={labelledBy}
        name={name}
        disabled={disabled}
        onSelect={(code) => onChange(item.code, code)}
        onClear={() => onChange(item.code, null)}
      />
    );
  }
  return (
    <TextField
      select
      id={id}
      value={selected}
      disabled={disabled}
      onChange={(event) => onChange(item.code, event.target.value === '' ? null : event.target.value)}
      slotProps={{ select: { native: true }, htmlInput: { 'aria-labelledby': labelledBy } }}
      sx={{ maxWidth: compact ? 260 : 420 }}
    >
      <option value="">—</option>
      {options.map((option) => (
        <option key={option.code} value={option.code}>
          {option.label}
        </option>
      ))}
    </TextField>
  );
}

// --- multi -------------------------------------------------------------------------------------------

/**
 * A checkbox per option plus "None": an empty list means "none" (answered), no answer means
 * "not recorded" — the rules tell them apart.
 */
function MultiControl({ item, value, disabled, labelledBy, name, onChange }: ControlProps) {
  const options = item.options ?? [];
  const selected = Array.isArray(value) ? value : undefined;
  const toggle = (code: string, checked: boolean) => {
    const current = new Set(selected ?? []);
    if (checked) current.add(code);
    else current.delete(code);
    const next = options.map((o) => o.code).filter((c) => current.has(c));
    onChange(item.code, next.length === 0 ? null : next);
  };
  return (
    <Box role="group" aria-labelledby={labelledBy}>
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
          columnGap: 1,
        }}
      >
        {options.map((option) => (
          <FormControlLabel
            key={option.code}
            disabled={disabled}
            label={option.label}
            control={
              <Checkbox
                size="small"
                sx={{ p: 0.5 }}
                checked={selected?.includes(option.code) ?? false}
                onChange={(event) => toggle(option.code, event.target.checked)}
              />
            }
            sx={{
              ml: -0.5,
              mr: 0,
              alignItems: 'flex-start',
              '& .MuiFormControlLabel-label': { fontSize: '0.875rem', pt: 0.5 },
            }}
          />
        ))}
        <FormControlLabel
          disabled={disabled}
          label="None"
          control={
            <Checkbox
              size="small"
              sx={{ p: 0.5 }}
              checked={selected !== undefined && selected.length === 0}
              onChange={(event) => onChange(item.code, event.target.checked ? [] : null)}
            />
          }
          sx={{
            ml: -0.5,
            mr: 0,
            '& .MuiFormControlLabel-label': { fontSize: '0.875rem', fontStyle: 'italic' },
          }}
        />
      </Box>
      {disabled ? null : (
        <ClearButton name={name} visible={selected !== undefined} onClick={() => onChange(item.code, null)} />
      )}
    </Box>
  );
}

// --- numbers (with unit, range hint, lab reference and flag) ------------------------------------------

interface NumberDraft {
  text: string;
  unit: string | undefined;
  /** The shown value the draft was last synchronised with. */
  source: string;
}

function parseNumberInput(item: WorkupItem, text: string, unit: string | undefined) {
  const trimmed = text.trim();
  if (trimmed === '') return { raw: null, result: parseAnswerValue(item, null) };
  const number = Number(trimmed.replace(',', '.'));
  const raw = unit !== undefined && unit !== item.unit ? { value: number, unit } : number;
  return { raw, result: parseAnswerValue(item, raw) };
}

/** The number as the user entered it (`answerMeta` keeps an alternate unit's value). */
function textOf(value: AnswerValue | undefined, entered: ControlProps['entered']): string {
  if (typeof value !== 'number') return '';
  return formatNumber(entered ? entered.value : value);
}

/**
 * The typed text and unit of a number field, kept in step with the shown value, and `commit`, which
 * reports a valid input (`onChange`) or why it cannot be queued (`onInvalid`).
 */
function useNumberDraft({
  item,
  value,
  entered,
  entryUnit,
  onChange,
  onInvalid,
}: Pick<ControlProps, 'item' | 'value' | 'entered' | 'entryUnit' | 'onChange' | 'onInvalid'>) {
  const externalUnit = entered?.unit ?? item.unit;
  const source = JSON.stringify([value ?? null, entered ?? null]);
  const [draft, setDraft] = useState<NumberDraft>(() => ({
    text: textOf(value, entered),
    unit: externalUnit,
    source,
  }));

  if (draft.source !== source) {
    // The shown value changed (a save, "use theirs", a clearing): keep the typed text when it stores
    // the same value (e.g. "5." while typing), otherwise show the new value.
    const local = parseNumberInput(item, draft.text, draft.unit);
    const same = local.result.ok && sameAnswer(local.result.value, value ?? null);
    setDraft(same ? { ...draft, source } : { text: textOf(value, entered), unit: externalUnit, source });
  }

  // An empty field takes the table's unit (when it has one): what is typed next is in that unit.
  const unit = entryUnit !== undefined && draft.text.trim() === '' ? entryUnit : draft.unit;
  const local = parseNumberInput(item, draft.text, unit);
  const error = local.result.ok ? undefined : local.result.reason;
  // An invalid text that leaves the screen is no longer waiting to be fixed.
  useEffect(() => () => onInvalid(item.code, null), [item.code, onInvalid]);

  const commit = (text: string, unit: string | undefined) => {
    setDraft({ text, unit, source: draft.source });
    const next = parseNumberInput(item, text, unit);
    if (next.result.ok) {
      onInvalid(item.code, null);
      // Choosing a unit of an empty field changes nothing stored.
      if (next.raw === null && value === undefined) return;
      onChange(item.code, next.raw);
    } else {
      onInvalid(item.code, next.result.reason);
    }
  };

  return { draft: { ...draft, unit }, error, commit };
}

/**
 * What is written under a number field: the computed note, else the error, else (list fields only)
 * the value converted to the canonical unit and the reference or accepted range.
 */
function numberCaption(props: ControlProps, error: string | undefined): string | undefined {
  const { item, value, entered, disabled, computedNote, compact } = props;
  if (computedNote !== undefined && !disabled) return computedNote;
  if (error !== undefined) return error;
  if (compact) return undefined;
  const converted =
    entered && entered.unit !== item.unit && typeof value === 'number'
      ? `= ${formatQuantity(item, value)}`
      : undefined;
  const reference = referenceRangeText(item);
  const range = reference !== undefined ? `Ref ${reference}` : rangeHint(item);
  return [converted, range].filter(Boolean).join(' · ');
}

/** Room for about six digits plus the unit shown inside the field. */
function inputWidth(compact: boolean | undefined, unitSelect: boolean, unit: string): number {
  if (unitSelect) return 120;
  const base = compact ? 80 : 100;
  return base + Math.max(30, unit.length * 8);
}

function UnitSelect(props: {
  id: string;
  name: string;
  units: readonly string[];
  unit: string | undefined;
  disabled: boolean;
  onSelect: (unit: string) => void;
}) {
  const { id, name, units, unit, disabled, onSelect } = props;
  return (
    <TextField
      select
      fullWidth={false}
      id={id}
      value={unit ?? ''}
      disabled={disabled}
      onChange={(event) => onSelect(event.target.value)}
      slotProps={{
        select: { native: true },
        htmlInput: { 'aria-label': `Unit for ${name}` },
      }}
      sx={{ minWidth: 110, flexShrink: 0 }}
    >
      {units.map((option) => (
        <option key={option} value={option}>
          {displayUnit(option)}
        </option>
      ))}
    </TextField>
  );
}

/** H/L against the reference range, and the IRLS band beside the total (wording from `@rls/shared`). */
function ValueChips({ item, value }: Pick<ControlProps, 'item' | 'value'>) {
  const flag = labFlag(item, value);
  const total = item.code === IRLS_TOTAL_CODE && typeof value === 'number' ? value : undefined;
  const band = total !== undefined ? irlsBand(total) : undefined;
  return (
    <>
      {flag ? (
        <Chip
          color={flag === 'H' ? 'error' : 'info'}
          variant="outlined"
          sx={{ fontWeight: 700 }}
          label={
            <>
              <span aria-hidden>{flag}</span>
              <Box component="span" sx={visuallyHidden}>
                {flag === 'H' ? 'High' : 'Low'}
              </Box>
            </>
          }
        />
      ) : null}
      {total !== undefined && band ? (
        <Chip
          color={band === 'none' || band === 'mild' ? 'default' : 'warning'}
          variant="outlined"
          label={`${sentenceCase(irlsBandLabel(total))} RLS`}
        />
      ) : null}
    </>
  );
}

function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * "Did you mean seconds?" beside a time in ms that looks like seconds typed into the ms field
 * (`secondsHint`, shared): soft, never blocking; "Use seconds" re-enters the same number in seconds
 * when that is in range.
 */
function SecondsHint(props: {
  id: string;
  item: WorkupItem;
  name: string;
  seconds: number;
  onUse: () => void;
}) {
  const { id, item, name, seconds, onUse } = props;
  const usable = parseAnswerValue(item, { value: seconds, unit: 's' }).ok;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', columnGap: 0.5, mt: 0.25 }}>
      <Typography id={id} variant="caption" component="p" color="warning.dark" sx={{ lineHeight: 1.3 }}>
        Did you mean seconds?
      </Typography>
      {usable ? (
        <Button
          size="small"
          variant="text"
          onClick={onUse}
          aria-label={`Use seconds for ${name}: ${formatNumber(seconds)} s`}
          sx={{ minWidth: 0, px: 0.5, py: 0, fontSize: '0.75rem' }}
        >
          Use seconds
        </Button>
      ) : null}
    </Box>
  );
}

function NumberControl(props: ControlProps) {
  const { item, value, entered, disabled, computedNote, id, labelledBy, name, compact, entryUnit } = props;
  const computed = computedNote !== undefined && !disabled;
  const units = acceptedUnits(item);
  const { draft, error, commit } = useNumberDraft(props);
  // Shown once the field is left, so it does not flicker while a longer number is typed.
  const [focused, setFocused] = useState(false);
  const invalid = !computed && error !== undefined;
  const caption = numberCaption(props, error);
  const seconds = computed || disabled || focused || invalid ? undefined : secondsHint(item, value, entered);
  const captionId = caption ? `${id}-hint` : undefined;
  const secondsId = seconds !== undefined ? `${id}-seconds` : undefined;
  const unitSelect = units.length > 1 && entryUnit === undefined;
  const unit = displayUnit(entryUnit !== undefined ? draft.unit : item.unit);
  // A unit that differs from cell to cell (the table's choice, or as entered) is read out too.
  const unitId = entryUnit !== undefined && unit ? `${id}-unit-shown` : undefined;
  const describedBy = [unitId, captionId, secondsId].filter(Boolean).join(' ') || undefined;
  const unitAdornment =
    !unitSelect && unit ? (
      <InputAdornment position="end" id={unitId}>
        {unit}
      </InputAdornment>
    ) : undefined;

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <TextField
          id={id}
          fullWidth={false}
          value={computed ? textOf(value, entered) : draft.text}
          disabled={disabled}
          error={invalid}
          onChange={(event: ChangeEvent<HTMLInputElement>) => {
            if (!computed) commit(event.target.value, draft.unit);
          }}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          autoComplete="off"
          slotProps={{
            input: unitAdornment ? { endAdornment: unitAdornment } : {},
            htmlInput: {
              inputMode: item.type === 'integer' ? 'numeric' : 'decimal',
              readOnly: computed,
              'aria-labelledby': labelledBy,
              'aria-describedby': describedBy,
              'aria-invalid': invalid,
            },
          }}
          sx={[
            { width: inputWidth(compact, unitSelect, unit), flexShrink: 0 },
            computed && { '& .MuiInputBase-root': { bgcolor: 'action.hover' } },
          ]}
        />
        {unitSelect ? (
          <UnitSelect
            id={`${id}-unit`}
            name={name}
            units={units}
            unit={draft.unit}
            disabled={disabled}
            onSelect={(next) => commit(draft.text, next)}
          />
        ) : null}
        <ValueChips item={item} value={value} />
      </Box>
      {caption ? (
        <Typography
          id={captionId}
          variant="caption"
          component="p"
          color={invalid ? 'error' : 'textSecondary'}
          sx={{ mt: 0.25, lineHeight: 1.3, maxWidth: 360 }}
        >
          {caption}
        </Typography>
      ) : null}
      {seconds !== undefined && secondsId ? (
        <SecondsHint
          id={secondsId}
          item={item}
          name={name}
          seconds={seconds}
          onUse={() => commit(formatNumber(seconds), 's')}
        />
      ) : null}
    </Box>
  );
}

// --- date and text -------------------------------------------------------------------------------------

/**
 * A date answer is queued only once it is complete and valid (see `DateField`): a half-typed year or
 * an impossible date is reported with `onInvalid`, never autosaved; "Clear" removes the answer.
 */
function DateControl({ item, value, disabled, id, labelledBy, name, onChange, onInvalid }: ControlProps) {
  useEffect(() => () => onInvalid(item.code, null), [item.code, onInvalid]);
  return (
    <DateField
      id={id}
      aria-labelledby={labelledBy}
      name={name}
      value={typeof value === 'string' ? value : null}
      disabled={disabled}
      onCommit={(date) => onChange(item.code, date)}
      onPendingChange={(reason) => onInvalid(item.code, reason)}
    />
  );
}

function TextControl({ item, value, disabled, id, labelledBy, onChange, onInvalid }: ControlProps) {
  const source = typeof value === 'string' ? value : '';
  const [draft, setDraft] = useState({ text: source, source });
  if (draft.source !== source) {
    const same = draft.text.trim() === source;
    setDraft(same ? { ...draft, source } : { text: source, source });
  }
  const parsed = parseAnswerValue(item, draft.text);
  const error = parsed.ok ? undefined : parsed.reason;
  useEffect(() => () => onInvalid(item.code, null), [item.code, onInvalid]);
  return (
    <TextField
      id={id}
      multiline
      minRows={2}
      value={draft.text}
      disabled={disabled}
      error={error !== undefined}
      helperText={error ?? (item.maxLength ? `${draft.text.length}/${item.maxLength} characters` : undefined)}
      onChange={(event) => {
        const text = event.target.value;
        setDraft({ text, source: draft.source });
        const next = parseAnswerValue(item, text);
        if (next.ok) {
          onInvalid(item.code, null);
          onChange(item.code, text.trim() === '' ? null : text);
        } else {
          onInvalid(item.code, next.reason);
        }
      }}
      slotProps={{ htmlInput: { 'aria-labelledby': labelledBy, maxLength: item.maxLength } }}
    />
  );
}

export function Control(props: ControlProps) {
  switch (props.item.type) {
    case 'boolean':
      return <BooleanControl {...props} />;
    case 'choice':
      return <ChoiceControl {...props} />;
    case 'multi':
      return <MultiControl {...props} />;
    case 'integer':
    case 'number':
      return <NumberControl {...props} />;
    case 'date':
      return <DateControl {...props} />;
    case 'text':
      return <TextControl {...props} />;
  }
}

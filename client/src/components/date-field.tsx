/**
 * The one date input of the app: keyboard entry day → month → year (`DD MMM YYYY`, e.g.
 * `28 Nov 2025`), a calendar on demand, and a value that changes only when the date is complete.
 *
 * Built on MUI X Date Pickers (`DesktopDatePicker`, date-fns adapter): each part of the date is its own
 * segment, so typing over one part never empties the whole field the way the browser's
 * `<input type="date">` does while a year is half-typed. On top of that this component decides WHEN a
 * date counts (client/README.md, "Dates"):
 *
 * - `onCommit` is called only when the person leaves the field (Tab, click elsewhere), presses Enter or
 *   picks a day in the calendar — and only with a complete, real date inside `min`…`max`. A year
 *   typed digit by digit (`0002` → `0020` → `0202` → `2026`) or a day typed over (`01` on the way to
 *   `15`) is never committed on the way.
 * - A partial or impossible date (31 Feb) stays on screen as typed, with an inline error saying the
 *   stored date is kept; it never replaces or clears that date.
 * - Emptying the field with the keyboard does not clear the stored date either: clearing is the
 *   explicit "Clear" button, which commits `null`.
 *
 * The entry format `dd MMM yyyy` is the display format of `formatDate` (`@/utils/format`) with the day
 * padded: day first and the month as a word cannot be misread (03/04 is March or April depending on
 * who reads it), and digits still work in every segment (`28` `11` `2025` → 28 Nov 2025), as do
 * letters in the month (`n` → Nov, `ma` → Mar, `may` → May).
 */
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { AdapterDateFns } from '@mui/x-date-pickers/AdapterDateFns';
import { DesktopDatePicker } from '@mui/x-date-pickers/DesktopDatePicker';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import type { FieldRef, PickerValidDate } from '@mui/x-date-pickers/models';
import { enGB } from 'date-fns/locale/en-GB';
import { useId, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import { DATE_ENTRY_FORMAT, formatDate, isoDate, parseIsoDate } from '@/utils/format';

/** Earliest and latest dates accepted when the caller sets no bound (MUI's own defaults too). */
const DEFAULT_MIN = '1900-01-01';
const DEFAULT_MAX = '2099-12-31';

// "DD MMM YYYY" rather than MUI's "DD MMMM YYYY" for a three-letter month segment.
const localeText = { fieldMonthPlaceholder: () => 'MMM' };

export interface DateFieldProps {
  /** The stored date, `YYYY-MM-DD`, or null when there is none. */
  value: string | null;
  /**
   * A new complete, valid date (`YYYY-MM-DD`) the person has finished entering, or `null` from the
   * Clear button. Never called with a partial or invalid date, nor with the value already stored.
   */
  onCommit: (value: string | null) => void;
  /** Visible label inside the field. Leave out when the field is named by `aria-labelledby`. */
  label?: string;
  /** Ids of the visible text naming the field, when the label is outside it. */
  'aria-labelledby'?: string;
  /** What the Clear button's accessible name says: "Clear <name>"; defaults to the label. */
  name?: string;
  /** Id of the field's (hidden) input, the target of an outside `<label htmlFor>`. */
  id?: string;
  /** Earliest accepted date, `YYYY-MM-DD`. */
  min?: string;
  /** Latest accepted date, `YYYY-MM-DD`. */
  max?: string;
  /** Message when the date is before `min` (default: "Must be on or after <min>."). */
  minMessage?: string;
  /** Message when the date is after `max` (default: "Must be on or before <max>."). */
  maxMessage?: string;
  /** An error from outside (the form's or the server's); shown unless the field has its own. */
  error?: string;
  /** Help under the field when there is no error. */
  helperText?: string;
  disabled?: boolean;
  required?: boolean;
  /** Offer the Clear button (default true). */
  clearable?: boolean;
  autoFocus?: boolean;
  /** Width of the field itself (the Clear button sits beside it); default 180 px. */
  width?: number | string;
  /**
   * Told when the field holds something typed that is not (or not yet) a date it can commit — the
   * message it shows — and `null` once that is resolved. Forms use it to refuse to submit meanwhile.
   */
  onPendingChange?: (message: string | null) => void;
}

function toDate(value: string | null): Date | null {
  return value ? parseIsoDate(value) : null;
}

/** A Date → `YYYY-MM-DD`; null for an Invalid Date (a partial or impossible entry). */
function toIso(date: Date | null): string | null {
  return date && !Number.isNaN(date.getTime()) ? isoDate(date) : null;
}

type Entry = { kind: 'empty' } | { kind: 'valid'; iso: string } | { kind: 'problem'; message: string };

export function DateField({
  value,
  onCommit,
  label,
  'aria-labelledby': labelledBy,
  name,
  id,
  min = DEFAULT_MIN,
  max = DEFAULT_MAX,
  minMessage,
  maxMessage,
  error,
  helperText,
  disabled = false,
  required = false,
  clearable = true,
  autoFocus = false,
  width = 180,
  onPendingChange,
}: DateFieldProps) {
  const generatedId = useId();
  const fieldId = id ?? `date-${generatedId}`;
  const fieldRef = useRef<FieldRef<PickerValidDate | null>>(null);
  // What the picker shows: the stored date until the person types; then whatever they typed (a
  // Date, an Invalid Date while a typed-over date is incomplete or impossible, or null).
  const [draft, setDraft] = useState<{ date: Date | null; source: string | null }>(() => ({
    date: toDate(value),
    source: value,
  }));
  const [problem, setProblem] = useState<string | null>(null);
  // One render without the error state makes MUI forget digits it is still collecting (see `settle`).
  const [quiet, setQuiet] = useState(false);
  // While the calendar is open, focus is in its popup (outside this element): that is not leaving.
  const calendarOpen = useRef(false);
  if (draft.source !== value) {
    // The stored date changed (committed, cleared, or saved elsewhere): show it.
    setDraft({ date: toDate(value), source: value });
    setProblem(null);
  }

  const kept = value ? ` The date stays ${formatDate(value)}.` : '';

  /** What the field holds now, read from its segments (a half-typed fresh date has no value yet). */
  function readEntry(): Entry {
    const sections = fieldRef.current?.getSections() ?? [];
    const filled = sections.filter((s) => s.value !== '').length;
    if (filled === 0) {
      if (!value) return { kind: 'empty' };
      return {
        kind: 'problem',
        message: `Empty, but nothing was removed.${kept}${clearable ? ' Use Clear to remove it.' : ''}`,
      };
    }
    if (filled < sections.length) {
      return { kind: 'problem', message: `Incomplete date: enter day, month and year.${kept}` };
    }
    const iso = toIso(draft.date);
    if (!iso) {
      const typed = sections.map((s) => `${s.value}${s.endSeparator}`).join('');
      return { kind: 'problem', message: `${typed.trim()} does not exist.${kept}` };
    }
    if (draft.date && draft.date.getFullYear() < 1000) {
      return { kind: 'problem', message: `Enter the year in full, e.g. 2026.${kept}` };
    }
    if (iso < min) {
      return {
        kind: 'problem',
        message: `${minMessage ?? `Must be on or after ${formatDate(min)}.`}${kept}`,
      };
    }
    if (iso > max) {
      return {
        kind: 'problem',
        message: `${maxMessage ?? `Must be on or before ${formatDate(max)}.`}${kept}`,
      };
    }
    return { kind: 'valid', iso };
  }

  function report(message: string | null) {
    setProblem(message);
    onPendingChange?.(message);
  }

  /**
   * The person is done with the field (left it, pressed Enter): commit a good date, else say why not.
   * `left`: focus went elsewhere (not Enter).
   */
  function settle(left: boolean) {
    const entry = readEntry();
    if (entry.kind === 'problem') {
      if (left) forgetPendingDigits();
      return report(entry.message);
    }
    report(null);
    if (entry.kind === 'valid' && entry.iso !== value) onCommit(entry.iso);
  }

  /**
   * MUI keeps the digits typed into a segment for 5 s while its field is in error and appends what is
   * typed next, even after the field was left (mui/mui-x#9357): going back to a half-typed year "2"
   * and typing 2025 would read "22025" and show 0005. It forgets them when it renders unfocused and
   * without an error, so render it once so, after its own blur handling (a timeout too), and back at
   * once: two synchronous renders, nothing painted in between.
   */
  function forgetPendingDigits() {
    setTimeout(() => {
      flushSync(() => setQuiet(true));
      flushSync(() => setQuiet(false));
    });
  }

  function clear() {
    fieldRef.current?.clearValue();
    setDraft({ date: null, source: value });
    report(null);
    if (value !== null) onCommit(null);
  }

  function handleBlur(event: FocusEvent<HTMLElement>) {
    // Moving from day to month to year is still typing; going anywhere else (the calendar or Clear
    // button too) means the person is done with what they typed.
    if (calendarOpen.current) return;
    const next = event.relatedTarget;
    const toSegment = next instanceof HTMLElement && next.getAttribute('role') === 'spinbutton';
    if (toSegment && event.currentTarget.contains(next)) return;
    settle(true);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === 'Enter') settle(false);
    // Editing again hides an earlier complaint until the person is done again.
    else if (problem && (event.key.length === 1 || event.key === 'Backspace' || event.key === 'Delete')) {
      setProblem(null);
    }
  }

  const shownError = problem ?? error;
  const clearName = name ?? label ?? 'date';
  const hasSomething = value !== null || draft.date !== null || problem !== null;

  return (
    <LocalizationProvider dateAdapter={AdapterDateFns} adapterLocale={enGB} localeText={localeText}>
      <Box
        onBlur={handleBlur}
        onKeyDown={handleKeyDown}
        sx={{ display: 'flex', alignItems: 'flex-start', gap: 0.5, maxWidth: '100%' }}
      >
        <DesktopDatePicker
          value={draft.date}
          onOpen={() => {
            calendarOpen.current = true;
          }}
          onClose={() => {
            calendarOpen.current = false;
          }}
          onChange={(date) => setDraft({ date, source: draft.source })}
          onAccept={(date, context) => {
            // MUI "accepts" every keystroke's date too; only a day picked in the calendar (`view`) is a
            // finished entry — complete by construction, still checked against the bounds.
            if (context.source !== 'view') return;
            const iso = toIso(date);
            if (iso && iso >= min && iso <= max && iso !== value) {
              report(null);
              onCommit(iso);
            }
          }}
          format={DATE_ENTRY_FORMAT}
          minDate={toDate(min) ?? undefined}
          maxDate={toDate(max) ?? undefined}
          disabled={disabled}
          autoFocus={autoFocus}
          label={label}
          slotProps={{
            field: { fieldRef },
            textField: {
              id: fieldId,
              size: 'small',
              required,
              error: !quiet && Boolean(shownError),
              helperText: shownError ?? helperText,
              sx: {
                width,
                flex: '0 1 auto',
                minWidth: 0,
                // A disabled date (a signed evaluation, a form while saving) is still a value to read.
                '& .MuiPickersInputBase-root.Mui-disabled': { color: 'text.primary' },
              },
              slotProps: labelledBy ? { input: { 'aria-labelledby': labelledBy } } : undefined,
            },
          }}
        />
        {clearable && !disabled ? (
          <Button
            size="small"
            color="inherit"
            onClick={clear}
            aria-label={`Clear ${clearName}`}
            sx={{
              visibility: hasSomething ? 'visible' : 'hidden',
              minWidth: 0,
              px: 1,
              mt: 0.5,
              color: 'text.secondary',
            }}
          >
            Clear
          </Button>
        ) : null}
      </Box>
    </LocalizationProvider>
  );
}

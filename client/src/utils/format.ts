// Display formatting only; values are stored and sent as the API returns them.

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * How every date reads on screen: `14 May 1968` — day first and the month as a word, so it cannot be
 * misread in any locale. The month names are date-fns' en-GB ones, the same as the date field's
 * (`@/components/date-field`, format `DATE_ENTRY_FORMAT`), so a date looks the same typed and shown
 * (Intl's en-GB says "Sept"). Formatted here without date-fns, which only the date field loads
 * (format.test.ts checks both agree).
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** The date field's entry format (date-fns): the display format with the day padded to two digits. */
export const DATE_ENTRY_FORMAT = 'dd MMM yyyy';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** date-fns `d MMM yyyy` in en-GB. */
function displayDate(date: Date): string {
  return `${date.getDate()} ${MONTHS[date.getMonth()]} ${pad(date.getFullYear(), 4)}`;
}

/** `YYYY-MM-DD` → that calendar day at local midnight; null when it is not a real date. */
export function parseIsoDate(value: string): Date | null {
  const match = DATE_ONLY.exec(value);
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(2000, 0, 1);
  date.setFullYear(Number(y), Number(m) - 1, Number(d));
  return date.getMonth() === Number(m) - 1 ? date : null;
}

/** `1956-03-12` → `12 Mar 1956` (unambiguous in every locale; no time-zone shift). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = parseIsoDate(value);
  return date ? displayDate(date) : value;
}

/** An instant (ISO-UTC time) as its calendar date on this device, e.g. `3 May 2026`; `—` when absent. */
export function formatInstantDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '—' : displayDate(date);
}

/** An instant as `25 Nov 2026, 14:02` in this device's time zone; `—` when absent. */
export function formatInstant(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : `${displayDate(date)}, ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A Date's local calendar day as `YYYY-MM-DD`. */
export function isoDate(date: Date): string {
  const y = String(date.getFullYear()).padStart(4, '0');
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Today's calendar date on this device as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  return isoDate(now);
}

/** The calendar date (`YYYY-MM-DD`) on this device of an ISO-UTC instant, e.g. when something was signed. */
export function localDateOf(iso: string): string | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : todayIso(date);
}

/** Completed years between a `YYYY-MM-DD` birth date and `today` (also `YYYY-MM-DD`). */
export function ageInYears(birthDate: string, today: string = todayIso()): number | null {
  const birth = DATE_ONLY.exec(birthDate);
  const now = DATE_ONLY.exec(today);
  if (!birth || !now) return null;
  const years = Number(now[1]) - Number(birth[1]);
  const hadBirthday = `${now[2]}-${now[3]}` >= `${birth[2]}-${birth[3]}`;
  return hadBirthday ? years : years - 1;
}

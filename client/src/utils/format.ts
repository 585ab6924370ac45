// Display formatting only; values are stored and sent as the API returns them.

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

function parseDateOnly(value: string): Date | null {
  const match = DATE_ONLY.exec(value);
  if (!match) return null;
  const [, y, m, d] = match;
  return new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
}

/** `1956-03-12` → `12 Mar 1956` (unambiguous in every locale; no time-zone shift). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = parseDateOnly(value);
  return date ? dateFormat.format(date) : value;
}

/** Today's calendar date on this device as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
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

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD, years 0001–9999 (e.g. rejects 2023-02-29, 0000-01-01). */
export function isValidDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // not Date.UTC, which reads years 0–99 as 1900–1999
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** `date` is after `today` (both YYYY-MM-DD; the caller supplies today from its clock). */
export function isFutureDate(date: string, today: string): boolean {
  return date > today;
}

/** Completed years from `birthDate` to `onDate` (both YYYY-MM-DD); the birthday itself counts. */
export function ageInYears(birthDate: string, onDate: string): number | undefined {
  if (!isValidDate(birthDate) || !isValidDate(onDate)) return undefined;
  const by = Number(birthDate.slice(0, 4));
  const oy = Number(onDate.slice(0, 4));
  const hadBirthday = onDate.slice(5) >= birthDate.slice(5);
  return oy - by - (hadBirthday ? 0 : 1);
}

/** Completed months from `birthDate` to `onDate` (both YYYY-MM-DD); undefined if either is invalid. */
export function ageInMonths(birthDate: string, onDate: string): number | undefined {
  if (!isValidDate(birthDate) || !isValidDate(onDate)) return undefined;
  const months =
    (Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4))) * 12 +
    Number(onDate.slice(5, 7)) -
    Number(birthDate.slice(5, 7));
  return months - (onDate.slice(8) >= birthDate.slice(8) ? 0 : 1);
}

/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier; undefined if invalid. */
export function daysBetween(from: string, to: string): number | undefined {
  if (!isValidDate(from) || !isValidDate(to)) return undefined;
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

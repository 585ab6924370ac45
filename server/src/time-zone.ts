import type { Clock } from './clock';

/**
 * Calendar days in the server time zone (config `TZ`): the one place the server turns instants into
 * local dates and local dates back into instants (docs/architecture.md, "Database conventions").
 * An evaluation's start date, "today" for ages and follow-ups, the workload figures (an evaluation
 * signed at 23:30 in Berlin counts on that Berlin day, whatever its UTC date) and the audit report's
 * date filters all come from here.
 * Dates are `YYYY-MM-DD` text; instants are ISO-8601 UTC text (they sort as text).
 */

const DAY_MS = 86_400_000;

/** The first and last calendar days a `YYYY-MM-DD` text can hold (what the API accepts). */
export const FIRST_DAY = '0001-01-01';
export const LAST_DAY = '9999-12-31';

/**
 * The UTC instant (ms) of a wall time. Not Date.UTC, which reads years 0–99 as 1900–1999: the API
 * accepts any date from 0001-01-01 on.
 */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, 0, 0);
  return d.getTime();
}

/** `YYYY-MM-DD` of a UTC instant; a RangeError outside FIRST_DAY … LAST_DAY (no such text exists). */
function utcDay(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (!(year >= 1 && year <= 9999)) throw new RangeError(`date outside ${FIRST_DAY} … ${LAST_DAY}`);
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function parseDay(date: string): [number, number, number] {
  return date.split('-').map(Number) as [number, number, number];
}

/** What "today" needs from the app context: the server time zone and the injected clock. */
export interface ZoneContext {
  config: { tz: string };
  clock: Clock;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      era: 'short', // years before 1 are shown as "1 BC", "2 BC"…
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(tz, f);
  }
  return f;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function localParts(ms: number, tz: string): LocalParts {
  const parts: Record<string, number> = {};
  let beforeChrist = false;
  for (const p of formatter(tz).formatToParts(ms)) {
    if (p.type === 'era') beforeChrist = p.value.startsWith('B');
    else if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const year = parts.year ?? 0;
  return {
    year: beforeChrist ? 1 - year : year,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Minutes to add to UTC to get local wall time at `ms` (e.g. +60 for Berlin in winter). */
function offsetMinutes(ms: number, tz: string): number {
  const p = localParts(ms, tz);
  const wall = utcMs(p.year, p.month, p.day, p.hour, p.minute);
  const utcMinute = Math.floor(ms / 60_000) * 60_000;
  return Math.round((wall - utcMinute) / 60_000);
}

// Local-day lookups are cached per UTC minute: rebuilding rollups maps millions of timestamps.
const dayCache = new Map<string, string>();

/** The local calendar day (`YYYY-MM-DD`) of an ISO instant in `tz`. */
export function localDay(iso: string, tz: string): string {
  const key = `${tz}|${iso.slice(0, 16)}`;
  const cached = dayCache.get(key);
  if (cached !== undefined) return cached;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not an ISO time: ${iso}`);
  const p = localParts(ms, tz);
  const day = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
  if (dayCache.size > 200_000) dayCache.clear();
  dayCache.set(key, day);
  return day;
}

/** The local calendar day (`YYYY-MM-DD`) of an instant in `tz`. */
export function dateIn(tz: string, at: Date): string {
  return localDay(at.toISOString(), tz);
}

/** Today's date (YYYY-MM-DD) in the server time zone, by the injected clock. */
export function todayIn(ctx: ZoneContext): string {
  return dateIn(ctx.config.tz, ctx.clock.now());
}

/** Now (ISO UTC) and today (server time zone) from the injected clock: the time of one change. */
export function whenOf(ctx: ZoneContext): { now: string; today: string } {
  const now = ctx.clock.now();
  return { now: now.toISOString(), today: dateIn(ctx.config.tz, now) };
}

/** The first instant (ISO UTC) of local day `date` in `tz` — local midnight, or the first minute after a gap. */
export function dayStartInstant(date: string, tz: string): string {
  const [y, m, d] = parseDay(date);
  const wallMidnight = utcMs(y, m, d);
  // Two passes settle the offset across a DST change.
  let guess = wallMidnight - offsetMinutes(wallMidnight, tz) * 60_000;
  guess = wallMidnight - offsetMinutes(guess, tz) * 60_000;
  // Midnight may not exist (a DST gap at 00:00): step forward to the first instant of the day.
  for (let i = 0; i < 16 && localDay(new Date(guess).toISOString(), tz) < date; i++) guess += 15 * 60_000;
  return new Date(guess).toISOString();
}

/**
 * The instants bounding local days `from`..`to` inclusive: `[start, end)`. `end` is null when `to`
 * is LAST_DAY: no later day exists to start, so the range is open above (every stored time is in it).
 */
export function dayRangeInstants(
  from: string,
  to: string,
  tz: string,
): { start: string; end: string | null } {
  const next = nextDay(to);
  return { start: dayStartInstant(from, tz), end: next === null ? null : dayStartInstant(next, tz) };
}

/**
 * `date` plus `days` calendar days (pure date arithmetic, no time zone involved). A RangeError when
 * the result falls outside FIRST_DAY … LAST_DAY: callers near the ends use `nextDay` or check first.
 * (`toISOString` would write 10000-01-01 as "+010000-01-01", which sorts before "9999-…" as text.)
 */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parseDay(date);
  return utcDay(utcMs(y, m, d) + days * DAY_MS);
}

/** The day after `date`, or null after LAST_DAY. */
export function nextDay(date: string): string | null {
  return date >= LAST_DAY ? null : addDays(date, 1);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return Math.round((b - a) / DAY_MS);
}

/** The Monday on or before `date` (weeks run Monday–Sunday, ISO 8601). */
export function weekStart(date: string): string {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((dow + 6) % 7));
}

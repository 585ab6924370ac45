import { formatDate } from '@/utils/format';
import { stageLabels, statusLabels } from '@/utils/labels';
import type { DrillSearch } from './search-params';

// Display formatting of workload figures. Values stay as the API returns them.

/**
 * A duration for people, in the two largest units that matter: `< 1 min`, `35 min`, `4 h 10 min`,
 * `2 d 4 h` (a whole unit drops its zero remainder: `3 h`, `5 d`); `—` when there is no value.
 * The API gives hours (summary) or days with one decimal (drill-down): both read the same way.
 */
export function formatHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return '—';
  if (hours * 60 < 1) return '< 1 min';
  const minutes = Math.round(hours * 60);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const wholeHours = Math.round(minutes / 60);
  const d = Math.floor(wholeHours / 24);
  const h = wholeHours % 24;
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

/** Days (the drill-down's age and idle time) as a duration: `9.1` → `9 d 2 h`. */
export function formatDays(days: number): string {
  return formatHours(days * 24);
}

/** `24 Dec 2025 – 18 Mar 2026` */
export function formatPeriod(from: string, to: string): string {
  return from === to ? formatDate(from) : `${formatDate(from)} – ${formatDate(to)}`;
}

/** A short range for table rows: `14–20 Sep 2026`, `28 Sep – 4 Oct 2026`, `29 Dec 2025 – 4 Jan 2026`. */
export function formatShortRange(from: string, to: string): string {
  if (from === to) return formatDate(from);
  const [fy, fm] = from.split('-');
  const [ty, tm] = to.split('-');
  const end = formatDate(to);
  if (fy !== ty) return `${formatDate(from)} – ${end}`;
  const start = formatDate(from).replace(/ \d{4}$/, '');
  return fm === tm ? `${start.split(' ')[0]}–${end}` : `${start} – ${end}`;
}

export function stageLabel(stage: string): string {
  return (stageLabels as Record<string, string | undefined>)[stage] ?? stage;
}

export function statusLabel(status: string): string {
  return (statusLabels as Record<string, string | undefined>)[status] ?? status;
}

/** The heading of a drill-down list. */
export function drillTitle(
  search: DrillSearch,
  names: { clinician?: string | null; finding?: string | null },
): string {
  const who = names.clinician ? ` — ${names.clinician}` : '';
  switch (search.kind) {
    case 'status':
      return `${search.status ? statusLabel(search.status) : 'All'} evaluations${who}`;
    case 'open':
    case 'clinician':
      return `Open evaluations${who}`;
    case 'overdue':
      return `Overdue evaluations${who}`;
    case 'stage':
      return `Open evaluations waiting in ${search.stage ? stageLabel(search.stage) : 'a stage'}${who}`;
    case 'started':
      return `Evaluations started${who}`;
    case 'signed':
      return `Evaluations signed${who}`;
    case 'followup':
      return `Follow-ups due${who}`;
    case 'finding':
      return `Signed evaluations with ${names.finding ?? search.finding ?? 'a finding'}${who}`;
  }
}

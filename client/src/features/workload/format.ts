import { formatDate } from '@/utils/format';
import { stageLabels, statusLabels } from '@/utils/labels';
import type { DrillSearch } from './search-params';

// Display formatting of workload figures. Values stay as the API returns them.

/** Hours for people: `45 min`, `4.1 h`, `52 h`, `3.2 d`; `—` when there is no value. */
export function formatHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined) return '—';
  if (hours < 1 / 60) return '< 1 min';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 10) return `${hours.toFixed(1)} h`;
  if (hours < 72) return `${Math.round(hours)} h`;
  return `${(hours / 24).toFixed(1)} d`;
}

export function formatDays(days: number): string {
  return `${days.toFixed(1)} d`;
}

/** `24 Dec 2025 – 18 Mar 2026` */
export function formatPeriod(from: string, to: string): string {
  return from === to ? formatDate(from) : `${formatDate(from)} – ${formatDate(to)}`;
}

/** A short range for table rows: `14–20 Sept 2026`, `28 Sept – 4 Oct 2026`, `29 Dec 2025 – 4 Jan 2026`. */
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

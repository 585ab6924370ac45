import type { AppContext } from '../../context';
import type { When } from './transitions';

/** A date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(tz: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** Today's date (YYYY-MM-DD) in the server time zone, by the injected clock. */
export function todayIn(ctx: Pick<AppContext, 'config' | 'clock'>): string {
  return dateIn(ctx.config.tz, ctx.clock.now());
}

/** Now (ISO-UTC) and today (server time zone) from the injected clock. */
export function whenOf(ctx: Pick<AppContext, 'config' | 'clock'>): When {
  const now = ctx.clock.now();
  return { now: now.toISOString(), today: dateIn(ctx.config.tz, now) };
}

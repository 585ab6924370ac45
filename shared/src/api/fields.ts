import { z } from 'zod';
import { isValidDate } from '../dates';

/**
 * Building blocks of the API schemas. Request fields validate what a client sends (query strings
 * arrive as strings); response fields describe what the server answers, for the OpenAPI document
 * (`GET /api/openapi.json`) and the types both sides compile against.
 */

// --- requests -----------------------------------------------------------------------------------

/** A calendar date `YYYY-MM-DD` in a body. */
export const dateInput = z
  .string({ error: 'must be a date YYYY-MM-DD' })
  .refine(isValidDate, { error: 'must be a valid date YYYY-MM-DD' });

/** A calendar date `YYYY-MM-DD` in a query string (trimmed). */
export const dateParam = z
  .string({ error: 'must be a date YYYY-MM-DD' })
  .trim()
  .refine(isValidDate, { error: 'must be a valid date YYYY-MM-DD' });

const TIME_RE = /^T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * True for an ISO-8601 date-time `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z` or `±HH:MM`, whose instant
 * lies in 0001-01-01T00:00Z … 9999-12-31T23:59:59.999Z (stored times compare as text there).
 * `Date.parse` alone accepts far more (`2026-02-30T00:00Z`, `1`, `March 7`).
 */
export function isIsoInstant(value: string): boolean {
  const date = value.slice(0, 10);
  const m = TIME_RE.exec(value.slice(10));
  if (!m || !isValidDate(date)) return false;
  const [hh, mm, ss, offH, offM] = [m[1], m[2], m[3] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (hh > 23 || mm > 59 || ss > 59 || offH > 23 || offM > 59) return false;
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && /^\d{4}-/.test(new Date(ms).toISOString());
}

/** A calendar date `YYYY-MM-DD` or an ISO date-time (see `isIsoInstant`) in a query string (trimmed). */
export const dateOrTimeParam = z
  .string({ error: 'must be a date YYYY-MM-DD or an ISO date-time' })
  .trim()
  .refine((v) => isValidDate(v) || isIsoInstant(v), {
    error: 'must be a valid date (YYYY-MM-DD, years 0001–9999) or an ISO date-time with Z or an offset',
  });

/** `true`/`false` (or `1`/`0`) in a query string. */
export const booleanParam = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])], { error: "must be 'true' or 'false'" })
  .transform((v) => v === true || v === 'true' || v === '1');

/** A whole number in a query string, between `min` and `max`, `fallback` when absent. */
export const intParam = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` })
    .default(fallback);

/**
 * An object keyed by item code (`answers`, `notDone` of a save), its values checked item by item by
 * the service. JSON.parse gives a body an own `__proto__` key, which zod's record skips without a
 * word; here it is refused and named (`answers.__proto__`) like any other key that is no item code.
 */
export function codeRecord<T extends z.ZodType>(value: T) {
  return z.preprocess(
    (input, ctx) => {
      if (typeof input === 'object' && input !== null && Object.hasOwn(input, '__proto__')) {
        ctx.addIssue({ code: 'custom', path: ['__proto__'], message: 'unknown item code', input });
      }
      return input;
    },
    z.record(z.string(), value),
  );
}

// --- responses ----------------------------------------------------------------------------------

export const isoTime = z.string().meta({ format: 'date-time', description: 'ISO-8601 UTC' });
export const date = z.string().meta({ format: 'date', description: 'YYYY-MM-DD' });
export const id = z.string().meta({ description: 'UUID' });
export const int = z.number().int();

/** One page of a list: `items` plus the paging the server applied. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: int, page: int, pageSize: int });

/** `{revokedSessions}`: how many sessions a password or second-factor change ended. */
export const revokedSessionsSchema = z
  .object({ revokedSessions: int })
  .meta({ id: 'RevokedSessions', description: 'how many of the user’s sessions were ended' });
export type RevokedSessions = z.infer<typeof revokedSessionsSchema>;

/** Body of every error response. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'stable machine code, e.g. stale, signed, duplicate_mrn' }),
      message: z.string().meta({ description: 'what went wrong, for a person' }),
      details: z
        .object({
          items: z
            .array(z.object({ code: z.string(), reason: z.string() }))
            .optional()
            .meta({ description: '422: every invalid item code or field path with its reason' }),
        })
        .catchall(z.unknown())
        .optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ApiErrorBody = z.infer<typeof errorSchema>;

/** Compile-time equality of two types (schemas that describe a type owned elsewhere). */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type Check<T extends true> = T;

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

import type { z } from 'zod';
import { ValidationError, zodItems } from './errors';

/** Parses input with a zod schema; a failure is a 422 naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new ValidationError(zodItems(result.error));
  return result.data;
}

import type { Request } from 'express';
import type { z } from 'zod';
import { ValidationError, zodItems } from './errors';

/**
 * The one way request input is validated: a route checks its path parameters, query string and body
 * against the schemas of @rls/shared (the ones GET /api/openapi.json documents) and hands the service
 * typed input. A failure is a 422 naming every bad field.
 */

/** Input checked against its schema; a failure is thrown only when the value is asked for. */
export interface Checked<T> {
  readonly ok: boolean;
  /** The valid input, or a 422 naming every bad field. */
  value(): T;
  /** One field's value when that field alone is valid (else undefined), whatever the others hold. */
  field<K extends keyof T>(key: K): T[K] | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks input without throwing yet: for a service that must answer 404, 409 or 412 before a 422
 * (the order the OpenAPI document's description gives), it calls `value()` when that point comes.
 */
export function checkInput<S extends z.ZodType>(schema: S, input: unknown): Checked<z.output<S>> {
  const result = schema.safeParse(input ?? {});
  return {
    ok: result.success,
    value() {
      if (!result.success) throw new ValidationError(zodItems(result.error));
      return result.data;
    },
    field(key) {
      if (result.success) return result.data[key];
      const shape = (schema as unknown as { shape?: Record<PropertyKey, z.ZodType> }).shape;
      const fieldSchema = shape?.[key];
      if (!fieldSchema || !isRecord(input) || !(key in input)) return undefined;
      const one = fieldSchema.safeParse(input[key as string]);
      return one.success ? (one.data as z.output<S>[typeof key]) : undefined;
    },
  };
}

/** Parses input with a zod schema; a failure is a 422 naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  return checkInput(schema, input).value();
}

/** A named path parameter as a string ('' when absent: no route matches it then anyway). */
export function pathParam(req: Request, name: string): string {
  const value = (req.params as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

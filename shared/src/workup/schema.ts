import { z } from 'zod';
import { isValidDate } from '../dates';
import { listItems } from './items';
import type { AnswerValue, WorkupDefinition, WorkupItem } from './types';
import { toCanonical } from './units';

const DEFAULT_TEXT_MAX = 2000;

/** `{ value, unit }` as entered for an item with a unit. */
export const quantityInputSchema = z.strictObject({
  value: z.number({ error: 'value must be a number' }),
  unit: z.string({ error: 'unit must be a string' }),
});

function listOf(codes: string[]): string {
  return codes.join(', ');
}

/**
 * The zod schema of the input an item accepts (without null), generated from its definition.
 * Shape and options only: unit conversion and range are checked by `parseAnswerValue` on the
 * canonical value. Free of transforms, so it can also be exported as JSON Schema.
 */
export function itemInputSchema(item: WorkupItem): z.ZodType {
  switch (item.type) {
    case 'boolean':
      return z.boolean({ error: 'must be true or false' });
    case 'choice': {
      const codes = (item.options ?? []).map((o) => o.code);
      return z.enum(codes as [string, ...string[]], { error: `must be one of: ${listOf(codes)}` });
    }
    case 'multi': {
      const codes = (item.options ?? []).map((o) => o.code);
      const message = `must be a list of: ${listOf(codes)}`;
      return z
        .array(z.enum(codes as [string, ...string[]], { error: message }), { error: message })
        .refine((v) => new Set(v).size === v.length, { error: 'must not list an option twice' });
    }
    case 'integer':
      return z.int({ error: 'must be a whole number' });
    case 'number': {
      const plain = z.number({ error: 'must be a number' });
      if (!item.unit) return plain;
      return z.union([plain, quantityInputSchema], {
        error: `must be a number in ${item.unit} or { value, unit }`,
      });
    }
    case 'date':
      return z
        .string({ error: 'must be a date YYYY-MM-DD' })
        .refine(isValidDate, { error: 'must be a valid date YYYY-MM-DD' });
    case 'text':
      return z.string({ error: 'must be text' }).max(item.maxLength ?? DEFAULT_TEXT_MAX, {
        error: `must be at most ${item.maxLength ?? DEFAULT_TEXT_MAX} characters`,
      });
  }
}

/** Strict schema of the `answers` object of a PATCH: every known code, value or null; unknown codes rejected. */
export function answersPatchSchema(workup: WorkupDefinition) {
  const shape: Record<string, z.ZodType> = {};
  for (const item of listItems(workup)) shape[item.code] = itemInputSchema(item).nullable().optional();
  return z.strictObject(shape);
}

export type ParsedAnswer =
  | { ok: true; value: AnswerValue | null; meta?: { value: number; unit: string } }
  | { ok: false; reason: string };

function describeRange(item: WorkupItem): string {
  const { min, max } = item.range ?? {};
  const unit = item.type === 'number' && item.unit && item.unit !== '1' ? ` ${item.unit}` : '';
  if (min !== undefined && max !== undefined) return `must be between ${min} and ${max}${unit}`;
  if (min !== undefined) return `must be at least ${min}${unit}`;
  return `must be at most ${max}${unit}`;
}

function inRange(item: WorkupItem, value: number): boolean {
  const { min, max } = item.range ?? {};
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

/**
 * Validates one raw answer against its item and returns the value to store: null clears (so does
 * blank text); numbers with a unit are converted to the canonical unit (unrounded) and range-checked
 * there; `meta` is what was entered when its unit is not the canonical one.
 */
export function parseAnswerValue(item: WorkupItem, raw: unknown): ParsedAnswer {
  if (raw === null) return { ok: true, value: null };
  const parsed = itemInputSchema(item).safeParse(raw);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? 'invalid value' };
  const value = parsed.data as AnswerValue | { value: number; unit: string };

  switch (item.type) {
    case 'multi': {
      const order = (item.options ?? []).map((o) => o.code);
      const sorted = [...(value as string[])].sort((a, b) => order.indexOf(a) - order.indexOf(b));
      return { ok: true, value: sorted };
    }
    case 'text': {
      const text = (value as string).trim();
      return { ok: true, value: text === '' ? null : text };
    }
    case 'integer':
    case 'number': {
      let canonical: number;
      let meta: { value: number; unit: string } | undefined;
      if (typeof value === 'number') {
        canonical = value;
      } else {
        const q = value as { value: number; unit: string };
        const converted = toCanonical(item, q.value, q.unit);
        if (!converted.ok) return converted;
        // A value below 0 is refused as entered in any unit, not only after conversion
        // (HbA1c −5 mmol/mol would convert to a positive 1.69 %).
        if (q.value < 0 && item.range?.min !== undefined && item.range.min >= 0) {
          return { ok: false, reason: `must not be below 0 in any unit (entered ${q.value} ${q.unit})` };
        }
        canonical = converted.value;
        if (q.unit !== item.unit) meta = { value: q.value, unit: q.unit };
      }
      if (!Number.isFinite(canonical)) return { ok: false, reason: 'must be a finite number' };
      if (!inRange(item, canonical)) {
        const shown = meta ? ` (entered ${meta.value} ${meta.unit} = ${canonical} ${item.unit})` : '';
        return { ok: false, reason: `${describeRange(item)}${shown}` };
      }
      return meta ? { ok: true, value: canonical, meta } : { ok: true, value: canonical };
    }
    default:
      return { ok: true, value: value as AnswerValue };
  }
}

import { z } from 'zod';
import { STAGE_IDS } from '../workup/types';
import { int } from './fields';

/** Contract of `GET /api/workflow[?version=N]`: the workup definition as data. */

/** `?version=N` (optional): a positive whole number. */
export const workupQuerySchema = z.strictObject({
  version: z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .optional(),
});
export type WorkupQuery = z.infer<typeof workupQuerySchema>;

const itemSchema = z
  .object({
    code: z.string(),
    label: z.string(),
    help: z.string().optional(),
    type: z.enum(['boolean', 'choice', 'multi', 'integer', 'number', 'date', 'text']),
    options: z.array(z.object({ code: z.string(), label: z.string() })).optional(),
    unit: z.string().optional().meta({ description: 'UCUM code of the canonical unit' }),
    alternateUnits: z
      .array(
        z.object({
          unit: z.string(),
          multiply: z.number().optional(),
          divide: z.number().optional(),
          add: z.number().optional(),
        }),
      )
      .optional(),
    range: z.object({ min: z.number().optional(), max: z.number().optional() }).optional(),
    decimals: int.optional(),
    maxLength: int.optional(),
    loinc: z.string().optional(),
    referenceRange: z
      .object({ low: z.number().optional(), high: z.number().optional(), text: z.string().optional() })
      .optional(),
    sides: z.array(z.enum(['left', 'right'])).optional(),
    enableWhen: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: '{item, op, value} | {patient:"sex", op, value} | {allOf:[…]} | {anyOf:[…]}' }),
    requiredForSign: z.boolean().optional(),
  })
  .meta({ id: 'WorkupItem' });

/**
 * The definition as sent (documentation only: its type is the workup's `WorkupDefinition`, whose
 * conditions are richer than JSON Schema says here).
 */
export const workupSchema = z
  .object({
    id: z.string(),
    version: int,
    title: z.string(),
    stages: z.array(
      z.object({
        id: z.enum(STAGE_IDS),
        label: z.string(),
        help: z.string().optional(),
        groups: z.array(
          z.object({
            id: z.string(),
            label: z.string(),
            help: z.string().optional(),
            layout: z.enum(['list', 'bilateral', 'duplex-grid']),
            enableWhen: z.record(z.string(), z.unknown()).optional(),
            items: z.array(itemSchema),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'WorkupDefinition' });

import { z } from 'zod';
import { TREND_CODES, type Trends } from '../workup/trends';
import { date, id, type Check, type Same } from './fields';

/**
 * Contract of `GET /api/patients/:id/trends` (clinicians): the measured values of every evaluation of
 * the patient (signed and open; discarded drafts are left out), the treatment starts and stops of the
 * plans, and the augmentation
 * features reported on a dopaminergic agent. Computed by `computeTrends` (shared/src/workup/trends.ts).
 */

const trendPointSchema = z.object({
  evaluationId: id,
  date: date.meta({ description: 'labs: labs.drawDate when answered; otherwise the evaluation start date' }),
  value: z.number().meta({ description: 'in the series unit, unrounded' }),
});

const trendSeriesSchema = z.object({
  code: z.enum(TREND_CODES).meta({
    description:
      'lab.tsat is entered or computed from serum iron ÷ TIBC; reflux.left/right: the longest duplex reflux of that side (ms)',
  }),
  unit: z.string().nullable().meta({ description: 'UCUM unit of the definition; null for the IRLS score' }),
  points: z
    .array(trendPointSchema)
    .meta({ description: 'in date order (ties in visit order); empty when nothing was measured' }),
});

const treatmentMarkerSchema = z.object({
  evaluationId: id,
  date: date.meta({ description: "the evaluation's start date" }),
  optionId: z.string().meta({ description: 'the medicine option (for a stop: the one selected before)' }),
  label: z.string().meta({ description: "the medicine's short name" }),
  medicine: z.string().meta({
    description: 'the medicine across visits: its meds.current / meds.dopaminergic code, else the option id',
  }),
  kind: z.enum(['start', 'stop']),
});

const augmentationEntrySchema = z.object({
  evaluationId: id,
  date,
  features: z.array(z.string()).meta({ description: 'augmentation.features (empty when none)' }),
  dopaminergic: z.array(z.string()).meta({ description: 'meds.dopaminergic (never empty)' }),
});

export const trendsSchema = z
  .object({
    series: z.array(trendSeriesSchema).meta({
      description:
        'every series, always in this order: lab.ferritin, lab.tsat, lab.hemoglobin, lab.egfr, irls.total, abi.left, abi.right, reflux.left, reflux.right',
    }),
    treatments: z.array(treatmentMarkerSchema).meta({
      description:
        'a medicine in a decided plan (signed, or marked reviewed) and not in the previous decided plan starts there; one that disappears stops there',
    }),
    augmentation: z
      .array(augmentationEntrySchema)
      .meta({ description: 'visits on a dopaminergic agent, in visit order' }),
  })
  .meta({ id: 'Trends' });
export type TrendsDto = z.infer<typeof trendsSchema>;

// The schema describes the type computeTrends returns: the build fails when they drift apart.
export type TrendsSchemaMatchesWorkup = Check<Same<TrendsDto, Trends>>;

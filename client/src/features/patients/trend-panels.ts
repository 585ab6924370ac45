import { ABI_PAD_MAX, MEDICINE_OPTIONS } from '@rls/shared';
import type { TrendCode, TrendsDto } from '@rls/shared';

type TreatmentMarker = TrendsDto['treatments'][number];

interface ReferenceLine {
  value: number;
  label: string;
}

export interface TrendPanel {
  id: string;
  title: string;
  /** What the reference lines mean, under the title. */
  description: string;
  /** The series drawn (two for left and right). */
  codes: readonly TrendCode[];
  references: readonly ReferenceLine[];
  /** Fixed value axis (the IRLS score is 0–40); otherwise it fits the values and reference lines. */
  domain?: { min: number; max: number };
  /** Which treatment starts and stops are drawn on this chart. */
  markers: (marker: TreatmentMarker) => boolean;
  /** The IRLS chart lists augmentation features beside it. */
  augmentation?: boolean;
}

const isIron = (marker: TreatmentMarker) => MEDICINE_OPTIONS[marker.optionId]?.iron !== undefined;

/**
 * The charts of the patient page, in the order a clinician reads a follow-up. Reference lines are the
 * thresholds of the rules (docs/clinical-rules.md): iron therapy at ferritin ≤ 75 ng/mL or TSAT < 20 %
 * (AASM-2024), the IRLS severity bands 0–10 / 11–20 / 21–30 / 31–40 (IRLS), PAD at ABI ≤ 0.90
 * (`ABI_PAD_MAX`, ACC/AHA-PAD-2016), pathologic reflux > 500 ms superficial and > 1000 ms deep (SVS-VV-2022). Iron
 * courses are marked on the iron charts; every other medicine on the IRLS chart, whose symptoms it
 * treats.
 */
export const TREND_PANELS: readonly TrendPanel[] = [
  {
    id: 'ferritin',
    title: 'Ferritin',
    description: 'Line at 75 ng/mL: iron therapy is suggested at or below it (AASM-2024).',
    codes: ['lab.ferritin'],
    references: [{ value: 75, label: '75 ng/mL' }],
    markers: isIron,
  },
  {
    id: 'tsat',
    title: 'Transferrin saturation (TSAT)',
    description: 'Line at 20 %: iron therapy is suggested below it (AASM-2024).',
    codes: ['lab.tsat'],
    references: [{ value: 20, label: '20 %' }],
    markers: isIron,
  },
  {
    id: 'hemoglobin',
    title: 'Haemoglobin',
    description: 'Iron courses marked.',
    codes: ['lab.hemoglobin'],
    references: [],
    markers: isIron,
  },
  {
    id: 'egfr',
    title: 'eGFR',
    description: 'Kidney function (medicine doses depend on it).',
    codes: ['lab.egfr'],
    references: [],
    markers: () => false,
  },
  {
    id: 'irls',
    title: 'IRLS total score',
    description: 'Bands: mild 0–10, moderate 11–20, severe 21–30, very severe 31–40 (IRLS).',
    codes: ['irls.total'],
    // Each label sits above its line, in the band it names.
    references: [
      { value: 10, label: 'moderate 11–20' },
      { value: 20, label: 'severe 21–30' },
      { value: 30, label: 'very severe 31–40' },
    ],
    domain: { min: 0, max: 40 },
    markers: (marker) => !isIron(marker),
    augmentation: true,
  },
  {
    id: 'abi',
    title: 'Ankle–brachial index',
    description: `Line at ${ABI_PAD_MAX.toFixed(2)}: peripheral arterial disease at or below it (ACC/AHA-PAD-2016).`,
    codes: ['abi.left', 'abi.right'],
    references: [{ value: ABI_PAD_MAX, label: ABI_PAD_MAX.toFixed(2) }],
    markers: () => false,
  },
  {
    id: 'reflux',
    title: 'Longest venous reflux',
    description: 'Pathologic above 500 ms in superficial veins, above 1000 ms in deep veins (SVS-VV-2022).',
    codes: ['reflux.left', 'reflux.right'],
    references: [
      { value: 500, label: '500 ms superficial' },
      { value: 1000, label: '1000 ms deep' },
    ],
    markers: () => false,
  },
];

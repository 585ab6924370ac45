import { TREND_CODES, type TrendCode, type TrendsDto } from '@rls/shared';

// Trends of fictitious patients (`GET /api/patients/:id/trends`).

const UNITS: Record<TrendCode, string | null> = {
  'lab.ferritin': 'ng/mL',
  'lab.tsat': '%',
  'lab.hemoglobin': 'g/dL',
  'lab.egfr': 'mL/min/{1.73_m2}',
  'irls.total': null,
  'abi.left': '1',
  'abi.right': '1',
  'reflux.left': 'ms',
  'reflux.right': 'ms',
};

/** Every series, empty unless given (`[evaluationId, date, value]` per point). */
function trendsFixture(
  points: Partial<Record<TrendCode, Array<[string, string, number]>>> = {},
  rest: Partial<Pick<TrendsDto, 'treatments' | 'augmentation'>> = {},
): TrendsDto {
  return {
    series: TREND_CODES.map((code) => ({
      code,
      unit: UNITS[code],
      points: (points[code] ?? []).map(([evaluationId, date, value]) => ({ evaluationId, date, value })),
    })),
    treatments: rest.treatments ?? [],
    augmentation: rest.augmentation ?? [],
  };
}

export const noTrends: TrendsDto = trendsFixture();

/**
 * Iron deficiency on pramipexole: IV ferric carboxymaltose at the first visit (12 Oct 2026, labs drawn
 * 9 Oct), rechecked on 5 Dec 2026, when the infusion is over and gabapentin replaces pramipexole.
 */
export const ironRecheckTrends: TrendsDto = trendsFixture(
  {
    'lab.ferritin': [
      ['e1', '2026-10-09', 38],
      ['e2', '2026-12-05', 112.4],
    ],
    'lab.tsat': [
      ['e1', '2026-10-09', 14.2],
      ['e2', '2026-12-05', 27.46],
    ],
    'lab.hemoglobin': [['e1', '2026-10-09', 11.8]],
    'irls.total': [
      ['e1', '2026-10-12', 24],
      ['e2', '2026-12-05', 12],
    ],
    'abi.left': [['e1', '2026-10-12', 0.88]],
    'abi.right': [['e1', '2026-10-12', 1.02]],
  },
  {
    treatments: [
      {
        evaluationId: 'e1',
        date: '2026-10-12',
        optionId: 'iron.iv-fcm',
        label: 'IV ferric carboxymaltose',
        medicine: 'iron.iv-fcm',
        kind: 'start',
      },
      {
        evaluationId: 'e2',
        date: '2026-12-05',
        optionId: 'iron.iv-fcm',
        label: 'IV ferric carboxymaltose',
        medicine: 'iron.iv-fcm',
        kind: 'stop',
      },
      {
        evaluationId: 'e2',
        date: '2026-12-05',
        optionId: 'continue.pramipexole',
        label: 'Pramipexole',
        medicine: 'pramipexole',
        kind: 'stop',
      },
      {
        evaluationId: 'e2',
        date: '2026-12-05',
        optionId: 'rls.gabapentin',
        label: 'Gabapentin',
        medicine: 'gabapentin',
        kind: 'start',
      },
    ],
    augmentation: [
      {
        evaluationId: 'e1',
        date: '2026-10-12',
        features: ['earlier-onset', 'spread'],
        dopaminergic: ['pramipexole'],
      },
    ],
  },
);

import { describe, expect, it } from 'vitest';
import { emptyPlan, type Plan } from './plan';
import { TREND_CODES, computeTrends, type TrendEvaluation } from './trends';
import type { Answers } from './types';

function visit(
  id: string,
  startDate: string,
  answers: Answers,
  plan: Partial<Plan> = {},
  status: TrendEvaluation['status'] = 'signed',
): TrendEvaluation {
  return {
    id,
    status,
    startedAt: `${startDate}T09:00:00.000Z`,
    startDate,
    answers,
    plan: { ...emptyPlan(), ...plan },
  };
}

const seriesOf = (trends: ReturnType<typeof computeTrends>, code: string) =>
  trends.series.find((s) => s.code === code)!;

describe('computeTrends: series', () => {
  it('lists every series in a fixed order with its unit, empty without values', () => {
    const trends = computeTrends([]);
    expect(trends.series.map((s) => [s.code, s.unit, s.points])).toEqual([
      ['lab.ferritin', 'ng/mL', []],
      ['lab.tsat', '%', []],
      ['lab.hemoglobin', 'g/dL', []],
      ['lab.egfr', 'mL/min/{1.73_m2}', []],
      ['irls.total', null, []],
      ['abi.left', '1', []],
      ['abi.right', '1', []],
      ['reflux.left', 'ms', []],
      ['reflux.right', 'ms', []],
    ]);
    expect(TREND_CODES).toHaveLength(9);
    expect(trends.treatments).toEqual([]);
    expect(trends.augmentation).toEqual([]);
  });

  it('dates labs by the blood draw when answered, everything else by the start date; points in date order', () => {
    const trends = computeTrends([
      // given out of order: visits are ordered by startedAt
      visit('b', '2026-04-01', { 'lab.ferritin': 80, 'irls.total': 12 }),
      visit('a', '2026-01-10', { 'lab.ferritin': 30, 'labs.drawDate': '2026-01-05', 'irls.total': 24 }),
      visit('c', '2026-06-01', { 'labs.drawDate': '2026-03-20', 'lab.ferritin': 60 }, {}, 'draft'),
    ]);
    expect(seriesOf(trends, 'lab.ferritin').points).toEqual([
      { evaluationId: 'a', date: '2026-01-05', value: 30 },
      { evaluationId: 'c', date: '2026-03-20', value: 60 },
      { evaluationId: 'b', date: '2026-04-01', value: 80 },
    ]);
    expect(seriesOf(trends, 'irls.total').points).toEqual([
      { evaluationId: 'a', date: '2026-01-10', value: 24 },
      { evaluationId: 'b', date: '2026-04-01', value: 12 },
    ]);
  });

  it('TSAT as entered, else computed from serum iron and TIBC', () => {
    const trends = computeTrends([
      visit('a', '2026-01-10', { 'lab.iron': 50, 'lab.tibc': 400 }),
      visit('b', '2026-02-10', { 'lab.tsat': 22, 'lab.iron': 50, 'lab.tibc': 400 }),
      visit('c', '2026-03-10', { 'lab.iron': 50 }),
    ]);
    expect(seriesOf(trends, 'lab.tsat').points.map((p) => [p.evaluationId, p.value])).toEqual([
      ['a', 12.5],
      ['b', 22],
    ]);
  });

  it('the longest reflux of any segment per side, a 0 included', () => {
    const trends = computeTrends([
      visit('a', '2026-01-10', {
        'duplex.performed': true,
        'duplex.refluxMs.gsv.left': 600,
        'duplex.refluxMs.pop.left': 1200,
        'duplex.refluxMs.perf.left': 300,
        'duplex.refluxMs.ssv.right': 0,
      }),
    ]);
    expect(seriesOf(trends, 'reflux.left').points.map((p) => p.value)).toEqual([1200]);
    expect(seriesOf(trends, 'reflux.right').points.map((p) => p.value)).toEqual([0]);
    expect(seriesOf(trends, 'abi.left').points).toEqual([]);
  });

  it('haemoglobin, eGFR and both ABIs', () => {
    const trends = computeTrends([
      visit('a', '2026-01-10', {
        'lab.hemoglobin': 11.2,
        'lab.egfr': 48,
        'abi.left': 0.85,
        'abi.right': 1.02,
      }),
    ]);
    for (const [code, value] of [
      ['lab.hemoglobin', 11.2],
      ['lab.egfr', 48],
      ['abi.left', 0.85],
      ['abi.right', 1.02],
    ] as const) {
      expect(seriesOf(trends, code).points).toEqual([{ evaluationId: 'a', date: '2026-01-10', value }]);
    }
  });
});

describe('computeTrends: treatments', () => {
  it('a medicine is a start where it first appears and a stop where it disappears', () => {
    const trends = computeTrends([
      visit('a', '2026-01-10', {}, { selected: ['iron.iv-fcm', 'lifestyle.exercise', 'rls.gabapentin'] }),
      visit('b', '2026-03-10', {}, { selected: ['continue.gabapentin', 'supplement.b12'] }),
      visit('c', '2026-06-10', {}, { selected: [] }),
    ]);
    expect(trends.treatments).toEqual([
      {
        evaluationId: 'a',
        date: '2026-01-10',
        optionId: 'iron.iv-fcm',
        label: 'IV ferric carboxymaltose',
        medicine: 'iron.iv-fcm',
        kind: 'start',
      },
      {
        evaluationId: 'a',
        date: '2026-01-10',
        optionId: 'rls.gabapentin',
        label: 'Gabapentin',
        medicine: 'gabapentin',
        kind: 'start',
      },
      // continuing gabapentin is no new start; the single IV course is over
      {
        evaluationId: 'b',
        date: '2026-03-10',
        optionId: 'iron.iv-fcm',
        label: 'IV ferric carboxymaltose',
        medicine: 'iron.iv-fcm',
        kind: 'stop',
      },
      {
        evaluationId: 'b',
        date: '2026-03-10',
        optionId: 'supplement.b12',
        label: 'Vitamin B12',
        medicine: 'supplement.b12',
        kind: 'start',
      },
      {
        evaluationId: 'c',
        date: '2026-06-10',
        optionId: 'continue.gabapentin',
        label: 'Gabapentin',
        medicine: 'gabapentin',
        kind: 'stop',
      },
      {
        evaluationId: 'c',
        date: '2026-06-10',
        optionId: 'supplement.b12',
        label: 'Vitamin B12',
        medicine: 'supplement.b12',
        kind: 'stop',
      },
    ]);
  });

  it('a draft whose plan is not reviewed stops nothing; a reviewed open plan counts', () => {
    const first = visit('a', '2026-01-10', {}, { selected: ['rls.pregabalin'] });
    const draft = visit('b', '2026-03-10', {}, { selected: [] }, 'draft');
    expect(computeTrends([first, draft]).treatments.map((t) => [t.evaluationId, t.kind])).toEqual([
      ['a', 'start'],
    ]);
    const reviewed = visit('b', '2026-03-10', {}, { selected: ['rls.opioid'], reviewed: true }, 'amending');
    expect(
      computeTrends([first, reviewed]).treatments.map((t) => [t.evaluationId, t.optionId, t.kind]),
    ).toEqual([
      ['a', 'rls.pregabalin', 'start'],
      ['b', 'rls.pregabalin', 'stop'],
      ['b', 'rls.opioid', 'start'],
    ]);
  });

  it('a course line counts like a selection', () => {
    const trends = computeTrends([
      visit(
        'a',
        '2026-01-10',
        {},
        {
          selected: ['iron.oral-ferrous-sulfate'],
          medications: [
            {
              id: 'iron.oral-ferrous-sulfate',
              dose: 65,
              unit: 'mg',
              frequency: 'alternate-days',
              startDate: null,
            },
          ],
        },
      ),
    ]);
    expect(trends.treatments.map((t) => t.optionId)).toEqual(['iron.oral-ferrous-sulfate']);
  });

  it('a start is dated by its course start date; a single-dose infusion is not stopped at the next visit', () => {
    const infusion = {
      id: 'iron.iv-fcm',
      dose: 1000,
      unit: 'mg',
      frequency: 'single-dose',
      startDate: '2026-01-20',
    } as const;
    const trends = computeTrends([
      visit('a', '2026-01-10', {}, { selected: ['iron.iv-fcm', 'rls.pregabalin'], medications: [infusion] }),
      visit('b', '2026-03-10', {}, { selected: [] }),
    ]);
    expect(trends.treatments.map((t) => [t.optionId, t.kind, t.date])).toEqual([
      ['iron.iv-fcm', 'start', '2026-01-20'],
      ['rls.pregabalin', 'start', '2026-01-10'],
      ['rls.pregabalin', 'stop', '2026-03-10'],
    ]);
  });
});

describe('computeTrends: augmentation', () => {
  it('lists the visits on a dopaminergic agent with the features reported', () => {
    const trends = computeTrends([
      visit('a', '2026-01-10', { 'meds.dopaminergic': ['pramipexole'] }),
      visit('b', '2026-03-10', {
        'meds.dopaminergic': ['pramipexole'],
        'augmentation.features': ['spread', 'earlier-onset'],
      }),
      visit('c', '2026-06-10', { 'meds.dopaminergic': [], 'meds.dopaminergicPast': ['pramipexole'] }),
    ]);
    expect(trends.augmentation).toEqual([
      { evaluationId: 'a', date: '2026-01-10', features: [], dopaminergic: ['pramipexole'] },
      {
        evaluationId: 'b',
        date: '2026-03-10',
        features: ['spread', 'earlier-onset'],
        dopaminergic: ['pramipexole'],
      },
    ]);
  });
});

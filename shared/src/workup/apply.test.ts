import { describe, expect, it } from 'vitest';
import { applyAnswers, clearDisabled } from './apply';
import { isEnabled } from './enable-when';
import { NOT_DONE_REASON_MAX } from './not-done';
import { getWorkup, WORKUP_VERSIONS } from './registry';
import type { AnswerMeta, Answers, PatientContext } from './types';

const workup = getWorkup();
const female: PatientContext = { sex: 'female', birthDate: '1980-03-01' };
const male: PatientContext = { sex: 'male', birthDate: '1980-03-01' };

function apply(
  incoming: Record<string, unknown>,
  answers: Answers = {},
  answerMeta: AnswerMeta = {},
  patient = female,
) {
  return applyAnswers({ workup, patient, answers, answerMeta, incoming });
}

function ok(result: ReturnType<typeof apply>) {
  if (!result.ok) throw new Error(`unexpected rejection: ${JSON.stringify(result.items)}`);
  return result;
}

describe('applyAnswers: values by type', () => {
  it.each([
    ['criteria.urge', true],
    ['course', 'intermittent'],
    ['meds.exacerbating', ['lithium', 'ssri-snri']],
    ['irls.total', 40],
    ['irls.total', 0],
    ['onsetAge', 120],
    ['duplex.performed', false],
    ['abi.left', 3],
    ['lab.ferritin', 0],
    ['ironTherapy.prior', true],
  ])('accepts %s = %j', (code, value) => {
    expect(apply({ [code]: value }).ok).toBe(true);
  });

  it.each([
    ['criteria.urge', 'yes', 'must be true or false'],
    ['course', 'sometimes', 'must be one of: chronic-persistent, intermittent'],
    ['meds.exacerbating', 'lithium', 'must be a list of'],
    ['meds.exacerbating', ['lithium', 'lithium'], 'must not list an option twice'],
    ['irls.total', 41, 'must be between 0 and 40'],
    ['irls.total', -1, 'must be between 0 and 40'],
    ['irls.total', 10.5, 'must be a whole number'],
    ['irls.item3', 5, 'must be between 0 and 4'],
    ['onsetAge', 121, 'must be between 0 and 120'],
    ['duplex.refluxMs.gsv.left', 10001, 'must be between 0 and 10000 ms'],
    ['abi.right', 3.01, 'must be between 0 and 3'],
    ['lab.ferritin', -1, 'must be between 0 and 100000 ng/mL'],
    ['lab.ferritin', '60', 'must be a number in ng/mL or { value, unit }'],
    ['lab.ferritin', { value: 60, unit: 'mg' }, "unknown unit 'mg'; accepted: ng/mL, ug/L"],
    ['lab.ferritin', { value: 60 }, 'must be a number in ng/mL or { value, unit }'],
    ['ironTherapy.prior', 1, 'must be true or false'],
    ['nonsense.code', true, 'unknown item code'],
  ])('rejects %s = %j (%s)', (code, value, reason) => {
    const result = apply({ [code]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.items).toHaveLength(1);
      expect(result.items[0]?.code).toBe(code);
      expect(result.items[0]?.reason).toContain(reason);
    }
  });

  it('range-checks reflux 0–10000 ms and diameters 0–30 mm when duplex is performed', () => {
    const base = { 'duplex.performed': true };
    expect(apply({ ...base, 'duplex.refluxMs.gsv.left': 10000, 'duplex.perfDiameterMm.right': 30 }).ok).toBe(
      true,
    );
    const bad = apply({ ...base, 'duplex.refluxMs.gsv.left': 10001, 'duplex.perfDiameterMm.right': 30.1 });
    expect(bad.ok ? [] : bad.items.map((i) => i.reason)).toEqual([
      'must be between 0 and 10000 ms',
      'must be between 0 and 30 mm',
    ]);
  });

  it('checks the range on the converted value', () => {
    // 3.2 mmol/L × 1.611 = 5.16 g/dL: in range; 20 mmol/L = 32.2 g/dL: above the 30 g/dL bound.
    expect(apply({ 'lab.hemoglobin': { value: 3.2, unit: 'mmol/L' } }).ok).toBe(true);
    const bad = apply({ 'lab.hemoglobin': { value: 20, unit: 'mmol/L' } });
    expect(bad.ok ? '' : bad.items[0]?.reason).toContain('must be between 0 and 30 g/dL');
  });

  it('stores dates, rejects impossible ones', () => {
    expect(
      ok(apply({ 'ironTherapy.prior': true, 'ironTherapy.date': '2024-02-29' })).answers['ironTherapy.date'],
    ).toBe('2024-02-29');
    const bad = apply({ 'ironTherapy.prior': true, 'ironTherapy.date': '2023-02-29' });
    expect(bad.ok ? '' : bad.items[0]?.reason).toBe('must be a valid date YYYY-MM-DD');
  });

  it('orders multi answers like the options, so a reordered list is not a change', () => {
    const first = ok(apply({ substances: ['nicotine', 'caffeine'] }));
    expect(first.answers['substances']).toEqual(['caffeine', 'nicotine']);
    const again = ok(apply({ substances: ['caffeine', 'nicotine'] }, first.answers));
    expect(again.changes).toEqual([]);
  });

  it('trims text and treats blank text as clearing', () => {
    const set = ok(apply({ 'angiography.performed': true, 'angiography.finding': '  SFA occlusion  ' }));
    expect(set.answers['angiography.finding']).toBe('SFA occlusion');
    const blank = ok(apply({ 'angiography.finding': '   ' }, set.answers));
    expect(blank.answers).not.toHaveProperty('angiography.finding');
  });
});

describe('applyAnswers: all or nothing', () => {
  it('applies nothing when one item is invalid and lists every invalid item', () => {
    const stored: Answers = { 'criteria.urge': true };
    const result = apply(
      {
        'criteria.rest': true,
        'irls.total': 41,
        'lab.ferritin': { value: 1, unit: 'mg' },
        'bogus.item': 1,
        'duplex.dvt': true,
        'criteria.urge': null,
      },
      stored,
    );
    expect(result).toEqual({
      ok: false,
      items: [
        { code: 'irls.total', reason: 'must be between 0 and 40' },
        { code: 'lab.ferritin', reason: "unknown unit 'mg'; accepted: ng/mL, ug/L" },
        { code: 'bogus.item', reason: 'unknown item code' },
        { code: 'duplex.dvt', reason: 'not enabled: needs duplex.performed = true' },
      ],
    });
    expect(stored).toEqual({ 'criteria.urge': true });
  });

  it('does not mutate its inputs on success', () => {
    const answers: Answers = { 'duplex.performed': true, 'duplex.dvt': false };
    const meta: AnswerMeta = {};
    ok(apply({ 'duplex.performed': false }, answers, meta));
    expect(answers).toEqual({ 'duplex.performed': true, 'duplex.dvt': false });
  });
});

describe('applyAnswers: changes, clearing and meta', () => {
  it('reports changes; identical values are not changes; null clears', () => {
    const first = ok(apply({ 'criteria.urge': true, 'irls.total': 12 }));
    expect(first.changes).toEqual([
      { code: 'criteria.urge', from: null, to: true },
      { code: 'irls.total', from: null, to: 12 },
    ]);
    const second = ok(
      apply({ 'criteria.urge': true, 'irls.total': null, 'criteria.rest': null }, first.answers),
    );
    expect(second.changes).toEqual([{ code: 'irls.total', from: 12, to: null }]);
    expect(second.answers).toEqual({ 'criteria.urge': true });
    expect(second.cleared).toEqual([]);
  });

  it('keeps the entered unit in answerMeta and the canonical unrounded value in answers', () => {
    const r = ok(
      apply({ 'lab.hemoglobin': { value: 115, unit: 'g/L' }, 'lab.ferritin': { value: 60, unit: 'ng/mL' } }),
    );
    expect(r.answers['lab.hemoglobin']).toBe(11.5);
    expect(r.answers['lab.ferritin']).toBe(60);
    expect(r.answerMeta).toEqual({ 'lab.hemoglobin': { value: 115, unit: 'g/L' } });
    // Set again in the canonical unit: meta removed; same value is not a change.
    const again = ok(apply({ 'lab.hemoglobin': 11.5 }, r.answers, r.answerMeta));
    expect(again.answerMeta).toEqual({});
    expect(again.changes).toEqual([]);
    // Cleared: meta removed as well.
    const set = ok(apply({ 'lab.hemoglobin': { value: 115, unit: 'g/L' } }, r.answers, r.answerMeta));
    const cleared = ok(apply({ 'lab.hemoglobin': null }, set.answers, set.answerMeta));
    expect(cleared.answerMeta).toEqual({});
  });

  it('duplex.performed = false clears every duplex answer in the same save', () => {
    const stored = ok(
      apply({
        'duplex.performed': true,
        'duplex.dvt': false,
        'duplex.refluxMs.gsv.left': 700,
        'duplex.perfDiameterMm.right': 4,
        'abi.left': 1.1,
      }),
    ).answers;
    const r = ok(apply({ 'duplex.performed': false }, stored));
    expect(r.answers).toEqual({ 'duplex.performed': false, 'abi.left': 1.1 });
    expect(r.cleared).toEqual(['duplex.dvt', 'duplex.refluxMs.gsv.left', 'duplex.perfDiameterMm.right']);
    expect(r.changes).toEqual([
      { code: 'duplex.performed', from: true, to: false },
      { code: 'duplex.dvt', from: false, to: null },
      { code: 'duplex.refluxMs.gsv.left', from: 700, to: null },
      { code: 'duplex.perfDiameterMm.right', from: 4, to: null },
    ]);
  });

  it('rejects an answer to an item the same save disables', () => {
    const result = apply(
      { 'duplex.performed': false, 'duplex.refluxMs.ssv.right': 100 },
      { 'duplex.performed': true },
    );
    expect(result).toEqual({
      ok: false,
      items: [{ code: 'duplex.refluxMs.ssv.right', reason: 'not enabled: needs duplex.performed = true' }],
    });
  });

  it('accepts an answer enabled by another answer of the same save', () => {
    const r = ok(apply({ 'duplex.performed': true, 'duplex.refluxMs.ssv.right': 100 }));
    expect(r.answers['duplex.refluxMs.ssv.right']).toBe(100);
  });

  it('clears chains to a fixpoint (ironTherapy.prior false → route and date)', () => {
    const stored = ok(
      apply({ 'ironTherapy.prior': true, 'ironTherapy.route': 'iv', 'ironTherapy.date': '2025-01-10' }),
    );
    const r = ok(apply({ 'ironTherapy.prior': false }, stored.answers));
    expect(r.cleared).toEqual(['ironTherapy.route', 'ironTherapy.date']);
  });

  it('angiography.finding needs angiography.performed = true', () => {
    const r = apply({ 'angiography.finding': 'normal' });
    expect(r.ok ? [] : r.items).toEqual([
      { code: 'angiography.finding', reason: 'not enabled: needs angiography.performed = true' },
    ]);
  });

  it('pregnant is not enabled for a male patient', () => {
    const r = apply({ pregnant: false }, {}, {}, male);
    expect(r.ok ? [] : r.items).toEqual([
      { code: 'pregnant', reason: 'not enabled: needs patient sex ≠ male' },
    ]);
    for (const sex of ['female', 'other', 'unknown'] as const) {
      expect(apply({ pregnant: true }, {}, {}, { sex, birthDate: '1990-01-01' }).ok).toBe(true);
    }
  });

  it('CEAP S/A of a side is enabled by that side’s CEAP class', () => {
    expect(apply({ 'exam.ceapSymptomatic.left': 'symptomatic' }).ok).toBe(false);
    expect(apply({ 'exam.ceap.left': 'C2', 'exam.ceapSymptomatic.left': 'symptomatic' }).ok).toBe(true);
    expect(apply({ 'exam.ceap.right': 'C2', 'exam.ceapSymptomatic.left': 'symptomatic' }).ok).toBe(false);
  });

  it('augmentation features need current or past dopaminergic use', () => {
    expect(apply({ 'meds.dopaminergic': [], 'augmentation.features': ['spread'] }).ok).toBe(false);
    expect(apply({ 'meds.dopaminergicPast': ['ropinirole'], 'augmentation.features': ['spread'] }).ok).toBe(
      true,
    );
  });
});

describe('clearDisabled (patient sex change)', () => {
  it('sex → male clears pregnant and the trimester', () => {
    const stored = ok(apply({ pregnant: true, 'pregnancy.trimester': 'third', 'criteria.urge': true }));
    const r = clearDisabled(workup, male, stored.answers, stored.answerMeta);
    expect(r.answers).toEqual({ 'criteria.urge': true });
    expect(r.cleared).toEqual(['pregnant', 'pregnancy.trimester']);
    expect(r.changes).toEqual([
      { code: 'pregnant', from: true, to: null },
      { code: 'pregnancy.trimester', from: 'third', to: null },
    ]);
  });

  it('changes nothing when every answer stays enabled', () => {
    const r = clearDisabled(workup, { sex: 'other', birthDate: '1980-01-01' }, { pregnant: false }, {});
    expect(r).toEqual({ ok: true, answers: { pregnant: false }, answerMeta: {}, changes: [], cleared: [] });
  });
});

describe('isEnabled', () => {
  it('takes an item code (current workup) or an item', () => {
    expect(isEnabled('duplex.dvt', {}, female)).toBe(false);
    expect(isEnabled('duplex.dvt', { 'duplex.performed': true }, female)).toBe(true);
    expect(isEnabled('pregnant', {}, male, workup)).toBe(false);
    expect(isEnabled({ enableWhen: { patient: 'sex', op: 'ne', value: 'male' } }, {}, female)).toBe(true);
    expect(isEnabled('no.such.code', {}, female)).toBe(false);
  });
});

describe('applyAnswers: consistency of entry (SPEC §2b)', () => {
  const items = (scores: number[]): Answers =>
    Object.fromEntries(scores.map((score, i) => [`irls.item${i + 1}`, score]));
  const TEN = [2, 3, 1, 4, 0, 2, 2, 3, 1, 2]; // sum 20

  describe.each([1, 2])('definition version %i', (version) => {
    const wf = getWorkup(version);
    const run = (incoming: Record<string, unknown>, answers: Answers = {}) =>
      applyAnswers({ workup: wf, patient: female, answers, answerMeta: {}, incoming });

    it('accepts irls.total equal to the sum of the ten items', () => {
      expect(run({ ...items(TEN), 'irls.total': 20 }).ok).toBe(true);
    });

    it.each([19, 21, 0, 40])('refuses irls.total %i when the ten items sum to 20', (total) => {
      expect(run({ ...items(TEN), 'irls.total': total })).toEqual({
        ok: false,
        items: [{ code: 'irls.total', reason: 'must equal the sum of the ten IRLS item scores (20)' }],
      });
    });

    it('checks the merged answers: stored items, incoming total', () => {
      expect(run({ 'irls.total': 21 }, items(TEN)).ok).toBe(false);
      expect(run({ 'irls.total': 20 }, items(TEN)).ok).toBe(true);
    });

    it('checks the merged answers: stored total, an incoming item and a total that misses the new sum', () => {
      const stored = { ...items(TEN), 'irls.total': 20 };
      const bad = run({ 'irls.item5': 1, 'irls.total': 20 }, stored);
      expect(bad.ok ? [] : bad.items).toEqual([
        { code: 'irls.total', reason: 'must equal the sum of the ten IRLS item scores (21)' },
      ]);
      expect(run({ 'irls.item5': 1, 'irls.total': 21 }, stored).ok).toBe(true);
    });

    it('is all or nothing with the other invalid items of the save', () => {
      const result = run({ ...items(TEN), 'irls.total': 25, 'criteria.urge': true, 'lab.ferritin': -1 });
      expect(result.ok ? [] : result.items.map((i) => i.code)).toEqual(['lab.ferritin', 'irls.total']);
    });

    it('does not check until all ten items are answered, nor without a total', () => {
      expect(run({ ...items(TEN.slice(0, 9)), 'irls.total': 40 }).ok).toBe(true);
      expect(run(items(TEN)).ok).toBe(true);
      // Clearing an item makes the (stored) total uncheckable again.
      expect(run({ 'irls.item10': null }, { ...items(TEN), 'irls.total': 20 }).ok).toBe(true);
      expect(run({ 'irls.item10': null, 'irls.total': 3 }, items(TEN)).ok).toBe(true);
    });

    it('a save that touches no IRLS value is not refused for a total stored before the check existed', () => {
      const legacy = { ...items(TEN), 'irls.total': 35 };
      expect(ok(run({ 'criteria.urge': true }, legacy)).answers['irls.total']).toBe(35);
      // One that touches an item corrects it.
      expect(ok(run({ 'irls.item1': 2 }, legacy)).answers['irls.total']).toBe(20);
    });

    it('clearing the total is always allowed', () => {
      expect(run({ 'irls.total': null }, items(TEN)).ok).toBe(true);
    });

    it('an item refused for its own range does not add a misleading sum error', () => {
      const result = run({ ...items(TEN), 'irls.item1': 5, 'irls.total': 23 });
      expect(result.ok ? [] : result.items).toEqual([
        { code: 'irls.item1', reason: 'must be between 0 and 4' },
      ]);
    });

    it('accepts all zeros with a total of 0 and all fours with 40', () => {
      expect(run({ ...items(Array<number>(10).fill(0)), 'irls.total': 0 }).ok).toBe(true);
      expect(run({ ...items(Array<number>(10).fill(4)), 'irls.total': 40 }).ok).toBe(true);
    });
  });
});

describe('applyAnswers: the IRLS total is the sum of its ten items', () => {
  const items = (scores: number[]): Answers =>
    Object.fromEntries(scores.map((score, i) => [`irls.item${i + 1}`, score]));
  const TEN = [2, 3, 1, 4, 0, 2, 2, 3, 1, 2]; // sum 20

  describe.each(WORKUP_VERSIONS)('definition version %i', (version) => {
    const wf = getWorkup(version);
    const run = (incoming: Record<string, unknown>, answers: Answers = {}, answerMeta: AnswerMeta = {}) =>
      applyAnswers({ workup: wf, patient: female, answers, answerMeta, incoming });

    it.each([
      [Array<number>(10).fill(0), 0],
      [[1, 0, 0, 0, 0, 0, 0, 0, 0, 0], 1],
      [Array<number>(10).fill(4), 40],
      [[4, 4, 4, 4, 4, 4, 4, 4, 4, 3], 39],
      [TEN, 20],
    ])('ten items %j without a total set the total to %i, recorded as a change', (scores, sum) => {
      const result = ok(run(items(scores)));
      expect(result.answers['irls.total']).toBe(sum);
      expect(result.changes.find((c) => c.code === 'irls.total')).toEqual({
        code: 'irls.total',
        from: null,
        to: sum,
      });
    });

    it('the tenth item completes the sum; nine leave a typed total alone', () => {
      const nine = ok(run({ ...items(TEN.slice(0, 9)), 'irls.total': 35 }));
      expect(nine.answers['irls.total']).toBe(35);
      const ten = ok(run({ 'irls.item10': 2 }, nine.answers));
      expect(ten.answers['irls.total']).toBe(20);
      expect(ten.changes).toEqual([
        { code: 'irls.total', from: 35, to: 20 },
        { code: 'irls.item10', from: null, to: 2 },
      ]);
    });

    it('an item change moves a matching total; an unchanged total makes no change', () => {
      const stored = { ...items(TEN), 'irls.total': 20 };
      expect(ok(run({ 'irls.item5': 1 }, stored)).answers['irls.total']).toBe(21);
      expect(ok(run({ 'irls.item5': 0 }, stored)).changes).toEqual([]);
    });

    it('a total cleared in the same save as an item becomes the sum again', () => {
      const result = ok(run({ 'irls.item1': 3, 'irls.total': null }, { ...items(TEN), 'irls.total': 20 }));
      expect(result.answers['irls.total']).toBe(21);
    });

    it('a computed total replaces a not-done mark on the total', () => {
      const result = ok(run(items(TEN), {}, { 'irls.total': { notDone: 'patient declined the scale' } }));
      expect(result.answers['irls.total']).toBe(20);
      expect(result.answerMeta['irls.total']).toBeUndefined();
    });
  });
});

describe('applyAnswers: lab values below 0 (SPEC §2b)', () => {
  it.each([
    ['lab.ferritin', 0],
    ['lab.ferritin', { value: 0, unit: 'ug/L' }],
    ['lab.hemoglobin', { value: 0, unit: 'g/L' }],
    // 0 mmol/mol = 2.15 %: not below 0 as entered nor after conversion.
    ['lab.hba1c', { value: 0, unit: 'mmol/mol' }],
    ['lab.hba1c', 0],
  ])('accepts %s = %j', (code, value) => {
    expect(apply({ [code]: value }).ok).toBe(true);
  });

  it('stores 0 mmol/mol HbA1c as 2.15 %', () => {
    const result = ok(apply({ 'lab.hba1c': { value: 0, unit: 'mmol/mol' } }));
    expect(result.answers['lab.hba1c']).toBeCloseTo(2.15, 10);
  });

  it.each([
    // As entered in the canonical unit.
    ['lab.ferritin', -0.001, 'must be between 0 and 100000 ng/mL'],
    ['lab.hba1c', -0.01, 'must be between 0 and 25 %'],
    // As entered in another unit whose conversion alone would stay ≥ 0: −5 mmol/mol → 1.69 %.
    ['lab.hba1c', { value: -5, unit: 'mmol/mol' }, 'must not be below 0 in any unit (entered -5 mmol/mol)'],
    ['lab.hba1c', { value: -0.001, unit: 'mmol/mol' }, 'must not be below 0 in any unit'],
    // Negative after conversion: −30 mmol/mol → −0.59 %.
    ['lab.hba1c', { value: -30, unit: 'mmol/mol' }, 'must not be below 0 in any unit (entered -30 mmol/mol)'],
    ['lab.hemoglobin', { value: -1, unit: 'g/L' }, 'must not be below 0 in any unit (entered -1 g/L)'],
    ['lab.ferritin', { value: -1, unit: 'ng/mL' }, 'must not be below 0 in any unit (entered -1 ng/mL)'],
    ['lab.iron', { value: -0.5, unit: 'umol/L' }, 'must not be below 0 in any unit'],
  ])('refuses %s = %j, naming the item', (code, value, reason) => {
    const result = apply({ [code]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.items).toHaveLength(1);
      expect(result.items[0]?.code).toBe(code);
      expect(result.items[0]?.reason).toContain(reason);
    }
  });

  it('refuses the whole save (nothing stored) when one lab is below 0', () => {
    const stored: Answers = { 'lab.ferritin': 40 };
    const result = apply({ 'lab.ferritin': 20, 'lab.hba1c': { value: -5, unit: 'mmol/mol' } }, stored);
    expect(result.ok).toBe(false);
    expect(stored).toEqual({ 'lab.ferritin': 40 });
  });

  it('an unknown unit is reported as such, whatever the sign', () => {
    const result = apply({ 'lab.hba1c': { value: -5, unit: 'mg' } });
    expect(result.ok ? '' : result.items[0]?.reason).toContain("unknown unit 'mg'");
  });
});

describe('applyAnswers: not done', () => {
  const mark = (
    notDone: Record<string, unknown>,
    answers: Answers = {},
    answerMeta: AnswerMeta = {},
    incoming: Record<string, unknown> = {},
    patient = female,
  ) => applyAnswers({ workup, patient, answers, answerMeta, incoming, notDone });
  const refused = (result: ReturnType<typeof mark>) => (result.ok ? [] : result.items);

  it('keeps the trimmed reason in answerMeta and records the change', () => {
    const result = ok(mark({ 'lab.ferritin': '  not drawn: lab closed  ' }));
    expect(result.answers).toEqual({});
    expect(result.answerMeta).toEqual({ 'lab.ferritin': { notDone: 'not drawn: lab closed' } });
    expect(result.changes).toEqual([
      { code: 'lab.ferritin', from: null, to: null, notDone: { from: null, to: 'not drawn: lab closed' } },
    ]);
  });

  it('null clears a mark; clearing one that is not there changes nothing', () => {
    const stored = { 'lab.ferritin': { notDone: 'not drawn' } };
    const cleared = ok(mark({ 'lab.ferritin': null }, {}, stored));
    expect(cleared.answerMeta).toEqual({});
    expect(cleared.changes).toEqual([
      { code: 'lab.ferritin', from: null, to: null, notDone: { from: 'not drawn', to: null } },
    ]);
    expect(ok(mark({ 'lab.ferritin': null })).changes).toEqual([]);
    // A criterion is never marked, so clearing its mark is a no-op, not a refusal.
    expect(ok(mark({ 'criteria.urge': null })).changes).toEqual([]);
  });

  it('changes the reason of a marked item', () => {
    const result = ok(
      mark({ 'lab.ferritin': 'sample haemolysed' }, {}, { 'lab.ferritin': { notDone: 'x' } }),
    );
    expect(result.changes).toEqual([
      { code: 'lab.ferritin', from: null, to: null, notDone: { from: 'x', to: 'sample haemolysed' } },
    ]);
  });

  it.each([
    ['', 'a not-done reason is required'],
    ['   ', 'a not-done reason is required'],
    ['x'.repeat(NOT_DONE_REASON_MAX + 1), `at most ${NOT_DONE_REASON_MAX} characters`],
    [42, 'must be text, or null to clear'],
    [true, 'must be text, or null to clear'],
    [{ reason: 'x' }, 'must be text, or null to clear'],
  ])('refuses the reason %j naming the item', (reason, message) => {
    const items = refused(mark({ 'lab.ferritin': reason }));
    expect(items).toHaveLength(1);
    expect(items[0]?.code).toBe('lab.ferritin');
    expect(items[0]?.reason).toContain(message);
  });

  it(`accepts a reason of exactly ${NOT_DONE_REASON_MAX} characters (after trimming)`, () => {
    const reason = 'y'.repeat(NOT_DONE_REASON_MAX);
    expect(ok(mark({ 'lab.ferritin': ` ${reason} ` })).answerMeta['lab.ferritin']?.notDone).toBe(reason);
  });

  it('refuses unknown codes, __proto__ (as JSON.parse makes it), constructor and prototype among them', () => {
    const notDone = JSON.parse(
      '{"__proto__": "x", "constructor": "x", "prototype": "x", "nonsense.code": "x", "lab.ferritin": "ok"}',
    ) as Record<string, unknown>;
    expect(refused(mark(notDone))).toEqual([
      { code: '__proto__', reason: 'unknown item code' },
      { code: 'constructor', reason: 'unknown item code' },
      { code: 'prototype', reason: 'unknown item code' },
      { code: 'nonsense.code', reason: 'unknown item code' },
    ]);
    const answers = JSON.parse('{"__proto__": 1, "constructor": 1, "toString": 1}') as Record<
      string,
      unknown
    >;
    expect(refused(apply(answers)).map((i) => i.code)).toEqual(['__proto__', 'constructor', 'toString']);
  });

  it('refuses a mark on an IRLSSG criterion (required for sign-off)', () => {
    expect(refused(mark({ 'criteria.urge': 'not asked' }))).toEqual([
      {
        code: 'criteria.urge',
        reason: 'cannot be marked not done: an IRLSSG criterion must be answered before signing',
      },
    ]);
  });

  it('never leaves an item holding both an answer and a mark, whichever is stored', () => {
    const both = 'cannot hold both an answer and a not-done mark: clear one of them (null) in the same save';
    // Stored answer, incoming mark.
    expect(refused(mark({ 'lab.ferritin': 'not drawn' }, { 'lab.ferritin': 40 }))).toEqual([
      { code: 'lab.ferritin', reason: both },
    ]);
    // Stored mark, incoming answer.
    expect(
      refused(mark({}, {}, { 'lab.ferritin': { notDone: 'not drawn' } }, { 'lab.ferritin': 40 })),
    ).toEqual([{ code: 'lab.ferritin', reason: both }]);
    // Both incoming.
    expect(refused(mark({ 'lab.ferritin': 'not drawn' }, {}, {}, { 'lab.ferritin': 40 }))).toEqual([
      { code: 'lab.ferritin', reason: both },
    ]);
    // Clearing the other in the same save is how one replaces the other.
    const marked = ok(
      mark({ 'lab.ferritin': 'not drawn' }, { 'lab.ferritin': 40 }, {}, { 'lab.ferritin': null }),
    );
    expect([marked.answers, marked.answerMeta]).toEqual([{}, { 'lab.ferritin': { notDone: 'not drawn' } }]);
    expect(marked.changes).toEqual([
      { code: 'lab.ferritin', from: 40, to: null, notDone: { from: null, to: 'not drawn' } },
    ]);
    const answered = ok(
      mark(
        { 'lab.ferritin': null },
        {},
        { 'lab.ferritin': { notDone: 'x' } },
        { 'lab.ferritin': { value: 40, unit: 'ug/L' } },
      ),
    );
    expect([answered.answers, answered.answerMeta]).toEqual([
      { 'lab.ferritin': 40 },
      { 'lab.ferritin': { value: 40, unit: 'ug/L' } },
    ]);
  });

  it('refuses a mark on a disabled item, and clears the marks a save disables', () => {
    expect(refused(mark({ 'duplex.dvt': 'not seen' }))).toEqual([
      { code: 'duplex.dvt', reason: expect.stringContaining('not enabled') as string },
    ]);
    const stored = ok(mark({ 'duplex.dvt': 'not seen' }, { 'duplex.performed': true }));
    const off = ok(mark({}, stored.answers, stored.answerMeta, { 'duplex.performed': false }));
    expect(off.answerMeta).toEqual({});
    expect(off.cleared).toEqual(['duplex.dvt']);
    expect(off.changes).toEqual([
      { code: 'duplex.performed', from: true, to: false },
      { code: 'duplex.dvt', from: null, to: null, notDone: { from: 'not seen', to: null } },
    ]);
  });

  it('clearDisabled clears the marks of items a change of sex disables', () => {
    const stored = ok(mark({ pregnant: 'declined to answer' }));
    const r = clearDisabled(workup, male, stored.answers, stored.answerMeta);
    expect(r.answerMeta).toEqual({});
    expect(r.cleared).toEqual(['pregnant']);
    expect(r.changes).toEqual([
      { code: 'pregnant', from: null, to: null, notDone: { from: 'declined to answer', to: null } },
    ]);
  });

  it('is all or nothing with the answers of the save', () => {
    const result = mark({ 'lab.ferritin': 'not drawn', 'lab.tsat': '' }, {}, {}, { 'lab.b12': -1 });
    expect(refused(result).map((i) => i.code)).toEqual(['lab.b12', 'lab.tsat']);
  });
});

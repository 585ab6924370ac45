import { describe, expect, it } from 'vitest';
import type { Answers, PatientContext } from '../types';
import { assess } from './assess';

const adult: PatientContext = { sex: 'female', birthDate: '1970-01-01' };
const run = (answers: Answers) => assess(answers, adult, '2026-06-01');
const duplex = (answers: Answers): Answers => ({ 'duplex.performed': true, ...answers });
const has = (answers: Answers, code: string) => run(answers).findings.some((f) => f.code === code);

describe('venous reflux (SVS-VV-2022)', () => {
  it.each([
    ['gsv', 'left', 500, false],
    ['gsv', 'left', 501, true],
    ['ssv', 'right', 500, false],
    ['ssv', 'right', 501, true],
  ])('superficial %s.%s %d ms → %s', (segment, side, ms, expected) => {
    expect(has(duplex({ [`duplex.refluxMs.${segment}.${side}`]: ms }), 'venous.superficial-reflux')).toBe(
      expected,
    );
  });

  it.each([
    ['cfv', 'left', 1000, false],
    ['cfv', 'left', 1001, true],
    ['fv', 'right', 1000, false],
    ['fv', 'right', 1001, true],
    ['pop', 'left', 1000, false],
    ['pop', 'right', 1001, true],
  ])('deep %s.%s %d ms → %s', (segment, side, ms, expected) => {
    expect(has(duplex({ [`duplex.refluxMs.${segment}.${side}`]: ms }), 'venous.deep-reflux')).toBe(expected);
  });

  it('superficial reflux of 800 ms in a deep segment is not deep reflux', () => {
    expect(has(duplex({ 'duplex.refluxMs.cfv.left': 800 }), 'venous.deep-reflux')).toBe(false);
  });

  it('dvt when duplex.dvt is true', () => {
    expect(has(duplex({ 'duplex.dvt': true }), 'dvt')).toBe(true);
    expect(has(duplex({ 'duplex.dvt': false }), 'dvt')).toBe(false);
  });

  it('duplex not recorded → pending; not performed → nothing pending from duplex', () => {
    expect(run({}).pending).toContain('duplex.performed');
    const notDone = run({ 'duplex.performed': false }).pending;
    expect(notDone.filter((c) => c.startsWith('duplex.'))).toEqual([]);
  });

  it('ablation suggested only on a symptomatic C2+ side with reflux, tagged venous care, SVS grade 1B', () => {
    const reflux = duplex({ 'duplex.refluxMs.gsv.left': 900, 'exam.ceap.left': 'C2' });
    const silent = run({ ...reflux, 'symptoms.venous': [] }).findings.find(
      (f) => f.code === 'venous.superficial-reflux',
    );
    expect(silent?.suggestions).toEqual([]);
    const symptomatic = run({ ...reflux, 'symptoms.venous': ['heaviness'] }).findings.find(
      (f) => f.code === 'venous.superficial-reflux',
    );
    expect(symptomatic?.suggestions).toEqual([
      expect.objectContaining({
        id: 'venous.endovenous-ablation',
        category: 'venous-care',
        strength: 'Grade 1B (symptomatic varicose veins with axial reflux)',
      }),
      expect.objectContaining({
        id: 'venous.sclerotherapy',
        category: 'venous-care',
        guideline: 'SVS-VV-2022',
        strength: 'Grade 2C (SVS/AVF, symptomatic varicose veins)',
      }),
    ]);
  });
});

describe('pathologic perforator (SVS-VV-2022, per side)', () => {
  it.each([
    [499, 3.5, false],
    [500, 3.4, false],
    [500, 3.5, true],
    [800, 5, true],
  ])('perf %d ms, diameter %d mm on the same side → %s', (ms, mm, expected) => {
    expect(
      has(
        duplex({ 'duplex.refluxMs.perf.left': ms, 'duplex.perfDiameterMm.left': mm }),
        'venous.pathologic-perforator',
      ),
    ).toBe(expected);
  });

  it('reflux on one side and diameter on the other is not pathologic', () => {
    expect(
      has(
        duplex({
          'duplex.refluxMs.perf.left': 600,
          'duplex.perfDiameterMm.left': 2,
          'duplex.refluxMs.perf.right': 100,
          'duplex.perfDiameterMm.right': 4,
        }),
        'venous.pathologic-perforator',
      ),
    ).toBe(false);
  });

  const perfIds = (answers: Answers) =>
    run(answers).findings.flatMap((f) =>
      f.suggestions.map((s) => s.id).filter((id) => id.includes('perforator')),
    );

  it.each([
    ['C4b', []],
    ['C5', ['venous.perforator-treatment.left']],
    ['C6', ['venous.perforator-treatment.left']],
    ['C6r', ['venous.perforator-treatment.left']],
  ])('treatment suggested only when that side is C5/C6: left %s → %j', (ceap, expected) => {
    const answers = duplex({
      'duplex.refluxMs.perf.left': 600,
      'duplex.perfDiameterMm.left': 4,
      'exam.ceap.left': ceap,
      'exam.ceap.right': 'C6',
    });
    expect(perfIds(answers)).toEqual(expected);
  });

  it('an ulcer on the other side does not suggest treatment', () => {
    const answers = duplex({
      'duplex.refluxMs.perf.right': 600,
      'duplex.perfDiameterMm.right': 4,
      'exam.ceap.right': 'C2',
      'exam.ceap.left': 'C6',
    });
    expect(has(answers, 'venous.pathologic-perforator')).toBe(true);
    expect(perfIds(answers)).toEqual([]);
  });
});

describe('CEAP classes (CEAP-2020)', () => {
  it.each([
    ['C0', false, false],
    ['C1', false, false],
    ['C2', true, false],
    ['C2r', true, false],
    ['C3', true, true],
    ['C4a', true, true],
    ['C4b', true, true],
    ['C4c', true, true],
    ['C5', true, true],
    ['C6', true, true],
    ['C6r', true, true],
  ])('%s → cvd %s, cvi %s (either side)', (ceap, cvd, cvi) => {
    const answers = { 'exam.ceap.left': 'C0', 'exam.ceap.right': ceap };
    expect(has(answers, 'venous.cvd')).toBe(cvd);
    expect(has(answers, 'venous.cvi')).toBe(cvi);
  });

  it('compression stockings only under venous.cvi, as venous care', () => {
    const ids = (answers: Answers) => run(answers).findings.flatMap((f) => f.suggestions.map((s) => s.id));
    expect(ids({ 'exam.ceap.left': 'C2' })).not.toContain('venous.compression-stockings');
    const cvi = run({ 'exam.ceap.left': 'C3' }).findings.find((f) => f.code === 'venous.cvi');
    expect(cvi?.suggestions).toEqual([
      expect.objectContaining({ id: 'venous.compression-stockings', category: 'venous-care' }),
    ]);
    const everyCompression = run({
      'exam.ceap.left': 'C6',
      'criteria.urge': true,
      'criteria.rest': true,
      'criteria.movementRelief': true,
      'criteria.eveningWorse': true,
      'criteria.notMimic': true,
    }).findings.filter((f) => f.suggestions.some((s) => s.id === 'venous.compression-stockings'));
    expect(everyCompression.map((f) => f.code)).toEqual(['venous.cvi']);
  });

  it('with PAD, compression carries the reduced-compression caution', () => {
    const cvi = run({ 'exam.ceap.left': 'C4a', 'abi.left': 0.7 }).findings.find(
      (f) => f.code === 'venous.cvi',
    );
    expect(cvi?.suggestions[0]?.cautions.map((c) => c.code)).toEqual(['reduced-compression']);
    expect(cvi?.suggestions[0]?.cautions[0]?.text).toContain('RABE-2020');
  });

  it('suggests duplex for C2+ when no duplex is recorded', () => {
    const f = run({ 'exam.ceap.left': 'C2' }).findings.find((x) => x.code === 'venous.cvd');
    expect(f?.suggestions.map((s) => s.id)).toEqual(['venous.duplex']);
  });
});

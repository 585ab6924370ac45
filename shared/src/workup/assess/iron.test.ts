import { describe, expect, it } from 'vitest';
import type { Answers, PatientContext } from '../types';
import { assess } from './assess';

const adult: PatientContext = { sex: 'female', birthDate: '1980-01-01' };
const DATE = '2026-06-01';
const run = (answers: Answers, patient = adult, date = DATE) => assess(answers, patient, date);
const ironCodes = (answers: Answers, patient = adult, date = DATE) =>
  run(answers, patient, date)
    .findings.map((f) => f.code)
    .filter((c) => c.startsWith('iron.'));
const IV_IDS = ['iron.iv-fcm', 'iron.iv-lmw-dextran', 'iron.iv-ferumoxytol', 'iron.esrd-iv-sucrose'];
const suggestionIds = (answers: Answers, patient = adult) =>
  run(answers, patient).findings.flatMap((f) => f.suggestions.map((s) => s.id));

describe('adult iron (AASM-2024, IRLSSG-IRON-2018)', () => {
  it.each([
    // ferritin, tsat, expected iron findings
    [75, 30, ['iron.treat']],
    [75.1, 30, ['iron.iv-only']],
    [100, 30, ['iron.iv-only']],
    [100.1, 30, []],
    [150, 19.9, ['iron.treat']],
    [150, 20, []],
    [60, 44.9, ['iron.treat']],
    [60, 45, ['iron.treat', 'iron.iv-avoid']],
    [90, 10, ['iron.iv-only']], // iv-only wins over TSAT < 20
    [90, 45, ['iron.iv-only', 'iron.iv-avoid']],
    [300, 50, ['iron.iv-avoid']],
  ])('ferritin %d, TSAT %d → %j', (ferritin, tsat, expected) => {
    expect(ironCodes({ 'lab.ferritin': ferritin, 'lab.tsat': tsat })).toEqual(expected);
  });

  it('TSAT < 20 alone (ferritin unanswered) → iron.treat, ferritin pending', () => {
    const a = run({ 'lab.tsat': 15 });
    expect(a.findings.map((f) => f.code)).toContain('iron.treat');
    expect(a.pending).toContain('lab.ferritin');
  });

  it('ferritin given, TSAT missing → lab.tsat pending with a reason', () => {
    const a = run({ 'lab.ferritin': 150 });
    expect(ironCodes({ 'lab.ferritin': 150 })).toEqual([]);
    expect(a.pending).toContain('lab.tsat');
    expect(a.pendingByStage.labs).toContainEqual({
      code: 'iron.treat',
      waitingFor: ['lab.tsat'],
      reason: 'TSAT missing (or serum iron and TIBC) — iron finding pending',
    });
  });

  it('nothing answered → ferritin and TSAT pending', () => {
    expect(run({}).pending).toEqual(expect.arrayContaining(['lab.ferritin', 'lab.tsat']));
  });

  it('computes TSAT from iron/TIBC × 100 when lab.tsat is absent, naming both as evidence', () => {
    const a = run({ 'lab.ferritin': 150, 'lab.iron': 39.9, 'lab.tibc': 200 }); // 19.95 %
    const treat = a.findings.find((f) => f.code === 'iron.treat');
    expect(treat?.evidence.map((e) => e.code)).toEqual(['lab.iron', 'lab.tibc']);
    expect(a.pending).not.toContain('lab.tsat');
    expect(ironCodes({ 'lab.ferritin': 150, 'lab.iron': 40, 'lab.tibc': 200 })).toEqual([]); // exactly 20 %
  });

  it('computed TSAT ≥ 45 → iron.iv-avoid; an entered TSAT takes precedence over iron/TIBC', () => {
    expect(ironCodes({ 'lab.ferritin': 150, 'lab.iron': 90, 'lab.tibc': 200 })).toEqual(['iron.iv-avoid']);
    expect(ironCodes({ 'lab.ferritin': 150, 'lab.tsat': 30, 'lab.iron': 90, 'lab.tibc': 200 })).toEqual([]);
  });

  it('dialysis excludes iron.treat and iron.iv-only', () => {
    expect(ironCodes({ 'lab.ferritin': 50, 'lab.tsat': 30, comorbidities: ['dialysis'] })).toEqual([]);
    expect(ironCodes({ 'lab.ferritin': 90, 'lab.tsat': 30, comorbidities: ['dialysis'] })).toEqual([]);
    expect(ironCodes({ 'lab.ferritin': 50, 'lab.tsat': 30, comorbidities: ['ckd'] })).toEqual(['iron.treat']);
  });
});

describe('ESRD iron (AASM-2024)', () => {
  it.each([
    [199.9, 19.9, true],
    [200, 19.9, false],
    [199.9, 20, false],
    [50, 10, true],
  ])('dialysis, ferritin %d, TSAT %d → iron.esrd-iv-sucrose %s', (ferritin, tsat, expected) => {
    const found = ironCodes({ 'lab.ferritin': ferritin, 'lab.tsat': tsat, comorbidities: ['dialysis'] });
    expect(found.includes('iron.esrd-iv-sucrose')).toBe(expected);
  });

  it('not without dialysis', () => {
    expect(ironCodes({ 'lab.ferritin': 150, 'lab.tsat': 10, comorbidities: ['ckd'] })).not.toContain(
      'iron.esrd-iv-sucrose',
    );
  });

  it('suggests IV iron sucrose', () => {
    expect(suggestionIds({ 'lab.ferritin': 150, 'lab.tsat': 10, comorbidities: ['dialysis'] })).toContain(
      'iron.esrd-iv-sucrose',
    );
  });
});

describe('children (AASM-2024: ferritin < 50)', () => {
  const child: PatientContext = { sex: 'male', birthDate: '2010-06-01' };

  it.each([
    [49.9, ['iron.treat']],
    [50, []],
    [90, []], // no iv-only for children
  ])('child, ferritin %d → %j', (ferritin, expected) => {
    expect(ironCodes({ 'lab.ferritin': ferritin, 'lab.tsat': 30 }, child, '2026-05-31')).toEqual(expected);
  });

  it('TSAT < 20 alone does not trigger iron.treat in a child', () => {
    expect(ironCodes({ 'lab.ferritin': 60, 'lab.tsat': 10 }, child, '2026-05-31')).toEqual([]);
  });

  it('turns adult on the 18th birthday (evaluation date = birthday)', () => {
    // Ferritin 60: adult rule (≤ 75) fires, child rule (< 50) does not.
    expect(ironCodes({ 'lab.ferritin': 60, 'lab.tsat': 30 }, child, '2028-05-31')).toEqual([]);
    expect(ironCodes({ 'lab.ferritin': 60, 'lab.tsat': 30 }, child, '2028-06-01')).toEqual(['iron.treat']);
  });

  it('child suggestion is ferrous sulfate only', () => {
    const f = run({ 'lab.ferritin': 30 }, child, '2026-01-01').findings.find((x) => x.code === 'iron.treat');
    expect(f?.suggestions.map((s) => s.id)).toEqual(['iron.child-ferrous-sulfate']);
  });
});

describe('iron suggestions never contradict', () => {
  it('ferritin ≤ 75 and TSAT < 45 → IV FCM (strong) and oral ferrous sulfate (conditional)', () => {
    const f = run({ 'lab.ferritin': 40, 'lab.tsat': 15 }).findings.find((x) => x.code === 'iron.treat');
    expect(f?.suggestions.find((s) => s.id === 'iron.iv-fcm')).toMatchObject({
      guideline: 'AASM-2024',
      strength: 'Strong for (moderate certainty)',
    });
    expect(f?.suggestions.find((s) => s.id === 'iron.oral-ferrous-sulfate')?.strength).toBe(
      'Conditional for (moderate certainty)',
    );
  });

  it.each([
    [{ 'lab.ferritin': 40, 'lab.tsat': 45 }],
    [{ 'lab.ferritin': 90, 'lab.tsat': 60 }],
    [{ 'lab.ferritin': 40, 'lab.iron': 100, 'lab.tibc': 200 }],
  ])('iron.iv-avoid → no IV iron suggested anywhere (%j)', (answers) => {
    const a = run(answers);
    expect(a.findings.map((f) => f.code)).toContain('iron.iv-avoid');
    expect(suggestionIds(answers).filter((id) => IV_IDS.includes(id))).toEqual([]);
  });

  it('iron.treat from TSAT alone with ferritin > 100 → no IV iron, a note for clinician judgement', () => {
    const answers = { 'lab.ferritin': 100.1, 'lab.tsat': 12 };
    const f = run(answers).findings.find((x) => x.code === 'iron.treat');
    expect(f).toBeDefined();
    expect(suggestionIds(answers).filter((id) => IV_IDS.includes(id))).toEqual([]);
    expect(f?.text).toContain('clinician judgement');
    expect(f?.suggestions.map((s) => s.id)).toEqual(['iron.oral-ferrous-sulfate']);
  });

  it('iron.iv-only → IV options, never oral iron', () => {
    const ids = suggestionIds({ 'lab.ferritin': 80, 'lab.tsat': 25 });
    expect(ids).toContain('iron.iv-fcm');
    expect(ids).not.toContain('iron.oral-ferrous-sulfate');
  });

  it('ferritin ≤ 100 with TSAT unknown: IV options carry a note to confirm TSAT first', () => {
    const f = run({ 'lab.ferritin': 50 }).findings.find((x) => x.code === 'iron.treat');
    expect(f?.suggestions.find((s) => s.id === 'iron.iv-fcm')?.note).toContain('TSAT < 45');
  });
});

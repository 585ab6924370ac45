import { describe, expect, it } from 'vitest';
import { applyAnswers } from '../apply';
import { listItems } from '../items';
import { getWorkup } from '../registry';
import type { Answers, PatientContext } from '../types';
import { assess } from './assess';
import { findingCatalog } from './catalog';
import { suggestionCatalog } from './suggestions';

const adult: PatientContext = { sex: 'female', birthDate: '1975-04-10' };

/** A fully abnormal evaluation to exercise every rule at once. */
const busy: Answers = {
  'criteria.urge': true,
  'criteria.rest': true,
  'criteria.movementRelief': true,
  'criteria.eveningWorse': true,
  'criteria.notMimic': true,
  'irls.total': 35,
  'meds.exacerbating': ['tca'],
  'meds.dopaminergic': ['ropinirole'],
  substances: ['alcohol'],
  pregnant: true,
  comorbidities: ['ckd', 'diabetes', 'neuropathy', 'osa'],
  'exam.vibration.left': 'absent',
  'exam.ceap.left': 'C6',
  'exam.ceap.right': 'C2',
  'lab.ferritin': 40,
  'lab.tsat': 15,
  'lab.hemoglobin': 10,
  'lab.egfr': 10,
  'lab.hba1c': 8,
  'lab.b12': 150,
  'lab.folate': 1.2,
  'duplex.performed': true,
  'duplex.refluxMs.gsv.left': 900,
  'duplex.refluxMs.pop.right': 1500,
  'duplex.refluxMs.perf.left': 700,
  'duplex.perfDiameterMm.left': 4,
  'duplex.dvt': true,
  'symptoms.venous': ['aching'],
  'abi.left': 0.8,
  'abi.right': 1.5,
};

describe('assess()', () => {
  it('returns findings with label, text, cause from the catalog and evidence', () => {
    const { findings } = assess(busy, adult, '2026-06-01');
    expect(findings.map((f) => f.code)).toEqual([
      'rls.criteria-met',
      'irls.very-severe',
      'iron.treat',
      'anemia',
      'vitamin.b12-low',
      'vitamin.folate-low',
      'ckd',
      'esrd',
      'diabetes',
      'neuropathy.suspected',
      'drug-exacerbation',
      'substance-exacerbation',
      'augmentation-risk',
      'treatment.current',
      'sleep.osa',
      'pregnancy',
      'venous.superficial-reflux',
      'venous.deep-reflux',
      'venous.pathologic-perforator',
      'dvt',
      'venous.cvd',
      'venous.cvi',
      'arterial.pad',
      'arterial.noncompressible',
    ]);
    for (const f of findings) {
      expect(findingCatalog[f.code], f.code).toMatchObject({ label: f.label, cause: f.cause });
      expect(findingCatalog[f.code]?.source, f.code).toBeTruthy();
      expect(f.text.length, f.code).toBeGreaterThan(10);
      expect(f.evidence.length, f.code).toBeGreaterThan(0);
      for (const s of f.suggestions)
        expect(suggestionCatalog[s.id as keyof typeof suggestionCatalog]).toBeDefined();
    }
  });

  it('is JSON-serialisable and deterministic', () => {
    const a = assess(busy, adult, '2026-06-01');
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(assess(busy, adult, '2026-06-01')).toEqual(a);
  });

  it('a complete normal workup has nothing pending', () => {
    const workup = getWorkup();
    const answers: Answers = {};
    for (const item of listItems(workup)) {
      if (item.type === 'boolean') answers[item.code] = false;
      else if (item.type === 'choice') answers[item.code] = item.options![0]!.code;
      else if (item.type === 'multi') answers[item.code] = [];
    }
    Object.assign(answers, {
      'criteria.urge': true,
      'irls.total': 0,
      'duplex.performed': true,
      'lab.ferritin': 200,
      'lab.tsat': 30,
      'lab.hemoglobin': 14,
      'lab.egfr': 95,
      'lab.hba1c': 5.2,
      'lab.glucoseFasting': 90,
      'lab.b12': 400,
      'abi.left': 1.1,
      'abi.right': 1.1,
      'duplex.perfDiameterMm.left': 2,
      'duplex.perfDiameterMm.right': 2,
    });
    for (const s of ['gsv', 'ssv', 'cfv', 'fv', 'pop', 'perf']) {
      answers[`duplex.refluxMs.${s}.left`] = 0;
      answers[`duplex.refluxMs.${s}.right`] = 0;
    }
    const a = assess(answers, adult, '2026-06-01');
    expect(a.pending).toEqual([]);
    expect(a.findings.map((f) => f.code)).toEqual(['rls.criteria-not-met']);
  });

  it('pendingByStage groups the waiting codes by the stage of each item, with a reason', () => {
    const a = assess({ 'lab.ferritin': 150 }, adult, '2026-06-01');
    expect(Object.keys(a.pendingByStage)).toEqual(['history', 'exam', 'labs', 'imaging']);
    const flat = Object.values(a.pendingByStage).flatMap((entries) => entries.flatMap((e) => e.waitingFor));
    expect(new Set(flat)).toEqual(new Set(a.pending));
    expect(a.pendingByStage.imaging).toContainEqual(
      expect.objectContaining({ waitingFor: ['abi.left', 'abi.right'] }),
    );
    for (const entries of Object.values(a.pendingByStage)) {
      for (const e of entries) expect(e.reason).toMatch(/pending|missing/);
    }
  });

  it('works on what applyAnswers stores (labs entered in other units)', () => {
    const r = applyAnswers({
      workup: getWorkup(),
      patient: { sex: 'male', birthDate: '1970-01-01' },
      answers: {},
      answerMeta: {},
      incoming: {
        'lab.hemoglobin': { value: 129, unit: 'g/L' },
        'lab.creatinine': { value: 100, unit: 'umol/L' },
      },
    });
    if (!r.ok) throw new Error('rejected');
    const codes = assess(r.answers, { sex: 'male', birthDate: '1970-01-01' }, '2026-06-01').findings.map(
      (f) => f.code,
    );
    expect(codes).toContain('anemia'); // 12.9 g/dL < 13.0 for men
  });
});

import { describe, expect, it } from 'vitest';
import type { Answers, PatientContext } from '../types';
import { assess } from './assess';

const adult: PatientContext = { sex: 'female', birthDate: '1980-01-01' };
const run = (answers: Answers) => assess(answers, adult, '2026-06-01');
const codes = (answers: Answers) => run(answers).findings.map((f) => f.code);

describe('drugs, substances, sleep, pregnancy', () => {
  it('drug-exacerbation when meds.exacerbating is not empty', () => {
    expect(codes({ 'meds.exacerbating': ['mirtazapine'] })).toContain('drug-exacerbation');
    expect(codes({ 'meds.exacerbating': [] })).not.toContain('drug-exacerbation');
    expect(run({}).pending).toContain('meds.exacerbating');
  });

  it('substance-exacerbation when substances is not empty', () => {
    expect(codes({ substances: ['caffeine'] })).toContain('substance-exacerbation');
    expect(codes({ substances: [] })).not.toContain('substance-exacerbation');
  });

  it('augmentation-risk on current dopaminergic use only, with the dopaminergic review (no abrupt stop); the opioid is not offered there', () => {
    expect(codes({ 'meds.dopaminergic': [], 'meds.dopaminergicPast': ['ropinirole'] })).not.toContain(
      'augmentation-risk',
    );
    const f = run({ 'meds.dopaminergic': ['pramipexole'] }).findings.find(
      (x) => x.code === 'augmentation-risk',
    );
    expect(f?.suggestions.map((s) => [s.id, s.strength])).toEqual([
      ['rls.dopaminergic-caution', 'Conditional against standard use (moderate certainty)'],
      ['monitoring.augmentation-screen', 'Good practice'],
    ]);
    expect(f?.suggestions[0]?.cautions.map((c) => c.code)).toEqual(['no-abrupt-stop']);
  });

  it('sleep.osa from comorbidities; screen-positive from sleep items otherwise', () => {
    expect(codes({ comorbidities: ['osa'] })).toContain('sleep.osa');
    expect(codes({ comorbidities: [], 'sleep.witnessedApnea': true })).toEqual(
      expect.arrayContaining(['sleep.osa-screen-positive']),
    );
    expect(codes({ comorbidities: [], 'sleep.snoring': true })).not.toContain('sleep.osa-screen-positive');
    expect(codes({ comorbidities: ['osa'], 'sleep.witnessedApnea': true })).not.toContain(
      'sleep.osa-screen-positive',
    );
  });

  it('pregnancy only when pregnant is true', () => {
    expect(codes({ pregnant: true })).toContain('pregnancy');
    expect(codes({ pregnant: false })).not.toContain('pregnancy');
    expect(codes({})).not.toContain('pregnancy');
    expect(run({}).pending).not.toContain('pregnant');
  });
});

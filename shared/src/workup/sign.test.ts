import { describe, expect, it } from 'vitest';
import { emptyPlan, mergePlan, planPatchSchema } from './plan';
import { computeProgress } from './progress';
import { getWorkup } from './registry';
import { signBlockers, signWarnings } from './sign';
import type { Answers } from './types';

const workup = getWorkup();
const criteria: Answers = {
  'criteria.urge': true,
  'criteria.rest': false,
  'criteria.movementRelief': true,
  'criteria.eveningWorse': true,
  'criteria.notMimic': true,
};

describe('signBlockers (SPEC §3)', () => {
  it('each unanswered criterion and an unreviewed plan block signing', () => {
    expect(signBlockers({}, emptyPlan()).map((b) => b.code)).toEqual([
      'criteria.urge',
      'criteria.rest',
      'criteria.movementRelief',
      'criteria.eveningWorse',
      'criteria.notMimic',
      'plan.reviewed',
    ]);
  });

  it('answered criteria (true or false) and a reviewed plan → no blockers', () => {
    expect(signBlockers(criteria, { ...emptyPlan(), reviewed: true })).toEqual([]);
    expect(signBlockers(criteria, emptyPlan())).toEqual([
      { code: 'plan.reviewed', reason: 'the plan must be marked as reviewed before signing' },
    ]);
  });
});

describe('signWarnings', () => {
  it('lists unanswered enabled items other than the criteria', () => {
    const warnings = signWarnings(workup, { sex: 'male', birthDate: '1970-01-01' }, criteria);
    expect(warnings).toContain('irls.total');
    expect(warnings).toContain('duplex.performed');
    expect(warnings).not.toContain('criteria.urge');
    expect(warnings).not.toContain('pregnant'); // disabled for men
    expect(warnings).not.toContain('duplex.dvt'); // disabled until duplex.performed
  });
});

describe('computeProgress', () => {
  it('counts answered / total over enabled items per stage', () => {
    const female = { sex: 'female' as const, birthDate: '1970-01-01' };
    const before = computeProgress(workup, female, {});
    const after = computeProgress(workup, female, {
      'duplex.performed': true,
      'duplex.dvt': false,
      pregnant: false,
    });
    expect(after.imaging.total - before.imaging.total).toBe(15); // 12 reflux + 2 diameters + dvt
    expect(after.imaging.answered).toBe(2);
    expect(after.history.answered).toBe(1);
    const male = computeProgress(workup, { sex: 'male', birthDate: '1970-01-01' }, {});
    expect(before.history.total - male.history.total).toBe(2); // pregnant, breastfeeding
    expect(before.exam).toEqual({ answered: 0, total: 12 }); // CEAP S/A disabled until a CEAP class is set
  });
});

describe('plan', () => {
  it('planPatchSchema is strict and bounds custom items', () => {
    expect(planPatchSchema.safeParse({ reviewed: true, followUpDate: '2026-07-01' }).success).toBe(true);
    expect(planPatchSchema.safeParse({ followUpDate: null }).success).toBe(true);
    expect(planPatchSchema.safeParse({ extra: 1 }).success).toBe(false);
    expect(planPatchSchema.safeParse({ custom: [''] }).success).toBe(false);
    expect(planPatchSchema.safeParse({ custom: ['x'.repeat(500)] }).success).toBe(true);
    expect(planPatchSchema.safeParse({ custom: ['x'.repeat(501)] }).success).toBe(false);
    expect(planPatchSchema.safeParse({ custom: Array.from({ length: 51 }, () => 'a') }).success).toBe(false);
    expect(planPatchSchema.safeParse({ followUpDate: '2026-02-30' }).success).toBe(false);
  });

  it('mergePlan keeps absent fields and applies null follow-up', () => {
    const plan = {
      selected: ['iron.iv-fcm'],
      custom: ['walk'],
      followUpDate: '2026-07-01',
      reviewed: true,
      medications: [],
    };
    expect(mergePlan(plan, { followUpDate: null })).toEqual({ ...plan, followUpDate: null });
    expect(mergePlan(plan, {})).toEqual(plan);
  });
});

import { describe, expect, it } from 'vitest';
import { applyAnswers } from './apply';
import { CARRIED_CODES, carryForward, type CarrySource } from './carry-forward';
import { listItems } from './items';
import { emptyPlan } from './plan';
import { getWorkup } from './registry';
import { unconfirmedCarried } from './sign';
import type { Answers, PatientContext } from './types';

const v1 = getWorkup(1);
const v2 = getWorkup(2);
const female: PatientContext = { sex: 'female', birthDate: '1970-05-05' };
const male: PatientContext = { sex: 'male', birthDate: '1970-05-05' };

/** A signed first visit with every kind of answer: stable history and measurements. */
const FIRST: Answers = {
  'criteria.urge': true,
  'criteria.rest': true,
  'criteria.movementRelief': true,
  'criteria.eveningWorse': true,
  'criteria.notMimic': false,
  mimics: ['leg-cramps'],
  course: 'chronic-persistent',
  clinicallySignificant: true,
  onsetAge: 42,
  familyHistory: true,
  comorbidities: ['diabetes', 'osa'],
  'meds.exacerbating': ['ssri-snri'],
  'meds.dopaminergic': ['pramipexole'],
  'meds.dopaminergicPast': ['ropinirole'],
  'meds.current': ['benzodiazepine'],
  'augmentation.features': ['spread'],
  'treatment.refractory': true,
  substances: ['caffeine'],
  ironLoss: ['blood-donation'],
  pregnant: false,
  breastfeeding: false,
  'irls.total': 24,
  'irls.item1': 3,
  'symptoms.daysPerWeek': 5,
  'sleep.snoring': true,
  'exam.vibration.left': 'reduced',
  'exam.ceap.left': 'C2',
  'labs.drawDate': '2026-01-05',
  'lab.ferritin': 40,
  'lab.tsat': 15,
  'lab.hemoglobin': 11.5,
  'lab.b12': 180,
  'duplex.performed': true,
  'duplex.refluxMs.gsv.left': 900,
  'abi.left': 0.95,
  'tbi.left': 0.8,
};

const source = (overrides: Partial<CarrySource> = {}): CarrySource => ({
  id: 'e-first',
  answers: FIRST,
  plan: emptyPlan(),
  signedDate: '2026-01-07',
  ...overrides,
});

const MEASURED = (code: string) =>
  /^(lab\.|labs\.|irls\.|symptoms\.|sleep\.|exam\.|duplex\.|abi\.|tbi\.|angiography\.|augmentation\.)/.test(
    code,
  ) ||
  [
    'pregnant',
    'pregnancy.trimester',
    'breastfeeding',
    'clinicallySignificant',
    'treatment.refractory',
  ].includes(code);

describe('carryForward', () => {
  it('copies every stable history group and marks each answer with the source evaluation', () => {
    const { answers, answerMeta } = carryForward(v2, female, source());
    expect(answers).toEqual({
      'criteria.urge': true,
      'criteria.rest': true,
      'criteria.movementRelief': true,
      'criteria.eveningWorse': true,
      'criteria.notMimic': false,
      mimics: ['leg-cramps'],
      course: 'chronic-persistent',
      onsetAge: 42,
      familyHistory: true,
      'meds.exacerbating': ['ssri-snri'],
      'meds.dopaminergic': ['pramipexole'],
      'meds.current': [], // the last plan kept no medicine
      'meds.dopaminergicPast': ['ropinirole'],
      substances: ['caffeine'],
      ironLoss: ['blood-donation'],
      comorbidities: ['diabetes', 'osa'],
    });
    expect(Object.keys(answerMeta).sort()).toEqual(Object.keys(answers).sort());
    for (const meta of Object.values(answerMeta)) expect(meta).toEqual({ carriedFrom: 'e-first' });
  });

  it('never carries a measurement: labs, IRLS, symptoms, sleep, exam, imaging, pregnancy, breastfeeding', () => {
    const { answers } = carryForward(v2, female, source());
    expect(Object.keys(answers).filter(MEASURED)).toEqual([]);
    // Every code of the definition is either carried, derived from the plan, or measured.
    const stable = new Set<string>([
      ...CARRIED_CODES,
      'meds.current',
      'ironTherapy.prior',
      'ironTherapy.route',
      'ironTherapy.date',
    ]);
    expect(
      listItems(v2)
        .filter((i) => !stable.has(i.code) && !MEASURED(i.code))
        .map((i) => i.code),
    ).toEqual([]);
  });

  it('derives meds.current from the medicine options of the last plan, in option order', () => {
    const plan = {
      ...emptyPlan(),
      selected: ['rls.pregabalin', 'lifestyle.exercise', 'continue.benzodiazepine', 'rls.opioid'],
    };
    expect(carryForward(v2, female, source({ plan })).answers['meds.current']).toEqual([
      'pregabalin',
      'opioid',
      'benzodiazepine',
    ]);
    // gabapentin, its ESRD dose and continuing it are one medicine
    const gaba = { ...emptyPlan(), selected: ['rls.gabapentin-esrd', 'continue.gabapentin-enacarbil'] };
    expect(carryForward(v2, female, source({ plan: gaba })).answers['meds.current']).toEqual([
      'gabapentin',
      'gabapentin-enacarbil',
    ]);
  });

  it('leaves meds.current unanswered when neither the last plan nor the last visit had it', () => {
    const { 'meds.current': _, ...withoutCurrent } = FIRST;
    expect(carryForward(v2, female, source({ answers: withoutCurrent })).answers).not.toHaveProperty(
      'meds.current',
    );
  });

  it('a dopaminergic agent the plan started joins meds.dopaminergic', () => {
    const plan = { ...emptyPlan(), selected: ['rls.dopaminergic.rotigotine'] };
    expect(carryForward(v2, female, source({ plan })).answers['meds.dopaminergic']).toEqual([
      'pramipexole',
      'rotigotine',
    ]);
  });

  it.each([
    ['oral iron', ['iron.oral-ferrous-sulfate'], 'oral'],
    ['continued oral iron', ['continue.iron-oral'], 'oral'],
    ['IV iron', ['iron.iv-fcm'], 'iv'],
    ['IV and oral iron', ['iron.oral-ferrous-sulfate', 'iron.iv-ferumoxytol'], 'iv'],
  ])('%s in the last plan → prior iron therapy on the sign date', (_label, selected, route) => {
    const { answers, answerMeta } = carryForward(v2, female, source({ plan: { ...emptyPlan(), selected } }));
    expect(answers).toMatchObject({
      'ironTherapy.prior': true,
      'ironTherapy.route': route,
      'ironTherapy.date': '2026-01-07',
    });
    expect(answerMeta['ironTherapy.date']).toEqual({ carriedFrom: 'e-first' });
  });

  it('without iron in the last plan the earlier iron history is copied', () => {
    const answers = {
      ...FIRST,
      'ironTherapy.prior': true,
      'ironTherapy.route': 'iv',
      'ironTherapy.date': '2025-03-01',
    };
    expect(carryForward(v2, female, source({ answers })).answers).toMatchObject({
      'ironTherapy.prior': true,
      'ironTherapy.route': 'iv',
      'ironTherapy.date': '2025-03-01',
    });
    expect(carryForward(v2, female, source()).answers).not.toHaveProperty('ironTherapy.prior');
  });

  it('keeps only codes that exist in the new version and are enabled for the patient', () => {
    // Version 1 has no mimics and no meds.current.
    const plan = { ...emptyPlan(), selected: ['rls.gabapentin'] };
    const { answers } = carryForward(v1, female, source({ plan }));
    expect(answers).not.toHaveProperty('mimics');
    expect(answers).not.toHaveProperty('meds.current');
    expect(answers['course']).toBe('chronic-persistent');
    // A route without prior iron therapy would be disabled: it is not carried alone.
    const orphan = { ...FIRST, 'ironTherapy.prior': false, 'ironTherapy.route': 'iv' };
    expect(carryForward(v2, male, source({ answers: orphan })).answers).not.toHaveProperty(
      'ironTherapy.route',
    );
  });

  it('drops a value the new version does not accept', () => {
    const answers = { ...FIRST, course: 'occasional', substances: ['caffeine', 'cannabis'] };
    const carried = carryForward(v2, female, source({ answers })).answers;
    expect(carried).not.toHaveProperty('course');
    expect(carried).not.toHaveProperty('substances');
  });

  it('a save of the same value confirms a carried answer; unconfirmedCarried lists the rest', () => {
    const { answers, answerMeta } = carryForward(v2, female, source());
    expect(unconfirmedCarried(v2, answers, answerMeta)).toContain('familyHistory');
    const saved = applyAnswers({
      workup: v2,
      patient: female,
      answers,
      answerMeta,
      incoming: { familyHistory: true },
    });
    if (!saved.ok) throw new Error('rejected');
    expect(saved.changes).toEqual([]); // the value is the same …
    expect(saved.answerMeta['familyHistory']).toBeUndefined(); // … but the mark is gone
    const left = unconfirmedCarried(v2, saved.answers, saved.answerMeta);
    expect(left).not.toContain('familyHistory');
    expect(left).toHaveLength(Object.keys(answers).length - 1);
  });
});

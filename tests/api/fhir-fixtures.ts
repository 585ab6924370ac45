// Fixtures of the FHIR API tests: an evaluation with something in every part the export maps (labs in
// other units, a not-done lab, bilateral exam, duplex, ABI/TBI, IRLS, notes, a plan with a course).
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { expect } from 'vitest';
import type { EvaluationView } from '../../server/src/features/evaluations/model';
import { CRITERIA_MET, type ApiClient, type ApiResponse } from './helpers';

export const FULL_ANSWERS = {
  ...CRITERIA_MET,
  course: 'chronic-persistent',
  clinicallySignificant: true,
  'irls.total': 24,
  onsetAge: 40,
  'meds.exacerbating': [],
  substances: ['caffeine'],
  pregnant: false,
  'exam.vibration.left': 'reduced',
  'exam.vibration.right': 'normal',
  'exam.edema.right': true,
  'exam.ceap.left': 'C2',
  'exam.ceapSymptomatic.left': 'symptomatic',
  'labs.drawDate': '2026-06-01',
  'lab.ferritin': { value: 40, unit: 'ug/L' },
  'lab.iron': 60,
  'lab.tibc': 300,
  'lab.hemoglobin': { value: 115, unit: 'g/L' },
  'lab.egfr': 85,
  'duplex.performed': true,
  'duplex.refluxMs.gsv.left': 1200,
  'duplex.perfDiameterMm.right': 3.8,
  'duplex.dvt': true,
  'duplex.thrombosisTypes': ['chronic-post-thrombotic'],
  'abi.left': 0.85,
  'abi.right': 1.1,
  'tbi.left': 0.6,
  'notes.history': 'Symptoms for five years <worse in summer>.',
  'notes.labs': 'Fasting morning sample.',
};

export const FULL_PLAN = {
  selected: ['rls.gabapentin', 'iron.oral-ferrous-sulfate'],
  medications: [
    { id: 'rls.gabapentin', dose: 300, unit: 'mg', frequency: 'at-night', startDate: '2026-06-10' },
  ],
  custom: ['Sleep hygiene leaflet'],
  followUpDate: '2026-09-01',
  reviewed: true,
};

/** Saves `body` with the evaluation's current version as If-Match; expects 200. */
export async function save(
  api: ApiClient,
  evaluation: { id: string; version: number },
  body: unknown,
): Promise<EvaluationView> {
  const res = await api.patch<EvaluationView>(`/api/evaluations/${evaluation.id}`, body, {
    headers: { 'If-Match': `"${evaluation.version}"` },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** Fills an evaluation with FULL_ANSWERS (TSH marked not done) and FULL_PLAN. */
export async function fillFully(api: ApiClient, evaluation: EvaluationView): Promise<EvaluationView> {
  const answered = await save(api, evaluation, {
    answers: FULL_ANSWERS,
    notDone: { 'lab.tsh': 'Not requested by the referrer' },
  });
  return save(api, answered, { plan: FULL_PLAN });
}

/** A GET of a FHIR resource: the parsed body and its headers. */
export async function getFhir<T = Bundle>(api: ApiClient, url: string): Promise<ApiResponse<T>> {
  const res = await api.get<string>(url, { headers: { accept: 'application/fhir+json' } });
  const body = typeof res.body === 'string' ? (JSON.parse(res.body) as T) : (res.body as T);
  return { ...res, body };
}

export function resources<T extends Resource['resourceType']>(
  bundle: Bundle,
  type: T,
): Extract<Resource, { resourceType: T }>[] {
  return (bundle.entry ?? [])
    .map((e: BundleEntry) => e.resource)
    .filter((r): r is Extract<Resource, { resourceType: T }> => r?.resourceType === type);
}

/** Every `reference` string anywhere in `value`. */
export function referencesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => referencesIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else referencesIn(v, out);
    }
  }
  return out;
}

/** The resource a reference of `bundle` points at (by fullUrl). */
export function resolve(bundle: Bundle, reference: string | undefined): Resource | undefined {
  return bundle.entry?.find((e) => e.fullUrl === reference)?.resource;
}

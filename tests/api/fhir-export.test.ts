// GET /api/evaluations/:id/fhir and …/versions/:version/fhir: every evaluation leaves as a FHIR R4
// document Bundle that two real validators accept (fhir-validator.ts), whose references all resolve
// inside it, and whose resources carry what docs/fhir.md maps.
import type { Bundle, MedicationRequest, Observation, QuestionnaireResponse } from '@medplum/fhirtypes';
import { CURRENT_WORKUP_VERSION } from '@rls/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import type { EvaluationView } from '../../server/src/features/evaluations/model';
import { flushReadAudit } from '../../server/src/features/audit/read-buffer';
import { fhirProblems, warmUpValidator } from './fhir-validator';
import { fillFully, getFhir, referencesIn, resolve, resources, save } from './fhir-fixtures';
import {
  createPatient,
  loginAs,
  startEvaluationOf,
  startTestServer,
  type ApiClient,
  type TestServer,
} from './helpers';

const clock = new ManualClock('2026-06-10T09:00:00.000Z');
let server: TestServer;
let api: ApiClient;
let patientId: string;
let draft: EvaluationView;
let bundle: Bundle;
let headers: Headers;

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

function observation(b: Bundle, code: string, side?: 'left' | 'right'): Observation {
  const found = resources(b, 'Observation').filter(
    (o) =>
      o.code.coding?.some((c) => c.code === code) &&
      (side === undefined || o.bodySite?.text === `${side} lower limb`),
  );
  expect(found, `${code} ${side ?? ''}`).toHaveLength(1);
  return found[0]!;
}

// Loading the validators takes seconds of CPU: before the server starts, with time of its own.
beforeAll(() => warmUpValidator(), 60_000);

beforeAll(async () => {
  server = await startTestServer({ clock });
  api = await loginAs(server, { username: 'fhirdoc', role: 'clinician', name: 'Dr Fhir' });
  patientId = await createPatient(api, {
    mrn: 'FHIR-0001',
    name: 'Ada Example',
    birthDate: '1970-05-05',
    sex: 'female',
  });
  draft = await fillFully(api, await startEvaluationOf<EvaluationView>(api, patientId));
  const res = await getFhir(api, `/api/evaluations/${draft.id}/fhir`);
  expect(res.status).toBe(200);
  bundle = res.body;
  headers = res.headers;
}, 30_000);
afterAll(() => server.close());

describe('the validator itself', () => {
  it('refuses a broken resource, so these tests can fail', () => {
    expect(
      fhirProblems({ resourceType: 'Observation', status: 'done' as 'final', code: { text: 'x' } }),
    ).not.toEqual([]);
    const broken = structuredClone(bundle);
    const lab = broken.entry!.find((e) => e.resource?.resourceType === 'Observation')!
      .resource as Observation;
    (lab as unknown as Record<string, unknown>).valueQuantity = { value: '11.5' };
    expect(fhirProblems(broken).join('\n')).toMatch(/valueQuantity|value\[x\]|value/);
    expect(fhirProblems({ ...bundle, identifier: undefined }).join('\n')).toMatch(/bdl-9/);
  });
});

describe('GET /api/evaluations/:id/fhir', () => {
  it('is a valid FHIR R4 document Bundle, downloaded under a name without PHI', () => {
    expect(fhirProblems(bundle)).toEqual([]);
    expect(headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(headers.get('content-disposition')).toBe(`attachment; filename="rls-evaluation-${draft.id}.json"`);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(bundle.type).toBe('document');
    expect(bundle.entry![0]!.resource!.resourceType).toBe('Composition');
  });

  it('resolves every reference inside the Bundle, each fullUrl once', () => {
    const fullUrls = bundle.entry!.map((e) => e.fullUrl);
    expect(new Set(fullUrls).size).toBe(fullUrls.length);
    for (const url of fullUrls) expect(url).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const refs = referencesIn(bundle.entry!.map((e) => e.resource));
    expect(refs.length).toBeGreaterThan(50);
    for (const r of refs) expect(fullUrls, r).toContain(r);
    // Every resource but the Composition is reachable from it (sections, then their references).
    const reached = new Set<string>();
    const walk = (url: string) => {
      if (reached.has(url)) return;
      reached.add(url);
      for (const r of referencesIn(resolve(bundle, url))) walk(r);
    };
    walk(bundle.entry![0]!.fullUrl!);
    expect([...reached].sort()).toEqual([...fullUrls].sort());
  });

  it('is the same document when downloaded twice (stable ids)', async () => {
    const again = await getFhir(api, `/api/evaluations/${draft.id}/fhir`);
    expect(again.body).toEqual(bundle);
  });

  it('names the patient by MRN, sex and birth date; the clinician and the visit', () => {
    const [patient] = resources(bundle, 'Patient');
    expect(patient!.identifier).toEqual([
      {
        use: 'usual',
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
              code: 'MR',
              display: 'Medical record number',
            },
          ],
        },
        system: 'https://rls-workup.org/fhir/sid/mrn',
        value: 'FHIR-0001',
      },
    ]);
    expect(patient!.gender).toBe('female');
    expect(patient!.birthDate).toBe('1970-05-05');
    expect(patient!.name).toEqual([{ text: 'Ada Example' }]);
    const [practitioner] = resources(bundle, 'Practitioner');
    expect(practitioner!.name).toEqual([{ text: 'Dr Fhir' }]);
    const [encounter] = resources(bundle, 'Encounter');
    expect(encounter!.status).toBe('in-progress');
    expect(encounter!.period?.start).toBe(draft.startedAt);
    expect(resolve(bundle, encounter!.subject?.reference)).toBe(patient);
    const composition = bundle.entry![0]!.resource as { status: string; author: { reference: string }[] };
    expect(composition.status).toBe('preliminary');
    expect(resolve(bundle, composition.author[0]!.reference)).toBe(practitioner);
  });

  it('holds the answers as a QuestionnaireResponse of the published Questionnaire', async () => {
    const [response] = resources(bundle, 'QuestionnaireResponse');
    const questionnaire = (await getFhir<{ url: string; version: string }>(api, '/api/workflow/fhir')).body;
    expect(response!.questionnaire).toBe(`${questionnaire.url}|${questionnaire.version}`);
    expect(questionnaire.version).toBe(String(CURRENT_WORKUP_VERSION));
    expect(response!.status).toBe('in-progress');
    const byLinkId = new Map<string, NonNullable<QuestionnaireResponse['item']>[number]>();
    const walk = (items: QuestionnaireResponse['item']) =>
      items?.forEach((i) => {
        byLinkId.set(i.linkId, i);
        walk(i.item);
      });
    walk(response!.item);
    expect(byLinkId.get('criteria.urge')?.answer).toEqual([{ valueBoolean: true }]);
    expect(byLinkId.get('irls.total')?.answer).toEqual([{ valueInteger: 24 }]);
    expect(byLinkId.get('exam.ceap.left')?.answer?.[0]?.valueCoding).toMatchObject({ code: 'C2' });
    expect(byLinkId.get('lab.ferritin')?.answer).toEqual([{ valueDecimal: 40 }]);
    // "None" ticked: the exclusive none option.
    expect(byLinkId.get('meds.exacerbating')?.answer?.map((a) => a.valueCoding?.code)).toEqual(['none']);
    expect(byLinkId.get('substances')?.answer?.map((a) => a.valueCoding?.code)).toEqual(['caffeine']);
    // Not done: no answer, a data-absent-reason.
    expect(byLinkId.get('lab.tsh')).toMatchObject({
      extension: [{ valueCode: 'not-performed' }],
    });
    expect(byLinkId.get('lab.tsh')?.answer).toBeUndefined();
    expect(byLinkId.has('lab.mcv')).toBe(false);
    expect([...byLinkId.keys()].filter((k) => k.startsWith('stage:'))).toEqual([
      'stage:history',
      'stage:exam',
      'stage:labs',
      'stage:imaging',
    ]);
  });

  it('exports labs as laboratory Observations: LOINC, canonical UCUM quantity, range, interpretation', () => {
    const ferritin = observation(bundle, '2276-4');
    expect(ferritin.category?.[0]?.coding?.[0]?.code).toBe('laboratory');
    expect(ferritin.code.coding).toEqual([{ system: LOINC, code: '2276-4', display: 'Ferritin' }]);
    // Entered as 40 µg/L: stored and exported in ng/mL (the same number).
    expect(ferritin.valueQuantity).toEqual({ value: 40, unit: 'ng/mL', system: UCUM, code: 'ng/mL' });
    expect(ferritin.effectiveDateTime).toBe('2026-06-01');
    expect(ferritin.referenceRange?.[0]).toMatchObject({ low: { value: 24 }, high: { value: 336 } });
    expect(ferritin.interpretation?.[0]?.coding?.[0]?.code).toBe('N');
    expect(ferritin.status).toBe('preliminary');
    const hb = observation(bundle, '718-7');
    expect(hb.valueQuantity).toMatchObject({ value: 11.5, code: 'g/dL', system: UCUM });
    expect(hb.interpretation?.[0]?.coding?.[0]?.code).toBe('L');
    expect(hb.note).toEqual([{ text: 'Entered as 115 g/L' }]);
    expect(observation(bundle, '98979-8').valueQuantity?.code).toBe('mL/min/{1.73_m2}');
  });

  it('marks a lab not done with a data-absent reason and the clinician’s reason', () => {
    const tsh = observation(bundle, '3016-3');
    expect(tsh.valueQuantity).toBeUndefined();
    expect(tsh.dataAbsentReason).toMatchObject({
      coding: [{ code: 'not-performed' }],
      text: 'Not requested by the referrer',
    });
    expect(tsh.interpretation).toBeUndefined();
  });

  it('exports exam and imaging findings with body site and laterality, in ms, mm and unitless', () => {
    const left = observation(bundle, 'exam.vibration', 'left');
    expect(left.category?.[0]?.coding?.[0]?.code).toBe('exam');
    expect(left.bodySite?.coding?.[0]?.code).toBe('32153003');
    expect(left.valueCodeableConcept?.coding?.[0]).toMatchObject({ code: 'reduced' });
    expect(observation(bundle, 'exam.vibration', 'right').bodySite?.coding?.[0]?.code).toBe('62175007');
    expect(observation(bundle, 'exam.edema', 'right').valueBoolean).toBe(true);

    const reflux = observation(bundle, 'duplex.refluxMs.gsv', 'left');
    expect(reflux.category?.[0]?.coding?.[0]?.code).toBe('imaging');
    expect(reflux.valueQuantity).toEqual({ value: 1200, unit: 'ms', system: UCUM, code: 'ms' });
    expect(observation(bundle, 'duplex.perfDiameterMm', 'right').valueQuantity).toMatchObject({
      value: 3.8,
      code: 'mm',
    });
    const abi = observation(bundle, 'abi', 'left');
    expect(abi.valueQuantity).toEqual({ value: 0.85, system: UCUM, code: '1' });
    expect(abi.referenceRange?.[0]).toMatchObject({ low: { value: 1 }, high: { value: 1.4 } });
    expect(observation(bundle, 'tbi', 'left').valueQuantity).toEqual({ value: 0.6, system: UCUM, code: '1' });
    expect(observation(bundle, 'duplex.thrombosisTypes').valueCodeableConcept?.coding?.[0]?.code).toBe(
      'chronic-post-thrombotic',
    );
    const irls = observation(bundle, 'irls.total');
    expect(irls.category?.[0]?.coding?.[0]?.code).toBe('survey');
    expect(irls.valueInteger).toBe(24);
    expect(resolve(bundle, irls.derivedFrom?.[0]?.reference)?.resourceType).toBe('QuestionnaireResponse');
  });

  it('groups the labs and the duplex/ABI study in DiagnosticReports, with the stage note', () => {
    const reports = resources(bundle, 'DiagnosticReport');
    const lab = reports.find((r) => r.category?.[0]?.coding?.[0]?.code === 'LAB')!;
    const labCodes = lab.result!.map(
      (r) => (resolve(bundle, r.reference) as Observation).code.coding?.[0]?.code,
    );
    expect(labCodes.sort()).toEqual(['2276-4', '2498-4', '2500-7', '3016-3', '718-7', '98979-8'].sort());
    expect(lab.conclusion).toBe('Fasting morning sample.');
    expect(lab.effectiveDateTime).toBe('2026-06-01');
    const vascular = reports.find((r) => r.category?.[0]?.coding?.[0]?.code === 'VUS')!;
    const studied = vascular.result!.map((r) => resolve(bundle, r.reference) as Observation);
    expect(studied.every((o) => o.category?.[0]?.coding?.[0]?.code === 'imaging')).toBe(true);
    expect(studied.map((o) => o.code.coding?.[0]?.code)).toEqual(
      expect.arrayContaining(['duplex.refluxMs.gsv', 'abi', 'tbi']),
    );
  });

  it('states RLS as a Condition (SNOMED CT, ICD-10-CM) with its evidence when the criteria are met', () => {
    const [condition] = resources(bundle, 'Condition');
    expect(condition!.code?.coding).toEqual([
      expect.objectContaining({ system: 'http://snomed.info/sct', code: '32914008' }),
      expect.objectContaining({ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'G25.81' }),
    ]);
    expect(condition!.verificationStatus?.coding?.[0]?.code).toBe('provisional');
    const evidence = condition!.evidence![0]!.detail!.map((d) => resolve(bundle, d.reference)?.resourceType);
    expect(evidence).toEqual(['QuestionnaireResponse', 'Observation']);
    expect(condition!.note?.map((n) => n.text)).toContain('Clinical course: Chronic-persistent.');
    expect(condition!.onsetAge).toMatchObject({ value: 40, code: 'a' });
  });

  it('exports the plan as a CarePlan, with a MedicationRequest for the medicine given a course', () => {
    const [plan] = resources(bundle, 'CarePlan');
    expect(plan!.status).toBe('draft');
    const activities = plan!.activity!;
    const request = resolve(bundle, activities[0]!.reference?.reference) as MedicationRequest;
    expect(request.resourceType).toBe('MedicationRequest');
    expect(request.medicationCodeableConcept?.coding?.[0]?.code).toBe('rls.gabapentin');
    expect(request.dosageInstruction?.[0]).toMatchObject({
      text: 'Gabapentin 300 mg at night, from 2026-06-10',
      timing: {
        repeat: {
          frequency: 1,
          period: 1,
          periodUnit: 'd',
          when: ['HS'],
          boundsPeriod: { start: '2026-06-10' },
        },
      },
      doseAndRate: [{ doseQuantity: { value: 300, code: 'mg', system: UCUM } }],
    });
    expect(activities[1]!.detail?.code?.coding?.[0]?.code).toBe('iron.oral-ferrous-sulfate');
    expect(activities.map((a) => a.detail?.description)).toContain('Sleep hygiene leaflet');
    expect(activities.at(-1)!.detail).toMatchObject({
      status: 'scheduled',
      scheduledPeriod: { start: '2026-09-01' },
    });
    expect(resolve(bundle, plan!.addresses?.[0]?.reference)?.resourceType).toBe('Condition');
  });

  it('is audited as a read of the evaluation (no PHI in the audit detail)', async () => {
    await flushReadAudit(server.ctx);
    const rows = await server.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'patient_id', 'detail'])
      .where('entity_id', '=', draft.id)
      .where('action', '=', 'evaluation.read')
      .execute();
    expect(rows.map((r) => JSON.parse(r.detail ?? '{}') as unknown)).toContainEqual({ view: 'fhir' });
    expect(rows[0]!.patient_id).toBe(patientId);
  });

  it('answers 404 for an unknown evaluation', async () => {
    const res = await api.get('/api/evaluations/00000000-0000-0000-0000-000000000000/fhir');
    expect(res.status).toBe(404);
  });

  it('leaves out the Condition while the criteria are not met', async () => {
    const other = await startEvaluationOf<EvaluationView>(api, await createPatient(api, { sex: 'male' }));
    await save(api, other, { answers: { 'criteria.urge': false, 'lab.ferritin': 120 } });
    const res = await getFhir(api, `/api/evaluations/${other.id}/fhir`);
    expect(fhirProblems(res.body)).toEqual([]);
    expect(resources(res.body, 'Condition')).toEqual([]);
    expect(resources(res.body, 'CarePlan')).toEqual([]);
    expect(resources(res.body, 'Patient')[0]!.gender).toBe('male');
  });
});

describe('a signed version', () => {
  let signed: EvaluationView;

  beforeAll(async () => {
    clock.advance(60_000);
    const res = await api.post<EvaluationView>(
      `/api/evaluations/${draft.id}/sign`,
      {},
      {
        headers: { 'If-Match': `"${draft.version}"` },
      },
    );
    expect(res.status).toBe(200);
    signed = res.body;
    // Amend it and change the ferritin: the signed version must not change.
    const amend = await api.post<EvaluationView>(`/api/evaluations/${draft.id}/amendments`, {
      reason: 'Lab corrected',
    });
    expect(amend.status).toBe(201);
    await save(api, amend.body, { answers: { 'lab.ferritin': 90 } });
  });

  it('exports exactly as signed, final and attested by the signer', async () => {
    const res = await getFhir(api, `/api/evaluations/${draft.id}/versions/${signed.version}/fhir`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="rls-evaluation-${draft.id}-v${signed.version}.json"`,
    );
    const version = res.body;
    expect(fhirProblems(version)).toEqual([]);
    expect(observation(version, '2276-4').valueQuantity?.value).toBe(40);
    expect(observation(version, '2276-4').status).toBe('final');
    const composition = version.entry![0]!.resource as {
      status: string;
      attester: { mode: string; time: string; party: { reference: string } }[];
    };
    expect(composition.status).toBe('final');
    expect(composition.attester[0]).toMatchObject({ mode: 'legal', time: signed.signedAt });
    expect(resolve(version, composition.attester[0]!.party.reference)?.resourceType).toBe('Practitioner');
    expect(resources(version, 'Encounter')[0]!.status).toBe('finished');
    expect(resources(version, 'QuestionnaireResponse')[0]!.status).toBe('completed');
    expect(resources(version, 'Condition')[0]!.verificationStatus?.coding?.[0]?.code).toBe('confirmed');
    expect(resources(version, 'CarePlan')[0]!.status).toBe('active');
    for (const o of resources(version, 'Observation')) expect(o.status).toBe('final');
  });

  it('while the live export shows the amendment in progress', async () => {
    const live = (await getFhir(api, `/api/evaluations/${draft.id}/fhir`)).body;
    expect(fhirProblems(live)).toEqual([]);
    expect(observation(live, '2276-4').valueQuantity?.value).toBe(90);
    expect((live.entry![0]!.resource as { status: string }).status).toBe('preliminary');
  });

  it('answers 404 for a version that was not signed', async () => {
    for (const v of ['1', String(signed.version + 1), 'x', '-1']) {
      const res = await api.get(`/api/evaluations/${draft.id}/versions/${v}/fhir`);
      expect(res.status, v).toBe(404);
    }
  });
});

// POST /api/evaluations/:id/labs/import: lab results from a FHIR Bundle of Observations or a CSV fill the
// labs stage by LOINC code with the definition's unit conversions, all or nothing like any save; what
// cannot be read exactly is skipped with its reason, never guessed.
import type { Bundle, Observation } from '@medplum/fhirtypes';
import type { LabImportResult } from '@rls/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock';
import type { EvaluationView } from '../../server/src/features/evaluations/model';
import { fillFully, getFhir, save } from './fhir-fixtures';
import {
  createPatient,
  loginAs,
  startEvaluationOf,
  startTestServer,
  type ApiClient,
  type ErrorBody,
  type TestServer,
} from './helpers';

const clock = new ManualClock('2026-06-10T09:00:00.000Z');
let server: TestServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ clock });
  api = await loginAs(server, { username: 'labdoc', role: 'clinician' });
});
afterAll(() => server.close());

async function freshDraft(): Promise<EvaluationView> {
  return startEvaluationOf<EvaluationView>(api, await createPatient(api));
}

let mrnSeq = 0;

/** A draft of a new patient whose MRN and birth date the test knows. */
async function draftOfKnownPatient(birthDate = '1970-05-05') {
  mrnSeq += 1;
  const mrn = `LI-${process.pid}-${mrnSeq}`;
  const patientId = await createPatient(api, { mrn, birthDate });
  return { mrn, birthDate, patientId, draft: await startEvaluationOf<EvaluationView>(api, patientId) };
}

const UCUM = 'http://unitsofmeasure.org';

function lab(
  loinc: string,
  value: number,
  code: string,
  extra: Partial<Observation> & Record<string, unknown> = {},
): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' },
        ],
      },
    ],
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    valueQuantity: { value, unit: code, system: UCUM, code },
    ...extra,
  };
}

const asBundle = (...resources: object[]): Bundle =>
  ({
    resourceType: 'Bundle',
    type: 'collection',
    entry: resources.map((resource) => ({ resource })),
  }) as Bundle;

function importUrl(id: string, preview = false) {
  return `/api/evaluations/${id}/labs/import${preview ? '?preview=true' : ''}`;
}

async function importFhir(
  evaluation: { id: string },
  body: unknown,
  opts: { ifMatch?: string; preview?: boolean } = {},
) {
  return api.request<LabImportResult>('POST', importUrl(evaluation.id, opts.preview), undefined, {
    raw: JSON.stringify(body),
    headers: {
      'content-type': 'application/fhir+json',
      ...(opts.ifMatch ? { 'If-Match': opts.ifMatch } : {}),
    },
  });
}

async function importCsv(
  evaluation: { id: string },
  csv: string,
  opts: { ifMatch?: string; preview?: boolean } = {},
) {
  return api.request<LabImportResult>('POST', importUrl(evaluation.id, opts.preview), undefined, {
    raw: csv,
    headers: { 'content-type': 'text/csv', ...(opts.ifMatch ? { 'If-Match': opts.ifMatch } : {}) },
  });
}

async function current(id: string): Promise<EvaluationView> {
  return (await api.get<EvaluationView>(`/api/evaluations/${id}`)).body;
}

describe('a FHIR Bundle of Observations', () => {
  const bundle = asBundle(
    { resourceType: 'Patient', gender: 'female' }, // 1: not an Observation: ignored
    lab('2276-4', 35, 'ug/L', { effectiveDateTime: '2026-05-30T08:15:00Z' }), // 2
    lab('718-7', 118, 'g/L'), // 3
    lab('2502-3', 15, '%'), // 4
    lab('2345-7', 95, 'mg/dL'), // 5: glucose (serum) is no item of the workup
    lab('2498-4', 11, 'mmol/L'), // 6: iron in mmol/L is not a unit the definition knows
    lab('2132-9', 150, 'pg/mL', {
      valueQuantity: { value: 150, comparator: '<', system: UCUM, code: 'pg/mL' },
    }), // 7
    lab('19123-9', 2, 'mg/dL', { status: 'preliminary' }), // 8
    lab('2160-0', 80, 'umol/L'), // 9
    lab('718-7', 11.8, 'g/dL', {
      category: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'exam' }] },
      ],
    }), // 10: not a laboratory result
    lab('2276-4', 35, 'ng/mL'), // 11: the same ferritin again
  );

  it('previews what it would fill and skip, and writes nothing', async () => {
    const draft = await freshDraft();
    const res = await importFhir(draft, bundle, { preview: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get('etag')).toBeNull();
    expect(res.body.applied).toBe(false);
    expect(res.body.evaluation).toBeUndefined();
    // Its Patient entry carries no identifier or birth date: nothing says whose results these are.
    expect(res.body.patientMatch).toBe('not-stated');
    expect(res.body.filled.map((f) => f.code)).toEqual([
      'lab.ferritin',
      'lab.tsat',
      'lab.hemoglobin',
      'lab.creatinine',
    ]);
    expect(res.body.filled[0]).toEqual({
      code: 'lab.ferritin',
      loinc: '2276-4',
      value: 35,
      unit: 'ng/mL',
      entered: { value: 35, unit: 'ug/L' },
      previous: null,
      effective: '2026-05-30',
    });
    expect(res.body.filled[2]).toMatchObject({
      value: 11.8,
      unit: 'g/dL',
      entered: { value: 118, unit: 'g/L' },
    });
    expect(res.body.filled[3]!.value).toBeCloseTo(80 / 88.4, 10);
    expect(res.body.skipped.map((s) => [s.row, s.loinc, s.reason])).toEqual([
      [5, '2345-7', 'unknown-code'],
      [6, '2498-4', 'unknown-unit'],
      [7, '2132-9', 'not-a-number'],
      [8, '19123-9', 'not-a-result'],
      [10, '718-7', 'not-a-result'],
      [11, '2276-4', 'duplicate'],
    ]);
    expect(res.body.skipped[1]!.message).toBe(
      'Unit "mmol/L" is not known for Serum iron (accepted: ug/dL, umol/L)',
    );
    const after = await current(draft.id);
    expect(after.version).toBe(draft.version);
    expect(after.answers).toEqual({});
  });

  it('applies all of it in one save with If-Match: converted, recorded as entered, audited', async () => {
    const draft = await freshDraft();
    expect((await importFhir(draft, bundle)).status).toBe(428);
    const res = await importFhir(draft, bundle, { ifMatch: `"${draft.version}"` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.applied).toBe(true);
    const saved = res.body.evaluation!;
    expect(saved.version).toBe(draft.version + 1);
    expect(res.headers.get('etag')).toBe(`"${saved.version}"`);
    expect(saved.answers).toMatchObject({ 'lab.ferritin': 35, 'lab.tsat': 15, 'lab.hemoglobin': 11.8 });
    expect(saved.answerMeta['lab.hemoglobin']).toEqual({ value: 118, unit: 'g/L' });
    expect(saved.answers['lab.iron']).toBeUndefined();
    expect(saved.answers['lab.b12']).toBeUndefined();
    expect(saved.answers['lab.magnesium']).toBeUndefined();
    // The findings follow, as after any save: ferritin 35 → iron treatment.
    expect(saved.assessment.findings.map((f) => f.code)).toContain('iron.treat');
    expect(await current(draft.id)).toEqual(saved);

    const history = (
      await api.get<{ version: number; changes: { code: string }[] }[]>(
        `/api/evaluations/${draft.id}/history`,
      )
    ).body;
    expect(history.at(-1)!.changes.map((c) => c.code)).toEqual([
      'lab.ferritin',
      'lab.tsat',
      'lab.hemoglobin',
      'lab.creatinine',
    ]);
    const audit = await server.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'category', 'detail', 'after_version'])
      .where('entity_id', '=', draft.id)
      .where('action', '=', 'evaluation.update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.category).toBe('labs');
    expect(audit[0]!.after_version).toBe(saved.version);
    expect(JSON.parse(audit[0]!.detail!)).toEqual({
      source: 'lab-import',
      format: 'fhir',
      filled: 4,
      skipped: 6,
    });
  });

  it('takes a single Observation sent as application/json', async () => {
    const draft = await freshDraft();
    const res = await api.post<LabImportResult>(importUrl(draft.id), lab('4548-4', 48, 'mmol/mol'), {
      headers: { 'If-Match': `"${draft.version}"` },
    });
    expect(res.status).toBe(200);
    expect(res.body.filled[0]!.code).toBe('lab.hba1c');
    expect(res.body.filled[0]!.value).toBeCloseTo(48 / 10.929 + 2.15, 10);
  });

  it('skips both of two different results for one test, and imports the rest', async () => {
    const draft = await freshDraft();
    const res = await importFhir(
      draft,
      asBundle(lab('2276-4', 30, 'ng/mL'), lab('2276-4', 60, 'ng/mL'), lab('787-2', 88, 'fL')),
      { ifMatch: `"${draft.version}"` },
    );
    expect(res.status).toBe(200);
    expect(res.body.filled.map((f) => f.code)).toEqual(['lab.mcv']);
    expect(res.body.skipped.map((s) => [s.row, s.reason])).toEqual([
      [1, 'duplicate'],
      [2, 'duplicate'],
    ]);
    expect(res.body.skipped[0]!.message).toMatch(/2 different results \(rows 1, 2\)/);
    expect(res.body.evaluation!.answers['lab.ferritin']).toBeUndefined();
  });
});

describe('a CSV', () => {
  const csv =
    '\uFEFFLOINC,Value,Unit,Date\r\n' +
    '2276-4,22,ng/mL,2026-05-02\r\n' + // 1
    '718-7,7.1,mmol/L,2026-05-02\r\n' + // 2: × 1.611
    '1558-6,5.5,mmol/l,\r\n' + // 3: litre written l (UCUM has both)
    '4548-4,48,mmol/mol,\r\n' + // 4
    '9999-9,1,mg/dL,\r\n' + // 5: unknown code
    '2498-4,abc,ug/dL,\r\n' + // 6: not a number
    '2500-7,-5,ug/dL,\r\n' + // 7: below 0
    '787-2,90,fL,2026-13-01\r\n' + // 8: not a date
    '\r\n' + // 9: blank
    '"3016-3","2.5","m[IU]/L",\r\n'; // 10: quoted

  it('fills the labs with converted units and lists the skipped rows with their reasons', async () => {
    const draft = await freshDraft();
    const before = await save(api, draft, { answers: { 'lab.ferritin': 40 } });
    const preview = await importCsv(before, csv, { preview: true });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.applied).toBe(false);
    expect(preview.body.patientMatch).toBe('not-stated'); // a CSV names no patient
    const res = await importCsv(before, csv, { ifMatch: `"${before.version}"` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.patientMatch).toBe('not-stated');
    expect(res.body.filled).toEqual(preview.body.filled);
    const byCode = Object.fromEntries(res.body.filled.map((f) => [f.code, f]));
    expect(byCode['lab.ferritin']).toMatchObject({ value: 22, previous: 40, effective: '2026-05-02' });
    expect(byCode['lab.hemoglobin']!.value).toBeCloseTo(7.1 * 1.611, 10);
    expect(byCode['lab.glucoseFasting']).toMatchObject({
      unit: 'mg/dL',
      entered: { value: 5.5, unit: 'mmol/l' },
    });
    expect(byCode['lab.glucoseFasting']!.value).toBeCloseTo(5.5 * 18.016, 10);
    expect(byCode['lab.hba1c']!.value).toBeCloseTo(48 / 10.929 + 2.15, 10);
    expect(byCode['lab.tsh']).toMatchObject({ value: 2.5, unit: 'm[IU]/L' });
    expect(res.body.skipped.map((s) => [s.row, s.loinc, s.reason])).toEqual([
      [5, '9999-9', 'unknown-code'],
      [6, '2498-4', 'not-a-number'],
      [7, '2500-7', 'out-of-range'],
      [8, '787-2', 'not-a-result'],
    ]);
    expect(res.body.evaluation!.answers['lab.ferritin']).toBe(22);
    expect(res.body.evaluation!.answerMeta['lab.glucoseFasting']).toEqual({ value: 5.5, unit: 'mmol/L' });
    // The same file again changes nothing: no new version, as a save of the same values.
    const saved = res.body.evaluation!;
    const again = await importCsv(saved, csv, { ifMatch: `"${saved.version}"` });
    expect(again.status).toBe(200);
    expect(again.body.evaluation!.version).toBe(saved.version);
    expect(again.body.filled.find((f) => f.code === 'lab.ferritin')!.previous).toBe(22);
  });

  it('clears the not-done mark of a lab a result now fills', async () => {
    const draft = await freshDraft();
    const marked = await save(api, draft, { notDone: { 'lab.tsh': 'Not requested' } });
    const res = await importCsv(marked, 'loinc,value,unit\n3016-3,1.2,m[IU]/L\n', {
      ifMatch: `"${marked.version}"`,
    });
    expect(res.status).toBe(200);
    expect(res.body.evaluation!.answers['lab.tsh']).toBe(1.2);
    expect(res.body.evaluation!.answerMeta['lab.tsh']).toBeUndefined();
  });

  it('refuses a CSV without its header, naming it, and changes nothing', async () => {
    const draft = await freshDraft();
    const res = await importCsv(draft, '2276-4,22,ng/mL\n', { ifMatch: `"${draft.version}"` });
    expect(res.status).toBe(422);
    const error = (res.body as unknown as ErrorBody).error;
    expect(error.code).toBe('invalid');
    expect(error.details!.items![0]!.code).toBe('(header)');
    expect((await current(draft.id)).version).toBe(draft.version);
  });
});

describe('refusals', () => {
  it('is 422 nothing_to_import, with the skipped rows, when no row can be filled', async () => {
    const draft = await freshDraft();
    const res = await importCsv(draft, 'loinc,value,unit\n2276-4,lots,ng/mL\n9999-9,1,mg/dL\n', {
      ifMatch: `"${draft.version}"`,
    });
    expect(res.status).toBe(422);
    const error = (res.body as unknown as ErrorBody).error;
    expect(error.code).toBe('nothing_to_import');
    expect(error.details!.skipped).toEqual([
      expect.objectContaining({ row: 1, reason: 'not-a-number' }),
      expect.objectContaining({ row: 2, reason: 'unknown-code' }),
    ]);
    expect((await current(draft.id)).version).toBe(draft.version);
  });

  it('is 409 on a signed evaluation, preview or not', async () => {
    const draft = await fillFully(api, await freshDraft());
    const signed = await api.post<EvaluationView>(
      `/api/evaluations/${draft.id}/sign`,
      {},
      {
        headers: { 'If-Match': `"${draft.version}"` },
      },
    );
    expect(signed.status).toBe(200);
    const body = 'loinc,value,unit\n2276-4,22,ng/mL\n';
    for (const preview of [true, false]) {
      const res = await importCsv(signed.body, body, { preview, ifMatch: `"${signed.body.version}"` });
      expect(res.status, `preview ${preview}`).toBe(409);
      expect((res.body as unknown as ErrorBody).error.code).toBe('signed');
    }
  });

  it('is 412 with a stale If-Match, and stores nothing', async () => {
    const draft = await freshDraft();
    const moved = await save(api, draft, { answers: { 'lab.mcv': 85 } });
    const res = await importCsv(draft, 'loinc,value,unit\n2276-4,22,ng/mL\n', {
      ifMatch: `"${draft.version}"`,
    });
    expect(res.status).toBe(412);
    expect((res.body as unknown as ErrorBody).error.details!.current).toMatchObject({
      version: moved.version,
    });
    expect((await current(draft.id)).answers['lab.ferritin']).toBeUndefined();
  });

  it('is 404 for an unknown evaluation, 415 for another media type, 413 above 1 MB, 422 for another resource', async () => {
    const missing = { id: '00000000-0000-0000-0000-000000000000' };
    expect((await importCsv(missing, 'loinc,value,unit\n', { preview: true })).status).toBe(404);
    const draft = await freshDraft();
    const plain = await api.request('POST', importUrl(draft.id), undefined, {
      raw: 'loinc,value,unit',
      headers: { 'content-type': 'text/plain', 'If-Match': '*' },
    });
    expect(plain.status).toBe(415);
    const big = `loinc,value,unit\n${'2276-4,22,ng/mL\n'.repeat(70_000)}`;
    expect((await importCsv(draft, big, { ifMatch: '*' })).status).toBe(413);
    const patient = await importFhir(draft, { resourceType: 'Patient' }, { ifMatch: '*' });
    expect(patient.status).toBe(422);
    expect((patient.body as unknown as ErrorBody).error.details!.items![0]!.code).toBe('resourceType');
    const preview = await api.post(`${importUrl(draft.id)}?preview=maybe`, asBundle());
    expect(preview.status).toBe(422);
    expect((await current(draft.id)).version).toBe(draft.version);
  });
});

describe('whose results', () => {
  const MR = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] };

  /** A Bundle of a ferritin and a haemoglobin whose subject is a Patient entry with these details. */
  function labsOf(patient: Record<string, unknown>): object {
    const subject = { reference: 'urn:uuid:11111111-1111-4111-8111-111111111111' };
    return {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: subject.reference, resource: { resourceType: 'Patient', ...patient } },
        { resource: lab('2276-4', 35, 'ng/mL', { subject }) },
        { resource: lab('718-7', 12.5, 'g/dL', { subject }) },
      ],
    };
  }

  /** Preview and apply are both refused with 422 wrong_patient, and the evaluation is as it was. */
  async function expectRefused(draft: EvaluationView, body: unknown, field: string, hidden: string[]) {
    const before = await api.get<EvaluationView>(`/api/evaluations/${draft.id}`);
    for (const preview of [true, false]) {
      const res = await importFhir(draft, body, { preview, ifMatch: `"${draft.version}"` });
      expect(res.status, `preview ${preview}: ${JSON.stringify(res.body)}`).toBe(422);
      expect(res.headers.get('etag')).toBeNull();
      const error = (res.body as unknown as ErrorBody).error;
      expect(error.code).toBe('wrong_patient');
      expect(error.details).toMatchObject({ field });
      expect(error.message).toContain(field);
      expect(error.message).toMatch(/different patient|not this patient/);
      for (const text of hidden) expect(error.message).not.toContain(text);
    }
    const after = await api.get<EvaluationView>(`/api/evaluations/${draft.id}`);
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
    expect(after.body.version).toBe(draft.version);
    expect(after.body.answers).toEqual(before.body.answers);
  }

  it('refuses a Bundle whose Patient has another MRN, preview and apply, changing nothing', async () => {
    const { draft: seeded } = await draftOfKnownPatient();
    const draft = await save(api, seeded, { answers: { 'lab.ferritin': 80 } });
    const other = `OTHER-${process.pid}`;
    await expectRefused(
      draft,
      labsOf({ identifier: [{ type: MR, value: other }], name: [{ text: 'Someone Else' }] }),
      'Patient.identifier',
      [other, 'Someone Else'],
    );
    expect((await current(draft.id)).answers['lab.ferritin']).toBe(80);
  });

  it('refuses a Bundle with the right MRN but another birth date', async () => {
    const { mrn, draft } = await draftOfKnownPatient('1970-05-05');
    await expectRefused(
      draft,
      labsOf({ identifier: [{ type: MR, value: mrn }], birthDate: '1980-01-02' }),
      'Patient.birthDate',
      ['1980-01-02'],
    );
  });

  it('refuses an Observation whose logical subject is another MRN', async () => {
    const { draft } = await draftOfKnownPatient();
    const other = lab('2276-4', 35, 'ng/mL', { subject: { identifier: { value: `X-${process.pid}` } } });
    await expectRefused(draft, other, 'Observation.subject.identifier', [`X-${process.pid}`]);
  });

  it("imports a Bundle that names the patient's MRN and birth date, saying it matched", async () => {
    const { mrn, birthDate, draft } = await draftOfKnownPatient();
    const body = labsOf({ identifier: [{ type: MR, value: mrn }], birthDate });
    const preview = await importFhir(draft, body, { preview: true });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.patientMatch).toBe('matched');
    const res = await importFhir(draft, body, { ifMatch: `"${draft.version}"` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.patientMatch).toBe('matched');
    expect(res.body.evaluation!.answers).toMatchObject({ 'lab.ferritin': 35, 'lab.hemoglobin': 12.5 });
  });

  it('imports Observations without a subject, saying whose they are was not stated', async () => {
    const { draft } = await draftOfKnownPatient();
    const res = await importFhir(draft, asBundle(lab('2276-4', 35, 'ng/mL')), {
      ifMatch: `"${draft.version}"`,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.patientMatch).toBe('not-stated');
    expect(res.body.evaluation!.answers['lab.ferritin']).toBe(35);
  });
});

describe('round trip', () => {
  it("imports the labs of a patient's exported signed evaluation into their next one, matched", async () => {
    const { patientId, draft: first } = await draftOfKnownPatient();
    const filled = await fillFully(api, first);
    const signed = await api.post<EvaluationView>(
      `/api/evaluations/${filled.id}/sign`,
      {},
      {
        headers: { 'If-Match': `"${filled.version}"` },
      },
    );
    expect(signed.status).toBe(200);
    const source = signed.body;
    const exported = (await getFhir(api, `/api/evaluations/${source.id}/versions/${source.version}/fhir`))
      .body;
    const target = await startEvaluationOf<EvaluationView>(api, patientId);
    const res = await importFhir(target, exported, { ifMatch: `"${target.version}"` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.patientMatch).toBe('matched');
    const labs = (answers: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(answers).filter(([code]) => code.startsWith('lab.')));
    expect(labs(res.body.evaluation!.answers)).toEqual(labs(source.answers));
    expect(Object.keys(labs(source.answers)).length).toBeGreaterThanOrEqual(5);
    // Exam, imaging and survey Observations are not lab results; the not-done TSH has no value.
    expect(res.body.skipped.length).toBe(15);
    const reasons = new Set(res.body.skipped.map((s) => s.reason));
    expect([...reasons]).toEqual(['not-a-result']);
    expect(res.body.skipped.find((s) => s.loinc === '3016-3')?.message).toMatch(/No value/);

    // The same export is another patient's results for anyone else: refused, nothing stored.
    const stranger = await freshDraft();
    const wrong = await importFhir(stranger, exported, { ifMatch: `"${stranger.version}"` });
    expect(wrong.status).toBe(422);
    expect((wrong.body as unknown as ErrorBody).error).toMatchObject({
      code: 'wrong_patient',
      details: { field: 'Patient.identifier' },
    });
    expect((await current(stranger.id)).version).toBe(stranger.version);
  });
});

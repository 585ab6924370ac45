import { getItem, getWorkup } from '@rls/shared';
import { describe, expect, it } from 'vitest';
import {
  matchPatient,
  MAX_IMPORT_ROWS,
  parseLabCsv,
  parseLabFhir,
  planLabImport,
  resolveUnit,
  type ImportRow,
  type PatientClaim,
} from './lab-import';

const workup = getWorkup();
const item = (code: string) => getItem(workup, code)!;

function rowsOf(parsed: ReturnType<typeof parseLabCsv>): ImportRow[] {
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.items));
  return parsed.rows;
}

describe('parseLabCsv', () => {
  it('reads the header in any order and case, a BOM, CRLF, quotes and extra columns', () => {
    const rows = rowsOf(
      parseLabCsv(
        '\uFEFFName,UNIT,value,LOINC\r\n"Ferritin, serum",ng/mL,22,2276-4\r\n"x ""y""",fL,9e1,787-2',
      ),
    );
    expect(rows).toEqual([
      { row: 1, loinc: '2276-4', value: 22, unit: 'ng/mL' },
      { row: 2, loinc: '787-2', value: 90, unit: 'fL' },
    ]);
  });

  it('numbers rows from the line after the header, blank lines included', () => {
    const rows = rowsOf(parseLabCsv('loinc,value,unit\n\n2276-4,1,ng/mL\n\n'));
    expect(rows.map((r) => r.row)).toEqual([2]);
  });

  it('refuses what it cannot read as a whole, naming it', () => {
    expect(parseLabCsv('')).toMatchObject({ ok: false, items: [{ code: '(body)' }] });
    const noUnit = parseLabCsv('loinc,value\n2276-4,1');
    expect(noUnit.ok).toBe(false);
    expect(!noUnit.ok && noUnit.items[0]).toMatchObject({ code: '(header)' });
    expect(!noUnit.ok && noUnit.items[0]!.reason).toContain('unit');
    expect(parseLabCsv('loinc,value,unit,unit\n')).toMatchObject({
      ok: false,
      items: [{ code: '(header).unit' }],
    });
    expect(parseLabCsv('loinc,value,unit\n"2276-4,1,ng/mL')).toMatchObject({ ok: false });
    expect(parseLabCsv('loinc,value,unit\n2276-4,1\u0000,ng/mL')).toMatchObject({ ok: false });
    const many = `loinc,value,unit\n${'2276-4,1,ng/mL\n'.repeat(MAX_IMPORT_ROWS + 1)}`;
    expect(parseLabCsv(many)).toMatchObject({ ok: false, items: [{ code: '(body)' }] });
  });

  it('takes only plain decimal numbers and full dates', () => {
    const rows = rowsOf(
      parseLabCsv(
        'loinc,value,unit,date\n' +
          '2276-4,1.5e1,ng/mL,2026-05-02T07:30:00Z\n' +
          '2276-4,"1,5",ng/mL,\n' +
          '2276-4,<5,ng/mL,\n' +
          '2276-4,Infinity,ng/mL,\n' +
          '2276-4,0x10,ng/mL,\n' +
          '2276-4,,ng/mL,\n' +
          '2276-4,5,ng/mL,2026-05\n',
      ),
    );
    expect(rows[0]).toMatchObject({ value: 15, effective: '2026-05-02' });
    expect(rows.slice(1, 6).map((r) => r.skip?.reason)).toEqual(Array(5).fill('not-a-number'));
    expect(rows[6]!.skip?.reason).toBe('not-a-result');
    expect(rows[6]!.skip?.message).toContain('2026-05');
  });
});

describe('parseLabFhir', () => {
  const obs = (extra: Record<string, unknown>) => ({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '2276-4' }] },
    valueQuantity: { value: 30, system: 'http://unitsofmeasure.org', code: 'ng/mL' },
    ...extra,
  });

  it('reads Observations of a Bundle by entry index, ignoring other resources', () => {
    const parsed = parseLabFhir(
      {
        resourceType: 'Bundle',
        entry: [{ resource: { resourceType: 'Patient' } }, { resource: obs({}) }, {}, 7],
      },
      workup,
    );
    expect(parsed).toEqual({
      ok: true,
      format: 'fhir',
      rows: [{ row: 2, loinc: '2276-4', value: 30, unit: 'ng/mL' }],
      patient: [],
    });
  });

  it('prefers the LOINC coding the workup knows, the UCUM code over the unit text, the effective date', () => {
    const parsed = parseLabFhir(
      obs({
        code: {
          coding: [
            { system: 'http://loinc.org', code: '24373-3' },
            { system: 'http://loinc.org', code: '2276-4' },
          ],
        },
        valueQuantity: { value: 30, unit: 'µg/L', system: 'http://unitsofmeasure.org', code: 'ug/L' },
        effectivePeriod: { start: '2026-05-01T10:00:00+02:00' },
      }),
      workup,
    );
    expect(parsed).toMatchObject({
      ok: true,
      rows: [{ loinc: '2276-4', unit: 'ug/L', effective: '2026-05-01' }],
    });
  });

  it('marks what is not a final laboratory quantity', () => {
    const reasons = [
      obs({ status: 'preliminary' }),
      obs({ status: undefined }),
      obs({ category: [{ coding: [{ code: 'vital-signs' }] }] }),
      obs({ valueQuantity: undefined, dataAbsentReason: { text: 'haemolysed' } }),
      obs({ valueQuantity: undefined, valueString: '30' }),
      obs({ valueQuantity: { value: 30, comparator: '>', code: 'ng/mL' } }),
      obs({ valueQuantity: { value: '30', code: 'ng/mL' } }),
    ].map((o) => {
      const parsed = parseLabFhir(o, workup);
      return parsed.ok ? parsed.rows[0]!.skip?.reason : 'refused';
    });
    expect(reasons).toEqual([
      'not-a-result',
      'not-a-result',
      'not-a-result',
      'not-a-result',
      'not-a-number',
      'not-a-number',
      'not-a-number',
    ]);
  });

  it('refuses what is no Bundle or Observation, naming the field', () => {
    expect(parseLabFhir(null, workup)).toMatchObject({ ok: false, items: [{ code: '(body)' }] });
    expect(parseLabFhir([], workup)).toMatchObject({ ok: false, items: [{ code: '(body)' }] });
    expect(parseLabFhir({ resourceType: 'Patient' }, workup)).toMatchObject({
      ok: false,
      items: [{ code: 'resourceType' }],
    });
    expect(parseLabFhir({ resourceType: 'Bundle', entry: {} }, workup)).toMatchObject({
      ok: false,
      items: [{ code: 'entry' }],
    });
  });
});

describe('whose results a FHIR input says these are', () => {
  const MR = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] };
  const SS = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'SS' }] };
  const patient = { mrn: 'MRN-1', birthDate: '1970-05-05' };
  const obs = (extra: Record<string, unknown> = {}) => ({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '2276-4' }] },
    valueQuantity: { value: 30, system: 'http://unitsofmeasure.org', code: 'ng/mL' },
    ...extra,
  });
  const bundle = (...entry: object[]) => ({ resourceType: 'Bundle', type: 'collection', entry });
  function claimsOf(body: unknown): PatientClaim[] {
    const parsed = parseLabFhir(body, workup);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.items));
    return parsed.patient;
  }
  const match = (body: unknown) => matchPatient(claimsOf(body), patient);

  it('collects MRNs of Patient entries and logical subjects, birth dates, and non-patient subjects', () => {
    const claims = claimsOf(
      bundle(
        {
          fullUrl: 'urn:uuid:p',
          resource: {
            resourceType: 'Patient',
            identifier: [
              { type: MR, system: 'urn:oid:1.2.3', value: ' MRN-1 ' },
              { system: 'https://rls-workup.org/fhir/sid/mrn', type: SS, value: 'MRN-1' },
              { type: SS, value: '123-45-6789' }, // another kind of identifier: not an MRN
              { value: '' },
              { system: 'urn:x' }, // no value
            ],
            birthDate: '1970-05',
          },
        },
        { fullUrl: 'urn:uuid:g', resource: { resourceType: 'Group' } },
        { resource: obs({ subject: { reference: 'urn:uuid:p' } }) },
        { resource: obs({ subject: { identifier: { value: 'MRN-1' } } }) },
        { resource: obs({ subject: { reference: 'urn:uuid:g' } }) },
        { resource: obs({ subject: { reference: 'https://lab.example/fhir/Device/7/_history/2' } }) },
        { resource: obs({ subject: { type: 'http://hl7.org/fhir/StructureDefinition/Patient' } }) },
        {
          resource: obs({
            contained: [{ resourceType: 'Patient', id: 'c', identifier: [{ value: 'MRN-1' }] }],
            subject: { reference: '#c' },
          }),
        },
      ),
    );
    expect(claims).toEqual([
      { entry: 1, kind: 'mrn', field: 'Patient.identifier', value: 'MRN-1' },
      { entry: 1, kind: 'mrn', field: 'Patient.identifier', value: 'MRN-1' },
      { entry: 1, kind: 'birthDate', field: 'Patient.birthDate', value: '1970-05' },
      { entry: 4, kind: 'mrn', field: 'Observation.subject.identifier', value: 'MRN-1' },
      { entry: 5, kind: 'not-a-patient', field: 'Observation.subject', value: 'Group' },
      { entry: 6, kind: 'not-a-patient', field: 'Observation.subject', value: 'Device' },
      { entry: 8, kind: 'mrn', field: 'Patient.identifier', value: 'MRN-1' },
    ]);
    expect(matchPatient(claims, patient)).toEqual({
      ok: false,
      field: 'Observation.subject',
      entry: 5,
      message:
        "Observation.subject (entry 5): the results are not this patient's: their subject is not a " +
        'patient (Group).',
    });
  });

  it("is matched when every MRN stated is the patient's, not-stated when none is", () => {
    expect(
      match(
        bundle(
          { resource: { resourceType: 'Patient', identifier: [{ type: MR, value: 'MRN-1' }] } },
          { resource: obs({ subject: { reference: 'Patient/x' } }) },
        ),
      ),
    ).toEqual({ ok: true, patientMatch: 'matched' });
    expect(match(obs({ subject: { identifier: { value: 'MRN-1' } } }))).toEqual({
      ok: true,
      patientMatch: 'matched',
    });
    // No subject, a subject the import cannot check, a Patient with no MRN: nothing is stated.
    expect(match(bundle({ resource: obs() }))).toEqual({ ok: true, patientMatch: 'not-stated' });
    expect(match(obs({ subject: { reference: 'Patient/123', display: 'Someone' } }))).toEqual({
      ok: true,
      patientMatch: 'not-stated',
    });
    expect(
      match(bundle({ resource: { resourceType: 'Patient', identifier: [{ type: SS, value: '9' }] } })),
    ).toEqual({ ok: true, patientMatch: 'not-stated' });
    const csv = parseLabCsv('loinc,value,unit\n2276-4,1,ng/mL');
    expect(csv).toMatchObject({ ok: true, patient: [] });
    expect(matchPatient([], patient)).toEqual({ ok: true, patientMatch: 'not-stated' });
  });

  it('refuses another MRN anywhere, naming the field and never the other patient', () => {
    const other = match(
      bundle(
        { resource: obs() },
        {
          resource: {
            resourceType: 'Patient',
            identifier: [
              { type: MR, value: 'MRN-1' },
              { value: 'MRN-2' }, // untyped: taken as an MRN
            ],
            name: [{ text: 'Other Person' }],
          },
        },
      ),
    );
    expect(other).toMatchObject({ ok: false, field: 'Patient.identifier', entry: 2 });
    const message = !other.ok ? other.message : '';
    expect(message).toMatch(/^Patient\.identifier \(entry 2\): .*different patient/);
    expect(message).not.toMatch(/MRN-2|Other Person/);
    expect(match(obs({ subject: { identifier: { value: 'mrn-1' } } }))).toMatchObject({
      ok: false,
      field: 'Observation.subject.identifier',
    });
  });

  it('refuses another birth date; a partial one must be the start of the patient’s', () => {
    const born = (birthDate: string) =>
      match(bundle({ resource: { resourceType: 'Patient', birthDate } }, { resource: obs() }));
    expect(born('1970-05-05')).toEqual({ ok: true, patientMatch: 'not-stated' });
    expect(born('1970')).toMatchObject({ ok: true });
    expect(born('1970-05')).toMatchObject({ ok: true });
    expect(born('1970-05-06')).toMatchObject({ ok: false, field: 'Patient.birthDate', entry: 1 });
    expect(born('1971')).toMatchObject({ ok: false, field: 'Patient.birthDate' });
    for (const birthDate of ['1970-02-30', '1970-0', '1970-13', 19700505]) {
      const unreadable = parseLabFhir(bundle({ resource: { resourceType: 'Patient', birthDate } }), workup);
      expect(unreadable, String(birthDate)).toMatchObject({
        ok: false,
        items: [{ code: 'Patient.birthDate' }],
      });
    }
    expect(parseLabFhir(obs({ subject: 'Patient/1' }), workup)).toMatchObject({
      ok: false,
      items: [{ code: 'Observation.subject' }],
    });
  });
});

describe('resolveUnit', () => {
  it('accepts exact UCUM, litre as l, µ as u and the printed label, nothing else', () => {
    expect(resolveUnit(item('lab.ferritin'), 'ug/L')).toBe('ug/L');
    expect(resolveUnit(item('lab.ferritin'), 'µg/L')).toBe('ug/L');
    expect(resolveUnit(item('lab.ferritin'), 'ng/ml')).toBe('ng/mL');
    expect(resolveUnit(item('lab.glucoseFasting'), 'mmol/l')).toBe('mmol/L');
    expect(resolveUnit(item('lab.creatinine'), 'mg/dl')).toBe('mg/dL');
    expect(resolveUnit(item('lab.tsh'), 'mIU/L')).toBe('m[IU]/L');
    expect(resolveUnit(item('lab.egfr'), 'mL/min/1.73 m²')).toBe('mL/min/{1.73_m2}');
    expect(resolveUnit(item('lab.hba1c'), 'mmol/mol')).toBe('mmol/mol');
    expect(resolveUnit(item('lab.ferritin'), 'mg/L')).toBeUndefined();
    expect(resolveUnit(item('lab.hemoglobin'), 'G/L')).toBeUndefined();
    expect(resolveUnit(item('lab.ferritin'), 'NG/ML')).toBeUndefined();
    expect(resolveUnit(item('lab.hemoglobin'), '')).toBeUndefined();
  });
});

describe('planLabImport', () => {
  const row = (r: Partial<ImportRow>): ImportRow => ({
    row: 1,
    loinc: '2276-4',
    value: 30,
    unit: 'ng/mL',
    ...r,
  });

  it('converts to the canonical unit with the save’s own check, keeping what arrived', () => {
    const plan = planLabImport(workup, { answers: { 'lab.hemoglobin': 12 }, answerMeta: {} }, [
      row({ loinc: '718-7', value: 7, unit: 'mmol/l' }),
    ]);
    expect(plan.filled).toEqual([
      {
        code: 'lab.hemoglobin',
        loinc: '718-7',
        value: 7 * 1.611,
        unit: 'g/dL',
        entered: { value: 7, unit: 'mmol/l' },
        previous: 12,
      },
    ]);
    expect(plan.answers).toEqual({ 'lab.hemoglobin': { value: 7, unit: 'mmol/L' } });
  });

  it('skips out-of-range values, unknown codes and units, and conflicting duplicates, never guessing', () => {
    const plan = planLabImport(workup, { answers: {}, answerMeta: { 'lab.tsh': { notDone: 'x' } } }, [
      row({ row: 1, value: 200000 }),
      row({ row: 2, loinc: '1234-5' }),
      row({ row: 3, loinc: 'abc' }),
      row({ row: 4, loinc: null, name: 'Ferritin' }),
      row({ row: 5, loinc: '2498-4', unit: 'mg/dL' }),
      row({ row: 6, loinc: '2498-4', unit: undefined }),
      row({ row: 7, loinc: '787-2', value: 90, unit: 'fL' }),
      row({ row: 8, loinc: '787-2', value: 91, unit: 'fL' }),
      row({ row: 9, loinc: '3016-3', value: 2, unit: 'm[IU]/L' }),
      row({ row: 10, loinc: '3016-3', value: 2, unit: 'm[IU]/L' }),
      row({ row: 11, loinc: '1558-6', value: -1, unit: 'mmol/L' }),
    ]);
    expect(plan.skipped.map((s) => [s.row, s.reason])).toEqual([
      [1, 'out-of-range'],
      [2, 'unknown-code'],
      [3, 'unknown-code'],
      [4, 'unknown-code'],
      [5, 'unknown-unit'],
      [6, 'unknown-unit'],
      [7, 'duplicate'],
      [8, 'duplicate'],
      [10, 'duplicate'],
      [11, 'out-of-range'],
    ]);
    expect(plan.skipped[0]!.message).toBe('Ferritin 200000 ng/mL: must be between 0 and 100000 ng/mL');
    expect(plan.skipped[3]!.message).toBe('No LOINC code (Ferritin)');
    expect(plan.filled.map((f) => f.code)).toEqual(['lab.tsh']);
    expect(plan.clearNotDone).toEqual(['lab.tsh']);
  });
});

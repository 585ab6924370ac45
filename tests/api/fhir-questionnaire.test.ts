// GET /api/workflow/fhir[?version=N]: the workup definition as a FHIR R4 Questionnaire whose linkIds are
// exactly the definition's item codes, valid for two real validators (fhir-validator.ts).
import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';
import { CURRENT_WORKUP_VERSION, getWorkup, listItems, WORKUP_VERSIONS } from '@rls/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirProblems, warmUpValidator } from './fhir-validator';
import { getFhir } from './fhir-fixtures';
import { loginAs, startTestServer, type ApiClient, type TestServer } from './helpers';

let server: TestServer;
let clinician: ApiClient;
let admin: ApiClient;

// Loading the validators takes seconds of CPU: before the server starts, with time of its own.
beforeAll(() => warmUpValidator(), 60_000);

beforeAll(async () => {
  server = await startTestServer();
  clinician = await loginAs(server, { username: 'qdoc', role: 'clinician' });
  admin = await loginAs(server, { username: 'qadmin', role: 'admin' });
});
afterAll(() => server.close());

function questions(
  items: QuestionnaireItem[] | undefined,
  out: QuestionnaireItem[] = [],
): QuestionnaireItem[] {
  for (const item of items ?? []) {
    if (item.type !== 'group' && item.type !== 'display') out.push(item);
    questions(item.item, out);
  }
  return out;
}

function ext(item: QuestionnaireItem, name: string) {
  return item.extension?.find((e) => e.url.endsWith(`/${name}`));
}

describe('GET /api/workflow/fhir', () => {
  it('is a valid R4 Questionnaire with a canonical url and the definition version', async () => {
    const res = await getFhir<Questionnaire>(clinician, '/api/workflow/fhir');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const q = res.body;
    expect(fhirProblems(q)).toEqual([]);
    expect(q.url).toBe('https://rls-workup.org/fhir/Questionnaire/rls-workup');
    expect(q.version).toBe(String(CURRENT_WORKUP_VERSION));
    expect(q.status).toBe('active');
    // Administrators may read it too (it holds no PHI), as GET /api/workflow.
    expect((await getFhir(admin, '/api/workflow/fhir')).status).toBe(200);
  });

  for (const version of WORKUP_VERSIONS) {
    it(`version ${version}: one question per item, linkId = item code, in walk order, groups for stages`, async () => {
      const q = (await getFhir<Questionnaire>(clinician, `/api/workflow/fhir?version=${version}`)).body;
      expect(fhirProblems(q)).toEqual([]);
      expect(q.version).toBe(String(version));
      expect(q.status).toBe(version === CURRENT_WORKUP_VERSION ? 'active' : 'retired');
      const workup = getWorkup(version);
      expect(q.item!.map((i) => [i.linkId, i.type, i.text])).toEqual(
        workup.stages.map((s) => [`stage:${s.id}`, 'group', s.label]),
      );
      const asked = questions(q.item);
      expect(asked.map((i) => i.linkId)).toEqual(listItems(workup).map((i) => i.code));
      const linkIds = [...asked.map((i) => i.linkId)];
      expect(new Set(linkIds).size).toBe(linkIds.length);
    });
  }

  it('gives types, options, units, ranges and LOINC codes from the definition', async () => {
    const q = (await getFhir<Questionnaire>(clinician, '/api/workflow/fhir')).body;
    const byId = new Map(questions(q.item).map((i) => [i.linkId, i]));
    const workup = getWorkup();
    const TYPES = {
      boolean: 'boolean',
      choice: 'choice',
      multi: 'choice',
      integer: 'integer',
      number: 'decimal',
      date: 'date',
      text: 'text',
    };
    for (const item of listItems(workup)) {
      const question = byId.get(item.code)!;
      expect(question.type, item.code).toBe(TYPES[item.type]);
      const options = question.answerOption?.map((o) => o.valueCoding?.code);
      const expected = item.options?.map((o) => o.code);
      expect(options, item.code).toEqual(item.type === 'multi' ? [...expected!, 'none'] : expected);
      expect(question.repeats ?? false, item.code).toBe(item.type === 'multi');
      const unit = ext(question, 'questionnaire-unit')?.valueCoding;
      expect(unit?.code, item.code).toBe(item.unit);
      if (unit) expect(unit.system).toBe('http://unitsofmeasure.org');
      const min = ext(question, 'minValue');
      expect(min?.valueDecimal ?? min?.valueInteger, item.code).toBe(item.range?.min);
      const max = ext(question, 'maxValue');
      expect(max?.valueDecimal ?? max?.valueInteger, item.code).toBe(item.range?.max);
      if (item.loinc) {
        expect(question.code, item.code).toEqual([
          { system: 'http://loinc.org', code: item.loinc, display: item.label },
        ]);
      } else {
        expect(question.code, item.code).toBeUndefined();
      }
      expect(question.required ?? false, item.code).toBe(item.requiredForSign === true);
    }
    expect(byId.get('lab.hemoglobin')?.code?.[0]?.code).toBe('718-7');
    expect(byId.get('notes.labs')?.maxLength).toBe(2000);
    // The exclusive "none" of a list.
    const none = byId.get('comorbidities')!.answerOption!.at(-1)!;
    expect(none.valueCoding?.code).toBe('none');
    expect(ext(none as QuestionnaireItem, 'questionnaire-optionExclusive')?.valueBoolean).toBe(true);
  });

  it('says enableWhen in FHIR where it can, and in FHIRPath on the patient where it cannot', async () => {
    const q = (await getFhir<Questionnaire>(clinician, '/api/workflow/fhir')).body;
    const byId = new Map(questions(q.item).map((i) => [i.linkId, i]));
    expect(byId.get('duplex.refluxMs.gsv.left')?.enableWhen).toEqual([
      { question: 'duplex.performed', operator: '=', answerBoolean: true },
    ]);
    expect(byId.get('exam.ceapSymptomatic.right')?.enableWhen).toEqual([
      { question: 'exam.ceap.right', operator: 'exists', answerBoolean: true },
    ]);
    const pregnant = byId.get('pregnant')!;
    expect(pregnant.enableWhen).toBeUndefined();
    expect(ext(pregnant, 'sdc-questionnaire-enableWhenExpression')?.valueExpression).toEqual({
      language: 'text/fhirpath',
      expression: "%patient.gender != 'male'",
    });
    expect(
      ext(byId.get('augmentation.features')!, 'sdc-questionnaire-enableWhenExpression')?.valueExpression
        ?.expression,
    ).toContain("linkId = 'meds.dopaminergic'");
    // Every question an enableWhen names exists.
    for (const item of byId.values()) {
      for (const when of item.enableWhen ?? []) expect(byId.has(when.question), when.question).toBe(true);
    }
  });

  it('does not reproduce the licensed IRLS item text', async () => {
    const q = (await getFhir<Questionnaire>(clinician, '/api/workflow/fhir')).body;
    const byId = new Map(questions(q.item).map((i) => [i.linkId, i]));
    for (let n = 1; n <= 10; n++) {
      const item = byId.get(`irls.item${n}`)!;
      expect(item.text).toBe(`IRLS item ${n}`);
      expect(item.answerOption).toBeUndefined();
    }
    expect(q.copyright).toMatch(/not reproduced/);
  });

  it('answers 404 for an unknown version and 422 for a malformed one', async () => {
    expect((await clinician.get('/api/workflow/fhir?version=99')).status).toBe(404);
    const bad = await clinician.get<{ error: { details: { items: { code: string }[] } } }>(
      '/api/workflow/fhir?version=abc',
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.items[0]!.code).toBe('version');
  });
});

import type { QuestionnaireItem } from '@medplum/fhirtypes';
import type { EnableWhen, WorkupDefinition } from '@rls/shared';
import { describe, expect, it } from 'vitest';
import { stableUuid } from './codes';
import { buildQuestionnaire, conditionExpression } from './questionnaire';

/** A small definition whose last item carries `cond`. */
function definition(cond: EnableWhen): WorkupDefinition {
  return {
    id: 'test',
    version: 1,
    title: 'Test',
    stages: [
      {
        id: 'history',
        label: 'History',
        groups: [
          {
            id: 'g',
            label: 'G',
            layout: 'list',
            items: [
              { code: 'flag', label: 'Flag', type: 'boolean' },
              {
                code: 'kind',
                label: 'Kind',
                type: 'choice',
                options: [
                  { code: 'a', label: 'A' },
                  { code: 'b', label: 'B' },
                ],
              },
              { code: 'list', label: 'List', type: 'multi', options: [{ code: 'x', label: 'X' }] },
              { code: 'score', label: 'Score', type: 'number', unit: 'ms', range: { min: 0, max: 10 } },
              { code: 'target', label: 'Target', type: 'text', enableWhen: cond },
            ],
          },
        ],
      },
    ],
  };
}

function target(cond: EnableWhen): QuestionnaireItem {
  return buildQuestionnaire(definition(cond)).item![0]!.item![0]!.item!.at(-1)!;
}

describe('enableWhen', () => {
  it('is plain FHIR for one comparison, for all of them, and for any of them', () => {
    expect(target({ item: 'flag', op: 'eq', value: true })).toMatchObject({
      enableWhen: [{ question: 'flag', operator: '=', answerBoolean: true }],
    });
    expect(target({ item: 'score', op: 'gt', value: 5 }).enableWhen).toEqual([
      { question: 'score', operator: '>', answerDecimal: 5 },
    ]);
    expect(target({ item: 'kind', op: 'in', value: ['a', 'b'] })).toMatchObject({
      enableBehavior: 'any',
      enableWhen: [
        { question: 'kind', operator: '=', answerCoding: { code: 'a' } },
        { question: 'kind', operator: '=', answerCoding: { code: 'b' } },
      ],
    });
    expect(
      target({
        allOf: [
          { item: 'flag', op: 'eq', value: true },
          { item: 'list', op: 'includes', value: 'x' },
        ],
      }),
    ).toMatchObject({
      enableBehavior: 'all',
      enableWhen: [{ question: 'flag' }, { question: 'list', operator: '=' }],
    });
    expect(target({ item: 'kind', op: 'unanswered' }).enableWhen).toEqual([
      { question: 'kind', operator: 'exists', answerBoolean: false },
    ]);
  });

  it('is an SDC FHIRPath expression for what FHIR cannot say', () => {
    const nested: EnableWhen = {
      allOf: [
        { item: 'kind', op: 'in', value: ['a', 'b'] },
        { patient: 'sex', op: 'ne', value: 'male' },
      ],
    };
    const item = target(nested);
    expect(item.enableWhen).toBeUndefined();
    expect(item.extension?.at(-1)).toEqual({
      url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression',
      valueExpression: {
        language: 'text/fhirpath',
        expression: conditionExpression(definition(nested), nested),
      },
    });
    expect(conditionExpression(definition(nested), nested)).toBe(
      "(%resource.repeat(item).where(linkId = 'kind').answer.value.code.where($this = 'a' or $this = 'b').exists()) and " +
        "(%patient.gender != 'male')",
    );
    expect(conditionExpression(definition(nested), { item: 'list', op: 'notEmpty' })).toBe(
      "%resource.repeat(item).where(linkId = 'list').answer.value.code.where($this != 'none').exists()",
    );
    expect(
      conditionExpression(definition(nested), { patient: 'sex', op: 'in', value: ['female', 'other'] }),
    ).toBe("%patient.gender in ('female' | 'other')");
  });
});

describe('stableUuid', () => {
  it('is a deterministic RFC 9562 version-8 UUID per input', () => {
    const id = stableUuid('a', 'b');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableUuid('a', 'b')).toBe(id);
    expect(stableUuid('ab')).not.toBe(id);
  });
});

import type {
  Coding,
  Extension,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireItemAnswerOption,
  QuestionnaireItemEnableWhen,
} from '@medplum/fhirtypes';
import {
  CURRENT_WORKUP_VERSION,
  getItem,
  listItems,
  unitLabel,
  type EnableWhen,
  type WorkupDefinition,
  type WorkupItem,
} from '@rls/shared';
import { LOINC, optionSystem, QUESTIONNAIRE_URL, UCUM } from './codes';

/**
 * The workup definition as a FHIR R4 Questionnaire (clinical-reference.md §8; docs/fhir.md). One
 * group per stage, one group per definition group inside it, one question per answerable item with
 * `linkId` = the item code (bilateral items expanded: `exam.vibration.left`). Pure.
 *
 * - LOINC codes on the lab items (the definition's `loinc`, clinical-reference.md §4).
 * - Units as `questionnaire-unit` (UCUM), ranges as `minValue` / `maxValue`, text length as `maxLength`.
 * - Choices as `answerOption` codings in a local code system per item (`optionSystem`); a `multi`
 *   item is a repeating choice with an exclusive `none` option ("None" ticked: the stored empty list).
 * - `enableWhen` where FHIR can say it (a comparison, or all / any of comparisons); conditions on the
 *   patient's sex or on a list being non-empty as an SDC `enableWhenExpression` (FHIRPath, `%patient`
 *   from the declared launch context).
 * - The IRLS items carry only their number: the licensed item text is not reproduced (§2).
 */

const EXT = 'http://hl7.org/fhir/StructureDefinition';
const SDC = 'http://hl7.org/fhir/uv/sdc/StructureDefinition';

/** The answer option of a `multi` item that stands for "none of these" (an empty list). */
export const NONE_OPTION = 'none';

const IRLS_COPYRIGHT =
  'The IRLS rating scale is © the International RLS Study Group. Its item text and response anchors are ' +
  'not reproduced: the IRLS items hold only the scores (0–4) and total (0–40) the clinician enters from ' +
  'the licensed form.';

/** `stage:<id>` and `group:<id>` (group ids such as `substances` are also item codes). */
const stageLinkId = (stage: string) => `stage:${stage}`;
const groupLinkId = (group: string) => `group:${group}`;
const helpLinkId = (code: string) => `help:${code}`;

function fhirType(item: WorkupItem): QuestionnaireItem['type'] {
  switch (item.type) {
    case 'boolean':
      return 'boolean';
    case 'choice':
    case 'multi':
      return 'choice';
    case 'integer':
      return 'integer';
    case 'number':
      return 'decimal';
    case 'date':
      return 'date';
    case 'text':
      return 'text';
  }
}

/** The coding of option `code` of `item` (its local code system, its label as display). */
export function optionCoding(item: Pick<WorkupItem, 'baseCode' | 'options'>, code: string): Coding {
  const label = code === NONE_OPTION ? 'None' : item.options?.find((o) => o.code === code)?.label;
  return { system: optionSystem(item.baseCode), code, ...(label ? { display: label } : {}) };
}

function answerOptions(item: WorkupItem): QuestionnaireItemAnswerOption[] | undefined {
  if (!item.options) return undefined;
  const options: QuestionnaireItemAnswerOption[] = item.options.map((o) => ({
    valueCoding: optionCoding(item, o.code),
  }));
  if (item.type === 'multi') {
    if (item.options.some((o) => o.code === NONE_OPTION)) {
      throw new Error(`${item.code}: an option is coded '${NONE_OPTION}', which the export reserves`);
    }
    options.push({
      valueCoding: optionCoding(item, NONE_OPTION),
      extension: [{ url: `${EXT}/questionnaire-optionExclusive`, valueBoolean: true }],
    });
  }
  return options;
}

function unitExtension(item: WorkupItem): Extension[] {
  if (!item.unit) return [];
  const display = unitLabel(item.unit);
  return [
    {
      url: `${EXT}/questionnaire-unit`,
      valueCoding: { system: UCUM, code: item.unit, ...(display ? { display } : {}) },
    },
  ];
}

function rangeExtensions(item: WorkupItem): Extension[] {
  const out: Extension[] = [];
  const { min, max } = item.range ?? {};
  const bound = (url: string, value: number): Extension =>
    item.type === 'integer' ? { url, valueInteger: value } : { url, valueDecimal: value };
  if (min !== undefined) out.push(bound(`${EXT}/minValue`, min));
  if (max !== undefined) out.push(bound(`${EXT}/maxValue`, max));
  return out;
}

// --- enableWhen ---------------------------------------------------------------------------------

type Leaf = Extract<EnableWhen, { item: string }>;

const OPERATORS: Partial<Record<Leaf['op'], QuestionnaireItemEnableWhen['operator']>> = {
  eq: '=',
  ne: '!=',
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
  includes: '=',
};

/** The `answer[x]` of an enableWhen on `target` compared with `value`. */
function answerOf(
  target: WorkupItem,
  value: string | number | boolean,
): Partial<QuestionnaireItemEnableWhen> | undefined {
  switch (target.type) {
    case 'boolean':
      return typeof value === 'boolean' ? { answerBoolean: value } : undefined;
    case 'choice':
    case 'multi':
      return typeof value === 'string' ? { answerCoding: optionCoding(target, value) } : undefined;
    case 'integer':
      return typeof value === 'number' ? { answerInteger: value } : undefined;
    case 'number':
      return typeof value === 'number' ? { answerDecimal: value } : undefined;
    case 'date':
      return typeof value === 'string' ? { answerDate: value } : undefined;
    case 'text':
      return typeof value === 'string' ? { answerString: value } : undefined;
  }
}

/** Plain FHIR enableWhen entries for one leaf, or undefined when FHIR cannot say it. */
function leafEnableWhen(
  workup: WorkupDefinition,
  cond: EnableWhen,
): { entries: QuestionnaireItemEnableWhen[]; any: boolean } | undefined {
  if (!('item' in cond)) return undefined;
  const target = getItem(workup, cond.item);
  if (!target) return undefined;
  if (cond.op === 'answered' || cond.op === 'unanswered') {
    return {
      entries: [{ question: cond.item, operator: 'exists', answerBoolean: cond.op === 'answered' }],
      any: false,
    };
  }
  if (cond.op === 'in') {
    const entries = cond.value.map((v) => {
      const answer = answerOf(target, v);
      return answer ? { question: cond.item, operator: '=' as const, ...answer } : undefined;
    });
    return entries.every((e) => e !== undefined) ? { entries, any: true } : undefined;
  }
  if (cond.op === 'notEmpty' || !('value' in cond)) return undefined;
  const operator = OPERATORS[cond.op];
  if (!operator) return undefined;
  const answer = answerOf(target, cond.value);
  return answer ? { entries: [{ question: cond.item, operator, ...answer }], any: false } : undefined;
}

type EnableWhenFields = Pick<QuestionnaireItem, 'enableWhen' | 'enableBehavior' | 'extension'>;

function plainEnableWhen(workup: WorkupDefinition, cond: EnableWhen): EnableWhenFields | undefined {
  const single = leafEnableWhen(workup, cond);
  if (single) {
    return {
      enableWhen: single.entries,
      ...(single.entries.length > 1 ? { enableBehavior: 'any' } : {}),
    };
  }
  const parts = 'allOf' in cond ? cond.allOf : 'anyOf' in cond ? cond.anyOf : undefined;
  if (!parts) return undefined;
  const leaves = parts.map((p) => leafEnableWhen(workup, p));
  const anyMode = 'anyOf' in cond;
  // `in` is an "any" of its own: it fits only inside an anyOf.
  if (leaves.some((l) => l === undefined || (l.any && !anyMode))) return undefined;
  return {
    enableWhen: leaves.flatMap((l) => l!.entries),
    enableBehavior: anyMode ? 'any' : 'all',
  };
}

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const literal = (v: string | number | boolean) => (typeof v === 'string' ? quote(v) : String(v));

/** The condition in FHIRPath over the QuestionnaireResponse (`%resource`) and `%patient`. */
export function conditionExpression(workup: WorkupDefinition, cond: EnableWhen): string {
  if ('allOf' in cond) return cond.allOf.map((c) => `(${conditionExpression(workup, c)})`).join(' and ');
  if ('anyOf' in cond) return cond.anyOf.map((c) => `(${conditionExpression(workup, c)})`).join(' or ');
  if ('patient' in cond) {
    if (cond.op === 'in') return `%patient.gender in (${cond.value.map(quote).join(' | ')})`;
    return `%patient.gender ${cond.op === 'eq' ? '=' : '!='} ${quote(cond.value)}`;
  }
  const coded = getItem(workup, cond.item)?.options !== undefined;
  const answers = `%resource.repeat(item).where(linkId = ${quote(cond.item)}).answer.value`;
  const value = coded ? `${answers}.code` : answers;
  switch (cond.op) {
    case 'answered':
      return `${answers}.exists()`;
    case 'unanswered':
      return `${answers}.empty()`;
    case 'notEmpty':
      return coded ? `${value}.where($this != ${quote(NONE_OPTION)}).exists()` : `${answers}.exists()`;
    case 'includes':
      return `${value}.where($this = ${quote(cond.value)}).exists()`;
    case 'in':
      return `${value}.where(${cond.value.map((v) => `$this = ${literal(v)}`).join(' or ')}).exists()`;
    default: {
      const op = OPERATORS[cond.op]!;
      return `${value}.where($this ${op} ${literal(cond.value)}).exists()`;
    }
  }
}

function enableWhenFields(workup: WorkupDefinition, cond: EnableWhen | undefined): EnableWhenFields {
  if (!cond) return {};
  const plain = plainEnableWhen(workup, cond);
  if (plain) return plain;
  return {
    extension: [
      {
        url: `${SDC}/sdc-questionnaire-enableWhenExpression`,
        valueExpression: { language: 'text/fhirpath', expression: conditionExpression(workup, cond) },
      },
    ],
  };
}

// --- items --------------------------------------------------------------------------------------

function questionText(item: WorkupItem): string {
  return item.side ? `${item.label} (${item.side})` : item.label;
}

function questionItem(workup: WorkupDefinition, item: WorkupItem): QuestionnaireItem {
  const when = enableWhenFields(workup, item.enableWhen);
  const extension = [...unitExtension(item), ...rangeExtensions(item), ...(when.extension ?? [])];
  const options = answerOptions(item);
  const question: QuestionnaireItem = {
    linkId: item.code,
    ...(item.loinc ? { code: [{ system: LOINC, code: item.loinc, display: item.label }] } : {}),
    text: questionText(item),
    type: fhirType(item),
    ...(extension.length > 0 ? { extension } : {}),
    ...(when.enableWhen ? { enableWhen: when.enableWhen } : {}),
    ...(when.enableBehavior ? { enableBehavior: when.enableBehavior } : {}),
    ...(item.requiredForSign ? { required: true } : {}),
    ...(item.type === 'multi' ? { repeats: true } : {}),
    ...(item.type === 'text' && item.maxLength ? { maxLength: item.maxLength } : {}),
    ...(options ? { answerOption: options } : {}),
  };
  if (item.help) {
    question.item = [
      {
        linkId: helpLinkId(item.code),
        text: item.help,
        type: 'display',
        extension: [
          {
            url: `${EXT}/questionnaire-itemControl`,
            valueCodeableConcept: {
              coding: [{ system: 'http://hl7.org/fhir/questionnaire-item-control', code: 'help' }],
            },
          },
        ],
      },
    ];
  }
  return question;
}

/** The Questionnaire of definition `workup` (`url` + `version` = the definition version). */
export function buildQuestionnaire(workup: WorkupDefinition): Questionnaire {
  const items = listItems(workup);
  return {
    resourceType: 'Questionnaire',
    id: `rls-workup-v${workup.version}`,
    extension: [
      {
        url: `${SDC}/sdc-questionnaire-launchContext`,
        extension: [
          {
            url: 'name',
            valueCoding: { system: 'http://hl7.org/fhir/uv/sdc/CodeSystem/launchContext', code: 'patient' },
          },
          { url: 'type', valueCode: 'Patient' },
        ],
      },
    ],
    url: QUESTIONNAIRE_URL,
    identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:rls-workup:${workup.id}:${workup.version}` }],
    version: String(workup.version),
    name: 'RlsVascularWorkup',
    title: workup.title,
    status: workup.version === CURRENT_WORKUP_VERSION ? 'active' : 'retired',
    subjectType: ['Patient'],
    publisher: 'RLS Workup',
    description:
      `Definition \`${workup.id}\` version ${workup.version}: the restless legs syndrome workup for ` +
      'vascular-medicine clinics (history, examination, laboratory, imaging). Each question’s linkId is ' +
      'the item code the RLS Workup API keys answers by.',
    copyright: IRLS_COPYRIGHT,
    item: workup.stages.map((stage) => ({
      linkId: stageLinkId(stage.id),
      text: stage.label,
      type: 'group',
      item: stage.groups.map((group) => ({
        linkId: groupLinkId(group.id),
        text: group.label,
        type: 'group',
        item: items
          .filter((i) => i.stage === stage.id && i.group === group.id)
          .map((i) => questionItem(workup, i)),
      })),
    })),
  };
}

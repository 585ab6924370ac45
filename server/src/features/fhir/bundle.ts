import type {
  Bundle,
  BundleEntry,
  CarePlan,
  CarePlanActivity,
  CodeableConcept,
  Composition,
  CompositionSection,
  Condition,
  DiagnosticReport,
  Encounter,
  MedicationRequest,
  Narrative,
  Observation,
  ObservationReferenceRange,
  Patient,
  Practitioner,
  QuestionnaireResponse,
  Reference,
  Resource,
  Timing,
} from '@medplum/fhirtypes';
import {
  ABI_REFERENCE_RANGE,
  irlsBandLabel,
  labFlag,
  listItems,
  MEDICATION_UNIT_LABELS,
  MEDICINE_OPTIONS,
  medicationText,
  notDoneOf,
  suggestionCatalog,
  type AnswerValue,
  type EvaluationDto,
  type MedicationFrequency,
  type MedicationUnit,
  type PlanMedication,
  type ReferenceRange,
  type Sex,
  type WorkupDefinition,
  type WorkupItem,
} from '@rls/shared';
import {
  ACT_CODE,
  CONDITION_CATEGORY,
  CONDITION_CLINICAL,
  CONDITION_VERIFICATION,
  CONFIDENTIALITY,
  DATA_ABSENT_REASON,
  DATA_ABSENT_REASON_EXTENSION,
  DIAGNOSTIC_SERVICE,
  DOCUMENT_SYSTEM,
  EVALUATION_SYSTEM,
  IDENTIFIER_TYPE,
  INTERPRETATION,
  ITEM_SYSTEM,
  LIMB_SITE,
  LOINC,
  MRN_SYSTEM,
  OBSERVATION_CATEGORY,
  PARTICIPATION_TYPE,
  PLAN_OPTION_SYSTEM,
  QUESTIONNAIRE_URL,
  RLS_CODINGS,
  stableUuid,
  UCUM,
  ucumQuantity,
  USER_SYSTEM,
} from './codes';
import { buildQuestionnaire, NONE_OPTION, optionCoding } from './questionnaire';

/**
 * One evaluation (or one signed version of it) as a FHIR R4 document Bundle (clinical-reference.md
 * §8; the mapping table is docs/fhir.md). Pure: the same input always gives the same Bundle, ids
 * included (`stableUuid`). Every reference is a `urn:uuid:` fullUrl of an entry of the Bundle, except
 * the QuestionnaireResponse's canonical `questionnaire` (`<url>|<definition version>`).
 */

interface ExportPatient {
  id: string;
  mrn: string;
  name: string;
  birthDate: string;
  sex: Sex;
}

export interface ExportInput {
  evaluation: EvaluationDto;
  patient: ExportPatient;
  workup: WorkupDefinition;
}

type Status = 'open' | 'signed' | 'amended' | 'discarded';

function statusOf(evaluation: EvaluationDto): Status {
  if (evaluation.status === 'discarded') return 'discarded';
  if (evaluation.status !== 'signed') return 'open';
  return evaluation.amendments.length > 0 ? 'amended' : 'signed';
}

const COMPOSITION_STATUS = {
  open: 'preliminary',
  signed: 'final',
  amended: 'amended',
  discarded: 'entered-in-error',
} as const;
const OBSERVATION_STATUS = {
  open: 'preliminary',
  signed: 'final',
  amended: 'amended',
  discarded: 'cancelled',
} as const;
const REPORT_STATUS = OBSERVATION_STATUS;
const RESPONSE_STATUS = {
  open: 'in-progress',
  signed: 'completed',
  amended: 'amended',
  discarded: 'entered-in-error',
} as const;
const ENCOUNTER_STATUS = {
  open: 'in-progress',
  signed: 'finished',
  amended: 'finished',
  discarded: 'cancelled',
} as const;
const REQUEST_STATUS = {
  open: 'draft',
  signed: 'active',
  amended: 'active',
  discarded: 'entered-in-error',
} as const;

const ref = <T extends Resource>(
  entry: { fullUrl: string; resource: T },
  display?: string,
): Reference<T> => ({
  reference: entry.fullUrl,
  ...(display ? { display } : {}),
});

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** XHTML narrative: one paragraph per line of `text`, or a list of `items`. */
function narrative(paragraphs: string[], items: string[] = []): Narrative {
  const body = [
    ...paragraphs.map((p) => `<p>${escapeXml(p)}</p>`),
    ...(items.length > 0 ? [`<ul>${items.map((i) => `<li>${escapeXml(i)}</li>`).join('')}</ul>`] : []),
  ].join('');
  return { status: 'additional', div: `<div xmlns="http://www.w3.org/1999/xhtml">${body}</div>` };
}

function concept(system: string, code: string, display: string): CodeableConcept {
  return { coding: [{ system, code, display }], text: display };
}

const category = (code: string, display: string): CodeableConcept[] => [
  { coding: [{ system: OBSERVATION_CATEGORY, code, display }] },
];

const notPerformed = (reason: string): CodeableConcept => ({
  coding: [{ system: DATA_ABSENT_REASON, code: 'not-performed', display: 'Not Performed' }],
  text: reason,
});

function referenceRangeOf(range: ReferenceRange, unit: string): ObservationReferenceRange | undefined {
  const out: ObservationReferenceRange = {
    ...(range.low !== undefined ? { low: ucumQuantity(range.low, unit) } : {}),
    ...(range.high !== undefined ? { high: ucumQuantity(range.high, unit) } : {}),
    ...(range.text ? { text: range.text } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

/** L / H against the definition's reference range (labFlag, display.ts), N inside it. */
function interpretationOf(item: WorkupItem, value: number): CodeableConcept[] | undefined {
  if (!item.referenceRange) return undefined;
  const flag = labFlag(item, value);
  const [code, display] = flag === 'L' ? ['L', 'Low'] : flag === 'H' ? ['H', 'High'] : ['N', 'Normal'];
  return [{ coding: [{ system: INTERPRETATION, code, display }] }];
}

const FREQUENCY_TIMING: Record<MedicationFrequency, Timing['repeat'] | null> = {
  'once-daily': { frequency: 1, period: 1, periodUnit: 'd' },
  'twice-daily': { frequency: 2, period: 1, periodUnit: 'd' },
  'three-times-daily': { frequency: 3, period: 1, periodUnit: 'd' },
  'at-night': { frequency: 1, period: 1, periodUnit: 'd', when: ['HS'] },
  'alternate-days': { frequency: 1, period: 2, periodUnit: 'd' },
  weekly: { frequency: 1, period: 1, periodUnit: 'wk' },
  'single-dose': { count: 1 },
  'as-needed': null,
};

/** UCUM codes of the course units (`mg/24h`, a transdermal patch, is `mg/(24.h)`). */
const DOSE_UCUM: Record<MedicationUnit, string> = {
  mg: 'mg',
  ug: 'ug',
  g: 'g',
  mL: 'mL',
  'mg/24h': 'mg/(24.h)',
};

function dosageOf(m: PlanMedication): NonNullable<MedicationRequest['dosageInstruction']>[number] {
  const repeat = FREQUENCY_TIMING[m.frequency];
  const bounds = m.startDate ? { boundsPeriod: { start: m.startDate } } : {};
  return {
    text: medicationText(m),
    ...(repeat || m.startDate ? { timing: { repeat: { ...bounds, ...(repeat ?? {}) } } } : {}),
    ...(m.frequency === 'as-needed' ? { asNeededBoolean: true } : {}),
    doseAndRate: [
      {
        doseQuantity: {
          value: m.dose,
          unit: MEDICATION_UNIT_LABELS[m.unit],
          system: UCUM,
          code: DOSE_UCUM[m.unit],
        },
      },
    ],
  };
}

/** The label of a plan option: as the findings offer it, else as suppressed, else the catalog's. */
function optionLabel(evaluation: EvaluationDto, id: string): string {
  for (const f of evaluation.assessment.findings) {
    const s = f.suggestions.find((x) => x.id === id);
    if (s) return s.label;
  }
  const suppressed = evaluation.assessment.suppressed.find((s) => s.id === id);
  if (suppressed) return suppressed.label;
  return (suggestionCatalog as Readonly<Record<string, { label: string }>>)[id]?.label ?? id;
}

const isNote = (item: WorkupItem) => item.note === true;
const VASCULAR_STUDY = /^(duplex|abi|tbi)(\.|$)/;

/** The document Bundle of `input.evaluation` as it stands (a signed snapshot when that is given). */
export function buildEvaluationBundle(input: ExportInput): Bundle {
  const { evaluation, patient, workup } = input;
  const status = statusOf(evaluation);
  const key = (...parts: string[]) => stableUuid(evaluation.id, String(evaluation.version), ...parts);
  const when = evaluation.signedAt ?? evaluation.updatedAt;
  const items = listItems(workup);
  const answers = evaluation.answers;
  const entries: BundleEntry[] = [];
  const add = <T extends Resource>(id: string, resource: T): { fullUrl: string; resource: T } => {
    const entry = { fullUrl: `urn:uuid:${id}`, resource: { ...resource, id } };
    entries.push(entry);
    return entry;
  };

  // --- who and when ---
  const patientEntry = add<Patient>(stableUuid('Patient', patient.id), {
    resourceType: 'Patient',
    identifier: [
      {
        use: 'usual',
        type: { coding: [{ system: IDENTIFIER_TYPE, code: 'MR', display: 'Medical record number' }] },
        system: MRN_SYSTEM,
        value: patient.mrn,
      },
    ],
    name: [{ text: patient.name }],
    gender: patient.sex,
    birthDate: patient.birthDate,
  });
  const subject = ref(patientEntry);

  const practitioners = new Map<string, { fullUrl: string; resource: Practitioner }>();
  const practitioner = (id: string, name: string | null) => {
    let entry = practitioners.get(id);
    if (!entry) {
      entry = add<Practitioner>(stableUuid('Practitioner', id), {
        resourceType: 'Practitioner',
        identifier: [{ system: USER_SYSTEM, value: id }],
        ...(name ? { name: [{ text: name }] } : {}),
      });
      practitioners.set(id, entry);
    }
    return ref(entry, name ?? undefined);
  };
  const assignee = practitioner(evaluation.assigneeId, evaluation.assigneeName);
  const signer = evaluation.signedBy ? practitioner(evaluation.signedBy, evaluation.signedByName) : undefined;
  const author = signer ?? assignee;

  const encounterEntry = add<Encounter>(stableUuid(evaluation.id, 'Encounter'), {
    resourceType: 'Encounter',
    identifier: [{ system: EVALUATION_SYSTEM, value: evaluation.id }],
    status: ENCOUNTER_STATUS[status],
    class: { system: ACT_CODE, code: 'AMB', display: 'ambulatory' },
    subject,
    participant: [
      {
        type: [{ coding: [{ system: PARTICIPATION_TYPE, code: 'PPRF', display: 'primary performer' }] }],
        individual: assignee,
      },
    ],
    period: { start: evaluation.startedAt, ...(evaluation.signedAt ? { end: evaluation.signedAt } : {}) },
  });
  const encounter = ref(encounterEntry);

  // --- the answers ---
  const responseEntry = add<QuestionnaireResponse>(
    key('QuestionnaireResponse'),
    buildResponse(evaluation, workup, { subject, encounter, author, status: RESPONSE_STATUS[status] }),
  );
  const response = ref(responseEntry);

  // --- observations: labs, exam, imaging, IRLS ---
  const obsStatus = OBSERVATION_STATUS[status];
  const drawDate = typeof answers['labs.drawDate'] === 'string' ? answers['labs.drawDate'] : undefined;
  const observation = (item: WorkupItem, extra: Partial<Observation>): Observation => {
    const reason = notDoneOf(evaluation.answerMeta, item.code);
    const standard = item.loinc ? { system: LOINC, code: item.loinc, display: item.label } : undefined;
    return {
      resourceType: 'Observation',
      status: obsStatus,
      code: {
        coding: [standard ?? { system: ITEM_SYSTEM, code: item.baseCode, display: item.label }],
        text: item.label,
      },
      subject,
      encounter,
      ...(item.side ? { bodySite: { coding: [LIMB_SITE[item.side]], text: `${item.side} lower limb` } } : {}),
      ...(reason !== undefined
        ? { dataAbsentReason: notPerformed(reason), note: [{ text: `Not done: ${reason}` }] }
        : extra),
    };
  };
  const observed = (item: WorkupItem) =>
    Object.hasOwn(answers, item.code) || notDoneOf(evaluation.answerMeta, item.code) !== undefined;

  const labRefs: Reference<Observation>[] = [];
  for (const item of items.filter((i) => i.stage === 'labs' && i.loinc && i.unit && observed(i))) {
    const value = answers[item.code];
    const entered = evaluation.answerMeta[item.code];
    const extra: Partial<Observation> =
      typeof value === 'number'
        ? {
            ...(drawDate ? { effectiveDateTime: drawDate } : {}),
            valueQuantity: ucumQuantity(value, item.unit!),
            ...(interpretationOf(item, value) ? { interpretation: interpretationOf(item, value) } : {}),
            ...(item.referenceRange && referenceRangeOf(item.referenceRange, item.unit!)
              ? { referenceRange: [referenceRangeOf(item.referenceRange, item.unit!)!] }
              : {}),
            ...(entered?.value !== undefined && entered.unit !== undefined
              ? { note: [{ text: `Entered as ${entered.value} ${entered.unit}` }] }
              : {}),
          }
        : {};
    const entry = add<Observation>(key('Observation', item.code), {
      ...observation(item, extra),
      category: category('laboratory', 'Laboratory'),
    });
    labRefs.push(ref(entry, item.label));
  }

  const valueOf = (item: WorkupItem, value: AnswerValue): Partial<Observation> | undefined => {
    if (typeof value === 'boolean') return { valueBoolean: value };
    if (typeof value === 'number') {
      if (item.unit) return { valueQuantity: ucumQuantity(value, item.unit) };
      return item.type === 'integer' ? { valueInteger: value } : { valueQuantity: { value } };
    }
    if (typeof value === 'string') {
      if (item.options) {
        const coding = optionCoding(item, value);
        return { valueCodeableConcept: { coding: [coding], text: coding.display ?? value } };
      }
      return item.type === 'date' ? { valueDateTime: value } : { valueString: value };
    }
    return undefined;
  };

  const examRefs: Reference<Observation>[] = [];
  const vascularRefs: Reference<Observation>[] = [];
  const otherImagingRefs: Reference<Observation>[] = [];
  for (const item of items.filter((i) => (i.stage === 'exam' || i.stage === 'imaging') && !isNote(i))) {
    if (!observed(item)) continue;
    const cat = item.stage === 'exam' ? category('exam', 'Exam') : category('imaging', 'Imaging');
    const target =
      item.stage === 'exam' ? examRefs : VASCULAR_STUDY.test(item.code) ? vascularRefs : otherImagingRefs;
    const value = answers[item.code];
    if (Array.isArray(value)) {
      // A list (thrombosis types): one Observation per option ticked.
      for (const option of value) {
        const coding = optionCoding(item, option);
        const entry = add<Observation>(key('Observation', item.code, option), {
          ...observation(item, {
            valueCodeableConcept: { coding: [coding], text: coding.display ?? option },
          }),
          category: cat,
        });
        target.push(ref(entry, item.label));
      }
      continue;
    }
    const extra = value === undefined ? {} : (valueOf(item, value) ?? {});
    const abi = item.baseCode === 'abi' && typeof value === 'number';
    const entry = add<Observation>(key('Observation', item.code), {
      ...observation(item, {
        ...extra,
        ...(abi ? { referenceRange: [referenceRangeOf(ABI_REFERENCE_RANGE, '1')!] } : {}),
      }),
      category: cat,
    });
    target.push(ref(entry, item.label));
  }

  let irlsRef: Reference<Observation> | undefined;
  const irls = items.find((i) => i.code === 'irls.total');
  if (irls && typeof answers['irls.total'] === 'number') {
    const total = answers['irls.total'];
    const entry = add<Observation>(key('Observation', 'irls.total'), {
      ...observation(irls, { valueInteger: total, note: [{ text: `Severity: ${irlsBandLabel(total)}` }] }),
      category: category('survey', 'Survey'),
      derivedFrom: [response],
    });
    irlsRef = ref(entry, irls.label);
  }

  // --- reports ---
  const issued = evaluation.updatedAt;
  const textAnswer = (code: string): string | undefined => {
    const value = answers[code];
    return typeof value === 'string' ? value : undefined;
  };
  let labReport: Reference<DiagnosticReport> | undefined;
  if (labRefs.length > 0) {
    const conclusion = textAnswer('notes.labs');
    labReport = ref(
      add<DiagnosticReport>(key('DiagnosticReport', 'labs'), {
        resourceType: 'DiagnosticReport',
        status: REPORT_STATUS[status],
        category: [{ coding: [{ system: DIAGNOSTIC_SERVICE, code: 'LAB', display: 'Laboratory' }] }],
        code: concept(DOCUMENT_SYSTEM, 'laboratory-results', 'RLS workup laboratory results'),
        subject,
        encounter,
        ...(drawDate ? { effectiveDateTime: drawDate } : {}),
        issued,
        result: labRefs,
        ...(conclusion ? { conclusion } : {}),
      }),
      'Laboratory results',
    );
  }
  let vascularReport: Reference<DiagnosticReport> | undefined;
  if (vascularRefs.length > 0) {
    const conclusion = textAnswer('notes.imaging');
    vascularReport = ref(
      add<DiagnosticReport>(key('DiagnosticReport', 'vascular'), {
        resourceType: 'DiagnosticReport',
        status: REPORT_STATUS[status],
        category: [{ coding: [{ system: DIAGNOSTIC_SERVICE, code: 'VUS', display: 'Vascular Ultrasound' }] }],
        code: concept(DOCUMENT_SYSTEM, 'vascular-study', 'Venous duplex and ankle/toe-brachial index'),
        subject,
        encounter,
        issued,
        result: vascularRefs,
        ...(conclusion ? { conclusion } : {}),
      }),
      'Vascular study',
    );
  }

  // --- diagnosis ---
  let conditionRef: Reference<Condition> | undefined;
  const criteriaMet = evaluation.assessment.findings.find((f) => f.code === 'rls.criteria-met');
  if (criteriaMet) {
    const notes = conditionNotes(evaluation, workup);
    const onsetAge = answers.onsetAge;
    conditionRef = ref(
      add<Condition>(key('Condition', 'rls'), {
        resourceType: 'Condition',
        ...(status === 'discarded'
          ? {}
          : {
              clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: 'active', display: 'Active' }] },
            }),
        verificationStatus: {
          coding: [
            status === 'discarded'
              ? { system: CONDITION_VERIFICATION, code: 'entered-in-error', display: 'Entered in Error' }
              : status === 'open'
                ? { system: CONDITION_VERIFICATION, code: 'provisional', display: 'Provisional' }
                : { system: CONDITION_VERIFICATION, code: 'confirmed', display: 'Confirmed' },
          ],
        },
        category: [
          {
            coding: [
              { system: CONDITION_CATEGORY, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' },
            ],
          },
        ],
        code: { coding: RLS_CODINGS, text: 'Restless legs syndrome' },
        subject,
        encounter,
        ...(typeof onsetAge === 'number'
          ? { onsetAge: { ...ucumQuantity(onsetAge, 'a'), unit: 'years' } }
          : {}),
        recordedDate: when,
        recorder: author,
        asserter: author,
        evidence: [
          {
            code: [{ text: criteriaMet.text }],
            detail: [response, ...(irlsRef ? [irlsRef] : [])],
          },
        ],
        ...(notes.length > 0 ? { note: notes.map((text) => ({ text })) } : {}),
      }),
      'Restless legs syndrome',
    );
  }

  // --- plan ---
  const planRefs: Reference[] = [];
  const plan = evaluation.plan;
  if (plan.selected.length > 0 || plan.custom.length > 0 || plan.followUpDate) {
    const activity: CarePlanActivity[] = [];
    const activityStatus = status === 'discarded' ? 'cancelled' : 'not-started';
    for (const id of plan.selected) {
      const label = optionLabel(evaluation, id);
      const course = plan.medications.find((m) => m.id === id);
      if (course) {
        const name = MEDICINE_OPTIONS[id]?.name ?? label;
        const request = add<MedicationRequest>(key('MedicationRequest', id), {
          resourceType: 'MedicationRequest',
          status: REQUEST_STATUS[status],
          intent: 'plan',
          medicationCodeableConcept: concept(PLAN_OPTION_SYSTEM, id, name),
          subject,
          encounter,
          authoredOn: when,
          requester: author,
          ...(conditionRef ? { reasonReference: [conditionRef] } : {}),
          dosageInstruction: [dosageOf(course)],
        });
        const reference = ref(request, name);
        planRefs.push(reference);
        activity.push({ reference });
      } else {
        activity.push({
          detail: {
            code: concept(PLAN_OPTION_SYSTEM, id, label),
            status: activityStatus,
            description: label,
          },
        });
      }
    }
    for (const line of plan.custom) {
      activity.push({ detail: { code: { text: line }, status: activityStatus, description: line } });
    }
    if (plan.followUpDate) {
      activity.push({
        detail: {
          code: { text: 'Follow-up visit' },
          status: status === 'discarded' ? 'cancelled' : 'scheduled',
          scheduledPeriod: { start: plan.followUpDate },
          description: `Follow-up visit on or after ${plan.followUpDate}`,
        },
      });
    }
    const carePlan = add<CarePlan>(key('CarePlan'), {
      resourceType: 'CarePlan',
      status:
        REQUEST_STATUS[status] === 'draft' ? 'draft' : status === 'discarded' ? 'entered-in-error' : 'active',
      intent: 'plan',
      title: 'RLS workup plan',
      subject,
      encounter,
      created: when,
      author,
      ...(conditionRef ? { addresses: [conditionRef] } : {}),
      activity,
    });
    planRefs.unshift(ref(carePlan, 'Plan'));
  }

  // --- the document ---
  const sections: CompositionSection[] = [];
  const section = (title: string, entry: Reference[], paragraphs: string[] = [], list: string[] = []) => {
    if (entry.length === 0 && paragraphs.length === 0 && list.length === 0) return;
    sections.push({
      title,
      ...(paragraphs.length > 0 || list.length > 0 ? { text: narrative(paragraphs, list) } : {}),
      ...(entry.length > 0 ? { entry } : {}),
    });
  };
  const note = (code: string) => (textAnswer(code) ? [textAnswer(code)!] : []);
  section('History', [response], note('notes.history'));
  section('Examination', examRefs, note('notes.exam'));
  section('Laboratory', labReport ? [labReport] : []);
  section('Imaging', [...(vascularReport ? [vascularReport] : []), ...otherImagingRefs]);
  section(
    'Assessment',
    [...(conditionRef ? [conditionRef] : []), ...(irlsRef ? [irlsRef] : [])],
    [],
    evaluation.assessment.findings.map((f) => `${f.label}: ${f.text}`),
  );
  section('Plan', planRefs);

  const composition: Composition = {
    resourceType: 'Composition',
    identifier: { system: EVALUATION_SYSTEM, value: `${evaluation.id}/v${evaluation.version}` },
    status: COMPOSITION_STATUS[status],
    type: concept(DOCUMENT_SYSTEM, 'rls-workup-evaluation', 'RLS workup evaluation'),
    subject,
    encounter,
    date: when,
    author: [author],
    title: 'RLS workup evaluation',
    confidentiality: 'R',
    ...(signer && evaluation.signedAt
      ? { attester: [{ mode: 'legal' as const, time: evaluation.signedAt, party: signer }] }
      : {}),
    section: sections,
  };
  const compositionId = key('Composition');
  return {
    resourceType: 'Bundle',
    id: key('Bundle'),
    meta: { security: [{ system: CONFIDENTIALITY, code: 'R', display: 'restricted' }] },
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${key('Bundle')}` },
    type: 'document',
    timestamp: when,
    entry: [
      { fullUrl: `urn:uuid:${compositionId}`, resource: { ...composition, id: compositionId } },
      ...entries,
    ],
  };
}

/** Course and clinical significance (§8: `note` for the specifiers), and the IRLS severity. */
function conditionNotes(evaluation: EvaluationDto, workup: WorkupDefinition): string[] {
  const out: string[] = [];
  const course = evaluation.answers.course;
  if (typeof course === 'string') {
    const label = listItems(workup)
      .find((i) => i.code === 'course')
      ?.options?.find((o) => o.code === course)?.label;
    out.push(`Clinical course: ${label ?? course}.`);
  }
  const significant = evaluation.answers.clinicallySignificant;
  if (typeof significant === 'boolean') out.push(`Clinically significant: ${significant ? 'yes' : 'no'}.`);
  const total = evaluation.answers['irls.total'];
  if (typeof total === 'number') out.push(`IRLS total ${total}/40 (${irlsBandLabel(total)}).`);
  return out;
}

// --- the QuestionnaireResponse ------------------------------------------------------------------

type ResponseItem = NonNullable<QuestionnaireResponse['item']>[number];
type QuestionItem = NonNullable<ReturnType<typeof buildQuestionnaire>['item']>[number];

function answersOf(question: QuestionItem, value: AnswerValue): ResponseItem['answer'] {
  switch (question.type) {
    case 'boolean':
      return typeof value === 'boolean' ? [{ valueBoolean: value }] : [];
    case 'choice': {
      const codes = Array.isArray(value) ? (value.length > 0 ? value : [NONE_OPTION]) : [String(value)];
      return codes.map((code) => {
        const option = question.answerOption?.find((o) => o.valueCoding?.code === code)?.valueCoding;
        return { valueCoding: option ? { ...option } : { code } };
      });
    }
    case 'integer':
      return typeof value === 'number' ? [{ valueInteger: value }] : [];
    case 'decimal':
      return typeof value === 'number' ? [{ valueDecimal: value }] : [];
    case 'date':
      return typeof value === 'string' ? [{ valueDate: value }] : [];
    default:
      return typeof value === 'string' ? [{ valueString: value }] : [];
  }
}

/**
 * The answers as a QuestionnaireResponse of the definition's Questionnaire: its groups and linkIds,
 * only where something was answered; an item marked not done carries no answer and the
 * `data-absent-reason` extension (`not-performed`).
 */
function buildResponse(
  evaluation: EvaluationDto,
  workup: WorkupDefinition,
  at: {
    subject: Reference<Patient>;
    encounter: Reference<Encounter>;
    author: Reference<Practitioner>;
    status: QuestionnaireResponse['status'];
  },
): QuestionnaireResponse {
  const questionnaire = buildQuestionnaire(workup);
  const walk = (questions: QuestionItem[] | undefined): ResponseItem[] => {
    const out: ResponseItem[] = [];
    for (const q of questions ?? []) {
      if (q.type === 'display') continue;
      if (q.type === 'group') {
        const children = walk(q.item);
        if (children.length > 0) out.push({ linkId: q.linkId, text: q.text, item: children });
        continue;
      }
      const value = evaluation.answers[q.linkId];
      if (value !== undefined && Object.hasOwn(evaluation.answers, q.linkId)) {
        const answer = answersOf(q, value) ?? [];
        if (answer.length > 0) out.push({ linkId: q.linkId, text: q.text, answer });
      } else if (notDoneOf(evaluation.answerMeta, q.linkId) !== undefined) {
        out.push({
          linkId: q.linkId,
          text: q.text,
          extension: [{ url: DATA_ABSENT_REASON_EXTENSION, valueCode: 'not-performed' }],
        });
      }
    }
    return out;
  };
  return {
    resourceType: 'QuestionnaireResponse',
    identifier: { system: EVALUATION_SYSTEM, value: `${evaluation.id}/v${evaluation.version}` },
    questionnaire: `${QUESTIONNAIRE_URL}|${workup.version}`,
    status: at.status,
    subject: at.subject,
    encounter: at.encounter,
    authored: evaluation.signedAt ?? evaluation.updatedAt,
    author: at.author,
    item: walk(questionnaire.item),
  };
}

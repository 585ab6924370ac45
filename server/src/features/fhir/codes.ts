import { createHash } from 'node:crypto';
import type { Coding, Quantity } from '@medplum/fhirtypes';
import { unitLabel, type Side } from '@rls/shared';

/**
 * Code systems, canonical URLs and identifiers of the FHIR R4 export (docs/fhir.md). Standard systems
 * are used where clinical-reference.md §8 names a verified code; everything else is local, under
 * `https://rls-workup.org/fhir/`, and says so.
 */

const FHIR_BASE = 'https://rls-workup.org/fhir';

/** The workup definition published as a Questionnaire: `<url>|<definition version>`. */
export const QUESTIONNAIRE_URL = `${FHIR_BASE}/Questionnaire/rls-workup`;

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
const SNOMED = 'http://snomed.info/sct';
const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';

/** Local: an item of the definition that has no verified standard code (exam, imaging, IRLS total). */
export const ITEM_SYSTEM = `${FHIR_BASE}/CodeSystem/item`;
/** Local: the answer options of one item, `<base>/<item base code>` (e.g. …/exam.ceap → `C2`). */
const OPTION_SYSTEM_BASE = `${FHIR_BASE}/CodeSystem/option`;
/** Local: plan options (suggestion ids such as `iron.iv-fcm`) and custom plan lines. */
export const PLAN_OPTION_SYSTEM = `${FHIR_BASE}/CodeSystem/plan-option`;
/** Local: the document and report types of the export. */
export const DOCUMENT_SYSTEM = `${FHIR_BASE}/CodeSystem/document`;
/** Local identifier systems: the clinic's MRN and the application's user ids. */
export const MRN_SYSTEM = `${FHIR_BASE}/sid/mrn`;
export const USER_SYSTEM = `${FHIR_BASE}/sid/user`;
export const EVALUATION_SYSTEM = `${FHIR_BASE}/sid/evaluation`;

export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const DIAGNOSTIC_SERVICE = 'http://terminology.hl7.org/CodeSystem/v2-0074';
export const DATA_ABSENT_REASON = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
export const DATA_ABSENT_REASON_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';
export const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
export const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
export const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
export const IDENTIFIER_TYPE = 'http://terminology.hl7.org/CodeSystem/v2-0203';
export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
export const CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';

/** RLS: SNOMED CT 32914008 "Restless legs" and ICD-10-CM G25.81 (clinical-reference.md §8, [P]). */
export const RLS_CODINGS: Coding[] = [
  { system: SNOMED, code: '32914008', display: 'Restless legs' },
  { system: ICD10CM, code: 'G25.81', display: 'Restless legs syndrome' },
];

/**
 * Laterality as the lower limb of that side: SNOMED CT 32153003 "Structure of left lower limb" and
 * 62175007 "Structure of right lower limb". Not in clinical-reference.md (§8 asks for bodySite and
 * laterality without naming codes); seen in public FHIR mapping code — listed as to verify in docs/fhir.md.
 */
export const LIMB_SITE: Record<Side, Coding> = {
  left: { system: SNOMED, code: '32153003', display: 'Structure of left lower limb' },
  right: { system: SNOMED, code: '62175007', display: 'Structure of right lower limb' },
};

/** The local code system of one item's answer options. */
export function optionSystem(baseCode: string): string {
  return `${OPTION_SYSTEM_BASE}/${baseCode}`;
}

/** A UCUM quantity; the dimensionless `1` (ABI, TBI) carries no printed unit. */
export function ucumQuantity(value: number, code: string): Quantity {
  const unit = unitLabel(code);
  return { value, ...(unit ? { unit } : {}), system: UCUM, code };
}

/**
 * A stable UUID (RFC 9562 version 8, name-based on SHA-256) for a resource of an export: the same
 * evaluation version always gives the same ids, so two downloads of it are identical and a receiver
 * can recognise a resource it already has.
 */
export function stableUuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

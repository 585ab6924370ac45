import {
  accountInfoSchema,
  amendmentSchema,
  answersPatchSchema,
  assigneeSchema,
  assignmentSchema,
  auditPageSchema,
  auditQuerySchema,
  cliniciansSchema,
  codeSchema,
  demoInfoSchema,
  discardSchema,
  drillQuerySchema,
  enrolmentSchema,
  errorSchema,
  evaluationCreateSchema,
  evaluationPatchSchema,
  evaluationSchema,
  fhirBundleSchema,
  fhirQuestionnaireSchema,
  getWorkup,
  historySchema,
  labImportCsvBodySchema,
  labImportFhirBodySchema,
  labImportQuerySchema,
  labImportResultSchema,
  loginResponseSchema,
  loginSchema,
  newUserSchema,
  NOT_DONE_REASON_MAX,
  notDonePatchSchema,
  passwordChangeSchema,
  passwordConfirmSchema,
  passwordResetSchema,
  patientCreateSchema,
  patientDetailSchema,
  patientPatchSchema,
  patientSchema,
  planPatchSchema,
  recoveryCodesSchema,
  revokedSessionsSchema,
  secondFactorSchema,
  sessionSchema,
  signSchema,
  trendsSchema,
  userPatchSchema,
  userSummarySchema,
  workupQuerySchema,
  workupSchema,
  workloadEvaluationPageSchema,
  workloadQuerySchema,
  workloadSummarySchema,
  worklistPageSchema,
  worklistQuerySchema,
  type Role,
} from '@rls/shared';
import { z } from 'zod';

export type Access = 'public' | 'session' | Role[];

interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Media type of the body (default application/json). */
  contentType?: string;
  /** The response is a download (Content-Disposition: attachment). */
  attachment?: boolean;
  /** The response carries the resource's strong ETag. */
  etag?: boolean;
}

export interface Operation {
  id: string;
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** OpenAPI path (`{id}` parameters). */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  access: Access;
  /** State-changing calls need X-CSRF-Token unless false (login). */
  csrf?: boolean;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Other media types the body may have besides JSON, each with its schema (e.g. text/csv). */
  otherBodies?: Record<string, z.ZodType>;
  /** The JSON media types documented for the body (default application/json). */
  jsonTypes?: string[];
  bodyRequired?: boolean;
  ifMatch?: 'required' | 'optional';
  /** Accepts an Idempotency-Key (server/src/http/idempotency.ts, docs/reliability.md). */
  idempotent?: boolean;
  responses: Record<string, ResponseSpec>;
}

const CLINICIAN: Role[] = ['clinician'];
const ANY_ROLE: Role[] = ['clinician', 'admin'];

const ADMIN: Role[] = ['admin'];

const err = (description: string): ResponseSpec => ({ description, schema: errorSchema });

const FHIR_JSON = 'application/fhir+json';

/**
 * The body of PATCH /api/evaluations/:id with its answers item by item: the route checks the shape
 * with `evaluationPatchSchema` and the service each answer with `applyAnswers`.
 */
const evaluationPatchDoc = evaluationPatchSchema
  .extend({
    answers: answersPatchSchema(getWorkup())
      .optional()
      .meta({
        id: 'AnswersPatch',
        description:
          'item code → value (null clears). Labs: a number in the canonical unit or {value, unit}. ' +
          'All or nothing: every invalid item is listed in the 422.',
      }),
    notDone: notDonePatchSchema(getWorkup())
      .optional()
      .meta({
        id: 'NotDonePatch',
        description:
          `item code → why it was not done (trimmed, 1–${NOT_DONE_REASON_MAX} characters), or null to clear the mark; ` +
          'kept in answerMeta[code].notDone. An item never holds both an answer and a mark (clear one with null in ' +
          'the same save, else 422); the IRLSSG criteria (requiredForSign) cannot be marked. A marked item counts ' +
          'in progress[stage].answered and leaves assessment.pending; a mark on an item a save disables is cleared.',
      }),
    plan: planPatchSchema.optional().meta({
      id: 'PlanPatch',
      description:
        'selected ids must be suggestions of the current findings or already selected; each medications ' +
        'id must be selected (422 plan.medications.<i>.id) in a unit the medicine is given in ' +
        '(plan.medications.<i>.unit); deselecting an option drops its course line',
    }),
  })
  .meta({ id: 'EvaluationPatch' });

/** Every endpoint of the API. A test compares this list with the app's routes. */
export const OPERATIONS: readonly Operation[] = [
  // --- system --------------------------------------------------------------------------------
  {
    id: 'getHealth',
    method: 'get',
    path: '/api/health',
    summary: 'Liveness and database check',
    tags: ['system'],
    access: 'public',
    responses: {
      200: { description: 'The database answers.', schema: z.object({ status: z.literal('ok') }) },
      503: err('The database is not reachable.'),
    },
  },
  {
    id: 'getDemo',
    method: 'get',
    path: '/api/demo',
    summary: 'Demo accounts for the login page (demo installations only)',
    tags: ['system'],
    access: 'public',
    responses: {
      200: {
        description: '{demo:false}, or the demo accounts and their shared password.',
        schema: demoInfoSchema,
      },
    },
  },
  {
    id: 'getOpenApi',
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    description: 'Public: it describes the API and holds no data.',
    tags: ['system'],
    access: 'public',
    responses: { 200: { description: 'The OpenAPI 3.1 document.' } },
  },
  // --- session -------------------------------------------------------------------------------
  {
    id: 'login',
    method: 'post',
    path: '/api/session',
    summary: 'Log in',
    description:
      'Sets the httpOnly session cookie and, once logged in, a device cookie (path /api/session) with which later logins from this browser are throttled only by their own failures. No CSRF token needed.',
    tags: ['session'],
    access: 'public',
    csrf: false,
    body: loginSchema,
    responses: {
      200: {
        description: 'Logged in, or {mfaRequired:true}: continue with POST /api/session/mfa.',
        schema: loginResponseSchema,
      },
      401: err('Wrong username or password.'),
      429: err('Too many failed attempts; see Retry-After.'),
    },
  },
  {
    id: 'getSession',
    method: 'get',
    path: '/api/session',
    summary: 'The current session (recovers the CSRF token after a reload)',
    tags: ['session'],
    access: 'session',
    responses: { 200: { description: 'The session.', schema: sessionSchema } },
  },
  {
    id: 'logout',
    method: 'delete',
    path: '/api/session',
    summary: 'Log out',
    tags: ['session'],
    access: 'session',
    responses: { 204: { description: 'Logged out.' } },
  },
  {
    id: 'completeSecondFactor',
    method: 'post',
    path: '/api/session/mfa',
    summary: 'Second login step: a TOTP or recovery code',
    description:
      'After POST /api/session answered {mfaRequired:true}; the pending session cookie is required.',
    tags: ['session'],
    access: 'public',
    csrf: false,
    body: secondFactorSchema,
    responses: {
      200: { description: 'Logged in (a new session).', schema: sessionSchema },
      401: err('Wrong code, or the pending login timed out.'),
      429: err('Too many attempts; see Retry-After.'),
    },
  },
  // --- own account ---------------------------------------------------------------------------
  {
    id: 'getAccount',
    method: 'get',
    path: '/api/account',
    summary: 'The logged-in user’s own account (MFA state)',
    tags: ['session'],
    access: 'session',
    responses: { 200: { description: 'The account.', schema: accountInfoSchema } },
  },
  {
    id: 'changeOwnPassword',
    method: 'post',
    path: '/api/account/password',
    summary: 'Change one’s own password (ends the user’s other sessions)',
    tags: ['session'],
    access: 'session',
    body: passwordChangeSchema,
    responses: { 200: { description: 'Changed.', schema: revokedSessionsSchema } },
  },
  {
    id: 'startMfaEnrolment',
    method: 'post',
    path: '/api/account/mfa/setup',
    summary: 'Start TOTP enrolment (secret, otpauth URI and QR code)',
    tags: ['session'],
    access: 'session',
    responses: { 200: { description: 'The enrolment to confirm.', schema: enrolmentSchema } },
  },
  {
    id: 'confirmMfaEnrolment',
    method: 'post',
    path: '/api/account/mfa/enable',
    summary: 'Confirm TOTP enrolment with a code; returns recovery codes once',
    tags: ['session'],
    access: 'session',
    body: codeSchema,
    responses: { 200: { description: 'Enabled, with recovery codes.', schema: recoveryCodesSchema } },
  },
  {
    id: 'renewRecoveryCodes',
    method: 'post',
    path: '/api/account/mfa/recovery-codes',
    summary: 'Replace the recovery codes (needs a current code)',
    tags: ['session'],
    access: 'session',
    body: codeSchema,
    responses: { 200: { description: 'The new recovery codes, shown once.', schema: recoveryCodesSchema } },
  },
  {
    id: 'disableOwnMfa',
    method: 'delete',
    path: '/api/account/mfa',
    summary: 'Turn one’s own second factor off (needs the password)',
    tags: ['session'],
    access: 'session',
    body: passwordConfirmSchema,
    responses: { 204: { description: 'Turned off.' } },
  },
  // --- reference -----------------------------------------------------------------------------
  {
    id: 'getWorkup',
    method: 'get',
    path: '/api/workflow',
    summary: 'The workup definition (current or ?version=N)',
    tags: ['reference'],
    access: ANY_ROLE,
    query: workupQuerySchema,
    responses: {
      200: { description: 'Stages, groups and items.', schema: workupSchema },
      404: err('No such workup version.'),
    },
  },
  {
    id: 'getWorkupQuestionnaire',
    method: 'get',
    path: '/api/workflow/fhir',
    summary: 'The workup definition as a FHIR R4 Questionnaire (current or ?version=N)',
    description:
      'url https://rls-workup.org/fhir/Questionnaire/rls-workup, version = the definition version; one ' +
      'question per item with linkId = the item code, LOINC codes on lab items, units, ranges, answer ' +
      'options and enableWhen. The licensed IRLS item text is not reproduced (docs/fhir.md).',
    tags: ['reference'],
    access: ANY_ROLE,
    query: workupQuerySchema,
    responses: {
      200: { description: 'The Questionnaire.', schema: fhirQuestionnaireSchema, contentType: FHIR_JSON },
      404: err('No such workup version.'),
    },
  },
  {
    id: 'listClinicians',
    method: 'get',
    path: '/api/clinicians',
    summary: 'Active clinicians (assignment, filters)',
    tags: ['reference'],
    access: ANY_ROLE,
    responses: { 200: { description: 'By name.', schema: cliniciansSchema } },
  },
  // --- patients ------------------------------------------------------------------------------
  {
    id: 'listPatients',
    method: 'get',
    path: '/api/patients',
    summary: 'Worklist',
    description:
      'Each patient with its open-or-latest evaluation. query: case-insensitive substring of name or MRN ' +
      '(one string, wildcards literal); followUpDue: plan follow-up date on or before today (server time ' +
      'zone); sort: name, mrn, updated, followUp (undated last), status (draft, amending, signed, none), ' +
      "'-' for descending.",
    tags: ['patients'],
    access: CLINICIAN,
    query: worklistQuerySchema,
    responses: { 200: { description: 'One page.', schema: worklistPageSchema } },
  },
  {
    id: 'createPatient',
    method: 'post',
    path: '/api/patients',
    summary: 'Create a patient',
    tags: ['patients'],
    access: CLINICIAN,
    body: patientCreateSchema,
    idempotent: true,
    responses: {
      201: { description: 'Created.', schema: patientSchema },
      409: err('Duplicate MRN (details.field = mrn).'),
      422: err('Invalid fields (birthDate must not be in the future).'),
    },
  },
  {
    id: 'getPatient',
    method: 'get',
    path: '/api/patients/{id}',
    summary: 'A patient with its evaluations (newest first, with key values)',
    tags: ['patients'],
    access: CLINICIAN,
    responses: {
      200: { description: 'The patient.', schema: patientDetailSchema, etag: true },
      404: err('No such patient.'),
    },
  },
  {
    id: 'getPatientTrends',
    method: 'get',
    path: '/api/patients/{id}/trends',
    summary: 'Measured values, treatment starts and stops, and augmentation across the evaluations',
    description:
      'Over every evaluation of the patient, signed and open (an open amendment shows its current values; ' +
      'discarded drafts are left out). ' +
      'Series: lab.ferritin, lab.tsat (entered or computed from iron/TIBC), lab.hemoglobin, lab.egfr, ' +
      'irls.total, abi.left, abi.right, reflux.left/right (longest duplex reflux of the side, ms); always all ' +
      'nine, empty when nothing was measured. Lab points are dated by labs.drawDate when answered, others by ' +
      'the evaluation start date. Treatments: a medicine option in a decided plan (signed or reviewed) and not ' +
      'in the previous one starts there; one that disappears stops there.',
    tags: ['patients'],
    access: CLINICIAN,
    responses: {
      200: { description: 'The trends.', schema: trendsSchema },
      404: err('No such patient.'),
    },
  },
  {
    id: 'updatePatient',
    method: 'patch',
    path: '/api/patients/{id}',
    summary: 'Edit demographics',
    description:
      'A change of sex clears the answers it disables in the open evaluation (e.g. pregnancy), in the same ' +
      'transaction, recorded in that evaluation’s history.',
    tags: ['patients'],
    access: CLINICIAN,
    ifMatch: 'optional',
    body: patientPatchSchema,
    responses: {
      200: { description: 'The patient as stored.', schema: patientDetailSchema, etag: true },
      404: err('No such patient.'),
      409: err('Duplicate MRN.'),
      412: err('If-Match is stale; details.current is the stored patient.'),
    },
  },
  {
    id: 'createEvaluation',
    method: 'post',
    path: '/api/patients/{id}/evaluations',
    summary: 'Start an evaluation (a draft assigned to the caller)',
    description:
      'A follow-up visit (the patient has a signed evaluation) starts with the stable history of the latest ' +
      'signed one, each answer marked answerMeta[code].carriedFrom until it is saved again, unless ' +
      'carryForward is false. Measurements are never carried. meds.current and ironTherapy.* come from that ' +
      'evaluation’s plan.',
    tags: ['evaluations'],
    access: CLINICIAN,
    body: evaluationCreateSchema,
    bodyRequired: false,
    idempotent: true,
    responses: {
      201: { description: 'The new draft.', schema: evaluationSchema, etag: true },
      404: err('No such patient.'),
      409: err('The patient has an open evaluation (details.evaluationId).'),
    },
  },
  // --- evaluations ---------------------------------------------------------------------------
  {
    id: 'getEvaluation',
    method: 'get',
    path: '/api/evaluations/{id}',
    summary: 'An evaluation',
    tags: ['evaluations'],
    access: CLINICIAN,
    responses: {
      200: { description: 'The evaluation.', schema: evaluationSchema, etag: true },
      404: err('No such evaluation.'),
    },
  },
  {
    id: 'updateEvaluation',
    method: 'patch',
    path: '/api/evaluations/{id}',
    summary: 'Save answers, not-done marks and plan (merge; null clears)',
    description:
      'All or nothing. Answers and not-done marks a save disables are cleared in the same save. When a save ' +
      'touches an IRLS item score without sending irls.total and all ten items are then answered, irls.total ' +
      'is set to their sum (a change in the history); a total sent that differs from the sum is a 422. ' +
      'A save that changes nothing answers 200 with the same version.',
    tags: ['evaluations'],
    access: CLINICIAN,
    ifMatch: 'required',
    body: evaluationPatchDoc,
    responses: {
      200: { description: 'The evaluation as stored (new ETag).', schema: evaluationSchema, etag: true },
      404: err('No such evaluation.'),
      409: err('Signed: amend it first (code signed); or discarded (code discarded).'),
      412: err('If-Match is stale; details.current is the stored evaluation.'),
      422: err(
        'details.items: [{code, reason}] for every invalid item: unknown codes (__proto__, constructor…), ' +
          'values, not-done reasons, an answer beside a not-done mark, a mark on a criterion, an IRLS total ' +
          'that is not the sum of its items.',
      ),
      428: err('If-Match is missing.'),
    },
  },
  {
    id: 'discardEvaluation',
    method: 'delete',
    path: '/api/evaluations/{id}',
    summary: 'Discard a draft that was never signed',
    description:
      'The evaluation becomes status discarded: it stays in the database, its history (event discard) and ' +
      'the audit trail (evaluation.discard), but leaves the worklist, the patient’s evaluations, trends and ' +
      'follow-up, and the open workload counts, and the patient can start a new evaluation. Saving, signing, ' +
      'amending or reassigning it afterwards is a 409 (code discarded). If-Match is optional; a stale one is ' +
      'a 412.',
    tags: ['evaluations'],
    access: CLINICIAN,
    ifMatch: 'optional',
    body: discardSchema,
    bodyRequired: false,
    responses: {
      204: { description: 'Discarded.' },
      404: err('No such evaluation.'),
      409: err('Not a draft: signed or amending (code not_draft), or already discarded (code discarded).'),
      412: err('If-Match is stale; details.current is the stored evaluation.'),
    },
  },
  {
    id: 'signEvaluation',
    method: 'post',
    path: '/api/evaluations/{id}/sign',
    summary: 'Sign off',
    description: 'Needs the five criteria.* answered and plan.reviewed; other unanswered items are warnings.',
    tags: ['evaluations'],
    access: CLINICIAN,
    ifMatch: 'required',
    body: signSchema,
    bodyRequired: false,
    responses: {
      200: { description: 'Signed and locked.', schema: evaluationSchema, etag: true },
      404: err('No such evaluation.'),
      409: err('Already signed (code signed), or discarded (code discarded).'),
      412: err('If-Match is stale; details.current is the stored evaluation.'),
      422: err(
        'details.items: what blocks signing; details.warnings: enabled items neither answered nor marked not done; ' +
          'details.carried: answers carried forward and not yet confirmed (warnings, never blockers).',
      ),
      428: err('If-Match is missing.'),
    },
  },
  {
    id: 'amendEvaluation',
    method: 'post',
    path: '/api/evaluations/{id}/amendments',
    summary: 'Reopen a signed evaluation as amending',
    tags: ['evaluations'],
    access: CLINICIAN,
    body: amendmentSchema,
    idempotent: true,
    responses: {
      201: { description: 'The evaluation, status amending.', schema: evaluationSchema, etag: true },
      404: err('No such evaluation.'),
      409: err(
        'Not signed (a draft, an amendment or discarded: code not_signed), or the patient has another open ' +
          'evaluation (details.evaluationId).',
      ),
    },
  },
  {
    id: 'reassignEvaluation',
    method: 'post',
    path: '/api/evaluations/{id}/assignee',
    summary: 'Reassign to another clinician',
    tags: ['evaluations'],
    access: ANY_ROLE,
    body: assigneeSchema,
    responses: {
      200: { description: 'The new assignment (no clinical content).', schema: assignmentSchema, etag: true },
      404: err('No such evaluation.'),
      409: err('Signed (code signed) or discarded (code discarded) evaluations cannot be reassigned.'),
      422: err('clinicianId is not an active clinician.'),
    },
  },
  {
    id: 'getEvaluationHistory',
    method: 'get',
    path: '/api/evaluations/{id}/history',
    summary: 'Change history: one entry per version',
    tags: ['evaluations'],
    access: CLINICIAN,
    responses: {
      200: { description: 'Oldest first.', schema: historySchema },
      404: err('No such evaluation.'),
    },
  },
  {
    id: 'getSignedVersion',
    method: 'get',
    path: '/api/evaluations/{id}/versions/{version}',
    summary: 'A signed version, exactly as signed',
    tags: ['evaluations'],
    access: CLINICIAN,
    responses: {
      200: { description: 'The snapshot.', schema: evaluationSchema, etag: true },
      404: err('No such evaluation, or that version was not signed.'),
    },
  },
  {
    id: 'exportEvaluationFhir',
    method: 'get',
    path: '/api/evaluations/{id}/fhir',
    summary: 'The evaluation as a FHIR R4 document Bundle (download)',
    description:
      'As it stands (a signed evaluation as signed). Content-Disposition attachment, filename ' +
      'rls-evaluation-<id>.json. Audited as a read of the evaluation (docs/fhir.md has the mapping).',
    tags: ['evaluations'],
    access: CLINICIAN,
    responses: {
      200: { description: 'The Bundle.', schema: fhirBundleSchema, contentType: FHIR_JSON, attachment: true },
      404: err('No such evaluation.'),
    },
  },
  {
    id: 'exportSignedVersionFhir',
    method: 'get',
    path: '/api/evaluations/{id}/versions/{version}/fhir',
    summary: 'A signed version as a FHIR R4 document Bundle (download)',
    description: 'Exactly as signed at that version; filename rls-evaluation-<id>-v<version>.json.',
    tags: ['evaluations'],
    access: CLINICIAN,
    responses: {
      200: { description: 'The Bundle.', schema: fhirBundleSchema, contentType: FHIR_JSON, attachment: true },
      404: err('No such evaluation, or that version was not signed.'),
    },
  },
  {
    id: 'importLabs',
    method: 'post',
    path: '/api/evaluations/{id}/labs/import',
    summary: 'Import lab results (FHIR Observations or CSV) into the labs stage',
    description:
      'Matched by LOINC code to the lab items and converted with the units the definition accepts; a row ' +
      'whose code, unit or number is not known exactly, that is not a final laboratory result, out of range, ' +
      'or a second different result for the same test is skipped with its reason (never guessed). ' +
      '?preview=true writes nothing and needs no If-Match (still 404, and 409 when signed or discarded). ' +
      'Applying needs If-Match like a save, stores every filled result or none (one save, audited as ' +
      'evaluation.update) and clears the not-done mark of an item it fills; the response carries the ' +
      'evaluation and its new ETag.',
    tags: ['evaluations'],
    access: CLINICIAN,
    query: labImportQuerySchema,
    ifMatch: 'optional',
    body: labImportFhirBodySchema,
    jsonTypes: [FHIR_JSON, 'application/json'],
    otherBodies: { 'text/csv': labImportCsvBodySchema },
    responses: {
      200: {
        description: 'What was (or, for a preview, would be) filled and what was skipped, by row.',
        schema: labImportResultSchema,
        etag: true,
      },
      404: err('No such evaluation.'),
      409: err('Signed: amend it first (code signed); or discarded (code discarded).'),
      412: err('If-Match is stale; details.current is the stored evaluation.'),
      422: err(
        'The body is not a Bundle/Observation or a CSV with the header loinc,value,unit[,date] ' +
          '(details.items); or no row could be filled (code nothing_to_import, details.skipped); or the ' +
          'Bundle names another patient — an MRN or birth date that is not this patient’s, or a subject ' +
          'that is no Patient (code wrong_patient, details.field and details.entry; preview too).',
      ),
      428: err('If-Match is missing (applying, not previewing).'),
    },
  },
  // --- administration ----------------------------------------------------------------------
  {
    id: 'listUsers',
    method: 'get',
    path: '/api/users',
    summary: 'Users',
    tags: ['administration'],
    access: ADMIN,
    responses: { 200: { description: 'By username.', schema: z.array(userSummarySchema) } },
  },
  {
    id: 'createUser',
    method: 'post',
    path: '/api/users',
    summary: 'Add a user',
    tags: ['administration'],
    access: ADMIN,
    body: newUserSchema,
    responses: {
      201: { description: 'The new user.', schema: userSummarySchema },
      409: err('The username is taken.'),
      422: err('Invalid fields, or the password breaks the password policy.'),
    },
  },
  {
    id: 'getUser',
    method: 'get',
    path: '/api/users/{id}',
    summary: 'A user',
    tags: ['administration'],
    access: ADMIN,
    responses: { 200: { description: 'The user.', schema: userSummarySchema }, 404: err('No such user.') },
  },
  {
    id: 'updateUser',
    method: 'patch',
    path: '/api/users/{id}',
    summary: 'Rename, change role (a privilege change), disable or enable',
    tags: ['administration'],
    access: ADMIN,
    body: userPatchSchema,
    responses: {
      200: { description: 'The user as stored.', schema: userSummarySchema },
      404: err('No such user.'),
      409: err('One’s own role or active state (code self_change).'),
    },
  },
  {
    id: 'resetUserPassword',
    method: 'post',
    path: '/api/users/{id}/password',
    summary: 'Set a new password for a user (ends their sessions)',
    tags: ['administration'],
    access: ADMIN,
    body: passwordResetSchema,
    responses: { 200: { description: 'Set.', schema: revokedSessionsSchema }, 404: err('No such user.') },
  },
  {
    id: 'resetUserMfa',
    method: 'delete',
    path: '/api/users/{id}/mfa',
    summary: 'Remove a user’s second factor',
    tags: ['administration'],
    access: ADMIN,
    responses: {
      200: { description: 'Removed.', schema: revokedSessionsSchema },
      404: err('No such user.'),
      409: err('The user has no second factor (code mfa_not_enabled).'),
    },
  },
  {
    id: 'getAuditReport',
    method: 'get',
    path: '/api/audit',
    summary: 'Audit trail report',
    tags: ['administration'],
    access: ADMIN,
    query: auditQuerySchema,
    responses: { 200: { description: 'One page, in the requested order.', schema: auditPageSchema } },
  },
  {
    id: 'exportAuditCsv',
    method: 'get',
    path: '/api/audit.csv',
    summary: 'Audit trail as CSV (the export is itself audited)',
    tags: ['administration'],
    access: ADMIN,
    query: auditQuerySchema,
    responses: { 200: { description: 'text/csv' } },
  },
  {
    id: 'getWorkload',
    method: 'get',
    path: '/api/workload',
    summary: 'Workload summary (no patient data)',
    description: 'from/to: inclusive dates in the server time zone; default the last 12 weeks.',
    tags: ['workload'],
    access: ADMIN,
    query: workloadQuerySchema,
    responses: { 200: { description: 'The summary.', schema: workloadSummarySchema } },
  },
  {
    id: 'listWorkloadEvaluations',
    method: 'get',
    path: '/api/workload/evaluations',
    summary: 'The evaluations behind a workload figure (no patient data)',
    tags: ['workload'],
    access: ADMIN,
    query: drillQuerySchema,
    responses: { 200: { description: 'One page.', schema: workloadEvaluationPageSchema } },
  },
];

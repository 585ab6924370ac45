/**
 * Every query key in one place, so a feature can invalidate another feature's data without
 * importing it (features never import each other). Each key is a prefix of the more specific ones:
 * invalidating `patientKeys.all` refreshes every worklist page and every patient.
 * Query-options factories take their key from here: one factory per endpoint, in the feature's
 * `api.ts`, or in `lib/queries.ts` for an endpoint several features read.
 */
export const sessionKeys = {
  /** `GET /api/session`. */
  all: ['session'] as const,
};

export const demoKeys = {
  /** `GET /api/demo`. */
  all: ['demo'] as const,
};

export const patientKeys = {
  all: ['patients'] as const,
  lists: () => [...patientKeys.all, 'list'] as const,
  /** `GET /api/patients`; `params` is the worklist's filter/sort/page object (JSON-serialisable). */
  list: (params: object) => [...patientKeys.lists(), params] as const,
  /** `GET /api/patients/:id`. */
  detail: (id: string) => [...patientKeys.all, 'detail', id] as const,
  /** `GET /api/patients/:id/trends` (every save of an evaluation makes it stale with the rest). */
  trends: (id: string) => [...patientKeys.all, 'trends', id] as const,
};

export const evaluationKeys = {
  all: ['evaluations'] as const,
  /** `GET /api/evaluations/:id` (the workspace keeps it up to date after every save). */
  detail: (id: string) => [...evaluationKeys.all, 'detail', id] as const,
  /** `GET /api/evaluations/:id/history`. */
  history: (id: string) => [...evaluationKeys.all, 'history', id] as const,
  /** `GET /api/evaluations/:id/versions/:version` (a signed snapshot; never changes). */
  version: (id: string, version: number) => [...evaluationKeys.all, 'version', id, version] as const,
};

export const clinicianKeys = {
  /** `GET /api/clinicians` (active clinicians). */
  all: ['clinicians'] as const,
};

export const accountKeys = {
  /** `GET /api/account` (the signed-in user's password and second-factor status). */
  all: ['account'] as const,
};

export const userKeys = {
  /** `GET /api/users` (administrators). */
  all: ['users'] as const,
};

export const auditKeys = {
  all: ['audit'] as const,
  /** `GET /api/audit`; `params` is the report's filter/sort/page object. */
  list: (params: object) => [...auditKeys.all, 'list', params] as const,
};

export const workloadKeys = {
  /** Everything of the workload pages (a reassignment invalidates all of it). */
  all: ['workload'] as const,
  /** `GET /api/workload`; `params` is the period and clinician. */
  summary: (params: object) => [...workloadKeys.all, 'summary', params] as const,
  /** `GET /api/workload/evaluations`; `params` is the drill-down's filter and page. */
  evaluations: (params: object) => [...workloadKeys.all, 'evaluations', params] as const,
};

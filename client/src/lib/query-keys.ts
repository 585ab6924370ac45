/**
 * Every query key in one place, so a feature can invalidate another feature's data without
 * importing it (features never import each other). Each key is a prefix of the more specific ones:
 * invalidating `patientKeys.all` refreshes every worklist page and every patient.
 * Query-options factories live in their feature's `api.ts` and take their key from here.
 */
export const sessionKeys = {
  all: ['session'] as const,
};

export const demoKeys = {
  all: ['demo'] as const,
};

export const patientKeys = {
  all: ['patients'] as const,
  lists: () => [...patientKeys.all, 'list'] as const,
  /** `params` is the worklist's filter/sort/page object; it must be JSON-serialisable. */
  list: (params: object) => [...patientKeys.lists(), params] as const,
  detail: (id: string) => [...patientKeys.all, 'detail', id] as const,
};

export const evaluationKeys = {
  all: ['evaluations'] as const,
  /** `GET /api/evaluations/:id` (the workspace keeps it up to date after every save). */
  detail: (id: string) => [...evaluationKeys.all, 'detail', id] as const,
  history: (id: string) => [...evaluationKeys.all, 'history', id] as const,
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
  /** `params` is the report's filter/sort/page object. */
  list: (params: object) => [...auditKeys.all, 'list', params] as const,
};

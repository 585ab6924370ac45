// Response shapes of SPEC §3 that more than one feature reads. Replace with (or re-export) the
// @rls/shared API schemas' inferred types once shared/src/api exists.

export type Role = 'clinician' | 'admin';

export interface User {
  id: string;
  username: string;
  name: string;
  role: Role;
}

export interface Session {
  user: User;
  csrfToken: string;
  /** An administrator who must set up two-factor authentication before anything else. */
  mfaEnrolmentRequired?: boolean;
}

/** `POST /api/session` when the user has a second factor: a code is still owed. */
export interface SecondFactorRequired {
  mfaRequired: true;
}

export type DemoInfo =
  { demo: false } | { demo: true; accounts: { username: string; role: Role }[]; password: string };

export type Sex = 'female' | 'male' | 'other' | 'unknown';
export type EvaluationStatus = 'draft' | 'amending' | 'signed';
export type EvaluationStage = 'history' | 'exam' | 'labs' | 'imaging' | 'assessment' | 'plan' | 'signed';

/** One row of `GET /api/patients`. */
export interface PatientListItem {
  id: string;
  mrn: string;
  name: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: Sex;
  evaluation: {
    status: EvaluationStatus;
    currentStage: EvaluationStage;
    assigneeName: string | null;
    followUpDate: string | null;
  } | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

import type { AnswerChange } from '../workup/apply';
import type { Assessment } from '../workup/assess/types';
import type { Plan } from '../workup/plan';
import type { AnswerMeta, Answers, Sex, StageId } from '../workup/types';

export type Role = 'clinician' | 'admin';

export interface SessionUser {
  id: string;
  username: string;
  name: string;
  role: Role;
}

export interface SessionResponse {
  user: SessionUser;
  csrfToken: string;
}

export interface Clinician {
  id: string;
  name: string;
}

export interface Patient {
  id: string;
  mrn: string;
  name: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: Sex;
  createdAt: string;
  updatedAt: string;
}

export type EvaluationStatus = 'draft' | 'amending' | 'signed';
export type CurrentStage = StageId | 'signed';

export interface WorklistEvaluation {
  id: string;
  status: EvaluationStatus;
  currentStage: CurrentStage;
  assigneeId: string | null;
  assigneeName: string | null;
  followUpDate: string | null;
  updatedAt: string;
}

export interface WorklistItem {
  id: string;
  mrn: string;
  name: string;
  birthDate: string;
  sex: Sex;
  evaluation: WorklistEvaluation | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface StageProgressDto {
  answered: number;
  total: number;
  /** ISO-UTC time of the first / last answer change in the stage, null before any. */
  firstAt: string | null;
  lastAt: string | null;
}

export interface Amendment {
  id: string;
  reason: string;
  /** User id of who opened the amendment. */
  by: string;
  at: string;
  /** The signed version the amendment started from. */
  fromVersion: number;
}

/** `GET /api/evaluations/:id` (SPEC §3). */
export interface EvaluationDto {
  id: string;
  patientId: string;
  status: EvaluationStatus;
  workflowVersion: number;
  version: number;
  assigneeId: string | null;
  currentStage: CurrentStage;
  progress: Record<StageId, StageProgressDto>;
  answers: Answers;
  answerMeta: AnswerMeta;
  plan: Plan;
  assessment: Assessment;
  signedAt: string | null;
  signedBy: string | null;
  amendments: Amendment[];
  startedAt: string;
  /** YYYY-MM-DD of `startedAt` in the server time zone: the date age rules are judged on. */
  startDate: string;
  updatedAt: string;
}

export interface EvaluationHistoryEntry {
  version: number;
  at: string;
  by: string;
  changes: AnswerChange[];
}

export interface ApiError {
  error: { code: string; message: string; details?: unknown };
}

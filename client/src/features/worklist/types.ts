import type { Page, WorklistEvaluation, WorklistItem, WorklistQueryInput } from '@rls/shared';

/**
 * What the worklist screen reads of a `GET /api/patients` row: the API's `WorklistItem`, of whose
 * evaluation only the fields shown in the table are needed (so fixtures stay small).
 */
export type WorklistRow = Omit<WorklistItem, 'evaluation'> & {
  evaluation:
    | (Pick<WorklistEvaluation, 'status' | 'currentStage' | 'assigneeName' | 'followUpDate'> &
        Partial<WorklistEvaluation>)
    | null;
};

export type WorklistPage = Page<WorklistRow>;

/** Query parameters of `GET /api/patients` (all optional; the server applies defaults). */
export type WorklistParams = Omit<WorklistQueryInput, 'followUpDue' | 'page' | 'pageSize'> & {
  followUpDue?: boolean;
  page?: number;
  pageSize?: number;
};

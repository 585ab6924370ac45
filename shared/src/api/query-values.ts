import { STAGE_IDS } from '../workup/types';

/**
 * The fixed values of API query parameters, in a module without zod: the client validates its
 * address bar against them in code that every page loads first (client/src/lib/search-params.ts),
 * and importing them from the schema modules would pull zod into that code. The schemas in
 * patients.ts, workload.ts and audit.ts use (and re-export) these.
 */

/** The statuses lists show (the worklist, a patient's evaluations, the workload figures). */
export const LISTED_STATUSES = ['draft', 'amending', 'signed'] as const;
export type ListedStatus = (typeof LISTED_STATUSES)[number];

/** Where an evaluation waits: one of the stages, or `signed`. */
export const CURRENT_STAGES = [...STAGE_IDS, 'signed'] as const;
export type CurrentStage = (typeof CURRENT_STAGES)[number];

export const WORKLIST_SORTS = [
  'name',
  '-name',
  'mrn',
  '-mrn',
  'updated',
  '-updated',
  'followUp',
  '-followUp',
  'status',
  '-status',
] as const;
export type WorklistSort = (typeof WORKLIST_SORTS)[number];

/** Which figure of the summary a drill-down lists the evaluations of. */
export const DRILL_KINDS = [
  'status',
  'open',
  'overdue',
  'stage',
  'clinician',
  'started',
  'signed',
  'followup',
  'finding',
] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

export const AUDIT_OUTCOMES = ['success', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** The columns the audit report sorts by (`-key` for descending). */
export const AUDIT_SORT_KEYS = [
  'seq',
  'at',
  'user',
  'role',
  'patient',
  'action',
  'category',
  'outcome',
  'entity',
] as const;
export type AuditSortKey = (typeof AUDIT_SORT_KEYS)[number];

export const AUDIT_PAGE_SIZE = 50;

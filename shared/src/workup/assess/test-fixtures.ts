// Answer sets the rule tests share (test-only; not exported from the package).
import { CRITERIA_CODES } from '../sign';
import type { Answers } from '../types';

/** All five IRLSSG essential criteria answered yes. */
export const CRITERIA_MET: Answers = Object.fromEntries(CRITERIA_CODES.map((code) => [code, true]));

/** RLS established and moderate: gabapentinoids, nerve stimulation and pneumatic compression are triggered for an adult. */
export const RLS_MODERATE: Answers = { ...CRITERIA_MET, 'irls.total': 15 };

import express, { type RequestHandler } from 'express';
import type { Role } from '../db/schema';
import { requireCsrf, requireRole, requireSession } from './auth';

/** JSON body parser (1 MB). Malformed → 400 `invalid_json`, too large → 413 (see errorHandler). */
export const jsonBody: RequestHandler = express.json({ limit: '1mb' });

/**
 * The standard guard chain of a protected router, in the order the OpenAPI document's description gives:
 * 401 no session → 403 CSRF (state-changing methods) → 403 role → then the body is parsed,
 * so a malformed body never outranks an authentication error.
 */
export function guarded(...roles: Role[]): RequestHandler[] {
  return [requireSession, requireCsrf, ...(roles.length > 0 ? [requireRole(...roles)] : []), jsonBody];
}

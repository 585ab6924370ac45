import express, { type Request, type RequestHandler } from 'express';
import type { Role } from '../db/schema';
import { requireCsrf, requireRole, requireSession } from './auth';
import { HttpError, ValidationError } from './errors';

/** The media types a body may have: `application/json` and any `+json` type (e.g. merge-patch+json). */
const JSON_TYPES = ['application/json', '+json'];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const parseJson: RequestHandler = express.json({ limit: '1mb', type: JSON_TYPES });

/** A body with content: chunked, or a Content-Length above 0 (`Content-Length: 0` is no body). */
function carriesBody(req: Request): boolean {
  const length = req.get('content-length');
  return req.get('transfer-encoding') !== undefined || (length !== undefined && Number(length) !== 0);
}

/**
 * The JSON body (1 MB). A request that carries a body in any other media type — or none — is 415
 * `unsupported_media_type`, whatever its method (POST, PUT, PATCH, DELETE): it is never read as an
 * empty body. Requests without a body pass. Malformed JSON → 400 `invalid_json`, too large → 413
 * (see errorHandler); a NUL character in any string of the body or the query string → 422 naming it.
 */
export const jsonBody: RequestHandler = (req, res, next) => {
  // A GET's body means nothing and is not read.
  if (!SAFE_METHODS.has(req.method) && carriesBody(req) && !req.is(JSON_TYPES)) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      'The request body must be JSON, sent with Content-Type: application/json.',
    );
  }
  parseJson(req, res, (err?: unknown) => {
    if (err !== undefined) {
      next(err);
      return;
    }
    const nul = [...nulFields(req.query, ''), ...nulFields(req.body, '')];
    if (nul.length > 0) {
      next(new ValidationError(nul.map((code) => ({ code, reason: 'must not contain the NUL character' }))));
      return;
    }
    next();
  });
};

/**
 * Paths (`a.b.0`, `(body)` for the body itself) of the strings and keys of a parsed query or body that
 * hold U+0000: no text column stores one (PostgreSQL refuses it), so it is a 422 before any query
 * runs. Iterative: a body may nest deeper than the call stack.
 */
function nulFields(root: unknown, rootPath: string): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[root, rootPath]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [value, path] = next;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) found.push(path || '(body)');
    } else if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value)) {
        const at = path ? `${path}.${key}` : key;
        if (key.includes('\u0000')) found.push(at);
        else stack.push([(value as Record<string, unknown>)[key], at]);
      }
    }
  }
  return found.reverse();
}

/**
 * The standard guard chain of a protected router, in the order the OpenAPI document's description gives:
 * 401 no session → 403 CSRF (state-changing methods) → 403 role → then the body is checked and parsed
 * (415, 400, 413), so a malformed body never outranks an authentication error.
 */
export function guarded(...roles: Role[]): RequestHandler[] {
  return [requireSession, requireCsrf, ...(roles.length > 0 ? [requireRole(...roles)] : []), jsonBody];
}

const parseCsv: RequestHandler = express.text({ limit: '1mb', type: 'text/csv' });

/**
 * The body of an import: JSON (`application/json`, `application/fhir+json` or another `+json` type)
 * as `jsonBody` reads it, or a CSV file (`text/csv`, 1 MB, UTF-8) as text. Any other media type is 415.
 */
export const jsonOrCsvBody: RequestHandler = (req, res, next) => {
  if (!SAFE_METHODS.has(req.method) && carriesBody(req) && !req.is([...JSON_TYPES, 'text/csv'])) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      'The request body must be a FHIR Bundle or Observation (Content-Type: application/fhir+json or ' +
        'application/json) or a CSV file (Content-Type: text/csv).',
    );
  }
  if (!req.is('text/csv')) {
    jsonBody(req, res, next);
    return;
  }
  parseCsv(req, res, (err?: unknown) => {
    if (err !== undefined) {
      next(err);
      return;
    }
    const nul = nulFields(req.query, '');
    next(
      nul.length > 0
        ? new ValidationError(nul.map((code) => ({ code, reason: 'must not contain the NUL character' })))
        : undefined,
    );
  });
};

/** `guarded(...roles)` with another body reader than `jsonBody` (same order: session, CSRF, role, body). */
export function guardedWith(body: RequestHandler, ...roles: Role[]): RequestHandler[] {
  return [requireSession, requireCsrf, ...(roles.length > 0 ? [requireRole(...roles)] : []), body];
}

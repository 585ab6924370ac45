import type { ErrorRequestHandler, RequestHandler } from 'express';
import { zodIssuesToItems, type ApiErrorBody, type InvalidField } from '@rls/shared';
import { ZodError } from 'zod';
import { IdempotencyKeyTakenError } from '../db/idempotency';

/** One invalid input: `code` is the item code or field path, `reason` what is wrong with it. */
export type InvalidItem = InvalidField;

/** An error with an HTTP status, a stable machine code and a message a person can act on. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    details?: unknown,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export class UnauthenticatedError extends HttpError {
  constructor(message = 'Please log in.', code = 'unauthenticated') {
    super(401, code, message);
  }
}

export class CsrfError extends HttpError {
  constructor(message = 'Missing or wrong X-CSRF-Token header. Reload the page and try again.') {
    super(403, 'csrf', message);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'Your role does not allow this.', code = 'forbidden') {
    super(403, code, message);
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'Not found.', code = 'not_found') {
    super(404, code, message);
  }
}

export class ConflictError extends HttpError {
  constructor(message: string, details?: unknown, code = 'conflict') {
    super(409, code, message, details);
  }
}

export class PreconditionFailedError extends HttpError {
  constructor(message: string, details?: unknown) {
    super(412, 'stale', message, details);
  }
}

export class PreconditionRequiredError extends HttpError {
  constructor(message = 'This change needs an If-Match header with the version you edited.') {
    super(428, 'precondition_required', message);
  }
}

export class ValidationError extends HttpError {
  constructor(items: InvalidItem[], message = describeItems(items)) {
    super(422, 'invalid', message, { items });
  }
}

export class TooManyRequestsError extends HttpError {
  constructor(message: string, retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(429, 'throttled', message, { retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
  }
}

function describeItems(items: InvalidItem[]): string {
  if (items.length === 0) return 'The request is invalid.';
  const first = items[0]!;
  const rest = items.length > 1 ? ` (and ${items.length - 1} more)` : '';
  return `${first.code ? `${first.code}: ` : ''}${first.reason}${rest}`;
}

/**
 * Zod issues → `[{code: 'field.path', reason}]` (shared convention: `(body)` for the body itself, one
 * item per unknown field of a strict object), keeping only the first problem of each field.
 */
export function zodItems(error: ZodError): InvalidItem[] {
  const seen = new Set<string>();
  return zodIssuesToItems(error).filter((item) => !seen.has(item.code) && seen.add(item.code));
}

export function sendError(
  res: Parameters<RequestHandler>[1],
  status: number,
  code: string,
  message: string,
  details?: unknown,
): void {
  const body: ApiErrorBody = { error: { code, message } };
  if (details !== undefined) body.error.details = details as ApiErrorBody['error']['details'];
  res.status(status).json(body);
}

/** Unknown `/api/...` routes. Mounted after every API router, before the client fallback. */
export const apiNotFound: RequestHandler = (req, res) => {
  sendError(res, 404, 'not_found', `No API endpoint ${req.method} ${req.baseUrl}${req.path}.`);
};

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/** The single error middleware: every failure becomes `{error:{code,message,details?}}`. */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  if (err instanceof HttpError) {
    res.set(err.headers);
    sendError(res, err.status, err.code, err.message, err.details);
    return;
  }
  if (err instanceof IdempotencyKeyTakenError) {
    // A concurrent request with the same Idempotency-Key created first (http/idempotency.ts answers
    // its result instead when it can read it).
    sendError(
      res,
      409,
      'idempotency_in_progress',
      'A request with this Idempotency-Key is still being processed. Retry it in a moment.',
    );
    return;
  }
  if (err instanceof ZodError) {
    const items = zodItems(err);
    sendError(res, 422, 'invalid', new ValidationError(items).message, { items });
    return;
  }
  const bp = (typeof err === 'object' && err !== null ? err : {}) as BodyParserError;
  if (err instanceof URIError && bp.status === 400) {
    // The router could not percent-decode a path parameter (rejectMalformedPath answers it first).
    sendError(res, 400, 'bad_path', 'The address is not valid: it holds malformed percent-encoding (%xx).');
    return;
  }
  if (bp.type === 'entity.parse.failed') {
    sendError(res, 400, 'invalid_json', 'The request body is not valid JSON.');
    return;
  }
  if (bp.type === 'entity.too.large') {
    sendError(res, 413, 'too_large', 'The request body is too large (limit 1 MB).');
    return;
  }
  if (bp.expose && typeof bp.status === 'number' && bp.status >= 400 && bp.status < 500) {
    // Other body-parser refusals (415 unsupported charset or encoding, aborted request…).
    sendError(
      res,
      bp.status,
      bp.status === 415 ? 'unsupported_media_type' : 'bad_request',
      'The request body could not be read.',
    );
    return;
  }
  req.log.error(
    {
      err:
        err instanceof Error
          ? { name: err.name, message: err.message, stack: err.stack }
          : { value: String(err) },
    },
    'unhandled error',
  );
  sendError(
    res,
    500,
    'internal',
    `Something went wrong on the server. Please try again; if it persists, report reference ${req.id}.`,
  );
};

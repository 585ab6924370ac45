import type { RequestHandler } from 'express';
import { HttpError } from './errors';

/**
 * 400 `bad_path` for a path whose percent-encoding does not decode (`/api/evaluations/%ff`) or
 * decodes to a control character (`%00`), before anything else looks at the request — so every route
 * answers it alike, ahead of 401 (the order the OpenAPI document's description gives). Without this
 * the router's own decoding error would come after the session check on some routes and before it
 * on others.
 */
export const rejectMalformedPath: RequestHandler = (req, _res, next) => {
  let decoded: string;
  try {
    decoded = decodeURIComponent(req.path);
  } catch {
    throw new HttpError(
      400,
      'bad_path',
      'The address is not valid: it holds malformed percent-encoding (%xx).',
    );
  }
  // No id or name holds a control character (and no text column takes NUL): the address is malformed.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(decoded)) {
    throw new HttpError(400, 'bad_path', 'The address is not valid: it holds a control character.');
  }
  next();
};

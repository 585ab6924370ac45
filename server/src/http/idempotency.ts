import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../context';
import {
  findStoredResponse,
  IdempotencyScope,
  purgeExpiredKeys,
  runWithIdempotencyKey,
  type StoredResponse,
} from '../db/idempotency';
import { HttpError, UnauthenticatedError, ValidationError } from './errors';

/**
 * `Idempotency-Key` on a create (docs/reliability.md, "Idempotent creates"). A route opts in with one
 * line, after its guards: `router.post('/things', ...guarded('clinician'), idempotent(ctx), handler)`
 * (and `idempotent: true` on its OpenAPI operation).
 *
 * - No header: the request runs as usual.
 * - A key that is not 1–200 visible ASCII characters: 422 naming the header.
 * - A key this user sent in the last 24 h with the same method, path and body: the first response
 *   again (same status, headers Location/ETag and body; `Idempotent-Replayed: true`), nothing created.
 * - The same key with another method, path or body: 422 `idempotency_key_reused`.
 * - Otherwise the request runs; if it creates, its unit of work stores the key and the response in
 *   the same transaction (db/idempotency.ts). A concurrent request with the same key waits for that
 *   transaction and answers its result; only if no result can be found then is it a 409
 *   `idempotency_in_progress`, to be retried.
 *
 * The handler must answer with `res.json` (every create route does).
 */

const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** How long a key is remembered (docs/reliability.md). */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
/** Expired keys of every user are deleted at most this often per app instance. */
const PURGE_INTERVAL_MS = 60 * 60 * 1000;
/** Response headers stored with the key and replayed. */
const REPLAYED_HEADERS = ['location', 'etag'];

const lastPurge = new WeakMap<AppContext, number>();

/** A piece of canonical JSON text (a bracket, comma or key) waiting on the stack of `hashBody`. */
class Raw {
  constructor(readonly text: string) {}
}

/**
 * SHA-256 of the canonical JSON of a parsed body (object keys sorted, so key order does not matter).
 * Iterative: a body may nest deeper than the call stack (a malformed body is a 4xx, never a 500).
 */
function hashBody(body: unknown): string {
  const hash = createHash('sha256');
  const stack: unknown[] = [body];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value instanceof Raw) {
      hash.update(value.text);
    } else if (Array.isArray(value)) {
      hash.update('[');
      stack.push(new Raw(']'));
      for (let i = value.length - 1; i >= 0; i--) {
        stack.push(value[i] as unknown);
        if (i > 0) stack.push(new Raw(','));
      }
    } else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      hash.update('{');
      stack.push(new Raw('}'));
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push(record[keys[i]!], new Raw(`${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:`));
      }
    } else {
      // No body at all (undefined) differs from every JSON value.
      hash.update(value === undefined ? '(none)' : JSON.stringify(value));
    }
  }
  return hash.digest('hex');
}

/** The fingerprint of a request: method, path (without the query) and body. */
function fingerprintOf(req: Request): string {
  const path = req.originalUrl.split('?')[0] ?? '';
  return createHash('sha256')
    .update(`${req.method} ${path}\n${hashBody(req.body)}`)
    .digest('hex');
}

function invalidKey(reason: string): ValidationError {
  return new ValidationError([{ code: IDEMPOTENCY_HEADER, reason }]);
}

function reusedKey(): HttpError {
  return new HttpError(
    422,
    'idempotency_key_reused',
    `This ${IDEMPOTENCY_HEADER} was already used for a different request (another body or address). ` +
      'Send a new key for a new request.',
    { items: [{ code: IDEMPOTENCY_HEADER, reason: 'was already used for a different request' }] },
  );
}

/** Sends a stored response again, exactly. */
function replay(res: Response, stored: StoredResponse, send: (text: string) => void): void {
  res.status(stored.status);
  for (const [name, value] of Object.entries(stored.headers)) res.setHeader(name, value);
  res.setHeader('Idempotent-Replayed', 'true');
  res.type('application/json');
  send(stored.body);
}

/** Route middleware: makes a create idempotent under the `Idempotency-Key` header. Use after `guarded`. */
export function idempotent(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    const key = req.get(IDEMPOTENCY_HEADER);
    if (key === undefined) {
      next();
      return;
    }
    if (!KEY_PATTERN.test(key)) {
      throw invalidKey(
        key.length === 0 || key.length > 200
          ? 'must be 1–200 characters long'
          : 'must hold only visible ASCII characters (no spaces), e.g. a UUID',
      );
    }
    if (!req.auth) throw new UnauthenticatedError();
    const userId = req.auth.user.id;
    const fingerprint = fingerprintOf(req);
    const now = ctx.clock.now();
    const cutoff = new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString();
    await purgeEveryHour(ctx, now.getTime(), cutoff);

    let stored = await findStoredResponse(ctx.db, userId, key);
    if (stored && stored.createdAt < cutoff) {
      // Expired: forgotten, and its row deleted so that the key can name a new create.
      await purgeExpiredKeys(ctx.db, cutoff, { userId, key });
      stored = undefined;
    }
    if (stored) {
      if (stored.fingerprint !== fingerprint) throw reusedKey();
      replay(res, stored, (text) => res.send(text));
      return;
    }

    const scope = new IdempotencyScope({ userId, key, fingerprint, createdAt: now.toISOString() });
    const json = res.json.bind(res);
    const sendJson = (body: unknown) => {
      json(body);
    };
    const sendText = (text: string) => {
      res.send(text);
    };
    res.json = (body: unknown) => {
      void answer(body).catch((err: unknown) => {
        req.log.error(
          { err: err instanceof Error ? { name: err.name, message: err.message } : String(err) },
          'idempotent response failed',
        );
        if (!res.headersSent) {
          res.status(500);
          sendJson({
            error: {
              code: 'internal',
              message: `Something went wrong on the server. Please try again; if it persists, report reference ${req.id}.`,
            },
          });
        }
      });
      return res;
    };
    // A request that ends without answering through res.json (the client went away first) undoes its work.
    res.on('close', () => {
      void scope.rollback().catch(() => {});
    });

    const answer = async (body: unknown): Promise<void> => {
      if (scope.pending) {
        if (res.statusCode < 400) {
          const text = JSON.stringify(body);
          const headers: Record<string, string> = {};
          for (const name of REPLAYED_HEADERS) {
            const value = res.getHeader(name);
            if (typeof value === 'string') headers[name] = value;
          }
          await scope.commit({ status: res.statusCode, headers, body: text });
          res.type('application/json');
          sendText(text);
          return;
        }
        // An error after the work was done: nothing of it is kept.
        await scope.rollback();
      }
      if (res.statusCode >= 400) {
        // A concurrent request with the same key may have created meanwhile (this one then lost a
        // race: an open evaluation, a duplicate MRN, or the key itself): answer its result.
        const winner = await findStoredResponse(ctx.db, userId, key);
        if (winner && winner.createdAt >= cutoff) {
          if (winner.fingerprint !== fingerprint) {
            const refusal = reusedKey();
            res.status(refusal.status);
            sendJson({ error: { code: refusal.code, message: refusal.message, details: refusal.details } });
          } else {
            replay(res, winner, sendText);
          }
          return;
        }
      }
      sendJson(body);
    };

    runWithIdempotencyKey(scope, () => {
      next();
    });
  };
}

/** Deletes every expired key, at most once per PURGE_INTERVAL_MS per app instance. */
async function purgeEveryHour(ctx: AppContext, nowMs: number, cutoff: string): Promise<void> {
  const last = lastPurge.get(ctx);
  if (last === undefined || nowMs - last >= PURGE_INTERVAL_MS || nowMs < last) {
    lastPurge.set(ctx, nowMs);
    await purgeExpiredKeys(ctx.db, cutoff);
  }
}

import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import './types';

/**
 * Gives each request an id and a bound logger, and logs one line when it ends:
 * method, path WITHOUT the query string (search text may be a patient's name), status, duration,
 * request id and user id. Never bodies, query strings or cookies.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    req.id = randomUUID();
    req.log = logger.child({ reqId: req.id });
    res.setHeader('X-Request-Id', req.id);
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const status = res.writableFinished ? res.statusCode : 499;
      const line = {
        method: req.method,
        path: (req.originalUrl.split('?')[0] ?? '').slice(0, 300),
        status,
        ms: Math.round(ms * 10) / 10,
        userId: req.auth?.user.id,
      };
      if (status >= 500) req.log.error(line, 'request');
      else req.log.info(line, 'request');
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}

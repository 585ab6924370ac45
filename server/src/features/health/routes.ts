import { Router } from 'express';
import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { sendError } from '../../http/errors';

/** GET /api/health (public): 200 when the database answers, else 503. */
export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/health', async (req, res) => {
    try {
      await sql`select 1`.execute(ctx.db);
      res.json({ status: 'ok' });
    } catch (err) {
      req.log.error({ err: { message: (err as Error).message } }, 'health check: database unavailable');
      sendError(res, 503, 'unavailable', 'The database is not reachable.');
    }
  });
  return router;
}

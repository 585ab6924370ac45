import type { Clinician } from '@rls/shared';
import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { Database } from '../../db/schema';
import { guarded } from '../../http/body';

/** Active clinicians by name (for assignment and the worklist's assignee filter). */
function listActiveClinicians(db: Kysely<Database>): Promise<Clinician[]> {
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('role', '=', 'clinician')
    .where('active', '=', 1)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** GET /api/clinicians — clinicians and administrators. */
export function clinicianRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/clinicians', ...guarded('clinician', 'admin'), async (_req, res) => {
    res.json(await listActiveClinicians(ctx.db));
  });
  return router;
}

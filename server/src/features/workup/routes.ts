import { getWorkup, hasWorkupVersion, workupQuerySchema } from '@rls/shared';
import { Router } from 'express';
import { guarded } from '../../http/body';
import { NotFoundError } from '../../http/errors';
import { parseInput } from '../../http/validate';

/**
 * GET /api/workflow[?version=N] — the workup definition as data (clinicians and administrators);
 * 404 for a version that was never published. It holds no PHI and changes only with a release.
 */
export function workupRoutes(): Router {
  const router = Router();
  router.get('/workflow', ...guarded('clinician', 'admin'), (req, res) => {
    const { version } = parseInput(workupQuerySchema, req.query);
    if (version !== undefined && !hasWorkupVersion(version)) {
      throw new NotFoundError(`There is no workup version ${version}.`);
    }
    res.json(getWorkup(version));
  });
  return router;
}

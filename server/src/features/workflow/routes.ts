import { getWorkflow, hasWorkflowVersion, workflowQuerySchema } from '@rls/shared';
import { Router } from 'express';
import { guarded } from '../../http/body';
import { NotFoundError } from '../../http/errors';
import { parseInput } from '../../http/validate';

/**
 * GET /api/workflow[?version=N] — the workup definition as data (clinicians and administrators);
 * 404 for a version that was never published. It holds no PHI and changes only with a release.
 */
export function workflowRoutes(): Router {
  const router = Router();
  router.get('/workflow', ...guarded('clinician', 'admin'), (req, res) => {
    const { version } = parseInput(workflowQuerySchema, req.query);
    if (version !== undefined && !hasWorkflowVersion(version)) {
      throw new NotFoundError(`There is no workflow version ${version}.`);
    }
    res.json(getWorkflow(version));
  });
  return router;
}

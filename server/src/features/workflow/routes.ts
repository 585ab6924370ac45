import { getWorkflow, hasWorkflowVersion } from '@rls/shared';
import { Router } from 'express';
import { z } from 'zod';
import { guarded } from '../../http/body';
import { NotFoundError } from '../../http/errors';
import { parseInput } from '../../http/validate';

/** `?version=N` (optional): a positive whole number. */
export const workflowQuerySchema = z.strictObject({
  version: z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .optional(),
});

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

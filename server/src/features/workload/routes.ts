import { drillQuerySchema, workloadQuerySchema } from '@rls/shared';
import { Router } from 'express';
import type { AppContext } from '../../context';
import { guarded } from '../../http/body';
import { parseInput } from '../../http/validate';
import { getWorkloadEvaluations } from './drill-service';
import { getWorkloadSummary } from './service';

/**
 * /api/workload — administrators only (clinicians get 403). Read-only, so no audit entry: the
 * responses carry no patient data (minimum necessary: the flow of work, not its content).
 */
export function workloadRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/workload', guarded('admin'));

  router.get('/workload', async (req, res) => {
    res.json(await getWorkloadSummary(ctx, parseInput(workloadQuerySchema, req.query)));
  });

  router.get('/workload/evaluations', async (req, res) => {
    res.json(await getWorkloadEvaluations(ctx, parseInput(drillQuerySchema, req.query)));
  });

  return router;
}

import { Router, type Response } from 'express';
import type { AppContext } from '../../context';
import { actorOf } from '../../http/auth';
import { guarded } from '../../http/body';
import { optionalIfMatch } from './if-match';
import { pathParam } from './params';
import { etagOf } from './model';
import {
  amendEvaluation,
  getEvaluation,
  getHistory,
  getSignedVersion,
  patchEvaluation,
  reassignEvaluation,
  signEvaluation,
} from './service';

function sendVersioned(res: Response, status: number, body: { version: number }): void {
  res.status(status).setHeader('ETag', etagOf(body.version)).json(body);
}

/**
 * /api/evaluations/… (SPEC §3). Evaluation content is for clinicians only; reassignment is open
 * to clinicians and administrators (it answers no clinical content).
 */
export function evaluationRoutes(ctx: AppContext): Router {
  const router = Router();
  const clinician = guarded('clinician');

  router.post('/evaluations/:id/assignee', ...guarded('clinician', 'admin'), async (req, res) => {
    const view = await reassignEvaluation(ctx, actorOf(req), pathParam(req, 'id'), req.body);
    sendVersioned(res, 200, view);
  });

  router.get('/evaluations/:id', ...clinician, async (req, res) => {
    sendVersioned(res, 200, await getEvaluation(ctx, actorOf(req), pathParam(req, 'id')));
  });

  router.patch('/evaluations/:id', ...clinician, async (req, res) => {
    const view = await patchEvaluation(
      ctx,
      actorOf(req),
      pathParam(req, 'id'),
      optionalIfMatch(req),
      req.body,
    );
    sendVersioned(res, 200, view);
  });

  router.post('/evaluations/:id/sign', ...clinician, async (req, res) => {
    const view = await signEvaluation(
      ctx,
      actorOf(req),
      pathParam(req, 'id'),
      optionalIfMatch(req),
      req.body,
    );
    sendVersioned(res, 200, view);
  });

  router.post('/evaluations/:id/amendments', ...clinician, async (req, res) => {
    const view = await amendEvaluation(ctx, actorOf(req), pathParam(req, 'id'), req.body);
    res.location(`/api/evaluations/${view.id}`);
    sendVersioned(res, 201, view);
  });

  router.get('/evaluations/:id/history', ...clinician, async (req, res) => {
    res.json(await getHistory(ctx, actorOf(req), pathParam(req, 'id')));
  });

  router.get('/evaluations/:id/versions/:version', ...clinician, async (req, res) => {
    const snapshot = await getSignedVersion(
      ctx,
      actorOf(req),
      pathParam(req, 'id'),
      pathParam(req, 'version'),
    );
    sendVersioned(res, 200, snapshot);
  });

  return router;
}

import {
  amendmentSchema,
  assigneeSchema,
  discardSchema,
  evaluationPatchSchema,
  signSchema,
} from '@rls/shared';
import { Router, type Response } from 'express';
import type { AppContext } from '../../context';
import { actorOf } from '../../http/auth';
import { guarded } from '../../http/body';
import { idempotent } from '../../http/idempotency';
import { optionalIfMatch } from '../../http/if-match';
import { checkInput, pathParam } from '../../http/validate';
import { etagOf } from './model';
import {
  amendEvaluation,
  discardEvaluation,
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
 * /api/evaluations/… (the OpenAPI document). Evaluation content is for clinicians only; reassignment
 * is open to clinicians and administrators (it answers no clinical content). Bodies are checked here
 * and read by the service once it has answered 404, 428, 409 and 412 (that order comes first).
 */
export function evaluationRoutes(ctx: AppContext): Router {
  const router = Router();
  const clinician = guarded('clinician');

  router.post('/evaluations/:id/assignee', ...guarded('clinician', 'admin'), async (req, res) => {
    const input = checkInput(assigneeSchema, req.body);
    sendVersioned(res, 200, await reassignEvaluation(ctx, actorOf(req), pathParam(req, 'id'), input));
  });

  router.get('/evaluations/:id', ...clinician, async (req, res) => {
    sendVersioned(res, 200, await getEvaluation(ctx, actorOf(req), pathParam(req, 'id')));
  });

  router.patch('/evaluations/:id', ...clinician, async (req, res) => {
    const input = checkInput(evaluationPatchSchema, req.body);
    const id = pathParam(req, 'id');
    sendVersioned(res, 200, await patchEvaluation(ctx, actorOf(req), id, optionalIfMatch(req), input));
  });

  router.delete('/evaluations/:id', ...clinician, async (req, res) => {
    const input = checkInput(discardSchema, req.body);
    await discardEvaluation(ctx, actorOf(req), pathParam(req, 'id'), optionalIfMatch(req), input);
    res.status(204).end();
  });

  router.post('/evaluations/:id/sign', ...clinician, async (req, res) => {
    const input = checkInput(signSchema, req.body);
    const id = pathParam(req, 'id');
    sendVersioned(res, 200, await signEvaluation(ctx, actorOf(req), id, optionalIfMatch(req), input));
  });

  router.post('/evaluations/:id/amendments', ...clinician, idempotent(ctx), async (req, res) => {
    const input = checkInput(amendmentSchema, req.body);
    const view = await amendEvaluation(ctx, actorOf(req), pathParam(req, 'id'), input);
    res.location(`/api/evaluations/${view.id}`);
    sendVersioned(res, 201, view);
  });

  router.get('/evaluations/:id/history', ...clinician, async (req, res) => {
    res.json(await getHistory(ctx, actorOf(req), pathParam(req, 'id')));
  });

  router.get('/evaluations/:id/versions/:version', ...clinician, async (req, res) => {
    const id = pathParam(req, 'id');
    sendVersioned(res, 200, await getSignedVersion(ctx, actorOf(req), id, pathParam(req, 'version')));
  });

  return router;
}

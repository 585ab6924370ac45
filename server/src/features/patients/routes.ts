import {
  evaluationCreateSchema,
  patientCreateSchema,
  patientPatchSchema,
  worklistQuerySchema,
} from '@rls/shared';
import { Router } from 'express';
import type { AppContext } from '../../context';
import { actorOf } from '../../http/auth';
import { guarded } from '../../http/body';
import { idempotent } from '../../http/idempotency';
import { optionalIfMatch } from '../../http/if-match';
import { checkInput, parseInput, pathParam } from '../../http/validate';
import { etagOf } from '../evaluations/model';
import { createEvaluation } from '../evaluations/service';
import { createPatient, getPatientDetail, getPatientTrends, getWorklist, updatePatient } from './service';

/** /api/patients — clinicians only (administrators get 403 on patient content; the OpenAPI document). */
export function patientRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/patients', guarded('clinician'));

  router.get('/patients', async (req, res) => {
    const query = parseInput(worklistQuerySchema, req.query);
    res.json(await getWorklist(ctx, actorOf(req), query));
  });

  router.post('/patients', idempotent(ctx), async (req, res) => {
    const input = parseInput(patientCreateSchema, req.body);
    const patient = await createPatient(ctx, actorOf(req), input);
    res.status(201).location(`/api/patients/${patient.id}`).json(patient);
  });

  router.get('/patients/:id', async (req, res) => {
    const detail = await getPatientDetail(ctx, actorOf(req), pathParam(req, 'id'));
    res.setHeader('ETag', etagOf(detail.version)).json(detail);
  });

  router.get('/patients/:id/trends', async (req, res) => {
    res.json(await getPatientTrends(ctx, actorOf(req), pathParam(req, 'id')));
  });

  router.patch('/patients/:id', async (req, res) => {
    const input = checkInput(patientPatchSchema, req.body);
    const id = pathParam(req, 'id');
    const detail = await updatePatient(ctx, actorOf(req), id, optionalIfMatch(req), input);
    res.setHeader('ETag', etagOf(detail.version)).json(detail);
  });

  router.post('/patients/:id/evaluations', idempotent(ctx), async (req, res) => {
    const input = checkInput(evaluationCreateSchema, req.body);
    const view = await createEvaluation(ctx, actorOf(req), pathParam(req, 'id'), input);
    res
      .status(201)
      .location(`/api/evaluations/${view.id}`)
      .setHeader('ETag', etagOf(view.version))
      .json(view);
  });

  return router;
}

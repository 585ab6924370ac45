import { patientCreateSchema, worklistQuerySchema } from '@rls/shared';
import { Router } from 'express';
import type { AppContext } from '../../context';
import { actorOf } from '../../http/auth';
import { guarded } from '../../http/body';
import { parseInput } from '../../http/validate';
import { optionalIfMatch } from '../evaluations/if-match';
import { etagOf } from '../evaluations/model';
import { createEvaluation } from '../evaluations/service';
import { createPatient, getPatientDetail, getWorklist, updatePatient } from './service';

/** /api/patients — clinicians only (SPEC §3: admins get 403 on patient content). */
export function patientRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/patients', guarded('clinician'));

  router.get('/patients', async (req, res) => {
    const query = parseInput(worklistQuerySchema, req.query);
    res.json(await getWorklist(ctx, actorOf(req), query));
  });

  router.post('/patients', async (req, res) => {
    const input = parseInput(patientCreateSchema, req.body);
    const patient = await createPatient(ctx, actorOf(req), input);
    res.status(201).location(`/api/patients/${patient.id}`).json(patient);
  });

  router.get('/patients/:id', async (req, res) => {
    const detail = await getPatientDetail(ctx, actorOf(req), req.params.id);
    res.setHeader('ETag', etagOf(detail.version)).json(detail);
  });

  router.patch('/patients/:id', async (req, res) => {
    const detail = await updatePatient(ctx, actorOf(req), req.params.id, optionalIfMatch(req), req.body);
    res.setHeader('ETag', etagOf(detail.version)).json(detail);
  });

  router.post('/patients/:id/evaluations', async (req, res) => {
    const view = await createEvaluation(ctx, actorOf(req), req.params.id, req.body);
    res
      .status(201)
      .location(`/api/evaluations/${view.id}`)
      .setHeader('ETag', etagOf(view.version))
      .json(view);
  });

  return router;
}

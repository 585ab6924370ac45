import { patientCreateSchema, worklistQuerySchema } from '@rls/shared';
import { Router } from 'express';
import type { AppContext } from '../../context';
import { actorOf } from '../../http/auth';
import { guarded } from '../../http/body';
import { parseInput } from '../../http/validate';
import { createPatient, getWorklist } from './service';

/** /api/patients — clinicians only (SPEC §3: admins get 403 on patient content). */
export function patientRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/patients', guarded('clinician'));

  router.get('/patients', async (req, res) => {
    const query = parseInput(worklistQuerySchema, req.query);
    res.json(await getWorklist(ctx, query));
  });

  router.post('/patients', async (req, res) => {
    const input = parseInput(patientCreateSchema, req.body);
    const patient = await createPatient(ctx, actorOf(req), input);
    res.status(201).location(`/api/patients/${patient.id}`).json(patient);
  });

  return router;
}

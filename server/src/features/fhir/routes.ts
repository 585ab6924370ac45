import { getWorkup, hasWorkupVersion, labImportQuerySchema, workupQuerySchema } from '@rls/shared';
import { Router, type Response } from 'express';
import type { AppContext } from '../../context';
import { actorOf } from '../../http/auth';
import { guarded, guardedWith, jsonOrCsvBody } from '../../http/body';
import { NotFoundError } from '../../http/errors';
import { optionalIfMatch } from '../../http/if-match';
import { parseInput, pathParam } from '../../http/validate';
import { etagOf } from '../evaluations/model';
import { parseLabCsv, parseLabFhir } from './lab-import';
import { buildQuestionnaire } from './questionnaire';
import { exportEvaluation, exportSignedVersion, importLabs } from './service';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** An id or version as it may stand in a file name (they are UUIDs and digits once found). */
const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9-]/g, '_');

/** A FHIR resource; `download` names the attachment (ids and version only: no PHI in the name). */
function sendFhir(res: Response, resource: object, download?: string): void {
  res.status(200).type(FHIR_JSON);
  if (download) res.setHeader('Content-Disposition', `attachment; filename="${download}"`);
  res.send(JSON.stringify(resource));
}

/**
 * FHIR R4 (docs/fhir.md): the evaluation export (clinicians), the definition as a Questionnaire
 * (clinicians and administrators, like GET /api/workflow), and the lab import (clinicians).
 */
export function fhirRoutes(ctx: AppContext): Router {
  const router = Router();
  const clinician = guarded('clinician');

  router.get('/workflow/fhir', ...guarded('clinician', 'admin'), (req, res) => {
    const { version } = parseInput(workupQuerySchema, req.query);
    if (version !== undefined && !hasWorkupVersion(version)) {
      throw new NotFoundError(`There is no workup version ${version}.`);
    }
    sendFhir(res, buildQuestionnaire(getWorkup(version)));
  });

  router.get('/evaluations/:id/fhir', ...clinician, async (req, res) => {
    const id = pathParam(req, 'id');
    const bundle = await exportEvaluation(ctx, actorOf(req), id);
    sendFhir(res, bundle, `rls-evaluation-${fileSafe(id)}.json`);
  });

  router.get('/evaluations/:id/versions/:version/fhir', ...clinician, async (req, res) => {
    const id = pathParam(req, 'id');
    const bundle = await exportSignedVersion(ctx, actorOf(req), id, pathParam(req, 'version'));
    const version = fileSafe(pathParam(req, 'version'));
    sendFhir(res, bundle, `rls-evaluation-${fileSafe(id)}-v${version}.json`);
  });

  router.post(
    '/evaluations/:id/labs/import',
    ...guardedWith(jsonOrCsvBody, 'clinician'),
    async (req, res) => {
      const { preview = false } = parseInput(labImportQuerySchema, req.query);
      const csv = typeof req.body === 'string';
      const result = await importLabs(ctx, actorOf(req), pathParam(req, 'id'), {
        preview,
        ifMatch: optionalIfMatch(req),
        parse: (version) =>
          csv ? parseLabCsv(req.body as string) : parseLabFhir(req.body, getWorkup(version)),
      });
      if (result.evaluation) res.setHeader('ETag', etagOf(result.evaluation.version));
      res.status(200).json(result);
    },
  );

  return router;
}

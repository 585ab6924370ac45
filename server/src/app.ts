import express, { Router, type Express } from 'express';
import type { AppContext } from './context';
import { auditRoutes } from './features/audit/routes';
import { clinicianRoutes } from './features/clinicians/routes';
import { demoRoutes } from './features/demo/routes';
import { evaluationRoutes } from './features/evaluations/routes';
import { fhirRoutes } from './features/fhir/routes';
import { healthRoutes } from './features/health/routes';
import { openApiRoutes } from './features/openapi/routes';
import { patientRoutes } from './features/patients/routes';
import { sessionRoutes } from './features/session/routes';
import { resolveSession } from './features/session/service';
import { accountRoutes, userRoutes } from './features/users/routes';
import { workupRoutes } from './features/workup/routes';
import { workloadRoutes } from './features/workload/routes';
import { loadSession } from './http/auth';
import { compressResponses } from './http/compress';
import { apiNotFound, errorHandler, sendError } from './http/errors';
import { rejectMalformedPath } from './http/path';
import { requestLog } from './http/request-log';
import { securityHeaders } from './http/security-headers';
import { clientRoutes } from './http/static-client';

/**
 * The whole HTTP application. Order matters: API routers, then the /api 404, then the client build
 * with its SPA fallback, then one error handler that shapes every failure as `{error:{…}}`.
 */
export function createApp(ctx: AppContext): Express {
  const app = express();
  app.set('etag', false); // the evaluation's strong ETag is set explicitly; no automatic weak ones
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy);

  app.use(requestLog(ctx.logger));
  app.use(securityHeaders());
  app.use(rejectMalformedPath);

  const api = Router();
  // API responses above 1 KiB are compressed; the client build is served pre-compressed instead.
  api.use(compressResponses());
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store'); // API responses may carry PHI
    next();
  });
  api.use(loadSession((token) => resolveSession(ctx, token)));
  api.use(healthRoutes(ctx));
  api.use(demoRoutes(ctx));
  api.use(sessionRoutes(ctx));
  api.use(accountRoutes(ctx));
  api.use(userRoutes(ctx));
  api.use(auditRoutes(ctx));
  api.use(openApiRoutes());
  api.use(patientRoutes(ctx));
  api.use(evaluationRoutes(ctx));
  api.use(fhirRoutes(ctx));
  api.use(clinicianRoutes(ctx));
  api.use(workupRoutes());
  api.use(workloadRoutes(ctx));
  api.use(apiNotFound);
  app.use('/api', api);

  app.use(clientRoutes(ctx.config.clientDist));
  app.use((req, res) => sendError(res, 404, 'not_found', `Nothing at ${req.method} ${req.path}.`));
  app.use(errorHandler);
  return app;
}

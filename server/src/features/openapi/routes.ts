import { Router } from 'express';
import { buildOpenApiDocument } from './document';

/**
 * GET /api/openapi.json — public: the document describes the API and holds no data, and tools
 * (client generators, API explorers) fetch it without a session. Built once, on first request.
 */
export function openApiRoutes(): Router {
  const router = Router();
  let document: Record<string, unknown> | undefined;
  router.get('/openapi.json', (_req, res) => {
    document ??= buildOpenApiDocument();
    res.json(document);
  });
  return router;
}

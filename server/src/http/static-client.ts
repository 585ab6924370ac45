import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>RLS Workup — client not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Client not built</h1>
<p>The API is running, but the web client has not been built yet.</p>
<p>Run <code>npm start</code> (it builds what is stale) or <code>npm run build -w client</code>, then reload this page.</p>
</body></html>
`;

/**
 * Serves the production client build: hashed assets with long caching, and index.html for `/` and
 * every other client-side route (SPA fallback; mounted after the /api 404). Without a build it
 * answers 503 with a page saying so, and starts serving as soon as the build appears.
 */
export function clientRoutes(clientDist: string): Router {
  const router = Router();
  const indexFile = path.join(clientDist, 'index.html');

  router.use(
    express.static(clientDist, {
      index: false,
      redirect: false,
      setHeaders(res, file) {
        const rel = path.relative(clientDist, file);
        res.setHeader(
          'Cache-Control',
          rel.startsWith(`assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );

  router.get('/{*splat}', (req, res, next) => {
    // A missing file (e.g. /assets/old-hash.js) is a 404, not the app shell.
    if (path.extname(req.path) !== '') {
      next();
      return;
    }
    fs.readFile(indexFile, (err, html) => {
      res.setHeader('Cache-Control', 'no-cache');
      if (err) {
        res.status(503).type('html').send(NOT_BUILT);
        return;
      }
      res.status(200).type('html').send(html);
    });
  });

  return router;
}

import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type Response, type NextFunction } from 'express';
import { acceptedEncodings, type Encoding } from './accept-encoding';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>RLS Workup — client not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Client not built</h1>
<p>The API is running, but the web client has not been built yet.</p>
<p>Run <code>npm start</code> (it builds what is stale) or <code>npm run build -w client</code>, then reload this page.</p>
</body></html>
`;

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The pre-compressed variants the client build writes next to an asset (client/vite.config.ts), best first. */
const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const satisfies readonly { name: Encoding; ext: string }[];

/**
 * Serves the production client build: hashed assets with long caching, and index.html for `/` and
 * every other client-side route (SPA fallback; mounted after the /api 404). Without a build it
 * answers 503 with a page saying so, and starts serving as soon as the build appears.
 *
 * An asset with a pre-compressed sibling (`x.js.br`, `x.js.gz`, written at build time) is sent in
 * the best encoding the browser accepts, with `Content-Encoding`, the asset's own `Content-Type` and
 * `Vary: Accept-Encoding`; nothing is compressed per request.
 */
export function clientRoutes(clientDist: string): Router {
  const router = Router();
  const root = path.resolve(clientDist);
  const indexFile = path.join(root, 'index.html');

  const isHashed = (file: string) => path.relative(root, file).startsWith(`assets${path.sep}`);
  const cacheControlOf = (file: string) => (isHashed(file) ? IMMUTABLE : 'no-cache');

  // Hashed assets never change under their name: which variants exist is looked up once.
  const known = new Map<string, (typeof ENCODINGS)[number][]>();
  function variantsOf(file: string) {
    const cached = known.get(file);
    if (cached) return cached;
    const found = ENCODINGS.filter((e) => fs.existsSync(file + e.ext));
    if (isHashed(file) && fs.existsSync(file)) {
      if (known.size > 5000) known.clear();
      known.set(file, found);
    }
    return found;
  }

  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let rel: string;
    try {
      rel = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = path.join(root, rel);
    // Only real files inside the build; index.html keeps its own route (no-cache, identity).
    if (!file.startsWith(root + path.sep) || file === indexFile || path.extname(file) === '') return next();
    const variants = variantsOf(file);
    if (variants.length === 0) return next();
    res.setHeader('Vary', 'Accept-Encoding');
    const chosen = acceptedEncodings(req.get('accept-encoding')).find((name) =>
      variants.some((v) => v.name === name),
    );
    if (!chosen) return next();
    const variant = variants.find((v) => v.name === chosen)!;
    res.type(path.extname(file));
    res.setHeader('Content-Encoding', variant.name);
    res.setHeader('Cache-Control', cacheControlOf(file));
    res.sendFile(
      file + variant.ext,
      { cacheControl: false, acceptRanges: false, dotfiles: 'deny' },
      (err) => {
        if (err && !res.headersSent) {
          res.removeHeader('Content-Encoding');
          next();
        }
      },
    );
  });

  router.use(
    express.static(root, {
      index: false,
      redirect: false,
      setHeaders(res, file) {
        res.setHeader('Cache-Control', cacheControlOf(file));
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

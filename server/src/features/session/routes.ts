import { loginSchema } from '@rls/shared';
import { Router } from 'express';
import type { AppContext } from '../../context';
import {
  clearSessionCookie,
  requireCsrf,
  requireSession,
  sessionToken,
  setSessionCookie,
} from '../../http/auth';
import { jsonBody } from '../../http/body';
import { parseInput } from '../../http/validate';
import { login, logout } from './service';

/** POST/GET/DELETE /api/session (SPEC §3). */
export function sessionRoutes(ctx: AppContext): Router {
  const router = Router();

  // Login needs no CSRF token (there is no session yet); SameSite=Lax keeps cross-site posts cookieless.
  router.post('/session', jsonBody, async (req, res) => {
    const input = parseInput(loginSchema, req.body);
    const previousToken = sessionToken(req);
    const result = await login(ctx, input, { ip: req.ip, ...(previousToken ? { previousToken } : {}) });
    setSessionCookie(ctx, req, res, result.token);
    res.status(200).json({ user: result.user, csrfToken: result.csrfToken });
  });

  router.get('/session', requireSession, (req, res) => {
    const auth = req.auth!;
    res.json({ user: auth.user, csrfToken: auth.csrfToken });
  });

  router.delete('/session', requireSession, requireCsrf, async (req, res) => {
    await logout(ctx, req.auth!);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  return router;
}
